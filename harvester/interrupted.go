package harvester

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// interruptedMessage is the Error of a run Runner.MarkInterrupted finds.
const interruptedMessage = "Der Lauf wurde unterbrochen: municat wurde während des Laufs beendet oder stürzte ab, oder sein Ende konnte nicht gespeichert werden (etwa weil der Speicher nicht erreichbar war). Es wurde nichts zurückgezogen; der nächste Lauf bringt den Suchindex für alle Datensätze der Quelle auf den Stand."

// markInterrupted marks run as interrupted by the end of its process.
func markInterrupted(run *municat.Run) {
	run.Status = municat.RunInterrupted
	run.Error = interruptedMessage
}

// MarkInterrupted marks the runs still "running" in the catalogue whose
// process is gone as interrupted (their Finished time stays empty: when
// the process stopped is unknown), and returns how many it marked.
// Without Cluster.Leases it marks every one: call it then once at
// start-up, before any run starts, and in one process only. With leases
// it may be called at any time (see markOrphaned): a running run that is
// not its source's newest is gone, and the newest is marked only while
// the source's harvest lease can be taken, i.e. its holder let it lapse.
// The Scheduler's leader repeats the check every LeaseTTL, so that the run
// of a process that was killed is marked within about twice the LeaseTTL.
func (r *Runner) MarkInterrupted(ctx context.Context) (int, error) {
	if r.Cluster.Leases == nil {
		return markRuns(ctx, r.Catalog, false, func(*municat.Run) bool { return true }, markInterrupted)
	}
	return r.markOrphaned(ctx, false)
}

// orphanWindow is how many of each source's newest runs the leader's
// periodic check reads: a run whose process died is found there, as runs
// of other processes follow it only every tick.
const orphanWindow = 10

// markOrphaned marks as interrupted the running runs whose process is
// gone, reading each source's orphanWindow newest runs if periodic, else
// every run. A running run that is not its source's newest is gone: the
// newer one started under the source's harvest lease, which the older
// one's process had lost. The newest, if running, is marked only if the
// source's lease can be taken. Sources this Runner is running are left
// alone.
func (r *Runner) markOrphaned(ctx context.Context, periodic bool) (int, error) {
	sources, err := runSources(ctx, r.Catalog)
	if err != nil {
		return 0, err
	}
	limit := 0
	if periodic {
		limit = orphanWindow
	}
	n := 0
	var errs []error
	for _, src := range sources {
		m, err := r.markOrphanedSource(ctx, src, limit)
		n += m
		if err != nil {
			errs = append(errs, err)
		}
	}
	return n, errors.Join(errs...)
}

// markOrphanedSource is markOrphaned for the runs of src, reading at
// most limit runs (all if 0), newest first. It holds the source in the
// Runner only to take the lease for the newest run, so that a tick
// meanwhile is not skipped for nothing.
func (r *Runner) markOrphanedSource(ctx context.Context, src string, limit int) (int, error) {
	var orphans []*municat.Run
	var newestRunning *municat.Run
	read := 0
	err := r.Catalog.EachRun(ctx, src, func(run *municat.Run) bool {
		read++
		switch {
		case run.Status != municat.RunRunning:
		case read == 1:
			newestRunning = run
		default:
			orphans = append(orphans, run)
		}
		return limit == 0 || read < limit
	})
	if err != nil {
		return 0, fmt.Errorf("harvester: read runs of %s: %w", src, err)
	}
	if newestRunning != nil && r.acquire(src) {
		defer r.release(src)
		l, err := r.Cluster.Leases.TakeLease(ctx, harvestLease(src), r.Cluster.Holder, r.Cluster.ttl())
		switch {
		case errors.Is(err, municat.ErrConflict):
			// its process is alive
		case err != nil:
			return 0, fmt.Errorf("harvester: take the lease of %s: %w", src, err)
		default:
			defer r.Cluster.releaseLease(ctx, l, r.logger())
			// Read again under the lease: the run may have ended since.
			run, err := r.Catalog.Run(ctx, src, newestRunning.ID)
			if err != nil && !errors.Is(err, municat.ErrNotFound) {
				return 0, fmt.Errorf("harvester: read run %s of %s: %w", newestRunning.ID, src, err)
			}
			if err == nil && run.Status == municat.RunRunning {
				orphans = append(orphans, run)
			}
		}
	}
	n := 0
	for _, run := range orphans {
		markInterrupted(run)
		if err := r.Catalog.PutRun(ctx, run); err != nil {
			return n, fmt.Errorf("harvester: mark run %s of %s: %w", run.ID, src, err)
		}
		n++
	}
	if n > 0 {
		r.logger().Warn("harvest runs of a process that is gone marked interrupted", "source", src, "runs", n)
	}
	return n, nil
}

// markInterrupted is the leader's periodic check for runs of processes
// that are gone (see Runner.MarkInterrupted).
func (s *Scheduler) markInterrupted() {
	if _, err := s.runner.markOrphaned(s.ctx, true); err != nil && s.ctx.Err() == nil {
		s.log.Error("checking for harvest runs of processes that are gone failed", "err", err)
	}
}

// FailStale marks as failed every run still "running" whose record was not
// written for longer than maxAge before now: a run writes it after every
// page, so such a run is stuck or its process died, and it must not block
// its source. It returns how many it marked. maxAge should be at least the
// longest time limit of a run plus the Runner's StuckGrace. It looks at the
// newest run of each source only (runs of a source follow one another), so
// that checking every minute does not read the whole history.
func FailStale(ctx context.Context, cat *catalog.Catalog, maxAge time.Duration, now time.Time) (int, error) {
	return markRuns(ctx, cat, true, func(run *municat.Run) bool {
		last := run.Updated
		if last.IsZero() {
			last = run.Started
		}
		return now.Sub(last) > maxAge
	}, func(run *municat.Run) {
		run.Status = municat.RunFailed
		run.Error = fmt.Sprintf("Der Lauf zeigte seit %s kein Lebenszeichen mehr und wurde als fehlgeschlagen beendet; die Quelle ist wieder frei. Es wurde nichts zurückgezogen.", run.Updated.Format(time.RFC3339))
		finished := now
		run.Finished = &finished
		run.Updated = now
	})
}

// markRuns applies mark to every running run (of each source's newest run
// only, if newestOnly) for which stale holds and writes it back, and
// returns how many it marked.
func markRuns(ctx context.Context, cat *catalog.Catalog, newestOnly bool, stale func(*municat.Run) bool, mark func(*municat.Run)) (int, error) {
	sources, err := runSources(ctx, cat)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, src := range sources {
		m, err := markSource(ctx, cat, src, newestOnly, stale, mark)
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// runSources returns the ids of the sources that have run records.
func runSources(ctx context.Context, cat *catalog.Catalog) ([]string, error) {
	var sources []string
	err := cat.Store.List(ctx, catalog.RunsPrefix, func(o municat.ObjectInfo) error {
		rest := strings.TrimPrefix(o.Key, catalog.RunsPrefix)
		src, name, ok := strings.Cut(rest, "/")
		if !ok || !strings.HasSuffix(name, ".json") || !municat.ValidID(src) {
			return nil
		}
		if len(sources) == 0 || sources[len(sources)-1] != src {
			sources = append(sources, src) // keys come in order: a source's runs together
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("harvester: list runs: %w", err)
	}
	return sources, nil
}

// markSource is markRuns for the runs of one source.
func markSource(ctx context.Context, cat *catalog.Catalog, src string, newestOnly bool, stale func(*municat.Run) bool, mark func(*municat.Run)) (int, error) {
	n := 0
	var werr error
	err := cat.EachRun(ctx, src, func(run *municat.Run) bool {
		if run.Status == municat.RunRunning && stale(run) {
			mark(run)
			if werr = cat.PutRun(ctx, run); werr != nil {
				werr = fmt.Errorf("harvester: mark run %s of %s: %w", run.ID, src, werr)
				return false
			}
			n++
		}
		return !newestOnly
	})
	if err != nil {
		return n, fmt.Errorf("harvester: read runs of %s: %w", src, err)
	}
	return n, werr
}
