package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// cmdHarvest runs one harvest of one source now. Its last stdout line is the
// run summary as JSON; it fails when the run failed. With --dry-run it
// lists first what the run would change, one line per dataset, and writes
// nothing at all.
func cmdHarvest(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	f := newFlags("harvest", stderr)
	dry := f.set.Bool("dry-run", false, "report what a run would change, writing nothing")
	cfg, err := f.load(args, getenv, "SOURCE_ID")
	if err != nil {
		return err
	}
	id := f.set.Arg(0)
	a, err := openApp(ctx, cfg, stderr, 0)
	if err != nil {
		return err
	}
	defer a.Close()
	// Configured sources were written to the store at opening; the store
	// also holds those made in the administration.
	src, err := a.catalog.Source(ctx, id)
	if errors.Is(err, municat.ErrNotFound) {
		return &usageError{msg: fmt.Sprintf("no source %q in the configuration or the store (configured: %v)", id, sourceIDs(cfg))}
	}
	if err != nil {
		return err
	}
	runner := a.newRunner()
	if !*dry {
		// With the store's leases, a run still marked running whose lease
		// lapsed died with its process. Without them, on the fs store this
		// process holds the data directory (the embedded index is locked),
		// so such a run died too; a shared S3 store without leases may have
		// a live run of another process: there, only `serve` marks them.
		if runner.Cluster.Leases != nil || cfg.Store.Type == "fs" {
			if _, err := runner.MarkInterrupted(ctx); err != nil {
				return err
			}
		}
		if err := a.ensureIndex(ctx); err != nil {
			return err
		}
	}
	res, err := runner.Run(ctx, src, harvester.RunOptions{DryRun: *dry})
	if err != nil {
		return err
	}
	if *dry {
		printChanges(stdout, res)
	} else if err := a.indexer.Apply(ctx, res.Changed, res.Withdrawn); err != nil {
		return fmt.Errorf("run %s finished but indexing failed (run 'municat reindex'): %w", res.Run.ID, err)
	} else if err := a.indexer.CatchUp(ctx, cursorFile(cfg)); err != nil {
		// The index is right; the next serve reads the log again.
		a.logger.Warn("catching up with the change log failed", "err", err)
	}
	line, err := json.Marshal(res.Run.Summary())
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, string(line))
	if res.Run.Status != municat.RunSucceeded {
		return errRunFailed
	}
	return nil
}

// changeMarks mark the lines of a dry run's report.
var changeMarks = map[string]string{
	harvester.ChangeAdd:      "+ neu           ",
	harvester.ChangeUpdate:   "~ geändert      ",
	harvester.ChangeWithdraw: "- zurückgezogen ",
	harvester.ChangeArchive:  "- archiviert    ",
}

// printChanges writes what a dry run would change: one line per dataset,
// then its record errors, each with what the data officer can open.
func printChanges(w io.Writer, res *harvester.Result) {
	fmt.Fprintf(w, "Probelauf: es wurde nichts geschrieben. %d neu, %d geändert, %d unverändert, %d zurückgezogen, %d archiviert, %d fehlerhaft.\n",
		res.Run.Counts.Added, res.Run.Counts.Updated, res.Run.Counts.Unchanged, res.Run.Counts.Withdrawn, res.Run.Counts.Archived, res.Run.Counts.Failed)
	for _, c := range res.Changes {
		fmt.Fprintf(w, "%s%s  %s\n", changeMarks[c.Action], c.ID, c.Title)
	}
	for _, e := range res.Run.RecordErrors {
		line := "! fehlerhaft     " + e.RemoteID + "  " + e.Message
		if e.Link != "" {
			line += " (" + e.Link + ")"
		}
		fmt.Fprintln(w, line)
	}
	if res.Run.Error != "" {
		fmt.Fprintln(w, "Der Lauf würde scheitern: "+res.Run.Error)
	}
}

func sourceIDs(cfg *Config) []string {
	ids := make([]string, len(cfg.Sources))
	for i, s := range cfg.Sources {
		ids[i] = s.ID
	}
	return ids
}
