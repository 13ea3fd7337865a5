package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/rdf"
)

// checkDatasetGraph checks that g describes the dataset id alone: its node
// is typed dcat:Dataset, its IRI is the URL of its route, and nothing
// links it to the catalogue.
func checkDatasetGraph(tb testing.TB, g *rdf.Graph, id string) {
	tb.Helper()
	ds := rdf.IRI(testBaseURL + "/dataset/" + id)
	if !g.HasType(ds, rdf.DCAT+"Dataset") {
		tb.Errorf("no dcat:Dataset %s", ds.Value)
	}
	if n := len(g.OfType(rdf.DCAT + "Dataset")); n != 1 {
		tb.Errorf("%d datasets, want 1", n)
	}
	if s := g.Subjects(rdf.DCAT+"dataset", rdf.Term{}); len(s) != 0 {
		tb.Errorf("catalogue links %v in a single dataset's document", s)
	}
	if len(g.About(ds)) < 3 {
		tb.Errorf("dataset node has only %v", g.About(ds))
	}
}

func TestDatasetRDFFormats(t *testing.T) {
	e := MustEnv(t, nil)
	const id = "stadt-ckan.baumkataster"
	for _, ext := range []string{"ttl", "n3", "rdf", "xml", "jsonld", "nt"} {
		f, _ := rdf.FormatFromExt(ext)
		g, _ := MustGetRDF(t, e.app, "/dataset/"+id+"."+ext, f)
		checkDatasetGraph(t, g, id)
		if title := g.Object(rdf.IRI(testBaseURL+"/dataset/"+id), rdf.DCT+"title"); !strings.Contains(title.Value, "Baumkataster") &&
			!strings.Contains(title.Value, "Tree register") {
			t.Errorf("%s: title %v", ext, title)
		}
	}
	resp, body := MustDo(t, e.app, http.MethodHead, "/dataset/"+id+".ttl")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != rdf.Turtle.ContentType() || len(body) != 0 {
		t.Errorf("HEAD: status %d, Content-Type %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
	}
}

func TestDatasetRDFNegotiation(t *testing.T) {
	e := MustEnv(t, nil)
	// The frontend registers its page after the server's routes.
	e.app.Get("/dataset/:id", func(c *fiber.Ctx) error { return c.SendString("Seite von " + c.Params("id")) })
	const id = "stadt-ckan.radwege"
	for _, tt := range []struct {
		accept string
		format rdf.Format
	}{
		{"", rdf.Turtle}, {"*/*", rdf.Turtle}, {"application/rdf+xml", rdf.RDFXML},
		{"application/ld+json, text/html;q=0.9", rdf.JSONLD}, {"application/n-triples", rdf.NTriples},
	} {
		g, _ := MustGetRDF(t, e.app, "/dataset/"+id, tt.format, "Accept", tt.accept)
		checkDatasetGraph(t, g, id)
	}
	for _, accept := range []string{"text/html", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"} {
		resp, body := MustDo(t, e.app, http.MethodGet, "/dataset/"+id, "Accept", accept)
		if resp.StatusCode != http.StatusOK || string(body) != "Seite von "+id || !strings.Contains(resp.Header.Get("Vary"), "Accept") {
			t.Errorf("Accept %q: status %d, Vary %q, body %q; want the HTML page", accept, resp.StatusCode, resp.Header.Get("Vary"), body)
		}
	}
	resp, body := MustDo(t, e.app, http.MethodGet, "/dataset/"+id, "Accept", "image/png")
	checkNotAcceptable(t, resp, body)
}

func TestDatasetRDFErrors(t *testing.T) {
	e := MustEnv(t, nil)
	for _, target := range []string{"/dataset/fehlt.ttl", "/dataset/fehlt", "/dataset/GROSS.rdf", "/dataset/stadt-ckan.radwege.pdf"} {
		MustProblem(t, e.app, http.MethodGet, target, http.StatusNotFound)
	}
	for _, target := range []string{"/dataset/stadt-ckan.luftmessstellen.ttl", "/dataset/stadt-ckan.luftmessstellen"} {
		p := MustProblem(t, e.app, http.MethodGet, target, http.StatusGone)
		if !strings.Contains(p.Detail, "zurückgezogen") || p.Title != "Nicht mehr verfügbar" {
			t.Errorf("%s: %+v", target, p)
		}
	}
	MustProblem(t, e.app, http.MethodGet, "/dataset/stadt-ckan.kaputt.nt", http.StatusInternalServerError)
}

// TestDatasetRDFDottedID checks ids that end like an extension: the
// extension is split off only when a dataset has the rest as its id.
func TestDatasetRDFDottedID(t *testing.T) {
	e := MustEnv(t, nil)
	const id = "stadt-ckan.plan.ttl"
	MustOK(t, e.catalog.PutDataset(context.Background(), &municat.Dataset{
		ID: id, Title: municat.Text{"de": "Plan"}, State: municat.Published, Organization: "stadt-musterstadt",
	}))
	g, _ := MustGetRDF(t, e.app, "/dataset/"+id, rdf.Turtle)
	checkDatasetGraph(t, g, id)
	g, _ = MustGetRDF(t, e.app, "/dataset/"+id+".rdf", rdf.RDFXML)
	checkDatasetGraph(t, g, id)
}
