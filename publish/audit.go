package publish

import (
	"context"

	"github.com/municat/municat"
)

// audit appends an entry to the audit log: p (nil for the publication job,
// which is "system") did action to object of org. A failure is logged, not
// returned: the change it records is already written.
func (s *Service) audit(ctx context.Context, p *municat.Principal, action, org, object, summary string, fields []string) {
	e := &municat.AuditEntry{
		Time:         s.now().UTC(),
		Actor:        p.Actor(),
		ActorName:    "Zeitplan",
		Action:       action,
		Organization: org,
		Object:       object,
		Summary:      summary,
		Fields:       fields,
	}
	if p != nil {
		e.ActorName = p.Name
	}
	if err := s.cat.AppendAudit(context.WithoutCancel(ctx), e); err != nil {
		s.log.Error("writing the audit entry failed", "action", action, "object", object, "err", err)
	}
}

// datasetObject names a dataset in audit entries.
func datasetObject(id string) string { return "dataset/" + id }
