package server_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/rdf"
	"github.com/municat/municat/server"
)

// publishedIDs are the fixture's datasets in the catalogue (the index also
// holds stadt-ckan.geisterdaten, which the store lost: it counts in
// totalItems but is left out of the page).
var publishedIDs = []string{"stadt-ckan.baumkataster", "stadt-ckan.haushalt", "stadt-ckan.radwege"}

func TestCatalogFormats(t *testing.T) {
	e := MustEnv(t, nil)
	for _, tt := range []struct {
		ext    string
		format rdf.Format
	}{
		{"ttl", rdf.Turtle}, {"n3", rdf.Turtle}, {"rdf", rdf.RDFXML}, {"xml", rdf.RDFXML},
		{"jsonld", rdf.JSONLD}, {"nt", rdf.NTriples},
	} {
		t.Run(tt.ext, func(t *testing.T) {
			target := "/catalog." + tt.ext
			g, _ := MustGetRDF(t, e.app, target, tt.format)
			if !g.HasType(catalogIRI, rdf.DCAT+"Catalog") {
				t.Errorf("no dcat:Catalog node %s", catalogIRI.Value)
			}
			if got := catalogDatasets(t, g); !slices.Equal(got, publishedIDs) {
				t.Errorf("datasets %v, want %v", got, publishedIDs)
			}
			if n := len(g.OfType(rdf.DCAT + "Dataset")); n != len(publishedIDs) {
				t.Errorf("%d dcat:Dataset nodes, want %d", n, len(publishedIDs))
			}
			h, ok := hydraBlock(t, g)
			page1 := testBaseURL + target + "?page=1"
			want := hydra{node: page1, total: "4", perPage: "100", first: page1, last: page1}
			want.firstOld, want.lastOld = want.first, want.last
			if !ok || h != want {
				t.Errorf("paging block %+v, want %+v", h, want)
			}
			resp, _ := MustDo(t, e.app, http.MethodGet, target)
			if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=60" {
				t.Errorf("Cache-Control %q", cc)
			}
			if csp := resp.Header.Get("Content-Security-Policy"); csp != server.ContentSecurityPolicy {
				t.Errorf("Content-Security-Policy %q", csp)
			}
		})
	}
}

func TestCatalogPaging(t *testing.T) {
	e := MustEnv(t, nil)
	link := func(query string) string { return testBaseURL + "/catalog.nt?" + query }
	tests := []struct {
		name, query string
		want        hydra
		datasets    []string
	}{
		{"first", "per_page=1", hydra{
			node: link("page=1&per_page=1"), total: "4", perPage: "1",
			first: link("page=1&per_page=1"), last: link("page=4&per_page=1"), next: link("after=stadt-ckan.baumkataster&page=2&per_page=1"),
		}, []string{"stadt-ckan.baumkataster"}},
		// Page 2 is the dataset the store lost: an empty page, still linked.
		{"middle", "per_page=1&page=2", hydra{
			node: link("page=2&per_page=1"), total: "4", perPage: "1",
			first: link("page=1&per_page=1"), last: link("page=4&per_page=1"),
			previous: link("page=1&per_page=1"), next: link("after=stadt-ckan.geisterdaten&page=3&per_page=1"),
		}, nil},
		{"middle with data", "page=3&per_page=1", hydra{
			node: link("page=3&per_page=1"), total: "4", perPage: "1",
			first: link("page=1&per_page=1"), last: link("page=4&per_page=1"),
			previous: link("page=2&per_page=1"), next: link("after=stadt-ckan.haushalt&page=4&per_page=1"),
		}, []string{"stadt-ckan.haushalt"}},
		// Keyset paging as the next links do it: the page after an id.
		{"after an id", "after=stadt-ckan.geisterdaten&page=3&per_page=1", hydra{
			node: link("after=stadt-ckan.geisterdaten&page=3&per_page=1"), total: "4", perPage: "1",
			first: link("page=1&per_page=1"), last: link("page=4&per_page=1"),
			previous: link("page=2&per_page=1"), next: link("after=stadt-ckan.haushalt&page=4&per_page=1"),
		}, []string{"stadt-ckan.haushalt"}},
		{"last", "per_page=1&page=4", hydra{
			node: link("page=4&per_page=1"), total: "4", perPage: "1",
			first: link("page=1&per_page=1"), last: link("page=4&per_page=1"), previous: link("page=3&per_page=1"),
		}, []string{"stadt-ckan.radwege"}},
		{"uneven last page", "per_page=3&page=2", hydra{
			node: link("page=2&per_page=3"), total: "4", perPage: "3",
			first: link("page=1&per_page=3"), last: link("page=2&per_page=3"), previous: link("page=1&per_page=3"),
		}, []string{"stadt-ckan.radwege"}},
		{"past the end", "per_page=2&page=9", hydra{
			node: link("page=9&per_page=2"), total: "4", perPage: "2",
			first: link("page=1&per_page=2"), last: link("page=2&per_page=2"), previous: link("page=2&per_page=2"),
		}, nil},
		{"default page size not repeated", "per_page=100&page=1", hydra{
			node: link("page=1"), total: "4", perPage: "100", first: link("page=1"), last: link("page=1"),
		}, publishedIDs},
		{"filters carried", "theme=ENVI&theme=TRAN&q=&modified_since=2026-01-01&per_page=1&profiles=euro_dcat_ap_3&utm_source=x", hydra{
			node:  link("modified_since=2026-01-01&page=1&per_page=1&theme=ENVI&theme=TRAN"),
			total: "2", perPage: "1",
			first: link("modified_since=2026-01-01&page=1&per_page=1&theme=ENVI&theme=TRAN"),
			last:  link("modified_since=2026-01-01&page=2&per_page=1&theme=ENVI&theme=TRAN"),
			next:  link("after=stadt-ckan.baumkataster&modified_since=2026-01-01&page=2&per_page=1&theme=ENVI&theme=TRAN"),
		}, []string{"stadt-ckan.baumkataster"}},
		{"text query carried", "q=Radwege&publisher=" + url.QueryEscape("Stadt Musterstadt"), hydra{
			node:  link("page=1&publisher=Stadt+Musterstadt&q=Radwege"),
			total: "1", perPage: "100",
			first: link("page=1&publisher=Stadt+Musterstadt&q=Radwege"), last: link("page=1&publisher=Stadt+Musterstadt&q=Radwege"),
		}, []string{"stadt-ckan.radwege"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, _ := MustGetRDF(t, e.app, "/catalog.nt?"+tt.query, rdf.NTriples)
			if !g.HasType(catalogIRI, rdf.DCAT+"Catalog") {
				t.Error("no catalogue node")
			}
			if got := catalogDatasets(t, g); !slices.Equal(got, tt.datasets) {
				t.Errorf("datasets %v, want %v", got, tt.datasets)
			}
			h, ok := hydraBlock(t, g)
			tt.want.firstOld, tt.want.lastOld, tt.want.previousOld, tt.want.nextOld = tt.want.first, tt.want.last, tt.want.previous, tt.want.next
			if !ok || h != tt.want {
				t.Errorf("paging block\n got %+v\nwant %+v", h, tt.want)
			}
		})
	}
}

func TestCatalogEmptyResultHasNoPagingBlock(t *testing.T) {
	e := MustEnv(t, nil)
	for _, query := range []string{"theme=AGRI", "modified_since=2099-01-01", "q=Nichtvorhandenes"} {
		g, _ := MustGetRDF(t, e.app, "/catalog.ttl?"+query, rdf.Turtle)
		if !g.HasType(catalogIRI, rdf.DCAT+"Catalog") {
			t.Errorf("%s: no catalogue node", query)
		}
		if got := catalogDatasets(t, g); len(got) != 0 {
			t.Errorf("%s: datasets %v", query, got)
		}
		if h, ok := hydraBlock(t, g); ok {
			t.Errorf("%s: paging block %+v for an empty result", query, h)
		}
	}
}

func TestCatalogFilters(t *testing.T) {
	e := MustEnv(t, nil)
	tests := []struct {
		query string
		want  []string
	}{
		{"modified_since=2026-01-01", []string{"stadt-ckan.baumkataster", "stadt-ckan.radwege"}},
		{"modified_since=2026-01-10", []string{"stadt-ckan.baumkataster", "stadt-ckan.radwege"}},
		{"modified_since=2026-01-10T00:00:01Z", []string{"stadt-ckan.radwege"}},
		{"modified_since=" + url.QueryEscape("2026-01-10T01:00:00+01:00"), []string{"stadt-ckan.baumkataster", "stadt-ckan.radwege"}},
		// A "+" the client did not encode arrives as a space.
		{"modified_since=2026-01-10T01:00:00+02:00", []string{"stadt-ckan.baumkataster", "stadt-ckan.radwege"}},
		{"modified_since=2026-01-10T00:30:00+01:00", []string{"stadt-ckan.baumkataster", "stadt-ckan.radwege"}},
		{"modified_since=2026-01-10T02:00:00+01:00", []string{"stadt-ckan.radwege"}},
		{"modified_since=2025-01-01T00:00", publishedIDs},
		{"modified_since=2026-02-28T23:59:59.5", []string{"stadt-ckan.radwege"}},
		{"modified_since=2026-03-02", nil},
		{"theme=ENVI", []string{"stadt-ckan.baumkataster"}},
		{"theme=ENVI&modified_since=2026-02-01", nil},
		{"theme=TRAN&modified_since=2026-02-01", []string{"stadt-ckan.radwege"}},
		{"format=CSV&format=PDF", []string{"stadt-ckan.baumkataster", "stadt-ckan.haushalt"}},
		{"publisher=" + url.QueryEscape("Kreis Beispiel"), []string{"stadt-ckan.haushalt"}},
		{"license=" + url.QueryEscape("dl-by-de/2.0") + "&modified_since=2025-06-01", []string{"stadt-ckan.baumkataster", "stadt-ckan.haushalt"}},
		{"keyword=Finanzen", []string{"stadt-ckan.haushalt"}},
		{"q=Baumkataster", []string{"stadt-ckan.baumkataster"}},
		{"q=Radwege&theme=ENVI", nil},
	}
	for _, tt := range tests {
		g, _ := MustGetRDF(t, e.app, "/catalog.nt?"+tt.query, rdf.NTriples)
		if got := catalogDatasets(t, g); !slices.Equal(got, tt.want) {
			t.Errorf("%s: datasets %v, want %v", tt.query, got, tt.want)
		}
	}
}

func TestCatalogPerPageCap(t *testing.T) {
	e := MustEnv(t, nil)
	g, _ := MustGetRDF(t, e.app, "/catalog.nt?per_page=1000", rdf.NTriples)
	if h, _ := hydraBlock(t, g); h.perPage != "1000" {
		t.Errorf("itemsPerPage %q, want 1000", h.perPage)
	}
	p := MustProblem(t, e.app, http.MethodGet, "/catalog.nt?per_page=1001", http.StatusBadRequest)
	if len(p.Errors) != 1 || p.Errors[0].Parameter != "per_page" || !strings.Contains(p.Errors[0].Detail, "1000") {
		t.Errorf("problem %+v", p)
	}
}

func TestCatalogBadParameters(t *testing.T) {
	e := MustEnv(t, nil)
	tests := []struct {
		query string
		names []string
	}{
		{"page=0", []string{"page"}},
		{"page=zwei", []string{"page"}},
		{"page=1&page=2", []string{"page"}},
		{"per_page=0", []string{"per_page"}},
		{"per_page=viele", []string{"per_page"}},
		{"modified_since=gestern", []string{"modified_since"}},
		{"modified_since=2026-13-01", []string{"modified_since"}},
		{"modified_since=2026-01-01T25:00:00Z", []string{"modified_since"}},
		{"modified_since=01.02.2026", []string{"modified_since"}},
		{"modified_since=2026-01-01&modified_since=2026-02-01", []string{"modified_since"}},
		{"after=..%2F..%2Fetc", []string{"after"}},
		{"after=a&after=b", []string{"after"}},
		{"q=" + strings.Repeat("x", 501), []string{"q"}},
		{"theme=" + strings.Repeat("x", 201), []string{"theme"}},
		{"page=x&per_page=y&modified_since=z&keyword=" + strings.Repeat("k", 201), []string{"keyword", "per_page", "page", "modified_since"}},
		{"page=%zz", nil},
	}
	for _, tt := range tests {
		for _, path := range []string{"/catalog.ttl", "/catalog"} {
			p := MustProblem(t, e.app, http.MethodGet, path+"?"+tt.query, http.StatusBadRequest)
			var names []string
			for _, pe := range p.Errors {
				names = append(names, pe.Parameter)
				if !strings.Contains(pe.Detail, `"`+pe.Parameter+`"`) {
					t.Errorf("%s: detail %q does not name %s", tt.query, pe.Detail, pe.Parameter)
				}
			}
			if !slices.Equal(names, tt.names) {
				t.Errorf("%s?%s: parameters %v, want %v (problem %+v)", path, tt.query, names, tt.names, p)
			}
		}
	}
}

func TestCatalogHead(t *testing.T) {
	e := MustEnv(t, nil)
	for _, tt := range []struct {
		target, accept string
		format         rdf.Format
	}{
		{"/catalog.ttl", "", rdf.Turtle},
		{"/catalog.rdf?page=2", "", rdf.RDFXML},
		{"/catalog", "application/ld+json", rdf.JSONLD},
	} {
		resp, body := MustDo(t, e.app, http.MethodHead, tt.target, "Accept", tt.accept)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != tt.format.ContentType() || len(body) != 0 {
			t.Errorf("HEAD %s: status %d, Content-Type %q, %d bytes", tt.target, resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
		}
	}
	if resp, _ := MustDo(t, e.app, http.MethodHead, "/catalog.ttl?page=0"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("HEAD with a bad page: status %d, want 400", resp.StatusCode)
	}
}

func TestCatalogWithoutBaseURL(t *testing.T) {
	e := MustEnv(t, nil)
	app := server.New(server.Config{Catalog: e.catalog, Index: e.index})
	for _, target := range []string{"/catalog.ttl", "/dataset/stadt-ckan.radwege.ttl"} {
		p := MustProblem(t, app, http.MethodGet, target, http.StatusServiceUnavailable)
		if !strings.Contains(p.Detail, "BaseURL") {
			t.Errorf("%s: %+v", target, p)
		}
	}
}

// TestCatalogBrokenOff checks that a failure after the page began breaks
// off the transfer, so a harvester does not take the page as complete.
func TestCatalogBrokenOff(t *testing.T) {
	e := MustEnv(t, nil)
	// The store's record of stadt-ckan.kaputt cannot be decoded.
	MustOK(t, e.index.Index(context.Background(), &municat.Dataset{ID: "stadt-ckan.kaputt", Title: municat.Text{"de": "Kaputt"}, State: municat.Published}))
	base := MustServe(t, e.app)
	resp, err := http.Get(base + "/catalog.nt")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || err == nil {
		t.Fatalf("status %d, read error %v, want 200 and a broken-off body", resp.StatusCode, err)
	}
	// The datasets before the broken one were sent.
	if !strings.Contains(string(body), testBaseURL+"/dataset/stadt-ckan.haushalt>") {
		t.Errorf("the body lacks the datasets before the broken one:\n%s", body)
	}
	if logs := e.logs.String(); !strings.Contains(logs, "catalogue page broken off") || !strings.Contains(logs, "stadt-ckan.kaputt") {
		t.Errorf("not logged: %s", logs)
	}
}
