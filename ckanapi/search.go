package ckanapi

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/municat/municat"
)

// Limits of package_search.
const (
	// DefaultRows is the page size when rows is not given, as CKAN's.
	DefaultRows = 10
	// MaxRows is the largest page size (CKAN's ckan.search.rows_max).
	MaxRows = 1000
	// MaxStart is the deepest offset; it keeps start+rows within what the
	// index backends page to.
	MaxStart = 100000
	// defaultFacetLimit is facet.limit when not given, as CKAN's.
	defaultFacetLimit = 50
	// maxFacetValues caps the values of one facet (facet.limit -1).
	maxFacetValues = 1000
)

// defaultSort is CKAN's default order, which the answer repeats.
const defaultSort = "score desc, metadata_modified desc"

// facetFields maps the CKAN facet fields to municat's facets.
var facetFields = map[string]string{
	"organization": municat.FacetOrganization,
	"groups":       municat.FacetTheme,
	"tags":         municat.FacetKeyword,
	"res_format":   municat.FacetFormat,
	"license_id":   municat.FacetLicense,
}

// searchRequest is a parsed package_search call.
type searchRequest struct {
	query       municat.Query
	refs        []string
	nothing     bool
	rows, start int
	sort        string
	facets      []string
	facetLimit  int
}

// parseSearch reads the parameters of package_search.
func parseSearch(r *reader) (*searchRequest, error) {
	s := &searchRequest{
		rows:  r.atMost("rows", DefaultRows, MaxRows),
		start: r.natural("start", 0, MaxStart),
		sort:  r.str("sort"),
	}
	q, fq := r.str("q"), r.str("fq")
	s.facets = r.list("facet.field")
	s.facetLimit = defaultFacetLimit
	if v := r.str("facet.limit"); v == "-1" {
		s.facetLimit = maxFacetValues
	} else {
		s.facetLimit = r.natural("facet.limit", defaultFacetLimit, maxFacetValues)
	}
	r.boolean("include_private", false)
	r.boolean("include_drafts", false)
	for _, f := range s.facets {
		if _, ok := facetFields[f]; !ok {
			r.errs.add("facet.field", fmt.Sprintf("Das Feld %q kann nicht gezählt werden; möglich sind organization, groups, tags, res_format und license_id.", clip(f, 40)))
		}
	}
	if err := r.err(); err != nil {
		return nil, err
	}
	if s.sort == "" {
		s.sort = defaultSort
	}
	order, desc, err := parseSort(s.sort)
	if err != nil {
		return nil, err
	}
	qf, err := ParseQuery(q)
	if err != nil {
		return nil, err
	}
	ff, err := ParseFilterQuery(fq)
	if err != nil {
		return nil, err
	}
	merged, err := merge(qf, ff)
	if err != nil {
		return nil, err
	}
	if merged.Refs != nil && merged.Text != "" {
		return nil, searchQueryError("Suchtext (q) und id/name (fq) lassen sich nicht verbinden; suchen Sie entweder nach Text oder nach bestimmten Datensätzen.")
	}
	s.refs, s.nothing = merged.Refs, merged.Nothing
	s.query = municat.Query{
		Text: merged.Text, Filters: merged.Filters, ModifiedSince: merged.ModifiedSince,
		Sort: order, Desc: desc, FacetSize: s.facetLimit,
	}
	return s, nil
}

// merge joins the terms of q and fq; a field in both must have the same
// values.
func merge(q, fq FilterQuery) (FilterQuery, error) {
	out := fq
	out.Text = q.Text
	out.Nothing = q.Nothing || fq.Nothing
	if q.ModifiedSince.After(out.ModifiedSince) {
		out.ModifiedSince = q.ModifiedSince
	}
	if q.Refs != nil {
		if out.Refs != nil {
			return FilterQuery{}, searchQueryError("id und name dürfen zusammen nur einmal vorkommen.")
		}
		out.Refs = q.Refs
	}
	for k, vs := range q.Filters {
		if old, ok := out.Filters[k]; ok && !sameSet(old, vs) {
			return FilterQuery{}, searchQueryError("Ein Feld steht in q und fq mit verschiedenen Werten; das UND mehrerer Werte eines Feldes wird nicht unterstützt.")
		}
		if out.Filters == nil {
			out.Filters = map[string][]string{}
		}
		out.Filters[k] = vs
	}
	return out, nil
}

// sortFields maps the sort fields CKAN clients use to municat's orders.
var sortFields = map[string]string{
	"score":             municat.SortRelevance,
	"relevance":         municat.SortRelevance,
	"metadata_modified": municat.SortModified,
	"metadata_created":  municat.SortIssued,
	"title_string":      municat.SortTitle,
	"title":             municat.SortTitle,
	"name":              municat.SortID,
	"id":                municat.SortID,
}

// parseSort reads a sort parameter: "field dir" pairs separated by commas.
// The first field sets the order; later ones must be known fields too, and
// are served by the index's tie-break (the id, ascending).
func parseSort(s string) (order string, desc bool, err error) {
	for i, part := range strings.Split(s, ",") {
		f := strings.Fields(part)
		if len(f) == 1 {
			f = append(f, "asc")
		}
		field, ok := sortFields[strings.ToLower(f[0])]
		if len(f) != 2 || !ok || f[1] != "asc" && f[1] != "desc" {
			return "", false, searchQueryError(fmt.Sprintf("Die Sortierung %q wird nicht unterstützt; möglich sind score, metadata_modified, metadata_created, title_string, name und id, jeweils mit asc oder desc, z. B. \"metadata_modified desc\".", clip(strings.TrimSpace(part), 60)))
		}
		if i == 0 {
			order, desc = field, f[1] == "desc"
			if field == municat.SortRelevance {
				desc = false // best first is the only relevance order
			}
		}
	}
	return order, desc, nil
}

// packageSearch answers package_search.
func (a *api) packageSearch(ctx context.Context, r *reader) (any, error) {
	s, err := parseSearch(r)
	if err != nil {
		return nil, err
	}
	var total int
	var datasets []*municat.Dataset
	var facets map[string][]municat.FacetValue
	switch {
	case s.nothing:
		facets = map[string][]municat.FacetValue{}
	case s.refs != nil:
		total, datasets, facets, err = a.searchRefs(ctx, s)
	default:
		total, datasets, facets, err = a.searchIndex(ctx, s)
	}
	if err != nil {
		return nil, err
	}
	ids := orgIDs(datasets)
	if slices.Contains(s.facets, "organization") {
		for _, v := range facets[municat.FacetOrganization] {
			ids = append(ids, v.Value)
		}
	}
	orgs, err := a.orgs(ctx, ids...)
	if err != nil {
		return nil, err
	}
	out := SearchResult{
		Count: total, Sort: s.sort, Results: make([]Package, 0, len(datasets)),
		Facets: map[string]map[string]int{}, SearchFacets: map[string]SearchFacet{},
	}
	for _, d := range datasets {
		out.Results = append(out.Results, a.pkg(d, orgs))
	}
	for _, field := range s.facets {
		counts := map[string]int{}
		items := []SearchFacetItem{}
		for _, v := range facets[facetFields[field]] {
			name := facetName(field, v.Value)
			counts[name] = v.Count
			items = append(items, SearchFacetItem{Count: v.Count, Name: name, DisplayName: facetDisplay(field, v.Value, orgs)})
		}
		out.Facets[field] = counts
		out.SearchFacets[field] = SearchFacet{Title: field, Items: items}
	}
	return reply{value: out, modified: newest(datasets...), page: &pageInfo{
		offsetParam: "start", limitParam: "rows", offset: s.start, limit: s.rows, total: total,
	}}, nil
}

// searchIndex runs a search through the index and reads the page's
// datasets.
func (a *api) searchIndex(ctx context.Context, s *searchRequest) (int, []*municat.Dataset, map[string][]municat.FacetValue, error) {
	res, hits, err := window(ctx, a.cfg.Index, s.query, s.start, s.rows)
	if err != nil {
		return 0, nil, nil, err
	}
	found, err := a.cfg.Catalog.HitDatasets(ctx, hits, a.log)
	if err != nil {
		return 0, nil, nil, err
	}
	datasets := make([]*municat.Dataset, 0, len(found))
	for _, d := range found {
		if d.IsPublished() && !d.Unreleased() {
			datasets = append(datasets, d.PublicView())
		}
	}
	return res.Total, datasets, res.Facets, nil
}

// window returns the hits start to start+rows of q, whatever start is:
// from one page of the index when start is a multiple of rows, else from
// the two pages of size rows that hold the window. The result carries the
// total and the facets.
func window(ctx context.Context, idx municat.Index, q municat.Query, start, rows int) (*municat.SearchResult, []municat.Hit, error) {
	if rows == 0 {
		q.Page, q.PerPage = 1, 1
		res, err := idx.Search(ctx, q)
		return res, nil, err
	}
	q.Page, q.PerPage = start/rows+1, rows
	res, err := idx.Search(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	off := start % rows
	hits := res.Hits
	if off > 0 {
		if off >= len(hits) {
			return res, nil, nil
		}
		hits = hits[off:]
		if len(hits) < rows && start+len(hits) < res.Total {
			q.Page++
			more, err := idx.Search(ctx, q)
			if err != nil {
				return nil, nil, err
			}
			hits = append(hits[:len(hits):len(hits)], more.Hits...)
		}
	}
	if len(hits) > rows {
		hits = hits[:rows]
	}
	return res, hits, nil
}

// facetName returns the CKAN value of a facet value: group names are
// lower-case theme codes.
func facetName(field, v string) string {
	if field == "groups" {
		return strings.ToLower(v)
	}
	return v
}

// facetDisplay returns the display name of a facet value: the
// organisation's or theme's or licence's title, else the value.
func facetDisplay(field, v string, orgs orgSet) string {
	switch field {
	case "organization":
		if o := orgs[v]; o != nil && o.Name != "" {
			return o.Name
		}
	case "groups":
		if t, ok := municat.ThemeByCode(v); ok {
			return text(t.Label)
		}
	case "license_id":
		if _, title, _, _ := licenseOf(v); title != "" {
			return title
		}
	}
	return v
}
