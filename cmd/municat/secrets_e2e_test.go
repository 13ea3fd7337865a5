package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/ckantest"
	"github.com/municat/municat/internal/miniotest"
)

// fakeIssuer serves an OpenID Connect discovery document, enough for
// `serve` to start with OIDC configured.
func fakeIssuer(t *testing.T) string {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/openid-configuration" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer": srv.URL, "authorization_endpoint": srv.URL + "/auth", "token_endpoint": srv.URL + "/token",
			"jwks_uri": srv.URL + "/keys", "id_token_signing_alg_values_supported": []string{"RS256"},
		})
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestSecretsNeverInLogs runs a harvest, a sign-in, token-authenticated
// writes (a run, a new token) and a failing run with its notices at log
// level debug, with an S3 secret key, an SMTP password, an OIDC client
// secret, a webhook secret, a password in the source URL, bearer tokens and
// an account password in play, and finds none of them in any log.
func TestSecretsNeverInLogs(t *testing.T) {
	s3 := miniotest.Start(t)
	ckan := ckantest.New(t)
	ckan.SetMaxRows(2)
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.Copy(io.Discard, r.Body) }))
	t.Cleanup(hooks.Close)
	const (
		smtpPassword  = "smtp-Geheimnis-4711"
		oidcSecret    = "oidc-Geheimnis-0815"
		urlPassword   = "url-Geheimnis-1234"
		optionSecret  = "option-Geheimnis-42"
		hookSecret    = "hook-Geheimnis-99"
		adminPassword = "Passwort-für-die-Verwaltung-2026"
	)
	src, _ := url.Parse(ckan.URL)
	src.User = url.UserPassword("harvest", urlPassword)
	dir := t.TempDir()
	config := mustWriteFile(t, dir, "municat.yaml", fmt.Sprintf(`
organizations:
  - id: testland
    name: Testland
sources:
  - id: ckan-test
    type: ckan
    url: %s
    organization: testland
    options:
      api_key: %s
    notify:
      webhook: %s
      secret: %s
      email: ["daten@testland.example"]
admin:
  oidc:
    issuer: %s
    client_id: municat
harvest:
  smtp:
    host: 127.0.0.1
    port: 1
    username: municat
    password: %s
    from: municat <municat@testland.example>
    timeout: 2s
`, src, optionSecret, hooks.URL+"/hook", hookSecret, fakeIssuer(t), smtpPassword))
	e := env{
		"MUNICAT_DATA_DIR": t.TempDir(), "MUNICAT_LOG_LEVEL": "debug",
		"MUNICAT_STORE_TYPE": "s3", "MUNICAT_S3_ENDPOINT": s3.Endpoint, "MUNICAT_S3_BUCKET": s3.Bucket,
		"MUNICAT_S3_ACCESS_KEY": s3.AccessKey, "MUNICAT_S3_SECRET_KEY": s3.SecretKey,
		"MUNICAT_OIDC_CLIENT_SECRET": oidcSecret,
	}
	var logs strings.Builder

	// A harvest from the command line.
	s, r := mustHarvest(t, e, config, "ckan-test")
	logs.WriteString(r.stderr)
	if r.code != 0 || s.Status != municat.RunSucceeded || s.Added == 0 {
		t.Fatalf("harvest: exit %d, %+v\n%s", r.code, s, r.stderr)
	}
	// An account and a token.
	stdin = strings.NewReader(adminPassword + "\n")
	t.Cleanup(func() { stdin = os.Stdin })
	r = mustRun(t, e, "account", "create", "--config", config, "--id", "erika", "--name", "Erika Muster", "--org", "testland", "--role", "admin")
	logs.WriteString(r.stderr)
	if r.code != 0 {
		t.Fatalf("account create: exit %d\n%s", r.code, r.stderr)
	}
	r = mustRun(t, e, "token", "create", "--config", config, "--org", "testland", "--role", "admin", "--name", "Fachverfahren")
	logs.WriteString(r.stderr)
	token := r.lastLine()
	if r.code != 0 || !strings.HasPrefix(token, municat.TokenPrefix) {
		t.Fatalf("token create: exit %d, %q\n%s", r.code, token, r.stderr)
	}

	srv := startServe(t, e, 90*time.Second, "--config", config)
	do := func(method, path, bearer, body string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(method, srv.base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+bearer)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	// Token-authenticated writes: a new token (whose secret must not be
	// logged either), a run that fails at the source (notices by webhook and
	// by mail to a dead server), and a guessed token.
	resp, body := do(http.MethodPost, "/api/v1/tokens", token, `{"organization":"testland","role":"editor","name":"Zweites"}`)
	var created struct {
		Secret string `json:"secret"`
	}
	if err := json.Unmarshal([]byte(body), &created); resp.StatusCode != http.StatusCreated || err != nil || created.Secret == "" {
		t.Fatalf("POST /api/v1/tokens: %d %s", resp.StatusCode, body)
	}
	ckan.FailWith(http.StatusInternalServerError)
	if resp, body := do(http.MethodPost, "/api/v1/sources/ckan-test/run", created.Secret, ""); resp.StatusCode >= 300 {
		t.Fatalf("POST run: %d %s", resp.StatusCode, body)
	}
	guess := municat.TokenPrefix + strings.Repeat("x", 43)
	if resp, _ := do(http.MethodGet, "/api/v1/organizations/testland/datasets", guess, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("guessed token: %d, want 401", resp.StatusCode)
	}
	// A failed and a good sign-in to the administration.
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	for _, pw := range []string{adminPassword + "-falsch", adminPassword} {
		resp, err := client.Get(srv.base + "/admin/login")
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
		if csrf == nil {
			t.Fatalf("sign-in form without CSRF token:\n%.400s", page)
		}
		resp, err = client.PostForm(srv.base+"/admin/login", url.Values{"csrf": {string(csrf[1])}, "login": {"erika"}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	// Wait for the run to finish and its notices to be tried.
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(srv.logs.String(), "e-mail notice failed") && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	srv.stop()
	logs.WriteString(srv.logs.String())
	if !strings.Contains(logs.String(), "e-mail notice failed") {
		t.Errorf("the failed run's e-mail notice was not tried within 60 s:\n%s", logs.String())
	}

	all := logs.String()
	if !strings.Contains(all, "level=DEBUG") && !strings.Contains(all, `"level":"DEBUG"`) {
		t.Errorf("no debug line was logged; the test may miss what debug logging leaks:\n%.2000s", all)
	}
	for name, secret := range map[string]string{
		"S3 secret key": s3.SecretKey, "SMTP password": smtpPassword, "OIDC client secret": oidcSecret,
		"password in the source URL": urlPassword, "source option api_key": optionSecret, "webhook secret": hookSecret,
		"account password": adminPassword, "bearer token": token[len(municat.TokenPrefix):],
		"new token": created.Secret[len(municat.TokenPrefix):], "guessed token": guess[len(municat.TokenPrefix):],
	} {
		if i := strings.Index(all, secret); i >= 0 {
			t.Errorf("the %s appears in the log: …%s…", name, all[max(0, i-200):min(len(all), i+len(secret)+50)])
		}
	}
}
