// Package bleve implements municat.Index with Bleve, an embedded full-text
// search library: the search backend of a single-process installation, which
// needs no search server.
//
// German text is analysed with a German analyzer (stop words, umlaut
// normalisation, snowball stemming), English text with an English one
// (Porter stemming); see mapping.go for the fields. A query word also
// matches its synonyms (package german, synonyms.go), the parts of German
// compounds (compound.go) and, at lower boosts, typos and prefixes; see
// textquery.go for how a query is built and ranked. The ranking is measured
// with the German query set of package relevance (TestGermanRelevance).
package bleve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/municat/municat"
	"github.com/municat/municat/search/german"
)

// batchSize is the number of documents Index writes per Bleve batch.
const batchSize = 500

// runtimeConfig makes opening an index that another process holds fail after
// a while instead of waiting forever for the file lock.
//
// It is a function: bleve writes into the map it is given (e.g. the
// index path), so indexes opened at the same time need a map each.
func runtimeConfig() map[string]any { return map[string]any{"bolt_timeout": "10s"} }

// versionDir matches the names of index directories of any mapping version.
var versionDir = regexp.MustCompile(`^datasets_v([0-9]+)$`)

// Index is a Bleve search index of published datasets. It implements
// municat.Index and is safe for concurrent use.
type Index struct {
	idx       blevesearch.Index
	created   bool
	analyzers map[string]analysis.Analyzer // by name, for analysing queries
	synonyms  *synonymTable

	mu     sync.Mutex
	closed atomic.Bool // set once by Close; Search reads it without mu

	// writeMu orders the writers, so the columns take the changes in the
	// order Bleve does.
	writeMu sync.Mutex
	// colMu guards cols: searches read them, writers change them right
	// after each Bleve batch.
	colMu sync.RWMutex
	cols  *columns
	// gen counts the changes of cols; colMu guards it. Cached text
	// matches are valid for one generation (see textcache.go).
	gen uint64
	// texts caches the matches of text queries.
	texts *textCache
	// whole caches the facets and id order of all datasets per generation.
	whole wholeCatalogue
	// rowMaps maps Bleve segments to rows (see hits.go).
	rowMaps rowMapCache
	// slots admits at most GOMAXPROCS searches at once (see admit).
	slots chan struct{}
}

var _ municat.Index = (*Index)(nil)

// Open opens the on-disk index under dir, in the subdirectory of the current
// MappingVersion (e.g. dir/datasets_v1), creating dir and the index if
// needed. When it creates the index, Created reports true and index
// directories of older mapping versions are removed (best effort); the
// caller should then index every published dataset from the store.
//
// An index left half built by a crash is not detected here; the caller
// reconciles it with the store through IDs.
func Open(dir string) (*Index, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("bleve: %w", err)
	}
	path := filepath.Join(dir, "datasets_v"+strconv.Itoa(MappingVersion))
	_, err := os.Stat(path)
	switch {
	case err == nil:
		idx, err := blevesearch.OpenUsing(path, runtimeConfig())
		if err != nil {
			return nil, fmt.Errorf("bleve: open %s (remove the directory to rebuild the index): %w", path, err)
		}
		x, err := newIndex(idx, false)
		if err != nil {
			return nil, err
		}
		if err := x.loadColumns(); err != nil {
			_ = idx.Close()
			return nil, fmt.Errorf("bleve: %s: %w", path, err)
		}
		return x, nil
	case errors.Is(err, fs.ErrNotExist):
		m, err := newMapping()
		if err != nil {
			return nil, err
		}
		idx, err := blevesearch.NewUsing(path, m, scorch.Name, scorch.Name, runtimeConfig())
		if err != nil {
			_ = os.RemoveAll(path)
			return nil, fmt.Errorf("bleve: create %s: %w", path, err)
		}
		removeOldVersions(dir)
		return newIndex(idx, true)
	default:
		return nil, fmt.Errorf("bleve: %w", err)
	}
}

// removeOldVersions removes the index directories of mapping versions older
// than MappingVersion under dir. Newer ones are kept, so that running an
// older release for a while does not throw away a newer release's index.
func removeOldVersions(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		m := versionDir.FindStringSubmatch(e.Name())
		if m == nil || !e.IsDir() {
			continue
		}
		if v, err := strconv.Atoi(m[1]); err == nil && v < MappingVersion {
			_ = os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// NewMemory returns an empty index held in memory only, for tests and
// short-lived tools. Created reports true.
func NewMemory() (*Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	// Scorch without a path keeps its segments in memory, so the in-memory
	// index behaves exactly like the on-disk one.
	idx, err := blevesearch.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("bleve: %w", err)
	}
	return newIndex(idx, true)
}

// newIndex wraps idx, looking up the query analyzers in its mapping.
func newIndex(idx blevesearch.Index, created bool) (*Index, error) {
	x := &Index{
		idx: idx, created: created, analyzers: map[string]analysis.Analyzer{},
		cols: newColumns(), texts: newTextCache(textCacheBytes), rowMaps: newRowMapCache(), slots: newSlots(),
	}
	for _, name := range []string{analyzerDE, analyzerEN, analyzerFold, analyzerPrefixDE} {
		a := idx.Mapping().AnalyzerNamed(name)
		if a == nil {
			_ = idx.Close()
			return nil, fmt.Errorf("bleve: analyzer %s missing from the index mapping", name)
		}
		x.analyzers[name] = a
	}
	x.synonyms = newSynonymTable(german.Synonyms, x.analyzers[analyzerDE])
	return x, nil
}

// Created reports whether Open created the index (or it was made by
// NewMemory): the index is empty and should be rebuilt from the store.
func (x *Index) Created() bool { return x.created }

// Index adds or replaces the given datasets; datasets that are not published
// are removed instead. Nil datasets are skipped; a dataset without an ID is
// an EINVALID error and nothing is written. The datasets are written in
// batches of 500; when ctx ends between two, the earlier batches stay written.
func (x *Index) Index(ctx context.Context, datasets ...*municat.Dataset) error {
	for _, d := range datasets {
		if d != nil && d.ID == "" {
			return municat.Errorf(municat.EINVALID, "Datensatz ohne ID kann nicht indexiert werden.")
		}
	}
	x.writeMu.Lock()
	defer x.writeMu.Unlock()
	b, changes := x.idx.NewBatch(), []change{}
	for _, d := range datasets {
		if d == nil {
			continue
		}
		if d.Listed() {
			doc := document(d)
			r := newRowData(d, doc)
			doc[fieldRow] = string(encodeRow(r))
			if err := b.Index(d.ID, doc); err != nil {
				return fmt.Errorf("bleve: index %s: %w", d.ID, err)
			}
			changes = append(changes, change{id: d.ID, row: r})
		} else {
			b.Delete(d.ID)
			changes = append(changes, change{id: d.ID})
		}
		if b.Size() >= batchSize {
			if err := x.flush(ctx, b, changes); err != nil {
				return err
			}
			b, changes = x.idx.NewBatch(), changes[:0:0]
		}
	}
	return x.flush(ctx, b, changes)
}

// change is a write to the columns: the new row of id, or nil to delete it.
type change struct {
	id  string
	row *rowData
}

// Delete removes the datasets with the given ids; missing ids are ignored.
func (x *Index) Delete(ctx context.Context, ids ...string) error {
	x.writeMu.Lock()
	defer x.writeMu.Unlock()
	b, changes := x.idx.NewBatch(), []change{}
	for _, id := range ids {
		if id == "" {
			continue
		}
		b.Delete(id)
		changes = append(changes, change{id: id})
		if b.Size() >= batchSize {
			if err := x.flush(ctx, b, changes); err != nil {
				return err
			}
			b, changes = x.idx.NewBatch(), changes[:0:0]
		}
	}
	return x.flush(ctx, b, changes)
}

// flush executes b unless ctx is done, then applies its changes to the
// columns. Bleve may still read b after Batch returns (its analysis
// goroutines), so b must not be reused: callers take a new batch instead of
// resetting this one.
func (x *Index) flush(ctx context.Context, b *blevesearch.Batch, changes []change) error {
	if b.Size() == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := x.idx.Batch(b); err != nil {
		return fmt.Errorf("bleve: batch: %w", err)
	}
	x.colMu.Lock()
	x.gen++
	for _, c := range changes {
		if c.row != nil {
			x.cols.put(c.row)
		} else {
			x.cols.remove(c.id)
		}
	}
	x.colMu.Unlock()
	x.rowMaps.dropIncomplete()
	return nil
}

// Count returns the number of indexed datasets.
func (x *Index) Count(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n, err := x.idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("bleve: count: %w", err)
	}
	return int(n), nil
}

// IDs returns the ids of all indexed datasets, sorted, from the columns.
func (x *Index) IDs(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	x.colMu.RLock()
	ids := make([]string, 0, x.cols.liveCount)
	for n := range x.cols.rows {
		if x.cols.live[n] {
			ids = append(ids, x.cols.rows[n].id)
		}
	}
	x.colMu.RUnlock()
	slices.Sort(ids)
	return ids, nil
}

// Close flushes and releases the index. Closing it again does nothing.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed.Load() {
		return nil
	}
	x.closed.Store(true)
	if err := x.idx.Close(); err != nil {
		return fmt.Errorf("bleve: close: %w", err)
	}
	return nil
}
