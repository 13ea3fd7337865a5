package searchtest

import (
	"slices"
	"testing"

	"github.com/municat/municat"
)

// defaultFacetSize is the number of values per facet when Query.FacetSize is 0.
const defaultFacetSize = 20

func testFilters(t *testing.T, idx municat.Index) {
	ds := MustLoad(t, idx)
	tests := []struct {
		name    string
		filters map[string][]string
		// min is the least number of matches, so that no case passes by
		// matching nothing.
		min int
	}{
		{"theme", map[string][]string{municat.FacetTheme: {"ENVI"}}, 5},
		{"theme OR", map[string][]string{municat.FacetTheme: {"ENVI", "TRAN"}}, 10},
		{"publisher", map[string][]string{municat.FacetPublisher: {stadtwerke}}, 4},
		{"organization", map[string][]string{municat.FacetOrganization: {organizationOf(stadtwerke)}}, 4},
		{"format", map[string][]string{municat.FacetFormat: {"WMS_SRVC"}}, 4},
		{"format OR", map[string][]string{municat.FacetFormat: {"PDF", "GEOJSON"}}, 12},
		{"license", map[string][]string{municat.FacetLicense: {ccBy}}, 6},
		{"keyword", map[string][]string{municat.FacetKeyword: {"Umwelt"}}, 3},
		{"theme AND format", map[string][]string{municat.FacetTheme: {"TRAN"}, municat.FacetFormat: {"CSV"}}, 3},
		{"three facets", map[string][]string{
			municat.FacetTheme:     {"GOVE"},
			municat.FacetLicense:   {ccBy},
			municat.FacetPublisher: {kleinhausen},
		}, 3},
		{"OR and AND", map[string][]string{
			municat.FacetTheme:  {"ENVI", "SOCI"},
			municat.FacetFormat: {"GEOJSON", "WMS_SRVC"},
		}, 4},
		{"unknown value", map[string][]string{municat.FacetFormat: {"XLSX"}}, 0},
		{"values exclude each other", map[string][]string{
			municat.FacetTheme:   {"ENVI"},
			municat.FacetKeyword: {"Haushalt"},
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := filtered(ds, tt.filters)
			if len(want) < tt.min {
				t.Fatalf("test data: %d matches, want at least %d", len(want), tt.min)
			}
			q := municat.Query{Filters: tt.filters, PerPage: all}
			res := MustSearch(t, idx, q)
			if got := sortedSet(hitIDs(res)); !slices.Equal(got, sortedSet(ids(want))) {
				t.Errorf("hits %v, want %v", got, sortedSet(ids(want)))
			}
			if res.Total != len(want) {
				t.Errorf("Total %d, want %d", res.Total, len(want))
			}
			checkFacets(t, res, expectedFacets(want, defaultFacetSize))
		})
	}
}

func testFacets(t *testing.T, idx municat.Index) {
	ds := MustLoad(t, idx)
	full := expectedFacets(ds, len(ds)*10)
	if n := len(full[municat.FacetKeyword]); n <= defaultFacetSize {
		t.Fatalf("test data: %d keywords, need more than %d to check the default size", n, defaultFacetSize)
	}
	// One hit per page; the facets still count every match.
	res := MustSearch(t, idx, municat.Query{PerPage: 1})
	checkFacets(t, res, expectedFacets(ds, defaultFacetSize))
	if n := len(res.Facets[municat.FacetKeyword]); n != defaultFacetSize {
		t.Errorf("keyword facet has %d values, want the default of %d", n, defaultFacetSize)
	}
	for _, size := range []int{1, 3, 100} {
		res := MustSearch(t, idx, municat.Query{PerPage: 1, FacetSize: size})
		checkFacets(t, res, expectedFacets(ds, size))
	}
	// A second page has the same facets as the first.
	page2 := MustSearch(t, idx, municat.Query{PerPage: 1, Page: 2})
	checkFacets(t, page2, expectedFacets(ds, defaultFacetSize))
}

// testFacetsOverAllMatches checks the facets of text queries against the
// datasets the engine itself found: the facets must count all of them, not
// only those of the page.
func testFacetsOverAllMatches(t *testing.T, idx municat.Index) {
	ds := MustLoad(t, idx)
	byID := map[string]*municat.Dataset{}
	for _, d := range ds {
		byID[d.ID] = d
	}
	for _, q := range []municat.Query{
		{Text: "Musterstadt"},
		{Text: "Umwelt"},
		{Text: "Haushaltsplan"},
		{Text: "Musterstadt", Filters: map[string][]string{municat.FacetFormat: {"CSV"}}},
	} {
		q.PerPage = all
		allHits := MustSearch(t, idx, q)
		if allHits.Total < 2 {
			t.Fatalf("Search(%s): %d hits, need at least 2 for this check", describe(q), allHits.Total)
		}
		var matches []*municat.Dataset
		for _, id := range hitIDs(allHits) {
			matches = append(matches, byID[id])
		}
		q.PerPage = 1
		res := MustSearch(t, idx, q)
		if res.Total != allHits.Total {
			t.Errorf("Search(%s): Total %d, but %d with a larger page", describe(q), res.Total, allHits.Total)
		}
		checkFacets(t, res, expectedFacets(matches, defaultFacetSize))
	}
}

// checkFacets compares the facets of res with want.
func checkFacets(t *testing.T, res *municat.SearchResult, want map[string][]municat.FacetValue) {
	t.Helper()
	for _, name := range municat.FacetNames {
		if got := res.Facets[name]; !slices.Equal(got, want[name]) {
			t.Errorf("facet %s = %v, want %v", name, got, want[name])
		}
	}
}
