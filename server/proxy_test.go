package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/municat/municat/internal/demotest"
	"github.com/municat/municat/server"
)

// TestTrustedProxyNamesTheClient: behind a configured proxy, the budget is
// the client's in X-Forwarded-For; without one, the header is ignored, so
// a client cannot buy a fresh budget by inventing addresses.
func TestTrustedProxyNamesTheClient(t *testing.T) {
	cat, idx := demotest.MustLoad(t)
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	newApp := func(proxies []string) func(forwardedFor string) int {
		app := server.New(server.Config{
			Catalog: cat, Index: idx, BaseURL: testBaseURL,
			Logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
			RateLimit:      server.RateLimitConfig{Reads: 2, Clock: func() time.Time { return now }},
			TrustedProxies: proxies,
		})
		return func(forwardedFor string) int {
			resp, _ := MustDo(t, app, http.MethodGet, "/api/v1/organizations", "X-Forwarded-For", forwardedFor)
			return resp.StatusCode
		}
	}
	// app.Test connects from 0.0.0.0.
	behindProxy := newApp([]string{"0.0.0.0/32"})
	for _, client := range []string{"198.51.100.1", "198.51.100.2"} {
		for i := range 2 {
			if got := behindProxy(client); got != http.StatusOK {
				t.Fatalf("request %d of %s behind the proxy: %d, want 200 (own budget)", i+1, client, got)
			}
		}
		if got := behindProxy(client); got != http.StatusTooManyRequests {
			t.Fatalf("third request of %s: %d, want 429", client, got)
		}
	}
	direct := newApp(nil)
	codes := []int{direct("198.51.100.1"), direct("198.51.100.2"), direct("198.51.100.3")}
	if codes[0] != http.StatusOK || codes[1] != http.StatusOK || codes[2] != http.StatusTooManyRequests {
		t.Fatalf("without a trusted proxy X-Forwarded-For must not split the budget: %v", codes)
	}
}
