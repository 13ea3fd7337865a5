package auth

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/store/fs"
)

// testPassword is the password of the accounts MustAccount makes.
const testPassword = "Sommer im Stadtpark 2026"

// testClock is a clock the tests move by hand.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// testEnv is a Service over an fs store in a temporary directory, with a
// Fiber app whose routes are registered through a Router.
type testEnv struct {
	t      testing.TB
	dir    string
	cat    *catalog.Catalog
	svc    *Service
	clock  *testClock
	app    *fiber.App
	router *Router
}

// MustEnv returns a testEnv with the organisations "musterstadt" and
// "beispieldorf". configure, if not nil, changes the Config before New.
func MustEnv(t testing.TB, configure func(*Config)) *testEnv {
	t.Helper()
	dir := t.TempDir()
	st, err := fs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := &testEnv{t: t, dir: dir, cat: catalog.New(st), clock: &testClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}}
	cfg := Config{Catalog: e.cat, Now: e.clock.Now, Logger: slog.New(slog.NewTextHandler(t.Output(), nil))}
	if configure != nil {
		configure(&cfg)
	}
	if e.svc, err = New(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	for _, o := range []string{"musterstadt", "beispieldorf"} {
		if err := e.cat.PutOrganization(context.Background(), &municat.Organization{ID: o, Name: "Stadt " + o}); err != nil {
			t.Fatal(err)
		}
	}
	e.app = fiber.New(fiber.Config{ErrorHandler: testErrorHandler})
	e.app.Use(e.svc.Middleware())
	e.router = e.svc.NewRouter()
	e.routes()
	return e
}

// testErrorHandler answers an error with its status and its German
// message as plain text, as server.handleError does in problem+json.
func testErrorHandler(c *fiber.Ctx, err error) error {
	var fe *fiber.Error
	if errors.As(err, &fe) {
		return c.Status(fe.Code).SendString(fe.Message)
	}
	status := map[string]int{
		municat.EINVALID: 400, municat.EUNAUTHORIZED: 401, municat.EFORBIDDEN: 403, municat.ENOTFOUND: 404,
		municat.ECONFLICT: 409, municat.ETOOMANY: 429, municat.EUNAVAILABLE: 503,
	}[municat.ErrorCode(err)]
	if status == 0 {
		status = 500
	}
	return c.Status(status).SendString(municat.ErrorMessage(err))
}

// whoami answers with the principal's actor and, if signed in by cookie,
// the session's CSRF token: "account:erika csrf=…".
func (e *testEnv) whoami(c *fiber.Ctx) error {
	return c.SendString(PrincipalOf(c).Actor() + " csrf=" + e.svc.CSRFToken(c))
}

// routes registers the routes of the tests: an admin group with cookie
// sessions and an API group with tokens.
func (e *testEnv) routes() {
	r := e.router
	orgParam := func(c *fiber.Ctx) (string, error) {
		if c.Params("org") == "unbekannt" {
			return "", municat.NotFound("Organisation %q nicht gefunden.", "unbekannt")
		}
		return c.Params("org"), nil
	}
	admin := e.app.Group("/admin")
	r.Handle(admin, "POST", "/login", Policy{Public: true, Session: true}, func(c *fiber.Ctx) error {
		if _, err := e.svc.Login(c, c.FormValue("login"), c.FormValue("password")); err != nil {
			return err
		}
		return c.Redirect("/admin/", fiber.StatusSeeOther)
	})
	r.Handle(admin, "POST", "/logout", Policy{Public: true, Session: true}, func(c *fiber.Ctx) error {
		if err := e.svc.Logout(c); err != nil {
			return err
		}
		return c.Redirect("/admin/login", fiber.StatusSeeOther)
	})
	r.Handle(admin, "GET", "/", Policy{SignedIn: true, Session: true}, e.whoami)
	r.Handle(admin, "POST", "/organisationen/:org/bearbeiten", Policy{Role: municat.RoleAdmin, OrgOf: orgParam, Session: true}, e.whoami)
	r.Handle(admin, "POST", "/organisationen", Policy{InstanceAdmin: true, Session: true}, e.whoami)
	r.Handle(admin, "GET", "/oidc/start", Policy{Public: true, Session: true}, func(c *fiber.Ctx) error {
		return e.svc.OIDCStart(c, c.Query("next"))
	})
	r.Handle(admin, "GET", "/oidc/callback", Policy{Public: true, Session: true}, func(c *fiber.Ctx) error {
		next, err := e.svc.OIDCCallback(c)
		if err != nil {
			return err
		}
		if next == "" {
			next = "/admin/"
		}
		return c.Redirect(next, fiber.StatusSeeOther)
	})

	api := e.app.Group("/api/v1")
	r.Handle(api, "GET", "/whoami", Policy{SignedIn: true, Token: true}, e.whoami)
	r.Handle(api, "POST", "/organizations/:org/datasets", Policy{Role: municat.RoleEditor, OrgOf: orgParam, Token: true}, e.whoami)
	r.Handle(api, "POST", "/datasets", Policy{Role: municat.RoleEditor, Token: true}, func(c *fiber.Ctx) error {
		if err := Require(c, c.Query("org"), municat.RoleEditor); err != nil {
			return err
		}
		return e.whoami(c)
	})
	e.app.Get("/oeffentlich", e.whoami) // a public page, not through the Router
}

// MustAccount creates an account with testPassword through the command
// line (by = nil).
func (e *testEnv) MustAccount(id string, instanceAdmin bool, ms ...municat.Membership) *municat.Account {
	e.t.Helper()
	a := &municat.Account{ID: id, Name: "Person " + id, InstanceAdmin: instanceAdmin, Memberships: ms}
	if err := e.svc.CreateAccount(context.Background(), nil, a, testPassword); err != nil {
		e.t.Fatal(err)
	}
	return a
}

// MustToken creates a token through the command line and returns its
// secret and record.
func (e *testEnv) MustToken(org string, role municat.Role, expires time.Duration) (string, *municat.Token) {
	e.t.Helper()
	secret, tok, err := e.svc.CreateToken(context.Background(), TokenSpec{Organization: org, Role: role, Name: "Fachverfahren", Expires: expires})
	if err != nil {
		e.t.Fatal(err)
	}
	return secret, tok
}

// request is one request to the app.
type request struct {
	method, path string
	form         url.Values
	header       map[string]string
	cookies      []*http.Cookie
}

// response is an answer of the app with its body read.
type response struct {
	*http.Response
	body string
}

// cookie returns the Set-Cookie of name, or nil.
func (r *response) cookie(name string) *http.Cookie {
	for _, c := range r.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Do sends req to the app from the client IP 0.0.0.0 (Fiber's app.Test).
func (e *testEnv) Do(req request) *response {
	e.t.Helper()
	var body io.Reader
	if req.form != nil {
		body = strings.NewReader(req.form.Encode())
	}
	r := httptest.NewRequest(req.method, req.path, body)
	if req.form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range req.header {
		r.Header.Set(k, v)
	}
	for _, c := range req.cookies {
		r.AddCookie(c)
	}
	resp, err := e.app.Test(r, -1)
	if err != nil {
		e.t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		e.t.Fatal(err)
	}
	return &response{Response: resp, body: string(b)}
}

// expect fails the test unless resp has status and its body contains want.
func expect(t testing.TB, what string, resp *response, status int, want string) {
	t.Helper()
	if resp.StatusCode != status || !strings.Contains(resp.body, want) {
		t.Fatalf("%s: got %d %q, want %d containing %q", what, resp.StatusCode, resp.body, status, want)
	}
}

// bearer returns the Authorization header of a token secret.
func bearer(secret string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + secret}
}

// auditActions returns the actions of the audit log, oldest first.
func (e *testEnv) auditActions() []*municat.AuditEntry {
	e.t.Helper()
	var out []*municat.AuditEntry
	now := e.clock.Now()
	err := e.cat.Audit(context.Background(), now.Add(-48*time.Hour), now.Add(48*time.Hour), func(a *municat.AuditEntry) bool {
		out = append([]*municat.AuditEntry{a}, out...)
		return true
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// lastAudit returns the newest audit entry with action, or fails.
func (e *testEnv) lastAudit(action string) *municat.AuditEntry {
	e.t.Helper()
	entries := e.auditActions()
	for i := len(entries) - 1; i >= 0; i-- {
		if entries[i].Action == action {
			return entries[i]
		}
	}
	e.t.Fatalf("no audit entry %q", action)
	return nil
}
