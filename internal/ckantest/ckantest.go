// Package ckantest runs a CKAN Action API for tests, on 127.0.0.1, built
// from real CKAN responses (testdata/fixtures/ckan): it holds the packages of
// the fixtures and answers package_search and package_show as CKAN does,
// with the packages byte for byte as captured. Tests change what it holds
// (Remove, Restore, Put), make it fail (FailWith, FailAfter) and count its
// requests.
//
//	srv := ckantest.New(t)
//	srv.SetMaxRows(2)
//	src := &municat.Source{ID: "demo", Type: municat.SourceCKAN, URL: srv.URL, Organization: "demo"}
package ckantest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"sync"
	"testing"
)

// Server is a test CKAN portal. Its methods are safe for concurrent use.
type Server struct {
	// URL is the portal's root, e.g. "http://127.0.0.1:41234".
	URL string
	srv *httptest.Server

	mu        sync.Mutex
	packages  map[string]json.RawMessage // id → package, as served now
	fixtures  map[string]json.RawMessage // id → package as loaded
	maxRows   int
	status    int // answer every request with this status if not 0 …
	failAfter int // … after this many good requests
	requests  int
	userAgent string
	onRequest func(n int)
}

// DefaultMaxRows is the cap on rows, as CKAN's ckan.search.rows_max.
const DefaultMaxRows = 1000

// New starts a server holding the fixture packages (see MustPackages) and
// stops it when the test ends.
func New(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{packages: map[string]json.RawMessage{}, fixtures: map[string]json.RawMessage{}, maxRows: DefaultMaxRows}
	for _, p := range MustPackages(tb) {
		id := MustPackageID(tb, p)
		s.packages[id], s.fixtures[id] = p, p
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	tb.Cleanup(s.Close)
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// SetMaxRows caps the rows of one package_search page at n, as a CKAN
// server caps them whatever the client asks for.
func (s *Server) SetMaxRows(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxRows = n
}

// Remove deletes the package with id, as if it was deleted at the source,
// and reports whether there was one.
func (s *Server) Remove(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.packages[id]
	delete(s.packages, id)
	return ok
}

// Restore puts the fixture package with id back as it was loaded, and
// reports whether there is one.
func (s *Server) Restore(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.fixtures[id]
	if ok {
		s.packages[id] = p
	}
	return ok
}

// Put adds the package pkg (a JSON object with an "id") or replaces the one
// with its id.
func (s *Server) Put(pkg json.RawMessage) error {
	var p struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(pkg, &p); err != nil || p.ID == "" {
		return fmt.Errorf("ckantest: put: the package is no JSON object with an id: %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.packages[p.ID] = append(json.RawMessage(nil), pkg...)
	return nil
}

// FailWith makes every request answer with HTTP status (0 stops failing).
func (s *Server) FailWith(status int) { s.FailAfter(0, status) }

// FailAfter makes every request after the next n answer with HTTP status.
func (s *Server) FailAfter(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status, s.failAfter = status, s.requests+n
}

// OnRequest calls fn at the start of every request with its number (from
// 1), before the request is answered; tests use it to change the portal
// between two pages.
func (s *Server) OnRequest(fn func(n int)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onRequest = fn
}

// Requests returns the number of requests served so far.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// UserAgent returns the User-Agent header of the last request.
func (s *Server) UserAgent() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.userAgent
}

// IDs returns the ids of the packages it holds, in the order package_search
// lists them (by metadata_created, then id).
func (s *Server) IDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.orderLocked()
}

func (s *Server) orderLocked() []string {
	type key struct{ created, id string }
	keys := make([]key, 0, len(s.packages))
	for id, p := range s.packages {
		var v struct {
			Created string `json:"metadata_created"`
		}
		_ = json.Unmarshal(p, &v)
		keys = append(keys, key{v.Created, id})
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].created != keys[j].created {
			return keys[i].created < keys[j].created
		}
		return keys[i].id < keys[j].id
	})
	ids := make([]string, len(keys))
	for i, k := range keys {
		ids[i] = k.id
	}
	return ids
}

// SearchPage returns the body package_search answers now for start and
// rows (rows capped at the maximum).
func (s *Server) SearchPage(start, rows int) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.searchLocked(start, rows)
}

func (s *Server) searchLocked(start, rows int) []byte {
	rows = min(rows, s.maxRows)
	ids := s.orderLocked()
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"help": %q, "success": true, "result": {"count": %d, "sort": "metadata_created asc, id asc", "facets": {}, "results": [`,
		s.URL+"/api/3/action/help_show?name=package_search", len(ids))
	for i := start; i < len(ids) && i < start+rows; i++ {
		if i > start {
			b.WriteString(", ")
		}
		b.Write(s.packages[ids[i]])
	}
	b.WriteString(`], "search_facets": {}}}`)
	return b.Bytes()
}

// serve answers one request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	n, fn := s.requests, s.onRequest
	s.userAgent = r.UserAgent()
	s.mu.Unlock()
	if fn != nil {
		fn(n)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.status != 0 && n > s.failAfter {
		http.Error(w, http.StatusText(s.status), s.status)
		return
	}
	switch r.URL.Path {
	case "/api/3/action/package_search":
		rows, err1 := intParam(r, "rows", 10)
		start, err2 := intParam(r, "start", 0)
		if err1 != nil || err2 != nil {
			s.fail(w, http.StatusConflict, "Validation Error", "rows and start must be whole numbers ≥ 0")
			return
		}
		s.reply(w, s.searchLocked(start, rows))
	case "/api/3/action/package_show":
		p, ok := s.packages[r.URL.Query().Get("id")]
		if !ok {
			s.fail(w, http.StatusNotFound, "Not Found Error", "Not found")
			return
		}
		var b bytes.Buffer
		fmt.Fprintf(&b, `{"help": %q, "success": true, "result": `, s.URL+"/api/3/action/help_show?name=package_show")
		b.Write(p)
		b.WriteString("}")
		s.reply(w, b.Bytes())
	default:
		s.fail(w, http.StatusNotFound, "Not Found Error", "Not found")
	}
}

func (s *Server) reply(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// fail answers as CKAN does when an action fails.
func (s *Server) fail(w http.ResponseWriter, status int, typ, msg string) {
	body, _ := json.Marshal(map[string]any{
		"help":    s.URL + "/api/3/action/help_show",
		"success": false,
		"error":   map[string]string{"__type": typ, "message": msg},
	})
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// intParam reads a query parameter that must be a whole number ≥ 0.
func intParam(r *http.Request, name string, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad %s %q", name, v)
	}
	return n, nil
}
