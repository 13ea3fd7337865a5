package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/internal/apitest"
	"github.com/municat/municat/internal/syncbuf"
	"github.com/municat/municat/search/bleve"
	"github.com/municat/municat/server"
	"github.com/municat/municat/store/fs"
)

const testBaseURL = "https://daten.example.de"

// env is a server over a real file store and a real in-memory index.
type env struct {
	app     *fiber.App
	store   *fs.Store
	catalog *catalog.Catalog
	index   *bleve.Index
	logs    *syncbuf.Buffer
}

func date(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}

// csvBody is the file municat holds for the tree register.
const csvBody = "baum;art\n1;Linde\n2;Eiche\n"

// fixtureDatasets are the datasets of every test.
func fixtureDatasets() []*municat.Dataset {
	return []*municat.Dataset{
		{
			ID: "stadt-ckan.baumkataster", Identifier: "https://ckan.example.org/dataset/baumkataster",
			Title:       municat.Text{"de": "Baumkataster", "en": "Tree register"},
			Description: municat.Text{"de": "Alle Straßenbäume der Stadt mit Art und Standort.", "en": "All street trees."},
			Keywords:    []string{"Bäume", "Umwelt"}, Themes: []string{"ENVI"},
			Organization: "stadt-musterstadt",
			Publisher:    &municat.Agent{Name: municat.Text{"de": "Stadt Musterstadt"}, URI: "https://musterstadt.de"},
			ContactPoint: &municat.Contact{Name: "Grünflächenamt", Email: "gruen@musterstadt.de"},
			License:      "dl-by-de/2.0", AccessRights: municat.AccessPublic,
			Modified: date("2026-01-10"), Issued: date("2020-05-01"),
			Spatial: &municat.Spatial{Names: []string{"Musterstadt"}},
			Distributions: []municat.Distribution{
				{ID: "csv", Title: municat.Text{"de": "Baumkataster als CSV"}, Format: "CSV", MediaType: "text/csv",
					FileKey:  catalog.FileKey("stadt-ckan.baumkataster", "csv", "Bäume 2026.csv"),
					Checksum: &municat.Checksum{Algorithm: "sha256", Value: "ab12cd34"}, ByteSize: int64(len(csvBody))},
				{ID: "geojson", Format: "GEOJSON", AccessURL: "https://ckan.example.org/baeume.geojson",
					DownloadURL: "https://ckan.example.org/baeume.geojson"},
				{ID: "ohne-datei", Format: "CSV", AccessURL: "https://ckan.example.org/baeume"},
				{ID: "verloren", Format: "CSV", AccessURL: "https://ckan.example.org/verloren.csv",
					FileKey: catalog.FileKey("stadt-ckan.baumkataster", "verloren", "verloren.csv")},
			},
			SourceID: "stadt-ckan", RemoteID: "baumkataster", State: municat.Published,
		},
		{
			ID: "stadt-ckan.radwege", Title: municat.Text{"de": "Radwege"},
			Description: municat.Text{"de": "Das Radwegenetz."}, Keywords: []string{"Verkehr", "Rad"},
			Themes: []string{"TRAN"}, Organization: "stadt-musterstadt",
			Publisher: &municat.Agent{Name: municat.Text{"de": "Stadt Musterstadt"}},
			License:   "cc-by/4.0", Modified: date("2026-03-01"),
			Distributions: []municat.Distribution{{ID: "geo", Format: "GEOJSON", AccessURL: "https://ckan.example.org/rad.geojson"}},
			SourceID:      "stadt-ckan", State: municat.Published,
		},
		{
			ID: "stadt-ckan.haushalt", Title: municat.Text{"de": "Haushaltsplan 2026"},
			Keywords: []string{"Finanzen"}, Themes: []string{"ECON", "GOVE"}, Organization: "kreis-beispiel",
			Publisher: &municat.Agent{Name: municat.Text{"de": "Kreis Beispiel"}},
			License:   "dl-by-de/2.0", Modified: date("2025-06-01"),
			Distributions: []municat.Distribution{
				{ID: "pdf", Format: "PDF", AccessURL: "https://ckan.example.org/haushalt.pdf"},
				{ID: "csv", Format: "CSV", AccessURL: "https://ckan.example.org/haushalt.csv"},
			},
			SourceID: "stadt-ckan", State: municat.Published,
		},
		{
			ID: "stadt-ckan.luftmessstellen", Title: municat.Text{"de": "Luftmessstellen"},
			Themes: []string{"ENVI"}, Organization: "stadt-musterstadt", License: "dl-by-de/2.0",
			Distributions: []municat.Distribution{{ID: "csv", Format: "CSV",
				FileKey: catalog.FileKey("stadt-ckan.luftmessstellen", "csv", "luft.csv")}},
			SourceID: "stadt-ckan", State: municat.Withdrawn,
		},
	}
}

// MustEnv returns a server over a store and an index holding the fixture,
// with Ready as the readiness check.
func MustEnv(tb testing.TB, ready func(context.Context) error) *env {
	tb.Helper()
	ctx := context.Background()
	st, err := fs.Open(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	idx, err := bleve.NewMemory()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idx.Close() })
	cat := catalog.New(st)

	datasets := fixtureDatasets()
	for _, d := range datasets {
		MustOK(tb, cat.PutDataset(ctx, d))
	}
	_, err = cat.PutFile(ctx, "stadt-ckan.baumkataster", "csv", "Bäume 2026.csv", strings.NewReader(csvBody), int64(len(csvBody)), "text/csv; charset=utf-8")
	MustOK(tb, err)
	_, err = cat.PutFile(ctx, "stadt-ckan.luftmessstellen", "csv", "luft.csv", strings.NewReader("x\n"), 2, "text/csv")
	MustOK(tb, err)
	// A dataset the index knows but the store has lost: search skips it.
	ghost := &municat.Dataset{ID: "stadt-ckan.geisterdaten", Title: municat.Text{"de": "Geisterdaten"}, State: municat.Published}
	// The published datasets and the withdrawn one go to the index in
	// separate calls: search/bleve's Index races with bleve when one batch
	// mixes updates and deletes (it resets the batch while bleve still
	// ranges over it), which -race reports.
	var published, withdrawn []*municat.Dataset
	for _, d := range datasets {
		if d.IsPublished() {
			published = append(published, d)
		} else {
			// It was published before it was withdrawn.
			was := *d
			was.State = municat.Published
			published = append(published, &was)
			withdrawn = append(withdrawn, d)
		}
	}
	MustOK(tb, idx.Index(ctx, append(published, ghost)...))
	MustOK(tb, idx.Index(ctx, withdrawn...))
	// A record that cannot be decoded: reading it is an internal error.
	bad := []byte("{kaputt")
	MustOK(tb, st.Put(ctx, catalog.DatasetKey("stadt-ckan.kaputt"), bytes.NewReader(bad), int64(len(bad)), "application/json"))

	for _, o := range []*municat.Organization{
		{ID: "stadt-musterstadt", Name: "Stadt Musterstadt", AGS: "03241001"},
		{ID: "kreis-beispiel", Name: "Kreis Beispiel"},
	} {
		MustOK(tb, cat.PutOrganization(ctx, o))
	}
	MustOK(tb, cat.PutSource(ctx, &municat.Source{
		ID: "stadt-ckan", Type: municat.SourceCKAN, Organization: "stadt-musterstadt",
		URL:      "https://harvest:hunter2@ckan.example.org/api?api_token=abc123&lang=de",
		Schedule: "@daily",
		Options:  map[string]string{"api_key": "geheim-1", "Password": "geheim-2", "client_secret": "geheim-3", "organization": "stadt"},
	}))
	MustOK(tb, cat.PutSource(ctx, &municat.Source{ID: "leer", Type: municat.SourceCKAN, URL: "https://leer.example.org", Organization: "kreis-beispiel"}))
	for _, r := range []*municat.Run{
		{ID: "20260101T030000Z-aaaaaa", SourceID: "stadt-ckan", Started: *date("2026-01-01"), Status: municat.RunFailed, Error: "Zeitüberschreitung"},
		{ID: "20260102T030000Z-bbbbbb", SourceID: "stadt-ckan", Started: *date("2026-01-02"), Finished: date("2026-01-03"), Status: municat.RunSucceeded, Counts: municat.RunCounts{Added: 3, Failed: 1},
			RecordErrors: []municat.RecordError{{RemoteID: "x", Message: "Titel fehlt.", Link: "https://ckan.example.org/dataset/x"}}},
	} {
		MustOK(tb, cat.PutRun(ctx, r))
	}

	logs := &syncbuf.Buffer{}
	app := server.New(server.Config{
		Catalog: cat, Index: idx, BaseURL: testBaseURL + "/", Version: "1.2.3", Ready: ready,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	return &env{app: app, store: st, catalog: cat, index: idx, logs: logs}
}

// MustOK fails the test on a non-nil error.
func MustOK(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// MustDo sends a request to the app and returns the response and its body.
func MustDo(tb testing.TB, app *fiber.App, method, target string, header ...string) (*http.Response, []byte) {
	tb.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := app.Test(req, -1)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("%s %s: read body: %v", method, target, err)
	}
	apitest.Validate(tb, req, resp, body)
	return resp, body
}

// MustGetJSON requests target, checks the status and decodes the body into v.
func MustGetJSON(tb testing.TB, app *fiber.App, target string, wantStatus int, v any) *http.Response {
	tb.Helper()
	resp, body := MustDo(tb, app, http.MethodGet, target)
	if resp.StatusCode != wantStatus {
		tb.Fatalf("GET %s: status %d, want %d; body %s", target, resp.StatusCode, wantStatus, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		tb.Fatalf("GET %s: decode %s: %v", target, body, err)
	}
	return resp
}

// MustProblem requests target and checks that the answer is a problem with
// the status.
func MustProblem(tb testing.TB, app *fiber.App, method, target string, wantStatus int) server.Problem {
	tb.Helper()
	resp, body := MustDo(tb, app, method, target)
	if resp.StatusCode != wantStatus {
		tb.Fatalf("%s %s: status %d, want %d; body %s", method, target, resp.StatusCode, wantStatus, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != server.ProblemContentType {
		tb.Fatalf("%s %s: Content-Type %q, want %q", method, target, ct, server.ProblemContentType)
	}
	var p server.Problem
	if err := json.Unmarshal(body, &p); err != nil {
		tb.Fatalf("%s %s: decode problem %s: %v", method, target, body, err)
	}
	if p.Status != wantStatus || p.Type != "about:blank" || p.Title == "" || p.Detail == "" || p.Instance == "" {
		tb.Fatalf("%s %s: incomplete problem %+v", method, target, p)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		tb.Errorf("%s %s: Cache-Control %q, want no-store", method, target, cc)
	}
	return p
}

func TestSecurityHeaders(t *testing.T) {
	e := MustEnv(t, nil)
	for _, target := range []string{
		"/api/v1/datasets",
		"/api/v1/datasets/stadt-ckan.baumkataster",
		"/api/v1/datasets/stadt-ckan.baumkataster/distributions/csv/download",
		"/api/v1/datasets/fehlt",
		"/gibt/es/nicht",
		"/healthz",
	} {
		resp, _ := MustDo(t, e.app, http.MethodGet, target)
		for name, want := range map[string]string{
			"Content-Security-Policy": server.ContentSecurityPolicy,
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "no-referrer",
			"X-Frame-Options":         "DENY",
		} {
			if got := resp.Header.Get(name); got != want {
				t.Errorf("GET %s: %s = %q, want %q", target, name, got, want)
			}
		}
	}
}

func TestAPICacheControl(t *testing.T) {
	e := MustEnv(t, nil)
	for _, target := range []string{"/api/v1/datasets", "/api/v1/datasets/stadt-ckan.radwege", "/api/v1/organizations", "/api/v1/sources"} {
		resp, _ := MustDo(t, e.app, http.MethodGet, target)
		if got := resp.Header.Get("Cache-Control"); got != "public, max-age=60" {
			t.Errorf("GET %s: Cache-Control %q", target, got)
		}
		if got := resp.Header.Get("Content-Type"); got != "application/json" {
			t.Errorf("GET %s: Content-Type %q", target, got)
		}
	}
}

func TestFiberErrorsAreProblems(t *testing.T) {
	e := MustEnv(t, nil)
	p := MustProblem(t, e.app, http.MethodGet, "/gibt/es/nicht", http.StatusNotFound)
	if p.Title != "Nicht gefunden" || !strings.Contains(p.Detail, "/gibt/es/nicht") {
		t.Errorf("404: %+v", p)
	}
	p = MustProblem(t, e.app, http.MethodPost, "/api/v1/datasets", http.StatusMethodNotAllowed)
	if p.Title != "Methode nicht erlaubt" || !strings.Contains(p.Detail, "POST") {
		t.Errorf("405: %+v", p)
	}
	if resp, _ := MustDo(t, e.app, http.MethodPost, "/api/v1/datasets"); !strings.Contains(resp.Header.Get("Allow"), "GET") {
		t.Errorf("405 without Allow: GET (Allow: %q)", resp.Header.Get("Allow"))
	}
}

func TestInternalErrorIsLoggedNotShown(t *testing.T) {
	e := MustEnv(t, nil)
	p := MustProblem(t, e.app, http.MethodGet, "/api/v1/datasets/stadt-ckan.kaputt", http.StatusInternalServerError)
	if p.Detail != "Interner Fehler." || p.Title != "Interner Fehler" {
		t.Errorf("problem %+v, want the generic internal error", p)
	}
	if logs := e.logs.String(); !strings.Contains(logs, "request failed") || !strings.Contains(logs, "datasets/stadt-ckan.kaputt.json") {
		t.Errorf("the cause was not logged: %s", logs)
	}
}

func TestPanicIsRecovered(t *testing.T) {
	e := MustEnv(t, nil)
	e.app.Get("/panik", func(*fiber.Ctx) error { panic("geheimes Detail") })
	p := MustProblem(t, e.app, http.MethodGet, "/panik", http.StatusInternalServerError)
	if p.Detail != "Interner Fehler." {
		t.Errorf("problem %+v", p)
	}
	if !strings.Contains(e.logs.String(), "geheimes Detail") {
		t.Error("the panic was not logged")
	}
	// The server still serves.
	var h server.HealthResponse
	MustGetJSON(t, e.app, "/healthz", http.StatusOK, &h)
}

func TestSearchIndexFailure(t *testing.T) {
	e := MustEnv(t, nil)
	MustOK(t, e.index.Close())
	p := MustProblem(t, e.app, http.MethodGet, "/api/v1/datasets?q=Baum", http.StatusInternalServerError)
	if p.Detail != "Interner Fehler." {
		t.Errorf("problem %+v", p)
	}
}

func TestHealthz(t *testing.T) {
	e := MustEnv(t, func(context.Context) error { return errors.New("kaputt") })
	var h server.HealthResponse
	resp := MustGetJSON(t, e.app, "/healthz", http.StatusOK, &h)
	if h.Status != "ok" || h.Version != "1.2.3" {
		t.Errorf("healthz: %+v", h)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("healthz: Cache-Control %q", cc)
	}
}

func TestReadyz(t *testing.T) {
	var deadline time.Duration
	tests := []struct {
		name   string
		ready  func(context.Context) error
		status int
		want   server.HealthResponse
	}{
		{"no check", nil, http.StatusOK, server.HealthResponse{Status: "ready"}},
		{"passing check", func(ctx context.Context) error {
			d, ok := ctx.Deadline()
			if !ok {
				return errors.New("no deadline")
			}
			deadline = time.Until(d)
			return nil
		}, http.StatusOK, server.HealthResponse{Status: "ready"}},
		{"failing check", func(context.Context) error { return errors.New("Suchindex wird aufgebaut") },
			http.StatusServiceUnavailable, server.HealthResponse{Status: "unavailable", Error: "Suchindex wird aufgebaut"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := MustEnv(t, tt.ready)
			var got server.HealthResponse
			MustGetJSON(t, e.app, "/readyz", tt.status, &got)
			if got != tt.want {
				t.Errorf("readyz = %+v, want %+v", got, tt.want)
			}
		})
	}
	if deadline <= 0 || deadline > server.ReadyTimeout {
		t.Errorf("Ready got a deadline %v away, want at most %v", deadline, server.ReadyTimeout)
	}
}
