package frontend_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/frontend"
	"github.com/municat/municat/internal/demotest"
	"github.com/municat/municat/search/bleve"
	"github.com/municat/municat/store/fs"
)

// MustDemoApp returns an app with the frontend over the demo catalogue plus
// the real municipal fixture files of testdata and a generated XLSX file as
// previewable datasets.
func MustDemoApp(tb testing.TB) *fiber.App {
	tb.Helper()
	ctx := context.Background()
	cat := demotest.MustCatalog(tb)
	for _, fx := range []struct{ id, file, format string }{
		{"fx-bietigheim", "bietigheim-bissingen.csv", "CSV"},
		{"fx-friedrichshafen", "friedrichshafen_easypark.csv", "CSV"},
		{"fx-jena", "jena.geojson", "GEOJSON"},
		{"fx-freiburg", "freiburg_disabled_static.geojson", "GEOJSON"},
	} {
		body, err := os.ReadFile(filepath.Join("..", "testdata", "fixtures", "municipal-data", fx.file))
		MustOK(tb, err)
		key, err := cat.PutFile(ctx, fx.id, "data", fx.file, bytes.NewReader(body), int64(len(body)), "")
		MustOK(tb, err)
		MustOK(tb, cat.PutDataset(ctx, &municat.Dataset{
			ID: fx.id, Title: municat.Text{"de": fx.file}, State: municat.Published, Organization: "stadt-birkenhude",
			Distributions: []municat.Distribution{{ID: "data", Format: fx.format, FileKey: key, ByteSize: int64(len(body))}},
		}))
	}
	xlsx := excelize.NewFile()
	for i, row := range [][]any{{"Stadtteil", "Einwohner", "Fläche (km²)"}, {"Altstadt", 4210, "1,2"}, {"Hudeviertel", 3120, "0,9"}} {
		MustOK(tb, xlsx.SetSheetRow("Sheet1", "A"+strconv.Itoa(i+1), &row))
	}
	_, err := xlsx.NewSheet("Ortsteile")
	MustOK(tb, err)
	MustOK(tb, xlsx.SetSheetRow("Ortsteile", "A1", &[]any{"Ortsteil", "Postleitzahl"}))
	MustOK(tb, xlsx.SetSheetRow("Ortsteile", "A2", &[]any{"Moorhude", "27999"}))
	var xb bytes.Buffer
	MustOK(tb, xlsx.Write(&xb))
	key, err := cat.PutFile(ctx, "fx-xlsx", "data", "stadtteile.xlsx", bytes.NewReader(xb.Bytes()), int64(xb.Len()), "")
	MustOK(tb, err)
	MustOK(tb, cat.PutDataset(ctx, &municat.Dataset{
		ID: "fx-xlsx", Title: municat.Text{"de": "Stadtteile"}, State: municat.Published,
		Distributions: []municat.Distribution{{ID: "data", Format: "XLSX", FileKey: key}},
	}))
	idx := demotest.MustIndex(tb, cat)
	app := fiber.New()
	MustOK(tb, frontend.Register(app, frontend.Config{
		Catalog: cat, Index: idx, BaseURL: "https://daten.birkenhude.example",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}))
	return app
}

func TestEveryPageInBothLanguages(t *testing.T) {
	app := MustDemoApp(t)
	for _, path := range []string{
		"/", "/dataset", "/dataset?q=Baum", "/dataset?theme=ENVI&organization=stadt-birkenhude", "/dataset/baumkataster",
		"/dataset/baumkataster/preview/csv", "/dataset/spielplaetze/preview/geojson", "/organization",
		"/organization/stadt-birkenhude", "/theme", "/theme/ENVI", "/api", "/api/referenz", "/impressum", "/datenschutz", "/barrierefreiheit",
	} {
		for _, lang := range []string{"de", "en"} {
			target := path + map[bool]string{true: "&", false: "?"}[strings.Contains(path, "?")] + "lang=" + lang
			resp, _ := MustGet(t, app, target)
			if c := resp.Header.Get("Set-Cookie"); c != "" {
				t.Errorf("%s sets a cookie: %s", target, c)
			}
			if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
				t.Errorf("%s: Content-Security-Policy %q", target, csp)
			}
			body := MustPage(t, app, target)
			if !strings.Contains(body, `<html lang="`+lang+`">`) || !strings.Contains(body, "<h1") || !strings.Contains(body, "<main") {
				t.Errorf("%s: no %s page with h1 and main", target, lang)
			}
			// A missing message shows its id, e.g. "search.found".
			for _, prefix := range []string{"search.", "dataset.", "meta.", "nav.", "layout.", "preview.", "home.", "theme.", "api.", "apiref."} {
				if strings.Contains(body, ">"+prefix) {
					t.Errorf("%s shows a message id %s…", target, prefix)
				}
			}
		}
	}
	de := MustPage(t, app, "/")
	en := MustPage(t, app, "/?lang=en")
	if !strings.Contains(de, "Neu veröffentlicht") || !strings.Contains(en, "Newly published") {
		t.Error("home page not translated")
	}
	if !strings.Contains(en, `href="/dataset?lang=en"`) || !strings.Contains(de, `href="/?lang=en"`) {
		t.Error("the chosen language is not carried in links, or the switch is missing")
	}
	req := httptestRequest("/", "en-GB,en;q=0.8")
	resp, err := app.Test(req, -1)
	MustOK(t, err)
	if resp.Header.Get("Content-Language") != "en" || !strings.Contains(resp.Header.Get("Vary"), "Accept-Language") {
		t.Errorf("Accept-Language not honoured: %v", resp.Header)
	}
}

func TestPreviewOfRealMunicipalFiles(t *testing.T) {
	app := MustDemoApp(t)
	for _, tt := range []struct{ path, want string }{
		{"/dataset/fx-bietigheim/preview/data", "Parkplatz Mühlwiesenstr."},
		{"/dataset/fx-bietigheim/preview/data", "Geöffnet"},
		{"/dataset/fx-bietigheim/preview/data", "Windows-1252"},
		{"/dataset/fx-friedrichshafen/preview/data", "Gebührenfreies Parken"},
		{"/dataset/fx-friedrichshafen/preview/data", "7,11523"},
		{"/dataset/fx-friedrichshafen/preview/data", "UTF-8 (mit BOM)"},
		{"/dataset/fx-friedrichshafen/preview/data", `<th scope="col">id</th>`},
		{"/dataset/fx-friedrichshafen/preview/data", `rel="next"`},
		{"/dataset/fx-friedrichshafen/preview/data?page=3", `<th scope="row">101</th>`},
		{"/dataset/fx-jena/preview/data", `<svg class="map"`},
		{"/dataset/fx-jena/preview/data", `<circle`},
		{"/dataset/fx-freiburg/preview/data", `<svg class="map"`},
		{"/dataset/fx-freiburg/preview/data", `<caption id="tabelle-titel">`},
		{"/dataset/fx-xlsx/preview/data", `<th scope="col">Fläche (km²)</th>`},
		{"/dataset/fx-xlsx/preview/data", `<td>Hudeviertel</td><td>3120</td><td>0,9</td>`},
		{"/dataset/fx-xlsx/preview/data", `<a href="/dataset/fx-xlsx/preview/data?sheet=Ortsteile">Ortsteile</a>`},
		{"/dataset/fx-xlsx/preview/data?sheet=Ortsteile", `<td>Moorhude</td><td>27999</td>`},
		{"/dataset/fx-bietigheim/preview/data", "<dd>Semikolon (;)</dd>"},
	} {
		body := MustPage(t, app, tt.path)
		if !strings.Contains(body, tt.want) {
			t.Errorf("%s lacks %s", tt.path, tt.want)
		}
	}
	for _, target := range []string{"/dataset/fx-jena/preview/nope", "/dataset/baumkataster/preview/wms", "/dataset/nope/preview/data"} {
		if resp, _ := MustGet(t, app, target); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, resp.StatusCode)
		}
	}
}

func TestHostileHarvestedTextIsInert(t *testing.T) {
	d := &municat.Dataset{
		ID: "x.boese", State: municat.Published,
		Title:       municat.Text{"de": `<script>alert(1)</script>Böse`},
		Description: municat.Text{"de": "Text <img src=https://tracker.example/p.gif onerror=alert(1)> [klick](javascript:alert(1)) <iframe src=//evil.example></iframe>"},
		Keywords:    []string{`"><script>alert(2)</script>`},
		LandingPage: "javascript:alert(3)",
		Publisher:   &municat.Agent{Name: municat.Text{"de": "Amt"}, Homepage: "javascript:alert(4)"},
		Distributions: []municat.Distribution{{ID: "a", Format: "CSV", AccessURL: "javascript:alert(5)",
			Title: municat.Text{"de": `<b onmouseover=alert(6)>x</b>`}}},
	}
	app, _ := MustApp(t, "", d)
	for _, target := range []string{"/dataset/x.boese", "/dataset?q=B%C3%B6se"} {
		body := MustPage(t, app, target)
		lower := strings.ToLower(body)
		// Text stays text (escaped); an image becomes a plain link, so the
		// browser requests nothing from the tracker's host.
		for _, banned := range []string{"<script>", `href="javascript:`, "<img", "<iframe", "<b onmouseover", `src="https://tracker`, "src=https://tracker"} {
			if strings.Contains(lower, banned) {
				t.Errorf("%s contains %q", target, banned)
			}
		}
	}
}

func TestFeedsAndSitemap(t *testing.T) {
	app := MustDemoApp(t)
	for _, target := range []string{"/feeds/datasets.atom", "/feeds/organization/stadt-birkenhude.atom", "/feeds/search.atom?q=Baum&theme=ENVI"} {
		resp, body := MustGet(t, app, target)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("GET %s: %d %s", target, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		var f struct {
			XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
			Entries []struct {
				ID      string `xml:"id"`
				Updated string `xml:"updated"`
			} `xml:"entry"`
		}
		MustOK(t, xml.Unmarshal([]byte(body), &f))
		if len(f.Entries) == 0 || !strings.HasPrefix(f.Entries[0].ID, "https://daten.birkenhude.example/dataset/") {
			t.Errorf("%s: %d entries, first %+v", target, len(f.Entries), f.Entries)
		}
		if target == "/feeds/datasets.atom" && len(f.Entries) != 50 {
			t.Errorf("main feed has %d entries, want 50", len(f.Entries))
		}
	}
	if resp, _ := MustGet(t, app, "/feeds/organization/gibtsnicht.atom"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("feed of an unknown organisation: %d", resp.StatusCode)
	}
	resp, body := MustGet(t, app, "/sitemap.xml")
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	MustOK(t, xml.Unmarshal([]byte(body), &sm))
	if resp.StatusCode != http.StatusOK || len(sm.URLs) < 90+5+13 || !strings.Contains(body, "https://daten.birkenhude.example/dataset/baumkataster") {
		t.Errorf("sitemap: %d URLs", len(sm.URLs))
	}
	_, robots := MustGet(t, app, "/robots.txt")
	if !strings.Contains(robots, "Sitemap: https://daten.birkenhude.example/sitemap.xml") {
		t.Errorf("robots.txt: %s", robots)
	}
}

func TestSuggestionsAndEmptySearch(t *testing.T) {
	app := MustDemoApp(t)
	resp, body := MustGet(t, app, "/suggest?q=Baumkat")
	var titles []string
	MustOK(t, json.Unmarshal([]byte(body), &titles))
	if resp.StatusCode != http.StatusOK || len(titles) == 0 || titles[0] != "Baumkataster" {
		t.Errorf("suggestions %v", titles)
	}
	empty := MustPage(t, app, "/dataset?q=Bamkatasster")
	if !strings.Contains(empty, "Meinten Sie") || !strings.Contains(empty, "baumkataster</a>") || !strings.Contains(empty, `class="theme-tiles"`) {
		t.Errorf("empty search offers no spelling or themes:\n%s", empty)
	}
}

func TestHomeAndStatements(t *testing.T) {
	app := MustDemoApp(t)
	home := MustPage(t, app, "/")
	for _, want := range []string{`href="/theme/ENVI"`, "Neu veröffentlicht", "Kürzlich aktualisiert", `href="/organization/stadt-birkenhude"`, `type="application/atom+xml"`} {
		if !strings.Contains(home, want) {
			t.Errorf("home lacks %s", want)
		}
	}
	if resp, _ := MustGet(t, app, "/?q=Baum"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/dataset?q=Baum" {
		t.Errorf("an old search link is not sent on to /dataset: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	ds := MustPage(t, app, "/dataset/baumkataster")
	if !strings.Contains(ds, "Ähnliche Datensätze") || strings.Count(ds, `href="/dataset/baumkataster"`) != 0 {
		t.Error("the dataset page lists no related datasets, or itself")
	}
	acc := MustPage(t, app, "/barrierefreiheit")
	for _, want := range []string{"Stand der Vereinbarkeit", "Schlichtungsverfahren", "Feedback"} {
		if !strings.Contains(acc, want) {
			t.Errorf("accessibility statement lacks %s", want)
		}
	}
	if resp, _ := MustGet(t, app, "/theme/envi"); resp.StatusCode != http.StatusMovedPermanently {
		t.Errorf("/theme/envi: %d", resp.StatusCode)
	}
	req := httptestRequest("/gibt/es/nicht", "de")
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	resp, err := app.Test(req, -1)
	MustOK(t, err)
	if resp.StatusCode != http.StatusNotFound || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("a browser asking for a missing page: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if resp, _ := MustGet(t, app, "/theme/XXXX"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/theme/XXXX: %d", resp.StatusCode)
	}
}

func TestConfiguredStatement(t *testing.T) {
	st, err := fs.Open(t.TempDir())
	MustOK(t, err)
	defer st.Close()
	idx, err := bleve.NewMemory()
	MustOK(t, err)
	defer idx.Close()
	app := fiber.New()
	MustOK(t, frontend.Register(app, frontend.Config{
		Catalog: catalog.New(st), Index: idx,
		Statements: map[string]municat.Text{frontend.StatementImprint: {"de": "## Stadt Musterstadt\n\nMarktplatz 1"}},
	}))
	body := MustPage(t, app, "/impressum?lang=en")
	if !strings.Contains(body, "Marktplatz 1") || !strings.Contains(body, `lang="de"`) || strings.Contains(body, "not entered") {
		t.Errorf("configured imprint not shown (in German, marked so):\n%s", body)
	}
}

func TestSitemapIndexForLargeCatalogues(t *testing.T) {
	defer frontend.SetSitemapChunk(40)()
	app := MustDemoApp(t)
	_, body := MustGet(t, app, "/sitemap.xml")
	var index struct {
		XMLName  xml.Name `xml:"sitemapindex"`
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	MustOK(t, xml.Unmarshal([]byte(body), &index))
	// 90 datasets in files of 40: three, and one of the pages.
	if len(index.Sitemaps) != 4 || !strings.HasSuffix(index.Sitemaps[3].Loc, "/sitemap-datasets-3.xml") {
		t.Fatalf("sitemap index: %+v", index.Sitemaps)
	}
	seen := map[string]bool{}
	for n, want := range []int{40, 40, 10} {
		_, body := MustGet(t, app, strings.TrimPrefix(index.Sitemaps[n+1].Loc, "https://daten.birkenhude.example"))
		var sm struct {
			URLs []struct {
				Loc string `xml:"loc"`
			} `xml:"url"`
		}
		MustOK(t, xml.Unmarshal([]byte(body), &sm))
		if len(sm.URLs) != want {
			t.Errorf("sitemap %d: %d URLs, want %d", n+1, len(sm.URLs), want)
		}
		for _, u := range sm.URLs {
			if seen[u.Loc] {
				t.Errorf("%s in two sitemaps", u.Loc)
			}
			seen[u.Loc] = true
		}
	}
	if resp, _ := MustGet(t, app, "/sitemap-datasets-4.xml"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a sitemap past the end: %d", resp.StatusCode)
	}
	if _, body := MustGet(t, app, "/sitemap-pages.xml"); !strings.Contains(body, "/theme/ENVI</loc>") {
		t.Error("the pages sitemap lacks the themes")
	}
}

func TestResponsesCompressed(t *testing.T) {
	app := MustDemoApp(t)
	body := MustPage(t, app, "/dataset")
	css := regexp.MustCompile(`href="(/static/style\.[0-9a-f]+\.css)"`).FindStringSubmatch(body)
	js := regexp.MustCompile(`src="(/static/app\.[0-9a-f]+\.js)"`).FindStringSubmatch(body)
	if css == nil || js == nil {
		t.Fatal("no checksum URLs for the style sheet and the script")
	}
	for _, target := range []string{"/dataset", "/dataset/baumkataster", css[1], js[1], "/feeds/datasets.atom", "/sitemap.xml"} {
		req := httptestRequest(target, "de")
		req.Header.Set("Accept", "text/html")
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := app.Test(req, -1)
		MustOK(t, err)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("GET %s: status %d, Content-Encoding %q", target, resp.StatusCode, resp.Header.Get("Content-Encoding"))
		}
	}
}
