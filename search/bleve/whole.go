package bleve

import (
	"slices"
	"strings"
	"sync"

	"github.com/municat/municat"
)

// wholeCatalogue caches, for one generation of the columns, what a query
// over every dataset — no text, no filter — needs again and again: the
// facet counts (home page, browsing) and the live rows in id order (the
// DCAT-AP export and CKAN harvesters page through the whole catalogue by
// id). Without it every page of a 1M export would count and sort a million
// rows again.
type wholeCatalogue struct {
	mu     sync.Mutex
	gen    uint64
	valid  bool
	facets map[string][]municat.FacetValue // every value, most frequent first
	byID   []int32                         // live rows, id ascending
}

// get returns the cache for generation gen of c, filled anew when the
// generation has changed. The caller holds the columns' read lock.
func (w *wholeCatalogue) get(c *columns, gen uint64) (map[string][]municat.FacetValue, []int32) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.valid && w.gen == gen {
		return w.facets, w.byID
	}
	rows := make([]candidate, 0, c.liveCount)
	byID := make([]int32, 0, c.liveCount)
	for n, live := range c.live {
		if live {
			rows = append(rows, candidate{int32(n), 1})
			byID = append(byID, int32(n))
		}
	}
	slices.SortFunc(byID, func(a, b int32) int { return strings.Compare(c.rows[a].id, c.rows[b].id) })
	w.facets = c.facetCounts(rows, len(c.dict))
	w.byID = byID
	w.gen, w.valid = gen, true
	return w.facets, w.byID
}

// facetsOfAll returns the facet counts of all datasets, at most size values
// per facet, as copies the caller may keep.
func facetsOfAll(all map[string][]municat.FacetValue, size int) map[string][]municat.FacetValue {
	out := make(map[string][]municat.FacetValue, len(all))
	for name, values := range all {
		out[name] = slices.Clone(values[:min(len(values), size)])
	}
	return out
}

// pageByID returns the hits of a query over every dataset sorted by id:
// q's page, or with q.After the PerPage rows after (before, with Desc) it,
// found by binary search instead of a sort.
func (x *Index) pageByID(q municat.Query, byID []int32) []municat.Hit {
	c := x.cols
	from, perPage := pageBounds(q)
	order := byID
	if q.After != "" {
		i, found := slices.BinarySearchFunc(byID, q.After, func(n int32, id string) int { return strings.Compare(c.rows[n].id, id) })
		if q.Desc {
			order = byID[:i]
		} else {
			if found {
				i++
			}
			order = byID[i:]
		}
		from = 0
	}
	hits := make([]municat.Hit, 0, max(0, min(perPage, len(order)-from)))
	for k := from; k < len(order) && len(hits) < perPage; k++ {
		n := order[k]
		if q.Desc {
			n = order[len(order)-1-k]
		}
		hits = append(hits, municat.Hit{ID: c.rows[n].id, Score: 1, Dataset: c.dataset(n)})
	}
	return hits
}
