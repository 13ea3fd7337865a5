// Package searchtest is the contract suite of municat.Index: every search
// backend runs it unchanged, in a few lines:
//
//	func TestIndex(t *testing.T) {
//		searchtest.Run(t, func(t *testing.T) municat.Index { return newIndex(t) })
//	}
//
// It checks only what the Index interface promises, with about 25 realistic
// German municipal datasets (see Datasets): what is found, in which order,
// how filters combine, how facets are counted, and that pages are stable.
// Where the interface leaves room (ranking details, typo tolerance, which
// words a stemmer joins beyond common inflections), the suite checks the
// part every reasonable engine agrees on: the expected dataset is found and
// ranked first, not the full list of hits.
package searchtest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/municat/municat"
)

// Run runs the suite. newIndex must return a new, empty index for each
// subtest; the suite closes it at the end of the subtest.
func Run(t *testing.T, newIndex func(t *testing.T) municat.Index) {
	tests := []struct {
		name string
		fn   func(t *testing.T, idx municat.Index)
	}{
		{"Empty", testEmpty},
		{"MatchAll", testMatchAll},
		{"Withdrawn", testWithdrawn},
		{"Replace", testReplace},
		{"Delete", testDelete},
		{"CountAndIDs", testCountAndIDs},
		{"Text", testText},
		{"TextRelevance", testTextRelevance},
		{"RelevanceTies", testRelevanceTies},
		{"TextAndFilters", testTextAndFilters},
		{"Filters", testFilters},
		{"UnknownFacet", testUnknownFacet},
		{"UnknownSort", testUnknownSort},
		{"Facets", testFacets},
		{"FacetsOverAllMatches", testFacetsOverAllMatches},
		{"Sort", testSort},
		{"Pagination", testPagination},
		{"After", testAfter},
		{"Concurrent", testConcurrent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idx := newIndex(t)
			t.Cleanup(func() {
				if err := idx.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.fn(t, idx)
		})
	}
}

// MustIndex indexes ds into idx and fails tb on error.
func MustIndex(tb testing.TB, idx municat.Index, ds ...*municat.Dataset) {
	tb.Helper()
	if err := idx.Index(context.Background(), ds...); err != nil {
		tb.Fatalf("Index: %v", err)
	}
}

// MustSearch runs q on idx and fails tb on error. It also checks what holds
// for every result: all facets present, each ordered by count descending
// then value ascending, no hit repeated, no more hits than asked for.
func MustSearch(tb testing.TB, idx municat.Index, q municat.Query) *municat.SearchResult {
	tb.Helper()
	res, err := idx.Search(context.Background(), q)
	if err != nil {
		tb.Fatalf("Search(%s): %v", describe(q), err)
	}
	for _, name := range municat.FacetNames {
		values, ok := res.Facets[name]
		if !ok {
			tb.Errorf("Search(%s): facet %q missing", describe(q), name)
		}
		if !slices.IsSortedFunc(values, compareFacetValues) {
			tb.Errorf("Search(%s): facet %q not ordered by count desc, value asc: %v", describe(q), name, values)
		}
	}
	if len(res.Facets) != len(municat.FacetNames) {
		tb.Errorf("Search(%s): facets %v, want exactly %v", describe(q), keys(res.Facets), municat.FacetNames)
	}
	seen := map[string]bool{}
	for _, h := range res.Hits {
		if seen[h.ID] {
			tb.Errorf("Search(%s): hit %s repeated", describe(q), h.ID)
		}
		seen[h.ID] = true
	}
	if q.PerPage > 0 && len(res.Hits) > q.PerPage {
		tb.Errorf("Search(%s): %d hits, more than PerPage", describe(q), len(res.Hits))
	}
	if len(res.Hits) > res.Total {
		tb.Errorf("Search(%s): %d hits but Total %d", describe(q), len(res.Hits), res.Total)
	}
	return res
}

// MustLoad indexes all test datasets (the withdrawn one included, which must
// not be found) and returns the published ones.
func MustLoad(tb testing.TB, idx municat.Index) []*municat.Dataset {
	tb.Helper()
	ds := Datasets()
	MustIndex(tb, idx, ds...)
	return published(ds)
}

// mustLoadOneByOne indexes all test datasets one per call, in descending id
// order, and returns the published ones. An engine that breaks ties by
// insertion order then returns them against the id order the interface
// promises.
func mustLoadOneByOne(tb testing.TB, idx municat.Index) []*municat.Dataset {
	tb.Helper()
	ds := Datasets()
	slices.SortFunc(ds, func(a, b *municat.Dataset) int { return cmp.Compare(b.ID, a.ID) })
	for _, d := range ds {
		MustIndex(tb, idx, d)
	}
	return published(ds)
}

// MustCount returns idx.Count and fails tb on error.
func MustCount(tb testing.TB, idx municat.Index) int {
	tb.Helper()
	n, err := idx.Count(context.Background())
	if err != nil {
		tb.Fatalf("Count: %v", err)
	}
	return n
}

// MustIDs returns idx.IDs and fails tb on error.
func MustIDs(tb testing.TB, idx municat.Index) []string {
	tb.Helper()
	ids, err := idx.IDs(context.Background())
	if err != nil {
		tb.Fatalf("IDs: %v", err)
	}
	return ids
}

// all is a page size that holds every test dataset.
const all = 100

// hitIDs returns the ids of the hits of res, in order.
func hitIDs(res *municat.SearchResult) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out
}

// describe returns q in a short form for messages.
func describe(q municat.Query) string {
	return fmt.Sprintf("text=%q filters=%v sort=%q desc=%v page=%d/%d", q.Text, q.Filters, q.Sort, q.Desc, q.Page, q.PerPage)
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func testEmpty(t *testing.T, idx municat.Index) {
	if n := MustCount(t, idx); n != 0 {
		t.Errorf("Count of a new index = %d, want 0", n)
	}
	if ids := MustIDs(t, idx); len(ids) != 0 {
		t.Errorf("IDs of a new index = %v, want none", ids)
	}
	res := MustSearch(t, idx, municat.Query{PerPage: 10})
	if res.Total != 0 || len(res.Hits) != 0 {
		t.Errorf("Search of a new index: Total %d, hits %v; want none", res.Total, hitIDs(res))
	}
	for name, values := range res.Facets {
		if len(values) != 0 {
			t.Errorf("facet %s of a new index = %v, want empty", name, values)
		}
	}
}

func testMatchAll(t *testing.T, idx municat.Index) {
	want := ids(MustLoad(t, idx))
	res := MustSearch(t, idx, municat.Query{PerPage: all})
	if res.Total != len(want) {
		t.Errorf("empty query: Total %d, want %d (all published)", res.Total, len(want))
	}
	if got := sortedSet(hitIDs(res)); !slices.Equal(got, sortedSet(want)) {
		t.Errorf("empty query: hits %v, want %v", got, sortedSet(want))
	}
}

func testWithdrawn(t *testing.T, idx municat.Index) {
	ds := Datasets()
	var withdrawn *municat.Dataset
	for _, d := range ds {
		if d.ID == idParkscheinautomat {
			withdrawn = d
		}
	}
	// Indexing a withdrawn dataset never indexes it.
	MustIndex(t, idx, withdrawn)
	if n := MustCount(t, idx); n != 0 {
		t.Errorf("Count after indexing only a withdrawn dataset = %d, want 0", n)
	}
	// A published dataset that is withdrawn later is removed.
	republished := *withdrawn
	republished.State = municat.Published
	MustIndex(t, idx, &republished)
	if res := MustSearch(t, idx, municat.Query{Text: "Parkscheinautomaten"}); !slices.Contains(hitIDs(res), idParkscheinautomat) {
		t.Fatalf("published dataset not found: %v", hitIDs(res))
	}
	MustIndex(t, idx, withdrawn)
	if res := MustSearch(t, idx, municat.Query{Text: "Parkscheinautomaten"}); slices.Contains(hitIDs(res), idParkscheinautomat) {
		t.Errorf("withdrawn dataset still found: %v", hitIDs(res))
	}
	if n := MustCount(t, idx); n != 0 {
		t.Errorf("Count after withdrawing = %d, want 0", n)
	}
	// A duplicate of another source's dataset is published but not listed:
	// indexing it removes it too.
	duplicate := republished
	duplicate.DuplicateOf = "land.parkscheinautomaten"
	MustIndex(t, idx, &republished)
	MustIndex(t, idx, &duplicate)
	if n := MustCount(t, idx); n != 0 {
		t.Errorf("Count after indexing a duplicate = %d, want 0", n)
	}
	// Among all test data, the withdrawn dataset is found by nothing.
	MustLoad(t, idx)
	for _, q := range []municat.Query{
		{PerPage: all},
		{Text: "Parkscheinautomaten", PerPage: all},
		{Filters: map[string][]string{municat.FacetKeyword: {"Parkscheinautomat"}}, PerPage: all},
	} {
		if res := MustSearch(t, idx, q); slices.Contains(hitIDs(res), idParkscheinautomat) {
			t.Errorf("Search(%s) found the withdrawn dataset", describe(q))
		}
	}
	if slices.Contains(MustIDs(t, idx), idParkscheinautomat) {
		t.Errorf("IDs include the withdrawn dataset")
	}
}

func testReplace(t *testing.T, idx municat.Index) {
	d := Datasets()[0] // Baumkataster, ENVI
	MustIndex(t, idx, d)
	changed := *d
	changed.Title = municat.Text{"de": "Straßenbegleitgrün"}
	changed.Description = municat.NewText("Pflegeflächen entlang der Straßen.")
	changed.Keywords = []string{"Grünflächen"}
	changed.Themes = []string{"REGI"}
	MustIndex(t, idx, &changed)

	if n := MustCount(t, idx); n != 1 {
		t.Errorf("Count after replacing = %d, want 1", n)
	}
	if res := MustSearch(t, idx, municat.Query{Text: "Baumkataster"}); res.Total != 0 {
		t.Errorf("old title still found: %v", hitIDs(res))
	}
	if res := MustSearch(t, idx, municat.Query{Text: "Straßenbegleitgrün"}); !slices.Equal(hitIDs(res), []string{d.ID}) {
		t.Errorf("new title: hits %v, want [%s]", hitIDs(res), d.ID)
	}
	res := MustSearch(t, idx, municat.Query{})
	want := []municat.FacetValue{{Value: "REGI", Count: 1}}
	if got := res.Facets[municat.FacetTheme]; !slices.Equal(got, want) {
		t.Errorf("theme facet after replacing = %v, want %v", got, want)
	}
}

func testDelete(t *testing.T, idx municat.Index) {
	ds := MustLoad(t, idx)
	ctx := context.Background()
	if err := idx.Delete(ctx, idBaumkataster, idLuft, "gibt.es-nicht"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if err := idx.Delete(ctx, idBaumkataster); err != nil {
		t.Errorf("Delete of a deleted id: %v", err)
	}
	if err := idx.Delete(ctx); err != nil {
		t.Errorf("Delete without ids: %v", err)
	}
	if n := MustCount(t, idx); n != len(ds)-2 {
		t.Errorf("Count after deleting 2 = %d, want %d", n, len(ds)-2)
	}
	for _, q := range []string{"Baumkataster", "Luftqualität"} {
		if res := MustSearch(t, idx, municat.Query{Text: q}); slices.ContainsFunc(hitIDs(res), func(id string) bool {
			return id == idBaumkataster || id == idLuft
		}) {
			t.Errorf("deleted dataset found by %q: %v", q, hitIDs(res))
		}
	}
	if got := MustIDs(t, idx); slices.Contains(got, idBaumkataster) || slices.Contains(got, idLuft) {
		t.Errorf("IDs after delete still hold a deleted id: %v", got)
	}
}

func testCountAndIDs(t *testing.T, idx municat.Index) {
	ds := MustLoad(t, idx)
	if n := MustCount(t, idx); n != len(ds) {
		t.Errorf("Count = %d, want %d", n, len(ds))
	}
	if got, want := MustIDs(t, idx), sortedSet(ids(ds)); !slices.Equal(got, want) {
		t.Errorf("IDs = %v, want %v (sorted)", got, want)
	}
	// Indexing the same datasets again changes nothing.
	MustIndex(t, idx, Datasets()...)
	if n := MustCount(t, idx); n != len(ds) {
		t.Errorf("Count after indexing again = %d, want %d", n, len(ds))
	}
}

// isInvalid reports whether err is an EINVALID error.
func isInvalid(err error) bool { return errors.Is(err, municat.ErrInvalid) }

func testUnknownFacet(t *testing.T, idx municat.Index) {
	MustLoad(t, idx)
	for _, filters := range []map[string][]string{
		{"farbe": {"rot"}},
		{municat.FacetTheme: {"ENVI"}, "Theme": {"ENVI"}},
	} {
		_, err := idx.Search(context.Background(), municat.Query{Filters: filters})
		if !isInvalid(err) {
			t.Errorf("Search with filters %v: err = %v, want ErrInvalid", filters, err)
		}
	}
}

func testUnknownSort(t *testing.T, idx municat.Index) {
	MustLoad(t, idx)
	for _, sort := range []string{"beliebtheit", "Title", "-modified"} {
		_, err := idx.Search(context.Background(), municat.Query{Sort: sort})
		if !isInvalid(err) {
			t.Errorf("Search with sort %q: err = %v, want ErrInvalid", sort, err)
		}
	}
}
