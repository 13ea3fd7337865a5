package bleve

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/municat/municat"
)

// candidate is a matching row with its score (1 without a text query, as
// Bleve scores a match of a query without scoring clauses).
type candidate struct {
	row   int32
	score float64
}

// scan answers q from the columns, given the rows matching its text (nil
// for a query without text, which matches every live row). The caller holds
// x.colMu for reading and has validated q.
func (x *Index) scan(q municat.Query, textHits []textHit, hasText bool) *municat.SearchResult {
	c := x.cols
	filterOf, all := c.facetFilters(q.Filters)
	since := int64(noTime)
	if !q.ModifiedSince.IsZero() {
		since = q.ModifiedSince.UnixNano()
	}
	pass := func(n int32) bool {
		if since != noTime && (c.modified[n] == noTime || c.modified[n] < since) {
			return false
		}
		if all == 0 {
			return true
		}
		var seen uint8
		for _, id := range c.values[n] {
			seen |= filterOf[id]
		}
		return seen == all
	}

	facetSize := q.FacetSize
	if facetSize < 1 {
		facetSize = DefaultFacetSize
	}
	var allFacets map[string][]municat.FacetValue
	if !hasText && all == 0 && since == noTime {
		allFacets = x.whole.allFacets(c, x.gen)
		if q.Sort == municat.SortID {
			byID := x.whole.idOrder(c, x.gen)
			return &municat.SearchResult{Total: len(byID), Facets: facetsOfAll(allFacets, facetSize), Hits: x.pageByID(q, byID)}
		}
	}

	buf := candidatePool.Get().(*[]candidate)
	defer candidatePool.Put(buf)
	matches := (*buf)[:0]
	if hasText {
		for _, h := range textHits {
			if pass(h.row) {
				matches = append(matches, candidate{h.row, float64(h.score)})
			}
		}
	} else if all != 0 {
		for _, n := range filterCandidates(x.whole.valueRows(c, x.gen), filterOf, all) {
			if pass(n) {
				matches = append(matches, candidate{n, 1})
			}
		}
	} else {
		for n, live := range c.live {
			if live && pass(int32(n)) {
				matches = append(matches, candidate{int32(n), 1})
			}
		}
	}
	*buf = matches

	out := &municat.SearchResult{Total: len(matches)}
	if allFacets != nil {
		out.Facets = facetsOfAll(allFacets, facetSize)
	} else {
		out.Facets = c.facetCounts(matches, facetSize)
	}
	if q.After != "" {
		matches = slices.DeleteFunc(matches, func(m candidate) bool {
			d := strings.Compare(c.rows[m.row].id, q.After)
			return d == 0 || (d < 0) != q.Desc
		})
	}

	from, perPage := pageBounds(q)
	if q.After != "" {
		from = 0
	}
	page := topK(matches, from+perPage, c.order(q, hasText))
	if from < len(page) {
		page = page[from:]
	} else {
		page = nil
	}
	out.Hits = make([]municat.Hit, len(page))
	for i, m := range page {
		out.Hits[i] = municat.Hit{ID: c.rows[m.row].id, Score: m.score, Dataset: c.dataset(m.row)}
	}
	return out
}

// pageBounds returns the offset and size of q's page.
func pageBounds(q municat.Query) (from, perPage int) {
	perPage = q.PerPage
	if perPage < 1 {
		perPage = DefaultPerPage
	}
	perPage = min(perPage, MaxPerPage)
	from = maxFrom
	if page := max(q.Page, 1); page-1 < maxFrom/perPage {
		from = (page - 1) * perPage
	}
	return from, perPage
}

// candidatePool holds the match buffers of scans: a scan without text
// collects up to every row.
var candidatePool = sync.Pool{New: func() any { return new([]candidate) }}

// facetFilters returns, for the facets filtered by filters, the bit of
// each in a mask, by the number of each value it allows (0 for the values
// of unfiltered facets and values not asked for), and the mask of all
// filtered facets: a row passes when its values together have every bit.
// Values never indexed are left out, so a facet whose values are all
// unknown matches nothing.
func (c *columns) facetFilters(filters map[string][]string) (filterOf []uint8, all uint8) {
	for f, name := range municat.FacetNames {
		values := municat.Distinct(filters[name])
		if len(values) == 0 {
			continue
		}
		if filterOf == nil {
			filterOf = make([]uint8, len(c.dict))
		}
		bit := uint8(1) << f
		all |= bit
		for _, v := range values {
			if id, ok := c.valueOf[facetValue{f, v}]; ok {
				filterOf[id] |= bit
			}
		}
	}
	return filterOf, all
}

// facetCounts counts the facet values of matches: per facet the size most
// frequent, ties by value ascending.
func (c *columns) facetCounts(matches []candidate, size int) map[string][]municat.FacetValue {
	counts := make([]int32, len(c.dict))
	for _, m := range matches {
		for _, id := range c.values[m.row] {
			counts[id]++
		}
	}
	var values [numFacets][]municat.FacetValue
	for id, n := range counts {
		if n > 0 {
			v := c.dict[id]
			values[v.facet] = append(values[v.facet], municat.FacetValue{Value: v.value, Count: int(n)})
		}
	}
	out := make(map[string][]municat.FacetValue, numFacets)
	for f, name := range municat.FacetNames {
		vs := values[f]
		if vs == nil {
			vs = []municat.FacetValue{}
		}
		slices.SortFunc(vs, func(a, b municat.FacetValue) int {
			if d := cmp.Compare(b.Count, a.Count); d != 0 {
				return d
			}
			return cmp.Compare(a.Value, b.Value)
		})
		out[name] = vs[:min(len(vs), size)]
	}
	return out
}

// order returns the comparison of q's sort order (see sortOrder): the keys,
// then the id ascending; dates and titles a row lacks sort last.
func (c *columns) order(q municat.Query, hasText bool) func(a, b candidate) int {
	rows := c.rows
	byID := func(a, b candidate) int { return strings.Compare(rows[a.row].id, rows[b.row].id) }
	byDate := func(keys []int64, desc bool) func(a, b candidate) int {
		return func(a, b candidate) int {
			ka, kb := keys[a.row], keys[b.row]
			if d := compareMissingLast(ka, kb, ka == noTime, kb == noTime, desc); d != 0 {
				return d
			}
			return byID(a, b)
		}
	}
	modified := c.modified
	switch q.Sort {
	case "", municat.SortRelevance:
		if !hasText {
			return byDate(modified, true)
		}
		return func(a, b candidate) int {
			if d := cmp.Compare(b.score, a.score); d != 0 {
				return d
			}
			return byID(a, b)
		}
	case municat.SortTitle:
		return func(a, b candidate) int {
			ka, kb := rows[a.row].titleSort, rows[b.row].titleSort
			if d := compareMissingLast(ka, kb, ka == "", kb == "", q.Desc); d != 0 {
				return d
			}
			return byID(a, b)
		}
	case municat.SortModified:
		return byDate(modified, q.Desc)
	case municat.SortIssued:
		return byDate(c.issued, q.Desc)
	}
	if q.Desc { // municat.SortID
		return func(a, b candidate) int { return byID(b, a) }
	}
	return byID
}

// compareMissingLast compares a and b, in reverse when desc; a missing key
// sorts after any present one in either direction.
func compareMissingLast[T cmp.Ordered](a, b T, aMissing, bMissing, desc bool) int {
	switch {
	case aMissing && bMissing:
		return 0
	case aMissing:
		return 1
	case bMissing:
		return -1
	case desc:
		return cmp.Compare(b, a)
	}
	return cmp.Compare(a, b)
}

// topK returns the k first of cs in the order of compare, sorted; it may
// reorder cs. Below a quarter of cs it keeps a bounded heap, else it sorts.
func topK(cs []candidate, k int, compare func(a, b candidate) int) []candidate {
	if k <= 0 {
		return nil
	}
	if k >= len(cs)/4 {
		slices.SortFunc(cs, compare)
		return cs[:min(k, len(cs))]
	}
	// heap holds the best k seen so far, the worst of them at the root.
	var heap []candidate
	worse := func(i, j int) bool { return compare(heap[i], heap[j]) > 0 }
	down := func(i int) {
		for {
			w := i
			if l := 2*i + 1; l < len(heap) && worse(l, w) {
				w = l
			}
			if r := 2*i + 2; r < len(heap) && worse(r, w) {
				w = r
			}
			if w == i {
				return
			}
			heap[i], heap[w] = heap[w], heap[i]
			i = w
		}
	}
	heap = make([]candidate, 0, k)
	for _, c := range cs {
		if len(heap) < k {
			heap = append(heap, c)
			for i := len(heap) - 1; i > 0; {
				p := (i - 1) / 2
				if !worse(i, p) {
					break
				}
				heap[i], heap[p] = heap[p], heap[i]
				i = p
			}
			continue
		}
		if compare(c, heap[0]) < 0 {
			heap[0] = c
			down(0)
		}
	}
	slices.SortFunc(heap, compare)
	return heap
}
