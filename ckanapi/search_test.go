package ckanapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/ckanapi"
)

// searchResult is package_search's result as a test reads it.
type searchResult struct {
	Count        int                       `json:"count"`
	Sort         string                    `json:"sort"`
	Facets       map[string]map[string]int `json:"facets"`
	SearchFacets map[string]struct {
		Title string `json:"title"`
		Items []struct {
			Count       int    `json:"count"`
			DisplayName string `json:"display_name"`
			Name        string `json:"name"`
		} `json:"items"`
	} `json:"search_facets"`
	Results []ckanapi.Package `json:"results"`
}

// MustListed returns the listed datasets of e's catalogue, by id.
func (e *env) MustListed(tb testing.TB) map[string]*municat.Dataset {
	tb.Helper()
	out := map[string]*municat.Dataset{}
	err := e.cat.Datasets(context.Background(), func(d *municat.Dataset) error {
		if d.Listed() {
			out[d.ID] = d
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(out) == 0 {
		tb.Fatal("no listed datasets")
	}
	return out
}

// MustSearch runs package_search with the parameters.
func (e *env) MustSearch(tb testing.TB, params url.Values) searchResult {
	tb.Helper()
	var res searchResult
	MustResult(tb, e.MustGet(tb, "/api/3/action/package_search?"+params.Encode()), &res)
	return res
}

// ids returns the package ids of res in order.
func (r searchResult) ids() []string {
	out := make([]string, 0, len(r.Results))
	for _, p := range r.Results {
		out = append(out, p.ID)
	}
	return out
}

// idsWhere returns the sorted ids of the datasets for which keep holds.
func idsWhere(ds map[string]*municat.Dataset, keep func(*municat.Dataset) bool) []string {
	var out []string
	for id, d := range ds {
		if keep(d) {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

func TestPackageSearchPagesThroughEverything(t *testing.T) {
	e := MustDemoEnv(t)
	listed := e.MustListed(t)
	all := e.MustSearch(t, url.Values{"rows": {"1000"}, "sort": {"name asc"}})
	if all.Count != len(listed) || len(all.Results) != len(listed) {
		t.Fatalf("count %d, %d results; want %d", all.Count, len(all.Results), len(listed))
	}
	if all.Sort != "name asc" {
		t.Errorf("sort %q, want it repeated", all.Sort)
	}
	want := all.ids()
	if !slices.IsSorted(want) {
		t.Errorf("name asc is not in id order: %v", want)
	}
	// Pages of 7, and windows that do not start at a multiple of rows.
	var got []string
	for start := 0; start < len(listed); start += 7 {
		res := e.MustSearch(t, url.Values{"rows": {"7"}, "start": {fmt.Sprint(start)}, "sort": {"name asc"}})
		got = append(got, res.ids()...)
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages of 7 give %v, want %v", got, want)
	}
	for _, w := range [][2]int{{3, 5}, {9, 4}, {len(want) - 2, 5}, {len(want) + 3, 5}, {1, 0}} {
		res := e.MustSearch(t, url.Values{"start": {fmt.Sprint(w[0])}, "rows": {fmt.Sprint(w[1])}, "sort": {"name asc"}})
		lo, hi := min(w[0], len(want)), min(w[0]+w[1], len(want))
		if !slices.Equal(res.ids(), want[lo:hi]) && !(lo == hi && len(res.Results) == 0) {
			t.Errorf("start=%d rows=%d: %v, want %v", w[0], w[1], res.ids(), want[lo:hi])
		}
		if res.Count != len(want) {
			t.Errorf("start=%d rows=%d: count %d, want %d", w[0], w[1], res.Count, len(want))
		}
	}
	def := e.MustSearch(t, nil)
	if len(def.Results) != ckanapi.DefaultRows || def.Sort != "score desc, metadata_modified desc" {
		t.Errorf("default: %d results, sort %q; want %d and CKAN's default", len(def.Results), def.Sort, ckanapi.DefaultRows)
	}
}

func TestPackageSearchFilters(t *testing.T) {
	e := MustDemoEnv(t)
	listed := e.MustListed(t)
	has := func(vs []string, v string) bool { return slices.Contains(vs, v) }
	// A dataset of the demo to build filters from.
	var sample *municat.Dataset
	for _, d := range listed {
		if len(d.Keywords) > 0 && strings.Contains(strings.Join(d.Keywords, ","), " ") && len(d.Themes) > 0 && d.Organization != "" {
			sample = d
			break
		}
	}
	if sample == nil {
		t.Fatal("no demo dataset with a keyword containing a space")
	}
	spaced := ""
	for _, k := range sample.Keywords {
		if strings.Contains(k, " ") {
			spaced = k
		}
	}
	org, theme := sample.Organization, sample.Themes[0]
	since := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		q, fq string
		keep  func(*municat.Dataset) bool
	}{
		{"", "organization:" + org, func(d *municat.Dataset) bool { return d.Organization == org }},
		{"", "owner_org:" + org, func(d *municat.Dataset) bool { return d.Organization == org }},
		{"", "groups:" + strings.ToLower(theme), func(d *municat.Dataset) bool { return has(d.Themes, theme) }},
		{"", `tags:"` + spaced + `"`, func(d *municat.Dataset) bool { return has(d.Keywords, spaced) }},
		{"", `tags:` + strings.ReplaceAll(spaced, " ", `\ `), func(d *municat.Dataset) bool { return has(d.Keywords, spaced) }},
		{"", "res_format:CSV", func(d *municat.Dataset) bool { return has(d.Formats(), "CSV") }},
		{"", "res_format:csv", func(d *municat.Dataset) bool { return has(d.Formats(), "CSV") }},
		{"", "license_id:cc-zero", func(d *municat.Dataset) bool { return d.License == "cc-zero" }},
		{"", "+organization:" + org + " AND +res_format:CSV", func(d *municat.Dataset) bool { return d.Organization == org && has(d.Formats(), "CSV") }},
		{"", "organization:" + org + " res_format:(CSV OR PDF)", func(d *municat.Dataset) bool {
			return d.Organization == org && (has(d.Formats(), "CSV") || has(d.Formats(), "PDF"))
		}},
		{"", "organization:(" + org + " OR awb-moorgeest)", func(d *municat.Dataset) bool { return d.Organization == org || d.Organization == "awb-moorgeest" }},
		{"", "id:" + sample.ID, func(d *municat.Dataset) bool { return d.ID == sample.ID }},
		{"", "name:" + ckanapi.PackageName(sample.ID) + " organization:" + org, func(d *municat.Dataset) bool { return d.ID == sample.ID }},
		{"", "id:" + sample.ID + " organization:awb-moorgeest-nicht", func(*municat.Dataset) bool { return false }},
		{"", "metadata_modified:[2025-06-01T00:00:00Z TO *]", func(d *municat.Dataset) bool { return d.Modified != nil && !d.Modified.Before(since) }},
		{"", "dataset_type:dataset capacity:public", func(*municat.Dataset) bool { return true }},
		{"", "dataset_type:harvest", func(*municat.Dataset) bool { return false }},
		{"", "*:*", func(*municat.Dataset) bool { return true }},
		{"*:*", "", func(*municat.Dataset) bool { return true }},
		{"organization:" + org, "", func(d *municat.Dataset) bool { return d.Organization == org }},
		{"tags:\"" + spaced + "\"", "organization:" + org, func(d *municat.Dataset) bool { return d.Organization == org && has(d.Keywords, spaced) }},
	} {
		t.Run(c.q+"|"+c.fq, func(t *testing.T) {
			res := e.MustSearch(t, url.Values{"q": {c.q}, "fq": {c.fq}, "rows": {"1000"}})
			got := res.ids()
			sort.Strings(got)
			want := idsWhere(listed, c.keep)
			if !slices.Equal(got, want) {
				t.Errorf("got %d %v\nwant %d %v", len(got), got, len(want), want)
			}
			if res.Count != len(want) {
				t.Errorf("count %d, want %d", res.Count, len(want))
			}
		})
	}
	// A colon after a word that names no field is text.
	if res := e.MustSearch(t, url.Values{"q": {"Haushaltsplan: 2025 Stadt:"}}); res.Count == 0 {
		t.Error(`q="Haushaltsplan: 2025 Stadt:" finds nothing`)
	}
	// Text search goes through the index: the sample's title finds it.
	res := e.MustSearch(t, url.Values{"q": {sample.Title.String()}, "rows": {"5"}})
	if !slices.Contains(res.ids(), sample.ID) {
		t.Errorf("q=%q does not find %s: %v", sample.Title.String(), sample.ID, res.ids())
	}
}

func TestPackageSearchSort(t *testing.T) {
	e := MustDemoEnv(t)
	for _, c := range []struct {
		sort string
		less func(a, b ckanapi.Package) bool // a must not come after b
	}{
		{"metadata_modified desc", func(a, b ckanapi.Package) bool { return a.MetadataModified >= b.MetadataModified }},
		{"metadata_modified asc, id asc", func(a, b ckanapi.Package) bool { return a.MetadataModified <= b.MetadataModified }},
		{"name desc", func(a, b ckanapi.Package) bool { return a.ID >= b.ID }},
		{"metadata_created asc, id asc", func(a, b ckanapi.Package) bool { return a.MetadataCreated <= b.MetadataCreated }},
	} {
		res := e.MustSearch(t, url.Values{"sort": {c.sort}, "rows": {"1000"}})
		for i := 1; i < len(res.Results); i++ {
			if !c.less(res.Results[i-1], res.Results[i]) {
				t.Errorf("sort %q: %s before %s", c.sort, res.Results[i-1].ID, res.Results[i].ID)
				break
			}
		}
	}
	titles := e.MustSearch(t, url.Values{"sort": {"title_string asc"}, "rows": {"1000"}})
	first, last := titles.Results[0].Title, titles.Results[len(titles.Results)-1].Title
	if strings.ToLower(first) > strings.ToLower(last) {
		t.Errorf("title_string asc starts with %q and ends with %q", first, last)
	}
}

func TestPackageSearchFacets(t *testing.T) {
	e := MustDemoEnv(t)
	listed := e.MustListed(t)
	fields := `["organization","groups","tags","res_format","license_id"]`
	res := e.MustSearch(t, url.Values{"facet.field": {fields}, "facet.limit": {"-1"}, "rows": {"0"}})
	if len(res.Results) != 0 || res.Count != len(listed) {
		t.Fatalf("rows=0: %d results, count %d", len(res.Results), res.Count)
	}
	want := map[string]map[string]int{"organization": {}, "groups": {}, "tags": {}, "res_format": {}, "license_id": {}}
	for _, d := range listed {
		want["organization"][d.Organization]++
		for _, th := range d.Themes {
			want["groups"][strings.ToLower(th)]++
		}
		for _, k := range municat.Distinct(d.Keywords) {
			want["tags"][k]++
		}
		for _, f := range d.Formats() {
			want["res_format"][f]++
		}
		want["license_id"][d.License]++
	}
	orgs, err := e.cat.Organizations(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for field, counts := range want {
		if fmt.Sprint(res.Facets[field]) != fmt.Sprint(counts) {
			t.Errorf("facet %s = %v, want %v", field, res.Facets[field], counts)
		}
		sf := res.SearchFacets[field]
		if sf.Title != field || len(sf.Items) != len(counts) {
			t.Errorf("search_facets %s: title %q, %d items, want %d", field, sf.Title, len(sf.Items), len(counts))
		}
		for _, it := range sf.Items {
			if it.Count != counts[it.Name] {
				t.Errorf("search_facets %s %s: %d, want %d", field, it.Name, it.Count, counts[it.Name])
			}
			if field == "organization" {
				for _, o := range orgs {
					if o.ID == it.Name && it.DisplayName != o.Name {
						t.Errorf("organization %s shown as %q, want %q", it.Name, it.DisplayName, o.Name)
					}
				}
			}
		}
	}
	limited := e.MustSearch(t, url.Values{"facet.field": {`["tags"]`}, "facet.limit": {"3"}, "fq": {"res_format:CSV"}})
	if len(limited.Facets["tags"]) != 3 || len(limited.Facets) != 1 {
		t.Errorf("facet.limit=3 on tags gives %v", limited.Facets)
	}
	none := e.MustSearch(t, url.Values{})
	if len(none.Facets) != 0 || len(none.SearchFacets) != 0 {
		t.Errorf("without facet.field: facets %v, want none as CKAN", none.Facets)
	}
}

func TestPackageSearchErrors(t *testing.T) {
	e := MustDemoEnv(t)
	for _, c := range []struct {
		params url.Values
		typ    string
		field  string
	}{
		{url.Values{"rows": {"x"}}, ckanapi.TypeValidation, "rows"},
		{url.Values{"rows": {"-1"}}, ckanapi.TypeValidation, "rows"},
		{url.Values{"start": {"1.5"}}, ckanapi.TypeValidation, "start"},
		{url.Values{"facet.limit": {"lots"}}, ckanapi.TypeValidation, "facet.limit"},
		{url.Values{"facet.field": {`["organization", "maintainer"]`}}, ckanapi.TypeValidation, "facet.field"},
		{url.Values{"facet.field": {`["organization"`}}, ckanapi.TypeValidation, "facet.field"},
		{url.Values{"include_private": {"vielleicht"}}, ckanapi.TypeValidation, "include_private"},
		{url.Values{"fq": {"-tags:Haushalt"}}, ckanapi.TypeSearchQuery, ""},
		{url.Values{"q": {"Baum -tags:Haushalt"}}, ckanapi.TypeSearchQuery, ""},
		{url.Values{"fq": {"tags:Haushalt OR tags:Finanzen"}}, ckanapi.TypeSearchQuery, ""},
		{url.Values{"fq": {"tags:Haushalt AND tags:Finanzen"}}, ckanapi.TypeSearchQuery, ""},
		{url.Values{"fq": {"maintainer:x"}}, ckanapi.TypeSearchQuery, ""},
		{url.Values{"fq": {"Haushalt"}}, ckanapi.TypeSearchQuery, ""},
		{url.Values{"fq": {"tags:Haus*"}}, ckanapi.TypeSearchQuery, ""},
		{url.Values{"fq": {`tags:"offen`}}, ckanapi.TypeSearchQuery, ""},
		{url.Values{"fq": {"metadata_modified:[2020-01-01 TO 2021-01-01]"}}, ckanapi.TypeSearchQuery, ""},
		{url.Values{"fq": {"metadata_modified:[gestern TO *]"}}, ckanapi.TypeSearchQuery, ""},
		{url.Values{"sort": {"maintainer asc"}}, ckanapi.TypeSearchQuery, ""},
		{url.Values{"sort": {"metadata_modified sideways"}}, ckanapi.TypeSearchQuery, ""},
		{url.Values{"q": {"Baum"}, "fq": {"id:haushaltsplan-2025"}}, ckanapi.TypeSearchQuery, ""},
	} {
		a := e.MustGet(t, "/api/3/action/package_search?"+c.params.Encode())
		MustFail(t, a, http.StatusConflict, c.typ)
		if c.field != "" {
			if _, ok := a.Error[c.field]; !ok {
				t.Errorf("%v: error does not name %s: %s", c.params, c.field, a.body)
			}
		}
	}
}

// TestRowsOverTheMaximumAreCapped: like CKAN (ckan.search.rows_max), a
// page size over MaxRows is cut to it, not refused, so a client asking for
// more still gets an answer and pages on.
func TestRowsOverTheMaximumAreCapped(t *testing.T) {
	e := MustDemoEnv(t)
	all := e.MustSearch(t, url.Values{"rows": {"1000"}})
	over := e.MustSearch(t, url.Values{"rows": {"5000"}})
	if over.Count != all.Count || len(over.Results) != len(all.Results) || len(over.Results) == 0 {
		t.Fatalf("rows=5000: %d of %d results, rows=1000: %d of %d", len(over.Results), over.Count, len(all.Results), all.Count)
	}
}
