package admin

import (
	"context"
	"fmt"

	"github.com/municat/municat"
)

// dashboardRecords returns the datasets (in every state) and the sources
// of the organisations orgs, by organisation id, each read in one pass
// over the catalogue. principalOrgs has checked that p is an editor there.
func (a *admin) dashboardRecords(ctx context.Context, p *municat.Principal, orgs []*municat.Organization) (datasets map[string][]*municat.Dataset, sources map[string][]*municat.Source, err error) {
	datasets = make(map[string][]*municat.Dataset, len(orgs))
	sources = make(map[string][]*municat.Source, len(orgs))
	for _, o := range orgs {
		datasets[o.ID], sources[o.ID] = nil, nil
	}
	err = a.cfg.Catalog.Datasets(ctx, func(d *municat.Dataset) error {
		if list, ok := datasets[d.Organization]; ok {
			datasets[d.Organization] = append(list, d)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	var srcs []*municat.Source
	if a.cfg.Sources != nil {
		srcs, err = a.cfg.Sources.Sources(ctx, p, "")
	} else {
		srcs, err = a.cfg.Catalog.Sources(ctx)
	}
	if err != nil {
		return nil, nil, err
	}
	for _, s := range srcs {
		if list, ok := sources[s.Organization]; ok {
			sources[s.Organization] = append(list, s)
		}
	}
	return datasets, sources, nil
}

// sourceStatuses adds the sources srcs of d's organisation with their last
// runs, and a failed last run to the attention list.
func (a *admin) sourceStatuses(ctx context.Context, d *orgDashboard, srcs []*municat.Source) error {
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
