package meili

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

var allFacets = []any{"theme", "organization", "publisher", "format", "license", "keyword"}

// searchBodies runs q on a fresh index over f and returns the bodies of the
// search requests it sent.
func searchBodies(t *testing.T, f *fakeServer, x *Index, q municat.Query) ([]map[string]any, *municat.SearchResult) {
	t.Helper()
	f.takeCalls()
	res, err := x.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	var bodies []map[string]any
	for _, c := range f.takeCalls() {
		if c.Method != "POST" || c.Path != "/indexes/"+x.UID()+"/search" {
			t.Errorf("unexpected request %s", c)
			continue
		}
		bodies = append(bodies, c.Body.(map[string]any))
	}
	return bodies, res
}

func TestSearchRequests(t *testing.T) {
	f := newFake(t)
	x := f.open(t, f.config())
	since := time.Date(2024, 1, 1, 0, 0, 0, 500, time.UTC)
	tests := []struct {
		name string
		q    municat.Query
		want map[string]any // the body, besides attributesToRetrieve, matchingStrategy and hybrid
	}{
		{"everything, newest first", municat.Query{},
			map[string]any{"q": "", "sort": []any{"modified:desc", "id:asc"}, "page": 1, "hitsPerPage": 20, "facets": allFacets}},
		{"text by relevance", municat.Query{Text: "Baumkataster"},
			map[string]any{"q": "Baumkataster", "page": 1, "hitsPerPage": 21, "facets": allFacets, "showRankingScore": true}},
		{"stop words only", municat.Query{Text: " der und die "},
			map[string]any{"q": "", "sort": []any{"modified:desc", "id:asc"}, "page": 1, "hitsPerPage": 20, "facets": allFacets}},
		{"OR within, AND across facets", municat.Query{Filters: map[string][]string{
			municat.FacetTheme: {"ENVI", "TRAN", "ENVI", " "}, municat.FacetFormat: {"CSV"}, municat.FacetLicense: nil}},
			map[string]any{"q": "", "filter": `theme IN ["ENVI", "TRAN"] AND format IN ["CSV"]`,
				"sort": []any{"modified:desc", "id:asc"}, "page": 1, "hitsPerPage": 20, "facets": allFacets}},
		{"quotes and backslashes", municat.Query{Filters: map[string][]string{
			municat.FacetPublisher: {`Stadt "Muster" \ Land\`, `x" OR theme = "y`}}},
			map[string]any{"q": "", "filter": `publisher IN ["Stadt \"Muster\" \\ Land\\", "x\" OR theme = \"y"]`,
				"sort": []any{"modified:desc", "id:asc"}, "page": 1, "hitsPerPage": 20, "facets": allFacets}},
		{"modified since", municat.Query{ModifiedSince: since, Sort: municat.SortID},
			map[string]any{"q": "", "filter": "modified >= 1704067200", "sort": []any{"id:asc"}, "page": 1, "hitsPerPage": 20, "facets": allFacets}},
		{"title desc, page 3 of 5", municat.Query{Sort: municat.SortTitle, Desc: true, Page: 3, PerPage: 5},
			map[string]any{"q": "", "sort": []any{"title_sort:desc", "id:asc"}, "page": 3, "hitsPerPage": 5, "facets": allFacets}},
		{"modified asc, page size capped", municat.Query{Sort: municat.SortModified, PerPage: 5000, Page: -3},
			map[string]any{"q": "", "sort": []any{"modified:asc", "id:asc"}, "page": 1, "hitsPerPage": 1000, "facets": allFacets}},
		{"issued", municat.Query{Sort: municat.SortIssued, PerPage: -1},
			map[string]any{"q": "", "sort": []any{"issued:asc", "id:asc"}, "page": 1, "hitsPerPage": 20, "facets": allFacets}},
		{"id desc", municat.Query{Sort: municat.SortID, Desc: true},
			map[string]any{"q": "", "sort": []any{"id:desc"}, "page": 1, "hitsPerPage": 20, "facets": allFacets}},
		{"text sorted by title", municat.Query{Text: "Haushalt", Sort: municat.SortTitle},
			map[string]any{"q": "Haushalt", "sort": []any{"title_sort:asc", "id:asc"}, "page": 1, "hitsPerPage": 20,
				"facets": allFacets, "showRankingScore": true}},
		{"huge page", municat.Query{Sort: municat.SortID, Page: 1 << 40, PerPage: 100},
			map[string]any{"q": "", "sort": []any{"id:asc"}, "page": MaxTotalHits/100 + 2, "hitsPerPage": 100, "facets": allFacets}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bodies, _ := searchBodies(t, f, x, tt.q)
			if len(bodies) != 1 {
				t.Fatalf("%d search requests, want 1", len(bodies))
			}
			body := bodies[0]
			if got := body["attributesToRetrieve"]; !jsonEqual(got, []any{"id"}) {
				t.Errorf("attributesToRetrieve = %v", got)
			}
			if got := body["matchingStrategy"]; got != "all" {
				t.Errorf("matchingStrategy = %v, want all", got)
			}
			delete(body, "attributesToRetrieve")
			delete(body, "matchingStrategy")
			if body["hybrid"] != nil {
				t.Errorf("hybrid = %v, want null", body["hybrid"])
			}
			delete(body, "hybrid")
			if !jsonEqual(body, tt.want) {
				t.Errorf("body\n got %v\nwant %v", asJSON(t, body), asJSON(t, tt.want))
			}
		})
	}
}

func TestSearchInvalid(t *testing.T) {
	f := newFake(t)
	x := f.open(t, f.config())
	f.takeCalls()
	for _, tt := range []struct {
		q    municat.Query
		want string
	}{
		{municat.Query{Filters: map[string][]string{"farbe": {"rot"}}}, `Unbekannter Filter "farbe".`},
		{municat.Query{Sort: "beliebtheit"}, `Unbekannte Sortierung "beliebtheit".`},
		{municat.Query{Sort: "Title"}, `Unbekannte Sortierung "Title".`},
		{municat.Query{Sort: municat.SortTitle, After: "x"}, "Das Weiterblättern ab einem Datensatz (after) geht nur mit der Sortierung nach Kennung (id)."},
	} {
		_, err := x.Search(context.Background(), tt.q)
		if municat.ErrorCode(err) != municat.EINVALID || municat.ErrorMessage(err) != tt.want {
			t.Errorf("Search(%+v) = %v, want EINVALID %q", tt.q, err, tt.want)
		}
	}
	if calls := f.takeCalls(); len(calls) != 0 {
		t.Errorf("invalid queries sent %v", paths(calls))
	}
}

func TestSearchReadsAnswer(t *testing.T) {
	f := newFake(t) // answers testdata/search_page.json
	x := f.open(t, f.config())
	res, err := x.Search(context.Background(), municat.Query{Text: "Umwelt", Sort: municat.SortTitle, FacetSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	wantHits := []municat.Hit{{ID: "musterstadt.baumkataster", Score: 0.9546}, {ID: "beispielkreis.luftqualitaet", Score: 0.8103}, {ID: "stadtwerke.abfallkalender", Score: 0.5}}
	if !slices.Equal(res.Hits, wantHits) || res.Total != 3 {
		t.Errorf("hits %v total %d, want %v total 3", res.Hits, res.Total, wantHits)
	}
	want := map[string][]municat.FacetValue{
		municat.FacetTheme:        {{Value: "ENVI", Count: 3}},
		municat.FacetFormat:       {{Value: "CSV", Count: 3}, {Value: "GEOJSON", Count: 1}},
		municat.FacetKeyword:      {{Value: "Umwelt", Count: 2}, {Value: "Abfall", Count: 1}},
		municat.FacetLicense:      {{Value: "dl-by-de/2.0", Count: 2}, {Value: "cc-by/4.0", Count: 1}},
		municat.FacetOrganization: {{Value: "landkreis-beispielkreis", Count: 1}, {Value: "stadt-musterstadt", Count: 1}},
		municat.FacetPublisher:    {},
	}
	if len(res.Facets) != len(want) {
		t.Errorf("facets %v, want all six", res.Facets)
	}
	for name, w := range want {
		got, ok := res.Facets[name]
		if !ok || got == nil || !slices.Equal(got, w) {
			t.Errorf("facet %s = %#v, want %v", name, got, w)
		}
	}
}

// ranked is a result list in Meilisearch's order with ties by score that
// its internal order does not break by id.
var ranked = []fakeHit{{"a", 0.9}, {"z", 0.8}, {"c", 0.8}, {"b", 0.8}, {"d", 0.5}, {"e", 0.4}}

func TestSearchOrdersScoreTiesByID(t *testing.T) {
	f := newFake(t)
	x := f.open(t, f.config())
	f.hits = ranked
	var all []string
	for page := 1; page <= 4; page++ {
		bodies, res := searchBodies(t, f, x, municat.Query{Text: "spiel", Page: page, PerPage: 2})
		if res.Total != len(ranked) {
			t.Errorf("page %d: Total %d, want %d", page, res.Total, len(ranked))
		}
		for _, h := range res.Hits {
			all = append(all, h.ID)
		}
		if page == 1 {
			// One more than the page, then further while the last fetched
			// hit ties with the page's last one (0.8).
			if len(bodies) != 2 || !jsonEqual(bodies[0]["hitsPerPage"], 3) || bodies[0]["page"] != 1.0 ||
				!jsonEqual(bodies[1]["offset"], 3) || !jsonEqual(bodies[1]["limit"], 3) || bodies[1]["facets"] != nil ||
				bodies[1]["showRankingScore"] != true {
				t.Errorf("page 1 requests: %v", bodies)
			}
			if res.Hits[0].Score != 0.9 || res.Hits[1].Score != 0.8 {
				t.Errorf("page 1 scores: %v", res.Hits)
			}
		}
	}
	if want := []string{"a", "b", "c", "z", "d", "e"}; !slices.Equal(all, want) {
		t.Errorf("pages together %v, want %v", all, want)
	}
	// A page whose last hit scores above the next one needs one request.
	bodies, res := searchBodies(t, f, x, municat.Query{Text: "spiel", PerPage: 1})
	if len(bodies) != 1 || len(res.Hits) != 1 || res.Hits[0].ID != "a" {
		t.Errorf("first hit: %d requests, hits %v", len(bodies), res.Hits)
	}
}

func TestSearchPastTheEnd(t *testing.T) {
	f := newFake(t)
	x := f.open(t, f.config())
	f.hits = ranked
	for _, q := range []municat.Query{
		{Page: 10, PerPage: 2},
		{Text: "spiel", Page: 10, PerPage: 2},
		{Text: "spiel", Page: MaxTotalHits, PerPage: 2},
	} {
		res, err := x.Search(context.Background(), q)
		if err != nil || len(res.Hits) != 0 || res.Total != len(ranked) {
			t.Errorf("Search(%+v) = %v, %v; want no hits, Total %d", q, res, err, len(ranked))
		}
	}
}

func TestSearchAfter(t *testing.T) {
	f := newFake(t)
	x := f.open(t, f.config())
	f.hits = []fakeHit{{"a", 0}, {"b", 0}, {"c", 0}, {"d", 0}, {"e", 0}}
	// Play an engine whose string comparison lets "b" itself through.
	f.filterHits = func(filter string, hits []fakeHit) []fakeHit {
		if strings.Contains(filter, `id > "b"`) {
			return hits[1:]
		}
		if strings.Contains(filter, `id < "d"`) {
			return []fakeHit{{"d", 0}, {"c", 0}, {"b", 0}, {"a", 0}}
		}
		return hits
	}
	envi := map[string][]string{municat.FacetTheme: {"ENVI"}}
	bodies, res := searchBodies(t, f, x, municat.Query{Sort: municat.SortID, After: "b", Page: 7, PerPage: 2, Filters: envi})
	if got := hitIDs(res); !slices.Equal(got, []string{"c", "d"}) || res.Total != 5 {
		t.Errorf("after b: hits %v total %d, want [c d] total 5", got, res.Total)
	}
	if len(bodies) != 3 {
		t.Fatalf("%d requests, want totals, hits, hits again", len(bodies))
	}
	if !jsonEqual(bodies[0]["hitsPerPage"], 0) || bodies[0]["filter"] != `theme IN ["ENVI"]` || bodies[0]["facets"] == nil {
		t.Errorf("totals request %v", bodies[0])
	}
	for i, n := range []int{2, 3} {
		b := bodies[i+1]
		if b["filter"] != `(theme IN ["ENVI"]) AND (id > "b")` || !jsonEqual(b["sort"], []string{"id:asc"}) ||
			!jsonEqual(b["hitsPerPage"], n) || !jsonEqual(b["page"], 1) {
			t.Errorf("hits request %d: %v", i, b)
		}
	}
	_, res = searchBodies(t, f, x, municat.Query{Sort: municat.SortID, Desc: true, After: "d", PerPage: 2})
	if got := hitIDs(res); !slices.Equal(got, []string{"c", "b"}) {
		t.Errorf("before d: hits %v, want [c b]", got)
	}
}

func TestSearchErrors(t *testing.T) {
	f := newFake(t)
	x := f.open(t, f.config())
	f.searchFail = &fakeFailure{400, "error_invalid_search_filter.json"}
	_, err := x.Search(context.Background(), municat.Query{})
	want := "meilisearch at " + f.srv.URL + ": search in datasets_v1: invalid_search_filter: Attribute `colour` is not filterable. Available filterable attributes are: `genres`. 1:7 colour = red"
	if err == nil || err.Error() != want || municat.ErrorCode(err) != municat.EINTERNAL {
		t.Errorf("refused search: %v (%s), want internal %q", err, municat.ErrorCode(err), want)
	}
	f.searchFail = &fakeFailure{404, "error_index_not_found.json"}
	_, err = x.Search(context.Background(), municat.Query{})
	if municat.ErrorCode(err) != municat.EUNAVAILABLE || !strings.Contains(err.Error(), "index_not_found") {
		t.Errorf("missing index: %v, want EUNAVAILABLE", err)
	}
	f.searchFail = nil
	f.srv.Close()
	_, err = x.Search(context.Background(), municat.Query{})
	if municat.ErrorCode(err) != municat.EUNAVAILABLE || municat.ErrorMessage(err) != unavailableMessage {
		t.Errorf("stopped server: %v, want EUNAVAILABLE", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err = x.Search(ctx, municat.Query{}); err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("canceled search: %v", err)
	}
}

func hitIDs(res *municat.SearchResult) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out
}

func TestFacetValuesOrderAndCap(t *testing.T) {
	dist := map[string]map[string]int{"keyword": {"b": 2, "a": 2, "c": 5, "d": 1, "zero": 0}}
	got := facetValues(dist, 3)
	if want := []municat.FacetValue{{Value: "c", Count: 5}, {Value: "a", Count: 2}, {Value: "b", Count: 2}}; !slices.Equal(got[municat.FacetKeyword], want) {
		t.Errorf("keyword facet = %v, want %v", got[municat.FacetKeyword], want)
	}
	for _, name := range municat.FacetNames {
		if got[name] == nil {
			t.Errorf("facet %s is nil, want an empty slice", name)
		}
	}
}
