package dcattest_test

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/municat/municat/internal/dcattest"
	"github.com/municat/municat/internal/webtest"
	"github.com/municat/municat/rdf"
)

// MustGet fetches uri from srv and returns the response and body.
func MustGet(tb testing.TB, srv *dcattest.Server, uri string) (*http.Response, []byte) {
	tb.Helper()
	return webtest.MustGet(tb, srv.URL+uri)
}

func TestServer(t *testing.T) {
	srv := dcattest.New(t)
	body := dcattest.ReadFixture(t, dcattest.CatalogEndpoint)
	srv.Put("/catalog.rdf", dcattest.Doc{ContentType: "application/rdf+xml", Body: body})
	srv.Put("/bare?page=1", dcattest.Doc{Body: []byte("@prefix x: <http://x/> .")})
	resp, got := MustGet(t, srv, "/catalog.rdf")
	if resp.StatusCode != 200 || !bytes.Equal(got, body) || resp.Header.Get("Content-Type") != "application/rdf+xml" {
		t.Fatalf("catalog.rdf: %d %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(got))
	}
	if resp, _ := MustGet(t, srv, "/bare?page=1"); resp.Header.Get("Content-Type") != "" {
		t.Errorf("a document without content type was sent with %q", resp.Header.Get("Content-Type"))
	}
	if resp, _ := MustGet(t, srv, "/bare?page=2"); resp.StatusCode != 404 {
		t.Errorf("unknown URI: %d, want 404", resp.StatusCode)
	}
	srv.FailAfter(1, 503)
	if resp, _ := MustGet(t, srv, "/catalog.rdf"); resp.StatusCode != 200 {
		t.Errorf("request before the failure: %d", resp.StatusCode)
	}
	if resp, _ := MustGet(t, srv, "/catalog.rdf"); resp.StatusCode != 503 {
		t.Errorf("request after FailAfter: %d, want 503", resp.StatusCode)
	}
	if srv.Requests() != 5 || srv.Hits("/catalog.rdf") != 3 {
		t.Errorf("requests %d, hits %d; want 5 and 3", srv.Requests(), srv.Hits("/catalog.rdf"))
	}
}

// TestTurtle parses a generated page of every style.
func TestTurtle(t *testing.T) {
	ds := dcattest.Datasets("https://k.example", 3)
	ds[2].IRI = ""
	for _, st := range []dcattest.Style{dcattest.NextPageLiteral, dcattest.CKANDCAT, dcattest.PartialView, dcattest.Untyped} {
		p := dcattest.Page{Self: "https://k.example/catalog?page=1", Next: "catalog?page=2", TotalItems: 9, Datasets: ds}
		doc := dcattest.Turtle("https://k.example/catalog", p, st)
		g, err := rdf.Parse(bytes.NewReader(doc), rdf.Turtle, p.Self)
		if err != nil {
			t.Fatalf("style %d: %v\n%s", st, err, doc)
		}
		if n := len(g.OfType(rdf.DCAT + "Dataset")); n != 3 {
			t.Errorf("style %d: %d datasets, want 3", st, n)
		}
		if n := len(g.Subjects(rdf.HYDRA+"totalItems", rdf.Term{})); n != 1 {
			t.Errorf("style %d: %d totalItems, want 1", st, n)
		}
		next := g.Subjects(rdf.HYDRA+"next", rdf.Term{})
		if st == dcattest.NextPageLiteral {
			next = g.Subjects(rdf.HYDRA+"nextPage", rdf.Term{})
		}
		if len(next) != 1 || next[0] != rdf.IRI(p.Self) {
			t.Errorf("style %d: next link on %v, want on the page node", st, next)
		}
	}
}

// TestSplitNTriples splits the 6 datasets of the ckanext-dcatde catalogue
// into pages of 4 and finds every triple of the datasets again.
func TestSplitNTriples(t *testing.T) {
	g, err := rdf.Parse(bytes.NewReader(dcattest.ReadFixture(t, dcattest.CatalogEndpoint)), rdf.RDFXML, "http://data.example-domain.de/catalog.rdf")
	if err != nil {
		t.Fatal(err)
	}
	urls := []string{"https://x.example/p1", "https://x.example/p2", "https://x.example/p3"}
	pages := dcattest.SplitNTriples(g, 4, urls)
	if len(pages) != 2 {
		t.Fatalf("%d pages, want 2", len(pages))
	}
	all := rdf.NewGraph()
	for i, p := range pages {
		pg, err := rdf.Parse(bytes.NewReader(p), rdf.NTriples, "")
		if err != nil {
			t.Fatalf("page %d: %v", i+1, err)
		}
		want := []int{4, 2}[i]
		if n := len(pg.OfType(rdf.DCAT + "Dataset")); n != want {
			t.Errorf("page %d: %d datasets, want %d", i+1, n, want)
		}
		hasNext := !pg.Object(rdf.IRI(urls[i]), rdf.HYDRA+"next").IsZero()
		if hasNext != (i == 0) {
			t.Errorf("page %d: next link %v", i+1, hasNext)
		}
		all.Add(pg.Triples()...)
	}
	// Blank nodes are labelled anew by each parse: compare the other
	// triples one by one and the number of all of them.
	for _, d := range g.OfType(rdf.DCAT + "Dataset") {
		if len(all.About(d)) != len(g.About(d)) {
			t.Errorf("%s: %d triples after the split, %d before", d, len(all.About(d)), len(g.About(d)))
		}
		for _, tr := range g.About(d) {
			if !tr.O.IsBlank() && !all.Has(tr) {
				t.Errorf("triple lost in the split: %s", tr)
			}
		}
	}
	if len(all.Triples()) < len(g.Triples())-10 {
		t.Errorf("%d triples after the split, %d before", len(all.Triples()), len(g.Triples()))
	}
}
