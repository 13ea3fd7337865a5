package harvester

import (
	"context"
	"fmt"
	"strings"

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
// harvests.
func MarkInterrupted(ctx context.Context, cat *catalog.Catalog) error {
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
		return fmt.Errorf("harvester: list runs: %w", err)
	}
	for _, src := range sources {
		if !municat.ValidID(src) {
			continue
		}
		runs, err := cat.Runs(ctx, src)
		if err != nil {
			return fmt.Errorf("harvester: read runs of %s: %w", src, err)
		}
		for _, run := range runs {
			if run.Status != municat.RunRunning {
				continue
			}
			run.Status = municat.RunInterrupted
			run.Error = interruptedMessage
			if err := cat.PutRun(ctx, run); err != nil {
				return fmt.Errorf("harvester: mark run %s of %s interrupted: %w", run.ID, src, err)
			}
		}
	}
	return nil
}
