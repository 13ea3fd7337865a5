package sources

import (
	"context"
	"fmt"
	"net/url"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// RunNow starts a run of the source in the background (editors of its
// organisation), also when it is paused, and returns the run's id once its
// run record exists. It returns ECONFLICT if a run of the source is going
// on. Recorded in the audit log ("source.run").
func (s *Service) RunNow(ctx context.Context, p *municat.Principal, id string) (runID string, err error) {
	src, err := s.load(ctx, p, id, municat.RoleEditor)
	if err != nil {
		return "", err
	}
	if sched := s.cfg.Scheduler; sched != nil {
		// The scheduler runs its own record of the source: make it the
		// stored one.
		if err := sched.Set(*src); err != nil {
			return "", err
		}
		runID, err = sched.RunNow(id)
	} else {
		runID, err = s.cfg.Runner.Start(context.WithoutCancel(ctx), src, harvester.RunOptions{}, func(res *harvester.Result, err error) {
			if err != nil {
				s.log().Error("harvest run by hand failed", "source", id, "err", err)
			}
			if res != nil && s.cfg.OnResult != nil {
				s.cfg.OnResult(res)
			}
		})
	}
	if err != nil {
		return "", err
	}
	s.audit(ctx, p, "source.run", src, fmt.Sprintf("Lauf %s der Quelle »%s« von Hand gestartet.", runID, name(src)), nil)
	return runID, nil
}

// DryRun runs the source without writing anything (editors of its
// organisation), within DryRunTimeout or the source's shorter time limit,
// and returns what a run would change: Result.Changes, the counts and
// record errors of Result.Run, and Result.Run.Error if the run would fail.
// It returns ECONFLICT if a run of the source is going on. Only the audit
// entry ("source.dryrun") is written.
func (s *Service) DryRun(ctx context.Context, p *municat.Principal, id string) (*harvester.Result, error) {
	src, err := s.load(ctx, p, id, municat.RoleEditor)
	if err != nil {
		return nil, err
	}
	timeout := DryRunTimeout
	if t := src.RunTimeout(); t > 0 && t < timeout {
		timeout = t
	}
	res, err := s.cfg.Runner.Run(ctx, src, harvester.RunOptions{DryRun: true, Timeout: timeout})
	if err != nil {
		return nil, err
	}
	c := res.Run.Counts
	s.audit(ctx, p, "source.dryrun", src, fmt.Sprintf("Probelauf der Quelle »%s«: %d neu, %d geändert, %d unverändert, %d zurückgezogen, %d fehlerhaft (%s).",
		name(src), c.Added, c.Updated, c.Unchanged, c.Withdrawn, c.Failed, res.Run.Status), nil)
	return res, nil
}

// Test fetches the first page of the source described by in, which need
// not be stored yet (editors of in.Organization), within
// harvester.ProbeTimeout, and writes nothing. Only in.Type, in.URL and
// in.Options matter; a *municat.ValidationError names a missing or wrong
// one. A failure of the source is an *municat.Error whose German message
// says what went wrong.
func (s *Service) Test(ctx context.Context, p *municat.Principal, in *municat.Source) (*harvester.Probe, error) {
	if in == nil {
		return nil, municat.Errorf(municat.EINVALID, "Es sind keine Angaben zur Quelle gekommen.")
	}
	src := clone(in)
	var fields []municat.FieldError
	if src.Organization == "" {
		fields = append(fields, municat.FieldError{Field: "organization", Message: "Die Organisation fehlt: jede Quelle gehört zu einer Organisation."})
	} else if err := require(p, src.Organization, municat.RoleEditor); err != nil {
		return nil, err
	}
	if s.cfg.Runner.Fetchers[src.Type] == nil {
		fields = append(fields, municat.FieldError{Field: "type", Message: fmt.Sprintf("Der Quelltyp %q ist unbekannt. Möglich: %s.", src.Type, joinTypes(s.Types()))})
	}
	if u, err := url.Parse(src.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		fields = append(fields, municat.FieldError{Field: "url", Message: "Die Adresse muss eine vollständige Web-Adresse sein, die mit http:// oder https:// beginnt, z. B. https://daten.musterstadt.de."})
	} else if u.User != nil {
		fields = append(fields, municat.FieldError{Field: "url", Message: "Bitte keine Zugangsdaten (Name und Passwort) in die Adresse schreiben."})
	}
	if len(fields) > 0 {
		return nil, &municat.ValidationError{Subject: "Quelle", Fields: fields}
	}
	if !municat.ValidID(src.ID) {
		src.ID = "test" // fetchers may name the source in links; nothing is stored
	}
	return s.cfg.Runner.Probe(ctx, &src)
}

// joinTypes lists types as "a, b und c".
func joinTypes(types []string) string {
	switch len(types) {
	case 0:
		return "keiner"
	case 1:
		return types[0]
	}
	out := ""
	for i, t := range types[:len(types)-1] {
		if i > 0 {
			out += ", "
		}
		out += t
	}
	return out + " und " + types[len(types)-1]
}
