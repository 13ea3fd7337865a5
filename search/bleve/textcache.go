package bleve

import (
	"container/list"
	"slices"
	"sync"
	"unsafe"

	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
)

// Text matches are cached per text query. Portal search logs are
// Zipf-distributed: a few hundred texts make most queries, and paging and
// facet clicks repeat a text with other filters and sorts. Bleve's matching
// and scoring of a text is the bulk of a search; filters, facets and sorts
// come from the columns and are cheap.
//
// The cache holds whole text queries, not single words: Bleve scores a
// term by its idf times the query norm, 1/sqrt of the summed weights of
// every word of the query, so a word's scores depend on the other words
// and one word's matches cannot be reused, bit for bit, in another query.
//
// A cached list is only valid for the index state it was computed from:
// the same Bleve snapshot (segments and their deletions, which also change
// with merges, as scores count deleted documents until they are merged
// away) and the same columns (textHits drops rows the columns do not
// know). Entries are dropped as a whole when either changes.

// textCacheBytes bounds the memory of the cached lists and their keys.
const textCacheBytes = 64 << 20

// textHitSize is the memory of one cached match.
const textHitSize = int(unsafe.Sizeof(textHit{}))

// textCache is a least recently used cache of text matches, by the key of
// the text query (see textQueryKey). It is safe for concurrent use.
// Concurrent misses of the same text each compute it; the last one stored
// wins, with the same content.
type textCache struct {
	mu    sync.Mutex
	limit int
	bytes int
	// state is the index state the entries were computed from.
	state cacheState
	lru   *list.List // of *textCacheEntry, the most recently used first
	byKey map[string]*list.Element
}

// textCacheEntry is a cached list of matches.
type textCacheEntry struct {
	key  string
	hits []textHit
}

// cacheState identifies the state of the index a result was computed
// from: the generation of the columns (Index.gen) and the segments of the
// Bleve snapshot with their numbers of live documents. A segment's
// deletions only grow, so the live count tells its deletions apart.
type cacheState struct {
	gen      uint64
	segments []segmentState
}

// segmentState is a segment of a snapshot: its id and live documents.
type segmentState struct {
	id, live uint64
}

// newTextCache returns an empty cache holding at most limit bytes.
func newTextCache(limit int) *textCache {
	return &textCache{limit: limit, lru: list.New(), byKey: map[string]*list.Element{}}
}

// stateOf returns the state of reader at columns generation gen, and
// false when reader is not a scorch snapshot (nothing is then cached).
func stateOf(reader index.IndexReader, gen uint64) (cacheState, bool) {
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return cacheState{}, false
	}
	segs := snap.Segments()
	st := cacheState{gen: gen, segments: make([]segmentState, len(segs))}
	for i, ss := range segs {
		st.segments[i] = segmentState{id: ss.Id(), live: ss.Count()}
	}
	return st, true
}

// equal reports whether s and o are the same index state.
func (s cacheState) equal(o cacheState) bool {
	return s.gen == o.gen && slices.Equal(s.segments, o.segments)
}

// get returns the matches cached for key at state st.
func (c *textCache) get(key string, st cacheState) ([]textHit, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.state.equal(st) {
		return nil, false
	}
	e, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	c.lru.MoveToFront(e)
	return e.Value.(*textCacheEntry).hits, true
}

// put stores the matches of key computed at state st. A state other than
// the cache's replaces the cache's entries: results of a newer state
// supersede the old ones, and a result of an older state than the cache's
// is not stored. Callers must not change hits afterwards.
func (c *textCache) put(key string, st cacheState, hits []textHit) {
	size := entrySize(key, hits)
	if size > c.limit {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.state.equal(st) {
		if st.gen < c.state.gen {
			return
		}
		c.clearLocked()
		c.state = st
	}
	if e, ok := c.byKey[key]; ok {
		c.bytes -= entrySize(key, e.Value.(*textCacheEntry).hits)
		c.lru.Remove(e)
	}
	c.byKey[key] = c.lru.PushFront(&textCacheEntry{key: key, hits: hits})
	c.bytes += size
	for c.bytes > c.limit {
		old := c.lru.Back()
		e := old.Value.(*textCacheEntry)
		c.lru.Remove(old)
		delete(c.byKey, e.key)
		c.bytes -= entrySize(e.key, e.hits)
	}
}

// clear drops every entry.
func (c *textCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clearLocked()
}

func (c *textCache) clearLocked() {
	c.lru.Init()
	clear(c.byKey)
	c.bytes = 0
}

// entryOverhead is the memory of an entry besides its key and matches:
// the list element, the entry, the map slot. Counting it keeps a flood of
// distinct queries without matches from growing the cache unbounded.
const entryOverhead = 160

// entrySize is the memory counted for an entry.
func entrySize(key string, hits []textHit) int {
	return entryOverhead + len(key) + cap(hits)*textHitSize
}
