package auth

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/municat/municat"
)

// TestTokenGuessesAreLimited: after TokenFailureLimit unknown or malformed
// tokens from one IP within the window, even a valid token from it gets
// 429 with Retry-After, without a look-up; revoked tokens do not count;
// the window passing opens it again.
func TestTokenGuessesAreLimited(t *testing.T) {
	e := MustEnv(t, nil)
	valid, _ := e.MustToken("musterstadt", municat.RoleEditor, 0)
	revoked, tok := e.MustToken("musterstadt", municat.RoleEditor, 0)
	if _, err := e.svc.RevokeToken(t.Context(), nil, tok.ID); err != nil {
		t.Fatal(err)
	}
	whoami := func(secret string) *response {
		return e.Do(request{method: "GET", path: "/api/v1/whoami", header: bearer(secret)})
	}
	for range 2 * TokenFailureLimit {
		expect(t, "revoked token", whoami(revoked), http.StatusUnauthorized, "widerrufen")
	}
	unknown := municat.TokenPrefix + strings.Repeat("A", 43)
	for i := range TokenFailureLimit {
		secret := unknown
		if i%2 == 1 {
			secret = "mct_kaputt"
		}
		if r := whoami(secret); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d %q, want 401", i+1, r.StatusCode, r.body)
		}
	}
	for _, secret := range []string{unknown, valid} {
		r := whoami(secret)
		expect(t, "beyond the limit", r, http.StatusTooManyRequests, "Zu viele ungültige API-Tokens")
		if !strings.Contains(r.body, "Too many invalid API tokens") {
			t.Errorf("message %q has no English part", r.body)
		}
		if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 || s > 60 {
			t.Errorf("Retry-After %q, want 1..60 seconds", r.Header.Get("Retry-After"))
		}
	}
	// Cookie sessions and anonymous requests are not affected.
	expect(t, "anonymous", e.Do(request{method: "GET", path: "/oeffentlich"}), http.StatusOK, "")

	e.clock.Add(TokenFailureWindow + time.Second)
	expect(t, "after the window", whoami(valid), http.StatusOK, "token:")
}

// TestTokenLimitIsPerClient: behind a trusted proxy, each client address
// has its own budget.
func TestTokenLimitIsPerClient(t *testing.T) {
	e := MustEnv(t, nil)
	valid, _ := e.MustToken("musterstadt", municat.RoleEditor, 0)
	app := fiber.New(fiber.Config{
		ErrorHandler: testErrorHandler, EnableTrustedProxyCheck: true, TrustedProxies: []string{"0.0.0.0"},
		ProxyHeader: fiber.HeaderXForwardedFor,
	})
	app.Use(e.svc.Middleware())
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString("ok") })
	do := func(client, secret string) int {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		req.Header.Set("X-Forwarded-For", client)
		resp, err := app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for range TokenFailureLimit {
		do("198.51.100.1", "mct_kaputt")
	}
	if got := do("198.51.100.1", valid); got != http.StatusTooManyRequests {
		t.Errorf("the guessing client: %d, want 429", got)
	}
	if got := do("198.51.100.2", valid); got != http.StatusOK {
		t.Errorf("another client: %d, want 200", got)
	}
}
