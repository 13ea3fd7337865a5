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
	"strconv"
	"sync"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/municat/municat"
	"github.com/municat/municat/search/german"
)

// batchSize is the number of documents Index writes per Bleve batch.
const batchSize = 500

// idPageSize is the number of ids IDs reads per search.
const idPageSize = 10000

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
	closed bool
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
		return newIndex(idx, false)
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
	x := &Index{idx: idx, created: created, analyzers: map[string]analysis.Analyzer{}}
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
	b := x.idx.NewBatch()
	for _, d := range datasets {
		if d == nil {
			continue
		}
		if d.Listed() {
			if err := b.Index(d.ID, document(d)); err != nil {
				return fmt.Errorf("bleve: index %s: %w", d.ID, err)
			}
		} else {
			b.Delete(d.ID)
		}
		if b.Size() >= batchSize {
			if err := x.flush(ctx, b); err != nil {
				return err
			}
			b = x.idx.NewBatch()
		}
	}
	return x.flush(ctx, b)
}

// Delete removes the datasets with the given ids; missing ids are ignored.
func (x *Index) Delete(ctx context.Context, ids ...string) error {
	b := x.idx.NewBatch()
	for _, id := range ids {
		if id == "" {
			continue
		}
		b.Delete(id)
		if b.Size() >= batchSize {
			if err := x.flush(ctx, b); err != nil {
				return err
			}
			b = x.idx.NewBatch()
		}
	}
	return x.flush(ctx, b)
}

// flush executes b unless ctx is done. Bleve may still read b after Batch
// returns (its analysis goroutines), so b must not be reused: callers take a
// new batch instead of resetting this one.
func (x *Index) flush(ctx context.Context, b *blevesearch.Batch) error {
	if b.Size() == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := x.idx.Batch(b); err != nil {
		return fmt.Errorf("bleve: batch: %w", err)
	}
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

// IDs returns the ids of all indexed datasets, sorted. It pages through a
// match-all search ordered by id, so memory use beyond the result is bounded.
func (x *Index) IDs(ctx context.Context) ([]string, error) {
	var ids []string
	after := ""
	for {
		req := blevesearch.NewSearchRequestOptions(query.NewMatchAllQuery(), idPageSize, 0, false)
		req.SortByCustom(search.SortOrder{&search.SortDocID{}})
		if after != "" {
			req.SearchAfter = []string{after}
		}
		res, err := x.idx.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("bleve: ids: %w", err)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < idPageSize {
			return ids, nil
		}
		after = res.Hits[len(res.Hits)-1].ID
	}
}

// Close flushes and releases the index. Closing it again does nothing.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed {
		return nil
	}
	x.closed = true
	if err := x.idx.Close(); err != nil {
		return fmt.Errorf("bleve: close: %w", err)
	}
	return nil
}
