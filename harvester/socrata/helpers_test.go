package socrata_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester/socrata"
	"github.com/municat/municat/internal/fetchtest"
)

// bostonFixture is a Discovery API answer: 7 results from several
// domains, resultSetSize 150680.
const bostonFixture = "sodapy_catalog_v1_boston.json"

// MustReadFixture returns a file of testdata/fixtures/dcat-us.
func MustReadFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "fixtures", "dcat-us", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// MustFixtureResults returns the results of the Boston fixture as raw JSON
// and its resultSetSize.
func MustFixtureResults(tb testing.TB) ([]json.RawMessage, int) {
	tb.Helper()
	var resp struct {
		Results       []json.RawMessage `json:"results"`
		ResultSetSize int               `json:"resultSetSize"`
	}
	if err := json.Unmarshal(MustReadFixture(tb, bostonFixture), &resp); err != nil {
		tb.Fatal(err)
	}
	return resp.Results, resp.ResultSetSize
}

// server is a Discovery API on loopback that pages through a list of
// results with limit and offset.
type server struct {
	*httptest.Server

	mu      sync.Mutex
	results []json.RawMessage
	total   int                                              // resultSetSize to report
	page    func(offset, limit int) ([]json.RawMessage, int) // overrides the paging if set
	status  int
	queries []url.Values
	agents  []string
}

// newServer starts a server over results reporting total.
func newServer(t *testing.T, results []json.RawMessage, total int) *server {
	t.Helper()
	s := &server{results: results, total: total, status: http.StatusOK}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.URL.Path != "/api/catalog/v1" {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	s.queries = append(s.queries, q)
	s.agents = append(s.agents, r.Header.Get("User-Agent"))
	if s.status != http.StatusOK {
		w.WriteHeader(s.status)
		return
	}
	offset, _ := strconv.Atoi(q.Get("offset"))
	limit, _ := strconv.Atoi(q.Get("limit"))
	var page []json.RawMessage
	total := s.total
	if s.page != nil {
		page, total = s.page(offset, limit)
	} else if offset < len(s.results) {
		page = s.results[offset:min(offset+limit, len(s.results))]
	}
	if page == nil {
		page = []json.RawMessage{}
	}
	body, _ := json.Marshal(map[string]any{"results": page, "resultSetSize": total, "timings": map[string]int{"serviceMillis": len(s.queries)}})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(body)
}

// SetPage makes fn answer every request instead of the list.
func (s *server) SetPage(fn func(offset, limit int) ([]json.RawMessage, int)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.page = fn
}

// SetStatus makes every request fail with status.
func (s *server) SetStatus(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status = status
}

// Agents returns the User-Agent headers of the requests so far.
func (s *server) Agents() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.agents...)
}

// Queries returns the query strings of the requests so far.
func (s *server) Queries() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]url.Values(nil), s.queries...)
}

// fetch runs f over the source at srcURL with the options; a Backoff of
// 0 becomes a millisecond.
func fetch(t *testing.T, f *socrata.Fetcher, srcURL string, options map[string]string) (*fetchtest.Result, error) {
	t.Helper()
	if f.Backoff == 0 {
		f.Backoff = time.Millisecond
	}
	return fetchtest.Run(t, f, fetchtest.Source(municat.SourceSocrata, srcURL, options))
}

// result returns a minimal Discovery API result.
func result(id, name, typ string) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"resource": {"id": %q, "name": %q, "type": %q}, "metadata": {"domain": "data.example.org"}, "permalink": "https://data.example.org/d/%s"}`, id, name, typ, id))
}
