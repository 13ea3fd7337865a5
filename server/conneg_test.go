package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/municat/municat/rdf"
	"github.com/municat/municat/server"
)

// checkNotAcceptable checks a 406 problem that lists every offered type.
func checkNotAcceptable(tb testing.TB, resp *http.Response, body []byte) {
	tb.Helper()
	var p server.Problem
	if resp.StatusCode != http.StatusNotAcceptable || resp.Header.Get("Content-Type") != server.ProblemContentType ||
		json.Unmarshal(body, &p) != nil || p.Status != http.StatusNotAcceptable || p.Title == "" || p.Instance == "" {
		tb.Fatalf("status %d, Content-Type %q, body %s; want a 406 problem", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	for _, mt := range []string{"text/turtle", "application/rdf+xml", "application/ld+json", "application/n-triples", "text/html"} {
		if !strings.Contains(p.Detail, mt) {
			tb.Errorf("406 detail %q does not offer %s", p.Detail, mt)
		}
	}
}

func TestCatalogContentNegotiation(t *testing.T) {
	e := MustEnv(t, nil)
	const firefox = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
	tests := []struct {
		accept string
		// format is the chosen format; "" means the redirect to the search
		// page, "406" the problem.
		format rdf.Format
	}{
		{"", rdf.Turtle},
		{"*/*", rdf.Turtle},
		{"text/turtle", rdf.Turtle},
		{"text/n3", rdf.Turtle},
		{"application/x-turtle", rdf.Turtle},
		{"application/rdf+xml", rdf.RDFXML},
		{"application/xml", rdf.RDFXML},
		{"application/ld+json", rdf.JSONLD},
		{"application/json", rdf.JSONLD},
		{"application/n-triples", rdf.NTriples},
		{"Application/RDF+XML; charset=utf-8", rdf.RDFXML},
		{"application/ld+json;q=0.5, text/turtle;q=0.9", rdf.Turtle},
		{"text/turtle;q=0.1, application/rdf+xml", rdf.RDFXML},
		{"application/rdf+xml;q=0.3, application/n-triples;q=0.35", rdf.NTriples},
		{"application/*", rdf.RDFXML},
		{"application/*;q=0.5, application/ld+json", rdf.JSONLD},
		{"text/*", rdf.Turtle},
		{"text/*, text/turtle;q=0", ""},
		{"*/*;q=0.1, text/html;q=0.05", rdf.Turtle},
		{"text/html;q=0.5, application/ld+json", rdf.JSONLD},
		{"text/html, */*", ""},
		{"text/html", ""},
		{"application/xhtml+xml", ""},
		{firefox, ""},
		{"gar nichts", rdf.Turtle},
		{"text/turtle;q=2, application/rdf+xml;q=0.2", rdf.RDFXML},
		{"image/png", "406"},
		{"application/pdf, text/csv;q=0.5", "406"},
		{"*/*;q=0", "406"},
		{"text/turtle;q=0, application/rdf+xml;q=0.0, application/ld+json;q=0, application/n-triples;q=0.000, text/html;q=0, */*", "406"},
	}
	for _, tt := range tests {
		resp, body := MustDo(t, e.app, http.MethodGet, "/catalog", "Accept", tt.accept, "Host", otherHost)
		if v := resp.Header.Get("Vary"); !strings.Contains(v, "Accept") {
			t.Errorf("Accept %q: Vary %q", tt.accept, v)
		}
		switch tt.format {
		case "":
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != testBaseURL+"/" {
				t.Errorf("Accept %q: status %d, Location %q, want 303 to the search page", tt.accept, resp.StatusCode, resp.Header.Get("Location"))
			}
		case "406":
			checkNotAcceptable(t, resp, body)
		default:
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != tt.format.ContentType() {
				t.Errorf("Accept %q: status %d, Content-Type %q, want %s; body %.200s", tt.accept, resp.StatusCode, resp.Header.Get("Content-Type"), tt.format, body)
				continue
			}
			g := MustGraph(t, body, tt.format)
			// The paging links name the negotiated format's extension.
			page1 := testBaseURL + "/catalog." + tt.format.Ext() + "?page=1"
			if h, ok := hydraBlock(t, g); !ok || h.node != page1 || h.first != page1 {
				t.Errorf("Accept %q: paging block %+v, want links to %s", tt.accept, h, page1)
			}
		}
	}
}
