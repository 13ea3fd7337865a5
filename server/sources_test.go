package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/server"
)

var (
	marshal   = json.Marshal
	unmarshal = json.Unmarshal
)

func TestOrganizations(t *testing.T) {
	e := MustEnv(t, nil)
	var res server.ListResponse[municat.Organization]
	MustGetJSON(t, e.app, "/api/v1/organizations", http.StatusOK, &res)
	if res.Total != 2 || len(res.Items) != 2 || res.Items[0].ID != "kreis-beispiel" || res.Items[1].ID != "stadt-musterstadt" ||
		res.Items[1].Name != "Stadt Musterstadt" || res.Items[1].AGS != "03241001" {
		t.Errorf("organizations %+v", res)
	}
}

func TestSourcesMaskSecrets(t *testing.T) {
	e := MustEnv(t, nil)
	resp, body := MustDo(t, e.app, http.MethodGet, "/api/v1/sources")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	for _, secret := range []string{"geheim-1", "geheim-2", "geheim-3", "hunter2", "abc123"} {
		if strings.Contains(string(body), secret) {
			t.Errorf("answer exposes %q: %s", secret, body)
		}
	}
	var res server.ListResponse[municat.Source]
	MustOK(t, json.Unmarshal(body, &res))
	if res.Total != 2 || res.Items[0].ID != "leer" || res.Items[1].ID != "stadt-ckan" {
		t.Fatalf("sources %+v", res)
	}
	s := res.Items[1]
	for key, want := range map[string]string{"api_key": "********", "Password": "********", "client_secret": "********", "organization": "stadt"} {
		if s.Options[key] != want {
			t.Errorf("option %s = %q, want %q", key, s.Options[key], want)
		}
	}
	if want := "https://harvest:%2A%2A%2A%2A%2A%2A%2A%2A@ckan.example.org/api?api_token=%2A%2A%2A%2A%2A%2A%2A%2A&lang=de"; s.URL != want {
		t.Errorf("url %q, want %q", s.URL, want)
	}
	if s.Schedule != "@daily" || s.Organization != "stadt-musterstadt" || s.Type != municat.SourceCKAN {
		t.Errorf("source fields %+v", s)
	}
	if res.Items[0].URL != "https://leer.example.org" {
		t.Errorf("a URL without secrets changed: %q", res.Items[0].URL)
	}
}

func TestRuns(t *testing.T) {
	e := MustEnv(t, nil)
	var res server.ListResponse[municat.Run]
	MustGetJSON(t, e.app, "/api/v1/sources/stadt-ckan/runs", http.StatusOK, &res)
	if res.Total != 2 || res.Items[0].ID != "20260102T030000Z-bbbbbb" || res.Items[1].ID != "20260101T030000Z-aaaaaa" {
		t.Fatalf("runs not newest first: %+v", res)
	}
	if res.Items[0].Counts.Added != 3 || res.Items[1].Error != "Zeitüberschreitung" || res.Items[1].Status != municat.RunFailed {
		t.Errorf("run fields %+v", res.Items)
	}

	var empty server.ListResponse[municat.Run]
	resp, body := MustDo(t, e.app, http.MethodGet, "/api/v1/sources/leer/runs")
	MustOK(t, json.Unmarshal(body, &empty))
	if resp.StatusCode != http.StatusOK || empty.Total != 0 || empty.Items == nil || !strings.Contains(string(body), `"items":[]`) {
		t.Errorf("source without runs: status %d, %s", resp.StatusCode, body)
	}

	p := MustProblem(t, e.app, http.MethodGet, "/api/v1/sources/unbekannt/runs", http.StatusNotFound)
	if !strings.Contains(p.Detail, `"unbekannt"`) {
		t.Errorf("detail %q does not name the source", p.Detail)
	}
}

// TestRunReports: the list shows each run with its duration and the number
// of its record errors; one run's report lists them with links to the
// original records; a source shows its next run and last result.
func TestRunReports(t *testing.T) {
	e := MustEnv(t, nil)
	var list server.ListResponse[server.RunReport]
	MustGetJSON(t, e.app, "/api/v1/sources/stadt-ckan/runs", http.StatusOK, &list)
	if r := list.Items[0]; r.Seconds == nil || *r.Seconds != 86400 || r.RecordErrorCount != 1 || len(r.RecordErrors) != 0 {
		t.Errorf("listed run %+v (seconds %v)", r.Run, r.Seconds)
	}
	var full server.RunReport
	MustGetJSON(t, e.app, "/api/v1/sources/stadt-ckan/runs/20260102T030000Z-bbbbbb", http.StatusOK, &full)
	if len(full.RecordErrors) != 1 || full.RecordErrors[0].Link != "https://ckan.example.org/dataset/x" || full.Counts.Added != 3 {
		t.Errorf("run report %+v", full.Run)
	}
	for _, path := range []string{"/api/v1/sources/stadt-ckan/runs/20990101T000000Z-cccccc", "/api/v1/sources/stadt-ckan/runs/..%2Fx", "/api/v1/sources/unbekannt/runs/20260102T030000Z-bbbbbb"} {
		MustProblem(t, e.app, http.MethodGet, path, http.StatusNotFound)
	}

	var st server.SourceStatus
	MustGetJSON(t, e.app, "/api/v1/sources/stadt-ckan", http.StatusOK, &st)
	if st.NextRun == nil || !st.NextRun.After(time.Now()) || st.LastRun == nil || st.LastRun.ID != "20260102T030000Z-bbbbbb" ||
		st.LastSuccess == nil || st.LastError != "" || st.Options["api_key"] != "********" {
		t.Errorf("source status %+v", st)
	}
	var leer server.SourceStatus
	MustGetJSON(t, e.app, "/api/v1/sources/leer", http.StatusOK, &leer)
	if leer.NextRun != nil || leer.LastRun != nil {
		t.Errorf("source without schedule or runs: %+v", leer)
	}
}
