package main

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat/server"
)

// TestSecurityHeadersEverywhere: every kind of answer of the whole app —
// HTML pages, search, JSON, RDF, health, problems, 404s, static files, the
// administration — carries the security headers; HTML pages their own
// strict policy, everything else server.ContentSecurityPolicy. HSTS comes
// with X-Forwarded-Proto: https from the trusted proxy only.
func TestSecurityHeadersEverywhere(t *testing.T) {
	dir := t.TempDir()
	config := mustWriteFile(t, dir, "municat.yaml", "api:\n  trusted_proxies: [\"127.0.0.1\"]\n")
	base := startServe(t, env{"MUNICAT_DATA_DIR": t.TempDir()}, 90*time.Second, "--demo", "--config", config).base

	get := func(path, accept string, header ...string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	_, home := get("/", "text/html")
	style := regexp.MustCompile(`/static/[^"]+\.css`).FindString(home)
	if style == "" {
		t.Fatal("the home page links no style sheet")
	}
	const html = "text/html"
	for _, tc := range []struct {
		path, accept string
		status       int
		html         bool
	}{
		{"/", html, 200, true},
		{"/dataset?q=baum", html, 200, true},
		{"/dataset/waermeplanung", html, 200, true},
		{"/dataset/waermeplanung", "text/turtle", 200, false},
		{"/api/v1/datasets?q=baum", "", 200, false},
		{"/api/v1/datasets/waermeplanung", "", 200, false},
		{"/api/v1/datasets/gibt-es-nicht", "", 404, false},
		{"/catalog.ttl", "", 200, false},
		{"/healthz", "", 200, false},
		{"/gibt/es/nicht", "", 404, false},
		{"/gibt/es/nicht", html, 404, true},
		{style, "", 200, false},
		{"/admin/login", html, 200, true},
	} {
		resp, _ := get(tc.path, tc.accept)
		name := "GET " + tc.path + " (" + tc.accept + ")"
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", name, resp.StatusCode, tc.status)
		}
		isHTML := strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html")
		if isHTML != tc.html {
			t.Errorf("%s: Content-Type %q, want HTML %v", name, resp.Header.Get("Content-Type"), tc.html)
		}
		for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": server.ReferrerPolicy, "X-Frame-Options": "DENY"} {
			if got := resp.Header.Get(h); got != want {
				t.Errorf("%s: %s = %q, want %q", name, h, got, want)
			}
		}
		csp := resp.Header.Get("Content-Security-Policy")
		switch {
		case !tc.html && csp != server.ContentSecurityPolicy:
			t.Errorf("%s: CSP %q, want %q", name, csp, server.ContentSecurityPolicy)
		case tc.html && (!strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline")):
			t.Errorf("%s: CSP %q, want the strict page policy", name, csp)
		}
		if hsts := resp.Header.Get("Strict-Transport-Security"); hsts != "" {
			t.Errorf("%s over plain http: Strict-Transport-Security %q, want none", name, hsts)
		}
	}
	for _, path := range []string{"/", "/api/v1/datasets", "/gibt/es/nicht"} {
		resp, _ := get(path, "", "X-Forwarded-Proto", "https")
		if got := resp.Header.Get("Strict-Transport-Security"); got != server.StrictTransportSecurity {
			t.Errorf("GET %s via the trusted proxy over https: HSTS %q, want %q", path, got, server.StrictTransportSecurity)
		}
	}
}
