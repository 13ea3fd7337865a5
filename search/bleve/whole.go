package bleve

import (
	"slices"
	"strings"
	"sync"

	"github.com/municat/municat"
)

// wholeCatalogue caches, for one generation of the columns, what queries
// without text need again and again, each part made when first asked for:
// the facet counts of all datasets (home page, browsing), the live rows in
// id order (the DCAT-AP export and CKAN harvesters page through the whole
// catalogue by id) and the rows of each facet value (filters). Without it
// every page of a 1M export would count and sort a million rows again, and
// every filter would look at every row.
type wholeCatalogue struct {
	mu       sync.Mutex
	gen      uint64
	valid    bool
	facets   map[string][]municat.FacetValue // every value, most frequent first
	byID     []int32                         // live rows, id ascending
	postings [][]int32                       // per facet value number, its live rows ascending
}

// reset drops the parts of an older generation than gen.
func (w *wholeCatalogue) reset(gen uint64) {
	if !w.valid || w.gen != gen {
		w.gen, w.valid = gen, true
		w.facets, w.byID, w.postings = nil, nil, nil
	}
}

// allFacets returns the facet counts of all datasets for generation gen of
// c. The caller holds the columns' read lock, as for the methods below.
func (w *wholeCatalogue) allFacets(c *columns, gen uint64) map[string][]municat.FacetValue {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.reset(gen)
	if w.facets == nil {
		rows := make([]candidate, 0, c.liveCount)
		for n, live := range c.live {
			if live {
				rows = append(rows, candidate{int32(n), 1})
			}
		}
		w.facets = c.facetCounts(rows, len(c.dict))
	}
	return w.facets
}

// idOrder returns the live rows of generation gen of c in id order.
func (w *wholeCatalogue) idOrder(c *columns, gen uint64) []int32 {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.reset(gen)
	if w.byID == nil {
		byID := make([]int32, 0, c.liveCount)
		for n, live := range c.live {
			if live {
				byID = append(byID, int32(n))
			}
		}
		slices.SortFunc(byID, func(a, b int32) int { return strings.Compare(c.rows[a].id, c.rows[b].id) })
		w.byID = byID
	}
	return w.byID
}

// valueRows returns, per facet value number, the live rows of generation
// gen of c having the value, ascending.
func (w *wholeCatalogue) valueRows(c *columns, gen uint64) [][]int32 {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.reset(gen)
	if w.postings == nil {
		postings := make([][]int32, len(c.dict))
		for n, live := range c.live {
			if !live {
				continue
			}
			for _, id := range c.values[n] {
				if p := postings[id]; len(p) == 0 || p[len(p)-1] != int32(n) {
					postings[id] = append(p, int32(n))
				}
			}
		}
		w.postings = postings
	}
	return w.postings
}

// filterCandidates returns the rows that can pass the facet filters
// (filterOf, all; see facetFilters): the rows of the values of the filtered
// facet with the fewest of them, ascending and each once. Callers still
// check every filter on them.
func filterCandidates(postings [][]int32, filterOf []uint8, all uint8) []int32 {
	var sizes [numFacets]int
	for id, bits := range filterOf {
		for f := range sizes {
			if bits&(1<<f) != 0 && id < len(postings) {
				sizes[f] += len(postings[id])
			}
		}
	}
	best := -1
	for f := range sizes {
		if all&(1<<f) != 0 && (best < 0 || sizes[f] < sizes[best]) {
			best = f
		}
	}
	var rows []int32
	lists := 0
	for id, bits := range filterOf {
		if bits&(1<<best) != 0 && id < len(postings) && len(postings[id]) > 0 {
			rows = append(rows, postings[id]...)
			lists++
		}
	}
	if lists > 1 {
		slices.Sort(rows)
		rows = slices.Compact(rows)
	}
	return rows
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
