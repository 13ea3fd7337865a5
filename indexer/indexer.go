// Package indexer keeps the search index a projection of the store: it
// indexes the datasets a harvest changed, removes the withdrawn ones, and
// rebuilds the whole index from the store on demand.
package indexer

import (
	"context"
	"fmt"
	"log/slog"
	"sort"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// DefaultBatchSize is how many datasets go to the index in one call.
const DefaultBatchSize = 500

// Indexer copies datasets from the catalogue into the index.
type Indexer struct {
	// Catalog is the catalogue the datasets are read from.
	Catalog *catalog.Catalog
	// Index is the search index the datasets are written to.
	Index municat.Index
	// Logger receives a line per update and rebuild (New makes it
	// slog.Default if nil).
	Logger *slog.Logger
	// BatchSize caps the datasets sent to the index at once
	// (DefaultBatchSize if 0).
	BatchSize int
}

// Stats counts what a rebuild did.
type Stats struct {
	// Indexed is the number of published datasets written to the index.
	Indexed int `json:"indexed"`
	// Removed is the number of index entries with no published dataset.
	Removed int `json:"removed"`
}

// New returns an Indexer from cat into idx.
func New(cat *catalog.Catalog, idx municat.Index, logger *slog.Logger) *Indexer {
	if logger == nil {
		logger = slog.Default()
	}
	return &Indexer{Catalog: cat, Index: idx, Logger: logger}
}

func (x *Indexer) batchSize() int {
	if x.BatchSize > 0 {
		return x.BatchSize
	}
	return DefaultBatchSize
}

// Apply indexes the datasets with the changed ids as they are now in the
// store (a dataset that is no longer published is removed) and removes the
// withdrawn ids. A changed id missing from the store is removed too.
//
// The records are read several at a time (catalog.DatasetsByID), and the
// next batch is read while the index takes the current one.
func (x *Indexer) Apply(ctx context.Context, changed, withdrawn []string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the reader when indexing fails
	remove := append([]string(nil), withdrawn...)
	for b := range x.readBatches(ctx, changed) {
		if b.err != nil {
			return fmt.Errorf("index datasets: %w", b.err)
		}
		remove = append(remove, b.missing...)
		if len(b.found) > 0 {
			if err := x.Index.Index(ctx, b.found...); err != nil {
				return err
			}
		}
	}
	if len(remove) > 0 {
		if err := x.Index.Delete(ctx, remove...); err != nil {
			return err
		}
	}
	x.Logger.Info("index updated", "changed", len(changed), "removed", len(remove))
	return nil
}

// readBatch is one batch of records read for Apply.
type readBatch struct {
	found   []*municat.Dataset
	missing []string // ids without a record
	err     error
}

// readBatches reads the records of ids in batches of batchSize, in order,
// one batch ahead of the caller, and closes the channel after the last
// batch, after a batch with an error, or when ctx ends.
func (x *Indexer) readBatches(ctx context.Context, ids []string) <-chan readBatch {
	out := make(chan readBatch, 1)
	size := x.batchSize()
	go func() {
		defer close(out)
		for start := 0; start < len(ids); start += size {
			found, missing, err := x.Catalog.DatasetsByID(ctx, ids[start:min(start+size, len(ids))])
			select {
			case out <- readBatch{found: found, missing: missing, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return out
}

// Rebuild makes the index hold exactly the published datasets of the store:
// it writes every published dataset and removes every other index entry.
// Search results are the same afterwards as after indexing the same
// datasets one by one.
//
// When the index is a municat.Rebuilder, the datasets are written to a fresh
// build that is swapped in at the end, so searches see the old content
// until then and never a half-built index; if the rebuild fails, the build
// is dropped and the old content stays.
func (x *Indexer) Rebuild(ctx context.Context) (Stats, error) {
	if r, ok := x.Index.(municat.Rebuilder); ok {
		return x.rebuildOutOfPlace(ctx, r)
	}
	var st Stats
	published, err := x.writeListed(ctx, x.Index.Index)
	st.Indexed = len(published)
	if err != nil {
		return st, fmt.Errorf("rebuild index: %w", err)
	}
	ids, err := x.Index.IDs(ctx)
	if err != nil {
		return st, fmt.Errorf("rebuild index: list index: %w", err)
	}
	var stale []string
	for _, id := range ids {
		if !published[id] {
			stale = append(stale, id)
		}
	}
	sort.Strings(stale)
	if len(stale) > 0 {
		if err := x.Index.Delete(ctx, stale...); err != nil {
			return st, fmt.Errorf("rebuild index: remove stale: %w", err)
		}
	}
	st.Removed = len(stale)
	x.Logger.Info("index rebuilt", "indexed", st.Indexed, "removed", st.Removed)
	return st, nil
}

// rebuildOutOfPlace fills a fresh build of r with every listed dataset of
// the store and swaps it in. Removed counts the ids of the old content that
// the new one lacks.
func (x *Indexer) rebuildOutOfPlace(ctx context.Context, r municat.Rebuilder) (Stats, error) {
	var st Stats
	before, err := x.Index.IDs(ctx)
	if err != nil {
		return st, fmt.Errorf("rebuild index: list index: %w", err)
	}
	build, err := r.StartRebuild(ctx)
	if err != nil {
		return st, fmt.Errorf("rebuild index: %w", err)
	}
	published, err := x.writeListed(ctx, build.Index)
	st.Indexed = len(published)
	if err == nil {
		err = build.Commit(ctx)
	}
	if err != nil {
		if aerr := build.Abort(context.WithoutCancel(ctx)); aerr != nil {
			x.Logger.Error("dropping the unfinished index build failed", "err", aerr)
		}
		return st, fmt.Errorf("rebuild index: %w", err)
	}
	for _, id := range before {
		if !published[id] {
			st.Removed++
		}
	}
	x.Logger.Info("index rebuilt and swapped in", "indexed", st.Indexed, "removed", st.Removed)
	return st, nil
}

// writeListed passes every listed dataset of the store to write, in batches
// of batchSize, and returns the set of their ids (also of those written
// before an error).
func (x *Indexer) writeListed(ctx context.Context, write func(context.Context, ...*municat.Dataset) error) (map[string]bool, error) {
	listed := map[string]bool{}
	batch := make([]*municat.Dataset, 0, x.batchSize())
	err := x.Catalog.Datasets(ctx, func(d *municat.Dataset) error {
		if !d.Listed() {
			return nil
		}
		listed[d.ID] = true
		batch = append(batch, d)
		if len(batch) < cap(batch) {
			return nil
		}
		err := write(ctx, batch...)
		batch = batch[:0]
		return err
	})
	if err == nil && len(batch) > 0 {
		err = write(ctx, batch...)
	}
	return listed, err
}
