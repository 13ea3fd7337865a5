package admin

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/server"
)

// TestUnderServer runs the admin pages on the API server's app, as the
// command wires them: its app-wide middlewares (security headers, body
// limit, authentication) and error handler must leave the pages as they
// are.
func TestUnderServer(t *testing.T) {
	t.Parallel()
	e := newCoreEnvOn(t, func(cfg Config) *fiber.App {
		return server.New(server.Config{Catalog: cfg.Catalog, Index: cfg.Index, Auth: cfg.Auth, Routes: cfg.Routes, Publish: cfg.Publish, Sources: cfg.Sources})
	})
	anna := e.orgAdmin()
	r := e.get(anna, "/admin/")
	r.want(t, http.StatusOK, "Stadt Musterstadt")
	checkPageHeaders(t, r)
	checkNoInline(t, "dashboard", r.Body)
	r = e.get(nil, "/admin/tokens")
	r.want(t, http.StatusUnauthorized, `name="password"`)
	checkPageHeaders(t, r)
	e.post(anna, "/admin/tokens", url.Values{"csrf": {"falsch"}, "name": {"x"}}).want(t, http.StatusForbidden, "Das Formular ist abgelaufen")
	e.get(anna, "/admin/gibt-es-nicht").want(t, http.StatusNotFound, "Diese Seite gibt es nicht.")
	// A token made on the page works on the API.
	r = e.post(anna, "/admin/tokens", url.Values{"name": {"Fachverfahren"}, "organization": {"musterstadt"}, "role": {"editor"}, "expires": {"30"}})
	r.want(t, http.StatusCreated)
	i := strings.Index(r.Body, `value="`+municat.TokenPrefix)
	if i < 0 {
		t.Fatal("no secret")
	}
	secret := r.Body[i+len(`value="`) : i+len(`value="`)+len(municat.TokenPrefix)+43]
	req, _ := http.NewRequest(http.MethodGet, "/api/v1/organizations/musterstadt/datasets", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := e.app.Test(req, 10_000)
	coreOK(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the new token gets %d from the API", resp.StatusCode)
	}
	// The session cookie does not authenticate the API's write routes, nor
	// a token the admin pages.
	req, _ = http.NewRequest(http.MethodGet, "/admin/", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err = e.app.Test(req, 10_000)
	coreOK(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a token opens the admin pages: %d", resp.StatusCode)
	}
}
