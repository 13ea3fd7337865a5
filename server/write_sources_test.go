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

// TestSourceLifecycle: an organisation admin creates a source with a
// German schedule, changes it, pauses and resumes it, an editor runs it
// (202, then the run's report at the URL) and tries it in a dry run, and
// the admin deletes it.
func TestSourceLifecycle(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	body := `{"id": "a-portal", "type": "ckan", "url": "` + e.ckan.URL + `", "organization": "stadt-a", "name": "Portal", "schedule": "täglich um 03:00",
		"options": {"api_key": "geheim"}}`
	var st server.SourceStatus
	resp := e.MustStatus(t, request{method: http.MethodPost, target: "/api/v1/sources", token: "a-admin", contentType: "application/json", body: strings.NewReader(body)}, http.StatusCreated, &st)
	if st.Source == nil || st.ID != "a-portal" || st.Schedule != "0 3 * * *" || st.NextRun == nil || st.Options["api_key"] != "********" {
		t.Fatalf("created %+v", st)
	}
	if loc := resp.Header.Get("Location"); loc != testBaseURL+"/api/v1/sources/a-portal" {
		t.Errorf("Location %q", loc)
	}
	e.MustProblem(t, request{method: http.MethodPost, target: "/api/v1/sources", token: "a-admin", contentType: "application/json", body: strings.NewReader(body)}, http.StatusConflict)

	bad := `{"id": "a-kaputt", "type": "gibts-nicht", "url": "kein link", "organization": "stadt-a", "schedule": "ab und zu"}`
	p := e.MustProblem(t, request{method: http.MethodPost, target: "/api/v1/sources", token: "a-admin", contentType: "application/json", body: strings.NewReader(bad)}, http.StatusUnprocessableEntity)
	if len(p.Fields) < 2 {
		t.Errorf("invalid source: %+v", p)
	}

	changed := strings.Replace(body, `"name": "Portal"`, `"name": "Landesportal"`, 1)
	e.MustStatus(t, request{method: http.MethodPut, target: "/api/v1/sources/a-portal", token: "a-admin", contentType: "application/json", body: strings.NewReader(changed)}, http.StatusOK, &st)
	if st.Name != "Landesportal" {
		t.Errorf("updated %+v", st)
	}
	var paused, resumed server.SourceStatus
	e.MustStatus(t, request{method: http.MethodPost, target: "/api/v1/sources/a-portal/pause", token: "a-admin"}, http.StatusOK, &paused)
	if !paused.Paused {
		t.Errorf("paused %+v", paused.Source)
	}
	e.MustStatus(t, request{method: http.MethodPost, target: "/api/v1/sources/a-portal/resume", token: "a-admin"}, http.StatusOK, &resumed)
	if resumed.Paused {
		t.Errorf("resumed %+v", resumed.Source)
	}

	var dry server.DryRunResponse
	e.MustStatus(t, request{method: http.MethodPost, target: "/api/v1/sources/a-portal/dry-run", token: "a-editor"}, http.StatusOK, &dry)
	if dry.Run == nil || !dry.Run.DryRun || len(dry.Changes) != 4 {
		t.Errorf("dry run %+v", dry)
	}

	var started server.RunStarted
	resp = e.MustStatus(t, request{method: http.MethodPost, target: "/api/v1/sources/a-portal/run", token: "a-editor"}, http.StatusAccepted, &started)
	if started.Run == "" || started.URL != testBaseURL+"/api/v1/sources/a-portal/runs/"+started.Run || resp.Header.Get("Location") != started.URL {
		t.Fatalf("run %+v, Location %q", started, resp.Header.Get("Location"))
	}
	var run server.RunReport
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, b := e.do(t, request{method: http.MethodGet, target: strings.TrimPrefix(started.URL, testBaseURL)})
		if json.Unmarshal(b, &run) == nil && run.Run != nil && run.Status != municat.RunRunning {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the run did not finish: %s", b)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if run.Status != municat.RunSucceeded || run.Counts.Added != 4 {
		t.Errorf("run %+v", run.Run)
	}

	e.MustStatus(t, request{method: http.MethodDelete, target: "/api/v1/sources/a-portal", token: "a-admin"}, http.StatusNoContent, nil)
	MustProblem(t, e.app, http.MethodGet, "/api/v1/sources/a-portal", http.StatusNotFound)
}

// TestTokens: an organisation admin makes a token (its secret shown once),
// lists the organisation's tokens (never a secret or hash) and revokes it,
// after which it no longer works.
func TestTokens(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	var made server.TokenCreated
	resp := e.MustStatus(t, request{method: http.MethodPost, target: "/api/v1/tokens", token: "a-admin", contentType: "application/json",
		body: strings.NewReader(`{"organization": "stadt-a", "role": "editor", "name": "Fachverfahren Baumkataster", "expires_in": "720h"}`)}, http.StatusCreated, &made)
	if !strings.HasPrefix(made.Secret, municat.TokenPrefix) || made.Role != municat.RoleEditor || made.Expires == nil || !made.Active {
		t.Fatalf("made %+v", made)
	}
	if d := time.Until(*made.Expires); d < 719*time.Hour || d > 721*time.Hour {
		t.Errorf("expires in %v", d)
	}
	if loc := resp.Header.Get("Location"); loc != testBaseURL+"/api/v1/tokens/"+made.ID {
		t.Errorf("Location %q", loc)
	}
	var got server.TokenInfo
	e.MustStatus(t, request{method: http.MethodGet, target: "/api/v1/tokens/" + made.ID, token: "a-admin"}, http.StatusOK, &got)
	if got.ID != made.ID || got.Name != "Fachverfahren Baumkataster" || got.Organization != orgA || !got.Active {
		t.Errorf("got %+v", got)
	}
	e.MustProblem(t, request{method: http.MethodGet, target: "/api/v1/tokens/" + made.ID, token: "b-admin"}, http.StatusForbidden)
	e.tokens["made"] = made.Secret
	e.MustStatus(t, request{method: http.MethodGet, target: "/api/v1/organizations/stadt-a/datasets", token: "made"}, http.StatusOK, nil)

	_, body := e.do(t, request{method: http.MethodGet, target: "/api/v1/tokens", token: "a-admin"})
	var list server.ListResponse[server.TokenInfo]
	MustOK(t, json.Unmarshal(body, &list))
	listed := map[string]bool{}
	for _, tok := range list.Items {
		listed[tok.Name] = tok.Organization == orgA
	}
	if list.Total != 4 || !listed["a-editor"] || !listed["a-admin"] || !listed["revoked"] || !listed["Fachverfahren Baumkataster"] {
		t.Errorf("list %+v", list)
	}
	if strings.Contains(string(body), made.Secret) || strings.Contains(string(body), `"hash"`) || strings.Contains(string(body), "secret") {
		t.Errorf("the list shows a secret or hash: %s", body)
	}
	var other server.ListResponse[server.TokenInfo]
	e.MustStatus(t, request{method: http.MethodGet, target: "/api/v1/tokens", token: "b-admin"}, http.StatusOK, &other)
	for _, tok := range other.Items {
		if tok.Organization != orgB {
			t.Errorf("B's admin sees %+v", tok)
		}
	}

	p := e.MustProblem(t, request{method: http.MethodPost, target: "/api/v1/tokens", token: "a-admin", contentType: "application/json",
		body: strings.NewReader(`{"organization": "stadt-a", "role": "chef", "expires_in": "bald"}`)}, http.StatusUnprocessableEntity)
	if len(p.Fields) != 1 || p.Fields[0].Field != "expires_in" {
		t.Errorf("bad expiry: %+v", p)
	}
	p = e.MustProblem(t, request{method: http.MethodPost, target: "/api/v1/tokens", token: "a-admin", contentType: "application/json",
		body: strings.NewReader(`{"organization": "stadt-a", "role": "chef"}`)}, http.StatusUnprocessableEntity)
	if len(p.Fields) != 1 || p.Fields[0].Field != "role" {
		t.Errorf("bad role: %+v", p)
	}

	var revoked server.TokenInfo
	e.MustStatus(t, request{method: http.MethodDelete, target: "/api/v1/tokens/" + made.ID, token: "a-admin"}, http.StatusOK, &revoked)
	if revoked.Revoked == nil || revoked.Active {
		t.Errorf("revoked %+v", revoked)
	}
	e.MustProblem(t, request{method: http.MethodGet, target: "/api/v1/organizations/stadt-a/datasets", token: "made"}, http.StatusUnauthorized)
	e.MustProblem(t, request{method: http.MethodGet, target: "/api/v1/tokens/0000000000000000", token: "a-admin"}, http.StatusNotFound)
}
