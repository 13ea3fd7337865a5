package server_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/server"
)

func ids(res server.SearchResponse) []string {
	out := []string{}
	for _, it := range res.Items {
		out = append(out, it.ID)
	}
	return out
}

func TestSearchByWord(t *testing.T) {
	e := MustEnv(t, nil)
	var res server.SearchResponse
	MustGetJSON(t, e.app, "/api/v1/datasets?q=Baumkataster", http.StatusOK, &res)
	if res.Total != 1 || len(res.Items) != 1 || res.Page != 1 || res.PerPage != server.DefaultPerPage {
		t.Fatalf("search: total %d, page %d, per_page %d, items %v", res.Total, res.Page, res.PerPage, ids(res))
	}
	it := res.Items[0]
	if it.ID != "stadt-ckan.baumkataster" || it.Title["de"] != "Baumkataster" || it.Title["en"] != "Tree register" {
		t.Errorf("item %+v", it)
	}
	if it.URL != testBaseURL+"/api/v1/datasets/stadt-ckan.baumkataster" {
		t.Errorf("url %q", it.URL)
	}
	if it.Organization != "stadt-musterstadt" || it.Publisher == nil || it.Publisher.Name["de"] != "Stadt Musterstadt" || it.Publisher.URI != "" {
		t.Errorf("organization %q, publisher %+v", it.Organization, it.Publisher)
	}
	if !slices.Equal(it.Formats, []string{"CSV", "GEOJSON"}) || !slices.Equal(it.Themes, []string{"ENVI"}) ||
		it.License != "dl-by-de/2.0" || it.Modified == nil || it.Description["de"] == "" {
		t.Errorf("item fields %+v", it)
	}
	nonEmpty := 0
	for _, name := range municat.FacetNames {
		values, ok := res.Facets[name]
		if !ok {
			t.Errorf("facet %s missing", name)
		}
		if len(values) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < 3 {
		t.Errorf("only %d facets have values: %+v", nonEmpty, res.Facets)
	}
	theme := res.Facets[municat.FacetTheme]
	if len(theme) != 1 || theme[0].Value != "ENVI" || theme[0].Count != 1 || theme[0].Label["de"] != "Umwelt" {
		t.Errorf("theme facet %+v", theme)
	}
}

func TestSearchFilters(t *testing.T) {
	e := MustEnv(t, nil)
	tests := []struct {
		query string
		want  []string
	}{
		{"theme=ENVI", []string{"stadt-ckan.baumkataster"}},
		{"theme=ENVI&theme=TRAN&sort=title", []string{"stadt-ckan.baumkataster", "stadt-ckan.radwege"}},
		{"publisher=" + url.QueryEscape("Kreis Beispiel"), []string{"stadt-ckan.haushalt"}},
		{"format=PDF", []string{"stadt-ckan.haushalt"}},
		{"format=CSV&format=PDF&sort=title", []string{"stadt-ckan.baumkataster", "stadt-ckan.haushalt"}},
		{"license=" + url.QueryEscape("cc-by/4.0"), []string{"stadt-ckan.radwege"}},
		{"keyword=Finanzen", []string{"stadt-ckan.haushalt"}},
		{"theme=ENVI&format=GEOJSON", []string{"stadt-ckan.baumkataster"}},
		{"theme=TRAN&format=PDF", []string{}},
		{"q=Radwege&theme=TRAN", []string{"stadt-ckan.radwege"}},
		{"q=Radwege&theme=ENVI", []string{}},
		{"theme=ENVI&theme=&theme=ENVI", []string{"stadt-ckan.baumkataster"}},
	}
	for _, tt := range tests {
		var res server.SearchResponse
		MustGetJSON(t, e.app, "/api/v1/datasets?"+tt.query, http.StatusOK, &res)
		if got := ids(res); !slices.Equal(got, tt.want) || res.Total != len(tt.want) {
			t.Errorf("%s: total %d, items %v, want %v", tt.query, res.Total, got, tt.want)
		}
	}
}

func TestSearchSortAndPages(t *testing.T) {
	e := MustEnv(t, nil)
	all := "format=CSV&format=PDF&format=GEOJSON&" // leaves out the ghost, which has no distribution
	tests := []struct {
		query string
		want  []string
	}{
		{all, []string{"stadt-ckan.radwege", "stadt-ckan.baumkataster", "stadt-ckan.haushalt"}},
		{all + "sort=relevance", []string{"stadt-ckan.radwege", "stadt-ckan.baumkataster", "stadt-ckan.haushalt"}},
		{all + "sort=title", []string{"stadt-ckan.baumkataster", "stadt-ckan.haushalt", "stadt-ckan.radwege"}},
		{all + "sort=-title", []string{"stadt-ckan.radwege", "stadt-ckan.haushalt", "stadt-ckan.baumkataster"}},
		{all + "sort=modified", []string{"stadt-ckan.haushalt", "stadt-ckan.baumkataster", "stadt-ckan.radwege"}},
		{all + "sort=-modified", []string{"stadt-ckan.radwege", "stadt-ckan.baumkataster", "stadt-ckan.haushalt"}},
		{all + "sort=title&per_page=2", []string{"stadt-ckan.baumkataster", "stadt-ckan.haushalt"}},
		{all + "sort=title&per_page=2&page=2", []string{"stadt-ckan.radwege"}},
		{all + "sort=title&per_page=2&page=3", []string{}},
	}
	for _, tt := range tests {
		var res server.SearchResponse
		MustGetJSON(t, e.app, "/api/v1/datasets?"+tt.query, http.StatusOK, &res)
		if got := ids(res); !slices.Equal(got, tt.want) || res.Total != 3 {
			t.Errorf("%s: total %d, items %v, want %v", tt.query, res.Total, got, tt.want)
		}
	}
	var res server.SearchResponse
	MustGetJSON(t, e.app, "/api/v1/datasets?per_page=2&page=2", http.StatusOK, &res)
	if res.Page != 2 || res.PerPage != 2 {
		t.Errorf("page %d, per_page %d, want 2 and 2", res.Page, res.PerPage)
	}
}

// With the Bleve index the API lists the index's projection of each hit
// (municat.Hit.Dataset) and does not read the store, so a record the store
// lost stays listed until the indexer reconciles the index with the store.
func TestSearchListsTheIndexProjection(t *testing.T) {
	e := MustEnv(t, nil)
	var res server.SearchResponse
	MustGetJSON(t, e.app, "/api/v1/datasets?q=Geisterdaten", http.StatusOK, &res)
	if res.Total != 1 || len(res.Items) != 1 || res.Items[0].ID != "stadt-ckan.geisterdaten" ||
		res.Items[0].Title["de"] != "Geisterdaten" {
		t.Errorf("total %d, items %#v: want the index's projection of the hit", res.Total, res.Items)
	}
}

func TestSearchFacetCountsMatch(t *testing.T) {
	e := MustEnv(t, nil)
	var res server.SearchResponse
	MustGetJSON(t, e.app, "/api/v1/datasets", http.StatusOK, &res)
	if res.Total != 4 { // three datasets and the ghost
		t.Fatalf("total %d, want 4", res.Total)
	}
	want := map[string]map[string]int{
		municat.FacetTheme:     {"ENVI": 1, "TRAN": 1, "ECON": 1, "GOVE": 1},
		municat.FacetFormat:    {"CSV": 2, "GEOJSON": 2, "PDF": 1},
		municat.FacetPublisher: {"Stadt Musterstadt": 2, "Kreis Beispiel": 1},
		municat.FacetLicense:   {"dl-by-de/2.0": 2, "cc-by/4.0": 1},
	}
	for name, values := range want {
		got := map[string]int{}
		for _, v := range res.Facets[name] {
			got[v.Value] = v.Count
			// Every count is the total of the search filtered by the value.
			var filtered server.SearchResponse
			MustGetJSON(t, e.app, "/api/v1/datasets?"+url.Values{name: {v.Value}}.Encode(), http.StatusOK, &filtered)
			if filtered.Total != v.Count {
				t.Errorf("facet %s=%s: count %d, but filtering finds %d", name, v.Value, v.Count, filtered.Total)
			}
		}
		for value, n := range values {
			if got[value] != n {
				t.Errorf("facet %s: %s = %d, want %d (all: %v)", name, value, got[value], n, got)
			}
		}
	}
	for _, v := range res.Facets[municat.FacetTheme] {
		th, _ := municat.ThemeByCode(v.Value)
		if v.Label["de"] == "" || v.Label["de"] != th.Label["de"] {
			t.Errorf("theme %s: label %v", v.Value, v.Label)
		}
	}
}

func TestSearchBadParameters(t *testing.T) {
	e := MustEnv(t, nil)
	tests := []struct {
		query, param, detail string
	}{
		{"page=0", "page", `Der Parameter "page" muss eine ganze Zahl ab 1 sein, nicht "0".`},
		{"page=eins", "page", `Der Parameter "page" muss eine ganze Zahl ab 1 sein, nicht "eins".`},
		{"page=1&page=2", "page", `Der Parameter "page" darf nur einmal vorkommen.`},
		{"page=9999", "page", ""},
		{"per_page=abc", "per_page", `Der Parameter "per_page" muss eine ganze Zahl zwischen 1 und 100 sein, nicht "abc".`},
		{"per_page=0", "per_page", ""},
		{"per_page=101", "per_page", ""},
		{"per_page=-5", "per_page", ""},
		{"sort=newest", "sort", `Der Parameter "sort" muss relevance, title, -title, modified oder -modified sein, nicht "newest".`},
		{"sort=-relevance", "sort", ""},
		{"q=" + strings.Repeat("a", 501), "q", ""},
		{"theme=" + strings.Repeat("x", 201), "theme", ""},
		{"keyword=" + strings.Repeat("a&keyword=", 21), "keyword", ""},
	}
	for _, tt := range tests {
		p := MustProblem(t, e.app, http.MethodGet, "/api/v1/datasets?"+tt.query, http.StatusBadRequest)
		if len(p.Errors) != 1 || p.Errors[0].Parameter != tt.param || p.Title != "Ungültige Anfrage" {
			t.Errorf("%.40s: problem %+v, want one error naming %q", tt.query, p, tt.param)
			continue
		}
		if !strings.Contains(p.Detail, `"`+tt.param+`"`) || p.Errors[0].Detail != p.Detail {
			t.Errorf("%.40s: detail %q does not name %q", tt.query, p.Detail, tt.param)
		}
		if tt.detail != "" && p.Detail != tt.detail {
			t.Errorf("%s: detail %q, want %q", tt.query, p.Detail, tt.detail)
		}
	}

	p := MustProblem(t, e.app, http.MethodGet, "/api/v1/datasets?page=x&per_page=y&sort=z", http.StatusBadRequest)
	var named []string
	for _, pe := range p.Errors {
		named = append(named, pe.Parameter)
	}
	if !slices.Equal(named, []string{"sort", "per_page", "page"}) {
		t.Errorf("several bad parameters: errors name %v", named)
	}
	MustProblem(t, e.app, http.MethodGet, "/api/v1/datasets?q=%zz", http.StatusBadRequest)
}

func TestSearchIgnoresUnknownParameters(t *testing.T) {
	e := MustEnv(t, nil)
	var res server.SearchResponse
	MustGetJSON(t, e.app, "/api/v1/datasets?q=Radwege&utm_source=newsletter&fields=x", http.StatusOK, &res)
	if res.Total != 1 {
		t.Errorf("total %d, want 1", res.Total)
	}
}

func TestWithdrawnDatasetNotSearchable(t *testing.T) {
	e := MustEnv(t, nil)
	var res server.SearchResponse
	MustGetJSON(t, e.app, "/api/v1/datasets?q=Luftmessstellen", http.StatusOK, &res)
	if res.Total != 0 || len(res.Items) != 0 {
		t.Errorf("withdrawn dataset found: %v", ids(res))
	}
	var d municat.Dataset
	MustGetJSON(t, e.app, "/api/v1/datasets/stadt-ckan.luftmessstellen", http.StatusOK, &d)
	if d.State != municat.Withdrawn || d.Title["de"] != "Luftmessstellen" {
		t.Errorf("withdrawn dataset: state %q, title %v", d.State, d.Title)
	}
}
