package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/municat/municat/internal/demotest"
	"github.com/municat/municat/server"
)

// TestStrictTransportSecurity is sent only for requests that came over
// TLS: X-Forwarded-Proto counts from a trusted proxy, never from anyone.
func TestStrictTransportSecurity(t *testing.T) {
	cat, idx := demotest.MustLoad(t)
	newApp := func(proxies []string) func(header ...string) string {
		app := server.New(server.Config{
			Catalog: cat, Index: idx, BaseURL: testBaseURL,
			Logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
			TrustedProxies: proxies,
		})
		return func(header ...string) string {
			resp, _ := MustDo(t, app, http.MethodGet, "/healthz", header...)
			return resp.Header.Get("Strict-Transport-Security")
		}
	}
	behindProxy := newApp([]string{"0.0.0.0/32"}) // app.Test connects from 0.0.0.0
	if got := behindProxy("X-Forwarded-Proto", "https"); got != server.StrictTransportSecurity {
		t.Errorf("https through a trusted proxy: HSTS %q, want %q", got, server.StrictTransportSecurity)
	}
	if got := behindProxy("X-Forwarded-Proto", "http"); got != "" {
		t.Errorf("http through a trusted proxy: HSTS %q, want none", got)
	}
	if got := behindProxy(); got != "" {
		t.Errorf("plain http: HSTS %q, want none", got)
	}
	if got := newApp([]string{"192.0.2.1"})("X-Forwarded-Proto", "https"); got != "" {
		t.Errorf("X-Forwarded-Proto from a peer that is not a trusted proxy: HSTS %q, want none", got)
	}
	if got := newApp(nil)("X-Forwarded-Proto", "https"); got != "" {
		t.Errorf("X-Forwarded-Proto without trusted proxies: HSTS %q, want none", got)
	}
}
