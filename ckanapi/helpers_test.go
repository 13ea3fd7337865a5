package ckanapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat/catalog"
	"github.com/municat/municat/internal/apitest"
	"github.com/municat/municat/internal/demotest"
	"github.com/municat/municat/search/bleve"
	"github.com/municat/municat/server"
)

// testBaseURL is the BaseURL of the test servers.
const testBaseURL = "https://daten.birkenhude.example"

// env is a municat server over the demo catalogue.
type env struct {
	app *fiber.App
	cat *catalog.Catalog
	idx *bleve.Index
}

// MustDemoEnv returns a server over a fresh copy of the demo catalogue.
func MustDemoEnv(tb testing.TB) *env {
	tb.Helper()
	cat, idx := demotest.MustLoad(tb)
	return newEnv(tb, cat, idx, testBaseURL)
}

func newEnv(tb testing.TB, cat *catalog.Catalog, idx *bleve.Index, base string) *env {
	tb.Helper()
	app := server.New(server.Config{
		Catalog: cat, Index: idx, BaseURL: base, Version: "test",
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		RateLimit: server.RateLimitConfig{Reads: -1, Writes: -1},
	})
	return &env{app: app, cat: cat, idx: idx}
}

// answer is a decoded CKAN answer.
type answer struct {
	status  int
	header  http.Header
	body    []byte
	Help    string          `json:"help"`
	Success bool            `json:"success"`
	Result  json.RawMessage `json:"result"`
	Error   map[string]any  `json:"error"`
}

// MustCall sends method to target (body, if any, as JSON), validates the
// answer against the OpenAPI description and decodes the envelope.
func (e *env) MustCall(tb testing.TB, method, target, body string) *answer {
	tb.Helper()
	return e.call(tb, method, target, body, "application/json")
}

// mustPostForm posts a form.
func (e *env) mustPostForm(tb testing.TB, target, form string) *answer {
	tb.Helper()
	return e.call(tb, http.MethodPost, target, form, "application/x-www-form-urlencoded")
}

func (e *env) call(tb testing.TB, method, target, body, contentType string) *answer {
	tb.Helper()
	var rd io.Reader
	if body != "" {
		rd = bytes.NewReader([]byte(body))
	}
	req := httptest.NewRequest(method, target, rd)
	if body != "" {
		req.Header.Set("Content-Type", contentType)
	}
	check := req.Clone(req.Context())
	resp, err := e.app.Test(req, -1)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	apitest.Validate(tb, check, resp, b)
	a := &answer{status: resp.StatusCode, header: resp.Header, body: b}
	if err := json.Unmarshal(b, a); err != nil {
		tb.Fatalf("%s %s: status %d, body is no JSON: %v\n%s", method, target, resp.StatusCode, err, b)
	}
	return a
}

// MustGet is MustCall for GET.
func (e *env) MustGet(tb testing.TB, target string) *answer {
	tb.Helper()
	return e.MustCall(tb, http.MethodGet, target, "")
}

// MustResult checks that a succeeded with 200 and decodes its result into v.
func MustResult(tb testing.TB, a *answer, v any) {
	tb.Helper()
	if a.status != http.StatusOK || !a.Success {
		tb.Fatalf("status %d, success %v: %.600s", a.status, a.Success, a.body)
	}
	if err := json.Unmarshal(a.Result, v); err != nil {
		tb.Fatalf("result: %v\n%.600s", err, a.Result)
	}
}

// MustFail checks that a failed with status and CKAN error type typ.
func MustFail(tb testing.TB, a *answer, status int, typ string) {
	tb.Helper()
	if a.status != status || a.Success || a.Error == nil {
		tb.Fatalf("status %d, success %v, want %d and an error: %s", a.status, a.Success, status, a.body)
	}
	if typ != "" && a.Error["__type"] != typ {
		tb.Errorf("error type %v, want %q: %s", a.Error["__type"], typ, a.body)
	}
	if msg, _ := a.Error["message"].(string); msg == "" {
		tb.Errorf("error without message: %s", a.body)
	}
	if len(a.Result) > 0 {
		tb.Errorf("error answer has a result: %s", a.body)
	}
}
