package ckanapi

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"

	"github.com/municat/municat"
)

// searchRefs answers a search restricted to named packages (fq id:… or
// name:…): it reads those datasets, keeps the listed ones that pass the
// other filters, and counts their facets itself. The result is in id
// order; at most maxValues packages can be named, so this stays small.
func (a *api) searchRefs(ctx context.Context, s *searchRequest) (int, []*municat.Dataset, map[string][]municat.FacetValue, error) {
	var matched []*municat.Dataset
	seen := map[string]bool{}
	for _, ref := range s.refs {
		d, err := a.lookup(ctx, ref)
		if errors.Is(err, municat.ErrNotFound) {
			continue
		}
		if err != nil {
			return 0, nil, nil, err
		}
		if seen[d.ID] || !d.Listed() || !matches(d, s.query) {
			continue
		}
		seen[d.ID] = true
		matched = append(matched, d)
	}
	sort.Slice(matched, func(i, j int) bool { return matched[i].ID < matched[j].ID })
	facets := countFacets(matched, s.facetLimit)
	total := len(matched)
	page := matched[min(s.start, total):min(s.start+s.rows, total)]
	return total, page, facets, nil
}

// facetValuesOf returns the values d has for a municat facet, as the index
// holds them: a dataset without organisation, publisher or licence has no
// value for that facet.
func facetValuesOf(d *municat.Dataset, facet string) []string {
	switch facet {
	case municat.FacetTheme:
		return d.Themes
	case municat.FacetOrganization:
		return nonEmpty(d.Organization)
	case municat.FacetPublisher:
		return nonEmpty(d.PublisherName())
	case municat.FacetFormat:
		return d.Formats()
	case municat.FacetLicense:
		return nonEmpty(d.License)
	case municat.FacetKeyword:
		return d.Keywords
	}
	return nil
}

// nonEmpty returns s trimmed as a list of one value, or nil if it is blank.
func nonEmpty(s string) []string {
	if s = strings.TrimSpace(s); s != "" {
		return []string{s}
	}
	return nil
}

// matches reports whether d passes the filters and the modification bound
// of q (the index's semantics: any value of a facet, every facet).
func matches(d *municat.Dataset, q municat.Query) bool {
	if !q.ModifiedSince.IsZero() && (d.Modified == nil || d.Modified.Before(q.ModifiedSince)) {
		return false
	}
	for facet, want := range q.Filters {
		have := facetValuesOf(d, facet)
		if !slices.ContainsFunc(want, func(v string) bool { return slices.Contains(have, v) }) {
			return false
		}
	}
	return true
}

// countFacets counts the facet values of ds, most frequent first, ties by
// value, at most limit per facet.
func countFacets(ds []*municat.Dataset, limit int) map[string][]municat.FacetValue {
	out := map[string][]municat.FacetValue{}
	for _, facet := range municat.FacetNames {
		counts := map[string]int{}
		for _, d := range ds {
			for _, v := range municat.Distinct(facetValuesOf(d, facet)) {
				counts[v]++
			}
		}
		values := make([]municat.FacetValue, 0, len(counts))
		for v, n := range counts {
			values = append(values, municat.FacetValue{Value: v, Count: n})
		}
		sort.Slice(values, func(i, j int) bool {
			if values[i].Count != values[j].Count {
				return values[i].Count > values[j].Count
			}
			return values[i].Value < values[j].Value
		})
		if len(values) > limit {
			values = values[:limit]
		}
		out[facet] = values
	}
	return out
}
