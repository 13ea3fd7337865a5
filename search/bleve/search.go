package bleve

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/municat/municat"
)

// Paging and facet defaults and limits.
const (
	// DefaultFacetSize is the number of values per facet when
	// Query.FacetSize is 0.
	DefaultFacetSize = 20
	// DefaultPerPage is the page size when Query.PerPage is 0 or less.
	DefaultPerPage = 20
	// MaxPerPage caps Query.PerPage.
	MaxPerPage = 1000
	// maxFrom caps the offset of a page, so Page*PerPage cannot overflow.
	maxFrom = 1 << 30
)

// Search runs q over the index. It returns an EINVALID error for an unknown
// facet in q.Filters or an unknown q.Sort.
//
// Page and PerPage below 1 mean the first page and DefaultPerPage; PerPage is
// capped at MaxPerPage. A facet in q.Filters with no values does not
// restrict the result.
//
// Bleve finds the datasets matching the text and scores them; the matches
// are kept for later searches of the same text until the index changes
// (textcache.go). Filters, facet counts, sorting and paging are computed
// from the columns kept in memory (see columns.go), and every hit carries
// its projection
// (municat.Hit.Dataset). The result is the one searchBleve, Bleve's own
// facets and sorts, gives. At most GOMAXPROCS searches run at once; the
// others wait their turn.
func (x *Index) Search(ctx context.Context, q municat.Query) (*municat.SearchResult, error) {
	if _, err := filterQuery(q.Filters, q.ModifiedSince); err != nil {
		return nil, err
	}
	text := x.parseText(q.Text)
	hasText := len(text.units) > 0
	if _, err := sortOrder(q, hasText); err != nil {
		return nil, err
	}
	if q.After != "" && q.Sort != municat.SortID {
		return nil, errAfterWithoutID
	}
	release, err := x.admit(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	if x.closed.Load() {
		return nil, fmt.Errorf("bleve: search: %w", blevesearch.ErrorIndexClosed)
	}
	x.colMu.RLock()
	defer x.colMu.RUnlock()
	var hits []textHit
	if hasText {
		if hits, err = x.textHits(ctx, text); err != nil {
			return nil, err
		}
	}
	return x.scan(q, hits, hasText), nil
}

// errAfterWithoutID is the error of a query with After but another sort than
// by id.
var errAfterWithoutID = municat.Errorf(municat.EINVALID, "Das Weiterblättern ab einem Datensatz (after) geht nur mit der Sortierung nach Kennung (id).")

// searchBleve runs q with Bleve's facets and field sorts: the reference
// that Search, computing them from the columns, is tested against.
func (x *Index) searchBleve(ctx context.Context, q municat.Query) (*municat.SearchResult, error) {
	filter, err := filterQuery(q.Filters, q.ModifiedSince)
	if err != nil {
		return nil, err
	}
	text := x.textQuery(q.Text)
	order, err := sortOrder(q, text != nil)
	if err != nil {
		return nil, err
	}
	var bq query.Query = query.NewMatchAllQuery()
	if text != nil || filter != nil {
		b := query.NewBooleanQuery(nil, nil, nil)
		if text != nil {
			b.AddMust(text)
		}
		b.AddFilter(filter)
		bq = b
	}
	if text != nil {
		bq = query.NewCustomScoreQueryWithScorer(bq, roundScore, nil, nil)
	}

	perPage := q.PerPage
	if perPage < 1 {
		perPage = DefaultPerPage
	}
	perPage = min(perPage, MaxPerPage)
	from := maxFrom
	if page := max(q.Page, 1); page-1 < maxFrom/perPage {
		from = (page - 1) * perPage
	}
	facetSize := q.FacetSize
	if facetSize < 1 {
		facetSize = DefaultFacetSize
	}

	req := blevesearch.NewSearchRequestOptions(bq, perPage, from, false)
	req.SortByCustom(order)
	if q.After != "" {
		if q.Sort != municat.SortID {
			return nil, errAfterWithoutID
		}
		req.From, req.SearchAfter = 0, []string{q.After}
	}
	for _, name := range municat.FacetNames {
		req.AddFacet(name, blevesearch.NewFacetRequest(facetFields[name], facetSize))
	}
	res, err := x.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("bleve: search: %w", err)
	}

	out := &municat.SearchResult{
		Total:  int(res.Total),
		Hits:   make([]municat.Hit, 0, len(res.Hits)),
		Facets: make(map[string][]municat.FacetValue, len(municat.FacetNames)),
	}
	for _, h := range res.Hits {
		score := h.Score
		if math.IsNaN(score) || math.IsInf(score, 0) {
			score = 0 // a match-all query can score NaN; JSON cannot hold it
		}
		out.Hits = append(out.Hits, municat.Hit{ID: h.ID, Score: score})
	}
	for _, name := range municat.FacetNames {
		out.Facets[name] = facetValues(res.Facets[name], facetSize)
	}
	return out, nil
}

// roundScore rounds the score of d to float32 precision. Bleve adds up the
// scores of the matching fields in an order that varies from document to
// document, so two datasets with the same text can differ in the last bits of
// their scores; rounded, they tie and come by id as promised.
func roundScore(_ context.Context, d *search.DocumentMatch) (float64, error) {
	if math.IsNaN(d.Score) || math.IsInf(d.Score, 0) {
		return 0, nil
	}
	return float64(float32(d.Score)), nil
}

// facetValues returns the values of a Bleve facet result, most frequent
// first and ties by value, at most size of them. Bleve orders them the same
// way today; sorting again keeps the promise if that changes.
func facetValues(fr *search.FacetResult, size int) []municat.FacetValue {
	values := []municat.FacetValue{}
	if fr == nil || fr.Terms == nil {
		return values
	}
	for _, t := range fr.Terms.Terms() {
		values = append(values, municat.FacetValue{Value: t.Term, Count: t.Count})
	}
	slices.SortFunc(values, func(a, b municat.FacetValue) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Value, b.Value)
	})
	if len(values) > size {
		values = values[:size]
	}
	return values
}

// filterQuery returns the conjunction over the filtered facets of the
// disjunction of their values, or nil when nothing is filtered.
func filterQuery(filters map[string][]string, modifiedSince time.Time) (query.Query, error) {
	for name := range filters {
		if _, ok := facetFields[name]; !ok {
			return nil, municat.Errorf(municat.EINVALID, "Unbekannter Filter %q.", name)
		}
	}
	var conj []query.Query
	for _, name := range municat.FacetNames {
		values := municat.Distinct(filters[name])
		if len(values) == 0 {
			continue
		}
		var disj []query.Query
		for _, v := range values {
			tq := query.NewTermQuery(v)
			tq.SetField(facetFields[name])
			disj = append(disj, tq)
		}
		conj = append(conj, query.NewDisjunctionQuery(disj))
	}
	if !modifiedSince.IsZero() {
		inclusive := true
		rq := query.NewDateRangeInclusiveQuery(modifiedSince, time.Time{}, &inclusive, nil)
		rq.SetField(fieldModified)
		conj = append(conj, rq)
	}
	if len(conj) == 0 {
		return nil, nil
	}
	return query.NewConjunctionQuery(conj), nil
}

// sortOrder returns the Bleve sort order for q. Every order ends with the
// document id ascending, so equal keys come in the same order on every
// backend and pages are stable. Datasets without a modification date come
// last when sorting by a date they lack, in either direction.
func sortOrder(q municat.Query, hasText bool) (search.SortOrder, error) {
	byID := &search.SortDocID{}
	byDate := func(field string, desc bool) search.SortOrder {
		return search.SortOrder{
			&search.SortField{Field: field, Type: search.SortFieldAsDate, Desc: desc, Missing: search.SortFieldMissingLast},
			byID,
		}
	}
	switch q.Sort {
	case "", municat.SortRelevance:
		if !hasText {
			return byDate(fieldModified, true), nil
		}
		return search.SortOrder{&search.SortScore{Desc: true}, byID}, nil
	case municat.SortTitle:
		return search.SortOrder{
			&search.SortField{Field: fieldTitleSort, Type: search.SortFieldAsString, Desc: q.Desc, Missing: search.SortFieldMissingLast},
			byID,
		}, nil
	case municat.SortID:
		return search.SortOrder{&search.SortDocID{Desc: q.Desc}}, nil
	case municat.SortModified:
		return byDate(fieldModified, q.Desc), nil
	case municat.SortIssued:
		return byDate(fieldIssued, q.Desc), nil
	}
	return nil, municat.Errorf(municat.EINVALID, "Unbekannte Sortierung %q.", q.Sort)
}
