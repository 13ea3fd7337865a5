package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/municat/municat"
)

// login posts the login form and returns the response.
func (e *testEnv) login(id, password string, cookies ...*http.Cookie) *response {
	e.t.Helper()
	return e.Do(request{method: "POST", path: "/admin/login", form: url.Values{"login": {id}, "password": {password}}, cookies: cookies})
}

// MustLogin signs in and returns the session cookie and CSRF token.
func (e *testEnv) MustLogin(id string) (*http.Cookie, string) {
	e.t.Helper()
	resp := e.login(id, testPassword)
	c := resp.cookie(SessionCookie)
	if resp.StatusCode != 303 || c == nil {
		e.t.Fatalf("login %s: %d %q", id, resp.StatusCode, resp.body)
	}
	who := e.Do(request{method: "GET", path: "/admin/", cookies: []*http.Cookie{c}})
	_, csrf, _ := strings.Cut(who.body, "csrf=")
	return c, csrf
}

func TestLoginSetsCookie(t *testing.T) {
	for _, secure := range []bool{false, true} {
		e := MustEnv(t, func(c *Config) { c.SecureCookies = secure; c.CookiePath = "/admin" })
		e.MustAccount("erika", false, municat.Membership{Organization: "musterstadt", Role: municat.RoleEditor})
		resp := e.login(" Erika ", testPassword)
		c := resp.cookie(SessionCookie)
		if resp.StatusCode != 303 || c == nil {
			t.Fatalf("login: %d %q", resp.StatusCode, resp.body)
		}
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure != secure || c.Path != "/admin" {
			t.Errorf("secure=%v: cookie %+v", secure, c)
		}
		if want := e.clock.Now().Add(8 * time.Hour); !c.Expires.Equal(want) {
			t.Errorf("cookie expires %v, want %v", c.Expires, want)
		}
		if len(c.Value) != 43 {
			t.Errorf("cookie value %q, want 43 base64url characters", c.Value)
		}
		sess, err := e.cat.Session(context.Background(), hashSecret(c.Value))
		if err != nil || sess.Account != "erika" || len(sess.CSRF) != 43 {
			t.Fatalf("stored session %+v, %v", sess, err)
		}
		who := e.Do(request{method: "GET", path: "/admin/", cookies: []*http.Cookie{c}})
		expect(t, "signed in", who, 200, "account:erika csrf="+sess.CSRF)
		if a := e.lastAudit("login"); a.Actor != "account:erika" || a.ActorName != "Person erika" {
			t.Errorf("audit %+v", a)
		}
	}
}

func TestLoginFailuresAndRateLimit(t *testing.T) {
	e := MustEnv(t, nil)
	e.MustAccount("erika", false, municat.Membership{Organization: "musterstadt", Role: municat.RoleEditor})
	for i := range 5 {
		e.clock.Add(time.Minute)
		resp := e.login("erika", "falsches Passwort "+string(rune('a'+i)))
		expect(t, "wrong password", resp, 401, "Anmeldename oder Passwort ist falsch.")
		if resp.cookie(SessionCookie) != nil {
			t.Fatal("failed login set a session cookie")
		}
	}
	// The 6th attempt, 5 minutes after the first failure, is refused even
	// with the right password until the first failure is 15 minutes old.
	resp := e.login("erika", testPassword)
	expect(t, "limit reached", resp, 429, "Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es in 11 Minuten wieder.")
	if resp.Header.Get("Retry-After") != "660" {
		t.Errorf("Retry-After = %q, want 660", resp.Header.Get("Retry-After"))
	}
	e.clock.Add(11*time.Minute - time.Second)
	expect(t, "one second before", e.login("erika", testPassword), 429, "in 1 Minute wieder.")
	e.clock.Add(time.Second)
	expect(t, "window passed", e.login("erika", testPassword), 303, "")

	// Failures are audited with the login name given, never the password.
	failed := e.lastAudit("login.failed")
	if failed.Actor != "erika" || !strings.Contains(failed.Summary, "0.0.0.0") {
		t.Errorf("audit %+v", failed)
	}
	err := filepath.Walk(e.dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, _ := os.ReadFile(path)
		if strings.Contains(string(b), "falsches Passwort") || strings.Contains(string(b), testPassword) {
			t.Errorf("%s contains a password", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLoginLimitPerIP: failures with many login names from one client IP
// hit the limit too; unknown names get the same answer as wrong passwords.
func TestLoginLimitPerIP(t *testing.T) {
	e := MustEnv(t, func(c *Config) { c.LoginLimit = 3; c.LoginWindow = time.Minute })
	e.MustAccount("erika", false)
	for _, name := range []string{"anna", "bernd", "carla"} {
		expect(t, "unknown "+name, e.login(name, testPassword), 401, "Anmeldename oder Passwort ist falsch.")
	}
	expect(t, "per IP", e.login("erika", testPassword), 429, "in 1 Minute wieder")
	if a := e.lastAudit("login.failed"); a.Actor == "" {
		t.Errorf("audit %+v", a)
	}
}

func TestLoginDisabledAndPasswordless(t *testing.T) {
	e := MustEnv(t, nil)
	ctx := context.Background()
	a := e.MustAccount("erika", false, municat.Membership{Organization: "musterstadt", Role: municat.RoleEditor})
	cookie, _ := e.MustLogin("erika")
	a.Disabled = true
	if err := e.svc.UpdateAccount(ctx, nil, a); err != nil {
		t.Fatal(err)
	}
	// The cached session is dropped at once in this process.
	expect(t, "disabled: session ends", e.Do(request{method: "GET", path: "/admin/", cookies: []*http.Cookie{cookie}}), 401, "Bitte melden Sie sich an.")
	expect(t, "disabled: login", e.login("erika", testPassword), 403, "Dieses Konto ist gesperrt.")
	expect(t, "disabled: wrong password", e.login("erika", "falsch falsch falsch"), 401, "Anmeldename oder Passwort ist falsch.")

	// An account without password (OIDC only) cannot log in with one.
	b := &municat.Account{ID: "ohne", Memberships: a.Memberships}
	b.PasswordHash = ""
	if err := e.cat.PutAccount(ctx, b); err != nil {
		t.Fatal(err)
	}
	expect(t, "no password", e.login("ohne", ""), 401, "Anmeldename oder Passwort ist falsch.")
}

// TestSessionCacheAndExpiry: another process disabling the account (a
// direct store write) ends the session within 30 s; sessions end after
// SessionTTL.
func TestSessionCacheAndExpiry(t *testing.T) {
	e := MustEnv(t, func(c *Config) { c.SessionTTL = time.Hour })
	ctx := context.Background()
	a := e.MustAccount("erika", false)
	cookie, _ := e.MustLogin("erika")
	a.Disabled = true
	if err := e.cat.PutAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	who := func() *response {
		return e.Do(request{method: "GET", path: "/admin/", cookies: []*http.Cookie{cookie}})
	}
	e.clock.Add(29 * time.Second)
	expect(t, "cached", who(), 200, "account:erika")
	e.clock.Add(time.Second)
	expect(t, "re-read", who(), 401, "Bitte melden Sie sich an.")
	if _, err := e.cat.Session(ctx, hashSecret(cookie.Value)); !errors.Is(err, municat.ErrNotFound) {
		t.Errorf("session of disabled account still stored: %v", err)
	}

	a.Disabled = false
	if err := e.cat.PutAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	cookie, _ = e.MustLogin("erika")
	e.clock.Add(time.Hour - time.Second)
	expect(t, "before expiry", who(), 200, "account:erika")
	e.clock.Add(time.Second)
	resp := who()
	expect(t, "expired", resp, 401, "Bitte melden Sie sich an.")
	if c := resp.cookie(SessionCookie); c == nil || c.Value != "" {
		t.Errorf("expired session cookie not cleared: %+v", c)
	}
	n, err := e.svc.PurgeSessions(ctx)
	if err != nil || n != 0 {
		t.Errorf("purge after lookup ended it: %d, %v", n, err)
	}
}

func TestPurgeSessions(t *testing.T) {
	e := MustEnv(t, func(c *Config) { c.SessionTTL = time.Hour })
	e.MustAccount("erika", false)
	e.MustLogin("erika")
	e.MustLogin("erika")
	e.clock.Add(2 * time.Hour)
	n, err := e.svc.PurgeSessions(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("purged %d, %v; want 2", n, err)
	}
}

func TestSessionFixation(t *testing.T) {
	e := MustEnv(t, nil)
	e.MustAccount("erika", false)
	first, csrf1 := e.MustLogin("erika")
	// Logging in again with the old cookie gives a new id and ends the old
	// session. (Signed in, the login form needs the CSRF token too.)
	expect(t, "login form without CSRF while signed in", e.login("erika", testPassword, first), 403, "Das Formular ist abgelaufen.")
	resp := e.Do(request{method: "POST", path: "/admin/login", cookies: []*http.Cookie{first},
		form: url.Values{"login": {"erika"}, "password": {testPassword}, "csrf": {csrf1}}})
	second := resp.cookie(SessionCookie)
	if second == nil || second.Value == first.Value {
		t.Fatalf("second login kept the session id")
	}
	expect(t, "old session", e.Do(request{method: "GET", path: "/admin/", cookies: []*http.Cookie{first}}), 401, "")
	who := e.Do(request{method: "GET", path: "/admin/", cookies: []*http.Cookie{second}})
	expect(t, "new session", who, 200, "account:erika")
	if strings.Contains(who.body, csrf1) {
		t.Error("new session kept the CSRF token")
	}
	// A cookie planted before login (unknown to the store) is replaced too.
	planted := &http.Cookie{Name: SessionCookie, Value: "angreifer-gesetzt"}
	if c := e.login("erika", testPassword, planted).cookie(SessionCookie); c == nil || c.Value == planted.Value {
		t.Fatal("planted cookie kept")
	}
}

func TestLogout(t *testing.T) {
	e := MustEnv(t, nil)
	e.MustAccount("erika", false)
	cookie, csrf := e.MustLogin("erika")
	resp := e.Do(request{method: "POST", path: "/admin/logout", form: url.Values{"csrf": {csrf}}, cookies: []*http.Cookie{cookie}})
	if resp.StatusCode != 303 {
		t.Fatalf("logout: %d %q", resp.StatusCode, resp.body)
	}
	if c := resp.cookie(SessionCookie); c == nil || c.Value != "" || c.MaxAge >= 0 && c.Expires.After(e.clock.Now()) {
		t.Fatalf("cookie not cleared: %+v", c)
	}
	if _, err := e.cat.Session(context.Background(), hashSecret(cookie.Value)); !errors.Is(err, municat.ErrNotFound) {
		t.Fatalf("session record still there: %v", err)
	}
	expect(t, "after logout", e.Do(request{method: "GET", path: "/admin/", cookies: []*http.Cookie{cookie}}), 401, "Bitte melden Sie sich an.")
	if a := e.lastAudit("logout"); a.Actor != "account:erika" {
		t.Errorf("audit %+v", a)
	}
	// Logging out without a session is fine.
	if resp := e.Do(request{method: "POST", path: "/admin/logout"}); resp.StatusCode != 303 {
		t.Fatalf("anonymous logout: %d", resp.StatusCode)
	}
}

// BenchmarkLogin compares the time of a failed login for an unknown name
// and for a wrong password: they must not tell which accounts exist.
func BenchmarkLogin(b *testing.B) {
	e := MustEnv(b, func(c *Config) { c.LoginLimit = 1 << 30 })
	e.MustAccount("erika", false)
	for _, bc := range []struct{ name, login, password string }{
		{"unknown", "niemand", "falsches Passwort"},
		{"wrong-password", "erika", "falsches Passwort"},
		{"right-password", "erika", testPassword},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				e.login(bc.login, bc.password)
			}
		})
	}
}

// TestLoginLimitParallel: attempts sent at once cannot pass the limit while
// their passwords are being checked.
func TestLoginLimitParallel(t *testing.T) {
	e := MustEnv(t, nil)
	e.MustAccount("erika", false)
	const n = 20
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := httptest.NewRequest("POST", "/admin/login", strings.NewReader(url.Values{"login": {"erika"}, "password": {fmt.Sprint("falsch ", i)}}.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := e.app.Test(r, -1)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if count[401] != DefaultLoginLimit || count[429] != n-DefaultLoginLimit {
		t.Fatalf("statuses %v, want %d × 401 and the rest 429", count, DefaultLoginLimit)
	}
}
