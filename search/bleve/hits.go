package bleve

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// newSlots returns the admission semaphore: one slot per usable core.
func newSlots() chan struct{} { return make(chan struct{}, runtime.GOMAXPROCS(0)) }

// admit waits for a free search slot, first come first served, and returns
// the function that frees it; or ctx's error when ctx ends first. Running
// more searches than cores at once only makes each wait longer: queued,
// short searches are not stuck behind a crowd of half-done ones.
func (x *Index) admit(ctx context.Context) (func(), error) {
	select {
	case x.slots <- struct{}{}:
		return func() { <-x.slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// textHit is a row matching the text query, with its score rounded to
// float32 precision (see roundScore), which float32 holds exactly.
type textHit struct {
	row   int32
	score float32
}

// rowMapCache maps the documents of Bleve segments to rows. Segments are
// immutable and a row keeps its number, so a segment's map is built once;
// maps of segments that left the index are dropped.
type rowMapCache struct {
	mu   sync.Mutex
	maps map[segment.Segment][]int32
	// incomplete holds the segments whose maps have unknownRow entries.
	incomplete map[segment.Segment]bool
}

func newRowMapCache() rowMapCache {
	return rowMapCache{maps: map[segment.Segment][]int32{}, incomplete: map[segment.Segment]bool{}}
}

// dropIncomplete drops the maps with unknown rows, to be built again now
// that the columns have the rows.
func (c *rowMapCache) dropIncomplete() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for seg := range c.incomplete {
		delete(c.maps, seg)
		delete(c.incomplete, seg)
	}
}

// unknownRow marks a document whose id had no row when its segment's map was
// built (its columns were written just after the Bleve batch).
const unknownRow = -1

// forSnapshot returns the row maps of the segments of snap, building the
// missing ones from cols (read-locked by the caller).
func (c *rowMapCache) forSnapshot(snap *scorch.IndexSnapshot, cols *columns) ([][]int32, error) {
	segs := snap.Segments()
	out := make([][]int32, len(segs))
	c.mu.Lock()
	defer c.mu.Unlock()
	current := make(map[segment.Segment]bool, len(segs))
	for i, ss := range segs {
		seg := ss.Segment()
		current[seg] = true
		m, ok := c.maps[seg]
		if !ok {
			var err error
			if m, err = rowMap(seg, cols); err != nil {
				return nil, err
			}
			c.maps[seg] = m
			if slices.Contains(m, unknownRow) {
				c.incomplete[seg] = true
			}
		}
		out[i] = m
	}
	for seg := range c.maps {
		if !current[seg] {
			delete(c.maps, seg)
			delete(c.incomplete, seg)
		}
	}
	return out, nil
}

// rowMap returns the row of each document of seg.
func rowMap(seg segment.Segment, cols *columns) ([]int32, error) {
	m := make([]int32, seg.Count())
	for k := range m {
		id, err := seg.DocID(uint64(k))
		if err != nil {
			return nil, fmt.Errorf("bleve: doc id: %w", err)
		}
		n, ok := cols.rowOf[string(id)]
		if !ok {
			n = unknownRow
		}
		m[k] = n
	}
	return m, nil
}

// textHits returns every live row matching the text query of p, with its
// score rounded as roundScore does, in the order of Bleve's documents. The
// result comes from the cache of text matches when it holds p's key for the
// current state of the index; it is shared and must not be changed. The
// caller holds x.colMu for reading.
func (x *Index) textHits(ctx context.Context, p parsedText) ([]textHit, error) {
	adv, err := x.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("bleve: %w", err)
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("bleve: reader: %w", err)
	}
	defer func() { _ = reader.Close() }()
	state, cacheable := stateOf(reader, x.gen)
	if cacheable {
		if hits, ok := x.texts.get(p.key, state); ok {
			return hits, nil
		}
	}
	hits, err := x.matchText(ctx, x.buildQuery(p), reader)
	if err != nil {
		return nil, err
	}
	if cacheable {
		// A copy of the exact size: appending left up to twice the room.
		hits = slices.Clone(hits)
		x.texts.put(p.key, state, hits)
	}
	return hits, nil
}

// matchText runs q on reader and returns the live rows it matches, with
// their rounded scores. The caller holds x.colMu for reading.
func (x *Index) matchText(ctx context.Context, q query.Query, reader index.IndexReader) ([]textHit, error) {
	ctx = context.WithValue(ctx, search.GetScoringModelCallbackKey,
		search.GetScoringModelCallbackFn(func() string { return index.DefaultScoringModel }))
	searcher, err := q.Searcher(ctx, reader, x.idx.Mapping(), search.SearcherOptions{})
	if err != nil {
		return nil, fmt.Errorf("bleve: searcher: %w", err)
	}
	defer func() { _ = searcher.Close() }()

	toRow, err := x.rowResolver(reader)
	if err != nil {
		return nil, err
	}
	sctx := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(searcher.DocumentMatchPoolSize(), 0),
		IndexReader:       reader,
	}
	var hits []textHit
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		dm, err := searcher.Next(sctx)
		if err != nil {
			return nil, fmt.Errorf("bleve: search: %w", err)
		}
		if dm == nil {
			return hits, nil
		}
		row, err := toRow(dm.IndexInternalID)
		score := dm.Score
		sctx.DocumentMatchPool.Put(dm)
		if err != nil {
			return nil, err
		}
		if row < 0 || !x.cols.live[row] {
			continue
		}
		if math.IsNaN(score) || math.IsInf(score, 0) {
			score = 0
		}
		hits = append(hits, textHit{row: row, score: float32(score)})
	}
}

// rowResolver returns the function that maps an internal document id of
// reader to its row, or to a negative number when it has none. For a scorch
// snapshot it uses the cached row maps of its segments; for any other reader
// it looks the external id up per document.
func (x *Index) rowResolver(reader index.IndexReader) (func(index.IndexInternalID) (int32, error), error) {
	byID := func(id index.IndexInternalID) (int32, error) {
		ext, err := reader.ExternalID(id)
		if err != nil {
			return 0, fmt.Errorf("bleve: external id: %w", err)
		}
		if n, ok := x.cols.rowOf[ext]; ok {
			return n, nil
		}
		return unknownRow, nil
	}
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return byID, nil
	}
	maps, err := x.rowMaps.forSnapshot(snap, x.cols)
	if err != nil {
		return nil, err
	}
	// The global number of a segment's first document is the sum of the
	// sizes of the segments before it (see scorch's introducer).
	offsets := make([]uint64, len(maps))
	var running uint64
	for i, ss := range snap.Segments() {
		offsets[i] = running
		running += ss.Segment().Count()
	}
	return func(id index.IndexInternalID) (int32, error) {
		if len(id) != 8 {
			return byID(id)
		}
		num := id.Value()
		i := sort.Search(len(offsets), func(i int) bool { return offsets[i] > num }) - 1
		if i < 0 || num-offsets[i] >= uint64(len(maps[i])) {
			return byID(id)
		}
		n := maps[i][num-offsets[i]]
		if n == unknownRow {
			return byID(id)
		}
		return n, nil
	}, nil
}
