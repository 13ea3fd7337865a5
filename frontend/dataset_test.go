package frontend_test

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/municat/municat"
)

func TestDatasetPage(t *testing.T) {
	d := &municat.Dataset{
		ID: "stadt.baumkataster", Title: municat.Text{"de": "Baumkataster <Bäume>"},
		Description: municat.Text{"de": "Alle Stadtbäume."},
		State:       municat.Published,
		Distributions: []municat.Distribution{
			{ID: "csv", Title: municat.Text{"de": "Bäume als CSV"}, Format: "CSV", DownloadURL: "https://example.org/b.csv"},
			{ID: "eigen", Format: "CSV", FileKey: "files/stadt.baumkataster/eigen/b.csv"},
		},
	}
	gone := &municat.Dataset{ID: "stadt.alt", Title: municat.Text{"de": "Alte Daten"}, State: municat.Withdrawn}
	app, _ := MustApp(t, "https://daten.example.org/portal", d, gone)

	body := MustPage(t, app, "/dataset/stadt.baumkataster")
	for _, want := range []string{
		"<h1>Baumkataster &lt;Bäume&gt;</h1>",
		`<a class="button download" href="https://example.org/b.csv" rel="noopener noreferrer">Herunterladen<span class="visually-hidden">: Bäume als CSV</span></a>`,
		`<a class="button download" href="/portal/api/v1/datasets/stadt.baumkataster/distributions/eigen/download" rel="noopener noreferrer">Herunterladen<span class="visually-hidden">: Datei (CSV)</span></a>`,
		`<link rel="alternate" type="text/turtle" href="/portal/dataset/stadt.baumkataster.ttl"`,
		`<link rel="alternate" type="application/rdf+xml" href="/portal/dataset/stadt.baumkataster.rdf"`,
		`<a href="/portal/dataset/stadt.baumkataster.jsonld" type="application/ld+json">`,
	} {
		if !strings.Contains(html.UnescapeString(body), html.UnescapeString(want)) {
			t.Errorf("dataset page lacks %s\n%s", want, body)
		}
	}

	resp, body := MustGet(t, app, "/dataset/stadt.alt")
	if resp.StatusCode != http.StatusGone || !strings.Contains(body, "zurückgezogen") {
		t.Errorf("withdrawn dataset: status %d, body lacks the banner:\n%s", resp.StatusCode, body)
	}
	for _, target := range []string{"/dataset/stadt.fehlt", "/dataset/..%2F..%2Fetc"} {
		if resp, _ := MustGet(t, app, target); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, resp.StatusCode)
		}
	}
}

func TestSearchPageAnnouncesCatalogue(t *testing.T) {
	app, _ := MustApp(t, "")
	body := MustPage(t, app, "/dataset")
	for _, want := range []string{
		`<link rel="alternate" type="text/turtle" href="/catalog.ttl"`,
		`<link rel="alternate" type="application/rdf+xml" href="/catalog.rdf"`,
		`<link rel="alternate" type="application/ld+json" href="/catalog.jsonld"`,
	} {
		if !strings.Contains(html.UnescapeString(body), want) {
			t.Errorf("search page lacks %s", want)
		}
	}
}
