package admin

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/frontend"
	"github.com/municat/municat/internal/assets"
)

// TestCorePagesRender checks that every page of admin-core renders for the
// right role with its h1, and the security headers of admin pages.
func TestCorePagesRender(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	root := e.instanceAdmin()
	anna := e.orgAdmin()
	emil := e.editor()
	for _, tc := range []struct {
		user   *coreUser
		path   string
		h1     string
		status int
	}{
		{root, "/admin/", "Übersicht", 200},
		{root, "/admin", "Übersicht", 200},
		{emil, "/admin/", "Übersicht", 200},
		{root, "/admin/organizations", "Organisationen", 200},
		{root, "/admin/organizations/new", "Neue Organisation", 200},
		{root, "/admin/organizations/musterstadt", "Organisation „Stadt Musterstadt“ bearbeiten", 200},
		{root, "/admin/accounts", "Personen", 200},
		{anna, "/admin/accounts", "Personen", 200},
		{anna, "/admin/accounts/new", "Neue Person", 200},
		{anna, "/admin/accounts/emil-editor", "Person „Person emil-editor“", 200},
		{emil, "/admin/account", "Ihr Konto", 200},
		{anna, "/admin/tokens", "API-Tokens", 200},
		{anna, "/admin/tokens/new", "Neues API-Token", 200},
		{anna, "/admin/audit", "Protokoll", 200},
		{root, "/admin/audit", "Protokoll", 200},
		{nil, "/admin/login", "Anmelden", 200},
	} {
		r := e.get(tc.user, tc.path)
		r.want(t, tc.status)
		if got := r.h1(); got != tc.h1 {
			t.Errorf("GET %s: h1 %q, want %q", tc.path, got, tc.h1)
		}
		checkPageHeaders(t, r)
		checkNoInline(t, tc.path, r.Body)
	}
}

// checkPageHeaders checks the headers every admin page sends.
func checkPageHeaders(t *testing.T, r coreResponse) {
	t.Helper()
	for header, want := range map[string]string{
		"Content-Security-Policy": contentSecurityPolicy,
		"Cache-Control":           "no-store",
		"X-Content-Type-Options":  "nosniff",
		"Content-Type":            "text/html; charset=utf-8",
	} {
		if got := r.Header.Get(header); got != want {
			t.Errorf("%s: %s = %q, want %q", r.Request.URL, header, got, want)
		}
	}
	if !strings.Contains(r.Body, `<html lang="de">`) || !strings.Contains(r.Body, `<a class="skip-link" href="#inhalt">`) || !strings.Contains(r.Body, `<main id="inhalt"`) {
		t.Errorf("%s: no lang, skip link or main landmark", r.Request.URL)
	}
}

var (
	tagPattern   = regexp.MustCompile(`<[a-zA-Z][^>]*>`)
	quotedValue  = regexp.MustCompile(`"[^"]*"`)
	styleAttr    = regexp.MustCompile(`(?i)\sstyle\s*=`)
	eventAttr    = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
	scriptTag    = regexp.MustCompile(`(?i)^<script\b`)
	styleElement = regexp.MustCompile(`(?i)^<style\b`)
)

// checkNoInline fails if the page has an inline script, a style element,
// a style attribute or an event-handler attribute. Attribute values
// (always quoted by html/template) are blanked first, so escaped text in
// them does not count.
func checkNoInline(t *testing.T, what, body string) {
	t.Helper()
	for _, tag := range tagPattern.FindAllString(body, -1) {
		bare := quotedValue.ReplaceAllString(tag, `""`)
		switch {
		case scriptTag.MatchString(bare) && !strings.Contains(bare, " src="):
			t.Errorf("%s: inline script %s", what, tag)
		case styleElement.MatchString(bare), styleAttr.MatchString(bare), eventAttr.MatchString(bare):
			t.Errorf("%s: inline style or handler: %s", what, tag)
		}
	}
}

// TestAnonymousSeesLogin checks that every admin page answers an anonymous
// visitor with the sign-in form (401) that leads back to the page.
func TestAnonymousSeesLogin(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	for _, path := range []string{"/admin/", "/admin/organizations", "/admin/accounts/new", "/admin/tokens", "/admin/audit?until=2026-11-20", "/admin/account", "/admin/datasets", "/admin/sources"} {
		r := e.get(nil, path)
		r.want(t, http.StatusUnauthorized, `name="login"`, `name="password"`, "Bitte melden Sie sich an.")
		if r.h1() != "Anmelden" {
			t.Errorf("%s: h1 %q", path, r.h1())
		}
		next := strings.TrimPrefix(path, "/admin")
		if next == "" {
			next = "/"
		}
		if !strings.Contains(r.Body, `name="next" value="`+htmlEscape(next)+`"`) {
			t.Errorf("%s: login form does not lead back to %q", path, next)
		}
		if r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, r.Header.Get("Cache-Control"))
		}
		checkNoInline(t, path, r.Body)
	}
	// A form post of someone not signed in also gets the form.
	e.post(nil, "/admin/organizations", url.Values{"id": {"x"}}).want(t, http.StatusUnauthorized, `name="password"`)
}

// htmlEscape escapes s as html/template does in attribute values.
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}

// TestRolesForbidden checks the 403 pages of people without the role.
func TestRolesForbidden(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	anna := e.orgAdmin()
	emil := e.editor()
	for _, tc := range []struct {
		user *coreUser
		path string
	}{
		{anna, "/admin/organizations"},
		{anna, "/admin/organizations/new"},
		{emil, "/admin/accounts"},
		{emil, "/admin/tokens"},
		{emil, "/admin/audit"},
	} {
		r := e.get(tc.user, tc.path)
		r.want(t, http.StatusForbidden, "Keine Berechtigung", "Was Sie jetzt tun können")
	}
	// An org admin does not see the people of another organisation.
	e.account("nina", false, municat.Membership{Organization: "nachbarort", Role: municat.RoleEditor})
	e.get(anna, "/admin/accounts/nina").want(t, http.StatusForbidden, "keiner Organisation, die Sie verwalten")
	if r := e.get(anna, "/admin/accounts"); strings.Contains(r.Body, "nina") {
		t.Error("the list of people shows a person of another organisation")
	}
}

// TestNotFoundPage checks the German 404 page of unknown admin paths.
func TestNotFoundPage(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	root := e.instanceAdmin()
	r := e.get(root, "/admin/gibt-es-nicht")
	r.want(t, http.StatusNotFound, "Diese Seite gibt es nicht.", "Zur Übersicht der Verwaltung")
	checkPageHeaders(t, r)
	e.get(root, "/admin/organizations/unbekannt").want(t, http.StatusNotFound, "Nicht gefunden")
}

// TestStatic checks the checksum URLs of the static files.
func TestStatic(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	page := e.get(nil, "/admin/login")
	m := regexp.MustCompile(`href="(/admin/static/admin\.[0-9a-f]{16}\.css)"`).FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("no admin.css link with a checksum")
	}
	r := e.get(nil, m[1])
	r.want(t, http.StatusOK, ".admin-nav {")
	if got := r.Header.Get("Cache-Control"); got != assets.CacheControl {
		t.Errorf("Cache-Control %q", got)
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/css") {
		t.Errorf("Content-Type %q", r.Header.Get("Content-Type"))
	}
	// The catalogue's style sheet comes first; admin.css builds on it.
	catalogue := `<link rel="stylesheet" href="` + catalogueCSS(t) + `">`
	if i, j := strings.Index(page.Body, catalogue), strings.Index(page.Body, m[0]); i < 0 || i > j {
		t.Errorf("the catalogue's style sheet %s is not linked before admin.css", catalogueCSS(t))
	}
	if !regexp.MustCompile(`^/static/style\.[0-9a-f]{16}\.css$`).MatchString(catalogueCSS(t)) {
		t.Errorf("catalogue style sheet URL %q", catalogueCSS(t))
	}
	for _, name := range []string{"content.css", "admin.js"} {
		if !regexp.MustCompile(`/admin/static/` + strings.Replace(regexp.QuoteMeta(name), `\.`, `\.[0-9a-f]{16}\.`, 1)).MatchString(page.Body) {
			t.Errorf("layout does not load %s", name)
		}
	}
	e.get(nil, "/admin/static/admin.css").want(t, http.StatusNotFound)
}

// TestCatalogueCSSIsServed checks that the catalogue's style sheet the
// admin pages link is the one the catalogue serves, with its headers.
func TestCatalogueCSSIsServed(t *testing.T) {
	t.Parallel()
	e := newContentEnv(t, contentOptions{})
	app := fiber.New()
	coreOK(t, frontend.Register(app, frontend.Config{Catalog: e.cat, Index: e.index, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	resp, err := app.Test(httptest.NewRequest(http.MethodGet, catalogueCSS(t), nil))
	coreOK(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	coreOK(t, err)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "--accent: #0b5394") ||
		resp.Header.Get("Cache-Control") != assets.CacheControl || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("GET %s: %d %q %q", catalogueCSS(t), resp.StatusCode, resp.Header.Get("Cache-Control"), resp.Header.Get("Content-Type"))
	}
}

// TestRoutePolicies checks that every admin route is for cookie sessions
// (so forms are CSRF-checked) except the public sign-in routes.
func TestRoutePolicies(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	public := map[string]bool{"GET /admin/login": true, "POST /admin/login": true, "POST /admin/logout": true, "GET /admin/static/:file": true,
		"GET /admin/oidc/start": true, "GET /admin/oidc/callback": true}
	registered := map[string]bool{}
	for _, r := range e.app.GetRoutes(true) {
		registered[r.Method+" "+r.Path] = true
	}
	n := 0
	for _, r := range e.routes.Routes() {
		key := r.Method + " " + r.Path
		if !strings.HasPrefix(r.Path, "/admin") {
			continue
		}
		n++
		if !registered[key] {
			t.Errorf("%s is recorded but not registered", key)
		}
		switch {
		case r.Policy.Public && !public[key]:
			t.Errorf("%s is public", key)
		case !r.Policy.Public && !r.Policy.Session:
			t.Errorf("%s is not restricted to sessions", key)
		case r.Policy.Token:
			t.Errorf("%s accepts tokens", key)
		}
	}
	if n < 20 {
		t.Errorf("only %d admin routes recorded", n)
	}
}
