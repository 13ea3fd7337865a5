package meili

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/meilisearch/meilisearch-go"

	"github.com/municat/municat"
)

// Paging and facet defaults and limits, as in the Bleve backend.
const (
	// DefaultFacetSize is the number of values per facet when
	// Query.FacetSize is 0.
	DefaultFacetSize = 20
	// DefaultPerPage is the page size when Query.PerPage is 0 or less.
	DefaultPerPage = 20
	// MaxPerPage caps Query.PerPage.
	MaxPerPage = 1000
)

// facetAttributes are the facet fields, asked for in every search.
var facetAttributes = func() []string {
	out := make([]string, len(municat.FacetNames))
	for i, name := range municat.FacetNames {
		out[i] = facetFields[name]
	}
	return out
}()

// Search runs q. It returns an EINVALID error for an unknown facet in
// q.Filters, an unknown q.Sort, or q.After without SortID.
//
// Page and PerPage below 1 mean the first page and DefaultPerPage; PerPage
// is capped at MaxPerPage, FacetSize at MaxFacetValues. Total is exact up to
// MaxTotalHits. Every word of the text must match (matchingStrategy "all");
// a text of stop words only matches everything.
func (x *Index) Search(ctx context.Context, q municat.Query) (*municat.SearchResult, error) {
	filter, err := filterExpr(q.Filters, q.ModifiedSince)
	if err != nil {
		return nil, err
	}
	text := queryText(q.Text)
	sort, err := sortParams(q, text != "")
	if err != nil {
		return nil, err
	}
	if q.After != "" && q.Sort != municat.SortID {
		return nil, municat.Errorf(municat.EINVALID, "Das Weiterblättern ab einem Datensatz (after) geht nur mit der Sortierung nach Kennung (id).")
	}
	s := &searcher{x: x, uid: x.reading(), text: text, filter: filter, sort: sort}
	s.perPage = q.PerPage
	if s.perPage < 1 {
		s.perPage = DefaultPerPage
	}
	s.perPage = min(s.perPage, MaxPerPage)
	s.facetSize = q.FacetSize
	if s.facetSize < 1 {
		s.facetSize = DefaultFacetSize
	}
	s.facetSize = min(s.facetSize, MaxFacetValues)
	// Pages past MaxTotalHits are empty; capping the page keeps the offset
	// Meilisearch computes from overflowing.
	page := min(max(q.Page, 1), MaxTotalHits/s.perPage+2)
	switch {
	case q.After != "":
		return s.after(ctx, q.After, q.Desc)
	case text != "" && sort == nil:
		return s.byRelevance(ctx, page)
	}
	return s.paged(ctx, page)
}

// searcher runs the requests of one Search.
type searcher struct {
	x                  *Index
	uid                string
	text, filter       string
	sort               []string
	perPage, facetSize int
}

// request returns a search request for the text, the given filter and the
// sort, retrieving only the id (and the ranking score of a text search).
func (s *searcher) request(filter string) *meilisearch.SearchRequest {
	r := &meilisearch.SearchRequest{
		Sort:                 s.sort,
		AttributesToRetrieve: []string{fieldID},
		MatchingStrategy:     meilisearch.All,
		ShowRankingScore:     s.text != "",
	}
	if filter != "" {
		r.Filter = filter
	}
	return r
}

// run sends r and reads the answer.
func (s *searcher) run(ctx context.Context, r *meilisearch.SearchRequest) (*searchAnswer, error) {
	rctx, cancel := context.WithTimeout(ctx, s.x.cfg.Timeout)
	defer cancel()
	op := "search in " + s.uid
	raw, err := s.x.client.Index(s.uid).SearchRaw(rctx, s.text, r)
	if err != nil {
		return nil, s.x.fail(ctx, op, err)
	}
	if raw == nil {
		return nil, fmt.Errorf("meilisearch at %s: %s: empty answer", s.x.server, op)
	}
	a, err := parseSearchAnswer(*raw)
	if err != nil {
		return nil, fmt.Errorf("meilisearch at %s: %s: %w", s.x.server, op, err)
	}
	return a, nil
}

// pageRequest returns a request for page page of size perPage with the
// facets: page and hitsPerPage make Meilisearch count the matches exactly.
func (s *searcher) pageRequest(filter string, page, perPage int) *meilisearch.SearchRequest {
	r := s.request(filter)
	hpp := int64(perPage)
	r.Page, r.HitsPerPage, r.Facets = int64(page), &hpp, facetAttributes
	return r
}

// result makes a SearchResult of hits and the total and facets of a.
func (s *searcher) result(a *searchAnswer, hits []searchHit) (*municat.SearchResult, error) {
	if a.TotalHits < 0 {
		return nil, fmt.Errorf("meilisearch at %s: search in %s: answer without totalHits", s.x.server, s.uid)
	}
	out := &municat.SearchResult{
		Total:  a.TotalHits,
		Hits:   make([]municat.Hit, len(hits)),
		Facets: facetValues(a.Facets, s.facetSize),
	}
	for i, h := range hits {
		out.Hits[i] = municat.Hit{ID: h.ID, Score: h.Score}
	}
	return out, nil
}

// paged runs a search whose order Meilisearch decides completely: a sort
// ending with the id, one page.
func (s *searcher) paged(ctx context.Context, page int) (*municat.SearchResult, error) {
	a, err := s.run(ctx, s.pageRequest(s.filter, page, s.perPage))
	if err != nil {
		return nil, err
	}
	return s.result(a, a.Hits)
}

// byRelevance runs a text search ranked by relevance and orders equal
// scores by id ascending, which Meilisearch does not (it breaks ties by its
// internal document order). It fetches the ids and scores of all hits up to
// the end of the page, and further while the hit after the fetched ones may
// still tie with the last hit of the page, orders them by (score desc, id
// asc) and cuts the page out. This relies on Meilisearch returning hits in
// order of non-increasing _rankingScore, which holds without a sort, as the
// score is computed from the ranking rules in their order. The cost grows
// with the depth of the page, up to MaxTotalHits ids.
func (s *searcher) byRelevance(ctx context.Context, page int) (*municat.SearchResult, error) {
	start := (page - 1) * s.perPage
	end := start + s.perPage
	if start >= MaxTotalHits {
		a, err := s.run(ctx, s.pageRequest(s.filter, 1, 0))
		if err != nil {
			return nil, err
		}
		return s.result(a, nil)
	}
	a, err := s.run(ctx, s.pageRequest(s.filter, 1, min(end+1, MaxTotalHits)))
	if err != nil {
		return nil, err
	}
	hits := a.Hits
	for len(hits) > 0 && len(hits) < a.TotalHits && len(hits) < MaxTotalHits {
		if err := checkScores(hits); err != nil {
			return nil, fmt.Errorf("meilisearch at %s: search in %s: %w", s.x.server, s.uid, err)
		}
		boundary := hits[min(end, len(hits))-1].Score
		if hits[len(hits)-1].Score < boundary {
			break // every hit not fetched scores below the page
		}
		r := s.request(s.filter)
		r.Offset, r.Limit = int64(len(hits)), int64(min(len(hits), MaxTotalHits-len(hits)))
		more, err := s.run(ctx, r)
		if err != nil {
			return nil, err
		}
		if len(more.Hits) == 0 {
			break
		}
		hits = append(hits, more.Hits...)
	}
	if err := checkScores(hits); err != nil {
		return nil, fmt.Errorf("meilisearch at %s: search in %s: %w", s.x.server, s.uid, err)
	}
	hits = orderByScore(hits)
	if start >= len(hits) {
		return s.result(a, nil)
	}
	return s.result(a, hits[start:min(end, len(hits))])
}

// checkScores returns an error if a hit lacks its ranking score.
func checkScores(hits []searchHit) error {
	for _, h := range hits {
		if !h.HasScore {
			return fmt.Errorf("hit %s without _rankingScore", h.ID)
		}
	}
	return nil
}

// orderByScore orders hits by score descending, then id ascending, and
// drops repeated ids (a document that moved between two requests).
func orderByScore(hits []searchHit) []searchHit {
	seen := make(map[string]bool, len(hits))
	out := hits[:0:0]
	for _, h := range hits {
		if !seen[h.ID] {
			seen[h.ID] = true
			out = append(out, h)
		}
	}
	slices.SortStableFunc(out, func(a, b searchHit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// afterRounds bounds the requests of one keyset page.
const afterRounds = 4

// after runs a keyset page: the datasets whose id sorts after the given one
// (before it with desc), sorted by id. The hits come from a search with the
// filter id > after (a string comparison, Meilisearch 1.15+); Total and the
// facets from one without it, so that they cover every match. Since string
// comparison in filters has reported false positives (meilisearch issue
// 6335), every hit is checked again here and more are fetched when some had
// to be dropped.
func (s *searcher) after(ctx context.Context, after string, desc bool) (*municat.SearchResult, error) {
	totals, err := s.run(ctx, s.pageRequest(s.filter, 1, 0))
	if err != nil {
		return nil, err
	}
	filter := and(s.filter, afterExpr(after, desc))
	beyond := func(id string) bool {
		if desc {
			return id < after
		}
		return id > after
	}
	var hits []searchHit
	for n, round := s.perPage, 0; round < afterRounds; round++ {
		a, err := s.run(ctx, s.pageRequest(filter, 1, n))
		if err != nil {
			return nil, err
		}
		hits = hits[:0]
		for _, h := range a.Hits {
			if beyond(h.ID) {
				hits = append(hits, h)
			}
		}
		if len(hits) >= s.perPage || len(a.Hits) < n {
			break
		}
		n += n - len(hits)
	}
	return s.result(totals, hits[:min(len(hits), s.perPage)])
}
