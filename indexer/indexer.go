// Package indexer keeps the search index a projection of the store: it
// indexes the datasets a harvest changed, removes the withdrawn ones, and
// rebuilds the whole index from the store on demand.
package indexer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// DefaultBatchSize is how many datasets go to the index in one call.
const DefaultBatchSize = 500

// Indexer copies datasets from the catalogue into the index.
type Indexer struct {
	// Catalog is the catalogue the datasets are read from.
	Catalog *catalog.Catalog
	// Index is the search index the datasets are written to; nil in a
	// process without an index (role harvester): Apply then only writes
	// the change log.
	Index municat.Index
	// Logger receives a line per update and rebuild (New makes it
	// slog.Default if nil).
	Logger *slog.Logger
	// BatchSize caps the datasets sent to the index at once
	// (DefaultBatchSize if 0).
	BatchSize int
	// Writer names this process in the change log (see ChangeKey). If it
	// is empty, Apply writes no change log.
	Writer string
	// Retention is how long change log entries are kept
	// (DefaultRetention if 0).
	Retention time.Duration
	// PruneLog makes Follow delete the change log entries older than the
	// retention.
	PruneLog bool
	// Now is the clock of the change log (time.Now if nil).
	Now func() time.Time

	mu        sync.Mutex
	rebuiltAt time.Time // when the last successful Rebuild started
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
// With a Writer, Apply first appends the ids to the change log, for the
// indexes of other processes (see Follow); a failed write of the log is an
// error of Apply, after the local index has been updated all the same.
//
// The records are read several at a time (catalog.DatasetsByID), and the
// next batch is read while the index takes the current one.
func (x *Indexer) Apply(ctx context.Context, changed, withdrawn []string) error {
	var logErr error
	if x.Writer != "" {
		if logErr = x.writeLog(ctx, changed, withdrawn); logErr != nil {
			x.Logger.Error("writing the change log failed: other processes' search indexes miss this change until 'municat reindex' or a follower's rebuild repairs them", "changed", len(changed), "withdrawn", len(withdrawn), "err", logErr)
			logErr = fmt.Errorf("change log: %w", logErr)
		}
	}
	if x.Index == nil {
		return logErr
	}
	return errors.Join(x.applyIndex(ctx, changed, withdrawn), logErr)
}

// applyIndex is Apply on the local index only.
func (x *Indexer) applyIndex(ctx context.Context, changed, withdrawn []string) error {
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
	start := x.now()
	st, err := x.rebuild(ctx)
	if err == nil {
		x.mu.Lock()
		x.rebuiltAt = start
		x.mu.Unlock()
	}
	return st, err
}

// rebuiltSince returns when the last successful Rebuild started (zero if
// none did).
func (x *Indexer) rebuiltSince() time.Time {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.rebuiltAt
}

func (x *Indexer) rebuild(ctx context.Context) (Stats, error) {
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
