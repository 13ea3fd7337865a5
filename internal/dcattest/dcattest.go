// Package dcattest serves DCAT catalogues for tests on 127.0.0.1: the real
// catalogues of testdata/fixtures/dcat byte for byte, and generated
// catalogues split into Hydra pages in the paging styles seen in the wild
// (see Style). Tests put documents at request URIs, make the server fail,
// and count its requests. Expected says what a DCAT consumer reads back from
// municat's export of a dataset, for the round-trip tests.
//
//	srv := dcattest.New(t)
//	srv.Put("/catalog.rdf", dcattest.Doc{ContentType: "application/rdf+xml", Body: dcattest.ReadFixture(t, dcattest.CatalogEndpoint)})
package dcattest

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Doc is a document the server answers with.
type Doc struct {
	// ContentType is the Content-Type header; "" sends none at all (no
	// sniffing by net/http either).
	ContentType string
	// Body is the response body.
	Body []byte
}

// Server is a test catalogue server. Its methods are safe for concurrent
// use.
type Server struct {
	// URL is the server's root, e.g. "http://127.0.0.1:41234".
	URL string
	srv *httptest.Server

	mu        sync.Mutex
	docs      map[string]Doc // request URI → document
	fallback  http.HandlerFunc
	hits      map[string]int
	requests  int
	status    int // answer every request with this status if not 0 …
	failAfter int // … after this many good requests
	accept    string
}

// New starts an empty server and stops it when the test ends.
func New(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{docs: map[string]Doc{}, hits: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	tb.Cleanup(s.Close)
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// Put serves d at uri, a path with an optional query such as
// "/catalog.ttl?page=2" (matched exactly).
func (s *Server) Put(uri string, d Doc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[uri] = d
}

// HandleFunc answers the requests for which no document was put with h
// (404 without one); tests use it for catalogues that never end.
func (s *Server) HandleFunc(h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fallback = h
}

// FailAfter makes every request after the next n answer with HTTP status
// (0 stops failing).
func (s *Server) FailAfter(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status, s.failAfter = status, s.requests+n
}

// Requests returns the number of requests so far.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// Hits returns the number of requests for uri.
func (s *Server) Hits(uri string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[uri]
}

// Accept returns the Accept header of the last request.
func (s *Server) Accept() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accept
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	uri := r.URL.RequestURI()
	s.mu.Lock()
	s.requests++
	s.hits[uri]++
	s.accept = r.Header.Get("Accept")
	failing := s.status != 0 && s.requests > s.failAfter
	status := s.status
	d, ok := s.docs[uri]
	fallback := s.fallback
	s.mu.Unlock()
	switch {
	case failing:
		http.Error(w, http.StatusText(status), status)
	case ok:
		if d.ContentType == "" {
			w.Header()["Content-Type"] = nil
		} else {
			w.Header().Set("Content-Type", d.ContentType)
		}
		_, _ = w.Write(d.Body)
	case fallback != nil:
		fallback(w, r)
	default:
		http.NotFound(w, r)
	}
}
