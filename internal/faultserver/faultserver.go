// Package faultserver runs a loopback HTTP server for tests that answers
// like a normal source until a test switches a fault on: HTTP errors that
// stop after a while, a server that never answers, a cut connection, a
// malformed body, a huge body, paging that never ends, a body that arrives
// one byte at a time (see Fault and the functions returning one).
//
// The server wraps a normal handler, usually a Docs serving a real fixture
// (CKAN or DCAT). Faults are switched per path or for every request, at
// any time, from any goroutine. The server counts the requests and the body
// bytes it sent per path, so a test can show retries, waits and that a
// client stopped reading.
//
//	srv := faultserver.New(t, faultserver.CKAN(t))
//	srv.Set(faultserver.SearchPath, faultserver.FailN(http.StatusInternalServerError, 2))
//	src := &municat.Source{ID: "demo", Type: municat.SourceCKAN, URL: srv.URL, Organization: "demo"}
package faultserver

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// All is the path that Set, Requests and Sent take for every request.
const All = ""

// Server is a fault-injecting test server on 127.0.0.1. Its methods are
// safe for concurrent use.
type Server struct {
	// URL is the server's root, e.g. "http://127.0.0.1:41234".
	URL string

	srv  *httptest.Server
	next http.Handler
	quit context.Context // done when the server closes; ends hanging faults
	stop context.CancelFunc

	mu     sync.Mutex
	faults map[string]Fault       // path → fault; All for every path
	hits   map[string][]time.Time // path → arrival time of each request
	sent   map[string]int64       // path → body bytes written
	active int                    // requests being answered
}

// New starts a server answering with h unless a fault is set, and stops it
// when the test ends.
func New(tb testing.TB, h http.Handler) *Server {
	tb.Helper()
	quit, stop := context.WithCancel(context.Background())
	s := &Server{
		next:   h,
		quit:   quit,
		stop:   stop,
		faults: map[string]Fault{},
		hits:   map[string][]time.Time{},
		sent:   map[string]int64{},
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	tb.Cleanup(s.Close)
	return s
}

// Close ends the requests still going on (hanging and dripping ones too)
// and stops the server. It may be called more than once.
func (s *Server) Close() {
	s.stop()
	s.srv.Close()
}

// Set makes the requests for path (a URL path without query, such as
// SearchPath, or All) answer with f from now on; nil switches the fault of
// path off. A fault set for a path wins over the one set for All.
func (s *Server) Set(path string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f == nil {
		delete(s.faults, path)
		return
	}
	s.faults[path] = f
}

// Clear switches every fault off.
func (s *Server) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.faults)
}

// Requests returns the number of requests for path so far (All: for every
// path), counted when they arrive.
func (s *Server) Requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if path != All {
		return len(s.hits[path])
	}
	n := 0
	for _, h := range s.hits {
		n += len(h)
	}
	return n
}

// Times returns when each request for path arrived, in order (nil for
// All).
func (s *Server) Times(path string) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.hits[path]...)
}

// Active returns the number of requests being answered now: hanging,
// dripping or streaming ones, for instance.
func (s *Server) Active() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.active
}

// Sent returns the number of body bytes written for requests of path so far
// (All: for every path): what the connection accepted, which for a client
// that stops reading is far less than what the fault meant to send.
func (s *Server) Sent(path string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if path != All {
		return s.sent[path]
	}
	var n int64
	for _, c := range s.sent {
		n += c
	}
	return n
}

// serve answers one request: with the fault of its path, else the fault
// for All, else the wrapped handler. The request's context ends when the
// client goes away or the server closes.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	s.mu.Lock()
	s.hits[path] = append(s.hits[path], time.Now())
	s.active++
	f := s.faults[path]
	if f == nil {
		f = s.faults[All]
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.active--
		s.mu.Unlock()
	}()

	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	defer context.AfterFunc(s.quit, cancel)()
	r = r.WithContext(ctx)
	cw := &countingWriter{ResponseWriter: w, add: func(n int) {
		s.mu.Lock()
		s.sent[path] += int64(n)
		s.mu.Unlock()
	}}
	if f == nil {
		s.next.ServeHTTP(cw, r)
		return
	}
	f(cw, r, s.next)
}

// countingWriter reports the body bytes written through it.
type countingWriter struct {
	http.ResponseWriter
	add func(n int)
}

// Write writes p and counts what was written.
func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.add(n)
	return n, err
}

// Flush sends what is buffered to the client.
func (c *countingWriter) Flush() { _ = http.NewResponseController(c.ResponseWriter).Flush() }

// Unwrap returns the underlying ResponseWriter, for http.ResponseController.
func (c *countingWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }
