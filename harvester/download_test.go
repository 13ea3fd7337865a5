package harvester_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// downloadFixture is a real municipal data file served by the download
// tests.
const downloadFixture = "../testdata/fixtures/municipal-data/neckarsulm.csv"

// MustDownloadServer serves handler(n, w, r) for request n (from 1) and
// counts the requests.
func MustDownloadServer(tb testing.TB, handler func(n int, w http.ResponseWriter, r *http.Request)) (string, *atomic.Int32) {
	tb.Helper()
	var n atomic.Int32
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handler(int(n.Add(1)), w, r)
	}))
	tb.Cleanup(s.Close)
	return s.URL, &n
}

// MustEmptyDir fails unless dir holds no file: a failed download must
// leave none behind.
func MustEmptyDir(tb testing.TB, dir string) {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	if len(entries) != 0 {
		tb.Errorf("%d files left in %s, want none (first: %s)", len(entries), dir, entries[0].Name())
	}
}

func TestDownloadOK(t *testing.T) {
	data, err := os.ReadFile(downloadFixture)
	if err != nil {
		t.Fatal(err)
	}
	var ua, accept, inm atomic.Value
	url, _ := MustDownloadServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old.csv" {
			http.Redirect(w, r, "/neckarsulm.csv", http.StatusFound)
			return
		}
		ua.Store(r.UserAgent())
		accept.Store(r.Header.Get("Accept"))
		inm.Store(r.Header.Get("If-None-Match"))
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Tue, 04 Mar 2025 10:00:00 GMT")
		w.Write(data)
	})
	dir := t.TempDir()
	d, err := harvester.Download(context.Background(), nil, url+"/old.csv", harvester.DownloadOptions{Dir: dir, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	// The sha256 of neckarsulm.csv as testdata/SOURCES.md lists it.
	const wantSum = "c002ec2103ec6fac30fa8da46905d680be0d04e9d3139bb12fc51bd71e4f005c"
	if d.SHA256 != wantSum || d.Size != 20653 || d.NotModified {
		t.Errorf("sha256 %s, size %d, not modified %v; want %s, 20653, false", d.SHA256, d.Size, d.NotModified, wantSum)
	}
	if d.ContentType != "text/csv; charset=utf-8" || d.ETag != `"v1"` || d.LastModified != "Tue, 04 Mar 2025 10:00:00 GMT" {
		t.Errorf("content type %q, etag %q, last modified %q", d.ContentType, d.ETag, d.LastModified)
	}
	if d.FinalURL != url+"/neckarsulm.csv" {
		t.Errorf("final URL %q, want the redirect target", d.FinalURL)
	}
	if ua.Load() != "municat/"+municat.Version || accept.Load() != "*/*" || inm.Load() != "" {
		t.Errorf("user agent %q, accept %q, If-None-Match %q", ua.Load(), accept.Load(), inm.Load())
	}
	got, err := os.ReadFile(d.Path)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("temporary file holds %d bytes (%v), want the fixture's %d", len(got), err, len(data))
	}
	if !strings.HasPrefix(d.Path, dir) {
		t.Errorf("temporary file %s is not in %s", d.Path, dir)
	}
	if err := d.Remove(); err != nil {
		t.Fatal(err)
	}
	if err := d.Remove(); err != nil {
		t.Errorf("second Remove: %v", err)
	}
	MustEmptyDir(t, dir)
}

func TestDownloadNotModified(t *testing.T) {
	var inm, ims atomic.Value
	url, _ := MustDownloadServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		inm.Store(r.Header.Get("If-None-Match"))
		ims.Store(r.Header.Get("If-Modified-Since"))
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write([]byte("data"))
	})
	dir := t.TempDir()
	opts := harvester.DownloadOptions{Dir: dir, ETag: `"v1"`, LastModified: "Tue, 04 Mar 2025 10:00:00 GMT", Backoff: time.Millisecond}
	// The harvest client's polite Transport passes the validators through.
	d, err := harvester.Download(context.Background(), harvester.NewHTTPClientWith(&harvester.Transport{AllowNets: loopbackNets}), url+"/f.csv", opts)
	if err != nil {
		t.Fatal(err)
	}
	if !d.NotModified || d.Path != "" || d.ETag != `"v1"` || d.LastModified != opts.LastModified {
		t.Errorf("got %+v, want not modified without a file, with the validators sent", d)
	}
	if inm.Load() != `"v1"` || ims.Load() != opts.LastModified {
		t.Errorf("If-None-Match %q, If-Modified-Since %q", inm.Load(), ims.Load())
	}
	MustEmptyDir(t, dir)

	// A 304 to a request that was not conditional is an error, not news.
	_, err = harvester.Download(context.Background(), nil, url+"/f.csv", harvester.DownloadOptions{Dir: dir, ETag: `"v2"`, Backoff: time.Millisecond})
	if err != nil {
		t.Fatalf("changed file: %v", err)
	}
	url304, _ := MustDownloadServer(t, func(_ int, w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotModified) })
	if _, err := harvester.Download(context.Background(), nil, url304, harvester.DownloadOptions{Dir: dir, Backoff: time.Millisecond}); !errors.Is(err, municat.ErrUnavailable) {
		t.Errorf("unconditional 304: error %v, want ErrUnavailable", err)
	}
}

func TestDownloadTooLarge(t *testing.T) {
	for _, chunked := range []bool{false, true} {
		url, calls := MustDownloadServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
			if chunked {
				w.(http.Flusher).Flush() // no Content-Length
			}
			fmt.Fprint(w, strings.Repeat("x", 2048))
		})
		dir := t.TempDir()
		_, err := harvester.Download(context.Background(), nil, url, harvester.DownloadOptions{Dir: dir, MaxBytes: 1024, Backoff: time.Millisecond})
		if !errors.Is(err, municat.ErrTooLarge) || !strings.Contains(err.Error(), "1 KiB") || !strings.Contains(err.Error(), "Datei") {
			t.Errorf("chunked %v: error %v, want ErrTooLarge naming the file and 1 KiB", chunked, err)
		}
		if calls.Load() != 1 {
			t.Errorf("chunked %v: %d requests, want 1: too large is not retried", chunked, calls.Load())
		}
		MustEmptyDir(t, dir)
	}
}

func TestDownloadTruncated(t *testing.T) {
	url, calls := MustDownloadServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		fmt.Fprint(w, strings.Repeat("x", 10))
	})
	dir := t.TempDir()
	d, err := harvester.Download(context.Background(), nil, url, harvester.DownloadOptions{Dir: dir, Backoff: time.Millisecond})
	if err == nil || !errors.Is(err, municat.ErrUnavailable) {
		t.Fatalf("got %+v, %v; want ErrUnavailable", d, err)
	}
	if calls.Load() != 3 {
		t.Errorf("%d requests, want 3: a broken transfer is retried", calls.Load())
	}
	MustEmptyDir(t, dir)
}

func TestDownloadRetries(t *testing.T) {
	url, calls := MustDownloadServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		fmt.Fprint(w, "ok")
	})
	dir := t.TempDir()
	d, err := harvester.Download(context.Background(), nil, url, harvester.DownloadOptions{Dir: dir, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Remove()
	sum := sha256.Sum256([]byte("ok"))
	if d.Size != 2 || d.SHA256 != hex.EncodeToString(sum[:]) || calls.Load() != 2 {
		t.Errorf("size %d, sha256 %s after %d requests; want 2 bytes of \"ok\" after 2", d.Size, d.SHA256, calls.Load())
	}

	url404, calls404 := MustDownloadServer(t, func(_ int, w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	_, err = harvester.Download(context.Background(), nil, url404+"/weg.csv", harvester.DownloadOptions{Dir: dir, Backoff: time.Millisecond})
	if !errors.Is(err, municat.ErrUnavailable) || !strings.Contains(err.Error(), "HTTP 404") || !strings.Contains(err.Error(), url404+"/weg.csv") {
		t.Errorf("error %v, want ErrUnavailable naming HTTP 404 and the address", err)
	}
	if calls404.Load() != 1 {
		t.Errorf("%d requests for a 404, want 1", calls404.Load())
	}
}

func TestDownloadHonoursRetryAfter(t *testing.T) {
	url, _ := MustDownloadServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "ok")
	})
	start := time.Now()
	d, err := harvester.Download(context.Background(), nil, url, harvester.DownloadOptions{Dir: t.TempDir(), Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Remove()
	if el := time.Since(start); el < 900*time.Millisecond {
		t.Errorf("retried after %v, want the 1s Retry-After", el)
	}

	urlLong, calls := MustDownloadServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	_, err = harvester.Download(context.Background(), nil, urlLong, harvester.DownloadOptions{Dir: t.TempDir(), Backoff: time.Millisecond})
	if !errors.Is(err, municat.ErrUnavailable) || calls.Load() != 1 {
		t.Errorf("error %v after %d requests, want ErrUnavailable after 1: an hour is beyond MaxRetryAfter", err, calls.Load())
	}
}

func TestDownloadInvalidAndCancelled(t *testing.T) {
	if _, err := harvester.Download(context.Background(), nil, "file:///etc/passwd", harvester.DownloadOptions{}); !errors.Is(err, municat.ErrInvalid) {
		t.Errorf("file URL: error %v, want ErrInvalid", err)
	}
	release := make(chan struct{})
	defer close(release)
	url, _ := MustDownloadServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		fmt.Fprint(w, "partial")
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := harvester.Download(ctx, nil, url, harvester.DownloadOptions{Dir: dir, Backoff: time.Millisecond})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v, want the context's", err)
	}
	MustEmptyDir(t, dir)
}
