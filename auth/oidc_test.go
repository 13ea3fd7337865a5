package auth

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// MustOIDCEnv returns a testEnv whose Service logs in through idp.
func MustOIDCEnv(t *testing.T) (*testEnv, *testIdP) {
	clock := &testClock{now: time.Now().UTC().Truncate(time.Second)}
	idp := newTestIdP(t, clock.Now)
	e := MustEnv(t, func(c *Config) {
		c.Now = clock.Now
		c.OIDC = &OIDCConfig{Issuer: idp.srv.URL, ClientID: idp.client, ClientSecret: idp.secret,
			RedirectURL: "http://municat.test/admin/oidc/callback", Name: "Anmelden mit dem Landesportal"}
	})
	e.clock = clock
	return e, idp
}

// oidcLogin walks the flow: start at municat, sign in at the provider,
// come back to the callback. tamper, if set, changes the callback URL.
func (e *testEnv) oidcLogin(idp *testIdP, next string, tamper func(*url.URL)) *response {
	e.t.Helper()
	start := e.Do(request{method: "GET", path: "/admin/oidc/start?next=" + url.QueryEscape(next)})
	flow := start.cookie(OIDCCookie)
	if start.StatusCode != 303 || flow == nil || !flow.HttpOnly || flow.SameSite != http.SameSiteLaxMode || flow.MaxAge != 600 {
		e.t.Fatalf("start: %d %q cookie %+v", start.StatusCode, start.body, flow)
	}
	authURL := start.Header.Get("Location")
	if !strings.HasPrefix(authURL, idp.srv.URL+"/authorize?") {
		e.t.Fatalf("start redirects to %q", authURL)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(authURL)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode != http.StatusFound || back.Path != "/admin/oidc/callback" {
		e.t.Fatalf("provider answered %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if tamper != nil {
		tamper(back)
	}
	return e.Do(request{method: "GET", path: back.RequestURI(), cookies: []*http.Cookie{flow}})
}

func TestOIDCLogin(t *testing.T) {
	e, idp := MustOIDCEnv(t)
	ctx := context.Background()
	if !e.svc.OIDCEnabled() || e.svc.OIDCName() != "Anmelden mit dem Landesportal" {
		t.Fatal("OIDC not enabled")
	}
	erika := &municat.Account{ID: "erika", Email: "Erika@Musterstadt.de", Memberships: []municat.Membership{member("musterstadt", municat.RoleEditor)}}
	if err := e.svc.CreateAccount(ctx, nil, erika, ""); err != nil {
		t.Fatal(err) // no password: OIDC only
	}

	// First login: the verified e-mail finds the account and links it.
	resp := e.oidcLogin(idp, "/admin/datasets?state=draft", nil)
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/admin/datasets?state=draft" {
		t.Fatalf("callback: %d %q %q", resp.StatusCode, resp.Header.Get("Location"), resp.body)
	}
	session := resp.cookie(SessionCookie)
	if session == nil || !session.HttpOnly {
		t.Fatalf("no session cookie: %+v", resp.Cookies())
	}
	if c := resp.cookie(OIDCCookie); c == nil || c.Value != "" {
		t.Errorf("flow cookie not cleared: %+v", c)
	}
	expect(t, "signed in", e.Do(request{method: "GET", path: "/admin/", cookies: []*http.Cookie{session}}), 200, "account:erika")
	stored, _ := e.cat.Account(ctx, "erika")
	if want := idp.srv.URL + "|u-4711"; stored.OIDCSubject != want {
		t.Fatalf("subject = %q, want %q", stored.OIDCSubject, want)
	}
	if au := e.lastAudit("login"); !strings.Contains(au.Summary, "OpenID Connect") || au.Actor != "account:erika" {
		t.Errorf("audit %+v", au)
	}

	// Later logins go by the subject, even when the e-mail changed and is
	// not verified.
	idp.set(func(p *testIdP) { p.email, p.verified = "neu@example.org", false })
	resp = e.oidcLogin(idp, "https://boese.example/", nil)
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/admin/" {
		t.Fatalf("by subject: %d %q (a foreign next must not be followed)", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestOIDCRefusals(t *testing.T) {
	e, idp := MustOIDCEnv(t)
	ctx := context.Background()
	for _, a := range []*municat.Account{
		{ID: "erika", Email: "erika@musterstadt.de"},
		{ID: "verknuepft", Email: "otto@musterstadt.de", OIDCSubject: "https://anderer.example|x"},
	} {
		if err := e.svc.CreateAccount(ctx, nil, a, ""); err != nil {
			t.Fatal(err)
		}
	}
	noAccess := "Für dieses Konto gibt es keinen Zugang"

	// Unknown person.
	idp.set(func(p *testIdP) { p.subject, p.email = "u-1", "niemand@example.org" })
	expect(t, "unknown account", e.oidcLogin(idp, "", nil), 403, noAccess)
	// The e-mail matches, but the provider does not vouch for it.
	idp.set(func(p *testIdP) { p.email, p.verified = "erika@musterstadt.de", false })
	expect(t, "unverified e-mail", e.oidcLogin(idp, "", nil), 403, noAccess)
	idp.set(func(p *testIdP) { p.verified = nil })
	expect(t, "no email_verified claim", e.oidcLogin(idp, "", nil), 403, noAccess)
	// An account linked to another identity is not taken over by e-mail.
	idp.set(func(p *testIdP) { p.email, p.verified = "otto@musterstadt.de", "true" })
	expect(t, "linked elsewhere", e.oidcLogin(idp, "", nil), 403, noAccess)
	if au := e.lastAudit("login.failed"); !strings.Contains(au.Actor, "|u-1") {
		t.Errorf("audit %+v", au)
	}

	// Wrong nonce in the ID token.
	idp.set(func(p *testIdP) { p.email, p.verified, p.nonce = "erika@musterstadt.de", true, "fremde-nonce" })
	expect(t, "wrong nonce", e.oidcLogin(idp, "", nil), 401, "Die Anmeldebestätigung des Identitätsanbieters ist ungültig.")
	idp.set(func(p *testIdP) { p.nonce = "" })
	// State that does not belong to the flow cookie.
	expect(t, "wrong state", e.oidcLogin(idp, "", func(u *url.URL) {
		q := u.Query()
		q.Set("state", "gefaelscht")
		u.RawQuery = q.Encode()
	}), 401, "gehört nicht zu dieser Anmeldung")
	// A code the provider does not know (PKCE or code forged).
	expect(t, "wrong code", e.oidcLogin(idp, "", func(u *url.URL) {
		q := u.Query()
		q.Set("code", "erfunden")
		u.RawQuery = q.Encode()
	}), 401, "hat den Anmeldecode nicht angenommen")
	// The provider reports an error.
	expect(t, "provider error", e.oidcLogin(idp, "", func(u *url.URL) { u.RawQuery = "error=access_denied&error_description=<b>x</b>" }), 401,
		"Der Identitätsanbieter hat die Anmeldung abgelehnt (access_denied).")
	// Without or with a forged flow cookie.
	expect(t, "no flow cookie", e.Do(request{method: "GET", path: "/admin/oidc/callback?code=x&state=y"}), 401, "zu lange gedauert")
	start := e.Do(request{method: "GET", path: "/admin/oidc/start"})
	flow := start.cookie(OIDCCookie)
	forged := *flow
	forged.Value = flow.Value[:len(flow.Value)-2] + "AA"
	expect(t, "forged flow cookie", e.Do(request{method: "GET", path: "/admin/oidc/callback?code=x&state=y", cookies: []*http.Cookie{&forged}}), 401, "zu lange gedauert")
	// An expired flow cookie.
	e.clock.Add(11 * time.Minute)
	expect(t, "expired flow cookie", e.Do(request{method: "GET", path: "/admin/oidc/callback?code=x&state=y", cookies: []*http.Cookie{flow}}), 401, "zu lange gedauert")
	e.clock.Add(-11 * time.Minute)

	// Still none of these signed anybody in; the right flow does.
	resp := e.oidcLogin(idp, "", nil)
	if resp.StatusCode != 303 || resp.cookie(SessionCookie) == nil {
		t.Fatalf("valid flow: %d %q", resp.StatusCode, resp.body)
	}
	// A disabled account is refused.
	a, _ := e.cat.Account(ctx, "erika")
	a.Disabled = true
	if err := e.svc.UpdateAccount(ctx, nil, a); err != nil {
		t.Fatal(err)
	}
	expect(t, "disabled", e.oidcLogin(idp, "", nil), 403, "Dieses Konto ist gesperrt.")
}

func TestOIDCDisabled(t *testing.T) {
	e := MustEnv(t, nil)
	if e.svc.OIDCEnabled() || e.svc.OIDCName() != "" {
		t.Fatal("OIDC enabled without config")
	}
	expect(t, "start", e.Do(request{method: "GET", path: "/admin/oidc/start"}), 404, "nicht eingerichtet")
	expect(t, "callback", e.Do(request{method: "GET", path: "/admin/oidc/callback"}), 404, "nicht eingerichtet")
	// Discovery failure is an error of New.
	_, err := New(context.Background(), Config{Catalog: e.cat, OIDC: &OIDCConfig{Issuer: "http://127.0.0.1:1", ClientID: "x", RedirectURL: "http://x/cb"}})
	if err == nil || !strings.Contains(err.Error(), "OIDC discovery") {
		t.Fatalf("New with unreachable issuer: %v", err)
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/admin/":             "/admin/",
		"/admin/x?y=1#z":      "/admin/x?y=1#z",
		"":                    "",
		"//boese.example/":    "",
		"/\\boese.example/":   "",
		"https://boese.de/":   "",
		"admin":               "",
		"/admin/\r\nSet-X: y": "",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzOpenFlowCookie(f *testing.F) {
	o := &oidcClient{cookieKey: []byte("0123456789abcdef0123456789abcdef")}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	good := o.sign(&flowState{State: "s", Nonce: "n", Verifier: "v", Next: "/admin/", Expires: now.Add(time.Minute).Unix()})
	f.Add(good)
	f.Add("")
	f.Add("e30.")
	f.Add(good[:len(good)-1])
	f.Fuzz(func(t *testing.T, cookie string) {
		fl, ok := o.open(cookie, now)
		if !ok {
			return
		}
		// Only cookies signed with the key open: re-signing gives the same
		// signature.
		payload, sig, _ := strings.Cut(cookie, ".")
		if base64.RawURLEncoding.EncodeToString(o.mac(payload)) != sig || fl.State == "" || fl.Nonce == "" || fl.Verifier == "" {
			t.Fatalf("opened %q: %+v", cookie, fl)
		}
	})
}

func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/admin/", "//x", "/\\x", "https://x", "/a\r\nb", "/ä"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got == "" {
			return
		}
		u, err := url.Parse(got)
		if got != next || err == nil && (u.Host != "" || u.Scheme != "") || strings.HasPrefix(got, "//") || strings.ContainsAny(got, "\\\r\n") {
			t.Fatalf("safeNext(%q) = %q", next, got)
		}
	})
}
