package server_test

import (
	"context"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/municat/municat"
)

func TestGetDataset(t *testing.T) {
	e := MustEnv(t, nil)
	var got municat.Dataset
	MustGetJSON(t, e.app, "/api/v1/datasets/stadt-ckan.baumkataster", http.StatusOK, &got)

	want := *fixtureDatasets()[0]
	want.Distributions = append([]municat.Distribution(nil), want.Distributions...)
	download := testBaseURL + "/api/v1/datasets/stadt-ckan.baumkataster/distributions/csv/download"
	// The file municat holds gets the download endpoint as both URLs.
	want.Distributions[0].DownloadURL, want.Distributions[0].AccessURL = download, download
	// A held file with an access URL of its own keeps that access URL.
	want.Distributions[3].DownloadURL = testBaseURL + "/api/v1/datasets/stadt-ckan.baumkataster/distributions/verloren/download"
	if !reflect.DeepEqual(normalize(t, &got), normalize(t, &want)) {
		t.Errorf("dataset\n got %+v\nwant %+v", got, want)
	}

	// The store keeps the record as it was.
	stored, err := e.catalog.Dataset(context.Background(), "stadt-ckan.baumkataster")
	MustOK(t, err)
	if stored.Distributions[0].DownloadURL != "" || stored.Distributions[0].AccessURL != "" {
		t.Errorf("the response's URLs leaked into the store: %+v", stored.Distributions[0])
	}
}

// normalize drops the monotonic and location parts of times by a JSON round
// trip of d.
func normalize(tb testing.TB, d *municat.Dataset) *municat.Dataset {
	tb.Helper()
	b, err := marshal(d)
	MustOK(tb, err)
	var out municat.Dataset
	MustOK(tb, unmarshal(b, &out))
	return &out
}

func TestGetDatasetNamesStateAndKeepsText(t *testing.T) {
	e := MustEnv(t, nil)
	d := &municat.Dataset{ID: "ohne-status", Title: municat.Text{"de": "Daten & Fakten <2026>"}}
	MustOK(t, e.catalog.PutDataset(context.Background(), d))
	resp, body := MustDo(t, e.app, http.MethodGet, "/api/v1/datasets/ohne-status")
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"de":"Daten & Fakten <2026>"`) {
		t.Errorf("status %d, body %s: want the title unescaped", resp.StatusCode, body)
	}
	var got municat.Dataset
	MustOK(t, unmarshal(body, &got))
	if got.State != municat.Published {
		t.Errorf("state %q, want %q", got.State, municat.Published)
	}

	var withdrawn municat.Dataset
	MustGetJSON(t, e.app, "/api/v1/datasets/stadt-ckan.luftmessstellen", http.StatusOK, &withdrawn)
	if dist := withdrawn.Distributions[0]; dist.DownloadURL != "" {
		t.Errorf("a withdrawn dataset offers its file at %q", dist.DownloadURL)
	}
}

func TestGetDatasetNotFound(t *testing.T) {
	e := MustEnv(t, nil)
	for _, id := range []string{"stadt-ckan.fehlt", "UNGÜLTIG", "..", "a%2Fb"} {
		p := MustProblem(t, e.app, http.MethodGet, "/api/v1/datasets/"+id, http.StatusNotFound)
		if p.Title != "Nicht gefunden" || !strings.Contains(p.Detail, "nicht gefunden") {
			t.Errorf("%s: problem %+v", id, p)
		}
	}
}

func TestDownload(t *testing.T) {
	e := MustEnv(t, nil)
	target := "/api/v1/datasets/stadt-ckan.baumkataster/distributions/csv/download"
	resp, body := MustDo(t, e.app, http.MethodGet, target)
	if resp.StatusCode != http.StatusOK || string(body) != csvBody {
		t.Fatalf("status %d, body %q", resp.StatusCode, body)
	}
	for name, want := range map[string]string{
		"Content-Type":           "text/csv; charset=utf-8",
		"Content-Length":         strconv.Itoa(len(csvBody)),
		"Content-Disposition":    `attachment; filename="B_ume 2026.csv"; filename*=UTF-8''B%C3%A4ume%202026.csv`,
		"Etag":                   `"sha256-ab12cd34"`,
		"Cache-Control":          "public, max-age=60",
		"X-Content-Type-Options": "nosniff",
	} {
		if got := resp.Header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if resp.Header.Get("Last-Modified") == "" {
		t.Error("no Last-Modified")
	}

	resp, body = MustDo(t, e.app, http.MethodGet, target, "If-None-Match", `"other", "sha256-ab12cd34"`)
	if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("If-None-Match: status %d, body %q", resp.StatusCode, body)
	}
	resp, body = MustDo(t, e.app, http.MethodHead, target)
	if resp.StatusCode != http.StatusOK || len(body) != 0 || resp.Header.Get("Content-Length") != strconv.Itoa(len(csvBody)) ||
		resp.Header.Get("Content-Disposition") == "" {
		t.Errorf("HEAD: status %d, body %q, headers %v", resp.StatusCode, body, resp.Header)
	}
}

func TestDownloadNotFound(t *testing.T) {
	e := MustEnv(t, nil)
	tests := []struct{ name, target, detail string }{
		{"unknown dataset", "/api/v1/datasets/stadt-ckan.fehlt/distributions/csv/download", "nicht gefunden"},
		{"unknown distribution", "/api/v1/datasets/stadt-ckan.baumkataster/distributions/xml/download", `keine Distribution "xml"`},
		{"no file held", "/api/v1/datasets/stadt-ckan.baumkataster/distributions/ohne-datei/download", "hält municat keine Datei"},
		{"file missing in store", "/api/v1/datasets/stadt-ckan.baumkataster/distributions/verloren/download", "fehlt"},
		{"withdrawn dataset", "/api/v1/datasets/stadt-ckan.luftmessstellen/distributions/csv/download", "zurückgezogen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := MustProblem(t, e.app, http.MethodGet, tt.target, http.StatusNotFound)
			if !strings.Contains(p.Detail, tt.detail) {
				t.Errorf("detail %q does not contain %q", p.Detail, tt.detail)
			}
			resp, _ := MustDo(t, e.app, http.MethodGet, tt.target)
			if cd := resp.Header.Get("Content-Disposition"); cd != "" {
				t.Errorf("a 404 carries Content-Disposition %q", cd)
			}
		})
	}
}
