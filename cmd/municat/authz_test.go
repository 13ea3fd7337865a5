package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/publish"
)

// authzFixture is a whole web application (API, administration, catalogue)
// over a fresh store with two organisations, A (stadt-a) and B (stadt-b),
// each with an admin and an editor (accounts with sessions, and tokens), an
// instance admin, and in A a published dataset with an uploaded file, a
// source with a run and a spare token.
type authzFixture struct {
	t      *testing.T
	a      *app
	w      *web
	runID  string
	spare  string // id of a token of A that requests may revoke
	tokens map[string]string
	// sessions maps an account id to its cookie secret and CSRF token.
	sessions map[string][2]string
}

// The principals of the fixture, by account id (tokens have the same names).
const (
	adminA  = "admin-a"
	editorA = "editor-a"
	adminB  = "admin-b"
	editorB = "editor-b"
	rootID  = "root"
)

// secretsOfA are strings only A's members may see: names of A's source,
// dataset, people and tokens.
var secretsOfA = []string{"quelle-a", "datensatz-a", "Datensatz der Stadt A", editorA, "Token der Stadt A"}

func newAuthzFixture(t *testing.T, extraYAML ...string) *authzFixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	config := mustWriteFile(t, dir, "municat.yaml", "data_dir: "+filepath.Join(dir, "data")+`
organizations:
  - {id: stadt-a, name: Stadt A}
  - {id: stadt-b, name: Stadt B}
`+strings.Join(extraYAML, "\n"))
	cfg, err := LoadConfig(config, env{}.getenv)
	if err != nil {
		t.Fatal(err)
	}
	a, err := openApp(ctx, cfg, io.Discard, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	runner := a.newRunner()
	sched, err := harvester.NewScheduler(runner, nil, nil, a.logger)
	if err != nil {
		t.Fatal(err)
	}
	w, err := a.newWeb(ctx, webDeps{runner: runner, scheduler: sched})
	if err != nil {
		t.Fatal(err)
	}
	f := &authzFixture{t: t, a: a, w: w, tokens: map[string]string{}, sessions: map[string][2]string{}}
	for _, acc := range []*municat.Account{
		{ID: adminA, Name: "Anna A", Memberships: []municat.Membership{{Organization: "stadt-a", Role: municat.RoleAdmin}}},
		{ID: editorA, Name: "Egon A", Memberships: []municat.Membership{{Organization: "stadt-a", Role: municat.RoleEditor}}},
		{ID: adminB, Name: "Berta B", Memberships: []municat.Membership{{Organization: "stadt-b", Role: municat.RoleAdmin}}},
		{ID: editorB, Name: "Bernd B", Memberships: []municat.Membership{{Organization: "stadt-b", Role: municat.RoleEditor}}},
		{ID: rootID, Name: "Root", InstanceAdmin: true},
	} {
		acc.Created = time.Now()
		must(t, a.catalog.PutAccount(ctx, acc))
		// A session as a sign-in would make it (the login itself is tested
		// in package auth and by the browser test).
		secret := fmt.Sprintf("session-secret-of-%s-0123456789", acc.ID)
		sum := sha256.Sum256([]byte(secret))
		csrf := "csrf-of-" + acc.ID
		must(t, a.catalog.PutSession(ctx, &municat.Session{Hash: hex.EncodeToString(sum[:]), Account: acc.ID, CSRF: csrf,
			Created: time.Now(), Expires: time.Now().Add(time.Hour)}))
		f.sessions[acc.ID] = [2]string{secret, csrf}
		if acc.InstanceAdmin {
			continue
		}
		m := acc.Memberships[0]
		secret, _, err := w.auth.CreateToken(ctx, auth.TokenSpec{Organization: m.Organization, Role: m.Role, Name: "Token " + acc.ID})
		must(t, err)
		f.tokens[acc.ID] = secret
	}
	_, spare, err := w.auth.CreateToken(ctx, auth.TokenSpec{Organization: "stadt-a", Role: municat.RoleEditor, Name: "Token der Stadt A"})
	must(t, err)
	f.spare = spare.ID

	editor := &municat.Principal{Account: editorA, Name: "Egon A", Roles: map[string]municat.Role{"stadt-a": municat.RoleEditor}}
	d, err := w.publish.CreateDataset(ctx, editor, &municat.Dataset{
		Title: municat.Text{"de": "Datensatz der Stadt A"}, Description: municat.Text{"de": "Nur für die Prüfung."},
		Organization: "stadt-a", License: "dl-by-de/2.0", State: municat.Published,
	})
	must(t, err)
	if d.ID != "datensatz-der-stadt-a" {
		t.Fatalf("dataset id %q", d.ID)
	}
	_, _, err = w.publish.Upload(ctx, editor, d.ID, publish.Upload{Name: "daten.csv", Body: strings.NewReader("a;b\n1;2\n"), ContentType: "text/csv"})
	must(t, err)
	must(t, a.catalog.PutSource(ctx, &municat.Source{ID: "quelle-a", Type: municat.SourceCKAN, URL: "http://127.0.0.1:9/", Organization: "stadt-a"}))
	run := &municat.Run{ID: municat.NewRunID(time.Now()), SourceID: "quelle-a", Started: time.Now(), Updated: time.Now(), Status: municat.RunFailed, Error: "Test"}
	must(t, a.catalog.PutRun(ctx, run))
	f.runID = run.ID
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// target returns the concrete URL of a route pattern in the fixture: every
// parameter names an object of organisation A.
func (f *authzFixture) target(pattern string) string {
	parts := strings.Split(pattern, "/")
	for i, p := range parts {
		if !strings.HasPrefix(p, ":") {
			continue
		}
		prev := parts[i-1]
		switch {
		case p == ":dist":
			parts[i] = firstDist(f)
		case p == ":run":
			parts[i] = f.runID
		case p == ":org":
			parts[i] = "stadt-a"
		case prev == "datasets":
			parts[i] = "datensatz-der-stadt-a"
		case prev == "sources":
			parts[i] = "quelle-a"
		case prev == "tokens":
			parts[i] = f.spare
		case prev == "accounts":
			parts[i] = editorA
		case prev == "organizations":
			parts[i] = "stadt-a"
		default:
			f.t.Fatalf("route %s: no fixture for parameter %s", pattern, p)
		}
	}
	return strings.Join(parts, "/")
}

func firstDist(f *authzFixture) string {
	d, err := f.a.catalog.Dataset(context.Background(), "datensatz-der-stadt-a")
	if err != nil || len(d.Distributions) == 0 {
		f.t.Fatalf("fixture dataset: %v", err)
	}
	return d.Distributions[0].ID
}

// createBodies are the bodies of the routes whose organisation is in the
// body (their policy has no OrgOf): each names organisation A, so that a
// member of B must be refused with 403.
var createBodies = map[string]string{
	"POST /api/v1/datasets": `{"title":{"de":"Neu"},"description":{"de":"Neu"},"organization":"stadt-a","license":"dl-by-de/2.0"}`,
	"POST /api/v1/sources":  `{"id":"neu","type":"ckan","url":"http://127.0.0.1:9/","organization":"stadt-a"}`,
	"POST /api/v1/tokens":   `{"organization":"stadt-a","role":"editor","name":"neu"}`,
	"POST /admin/datasets":  "organization=stadt-a&title_de=Neu&description_de=Neu&license=dl-by-de%2F2.0&publication=draft",
	"POST /admin/sources":   "id=neu&name=Neu&type=ckan&url=http%3A%2F%2F127.0.0.1%3A9%2F&organization=stadt-a&schedule_text=t%C3%A4glich+um+03%3A00",
	"POST /admin/tokens":    "organization=stadt-a&role=editor&name=neu&expires=30",
	"POST /admin/accounts":  "id=neu&name=Neu&password=ein-langes-Passwort-42&role.stadt-a=editor",
	// Changes to A's people and tokens through routes for any signed-in
	// person: the handler must check the organisation.
	"POST /admin/accounts/:id":          "name=Umbenannt&role.stadt-a=admin",
	"POST /admin/accounts/:id/password": "password=ein-anderes-Passwort-42",
	"POST /admin/tokens/:id/revoke":     "",
	"GET /admin/accounts/:id":           "",
}

// filteredRoutes are open to every signed-in principal (or every admin
// somewhere) and show only the principal's own organisations: a member of B
// gets 200 without anything of A in the answer.
var filteredRoutes = map[string]bool{
	"GET /admin/":             true,
	"GET /admin/datasets":     true,
	"GET /admin/sources":      true,
	"GET /admin/tokens":       true,
	"GET /admin/accounts":     true,
	"GET /admin/audit":        true,
	"GET /api/v1/tokens":      true,
	"GET /admin/tokens/new":   true,
	"GET /admin/sources/new":  true,
	"GET /admin/datasets/new": true,
	"GET /admin/accounts/new": true,
}

// ownRoutes concern only the signed-in person or hold no data (forms that
// check input): any signed-in principal may use them.
var ownRoutes = map[string]bool{
	"GET /admin/account":                   true,
	"POST /admin/account/password":         true,
	"POST /admin/datasets/check":           true,
	"POST /admin/sources/schedule-preview": true,
}

// isWriteOrAdmin reports whether a route changes state or belongs to the
// administration: such a route must be registered with a policy.
func isWriteOrAdmin(method, path string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return path == "/admin" || strings.HasPrefix(path, "/admin/")
	}
	return true
}

// TestEveryWriteAndAdminRouteIsGuarded enumerates the routes of the whole
// application. Every write route and every administration route must have a
// policy (a route added without one fails here), and every guarded route
// answers: anonymous → 401; a member of another organisation → 403 (or, for
// lists, nothing of the other organisation); too low a role → 403; the right
// role → neither 401 nor 403. A refused request writes nothing.
func TestEveryWriteAndAdminRouteIsGuarded(t *testing.T) {
	f := newAuthzFixture(t)
	policies := map[string]auth.RoutePolicy{}
	for _, r := range f.w.routes.Routes() {
		policies[r.Method+" "+r.Path] = r
	}
	registered := map[string]bool{}
	var guarded []auth.RoutePolicy
	for _, r := range f.w.app.GetRoutes(true) {
		key := r.Method + " " + r.Path
		if registered[key] || r.Method == http.MethodHead {
			continue
		}
		registered[key] = true
		if !isWriteOrAdmin(r.Method, r.Path) {
			continue
		}
		p, ok := policies[key]
		if !ok {
			t.Errorf("%s has no policy: register it through auth.Router.Handle", key)
			continue
		}
		if !p.Policy.Public {
			guarded = append(guarded, p)
		}
	}
	for key := range policies {
		if !registered[key] {
			t.Errorf("policy for %s, but the app has no such route", key)
		}
	}
	sort.Slice(guarded, func(i, j int) bool { return guarded[i].Path+guarded[i].Method < guarded[j].Path+guarded[j].Method })
	if len(guarded) < 50 {
		t.Fatalf("only %d guarded routes found", len(guarded))
	}
	t.Logf("%d routes in the app, %d policies, %d guarded routes checked", len(registered), len(policies), len(guarded))
	for _, r := range guarded {
		key := r.Method + " " + r.Path
		t.Run(strings.ReplaceAll(key, "/", "_"), func(t *testing.T) {
			checkRoute(t, r, key)
		})
	}
}

// checkRoute runs the four requests against a fresh fixture each.
func checkRoute(t *testing.T, r auth.RoutePolicy, key string) {
	p := r.Policy
	body, hasBody := createBodies[key]
	_, filtered := filteredRoutes[key]
	own := ownRoutes[key]
	if p.SignedIn || (p.Role != "" && p.OrgOf == nil) {
		if !hasBody && !filtered && !own {
			t.Fatalf("%s decides the organisation itself: add it to createBodies, filteredRoutes or ownRoutes", key)
		}
	}
	t.Parallel()
	// The refused requests share one fixture: each must leave the store as
	// it was, which is checked.
	f := newAuthzFixture(t)
	before := f.snapshot()
	if status, _ := f.do(r, "", body); status != http.StatusUnauthorized {
		t.Errorf("anonymous: status %d, want 401", status)
	} else if diff := f.changedSince(before); diff != "" {
		t.Errorf("anonymous was refused but the store changed: %s", diff)
	}

	// A member of the other organisation, with the highest role there.
	other, low, right := adminB, "", adminA
	switch {
	case p.InstanceAdmin:
		other, right = adminA, rootID
	case p.Role == municat.RoleAdmin:
		low = editorA
	}
	status, answer := f.do(r, other, body)
	switch {
	case own:
		if status == http.StatusUnauthorized || status == http.StatusForbidden || status >= 500 {
			t.Errorf("%s on a route of their own: status %d", other, status)
		}
	case filtered:
		if status != http.StatusOK {
			t.Errorf("%s: status %d, want 200 with only their organisation", other, status)
		}
		for _, s := range secretsOfA {
			if strings.Contains(answer, s) {
				t.Errorf("%s sees %q of organisation A", other, s)
			}
		}
	default:
		if status != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403: %.300s", other, status, answer)
		}
	}
	if !own {
		if diff := f.changedSince(before); diff != "" {
			t.Errorf("%s changed the store: %s", other, diff)
		}
	}

	// Too low a role in the right organisation.
	if low != "" {
		if status, answer := f.do(r, low, body); status != http.StatusForbidden {
			t.Errorf("%s (editor): status %d, want 403: %.300s", low, status, answer)
		} else if diff := f.changedSince(before); diff != "" {
			t.Errorf("%s was refused but the store changed: %s", low, diff)
		}
	}

	// The right role.
	f = newAuthzFixture(t)
	status, answer = f.do(r, right, body)
	if status == http.StatusUnauthorized || status == http.StatusForbidden || status >= 500 {
		t.Errorf("%s: status %d, want the route to let them in: %.300s", right, status, answer)
	}
}

// do sends the route's request as principal id ("" = anonymous): a Bearer
// token for Token routes, the session cookie (and its CSRF token) for
// Session routes. body is JSON for the API and a URL-encoded form for the
// pages; upload routes get a small CSV as multipart.
func (f *authzFixture) do(r auth.RoutePolicy, id, body string) (int, string) {
	f.t.Helper()
	target := f.target(r.Path)
	var rd io.Reader
	contentType := ""
	switch {
	case strings.HasSuffix(r.Path, "/distributions") || strings.HasSuffix(r.Path, "/versions") && r.Method == http.MethodPost || strings.HasSuffix(r.Path, "/upload"):
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		if r.Policy.Session && id != "" {
			// As the upload form does: the token in the action URL.
			target += "?csrf=" + url.QueryEscape(f.sessions[id][1])
		}
		fw, err := mw.CreateFormFile("file", "neu.csv")
		must(f.t, err)
		_, _ = fw.Write([]byte("x;y\n3;4\n"))
		must(f.t, mw.Close())
		rd, contentType = &buf, mw.FormDataContentType()
	case r.Policy.Token && r.Method != http.MethodGet && r.Method != http.MethodDelete:
		if body == "" {
			body = "{}"
		}
		rd, contentType = strings.NewReader(body), "application/json"
	case r.Policy.Session && r.Method == http.MethodPost:
		form, err := url.ParseQuery(body)
		must(f.t, err)
		if id != "" {
			form.Set("csrf", f.sessions[id][1])
		}
		rd, contentType = strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"
	}
	req := httptest.NewRequest(r.Method, target, rd)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if id != "" {
		if r.Policy.Token {
			req.Header.Set("Authorization", "Bearer "+f.tokens[id])
		} else {
			req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: f.sessions[id][0]})
		}
	}
	resp, err := f.w.app.Test(req, -1)
	must(f.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// snapshot returns the store's content, key → SHA-256, without the audit
// log, the sessions and the tokens' last use, which reading requests change.
func (f *authzFixture) snapshot() map[string]string {
	f.t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	err := f.a.store.List(ctx, "", func(o municat.ObjectInfo) error {
		if strings.HasPrefix(o.Key, "audit/") || strings.HasPrefix(o.Key, "sessions/") || strings.HasPrefix(o.Key, "httpcache/") {
			return nil
		}
		rc, _, err := f.a.store.Get(ctx, o.Key)
		if err != nil {
			return err
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			return err
		}
		if strings.HasPrefix(o.Key, "tokens/") {
			var tok municat.Token
			if err := json.Unmarshal(b, &tok); err != nil {
				return err
			}
			tok.LastUsed = nil
			b, _ = json.Marshal(tok)
		}
		sum := sha256.Sum256(b)
		out[o.Key] = hex.EncodeToString(sum[:])
		return nil
	})
	must(f.t, err)
	return out
}

// changedSince describes how the store differs from before ("" if not).
func (f *authzFixture) changedSince(before map[string]string) string {
	after := f.snapshot()
	var diff []string
	for k, v := range after {
		if before[k] != v {
			diff = append(diff, "~"+k)
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			diff = append(diff, "-"+k)
		}
	}
	sort.Strings(diff)
	return strings.Join(diff, " ")
}
