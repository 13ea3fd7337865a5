package apitest_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/municat/municat/internal/apitest"
)

// answer builds a response with status, content type and body.
func answer(status int, contentType string) *http.Response {
	resp := &http.Response{StatusCode: status, Header: http.Header{}, Body: http.NoBody}
	if contentType != "" {
		resp.Header.Set("Content-Type", contentType)
	}
	return resp
}

const validDataset = `{"id":"baeume","title":{"de":"Baumkataster"},"state":"published",
	"modified":"2026-11-25T13:50:00Z","distributions":[{"id":"csv","access_url":"https://example.org/b.csv"}]}`

// TestCheckFindsWrongAnswers: answers that break the description are
// caught, each with a message naming the problem; right ones pass.
func TestCheckFindsWrongAnswers(t *testing.T) {
	for name, tc := range map[string]struct {
		method, target, contentType string
		status                      int
		body                        string
		want                        string // "" for a valid answer
	}{
		"valid dataset":         {"GET", "/api/v1/datasets/baeume", "application/json", 200, validDataset, ""},
		"valid problem":         {"GET", "/api/v1/datasets/nix", "application/problem+json", 404, `{"type":"about:blank","title":"Nicht gefunden","status":404,"detail":"…"}`, ""},
		"500 by default":        {"GET", "/api/v1/datasets/nix", "application/problem+json", 500, `{"type":"about:blank","title":"Interner Fehler","status":500}`, ""},
		"not under /api/":       {"GET", "/datensaetze", "text/html", 200, "<p>", ""},
		"wrong type":            {"GET", "/api/v1/datasets/baeume", "application/json", 200, strings.Replace(validDataset, `{"de":"Baumkataster"}`, `42`, 1), "title"},
		"missing required":      {"GET", "/api/v1/datasets/baeume", "application/json", 200, strings.Replace(validDataset, `"state":"published",`, "", 1), "state"},
		"value not in the enum": {"GET", "/api/v1/datasets/baeume", "application/json", 200, strings.Replace(validDataset, `"published"`, `"öffentlich"`, 1), "state"},
		"bad date-time":         {"GET", "/api/v1/datasets/baeume", "application/json", 200, strings.Replace(validDataset, `2026-11-25T13:50:00Z`, `gestern`, 1), "modified"},
		"undeclared property":   {"GET", "/api/v1/datasets/baeume", "application/json", 200, strings.Replace(validDataset, `"id":"baeume",`, `"id":"baeume","geheim":true,`, 1), "geheim"},
		"nested undeclared":     {"GET", "/api/v1/datasets/baeume", "application/json", 200, strings.Replace(validDataset, `"id":"csv",`, `"id":"csv","intern":1,`, 1), "intern"},
		"undescribed status":    {"GET", "/api/v1/datasets/baeume", "application/json", 418, `{}`, "418"},
		"wrong content type":    {"GET", "/api/v1/datasets/baeume", "text/html", 200, "<p>", "text/html"},
		"problem without type":  {"GET", "/api/v1/datasets/nix", "application/problem+json", 404, `{"title":"Nicht gefunden","status":404}`, "type"},
		"undescribed path":      {"GET", "/api/v1/nirgends", "application/json", 200, `{}`, "/api/v1/nirgends"},
		"undescribed method":    {"PATCH", "/api/v1/datasets/baeume", "application/json", 200, validDataset, "PATCH"},
		"not JSON":              {"GET", "/api/v1/datasets/baeume", "application/json", 200, `{"id":`, "decode"},
	} {
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.target, nil)
			err := apitest.Check(req, answer(tc.status, tc.contentType), []byte(tc.body))
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("valid answer refused: %v", err)
			case tc.want != "" && err == nil:
				t.Errorf("wrong answer passed; want a message about %q", tc.want)
			case tc.want != "" && !strings.Contains(err.Error(), tc.want):
				t.Errorf("message does not name %q:\n%v", tc.want, err)
			}
		})
	}
}

// TestCheckDecodesContentCoding: a gzip or brotli body is checked as the
// JSON it holds.
func TestCheckDecodesContentCoding(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "/api/v1/datasets/baeume", nil)
	for _, coding := range []string{"gzip", "br"} {
		for body, valid := range map[string]bool{validDataset: true, `{"id":1}`: false} {
			var buf bytes.Buffer
			var w io.WriteCloser = gzip.NewWriter(&buf)
			if coding == "br" {
				w = brotli.NewWriter(&buf)
			}
			if _, err := io.WriteString(w, body); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			resp := answer(200, "application/json")
			resp.Header.Set("Content-Encoding", coding)
			if err := apitest.Check(req, resp, buf.Bytes()); (err == nil) != valid {
				t.Errorf("%s %.20s…: error %v, want valid %v", coding, body, err, valid)
			}
		}
	}
}

// TestValidateFailsTheTest: Validate reports a wrong answer as a test
// failure.
func TestValidateFailsTheTest(t *testing.T) {
	rec := &recorder{TB: t}
	req := httptest.NewRequest(http.MethodGet, "/api/v1/datasets/baeume", nil)
	apitest.Validate(rec, req, answer(200, "application/json"), []byte(`{"id":1}`))
	if !rec.failed || !strings.Contains(rec.msg, "GET /api/v1/datasets/baeume") {
		t.Errorf("Validate did not fail the test with a message naming the request: %v %q", rec.failed, rec.msg)
	}
}

// recorder is a testing.TB that records a failure instead of failing.
type recorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.msg = fmt.Sprintf(format, args...)
}

// BenchmarkCheck measures checking one dataset answer (the validator is
// built once, before the loop).
func BenchmarkCheck(b *testing.B) {
	req := httptest.NewRequest(http.MethodGet, "/api/v1/datasets/baeume", nil)
	body := []byte(validDataset)
	if err := apitest.Check(req, answer(200, "application/json"), body); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := apitest.Check(req, answer(200, "application/json"), body); err != nil {
			b.Fatal(err)
		}
	}
}
