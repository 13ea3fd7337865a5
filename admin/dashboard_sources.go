package admin

import (
	"context"
	"fmt"

	"github.com/municat/municat"
)

// sourceStatuses adds the sources of d's organisation with their last
// runs, and a failed last run to the attention list.
func (a *admin) sourceStatuses(ctx context.Context, p *municat.Principal, d *orgDashboard) error {
	var srcs []*municat.Source
	var err error
	if a.cfg.Sources != nil {
		srcs, err = a.cfg.Sources.Sources(ctx, p, d.Org.ID)
	} else {
		var all []*municat.Source
		all, err = a.cfg.Catalog.Sources(ctx)
		for _, s := range all {
			if s.Organization == d.Org.ID {
				srcs = append(srcs, s)
			}
		}
	}
	if municat.ErrorCode(err) == municat.EFORBIDDEN {
		return nil
	}
	if err != nil {
		return err
	}
	for _, s := range srcs {
		st := sourceStatus{Source: s}
		err := a.cfg.Catalog.EachRun(ctx, s.ID, func(r *municat.Run) bool {
			if r.DryRun {
				return true
			}
			st.Last = r
			return false
		})
		if err != nil && municat.ErrorCode(err) != municat.ENOTFOUND {
			return err
		}
		d.Sources = append(d.Sources, st)
		if st.Last != nil && (st.Last.Status == municat.RunFailed || st.Last.Status == municat.RunInterrupted) {
			msg := st.Last.Error
			if msg == "" {
				msg = "Der Lauf wurde unterbrochen."
			}
			d.Attention = append(d.Attention, attention{
				Text:  fmt.Sprintf("Die letzte Ernte der Quelle „%s“ am %s ist fehlgeschlagen: %s", sourceLabel(s), a.formatTime(st.Last.Started, "02.01.2006 15:04"), msg),
				Link:  a.path("/sources/", s.ID, "/runs/", st.Last.ID),
				Label: "Lauf ansehen",
				Error: true,
			})
		}
		if st.Last != nil && st.Last.Counts.Failed > 0 && st.Last.Status == municat.RunSucceeded {
			d.Attention = append(d.Attention, attention{
				Text:  fmt.Sprintf("Bei der letzten Ernte der Quelle „%s“ konnten %d Einträge nicht übernommen werden.", sourceLabel(s), st.Last.Counts.Failed),
				Link:  a.path("/sources/", s.ID, "/runs/", st.Last.ID),
				Label: "Fehler ansehen",
			})
		}
		if s.Paused {
			d.Attention = append(d.Attention, attention{
				Text:  fmt.Sprintf("Die Quelle „%s“ ist pausiert und wird nicht nach Zeitplan geerntet.", sourceLabel(s)),
				Link:  a.path("/sources/", s.ID),
				Label: "Quelle öffnen",
			})
		}
	}
	return nil
}

// sourceLabel returns the source's name, or its id without one.
func sourceLabel(s *municat.Source) string {
	if s.Name != "" {
		return s.Name
	}
	return s.ID
}

// orgDatasets returns the datasets of org in every state.
func (a *admin) orgDatasets(ctx context.Context, p *municat.Principal, org string) ([]*municat.Dataset, error) {
	if a.cfg.Publish != nil {
		return a.cfg.Publish.Datasets(ctx, p, org)
	}
	var out []*municat.Dataset
	err := a.cfg.Catalog.Datasets(ctx, func(d *municat.Dataset) error {
		if d.Organization == org {
			out = append(out, d)
		}
		return nil
	})
	return out, err
}
