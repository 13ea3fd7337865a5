package server_test

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/server"
)

// routeTarget returns a request path for a route pattern, with each
// parameter naming one of organisation A's objects.
func (e *writeEnv) routeTarget(tb testing.TB, path, tokenID string) string {
	tb.Helper()
	values := map[string]string{":org": orgA, ":dist": "csv", ":token": tokenID}
	segments := strings.Split(path, "/")
	for i, s := range segments {
		switch {
		case s == ":id" && strings.HasPrefix(path, "/api/v1/datasets"):
			segments[i] = publishedID
		case s == ":id" && strings.HasPrefix(path, "/api/v1/sources"):
			segments[i] = sourceA
		case s == ":id" && strings.HasPrefix(path, "/api/v1/tokens"):
			segments[i] = tokenID
		case strings.HasPrefix(s, ":"):
			v, ok := values[s]
			if !ok {
				tb.Fatalf("route %s: no test value for %s", path, s)
			}
			segments[i] = v
		}
	}
	return strings.Join(segments, "/")
}

// TestEveryWriteRouteIsGuarded enumerates the routes the server registered
// through the router: each needs a token (anonymous → 401, a revoked
// token → 401, a session cookie does not count), refuses a token of
// organisation B (403) and admits one of A with the route's role.
func TestEveryWriteRouteIsGuarded(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	tokens, err := e.auth.Tokens(t.Context(), orgA)
	MustOK(t, err)
	tokenID := ""
	for _, tok := range tokens {
		if tok.Name == "a-editor" {
			tokenID = tok.ID
		}
	}
	var routes []auth.RoutePolicy
	for _, r := range e.routes.Routes() {
		if r.Policy.Public {
			// Only CKAN's read actions, which CKAN clients send as POST,
			// are public among the registered routes.
			if r.Method != http.MethodPost || !(strings.HasPrefix(r.Path, "/api/3/action/") || strings.HasPrefix(r.Path, "/api/action/")) {
				t.Errorf("%s %s is public", r.Method, r.Path)
			}
			continue
		}
		routes = append(routes, r)
	}
	if len(routes) != 17 {
		t.Errorf("%d protected routes registered, want 17", len(routes))
	}
	for _, r := range routes {
		t.Run(r.Method+" "+r.Path, func(t *testing.T) {
			if !r.Policy.Token || r.Policy.Role == "" {
				t.Fatalf("policy %+v: want a token policy with a role", r.Policy)
			}
			target := e.routeTarget(t, r.Path, tokenID)
			p := e.MustProblem(t, request{method: r.Method, target: target}, http.StatusUnauthorized)
			if p.Detail != "Für diese Anfrage ist ein API-Token nötig (Authorization: Bearer …)." {
				t.Errorf("anonymous: %q", p.Detail)
			}
			e.MustProblem(t, request{method: r.Method, target: target, token: "revoked"}, http.StatusUnauthorized)
			e.MustProblem(t, request{method: r.Method, target: target, header: []string{"Cookie", "municat_session=abc"}}, http.StatusUnauthorized)
			other := "b-" + string(r.Policy.Role)
			if r.Method == http.MethodGet && r.Path == "/api/v1/tokens" {
				// No organisation in the request: B's admin gets B's
				// tokens, A's editor is refused.
				var list server.ListResponse[server.TokenInfo]
				e.MustStatus(t, request{method: r.Method, target: target, token: other}, http.StatusOK, &list)
				for _, tok := range list.Items {
					if tok.Organization != orgB {
						t.Errorf("%s sees %+v", other, tok)
					}
				}
				other = "a-editor"
			}
			body, ct := routeBody(r.Method, r.Path, orgA)
			p = e.MustProblem(t, request{method: r.Method, target: target, token: other, contentType: ct, body: strings.NewReader(body)}, http.StatusForbidden)
			if !strings.Contains(p.Detail, orgA) && !strings.Contains(p.Detail, "in einer Organisation") {
				t.Errorf("403 of %s does not name the organisation: %q", other, p.Detail)
			}
		})
	}
	// The right role gets past the guard: whatever the handler answers to
	// these minimal requests, it is neither 401 nor 403. The deletions go
	// last, so that the other routes still find what they act on.
	isDelete := func(r auth.RoutePolicy) int {
		if r.Method == http.MethodDelete {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(routes, func(a, b auth.RoutePolicy) int { return cmp.Compare(isDelete(a), isDelete(b)) })
	for _, r := range routes {
		body, ct := routeBody(r.Method, r.Path, orgA)
		target := e.routeTarget(t, r.Path, tokenID)
		resp, got := e.do(t, request{method: r.Method, target: target, token: "a-" + string(r.Policy.Role), contentType: ct, body: strings.NewReader(body)})
		if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden || resp.StatusCode >= 500 {
			t.Errorf("%s %s as a-%s: status %d: %s", r.Method, target, r.Policy.Role, resp.StatusCode, got)
		}
	}
}

// routeBody returns a small valid-looking body for a route acting on org.
func routeBody(method, path, org string) (body, contentType string) {
	switch {
	case method == http.MethodPost && strings.HasSuffix(path, "/distributions"), strings.HasSuffix(path, "/versions"):
		b := "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.csv\"\r\nContent-Type: text/csv\r\n\r\na;b\n3;4\n\r\n--x--\r\n"
		return b, "multipart/form-data; boundary=x"
	case path == "/api/v1/datasets":
		return fmt.Sprintf(`{"title": {"de": "Neu"}, "description": {"de": "Neu."}, "organization": %q, "license": "dl-by-de/2.0"}`, org), "application/json"
	case path == "/api/v1/sources":
		return fmt.Sprintf(`{"id": "neu", "type": "ckan", "url": "https://ckan.example.org", "organization": %q}`, org), "application/json"
	case path == "/api/v1/tokens":
		return fmt.Sprintf(`{"organization": %q, "role": "editor"}`, org), "application/json"
	case method == http.MethodPut && strings.HasPrefix(path, "/api/v1/sources"):
		return fmt.Sprintf(`{"id": %q, "type": "ckan", "url": "https://ckan.example.org", "organization": %q}`, sourceA, org), "application/json"
	case method == http.MethodPut:
		return fmt.Sprintf(`{"title": {"de": "Geändert"}, "description": {"de": "Neu."}, "organization": %q, "license": "dl-by-de/2.0"}`, org), "application/json"
	}
	return "", ""
}

// TestOtherOrganizationCannotWrite: tokens of organisation B get 403 for
// organisation A's data, and nothing changes.
func TestOtherOrganizationCannotWrite(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	before := e.storeKeys(t)
	upload, uploadType := routeBody(http.MethodPost, "/distributions", orgA)
	for _, tt := range []struct {
		name  string
		r     request
		token string
	}{
		{"create in A", request{method: http.MethodPost, target: "/api/v1/datasets", contentType: "application/json",
			body: strings.NewReader(`{"title": {"de": "Fremd"}, "description": {"de": "x"}, "organization": "stadt-a", "license": "dl-by-de/2.0"}`)}, "b-admin"},
		{"update A's dataset", request{method: http.MethodPut, target: "/api/v1/datasets/" + publishedID, contentType: "application/json",
			body: strings.NewReader(`{"title": {"de": "Fremd"}}`)}, "b-editor"},
		{"move A's dataset to B", request{method: http.MethodPut, target: "/api/v1/datasets/" + publishedID, contentType: "application/json",
			body: strings.NewReader(`{"title": {"de": "Fremd"}, "organization": "stadt-b"}`)}, "b-admin"},
		{"withdraw A's dataset", request{method: http.MethodPost, target: "/api/v1/datasets/" + publishedID + "/withdraw"}, "b-editor"},
		{"upload to A's dataset", request{method: http.MethodPost, target: "/api/v1/datasets/" + publishedID + "/distributions", contentType: uploadType, body: strings.NewReader(upload)}, "b-editor"},
		{"new version of A's file", request{method: http.MethodPost, target: "/api/v1/datasets/" + publishedID + "/distributions/csv/versions", contentType: uploadType, body: strings.NewReader(upload)}, "b-admin"},
		{"run A's source", request{method: http.MethodPost, target: "/api/v1/sources/" + sourceA + "/run"}, "b-editor"},
		{"dry run of A's source", request{method: http.MethodPost, target: "/api/v1/sources/" + sourceA + "/dry-run"}, "b-admin"},
		{"delete A's source", request{method: http.MethodDelete, target: "/api/v1/sources/" + sourceA}, "b-admin"},
		{"list A's datasets", request{method: http.MethodGet, target: "/api/v1/organizations/stadt-a/datasets"}, "b-admin"},
		{"token for A", request{method: http.MethodPost, target: "/api/v1/tokens", contentType: "application/json", body: strings.NewReader(`{"organization": "stadt-a", "role": "admin"}`)}, "b-admin"},
		{"editor makes a token", request{method: http.MethodPost, target: "/api/v1/tokens", contentType: "application/json", body: strings.NewReader(`{"organization": "stadt-a", "role": "editor"}`)}, "a-editor"},
		{"editor makes a source", request{method: http.MethodPost, target: "/api/v1/sources", contentType: "application/json",
			body: strings.NewReader(`{"id": "neu", "type": "ckan", "url": "https://ckan.example.org", "organization": "stadt-a"}`)}, "a-editor"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.r.token = tt.token
			p := e.MustProblem(t, tt.r, http.StatusForbidden)
			if !strings.Contains(p.Detail, "nötig") {
				t.Errorf("detail %q does not say what is needed", p.Detail)
			}
		})
	}
	if after := e.storeKeys(t); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("the store changed:\nbefore %v\nafter  %v", before, after)
	}
	// B's drafts and A's drafts do not exist for each other: 404, not 403.
	e.MustProblem(t, request{method: http.MethodPut, target: "/api/v1/datasets/" + draftID, token: "b-admin", contentType: "application/json", body: strings.NewReader(`{}`)}, http.StatusNotFound)
	e.MustProblem(t, request{method: http.MethodPost, target: "/api/v1/datasets/" + scheduledID + "/withdraw", token: "b-editor"}, http.StatusNotFound)
}

// TestBadTokens: a malformed, unknown or revoked token is refused with 401
// on the write routes and the public ones alike; it never passes as
// anonymous.
func TestBadTokens(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	for _, token := range []string{"revoked", municat.TokenPrefix + strings.Repeat("A", 43), "kaputt"} {
		for _, target := range []string{"/api/v1/organizations/stadt-a/datasets", "/api/v1/datasets/" + publishedID} {
			e.MustProblem(t, request{method: http.MethodGet, target: target, token: token}, http.StatusUnauthorized)
			if resp, _ := e.do(t, request{method: http.MethodGet, target: target, token: token}); resp.Header.Get("WWW-Authenticate") != `Bearer realm="municat"` {
				t.Errorf("WWW-Authenticate %q", resp.Header.Get("WWW-Authenticate"))
			}
		}
	}
}
