package server_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat/internal/weblink"
	"github.com/municat/municat/rdf"
	"github.com/municat/municat/server"
)

const baumID = "stadt-ckan.baumkataster"

func TestConditionalGET(t *testing.T) {
	e := MustEnv(t, nil)
	target := "/api/v1/datasets/" + baumID
	resp, body := MustDo(t, e.app, http.MethodGet, target)
	etag, lastModified := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(etag, `W/"`) || !strings.HasSuffix(etag, `"`) {
		t.Fatalf("GET %s: %d, ETag %q; want 200 with a weak ETag", target, resp.StatusCode, etag)
	}
	if lastModified != "Sat, 10 Jan 2026 00:00:00 GMT" {
		t.Fatalf("Last-Modified %q, want the dataset's modification time", lastModified)
	}
	if !strings.Contains(resp.Header.Get("Vary"), "Authorization") {
		t.Fatalf("Vary %q: a token holder may see another answer", resp.Header.Get("Vary"))
	}
	for _, tc := range []struct {
		name   string
		method string
		header []string
		want   int
	}{
		{"matching tag", http.MethodGet, []string{"If-None-Match", etag}, http.StatusNotModified},
		{"tag in a list", http.MethodGet, []string{"If-None-Match", `"abc", ` + etag}, http.StatusNotModified},
		{"strong form of the tag", http.MethodGet, []string{"If-None-Match", strings.TrimPrefix(etag, "W/")}, http.StatusNotModified},
		{"star", http.MethodGet, []string{"If-None-Match", "*"}, http.StatusNotModified},
		{"HEAD", http.MethodHead, []string{"If-None-Match", etag}, http.StatusNotModified},
		{"other tag", http.MethodGet, []string{"If-None-Match", `W/"0123"`}, http.StatusOK},
		{"not modified since", http.MethodGet, []string{"If-Modified-Since", lastModified}, http.StatusNotModified},
		{"later date", http.MethodGet, []string{"If-Modified-Since", "Mon, 12 Jan 2026 08:00:00 GMT"}, http.StatusNotModified},
		{"modified since", http.MethodGet, []string{"If-Modified-Since", "Fri, 09 Jan 2026 23:59:59 GMT"}, http.StatusOK},
		{"bad date", http.MethodGet, []string{"If-Modified-Since", "gestern"}, http.StatusOK},
		{"If-None-Match wins", http.MethodGet, []string{"If-None-Match", `"abc"`, "If-Modified-Since", lastModified}, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, b := MustDo(t, e.app, tc.method, target, tc.header...)
			if r.StatusCode != tc.want {
				t.Fatalf("status %d, want %d", r.StatusCode, tc.want)
			}
			if r.Header.Get("ETag") != etag {
				t.Fatalf("ETag %q, want %q", r.Header.Get("ETag"), etag)
			}
			switch {
			case tc.want == http.StatusNotModified:
				if len(b) != 0 || r.Header.Get("Content-Type") != "" {
					t.Fatalf("304 with Content-Type %q and body %q", r.Header.Get("Content-Type"), b)
				}
				if r.Header.Get("Cache-Control") != resp.Header.Get("Cache-Control") || r.Header.Get("Last-Modified") != lastModified {
					t.Fatalf("304 lost Cache-Control or Last-Modified: %v", r.Header)
				}
			case !bytes.Equal(b, body):
				t.Fatalf("body differs from the first answer")
			}
		})
	}

	// A change of the record changes the tag.
	ctx := context.Background()
	d, err := e.catalog.Dataset(ctx, baumID)
	MustOK(t, err)
	d.Title["de"] = "Baumkataster 2026"
	MustOK(t, e.catalog.PutDataset(ctx, d))
	r, _ := MustDo(t, e.app, http.MethodGet, target, "If-None-Match", etag)
	if r.StatusCode != http.StatusOK || r.Header.Get("ETag") == etag {
		t.Fatalf("after a change: %d with ETag %q; want 200 with a new tag", r.StatusCode, r.Header.Get("ETag"))
	}

	// Lists get tags too; errors and streamed catalogue pages do not.
	if r, _ := MustDo(t, e.app, http.MethodGet, "/api/v1/organizations"); r.Header.Get("ETag") == "" {
		t.Error("GET /api/v1/organizations has no ETag")
	}
	if r, _ := MustDo(t, e.app, http.MethodGet, "/api/v1/datasets/gibt-es-nicht"); r.Header.Get("ETag") != "" {
		t.Error("a 404 problem has an ETag")
	}
	if r, _ := MustDo(t, e.app, http.MethodGet, "/catalog.ttl"); r.StatusCode != http.StatusOK || r.Header.Get("ETag") != "" {
		t.Errorf("streamed catalogue page: %d with ETag %q", r.StatusCode, r.Header.Get("ETag"))
	}
}

func TestLastModifiedOfVersions(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	resp, _ := MustDo(t, e.app, http.MethodGet, "/api/v1/datasets/"+publishedID+"/distributions/csv/versions")
	lm, err := http.ParseTime(resp.Header.Get("Last-Modified"))
	if resp.StatusCode != http.StatusOK || err != nil {
		t.Fatalf("%d, Last-Modified %q", resp.StatusCode, resp.Header.Get("Last-Modified"))
	}
	d, err := e.catalog.Dataset(context.Background(), publishedID)
	MustOK(t, err)
	stored := d.Distributions[0].Versions[len(d.Distributions[0].Versions)-1].Stored
	if lm.Before(stored.Truncate(time.Second)) || lm.After(time.Now()) {
		t.Fatalf("Last-Modified %v, want at least the newest version's %v", lm, stored)
	}
}

// TestPrivateAnswersVaryByAuthorization checks that the answer a token
// holder gets (with a scheduled file version the public does not see) is
// private, tagged apart from the public one, and marked as varying by
// Authorization.
func TestPrivateAnswersVaryByAuthorization(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	target := "/api/v1/datasets/" + laterID
	public, _ := MustDo(t, e.app, http.MethodGet, target)
	private, _ := MustDo(t, e.app, http.MethodGet, target, "Authorization", "Bearer "+e.tokens["a-editor"])
	for _, resp := range []*http.Response{public, private} {
		if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == "" || !strings.Contains(resp.Header.Get("Vary"), "Authorization") {
			t.Fatalf("%d, ETag %q, Vary %q", resp.StatusCode, resp.Header.Get("ETag"), resp.Header.Get("Vary"))
		}
	}
	if public.Header.Get("ETag") == private.Header.Get("ETag") {
		t.Fatal("the token holder's answer has the public answer's tag")
	}
	if cc := private.Header.Get("Cache-Control"); cc != "private, no-store" {
		t.Fatalf("token holder's answer: Cache-Control %q", cc)
	}
	// The public tag does not validate the private answer.
	resp, _ := MustDo(t, e.app, http.MethodGet, target, "Authorization", "Bearer "+e.tokens["a-editor"], "If-None-Match", public.Header.Get("ETag"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("public tag against the private answer: %d, want 200", resp.StatusCode)
	}
}

func TestLastModifiedOfRuns(t *testing.T) {
	e := MustEnv(t, nil)
	for run, want := range map[string]string{
		"20260102T030000Z-bbbbbb": "Sat, 03 Jan 2026 00:00:00 GMT", // finished
		"20260101T030000Z-aaaaaa": "",                              // failed without an end
	} {
		resp, _ := MustDo(t, e.app, http.MethodGet, "/api/v1/sources/stadt-ckan/runs/"+run)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Last-Modified") != want {
			t.Errorf("run %s: %d, Last-Modified %q, want %q", run, resp.StatusCode, resp.Header.Get("Last-Modified"), want)
		}
	}
}

func TestDownloadKeepsItsETag(t *testing.T) {
	e := MustEnv(t, nil)
	target := "/api/v1/datasets/" + baumID + "/distributions/csv/download"
	resp, body := MustDo(t, e.app, http.MethodGet, target, "Accept-Encoding", "br, gzip")
	if etag := resp.Header.Get("ETag"); etag != `"sha256-ab12cd34"` {
		t.Fatalf("ETag %q, want the checksum's strong tag", etag)
	}
	if resp.Header.Get("Content-Encoding") != "" || string(body) != csvBody {
		t.Fatalf("download sent with Content-Encoding %q: %q", resp.Header.Get("Content-Encoding"), body)
	}
	if r, _ := MustDo(t, e.app, http.MethodGet, target, "If-None-Match", `"sha256-ab12cd34"`); r.StatusCode != http.StatusNotModified {
		t.Fatalf("If-None-Match: %d, want 304", r.StatusCode)
	}
}

func TestCORS(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	for _, tc := range []struct {
		method, target string
		header         []string
		cors           bool
	}{
		{http.MethodGet, "/api/v1/datasets", nil, true},
		{http.MethodHead, "/api/v1/datasets", nil, true},
		{http.MethodGet, "/api/v1/datasets/gibt-es-nicht", nil, true}, // the problem is readable
		{http.MethodGet, "/catalog.ttl", nil, true},
		{http.MethodGet, "/dataset/" + publishedID, []string{"Accept", "text/turtle"}, true},
		{http.MethodGet, "/dataset/" + publishedID, []string{"Accept", "text/html"}, false}, // the page
		{http.MethodGet, "/healthz", nil, false},
		{http.MethodPost, "/api/v1/tokens", []string{"Authorization", "Bearer " + e.tokens["a-admin"], "Content-Type", "application/json"}, false},
		{http.MethodDelete, "/api/v1/tokens/x", nil, false},
	} {
		resp, body := MustDo(t, e.app, tc.method, tc.target, append([]string{"Origin", "https://app.example.org"}, tc.header...)...)
		got := resp.Header.Get("Access-Control-Allow-Origin")
		if (got == "*") != tc.cors || (got != "" && got != "*") {
			t.Errorf("%s %s (%d): Access-Control-Allow-Origin %q, want CORS %v; %s", tc.method, tc.target, resp.StatusCode, got, tc.cors, body)
		}
		if resp.Header.Get("Access-Control-Allow-Credentials") != "" {
			t.Errorf("%s %s allows credentials", tc.method, tc.target)
		}
		if tc.cors {
			expose := resp.Header.Get("Access-Control-Expose-Headers")
			for _, h := range []string{"ETag", "Link", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After", "Last-Modified"} {
				if !strings.Contains(expose, h) {
					t.Errorf("%s %s: Access-Control-Expose-Headers %q lacks %s", tc.method, tc.target, expose, h)
				}
			}
		}
	}

	// Preflights: reads are allowed, writes are not.
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		resp, _ := MustDo(t, e.app, http.MethodOptions, "/api/v1/datasets",
			"Origin", "https://app.example.org", "Access-Control-Request-Method", m, "Access-Control-Request-Headers", "if-none-match")
		allowed := strings.Split(resp.Header.Get("Access-Control-Allow-Methods"), ", ")
		if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Fatalf("preflight for %s: %d, %v", m, resp.StatusCode, resp.Header)
		}
		if got := contains(allowed, m); got != (m == http.MethodGet) {
			t.Errorf("preflight for %s: Access-Control-Allow-Methods %v", m, allowed)
		}
		if !strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "If-None-Match") || resp.Header.Get("Access-Control-Max-Age") == "" {
			t.Errorf("preflight: %v", resp.Header)
		}
		if strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "Authorization") {
			t.Errorf("preflight allows the Authorization header")
		}
		if resp.Header.Get("RateLimit-Limit") != "" {
			t.Errorf("a preflight counts against the rate limit")
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// links returns the Link header's targets by relation.
func links(tb testing.TB, resp *http.Response) map[string]string {
	tb.Helper()
	parsed, err := weblink.Parse(resp.Header.Get("Link"))
	MustOK(tb, err)
	out := map[string]string{}
	for _, l := range parsed {
		out[l.Rel] = l.URL
	}
	return out
}

func TestLinkHeaders(t *testing.T) {
	e := MustEnv(t, nil)
	var page server.SearchResponse
	// Four hits (the one the store has lost counts, see MustEnv), one per
	// page; page 3 is "Haushaltsplan 2026".
	resp := MustGetJSON(t, e.app, "/api/v1/datasets?per_page=1&page=3&sort=title", http.StatusOK, &page)
	got := links(t, resp)
	if len(got) != 4 || page.Total != 4 || len(page.Items) != 1 {
		t.Fatalf("Link %q for page 3 of %d: %+v", resp.Header.Get("Link"), page.Total, page.Items)
	}
	for rel, wantPage := range map[string]string{"first": "1", "prev": "2", "next": "4", "last": "4"} {
		u, err := url.Parse(got[rel])
		MustOK(t, err)
		if u.Scheme+"://"+u.Host != testBaseURL || u.Path != "/api/v1/datasets" {
			t.Fatalf("%s link %s: not the API's absolute URL", rel, got[rel])
		}
		if q := u.Query(); q.Get("page") != wantPage || q.Get("per_page") != "1" || q.Get("sort") != "title" {
			t.Fatalf("%s link %s: want page %s with the request's parameters", rel, got[rel], wantPage)
		}
	}
	// Following next gives the next page.
	var next server.SearchResponse
	MustGetJSON(t, e.app, strings.TrimPrefix(got["next"], testBaseURL), http.StatusOK, &next)
	if next.Page != 4 || len(next.Items) != 1 || next.Items[0].ID == page.Items[0].ID {
		t.Fatalf("next page: %+v", next)
	}
	resp = MustGetJSON(t, e.app, "/api/v1/datasets", http.StatusOK, &page)
	if got := links(t, resp); len(got) != 2 || got["next"] != "" || got["first"] == "" || got["last"] == "" {
		t.Fatalf("single page: Link %q", resp.Header.Get("Link"))
	}

	// The catalogue's Link header names the pages its Hydra block names.
	resp, body := MustDo(t, e.app, http.MethodGet, "/catalog.ttl?per_page=1&page=2")
	h, ok := hydraBlock(t, MustGraph(t, body, rdf.Turtle))
	got = links(t, resp)
	if !ok || got["first"] != h.first || got["prev"] != h.previous || got["next"] != h.next || got["last"] != h.last || h.next == "" {
		t.Fatalf("catalogue: Link %v, Hydra %+v", got, h)
	}
}
