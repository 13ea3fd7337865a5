package dcat_test

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat/internal/dcattest"
	"github.com/municat/municat/internal/fetchtest"
	"github.com/municat/municat/rdf"
)

// TestFetchPagingVariants follows a catalogue of 7 datasets over 3 pages to
// its end in every paging style and link form seen in the wild.
func TestFetchPagingVariants(t *testing.T) {
	tests := []struct {
		name  string
		style dcattest.Style
		ctype string
		total int
		path  func(i int) string
		link  func(base string, i int) string
	}{
		{"PagedCollection nextPage literal, absolute", dcattest.NextPageLiteral, "text/turtle", -1, queryPath("catalog.ttl"),
			func(base string, i int) string { return fmt.Sprintf("%s/catalog.ttl?page=%d", base, i) }},
		{"PagedCollection next+nextPage, relative query", dcattest.CKANDCAT, "text/turtle; charset=utf-8", 7, queryPath("catalog.ttl"),
			func(_ string, i int) string { return fmt.Sprintf("?page=%d", i) }},
		{"PartialCollectionView next IRI, relative", dcattest.PartialView, "text/turtle", 7, queryPath("catalog.ttl"),
			func(_ string, i int) string { return fmt.Sprintf("catalog.ttl?page=%d", i) }},
		{"PartialCollectionView next IRI, absolute", dcattest.PartialView, "text/turtle", 7, queryPath("catalog.ttl"),
			func(base string, i int) string { return fmt.Sprintf("%s/catalog.ttl?page=%d", base, i) }},
		{"untyped node, root-relative path", dcattest.Untyped, "text/turtle", -1, func(i int) string { return fmt.Sprintf("/dcat/seite/%d.ttl", i) },
			func(_ string, i int) string { return fmt.Sprintf("/dcat/seite/%d.ttl", i) }},
		{"no Content-Type, no extension (sniffed)", dcattest.CKANDCAT, "", 7, queryPath("katalog"),
			func(base string, i int) string { return fmt.Sprintf("%s/katalog?page=%d", base, i) }},
		{"text/plain with Turtle body", dcattest.NextPageLiteral, "text/plain; charset=utf-8", 7, queryPath("katalog"),
			func(_ string, i int) string { return fmt.Sprintf("katalog?page=%d", i) }},
		{"text/plain, extension wins", dcattest.PartialView, "text/plain", 7, queryPath("katalog.ttl"),
			func(_ string, i int) string { return fmt.Sprintf("katalog.ttl?page=%d", i) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := dcattest.New(t)
			ds := dcattest.Datasets("https://k.example", 7)
			start := servePaged(srv, ds, 3, tt.style, tt.ctype, tt.total, tt.path, func(i int) string { return tt.link(srv.URL, i) })
			got, err := fetch(t, quick(), start)
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			var want []string
			for _, d := range ds {
				want = append(want, d.IRI)
			}
			if !slices.Equal(got.IDs, want) || len(got.Errs) > 0 {
				t.Fatalf("records %v (errors %d), want %v", got.IDs, len(got.Errs), want)
			}
			if got.Titles()[ds[6].IRI] != "Datensatz 7" {
				t.Errorf("title %q", got.Titles()[ds[6].IRI])
			}
			if len(got.Pages) != 3 || srv.Requests() != 3 {
				t.Fatalf("%d pages, %d requests; want 3", len(got.Pages), srv.Requests())
			}
			for i, p := range got.Pages {
				if p.URL != srv.URL+tt.path(i+1) || p.Ext != "ttl" || !strings.HasPrefix(p.ContentType, "text/turtle") {
					t.Errorf("page %d: %s %q %q, want %s as Turtle", i+1, p.URL, p.Ext, p.ContentType, srv.URL+tt.path(i+1))
				}
			}
		})
	}
}

// TestFetchSplitRealCatalogue pages the ckanext-dcatde catalogue by 2
// datasets as N-Triples: the same 6 datasets with the same titles as in
// one piece.
func TestFetchSplitRealCatalogue(t *testing.T) {
	srv := dcattest.New(t)
	whole := dcattest.ReadFixture(t, dcattest.CatalogEndpoint)
	srv.Put("/catalog.rdf", dcattest.Doc{ContentType: "application/rdf+xml", Body: whole})
	one, err := fetch(t, quick(), srv.URL+"/catalog.rdf")
	if err != nil {
		t.Fatal(err)
	}
	g, err := rdf.Parse(bytes.NewReader(whole), rdf.RDFXML, "http://data.example-domain.de/catalog.rdf")
	if err != nil {
		t.Fatal(err)
	}
	urls := []string{srv.URL + "/catalog.nt?page=1", srv.URL + "/catalog.nt?page=2", srv.URL + "/catalog.nt?page=3"}
	for i, p := range dcattest.SplitNTriples(g, 2, urls) {
		srv.Put(strings.TrimPrefix(urls[i], srv.URL), dcattest.Doc{ContentType: "application/n-triples", Body: p})
	}
	paged, err := fetch(t, quick(), urls[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(paged.Pages) != 3 || len(paged.IDs) != 6 {
		t.Fatalf("%d pages, %d records; want 3 and 6", len(paged.Pages), len(paged.IDs))
	}
	for id, title := range one.Titles() {
		if paged.Titles()[id] != title {
			t.Errorf("%s: %q paged, %q in one piece", id, paged.Titles()[id], title)
		}
	}
	if paged.Pages[1].Ext != "nt" {
		t.Errorf("ext %q, want nt", paged.Pages[1].Ext)
	}
}

// TestFetchLoops: a next link back to an earlier page, or to the page
// itself, ends the run at once, after the loop was seen and not after the
// page cap.
func TestFetchLoops(t *testing.T) {
	tests := []struct {
		name     string
		pages    int    // pages served
		back     string // where the last page's next link leads
		requests int
		msg      string
	}{
		{"page 3 to page 1", 3, "/catalog.ttl?page=1", 3, "Schleife: Seite 3"},
		{"page to itself", 1, "/catalog.ttl?page=1", 1, "nennt sich selbst als nächste Seite"},
		{"page 2 to page 1, spelt differently", 2, "HTTP://%s/catalog.ttl?page=1#top", 2, "zurück auf Seite 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := dcattest.New(t)
			host := strings.TrimPrefix(srv.URL, "http://")
			for i := 1; i <= tt.pages; i++ {
				p := dcattest.Page{Self: fmt.Sprintf("%s/catalog.ttl?page=%d", srv.URL, i), TotalItems: -1,
					Datasets: dcattest.Datasets(fmt.Sprintf("https://k.example/p%d", i), 2)}
				p.Next = fmt.Sprintf("%s/catalog.ttl?page=%d", srv.URL, i+1)
				if i == tt.pages {
					p.Next = tt.back
					if strings.Contains(p.Next, "%s") {
						p.Next = fmt.Sprintf(p.Next, host)
					}
				}
				srv.Put(fmt.Sprintf("/catalog.ttl?page=%d", i), dcattest.Doc{ContentType: "text/turtle", Body: dcattest.Turtle("https://k.example/", p, dcattest.CKANDCAT)})
			}
			f := quick()
			f.MaxPages = 1000
			start := time.Now()
			got, err := fetch(t, f, srv.URL+"/catalog.ttl?page=1")
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("took %s", took)
			}
			fetchtest.MustFailWith(t, err, tt.msg)
			if srv.Requests() != tt.requests || len(got.Pages) != tt.pages {
				t.Errorf("%d requests, %d pages emitted; want %d each", srv.Requests(), len(got.Pages), tt.requests)
			}
		})
	}
}

// TestFetchEndlessCatalogue: a server that makes up a new page URL for
// ever is stopped at the page cap.
func TestFetchEndlessCatalogue(t *testing.T) {
	srv := dcattest.New(t)
	srv.HandleFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("page"))
		p := dcattest.Page{Self: fmt.Sprintf("%s/endless?page=%d", srv.URL, n), Next: fmt.Sprintf("endless?page=%d", n+1), TotalItems: -1,
			Datasets: dcattest.Datasets(fmt.Sprintf("https://k.example/p%d", n), 1)}
		w.Header().Set("Content-Type", "text/turtle")
		_, _ = w.Write(dcattest.Turtle("https://k.example/", p, dcattest.NextPageLiteral))
	})
	f := quick()
	f.MaxPages = 40
	got, err := fetch(t, f, srv.URL+"/endless?page=1")
	fetchtest.MustFailWith(t, err, "nach 40 Seiten")
	if srv.Requests() != 40 || len(got.Pages) != 40 {
		t.Errorf("%d requests, %d pages; want 40", srv.Requests(), len(got.Pages))
	}
}

// TestFetchRepeatedBody: a server that ignores the path answers every
// relative next link with the same page; the second copy ends the run.
func TestFetchRepeatedBody(t *testing.T) {
	srv := dcattest.New(t)
	p := dcattest.Page{Self: "https://k.example/catalog", Next: "weiter/", TotalItems: -1, Datasets: dcattest.Datasets("https://k.example", 2)}
	body := dcattest.Turtle("https://k.example/", p, dcattest.NextPageLiteral)
	srv.HandleFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/turtle")
		_, _ = w.Write(body)
	})
	got, err := fetch(t, quick(), srv.URL+"/katalog/")
	fetchtest.MustFailWith(t, err, "Byte für Byte")
	if srv.Requests() != 2 || len(got.Pages) != 1 {
		t.Errorf("%d requests, %d pages; want 2 and 1", srv.Requests(), len(got.Pages))
	}
}

// TestFetchIncomplete: fewer datasets than hydra:totalItems, a failing
// page and a page that is no RDF end the run with an error.
func TestFetchIncomplete(t *testing.T) {
	t.Run("totalItems", func(t *testing.T) {
		srv := dcattest.New(t)
		start := servePaged(srv, dcattest.Datasets("https://k.example", 5), 2, dcattest.CKANDCAT, "text/turtle", 9, queryPath("c.ttl"),
			func(i int) string { return fmt.Sprintf("c.ttl?page=%d", i) })
		got, err := fetch(t, quick(), start)
		fetchtest.MustFailWith(t, err, "meldet 9 Datensätze (hydra:totalItems), lieferte aber nur 5")
		if len(got.IDs) != 5 {
			t.Errorf("%d records emitted, want 5", len(got.IDs))
		}
	})
	t.Run("HTTP 500 on page 2", func(t *testing.T) {
		srv := dcattest.New(t)
		start := servePaged(srv, dcattest.Datasets("https://k.example", 5), 2, dcattest.CKANDCAT, "text/turtle", 5, queryPath("c.ttl"),
			func(i int) string { return fmt.Sprintf("c.ttl?page=%d", i) })
		srv.FailAfter(1, http.StatusInternalServerError)
		got, err := fetch(t, quick(), start)
		fetchtest.MustFailWith(t, err, "HTTP 500")
		if len(got.Pages) != 1 {
			t.Errorf("%d pages emitted, want 1", len(got.Pages))
		}
	})
	t.Run("HTML", func(t *testing.T) {
		srv := dcattest.New(t)
		srv.Put("/", dcattest.Doc{ContentType: "text/html; charset=utf-8", Body: []byte("<!DOCTYPE html><html><head><title>Portal</title></head></html>")})
		_, err := fetch(t, quick(), srv.URL+"/")
		fetchtest.MustFailWith(t, err, "lieferte eine HTML-Seite")
	})
	t.Run("unknown format", func(t *testing.T) {
		srv := dcattest.New(t)
		srv.Put("/x", dcattest.Doc{ContentType: "application/octet-stream", Body: []byte("PK\x03\x04 zip")})
		_, err := fetch(t, quick(), srv.URL+"/x")
		fetchtest.MustFailWith(t, err, "ein unbekanntes Format (Content-Type application/octet-stream")
	})
	t.Run("syntax error", func(t *testing.T) {
		srv := dcattest.New(t)
		srv.Put("/c.ttl", dcattest.Doc{ContentType: "text/turtle", Body: []byte("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<a> a dcat:Dataset ; dcat:keyword \"offen .\n")})
		_, err := fetch(t, quick(), srv.URL+"/c.ttl")
		fetchtest.MustFailWith(t, err, "ließ sich nicht als Turtle lesen")
	})
}
