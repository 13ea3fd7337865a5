package admin

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/frontend"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/indexer"
	"github.com/municat/municat/publish"
	"github.com/municat/municat/search/bleve"
	"github.com/municat/municat/sources"
	"github.com/municat/municat/store/fs"
)

// coreClock is a settable clock shared by the services of a test.
type coreClock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *coreClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock on by d.
func (c *coreClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// coreEnv is the admin pages over real services on an fs store in a
// temporary directory and an in-memory Bleve index.
type coreEnv struct {
	tb      testing.TB
	app     *fiber.App
	cat     *catalog.Catalog
	auth    *auth.Service
	routes  *auth.Router
	publish *publish.Service
	clock   *coreClock
}

// coreStart is the clock's start in the tests: a Tuesday.
var coreStart = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// newCoreEnv returns an environment with the organisations "musterstadt"
// and "nachbarort". opts change the configuration of the auth service.
func newCoreEnv(tb testing.TB, opts ...func(*auth.Config)) *coreEnv {
	tb.Helper()
	return newCoreEnvOn(tb, func(Config) *fiber.App {
		return fiber.New(fiber.Config{Immutable: true, StreamRequestBody: true, DisablePreParseMultipartForm: true, BodyLimit: 1 << 20})
	}, opts...)
}

// newCoreEnvOn is newCoreEnv with the admin pages registered on the app
// newApp makes from the configuration.
func newCoreEnvOn(tb testing.TB, newApp func(Config) *fiber.App, opts ...func(*auth.Config)) *coreEnv {
	tb.Helper()
	ctx := context.Background()
	cat, idx, ix, clock, log := newTestStore(tb)
	ac := auth.Config{Catalog: cat, Now: clock.Now, Logger: log}
	for _, o := range opts {
		o(&ac)
	}
	as, err := auth.New(ctx, ac)
	coreOK(tb, err)
	pub := publish.New(publish.Config{Catalog: cat, Indexer: ix, Now: clock.Now, Logger: log, TempDir: tb.TempDir()})
	runner := &harvester.Runner{Catalog: cat}
	src := sources.New(sources.Config{Catalog: cat, Runner: runner, Now: clock.Now, Logger: log})
	e := &coreEnv{tb: tb, cat: cat, auth: as, routes: as.NewRouter(), publish: pub, clock: clock}
	cfg := Config{
		Catalog: cat, Index: idx, Auth: as, Routes: e.routes, Publish: pub, Sources: src,
		SiteName: municat.Text{"de": "Offene Daten Musterstadt"}, Logger: log, Now: clock.Now,
		SourceTypes: []string{municat.SourceCKAN}, CatalogueCSS: catalogueCSS(tb),
	}
	e.app = newApp(cfg)
	coreOK(tb, Register(e.app, cfg))
	putTestOrganizations(tb, cat)
	return e
}

// newTestStore returns what every test environment stands on: a catalogue
// on an fs store in a temporary directory, an in-memory Bleve index with its
// indexer, the test clock and a silent logger.
func newTestStore(tb testing.TB) (*catalog.Catalog, *bleve.Index, *indexer.Indexer, *coreClock, *slog.Logger) {
	tb.Helper()
	st, err := fs.Open(tb.TempDir())
	coreOK(tb, err)
	tb.Cleanup(func() { st.Close() })
	idx, err := bleve.NewMemory()
	coreOK(tb, err)
	tb.Cleanup(func() { idx.Close() })
	cat := catalog.New(st)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return cat, idx, indexer.New(cat, idx, log), &coreClock{t: coreStart}, log
}

// putTestOrganizations stores the organisations "musterstadt" and
// "nachbarort" the tests use.
func putTestOrganizations(tb testing.TB, cat *catalog.Catalog) {
	tb.Helper()
	for _, o := range []*municat.Organization{
		{ID: "musterstadt", Name: "Stadt Musterstadt", AGS: "03241001"},
		{ID: "nachbarort", Name: "Gemeinde Nachbarort"},
	} {
		coreOK(tb, cat.PutOrganization(context.Background(), o))
	}
}

// catalogueCSS returns the URL of the catalogue's style sheet, as
// cmd/municat configures it.
func catalogueCSS(tb testing.TB) string {
	tb.Helper()
	u, err := frontend.AssetURL("style.css")
	coreOK(tb, err)
	return u
}

// coreOK fails the test on err.
func coreOK(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// coreUser is a signed-in person: the session cookie and its CSRF token.
type coreUser struct {
	Account *municat.Account
	Cookie  string
	CSRF    string
}

// account stores an account (without password) and signs it in with a
// session made directly in the store.
func (e *coreEnv) account(id string, instanceAdmin bool, ms ...municat.Membership) *coreUser {
	e.tb.Helper()
	ctx := context.Background()
	acc := &municat.Account{ID: id, Name: "Person " + id, InstanceAdmin: instanceAdmin, Memberships: ms, Created: e.clock.Now()}
	coreOK(e.tb, e.cat.PutAccount(ctx, acc))
	secret, csrf := coreRandom(), coreRandom()
	sum := sha256.Sum256([]byte(secret))
	now := e.clock.Now()
	coreOK(e.tb, e.cat.PutSession(ctx, &municat.Session{
		Hash: hex.EncodeToString(sum[:]), Account: id, CSRF: csrf, Created: now, Expires: now.Add(8 * time.Hour),
	}))
	return &coreUser{Account: acc, Cookie: auth.SessionCookie + "=" + secret, CSRF: csrf}
}

// instanceAdmin, orgAdmin and editor make the usual people.
func (e *coreEnv) instanceAdmin() *coreUser { return e.account("root", true) }
func (e *coreEnv) orgAdmin() *coreUser {
	return e.account("anna-admin", false, municat.Membership{Organization: "musterstadt", Role: municat.RoleAdmin})
}
func (e *coreEnv) editor() *coreUser {
	return e.account("emil-editor", false, municat.Membership{Organization: "musterstadt", Role: municat.RoleEditor})
}

// coreRandom returns 32 random bytes in base64url.
func coreRandom() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// coreResponse is an answer with its body read.
type coreResponse struct {
	*http.Response
	Body string
}

// do sends a request as u (nil = anonymous) with extra cookies ("a=b").
// A non-nil form is sent url-encoded; its "csrf" is set to u's token
// unless the form has the key already.
func (e *coreEnv) do(u *coreUser, method, target string, form url.Values, cookies ...string) coreResponse {
	e.tb.Helper()
	var body io.Reader
	if form != nil {
		if _, ok := form["csrf"]; !ok && u != nil {
			form.Set("csrf", u.CSRF)
		}
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if u != nil {
		cookies = append(cookies, u.Cookie)
	}
	if len(cookies) > 0 {
		req.Header.Set("Cookie", strings.Join(cookies, "; "))
	}
	resp, err := e.app.Test(req, 10_000)
	coreOK(e.tb, err)
	b, err := io.ReadAll(resp.Body)
	coreOK(e.tb, err)
	resp.Body.Close()
	return coreResponse{Response: resp, Body: string(b)}
}

// get is do with GET.
func (e *coreEnv) get(u *coreUser, target string) coreResponse {
	e.tb.Helper()
	return e.do(u, http.MethodGet, target, nil)
}

// post is do with POST and a form.
func (e *coreEnv) post(u *coreUser, target string, form url.Values) coreResponse {
	e.tb.Helper()
	return e.do(u, http.MethodPost, target, form)
}

// cookie returns the value of the cookie name the response sets ("" if
// none).
func (r coreResponse) cookie(name string) string {
	for _, c := range r.Cookies() {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

var h1Pattern = regexp.MustCompile(`(?s)<h1[^>]*>(.*?)</h1>`)

// h1 returns the text of the page's first h1.
func (r coreResponse) h1() string {
	m := h1Pattern.FindStringSubmatch(r.Body)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(m[1])
}

// want fails unless the response has the status and its body contains
// every text.
func (r coreResponse) want(tb testing.TB, status int, texts ...string) {
	tb.Helper()
	if r.StatusCode != status {
		tb.Fatalf("%s %s: status %d, want %d\n%s", r.Request.Method, r.Request.URL, r.StatusCode, status, coreShort(r.Body))
	}
	for _, t := range texts {
		if !strings.Contains(r.Body, t) {
			tb.Fatalf("%s %s: body lacks %q\n%s", r.Request.Method, r.Request.URL, t, coreShort(r.Body))
		}
	}
}

// coreShort returns the main element of a page (or the body's start).
func coreShort(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if len(body) > 4000 {
		body = body[:4000]
	}
	return body
}
