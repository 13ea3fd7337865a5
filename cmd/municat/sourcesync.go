package main

import (
	"context"
	"errors"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
)

// sourceSyncEvery is how often a process that fires the schedule reads
// the sources from the store: sources added, changed or deleted in the
// administration of another process (role server) reach its schedule
// within this time.
const sourceSyncEvery = 30 * time.Second

// followSources keeps the sources of sched, which started with srcs,
// equal to those in the store until ctx ends. Errors (a store that does
// not answer) are logged and the next round tries again.
func (a *app) followSources(ctx context.Context, sched *harvester.Scheduler, srcs []municat.Source) {
	known := map[string]bool{}
	for _, s := range srcs {
		known[s.ID] = true
	}
	t := time.NewTicker(sourceSyncEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		var err error
		if known, err = syncSources(ctx, a.catalog, sched, known); err != nil && ctx.Err() == nil {
			a.logger.Warn("updating the schedule from the stored sources failed; trying again", "err", err)
		}
	}
}

// syncSources sets every source of the store in sched and removes those of
// known that the store no longer has; it returns the ids now known. A
// source sched refuses (its record and entry stay) is an error after the
// others are set.
func syncSources(ctx context.Context, cat *catalog.Catalog, sched *harvester.Scheduler, known map[string]bool) (map[string]bool, error) {
	stored, err := cat.Sources(ctx)
	if err != nil {
		return known, err
	}
	now := map[string]bool{}
	var errs []error
	for _, s := range stored {
		now[s.ID] = true
		if err := sched.Set(*s); err != nil {
			errs = append(errs, err)
		}
	}
	for id := range known {
		if !now[id] {
			sched.Remove(id)
		}
	}
	return now, errors.Join(errs...)
}
