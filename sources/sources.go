// Package sources is the service behind the administration of harvest
// sources: create, edit, delete and pause them, run them now, try them in
// a dry run and test the connection, each checked against the principal's
// role and recorded in the audit log.
//
// Organisation admins (municat.RoleAdmin) manage the sources of their
// organisation; editors (municat.RoleEditor) see them and run them. A
// source from the configuration file (Managed == municat.ManagedByConfig)
// can only be paused here: the file is its truth.
package sources

import (
	"context"
	"log/slog"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
)

// DryRunTimeout is the time limit of a dry run started through the service.
const DryRunTimeout = 2 * time.Minute

// Config configures a Service.
type Config struct {
	// Catalog is where sources and audit entries are stored.
	Catalog *catalog.Catalog
	// Runner runs harvests, dry runs and probes; its Fetchers are the
	// source types a source may have.
	Runner *harvester.Runner
	// Scheduler is told of every created, changed, paused and deleted
	// source, and runs the runs started with RunNow (with its onResult).
	// If nil, RunNow runs through the Runner and calls OnResult.
	Scheduler *harvester.Scheduler
	// OnResult is called after a run started with RunNow when there is no
	// Scheduler (e.g. to update the search index).
	OnResult func(*harvester.Result)
	// Now returns the current time (time.Now if nil).
	Now func() time.Time
	// Logger receives problems (slog.Default if nil).
	Logger *slog.Logger
}

// Service manages harvest sources. It is safe for concurrent use.
type Service struct {
	cfg Config
	// mu makes the read-check-write of a change atomic within the process
	// (two creates of one id, a pause during an update).
	mu sync.Mutex
}

// New returns a Service.
func New(cfg Config) *Service { return &Service{cfg: cfg} }

func (s *Service) now() time.Time {
	if s.cfg.Now != nil {
		return s.cfg.Now()
	}
	return time.Now()
}

func (s *Service) log() *slog.Logger {
	if s.cfg.Logger != nil {
		return s.cfg.Logger
	}
	return slog.Default()
}

// Types returns the source types a source may have, sorted.
func (s *Service) Types() []string {
	types := make([]string, 0, len(s.cfg.Runner.Fetchers))
	for t := range s.cfg.Runner.Fetchers {
		types = append(types, t)
	}
	sort.Strings(types)
	return types
}

// require returns nil if p has role in org, else EUNAUTHORIZED (nobody
// signed in) or EFORBIDDEN with a German message naming org and role.
func require(p *municat.Principal, org string, role municat.Role) error {
	if p == nil {
		return municat.Errorf(municat.EUNAUTHORIZED, "Bitte melden Sie sich an.")
	}
	if !p.Can(org, role) {
		return municat.Errorf(municat.EFORBIDDEN, "Dafür brauchen Sie die Rolle »%s« in der Organisation »%s«.", role.Label(), org)
	}
	return nil
}

// load reads the source with id for p, who needs role in its organisation.
func (s *Service) load(ctx context.Context, p *municat.Principal, id string, role municat.Role) (*municat.Source, error) {
	if p == nil {
		return nil, require(p, "", role)
	}
	src, err := s.cfg.Catalog.Source(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := require(p, src.Organization, role); err != nil {
		return nil, err
	}
	return src, nil
}

// Sources returns the sources of the organisation org, sorted by id; if
// org is "", those of every organisation in which p is an editor or admin
// (every source for an instance admin). Reading needs RoleEditor:
// EFORBIDDEN for an org in which p has no role.
func (s *Service) Sources(ctx context.Context, p *municat.Principal, org string) ([]*municat.Source, error) {
	if p == nil || org != "" {
		if err := require(p, org, municat.RoleEditor); err != nil {
			return nil, err
		}
	}
	all, err := s.cfg.Catalog.Sources(ctx)
	if err != nil {
		return nil, err
	}
	out := slices.DeleteFunc(all, func(src *municat.Source) bool {
		return (org != "" && src.Organization != org) || !p.Can(src.Organization, municat.RoleEditor)
	})
	return out, nil
}

// Source returns the source with id: ENOTFOUND if there is none,
// EFORBIDDEN unless p is an editor or admin of its organisation.
func (s *Service) Source(ctx context.Context, p *municat.Principal, id string) (*municat.Source, error) {
	return s.load(ctx, p, id, municat.RoleEditor)
}

// audit records what p did to src; a failure is logged, since the change
// itself is done.
func (s *Service) audit(ctx context.Context, p *municat.Principal, action string, src *municat.Source, summary string, fields []string) {
	e := &municat.AuditEntry{
		Time:         s.now(),
		Actor:        p.Actor(),
		ActorName:    p.Name,
		Action:       action,
		Organization: src.Organization,
		Object:       "source/" + src.ID,
		Summary:      summary,
		Fields:       fields,
	}
	if err := s.cfg.Catalog.AppendAudit(context.WithoutCancel(ctx), e); err != nil {
		s.log().Error("writing the audit entry failed", "action", action, "source", src.ID, "actor", e.Actor, "err", err)
	}
}

// name returns the source's display name, or its id.
func name(src *municat.Source) string {
	if src.Name != "" {
		return src.Name
	}
	return src.ID
}
