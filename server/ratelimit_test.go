package server_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/municat/municat/server"
)

// fakeClock is a clock the test moves on.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestRateLimit(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	clock := &fakeClock{t: time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)}
	app := server.New(server.Config{
		Catalog: e.catalog, Index: e.index, BaseURL: testBaseURL, Auth: e.auth,
		RateLimit: server.RateLimitConfig{Reads: 3, Writes: 1, Clock: clock.Now},
	})
	type limits struct{ limit, remaining, reset, policy string }
	get := func(resp *http.Response) limits {
		return limits{resp.Header.Get("RateLimit-Limit"), resp.Header.Get("RateLimit-Remaining"), resp.Header.Get("RateLimit-Reset"), resp.Header.Get("RateLimit-Policy")}
	}
	const target = "/api/v1/organizations"
	for i, want := range []limits{{"3", "2", "20", "3;w=60"}, {"3", "1", "40", "3;w=60"}, {"3", "0", "60", "3;w=60"}} {
		resp, _ := MustDo(t, app, http.MethodGet, target)
		if resp.StatusCode != http.StatusOK || get(resp) != want {
			t.Fatalf("request %d: %d %+v, want 200 %+v", i+1, resp.StatusCode, get(resp), want)
		}
	}

	resp, body := MustDo(t, app, http.MethodGet, target)
	var p server.Problem
	MustOK(t, json.Unmarshal(body, &p))
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Content-Type") != server.ProblemContentType ||
		p.Status != http.StatusTooManyRequests || p.Title == "" {
		t.Fatalf("over the budget: %d %s", resp.StatusCode, body)
	}
	if resp.Header.Get("Retry-After") != "20" || !strings.Contains(p.Detail, "20 Sekunden") || !strings.Contains(p.Detail, "3 lesende Anfragen pro Minute") {
		t.Fatalf("over the budget: Retry-After %q, detail %q", resp.Header.Get("Retry-After"), p.Detail)
	}
	if get(resp) != (limits{"3", "0", "60", "3;w=60"}) || resp.Header.Get("Access-Control-Allow-Origin") != "*" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("429 headers: %v", resp.Header)
	}

	// CKAN clients send reads as POST: they count as reads.
	resp, body = MustDo(t, app, http.MethodPost, "/api/3/action/package_list", "Content-Type", "application/json")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("RateLimit-Policy") != "3;w=60" || !strings.Contains(string(body), "lesende") {
		t.Fatalf("CKAN POST over the read budget: %d %+v %s", resp.StatusCode, get(resp), body)
	}

	// Other clients have budgets of their own: each token, and writes.
	bearer := "Bearer " + e.tokens["a-admin"]
	resp, _ = MustDo(t, app, http.MethodGet, "/api/v1/tokens", "Authorization", bearer)
	if resp.StatusCode != http.StatusOK || get(resp).remaining != "2" {
		t.Fatalf("token's first read: %d %+v", resp.StatusCode, get(resp))
	}
	for i, want := range []int{http.StatusBadRequest, http.StatusTooManyRequests} {
		resp, body := MustDo(t, app, http.MethodPost, "/api/v1/tokens", "Authorization", bearer, "Content-Type", "application/json")
		if resp.StatusCode != want || resp.Header.Get("RateLimit-Policy") != "1;w=60" {
			t.Fatalf("write %d: %d %+v, want %d; %s", i+1, resp.StatusCode, get(resp), want, body)
		}
		if want == http.StatusTooManyRequests && (resp.Header.Get("Retry-After") != "60" || !strings.Contains(string(body), "schreibende")) {
			t.Fatalf("refused write: Retry-After %q, %s", resp.Header.Get("Retry-After"), body)
		}
	}
	// Health checks are not limited.
	for range 5 {
		if resp, _ := MustDo(t, app, http.MethodGet, "/healthz"); resp.StatusCode != http.StatusOK || resp.Header.Get("RateLimit-Limit") != "" {
			t.Fatalf("/healthz: %d %v", resp.StatusCode, resp.Header)
		}
	}

	// After Retry-After one request is allowed again, after Reset the
	// whole budget.
	clock.Advance(19 * time.Second)
	if resp, _ := MustDo(t, app, http.MethodGet, target); resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "1" {
		t.Fatalf("a second early: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	clock.Advance(time.Second)
	resp, _ = MustDo(t, app, http.MethodGet, target)
	if resp.StatusCode != http.StatusOK || get(resp).remaining != "0" {
		t.Fatalf("after Retry-After: %d %+v", resp.StatusCode, get(resp))
	}
	reset, err := strconv.Atoi(get(resp).reset)
	MustOK(t, err)
	clock.Advance(time.Duration(reset) * time.Second)
	resp, _ = MustDo(t, app, http.MethodGet, target)
	if resp.StatusCode != http.StatusOK || get(resp).remaining != "2" {
		t.Fatalf("after RateLimit-Reset: %d %+v, want a full budget less this request", resp.StatusCode, get(resp))
	}
}

func TestRateLimitOff(t *testing.T) {
	e := MustEnv(t, nil)
	app := server.New(server.Config{Catalog: e.catalog, Index: e.index, BaseURL: testBaseURL,
		RateLimit: server.RateLimitConfig{Reads: -1}})
	for range 5 {
		if resp, _ := MustDo(t, app, http.MethodGet, "/api/v1/organizations"); resp.StatusCode != http.StatusOK || resp.Header.Get("RateLimit-Limit") != "" {
			t.Fatalf("%d %v", resp.StatusCode, resp.Header)
		}
	}
	if resp, _ := MustDo(t, e.app, http.MethodGet, "/api/v1/organizations"); resp.Header.Get("RateLimit-Limit") != strconv.Itoa(server.DefaultReadsPerMinute) {
		t.Fatalf("default budget: RateLimit-Limit %q", resp.Header.Get("RateLimit-Limit"))
	}
}
