package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
)

// cmdReindex rebuilds the search index from the store and prints the counts
// as JSON.
func cmdReindex(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	cfg, err := newFlags("reindex", stderr).load(args, getenv)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, stderr, 0)
	if err != nil {
		return err
	}
	defer a.Close()
	st, err := a.indexer.Rebuild(ctx)
	if err != nil {
		return err
	}
	if err := a.indexer.SaveRebuildCursor(cursorFile(cfg)); err != nil {
		a.logger.Warn("saving the change log cursor failed; the next serve may rebuild the index again", "err", err)
	}
	line, _ := json.Marshal(st)
	fmt.Fprintln(stdout, string(line))
	return nil
}
