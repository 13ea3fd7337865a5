package harvester

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// interruptedMessage is the Error of a run MarkInterrupted finds.
const interruptedMessage = "Der Lauf wurde unterbrochen, weil municat während des Laufs beendet wurde oder abstürzte. Es wurde nichts zurückgezogen."

// MarkInterrupted marks every run still "running" in the catalogue as
// interrupted: the process that ran it is gone. Call it once at start-up,
// before any run starts. Their Finished time stays empty, because when the
// process stopped is unknown.
//
// The runs of a Runner are only known to that process: a second process
// sharing the store must not call MarkInterrupted while the first runs
// harvests; it may call FailStale.
func MarkInterrupted(ctx context.Context, cat *catalog.Catalog) error {
	_, err := markRuns(ctx, cat, false, func(*municat.Run) bool { return true }, func(run *municat.Run) {
		run.Status = municat.RunInterrupted
		run.Error = interruptedMessage
	})
	return err
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
	var sources []string
	seen := map[string]bool{}
	err := cat.Store.List(ctx, catalog.RunsPrefix, func(o municat.ObjectInfo) error {
		rest := strings.TrimPrefix(o.Key, catalog.RunsPrefix)
		src, _, ok := strings.Cut(rest, "/")
		if ok && !seen[src] {
			seen[src] = true
			sources = append(sources, src)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("harvester: list runs: %w", err)
	}
	n := 0
	for _, src := range sources {
		if !municat.ValidID(src) {
			continue
		}
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
		if werr != nil {
			return n, werr
		}
	}
	return n, nil
}
