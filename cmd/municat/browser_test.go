package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/store/fs"
)

// citizenRoute is a page of the citizen web interface the browser test
// checks, in German (Path as is) and in English (Path plus lang=en).
type citizenRoute struct {
	// Name names the page in the report and the screenshots; "-de" or
	// "-en" is appended.
	Name string
	// Path is the path and query, without lang.
	Path string
}

// citizenRoutes are the pages TestCitizenPagesInBrowser checks. Extend this
// table when the frontend gains a page. The preview pages use the fixture
// datasets of browserFixtures and a demo CSV.
var citizenRoutes = []citizenRoute{
	{"home", "/"},
	{"search", "/dataset"},
	{"search-baum", "/dataset?q=Baum"},
	{"search-theme-envi", "/dataset?theme=ENVI"},
	{"dataset-baumkataster", "/dataset/baumkataster"},
	{"preview-bietigheim-csv", "/dataset/fixture-bietigheim-csv/preview/csv"},
	{"preview-friedrichshafen-csv", "/dataset/fixture-friedrichshafen-csv/preview/csv"},
	{"preview-freiburg-geojson", "/dataset/fixture-freiburg-geojson/preview/geojson"},
	{"preview-jena-geojson", "/dataset/fixture-jena-geojson/preview/geojson"},
	{"preview-demo-baumkataster-csv", "/dataset/baumkataster/preview/csv"},
	{"organizations", "/organization"},
	{"organization-birkenhude", "/organization/stadt-birkenhude"},
	{"themes", "/theme"},
	{"theme-envi", "/theme/ENVI"},
	{"api", "/api"},
	{"api-referenz", "/api/referenz"},
	{"api-referenz-datensaetze", "/api/referenz/datensaetze"},
	{"impressum", "/impressum"},
	{"datenschutz", "/datenschutz"},
	{"barrierefreiheit", "/barrierefreiheit"},
}

// citizenWalk is the keyboard-only walk, a contract with the frontend's
// templates: the search box #q in form[role=search] on the home page, the
// facet links in nav.facets, the result links in .result-list and the
// download links a.download of a dataset page.
var citizenWalk = browserWalk{
	Start: "/",
	Steps: []walkStep{
		{Selector: "#q", Action: "type", Text: "Baum", ExpectURL: `/dataset\?`},
		{Selector: "nav.facets a", Action: "enter", ExpectURL: `[?&](` + strings.Join(municat.FacetNames, "|") + `)=`},
		{Selector: ".result-list a", Action: "enter", ExpectURL: `/dataset/[^/?]+`},
		{Selector: "a.download", Action: "focus"},
	},
}

// maxPageBytes is the most a citizen page may transfer, subresources and
// headers included.
const maxPageBytes = 100 * 1024

// browserFixture is a real municipal data file the test adds to the demo
// catalogue, so that the preview pages meet real encodings and sizes.
type browserFixture struct {
	// ID is the dataset id; the distribution id is DistID.
	ID, DistID string
	// File is the name in testdata/fixtures/municipal-data.
	File string
	// Title and Description are German.
	Title, Description string
	// Format, MediaType and ContentType describe the file.
	Format, MediaType, ContentType string
}

// browserFixtures are the datasets seeded before `serve --demo` starts.
var browserFixtures = []browserFixture{
	{
		ID: "fixture-bietigheim-csv", DistID: "csv", File: "bietigheim-bissingen.csv",
		Title:       "Parkplatzbelegung Bietigheim-Bissingen (Testdaten)",
		Description: "Belegung der Parkplätze und Parkhäuser, CSV in Windows-1252 mit Semikolon und CRLF.",
		Format:      "CSV", MediaType: "text/csv", ContentType: "text/csv; charset=windows-1252",
	},
	{
		ID: "fixture-friedrichshafen-csv", DistID: "csv", File: "friedrichshafen_easypark.csv",
		Title:       "Parkstreifen Friedrichshafen (Testdaten)",
		Description: "Parkstreifen am Straßenrand mit Parkregeln und WKT-Geometrien, CSV in UTF-8 mit Byte Order Mark und Dezimalkomma.",
		Format:      "CSV", MediaType: "text/csv", ContentType: "text/csv; charset=utf-8",
	},
	{
		ID: "fixture-freiburg-geojson", DistID: "geojson", File: "freiburg_disabled_static.geojson",
		Title:       "Behindertenparkplätze Freiburg (Testdaten)",
		Description: "Behindertenparkplätze mit Straße, Anzahl und Hinweisen als GeoJSON-Flächen.",
		Format:      "GEOJSON", MediaType: "application/geo+json", ContentType: "application/geo+json",
	},
	{
		ID: "fixture-jena-geojson", DistID: "geojson", File: "jena.geojson",
		Title:       "Parkplätze Jena (Testdaten)",
		Description: "Parkplätze und Parkhäuser als GeoJSON, Koordinaten in ETRS89/UTM 32N.",
		Format:      "GEOJSON", MediaType: "application/geo+json", ContentType: "application/geo+json",
	},
}

// citizenPages returns every route of citizenRoutes in German and in
// English.
func citizenPages() []browserPage {
	var pages []browserPage
	for _, r := range citizenRoutes {
		sep := "?"
		if strings.Contains(r.Path, "?") {
			sep = "&"
		}
		pages = append(pages,
			browserPage{Name: r.Name + "-de", Path: r.Path},
			browserPage{Name: r.Name + "-en", Path: r.Path + sep + "lang=en"})
	}
	return pages
}

// seedFixtures writes the organisation "testdaten" and the datasets of
// browserFixtures, with their files, into the fs store under dataDir. It
// waits up to a minute for a fixture file that is not there yet.
func seedFixtures(t *testing.T, root, dataDir string) {
	t.Helper()
	ctx := context.Background()
	st, err := fs.Open(filepath.Join(dataDir, "store"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cat := catalog.New(st)
	org := &municat.Organization{ID: "testdaten", Name: "Testdaten (ParkenDD, MIT)",
		Description: municat.NewText("Echte Dateien kommunaler Parkdaten aus dem ParkenDD-Projekt, als Testdaten.")}
	if err := cat.PutOrganization(ctx, org); err != nil {
		t.Fatal(err)
	}
	modified := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range browserFixtures {
		body := waitForFile(t, filepath.Join(root, "testdata", "fixtures", "municipal-data", f.File), time.Minute)
		key, err := cat.PutFile(ctx, f.ID, f.DistID, f.File, strings.NewReader(string(body)), int64(len(body)), f.ContentType)
		if err != nil {
			t.Fatal(err)
		}
		d := &municat.Dataset{
			ID:           f.ID,
			Title:        municat.NewText(f.Title),
			Description:  municat.NewText(f.Description),
			Keywords:     []string{"Parken", "Testdaten"},
			Themes:       []string{"TRAN"},
			Organization: org.ID,
			Publisher:    &municat.Agent{Name: municat.NewText(org.Name)},
			License:      "other-opensource",
			AccessRights: municat.AccessPublic,
			Modified:     &modified,
			Distributions: []municat.Distribution{{
				ID:        f.DistID,
				Title:     municat.NewText(f.File),
				Format:    f.Format,
				MediaType: f.MediaType,
				ByteSize:  int64(len(body)),
				FileKey:   key,
			}},
			State: municat.Published,
		}
		d.ContentHash = d.Hash()
		if err := d.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := cat.PutDataset(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
}

// waitForFile returns the content of name, polling up to limit while it
// does not exist yet.
func waitForFile(t *testing.T, name string, limit time.Duration) []byte {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		b, err := os.ReadFile(name)
		if err == nil {
			return b
		}
		if !os.IsNotExist(err) || time.Now().After(deadline) {
			t.Fatalf("fixture: %v", err)
		}
		time.Sleep(time.Second)
	}
}

// TestCitizenPagesInBrowser loads every citizen page (citizenRoutes, in
// German and English) of `serve --demo`, plus real municipal fixture files,
// in Debian's Chromium through tools/browser/run.mjs and fails on: a status
// other than 200, any axe-core WCAG 2.1 A/AA violation at 1280 or 390 px, a
// request to another host, a CSP violation or console error, a failed
// subresource, a page without <h1> or <main> when JavaScript is off, more
// than maxPageBytes on the wire, and a keyboard walk (citizenWalk) that does
// not get through or passes a focus stop without a visible indicator.
// Screenshots go to artifacts/screenshots/. It is skipped without Chromium,
// node or tools/browser/node_modules unless MUNICAT_REQUIRE_BROWSER=1.
func TestCitizenPagesInBrowser(t *testing.T) {
	root, chromium := browserTools(t)
	dataDir := t.TempDir()
	seedFixtures(t, root, dataDir)
	start := time.Now()
	// The base URL defaults to the listen address, 127.0.0.1:port, so the
	// pages' absolute links stay on the host the browser loads them from.
	base := startServe(t, env{"MUNICAT_DATA_DIR": dataDir}, 60*time.Second, "--demo").base
	t.Logf("serve --demo with %d fixture datasets ready after %s", len(browserFixtures), time.Since(start).Round(time.Millisecond))

	shots := filepath.Join(root, "artifacts", "screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	walk := citizenWalk
	r := runBrowser(t, root, browserJob{
		Base:      base,
		OutDir:    shots,
		Chromium:  chromium,
		Pages:     citizenPages(),
		Walk:      &walk,
		TimeoutMS: int((8 * time.Minute).Milliseconds()),
	})
	t.Logf("Chromium %s, axe-core %s, %d pages in %s; screenshots in %s", r.Chromium, r.Axe, len(r.Pages),
		(time.Duration(r.DurationMS) * time.Millisecond).Round(time.Second), shots)

	var table strings.Builder
	fmt.Fprintf(&table, "\n%-40s %6s %9s %8s %5s", "page", "status", "KB", "requests", "axe")
	for _, p := range r.Pages {
		fmt.Fprintf(&table, "\n%-40s %6d %9.1f %8d %5d", p.Name, p.Status, float64(p.Bytes)/1024, p.Requests, len(p.Violations))
	}
	t.Log("transferred per page (fresh cache, headers included):" + table.String())

	for _, p := range r.Pages {
		checkPageResult(t, p)
	}
	checkWalk(t, r.Walk)
}

// checkPageResult fails the test for every problem the runner reported on p.
func checkPageResult(t *testing.T, p pageResult) {
	t.Helper()
	where := p.Name + " " + p.Path
	if p.Error != "" {
		t.Errorf("%s: %s", where, p.Error)
	}
	if p.Status != 200 {
		// The other findings are about the error page, not the page.
		t.Errorf("%s: status %d, want 200", where, p.Status)
		return
	}
	if p.Axe.Runs != 2 {
		t.Errorf("%s: axe ran %d times, want 2 (1280 and 390 px)", where, p.Axe.Runs)
	}
	for _, v := range p.Violations {
		t.Errorf("%s: %s", where, v)
	}
	for _, req := range p.ThirdPartyRequests {
		t.Errorf("%s: request to another host: %s", where, req)
	}
	for _, s := range p.CSPViolations {
		t.Errorf("%s: CSP violation: %s", where, s)
	}
	for _, s := range p.ConsoleErrors {
		t.Errorf("%s: console error: %s", where, s)
	}
	for _, req := range p.FailedRequests {
		t.Errorf("%s: failed subresource: %s", where, req)
	}
	if !p.NoJS.H1 || !p.NoJS.Main {
		t.Errorf("%s: without JavaScript: non-empty <h1> %v, <main> %v; want both", where, p.NoJS.H1, p.NoJS.Main)
	}
	if p.Bytes > maxPageBytes {
		t.Errorf("%s: %d bytes transferred in %d requests, want at most %d", where, p.Bytes, p.Requests, maxPageBytes)
	}
}

// checkWalk fails the test if the keyboard walk did not get through or
// passed a focus stop without a visible focus indicator.
func checkWalk(t *testing.T, w *walkResult) {
	t.Helper()
	if w == nil {
		t.Error("keyboard walk: no result")
		return
	}
	for i, s := range w.Steps {
		t.Logf("keyboard walk step %d %s %q: ok=%v after %d Tab presses, focused %s, now at %s", i+1, s.Action, s.Selector, s.OK, s.Tabs, s.Focused, s.URL)
	}
	if !w.OK {
		t.Errorf("keyboard walk: %s", w.Error)
	}
	if n := len(w.Steps); w.OK && n > 0 {
		last := w.Steps[n-1]
		if last.Action == "focus" && strings.TrimSpace(last.Href) == "" {
			t.Errorf("keyboard walk: the last step reached %s, which has no href", last.Focused)
		}
	}
	for _, f := range w.FocusWithoutIndicator {
		t.Errorf("keyboard walk step %d: %s on %s has no visible focus indicator (%s)", f.Step, f.Element, f.URL, f.Style)
	}
}

// TestCitizenWalkPatterns checks that the walk's URL patterns, which the
// runner compiles as JavaScript regular expressions, mean what they should
// (Go's syntax agrees for these simple patterns).
func TestCitizenWalkPatterns(t *testing.T) {
	cases := []struct {
		step int
		url  string
		want bool
	}{
		{0, "http://h/dataset?q=Baum", true},
		{0, "http://h/?q=Baum", false},
		{1, "http://h/dataset?q=Baum&theme=ENVI", true},
		{1, "http://h/dataset?q=Baum&sort=title", false},
		{2, "http://h/dataset/baumkataster", true},
		{2, "http://h/dataset?q=Baum&theme=ENVI", false},
	}
	for _, c := range cases {
		re := regexp.MustCompile(citizenWalk.Steps[c.step].ExpectURL)
		if got := re.MatchString(c.url); got != c.want {
			t.Errorf("step %d pattern %q on %s = %v, want %v", c.step+1, re, c.url, got, c.want)
		}
	}
}
