package frontend_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/frontend"
	"github.com/municat/municat/search/bleve"
	"github.com/municat/municat/store/fs"
)

// MustApp returns an app with the frontend over a real file store and a
// real in-memory index holding datasets.
func MustApp(tb testing.TB, baseURL string, datasets ...*municat.Dataset) (*fiber.App, *bleve.Index) {
	tb.Helper()
	app, idx, _ := MustAppCatalog(tb, baseURL, datasets...)
	return app, idx
}

// MustAppCatalog is MustApp that also returns the catalogue, for tests that
// write more records than datasets.
func MustAppCatalog(tb testing.TB, baseURL string, datasets ...*municat.Dataset) (*fiber.App, *bleve.Index, *catalog.Catalog) {
	tb.Helper()
	ctx := context.Background()
	st, err := fs.Open(tb.TempDir())
	MustOK(tb, err)
	tb.Cleanup(func() { st.Close() })
	idx, err := bleve.NewMemory()
	MustOK(tb, err)
	tb.Cleanup(func() { idx.Close() })
	cat := catalog.New(st)
	for _, d := range datasets {
		MustOK(tb, cat.PutDataset(ctx, d))
	}
	MustOK(tb, idx.Index(ctx, datasets...))
	app := fiber.New()
	MustOK(tb, frontend.Register(app, frontend.Config{
		Catalog: cat, Index: idx, BaseURL: baseURL,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}))
	return app, idx, cat
}

// MustOK fails the test on a non-nil error.
func MustOK(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// MustGet requests target and returns the response and its body.
func MustGet(tb testing.TB, app *fiber.App, target string) (*http.Response, string) {
	tb.Helper()
	resp, err := app.Test(httptest.NewRequest(http.MethodGet, target, nil), -1)
	MustOK(tb, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	MustOK(tb, err)
	return resp, string(body)
}

// MustPage requests a page and checks it is a 200 HTML answer.
func MustPage(tb testing.TB, app *fiber.App, target string) string {
	tb.Helper()
	resp, body := MustGet(tb, app, target)
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: status %d\n%s", target, resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		tb.Fatalf("GET %s: Content-Type %q", target, ct)
	}
	return body
}

func date(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func fixture() []*municat.Dataset {
	return []*municat.Dataset{
		{
			ID: "stadt.baumkataster", Title: municat.Text{"de": "Baumkataster"},
			Description: municat.Text{"de": "Alle Straßenbäume der Stadt."}, Keywords: []string{"Bäume"},
			Themes: []string{"ENVI"}, Publisher: &municat.Agent{Name: municat.Text{"de": "Stadt Musterstadt"}},
			License: "dl-by-de/2.0", Modified: date("2026-01-09T23:30:00Z"), State: municat.Published,
			Distributions: []municat.Distribution{
				{ID: "csv", Format: "CSV", AccessURL: "https://example.org/b.csv"},
				{ID: "geo", Format: "GEOJSON", AccessURL: "https://example.org/b.geojson"},
			},
		},
		{
			ID: "stadt.radwege", Title: municat.Text{"de": "Radwege"}, Themes: []string{"TRAN"},
			Publisher: &municat.Agent{Name: municat.Text{"de": "Stadt Musterstadt"}}, License: "cc-by/4.0",
			Keywords: []string{"Radfahren"}, Modified: date("2026-03-01T10:00:00Z"), State: municat.Published,
			Distributions: []municat.Distribution{{ID: "geo", Format: "GEOJSON", AccessURL: "https://example.org/r.geojson"}},
		},
		{
			ID: "kreis.haushalt", Title: municat.Text{"de": "Haushaltsplan"}, Themes: []string{"ECON"},
			Publisher: &municat.Agent{Name: municat.Text{"de": "Kreis Beispiel"}}, License: "dl-by-de/2.0",
			Modified: date("2025-06-01T10:00:00Z"), State: municat.Published,
			Distributions: []municat.Distribution{{ID: "pdf", Format: "PDF", AccessURL: "https://example.org/h.pdf"}},
		},
	}
}

// hrefs returns the unescaped targets of the links whose text (tags left
// out) contains text.
func hrefs(body, text string) []string {
	var out []string
	link := regexp.MustCompile(`<a href="([^"]*)"[^>]*>(.*?)</a>`)
	tag := regexp.MustCompile(`<[^>]*>`)
	for _, m := range link.FindAllStringSubmatch(body, -1) {
		if strings.Contains(html.UnescapeString(tag.ReplaceAllString(m[2], "")), text) {
			out = append(out, html.UnescapeString(m[1]))
		}
	}
	return out
}

func TestSearchPageShowsResults(t *testing.T) {
	app, _ := MustApp(t, "", fixture()...)
	body := MustPage(t, app, "/dataset?q=Baumkataster")
	for _, want := range []string{
		`<html lang="de">`,
		`<a href="/dataset/stadt.baumkataster">Baumkataster</a>`,
		"1 Datensatz gefunden",
		"Alle Straßenbäume der Stadt.",
		"<dd>Stadt Musterstadt</dd>",
		`<dd><span class="format">CSV</span>, <span class="format">GEOJSON</span></dd>`,
		// 23:30 UTC on 9 January is 10 January in Germany.
		`<time datetime="2026-01-10">10.01.2026</time>`,
		`value="Baumkataster"`,
		`<title>„Baumkataster“ – Datensätze suchen – Offene Daten</title>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(body, "Radwege") {
		t.Error("page shows a dataset that does not match")
	}
}

func TestSearchPageAccessibleAndStrict(t *testing.T) {
	app, _ := MustApp(t, "", fixture()...)
	resp, body := MustGet(t, app, "/dataset")
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "unsafe") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	for _, want := range []string{
		`<a class="skip-link" href="#inhalt">`, `<header`, `<main id="inhalt"`, `<nav class="facets"`, `<footer`,
		`<label for="q">`, `id="q" name="q"`, `<label for="sort">`, `role="search"`, `<h1>`,
		`<form class="search-form" role="search" method="get" action="/dataset">`,
		`<script src="/static/app.`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if n := strings.Count(body, "<script"); n != 1 {
		t.Errorf("page has %d scripts, want only the one script file", n)
	}
	for _, banned := range []string{"<script>", "style=", "<style", "http://", "https://", " on"} {
		if strings.Contains(body, banned) {
			t.Errorf("page contains %q (inline code or an external request)", banned)
		}
	}
}

func TestSearchPageEscapesQuery(t *testing.T) {
	app, _ := MustApp(t, "", fixture()...)
	body := MustPage(t, app, "/dataset?q="+url.QueryEscape(`<script>alert("x")</script>`))
	if strings.Contains(body, "<script>") {
		t.Fatal("the query was not escaped")
	}
	if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Errorf("escaped query missing from the page")
	}
}

func TestSearchPageFacets(t *testing.T) {
	app, _ := MustApp(t, "", fixture()...)
	body := MustPage(t, app, "/dataset")
	if !strings.Contains(body, "3 Datensätze gefunden") {
		t.Fatal("no total")
	}
	for _, tt := range []struct{ label, param string }{
		{"Umwelt 1", "theme=ENVI"},
		{"Stadt Musterstadt 2", "publisher=Stadt+Musterstadt"},
		{"GEOJSON 2", "format=GEOJSON"},
		{"Datenlizenz Deutschland Namensnennung 2.0 2", "license=dl-by-de%2F2.0"},
		{"Radfahren 1", "keyword=Radfahren"},
	} {
		links := hrefs(body, tt.label)
		if len(links) != 1 || !strings.Contains(links[0], tt.param) {
			t.Errorf("facet link %q: %v, want one with %s", tt.label, links, tt.param)
		}
	}

	// Following a facet link filters; following it again removes the filter.
	filtered := MustPage(t, app, hrefs(body, "Umwelt 1")[0])
	if !strings.Contains(filtered, "1 Datensatz gefunden") || !strings.Contains(filtered, `<input type="hidden" name="theme" value="ENVI">`) {
		t.Fatalf("filtered page:\n%s", filtered)
	}
	if !strings.Contains(filtered, "Thema:</span> Umwelt") {
		t.Error("the active filter is not shown")
	}
	narrowed := MustPage(t, app, hrefs(filtered, "Stadt Musterstadt 1")[0])
	if !strings.Contains(narrowed, "1 Datensatz gefunden") {
		t.Error("a second filter did not apply")
	}
	removed := MustPage(t, app, hrefs(filtered, `Umwelt ✕ – Filter entfernen`)[0])
	if !strings.Contains(removed, "3 Datensätze gefunden") {
		t.Error("removing the filter did not widen the search")
	}
	both := MustPage(t, app, "/dataset?theme=ENVI&theme=TRAN")
	if !strings.Contains(both, "2 Datensätze gefunden") {
		t.Error("repeated filter values are not ORed")
	}
}

func TestSearchPageEmptyAndLenient(t *testing.T) {
	app, _ := MustApp(t, "", fixture()...)
	body := MustPage(t, app, "/dataset?q=Quantenschaum")
	if !strings.Contains(body, "0 Datensätze gefunden") || !strings.Contains(body, "Prüfen Sie die Schreibweise") {
		t.Error("no empty-result message")
	}
	for _, target := range []string{"/dataset?page=abc", "/dataset?page=-3", "/dataset?sort=kaputt", "/dataset?page=999999", "/dataset?q=%zz", "/dataset?lang=xx"} {
		MustPage(t, app, target)
	}
}

func TestSearchPagePagination(t *testing.T) {
	var many []*municat.Dataset
	for i := range 25 {
		many = append(many, &municat.Dataset{
			ID: fmt.Sprintf("stadt.d%02d", i), Title: municat.Text{"de": fmt.Sprintf("Datensatz %02d", i)},
			Modified: date(fmt.Sprintf("2026-01-%02dT12:00:00Z", i+1)), State: municat.Published,
		})
	}
	app, _ := MustApp(t, "", many...)
	first := MustPage(t, app, "/dataset?sort=title")
	if !strings.Contains(first, "Seite 1 von 2") || strings.Contains(first, "Vorherige Seite") || !strings.Contains(first, "Datensatz 19") || strings.Contains(first, "Datensatz 20") {
		t.Fatalf("first page:\n%s", first)
	}
	next := hrefs(first, "Nächste Seite")
	if len(next) != 1 || next[0] != "/dataset?page=2&sort=title" {
		t.Fatalf("next links %v", next)
	}
	second := MustPage(t, app, next[0])
	if !strings.Contains(second, "Seite 2 von 2") || !strings.Contains(second, "Datensatz 24") || strings.Contains(second, "Datensatz 19") ||
		strings.Contains(second, "Nächste Seite") || len(hrefs(second, "Vorherige Seite")) != 1 || !strings.Contains(second, `start="21"`) {
		t.Errorf("second page:\n%s", second)
	}
}

func TestStaticAsset(t *testing.T) {
	app, _ := MustApp(t, "", fixture()...)
	body := MustPage(t, app, "/")
	m := regexp.MustCompile(`<link rel="stylesheet" href="(/static/style\.[0-9a-f]{16}\.css)">`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no stylesheet link with a checksum URL")
	}
	resp, css := MustGet(t, app, m[1])
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") ||
		resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.Contains(css, ":focus-visible") {
		t.Errorf("stylesheet: status %d, headers %v", resp.StatusCode, resp.Header)
	}
	for _, target := range []string{"/static/style.css", "/static/style.0000000000000000.css"} {
		if resp, _ := MustGet(t, app, target); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, resp.StatusCode)
		}
	}
}

func TestBasePath(t *testing.T) {
	app, _ := MustApp(t, "https://example.de/daten/", fixture()...)
	body := MustPage(t, app, "/dataset?q=Radwege")
	for _, want := range []string{`href="/daten/dataset/stadt.radwege"`, `href="/daten/static/style.`, `action="/daten/dataset"`, `href="/daten/dataset?`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

func TestSearchPageIndexFailure(t *testing.T) {
	app, idx := MustApp(t, "", fixture()...)
	MustOK(t, idx.Close())
	resp, body := MustGet(t, app, "/dataset?q=Baum")
	if resp.StatusCode < 500 || !strings.Contains(body, "Die Suche ist gerade nicht möglich.") || !strings.Contains(body, `lang="de"`) {
		t.Errorf("status %d\n%s", resp.StatusCode, body)
	}
}

// httptestRequest returns a GET request for target with an
// Accept-Language header.
func httptestRequest(target, acceptLanguage string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	r.Header.Set("Accept-Language", acceptLanguage)
	return r
}
