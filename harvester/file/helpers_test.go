package file_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/file"
	"github.com/municat/municat/store/fs"
)

// fixtureDir holds the real municipal data files the tests serve.
const fixtureDir = "../../testdata/fixtures/municipal-data"

// MustFixture reads a municipal data file.
func MustFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir, name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// sha returns the hex SHA-256 of b.
func sha(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// served is one file of a fileServer.
type served struct {
	body   []byte
	ctype  string
	status int  // answered instead of the body if not 0
	etag   bool // send an ETag and honour If-None-Match
}

// request is what a fileServer saw of one request.
type request struct {
	path        string
	ifNoneMatch string
	status      int
}

// fileServer is a loopback web server whose files a test changes between
// runs; it records every request.
type fileServer struct {
	URL string

	mu       sync.Mutex
	files    map[string]served
	requests []request
}

// MustFileServer starts an empty fileServer.
func MustFileServer(tb testing.TB) *fileServer {
	tb.Helper()
	s := &fileServer{files: map[string]served{}}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Set serves body at path with the media type ctype, with an ETag.
func (s *fileServer) Set(path string, body []byte, ctype string) {
	s.SetFile(path, served{body: body, ctype: ctype, etag: true})
}

// SetFile serves f at path.
func (s *fileServer) SetFile(path string, f served) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[path] = f
}

// Requests returns the requests seen so far and forgets them.
func (s *fileServer) Requests() []request {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.requests
	s.requests = nil
	return r
}

func (s *fileServer) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	f, ok := s.files[r.URL.Path]
	s.mu.Unlock()
	status := http.StatusOK
	etag := `"` + sha(f.body)[:16] + `"`
	switch {
	case !ok:
		status = http.StatusNotFound
	case f.status != 0:
		status = f.status
	case f.etag && r.Header.Get("If-None-Match") == etag:
		status = http.StatusNotModified
	}
	s.mu.Lock()
	s.requests = append(s.requests, request{path: r.URL.Path, ifNoneMatch: r.Header.Get("If-None-Match"), status: status})
	s.mu.Unlock()
	if f.etag {
		w.Header().Set("ETag", etag)
	}
	if status != http.StatusOK {
		w.WriteHeader(status)
		return
	}
	if f.ctype != "" {
		w.Header().Set("Content-Type", f.ctype)
	}
	w.Write(f.body)
}

// clock is a settable time for the Runner and the Fetcher.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

// Set makes t the current time.
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Now returns the current time.
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// env is a Runner over a file store with a file Fetcher reading the same
// catalogue.
type env struct {
	store  municat.Store
	cat    *catalog.Catalog
	runner *harvester.Runner
	fetch  *file.Fetcher
	clock  *clock
	tmp    string
}

// MustEnv returns an env whose clock stands at t0.
func MustEnv(tb testing.TB) *env {
	tb.Helper()
	st, err := fs.Open(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	cat := catalog.New(st)
	c := &clock{now: t0}
	tmp := tb.TempDir()
	f := &file.Fetcher{Catalog: cat, Backoff: time.Millisecond, TempDir: tmp, Now: c.Now}
	return &env{
		store: st,
		cat:   cat,
		runner: &harvester.Runner{
			Catalog:  cat,
			Fetchers: map[string]harvester.Fetcher{municat.SourceFile: f},
			Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
			Now:      c.Now,
		},
		fetch: f,
		clock: c,
		tmp:   tmp,
	}
}

// t0 is the time of a test's first run.
var t0 = time.Date(2025, 3, 4, 2, 0, 0, 0, time.UTC)

// MustRun runs src at time at, and checks that the run left no temporary
// file behind.
func MustRun(tb testing.TB, e *env, src *municat.Source, at time.Time) *municat.Run {
	tb.Helper()
	e.clock.Set(at)
	res, err := e.runner.Run(context.Background(), src, harvester.RunOptions{})
	if err != nil {
		tb.Fatalf("Run: %v", err)
	}
	entries, err := os.ReadDir(e.tmp)
	if err != nil {
		tb.Fatal(err)
	}
	if len(entries) != 0 {
		tb.Errorf("run at %s left %d temporary files", at, len(entries))
	}
	return res.Run
}

// MustDataset reads a dataset from the catalogue.
func MustDataset(tb testing.TB, cat *catalog.Catalog, id string) *municat.Dataset {
	tb.Helper()
	d, err := cat.Dataset(context.Background(), id)
	if err != nil {
		tb.Fatalf("Dataset(%s): %v", id, err)
	}
	return d
}

// MustStored reads the file at key from the store and compares it with
// want.
func MustStored(tb testing.TB, st municat.Store, key string, want []byte) {
	tb.Helper()
	r, _, err := st.Get(context.Background(), key)
	if err != nil {
		tb.Fatalf("Get(%s): %v", key, err)
	}
	defer r.Close()
	got, err := io.ReadAll(r)
	if err != nil {
		tb.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("%s holds %d bytes (sha256 %s), want %d (sha256 %s)", key, len(got), sha(got)[:16], len(want), sha(want)[:16])
	}
}

// counts returns the counts of a run that the tests compare, without the
// DCAT-AP.de flags.
func counts(r *municat.Run) municat.RunCounts {
	c := r.Counts
	c.Flagged = 0
	return c
}
