package admin

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
)

// loginPassword is the password of the people made by withPassword.
const loginPassword = "Apfelbaum-Kirschblüte-42"

// withPassword stores an account with loginPassword.
func (e *coreEnv) withPassword(id string, ms ...municat.Membership) {
	e.tb.Helper()
	hash, err := auth.HashPassword(loginPassword)
	coreOK(e.tb, err)
	coreOK(e.tb, e.cat.PutAccount(context.Background(), &municat.Account{ID: id, Name: "Erika Mustermann", PasswordHash: hash, Memberships: ms, Created: e.clock.Now()}))
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// formCSRF returns the value of the page's first hidden csrf field.
func formCSRF(tb testing.TB, body string) string {
	tb.Helper()
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		tb.Fatal("the page has no csrf field")
	}
	return m[1]
}

// TestLoginFlow signs in through the form: the form's own CSRF cookie,
// a wrong password, the right one with a redirect back to the page asked
// for, the session working, the CSRF check on forms and signing out.
func TestLoginFlow(t *testing.T) {
	e := newCoreEnv(t)
	e.withPassword("erika", municat.Membership{Organization: "musterstadt", Role: municat.RoleAdmin})

	// An anonymous visit of a page shows the form leading back to it.
	first := e.get(nil, "/admin/tokens")
	first.want(t, http.StatusUnauthorized, `name="next" value="/tokens"`)
	loginCookie := first.cookie(loginCookie)
	if loginCookie == "" || formCSRF(t, first.Body) != loginCookie {
		t.Fatalf("the sign-in form's token %q does not match its cookie %q", formCSRF(t, first.Body), loginCookie)
	}
	lc := "municat_login=" + loginCookie

	// Without the form's token: refused, nothing checked.
	r := e.do(nil, http.MethodPost, "/admin/login", url.Values{"login": {"erika"}, "password": {loginPassword}, "next": {"/tokens"}})
	r.want(t, http.StatusForbidden, "Das Anmeldeformular ist abgelaufen", `value="erika"`)
	if r.cookie(auth.SessionCookie) != "" {
		t.Fatal("a session was started without the form's token")
	}

	// A wrong password: 401, the login name kept, the password not.
	r = e.do(nil, http.MethodPost, "/admin/login", url.Values{"csrf": {loginCookie}, "login": {"erika"}, "password": {"falsch-falsch-falsch"}, "next": {"/tokens"}}, lc)
	r.want(t, http.StatusUnauthorized, "Anmeldename oder Passwort ist falsch.", `value="erika"`, `href="#f-login"`, `aria-describedby="f-login-error"`)
	if strings.Contains(r.Body, "falsch-falsch-falsch") {
		t.Fatal("the page shows the password")
	}

	// The right password: 303 back to the page, with a session cookie.
	r = e.do(nil, http.MethodPost, "/admin/login", url.Values{"csrf": {loginCookie}, "login": {"Erika"}, "password": {loginPassword}, "next": {"/tokens"}}, lc)
	r.want(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/admin/tokens" {
		t.Fatalf("Location %q", loc)
	}
	session := r.cookie(auth.SessionCookie)
	flash := r.cookie(flashCookie)
	if session == "" || flash == "" {
		t.Fatalf("session %q, flash %q", session, flash)
	}
	u := &coreUser{Cookie: auth.SessionCookie + "=" + session}
	page := e.do(u, http.MethodGet, "/admin/tokens", nil, flashCookie+"="+flash)
	page.want(t, http.StatusOK, "Willkommen, Erika Mustermann. Sie sind angemeldet.", "Angemeldet als")
	u.CSRF = formCSRF(t, page.Body)

	// Forms without or with a wrong token are refused with 403.
	e.do(u, http.MethodPost, "/admin/tokens", url.Values{"csrf": {""}, "name": {"x"}, "organization": {"musterstadt"}, "role": {"editor"}, "expires": {"30"}}).
		want(t, http.StatusForbidden, "Das Formular ist abgelaufen. Bitte laden Sie die Seite neu.")
	e.do(u, http.MethodPost, "/admin/tokens", url.Values{"csrf": {u.CSRF + "x"}, "name": {"x"}, "organization": {"musterstadt"}, "role": {"editor"}, "expires": {"30"}}).
		want(t, http.StatusForbidden)
	if toks, _ := e.auth.Tokens(context.Background(), ""); len(toks) != 0 {
		t.Fatalf("%d tokens made by refused forms", len(toks))
	}

	// Signing out needs the token too; then the session is over.
	e.do(u, http.MethodPost, "/admin/logout", url.Values{"csrf": {"falsch"}}).want(t, http.StatusForbidden)
	e.get(u, "/admin/").want(t, http.StatusOK)
	out := e.post(u, "/admin/logout", url.Values{})
	out.want(t, http.StatusSeeOther)
	if out.Header.Get("Location") != "/admin/login" {
		t.Fatalf("logout Location %q", out.Header.Get("Location"))
	}
	e.get(u, "/admin/").want(t, http.StatusUnauthorized, `name="password"`)
}

// TestLoginRedirectsOnlyLocally checks that next cannot send a person to
// another site after signing in.
func TestLoginRedirectsOnlyLocally(t *testing.T) {
	e := newCoreEnv(t)
	e.withPassword("erika", municat.Membership{Organization: "musterstadt", Role: municat.RoleEditor})
	// checkNext is tested on its own; here the form passes next through it.
	for _, next := range []string{"//evil.example/x", "https://evil.example/"} {
		form := e.get(nil, "/admin/login")
		tok := form.cookie(loginCookie)
		r := e.do(nil, http.MethodPost, "/admin/login", url.Values{"csrf": {tok}, "login": {"erika"}, "password": {loginPassword}, "next": {next}}, loginCookie+"="+tok)
		r.want(t, http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != "/admin/" {
			t.Errorf("next %q: Location %q, want /admin/", next, loc)
		}
	}
}

// TestLoginWhenSignedIn sends a signed-in person on from the form.
func TestLoginWhenSignedIn(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	u := e.editor()
	r := e.get(u, "/admin/login?next=/datasets")
	r.want(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/admin/datasets" {
		t.Fatalf("Location %q", loc)
	}
}

// TestCheckNext checks the sanitising of the target after signing in.
func TestCheckNext(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                              "/",
		"/":                             "/",
		"/datasets?state=draft":         "/datasets?state=draft",
		"/sources/a/runs/b":             "/sources/a/runs/b",
		"//evil.example":                "/",
		"/\\evil.example":               "/",
		"https://evil.example/":         "/",
		"evil":                          "/",
		"/login":                        "/",
		"/logout?x=1":                   "/",
		"/oidc/callback":                "/",
		"/a\nb":                         "/",
		"/a\x7fb":                       "/",
		"/%2F%2Fevil.example":           "/",
		"/datasets#top":                 "/datasets#top",
		"/" + strings.Repeat("a", 3000): "/",
	} {
		if got := checkNext(in); got != want {
			t.Errorf("checkNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzCheckNext checks that checkNext only ever returns a local path
// below /admin.
func FuzzCheckNext(f *testing.F) {
	for _, s := range []string{"/", "/datasets", "//x", "/\\x", "http://x", "/a?b=c#d", "/%2e%2e/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := checkNext(in)
		if out != "/" && out != in {
			t.Fatalf("checkNext(%q) = %q: neither the input nor /", in, out)
		}
		u, err := url.Parse("https://portal.example/admin" + out)
		if err != nil || u.Host != "portal.example" || !strings.HasPrefix(u.Path, "/admin/") {
			t.Fatalf("checkNext(%q) = %q leaves /admin (%v, %v)", in, out, u, err)
		}
		for _, seg := range strings.Split(u.Path, "/") {
			if seg == "." || seg == ".." {
				t.Fatalf("checkNext(%q) = %q has dot segments", in, out)
			}
		}
		if strings.HasPrefix(out, "//") || strings.ContainsAny(out, "\\\r\n") {
			t.Fatalf("checkNext(%q) = %q", in, out)
		}
	})
}

// TestLoginRateLimited checks the 429 page after too many failed logins.
func TestLoginRateLimited(t *testing.T) {
	e := newCoreEnv(t, func(c *auth.Config) { c.LoginLimit = 2 })
	e.withPassword("erika")
	form := e.get(nil, "/admin/login")
	tok := form.cookie(loginCookie)
	try := func(password string) coreResponse {
		return e.do(nil, http.MethodPost, "/admin/login", url.Values{"csrf": {tok}, "login": {"erika"}, "password": {password}}, loginCookie+"="+tok)
	}
	for i := 0; i < 2; i++ {
		try("falsch-falsch-falsch").want(t, http.StatusUnauthorized)
	}
	r := try(loginPassword)
	r.want(t, http.StatusTooManyRequests, "Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es in 15 Minuten wieder.", `name="password"`)
	if r.cookie(auth.SessionCookie) != "" {
		t.Fatal("signed in despite the limit")
	}
}

// TestFormTooLarge checks that a form over 1 MiB gets the German 413 page
// and changes nothing.
func TestFormTooLarge(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	root := e.instanceAdmin()
	r := e.post(root, "/admin/organizations", url.Values{"id": {"gross"}, "name": {"Groß"}, "description": {strings.Repeat("x", 2<<20)}})
	r.want(t, http.StatusRequestEntityTooLarge, "Die Daten sind zu groß")
	if _, err := e.cat.Organization(context.Background(), "gross"); err == nil {
		t.Fatal("the organisation was stored")
	}
}
