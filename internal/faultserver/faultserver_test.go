package faultserver_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat/internal/faultserver"
)

// MustGet fetches u and returns the response with its body read whole, or
// the error of the request or of reading the body.
func MustGet(tb testing.TB, ctx context.Context, u string) (*http.Response, []byte, error) {
	tb.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		tb.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

// TestPassThrough serves the fixtures unchanged without a fault, and counts
// requests and bytes per path.
func TestPassThrough(t *testing.T) {
	t.Parallel()
	docs := faultserver.CKAN(t)
	srv := faultserver.New(t, docs)
	want, _ := docs.Get(faultserver.SearchPath)
	resp, body, err := MustGet(t, context.Background(), srv.URL+faultserver.SearchPath+"?rows=10&start=0")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || string(body) != string(want.Body) || resp.Header.Get("Content-Type") != want.ContentType {
		t.Fatalf("got %d %q, %d bytes; want the fixture as is", resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
	}
	resp, _, _ = MustGet(t, context.Background(), srv.URL+"/nothing")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown path: %d, want 404", resp.StatusCode)
	}
	if n := srv.Requests(faultserver.SearchPath); n != 1 {
		t.Errorf("%d requests for the search, want 1", n)
	}
	if n := srv.Requests(faultserver.All); n != 2 {
		t.Errorf("%d requests in all, want 2", n)
	}
	if n := srv.Sent(faultserver.SearchPath); n != int64(len(want.Body)) {
		t.Errorf("sent %d bytes, want %d", n, len(want.Body))
	}
}

// TestFailN fails twice with Retry-After, then recovers; a fault on the
// path wins over the one for all paths, and Set(path, nil) ends it.
func TestFailN(t *testing.T) {
	t.Parallel()
	srv := faultserver.New(t, faultserver.CKAN(t))
	srv.Set(faultserver.All, faultserver.Fail(http.StatusBadGateway))
	srv.Set(faultserver.SearchPath, faultserver.FailNRetryAfter(http.StatusServiceUnavailable, 2, "1"))
	u := srv.URL + faultserver.SearchPath
	for i, want := range []int{503, 503, 200, 200} {
		resp, _, err := MustGet(t, context.Background(), u)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != want {
			t.Fatalf("request %d: %d, want %d", i+1, resp.StatusCode, want)
		}
		if ra := resp.Header.Get("Retry-After"); (want == 503) != (ra == "1") {
			t.Errorf("request %d: Retry-After %q", i+1, ra)
		}
	}
	if resp, _, _ := MustGet(t, context.Background(), srv.URL+"/other"); resp.StatusCode != http.StatusBadGateway {
		t.Errorf("other path: %d, want the fault for all paths, 502", resp.StatusCode)
	}
	srv.Set(faultserver.SearchPath, faultserver.Fail(http.StatusInternalServerError))
	if resp, _, _ := MustGet(t, context.Background(), u); resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("Fail: %d, want 500", resp.StatusCode)
	}
	srv.Set(faultserver.SearchPath, nil)
	if resp, _, _ := MustGet(t, context.Background(), u); resp.StatusCode != http.StatusBadGateway {
		t.Errorf("path fault off: %d, want the fault for all paths, 502", resp.StatusCode)
	}
	srv.Clear()
	if resp, _, _ := MustGet(t, context.Background(), u); resp.StatusCode != http.StatusOK {
		t.Errorf("after Clear: %d, want 200", resp.StatusCode)
	}
	if times := srv.Times(faultserver.SearchPath); len(times) != 7 || srv.Requests(faultserver.SearchPath) != 7 {
		t.Errorf("%d request times, %d requests; want 7", len(times), srv.Requests(faultserver.SearchPath))
	}
}

// TestHang answers nothing until the client gives up, and lets Close end a
// request still hanging.
func TestHang(t *testing.T) {
	t.Parallel()
	srv := faultserver.New(t, faultserver.CKAN(t))
	srv.Set(faultserver.All, faultserver.Hang())
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, _, err := MustGet(t, ctx, srv.URL+faultserver.SearchPath)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v, want the client's deadline", err)
	}
	if d := time.Since(start); d < 200*time.Millisecond || d > 5*time.Second {
		t.Errorf("the request ended after %v, want its deadline of 200ms", d)
	}

	// A request still hanging does not keep Close waiting.
	go func() {
		if resp, err := http.Get(srv.URL + faultserver.SearchPath); err == nil {
			resp.Body.Close()
		}
	}()
	for wait := time.Now().Add(5 * time.Second); srv.Active() < 1; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(wait) {
			t.Fatal("the second request did not arrive")
		}
	}
	start = time.Now()
	srv.Close()
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("Close took %v with a hanging request", d)
	}
}

// TestTruncate declares the whole body and sends half of it.
func TestTruncate(t *testing.T) {
	t.Parallel()
	docs := faultserver.CKAN(t)
	full, _ := docs.Get(faultserver.SearchPath)
	srv := faultserver.New(t, docs)
	srv.Set(faultserver.SearchPath, faultserver.Truncate())
	resp, body, err := MustGet(t, context.Background(), srv.URL+faultserver.SearchPath)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err %v, want an unexpected EOF", err)
	}
	if resp.ContentLength != int64(len(full.Body)) || len(body) != len(full.Body)/2 || string(body) != string(full.Body[:len(full.Body)/2]) {
		t.Errorf("Content-Length %d, got %d bytes; want %d declared, the first %d", resp.ContentLength, len(body), len(full.Body), len(full.Body)/2)
	}
}

// TestMalformed answers 200 with a body that does not parse.
func TestMalformed(t *testing.T) {
	t.Parallel()
	ckan := faultserver.New(t, faultserver.CKAN(t))
	ckan.Set(faultserver.All, faultserver.MalformedJSON())
	resp, body, err := MustGet(t, context.Background(), ckan.URL+faultserver.SearchPath)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%v %v", resp, err)
	}
	if json.Valid(body) || !strings.HasSuffix(string(body), "{,") || !strings.HasPrefix(string(body), "{") {
		t.Errorf("malformed JSON is valid or not a cut fixture: %.80q…", body)
	}

	dcat := faultserver.New(t, faultserver.DCAT(t))
	dcat.Set(faultserver.CatalogPath, faultserver.MalformedXML())
	resp, body, err = MustGet(t, context.Background(), dcat.URL+faultserver.CatalogPath)
	if err != nil || resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/rdf+xml") {
		t.Fatalf("%v %v", resp, err)
	}
	if err := wellFormed(body); err == nil {
		t.Errorf("malformed XML is well-formed: …%q", body[len(body)-80:])
	}
	doc, _ := faultserver.DCAT(t).Get(faultserver.CatalogPath)
	if err := wellFormed(doc.Body); err != nil {
		t.Fatalf("the fixture itself: %v", err)
	}
}

func wellFormed(b []byte) error {
	d := xml.NewDecoder(strings.NewReader(string(b)))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// TestHuge streams n bytes, with and without Content-Length, and stops when
// the client hangs up.
func TestHuge(t *testing.T) {
	t.Parallel()
	srv := faultserver.New(t, faultserver.CKAN(t))
	const n = 3<<20 + 5
	srv.Set(faultserver.SearchPath, faultserver.Huge(n))
	resp, body, err := MustGet(t, context.Background(), srv.URL+faultserver.SearchPath)
	if err != nil || len(body) != n || resp.ContentLength != -1 || strings.TrimLeft(string(body), " ") != "" {
		t.Fatalf("Huge: %v, %d bytes, Content-Length %d; want %d blanks, chunked", err, len(body), resp.ContentLength, n)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q, want the normal answer's", ct)
	}
	srv.Set(faultserver.SearchPath, faultserver.HugeDeclared(n))
	resp, body, err = MustGet(t, context.Background(), srv.URL+faultserver.SearchPath)
	if err != nil || len(body) != n || resp.ContentLength != n {
		t.Fatalf("HugeDeclared: %v, %d bytes, Content-Length %d", err, len(body), resp.ContentLength)
	}

	// A client that reads 1 MiB of 1 GB and hangs up stops the stream.
	sent := srv.Sent(faultserver.SearchPath)
	srv.Set(faultserver.SearchPath, faultserver.Huge(1<<30))
	r, err := http.Get(srv.URL + faultserver.SearchPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.CopyN(io.Discard, r.Body, 1<<20); err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	deadline := time.Now().Add(10 * time.Second)
	for srv.Active() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("still streaming 10 s after the client hung up (%d bytes)", srv.Sent(faultserver.SearchPath)-sent)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got := srv.Sent(faultserver.SearchPath) - sent; got >= 1<<30 {
		t.Errorf("sent %d bytes to a client that hung up after 1 MiB", got)
	}
}

// TestEndlessNext makes a CKAN count unreachable and a Hydra paging that
// always links to a fresh page.
func TestEndlessNext(t *testing.T) {
	t.Parallel()
	ckan := faultserver.New(t, faultserver.CKAN(t))
	ckan.Set(faultserver.All, faultserver.EndlessNext())
	var first []byte
	for _, start := range []string{"0", "3", "300"} {
		_, body, err := MustGet(t, context.Background(), ckan.URL+faultserver.SearchPath+"?rows=3&start="+start)
		if err != nil {
			t.Fatal(err)
		}
		var v struct {
			Result struct {
				Count   int               `json:"count"`
				Results []json.RawMessage `json:"results"`
			} `json:"result"`
		}
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatal(err)
		}
		if v.Result.Count != faultserver.MaxCount || len(v.Result.Results) != 3 {
			t.Errorf("start %s: count %d, %d results; want %d, 3", start, v.Result.Count, len(v.Result.Results), faultserver.MaxCount)
		}
		if first == nil {
			first = body
		} else if string(body) != string(first) {
			t.Errorf("start %s: the page differs from the first", start)
		}
	}

	dcat := faultserver.New(t, faultserver.DCAT(t))
	dcat.Set(faultserver.CatalogPath, faultserver.EndlessNext())
	for _, c := range []struct{ query, self, next string }{
		{"", "?page=1", "?page=2"},
		{"?page=7", "?page=7", "?page=8"},
	} {
		_, body, err := MustGet(t, context.Background(), dcat.URL+faultserver.CatalogPath+c.query)
		if err != nil {
			t.Fatal(err)
		}
		if err := wellFormed(body); err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		s := string(body)
		block := `<hydra:PagedCollection xmlns:hydra="http://www.w3.org/ns/hydra/core#" rdf:about="` + dcat.URL + faultserver.CatalogPath + c.self +
			`"><hydra:next>` + dcat.URL + faultserver.CatalogPath + c.next + `</hydra:next></hydra:PagedCollection>`
		if !strings.Contains(s, block) || strings.Count(s, "hydra:PagedCollection") != 2 || strings.Contains(s, "totalItems") {
			t.Errorf("%s: want exactly the block %s", c.query, block)
		}
		if n := strings.Count(s, "<dcat:Dataset "); n != 6 {
			t.Errorf("%s: %d datasets, want the 6 of the fixture", c.query, n)
		}
	}
}

// TestSlowDrip sends the body a byte at a time.
func TestSlowDrip(t *testing.T) {
	t.Parallel()
	docs := faultserver.NewDocs()
	docs.Put("/x", faultserver.Doc{ContentType: "text/plain", Body: []byte("abcde")})
	srv := faultserver.New(t, docs)
	srv.Set("/x", faultserver.SlowDrip(40*time.Millisecond))
	start := time.Now()
	_, body, err := MustGet(t, context.Background(), srv.URL+"/x")
	if err != nil || string(body) != "abcde" {
		t.Fatalf("%v %q", err, body)
	}
	if d := time.Since(start); d < 160*time.Millisecond {
		t.Errorf("5 bytes in %v, want ≥ 4 waits of 40ms", d)
	}

	// The status line comes at once; the body does not.
	srv.Set("/x", faultserver.SlowDrip(time.Hour))
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	resp, body, err := MustGet(t, ctx, srv.URL+"/x")
	if resp == nil || resp.StatusCode != http.StatusOK || !errors.Is(err, context.DeadlineExceeded) || string(body) != "a" {
		t.Errorf("%v %q %v; want 200, one byte, then the deadline", resp, body, err)
	}
}
