package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/search/bleve"
	"github.com/municat/municat/search/meili"
)

// healthChecker is implemented by search backends that can tell whether
// their engine is healthy beyond answering a count.
type healthChecker interface {
	Health(ctx context.Context) error
}

// openIndex opens the configured search index. created reports that the
// index is new and must be built from the store. A Meilisearch server that
// is not answering yet is retried for up to wait, like the store.
func openIndex(ctx context.Context, cfg *Config, wait time.Duration) (idx municat.Index, created bool, err error) {
	switch cfg.Search.Type {
	case "meilisearch":
		m := cfg.Search.Meilisearch
		c := meili.Config{URL: m.URL, Key: m.Key, IndexPrefix: m.IndexPrefix, Timeout: m.Timeout}
		deadline := time.Now().Add(wait)
		for {
			x, err := meili.Open(ctx, c)
			if err == nil {
				return x, x.Created(), nil
			}
			if !errors.Is(err, municat.ErrUnavailable) || time.Now().After(deadline) {
				return nil, false, fmt.Errorf("open search index: %w", err)
			}
			select {
			case <-ctx.Done():
				return nil, false, fmt.Errorf("open search index: %w", err)
			case <-time.After(time.Second):
			}
		}
	default:
		x, err := bleve.Open(filepath.Join(cfg.DataDir, "index"))
		if err != nil {
			if strings.Contains(err.Error(), "timeout") {
				return nil, false, fmt.Errorf("open search index in %s: it is in use by another municat process (a running 'municat serve'?); stop it first: %w", cfg.DataDir, err)
			}
			return nil, false, fmt.Errorf("open search index: %w", err)
		}
		return x, x.Created(), nil
	}
}

// cursorFile returns the file that keeps how far the index has followed
// the change log: next to the Bleve index in the data directory, or for
// Meilisearch in the data directory too, named by the index prefix (several
// portals may share one server).
func cursorFile(cfg *Config) string {
	if cfg.Search.Type == "meilisearch" {
		return filepath.Join(cfg.DataDir, "meilisearch-"+cfg.Search.Meilisearch.IndexPrefix+"index.cursor")
	}
	return filepath.Join(cfg.DataDir, "index.cursor")
}
