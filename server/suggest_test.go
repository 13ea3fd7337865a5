package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/demotest"
	"github.com/municat/municat/search/suggest"
	"github.com/municat/municat/server"
)

// MustDemoServer returns a server over the demo catalogue in a file store,
// indexed in an in-memory index; wrap, if not nil, wraps the index.
func MustDemoServer(tb testing.TB, wrap func(municat.Index) municat.Index) *fiber.App {
	tb.Helper()
	cat, idx := demotest.MustLoad(tb)
	var index municat.Index = idx
	if wrap != nil {
		index = wrap(idx)
	}
	return server.New(server.Config{
		Catalog: cat, Index: index, BaseURL: testBaseURL,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		// FuzzSuggestAPI sends thousands of requests a minute.
		RateLimit: server.RateLimitConfig{Reads: -1},
	})
}

// The expectations are read from demo/data/catalog.json.
func TestSuggestAPI(t *testing.T) {
	app := MustDemoServer(t, nil)
	tests := []struct {
		target string
		want   server.SuggestResponse
	}{
		{"/api/v1/suggest?q=Radverkehrsz", server.SuggestResponse{Query: "Radverkehrsz", Suggestions: []suggest.Suggestion{
			{Type: "title", Text: "Radverkehrszählung 2025", Dataset: "radverkehrszaehlung-2025"},
		}}},
		{"/api/v1/suggest?q=Ra&limit=3", server.SuggestResponse{Query: "Ra", Suggestions: []suggest.Suggestion{
			{Type: "keyword", Text: "Radverkehr", Count: 4},
			{Type: "keyword", Text: "Rat", Count: 3},
			{Type: "keyword", Text: "Radboxen", Count: 1},
		}}},
		{"/api/v1/suggest?q=%20%20moorg%20&limit=2", server.SuggestResponse{Query: "moorg", Suggestions: []suggest.Suggestion{
			{Type: "title", Text: "Volkshochschule Moorgeest: Kursprogramm", Dataset: "vhs-kursprogramm"},
			{Type: "organization", Text: "Landkreis Moorgeest", Organization: "landkreis-moorgeest", Count: 7},
		}}},
		{"/api/v1/suggest?q=stra%C3%9Fenv&limit=3", server.SuggestResponse{Query: "straßenv", Suggestions: []suggest.Suggestion{
			{Type: "title", Text: "Straßenverzeichnis", Dataset: "strassenverzeichnis"},
			{Type: "keyword", Text: "Straßenverkehr", Count: 1},
		}}},
		{"/api/v1/suggest?q=STRASSENV", server.SuggestResponse{Query: "STRASSENV", Suggestions: []suggest.Suggestion{
			{Type: "title", Text: "Straßenverzeichnis", Dataset: "strassenverzeichnis"},
			{Type: "keyword", Text: "Straßenverkehr", Count: 1},
		}}},
		{"/api/v1/suggest?q=oeffentliche", server.SuggestResponse{Query: "oeffentliche", Suggestions: []suggest.Suggestion{
			{Type: "title", Text: "Öffentliche Toiletten", Dataset: "oeffentliche-toiletten"},
		}}},
		{"/api/v1/suggest?q=Stadtwerke", server.SuggestResponse{Query: "Stadtwerke", Suggestions: []suggest.Suggestion{
			{Type: "organization", Text: "Stadtwerke Birkenhude GmbH", Organization: "stadtwerke-birkenhude", Count: 8},
		}}},
		{"/api/v1/suggest?q=Baumkat&lang=en", server.SuggestResponse{Query: "Baumkat", Suggestions: []suggest.Suggestion{
			{Type: "title", Text: "Baumkataster", Dataset: "baumkataster"},
		}}},
		{"/api/v1/suggest?q=2025&lang=en&limit=1", server.SuggestResponse{Query: "2025", Suggestions: []suggest.Suggestion{
			{Type: "title", Text: "Budget 2025", Dataset: "haushaltsplan-2025"},
		}}},
		{"/api/v1/suggest?q=R", server.SuggestResponse{Query: "R", Suggestions: []suggest.Suggestion{}}},
		{"/api/v1/suggest", server.SuggestResponse{Query: "", Suggestions: []suggest.Suggestion{}}},
		{"/api/v1/suggest?q=Stadtwerke&unbekannt=1&lang=", server.SuggestResponse{Query: "Stadtwerke", Suggestions: []suggest.Suggestion{
			{Type: "organization", Text: "Stadtwerke Birkenhude GmbH", Organization: "stadtwerke-birkenhude", Count: 8},
		}}},
	}
	for _, tt := range tests {
		var got server.SuggestResponse
		resp := MustGetJSON(t, app, tt.target, http.StatusOK, &got)
		if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=60" {
			t.Errorf("%s: Cache-Control %q", tt.target, cc)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s\n got %+v\nwant %+v", tt.target, got, tt.want)
		}
	}
}

// The JSON shape: field names, and no empty fields.
func TestSuggestAPIShape(t *testing.T) {
	app := MustDemoServer(t, nil)
	for target, want := range map[string]string{
		"/api/v1/suggest?q=Statistik": `{"query":"Statistik","suggestions":[` +
			`{"type":"keyword","text":"Statistik","count":2},` +
			`{"type":"organization","text":"Stadt Birkenhude – Statistikstelle und Wahlamt","organization":"birkenhude-statistik","count":13}]}`,
		"/api/v1/suggest?q=Wahllok": `{"query":"Wahllok","suggestions":[` +
			`{"type":"title","text":"Wahlbezirke und Wahllokale","dataset":"wahlbezirke"},` +
			`{"type":"keyword","text":"Wahllokal","count":1}]}`,
		"/api/v1/suggest?q=x": `{"query":"x","suggestions":[]}`,
	} {
		if _, body := MustDo(t, app, http.MethodGet, target); string(body) != want {
			t.Errorf("%s: body\n%s\nwant\n%s", target, body, want)
		}
	}
}

func TestSuggestAPIBadParams(t *testing.T) {
	app := MustDemoServer(t, nil)
	long := url.QueryEscape("Haushaltsplan " + strings.Repeat("ä", 44))
	for _, tt := range []struct {
		target, param, detail string
	}{
		{"/api/v1/suggest?q=" + long, "q", "höchstens 100 Bytes"},
		{"/api/v1/suggest?q=Rad&limit=0", "limit", "zwischen 1 und 20"},
		{"/api/v1/suggest?q=Rad&limit=21", "limit", "zwischen 1 und 20"},
		{"/api/v1/suggest?q=Rad&limit=acht", "limit", `nicht "acht"`},
		{"/api/v1/suggest?q=Rad&lang=fr", "lang", "de oder en"},
		{"/api/v1/suggest?q=Rad&q=Weg", "q", "nur einmal"},
	} {
		p := MustProblem(t, app, http.MethodGet, tt.target, http.StatusBadRequest)
		if len(p.Errors) != 1 || p.Errors[0].Parameter != tt.param || !strings.Contains(p.Errors[0].Detail, tt.detail) {
			t.Errorf("%s: errors %+v, want %s: …%s…", tt.target, p.Errors, tt.param, tt.detail)
		}
	}
	p := MustProblem(t, app, http.MethodGet, "/api/v1/suggest?q=Rad&limit=0&lang=xx", http.StatusBadRequest)
	if len(p.Errors) != 2 {
		t.Errorf("two bad parameters: %+v", p.Errors)
	}
	MustProblem(t, app, http.MethodGet, "/api/v1/suggest?q=%zz", http.StatusBadRequest)
}

// brokenIndex is an index whose searches fail.
type brokenIndex struct{ indexBackend }

// indexBackend names municat.Index for embedding.
type indexBackend = municat.Index

// Search fails.
func (brokenIndex) Search(context.Context, municat.Query) (*municat.SearchResult, error) {
	return nil, errors.New("connection refused")
}

func TestSuggestAPIIndexDown(t *testing.T) {
	app := MustDemoServer(t, func(idx municat.Index) municat.Index { return brokenIndex{idx} })
	p := MustProblem(t, app, http.MethodGet, "/api/v1/suggest?q=Rad", http.StatusServiceUnavailable)
	if !strings.Contains(p.Detail, "Suchvorschläge") || strings.Contains(p.Detail, "refused") {
		t.Errorf("detail %q", p.Detail)
	}
	// Too short to search: answered without the index.
	var got server.SuggestResponse
	MustGetJSON(t, app, "/api/v1/suggest?q=R", http.StatusOK, &got)
}

// FuzzSuggestAPI sends arbitrary q, limit and lang: the answer is a 200
// with at most limit distinct suggestions for the normalised q, or a 400
// problem naming the bad parameters.
func FuzzSuggestAPI(f *testing.F) {
	app := MustDemoServer(f, nil)
	for _, s := range [][3]string{{"Rad", "8", "de"}, {"  öff  ", "", ""}, {"stras", "20", "en"}, {"x", "0", "fr"}, {"a\xffb", "-1", "de"}, {strings.Repeat("ß", 51), "3", ""}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, q, limit, lang string) {
		v := url.Values{"q": {q}}
		if limit != "" {
			v.Set("limit", limit)
		}
		if lang != "" {
			v.Set("lang", lang)
		}
		resp, body := MustDo(t, app, http.MethodGet, "/api/v1/suggest?"+v.Encode())
		switch resp.StatusCode {
		case http.StatusOK:
			var got server.SuggestResponse
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatalf("decode %s: %v", body, err)
			}
			if want := suggest.Normalize(strings.TrimSpace(q)); got.Query != want {
				t.Fatalf("query %q, want %q", got.Query, want)
			}
			most := suggest.DefaultLimit
			if n, err := strconv.Atoi(strings.TrimSpace(limit)); err == nil && limit != "" {
				most = n
			}
			if got.Suggestions == nil || len(got.Suggestions) > most {
				t.Fatalf("limit %q: %d suggestions", limit, len(got.Suggestions))
			}
			seen := map[string]bool{}
			for _, s := range got.Suggestions {
				if seen[s.Text] || s.Text == "" {
					t.Fatalf("suggestion %q empty or twice: %s", s.Text, body)
				}
				seen[s.Text] = true
			}
		case http.StatusBadRequest:
			var p server.Problem
			if err := json.Unmarshal(body, &p); err != nil || p.Detail == "" {
				t.Fatalf("problem %s: %v", body, err)
			}
		default:
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
	})
}

// BenchmarkSuggestAPI measures GET /api/v1/suggest over the demo catalogue,
// through Fiber's in-memory test transport.
func BenchmarkSuggestAPI(b *testing.B) {
	app := MustDemoServer(b, nil)
	for b.Loop() {
		if resp, body := MustDo(b, app, http.MethodGet, "/api/v1/suggest?q=Rad"); resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d: %s", resp.StatusCode, body)
		}
	}
}
