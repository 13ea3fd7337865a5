package socrata_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/socrata"
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

// fetched is what one Fetch emitted.
type fetched struct {
	pages   []*harvester.Page
	records map[string]harvester.Record // records without error, by remote id
	ids     []string                    // their remote ids, in order
	errs    []harvester.Record
}

// fetch runs f over the source at srcURL with the options.
func fetch(t *testing.T, f *socrata.Fetcher, srcURL string, options map[string]string) (*fetched, error) {
	t.Helper()
	if f.Backoff == 0 {
		f.Backoff = time.Millisecond
	}
	src := &municat.Source{ID: "test", Type: municat.SourceSocrata, URL: srcURL, Organization: "test", Options: options}
	out := &fetched{records: map[string]harvester.Record{}}
	err := f.Fetch(context.Background(), src, func(p *harvester.Page) error {
		out.pages = append(out.pages, p)
		for _, r := range p.Records {
			if r.Err != nil {
				out.errs = append(out.errs, r)
				continue
			}
			out.ids = append(out.ids, r.RemoteID)
			out.records[r.RemoteID] = r
		}
		return nil
	})
	return out, err
}

// MustFailWith checks that err ends the run as ErrUnavailable with a
// message containing want.
func MustFailWith(tb testing.TB, err error, want string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("no error, want one saying %q", want)
	}
	if msg := municat.ErrorMessage(err); !strings.Contains(msg, want) || municat.ErrorCode(err) != municat.EUNAVAILABLE {
		tb.Fatalf("error %q (%s), want %s saying %q", msg, municat.ErrorCode(err), municat.EUNAVAILABLE, want)
	}
}

// MustValidate checks that the dataset of rec passes validation as the
// Runner would see it.
func MustValidate(tb testing.TB, rec harvester.Record) {
	tb.Helper()
	d := *rec.Dataset
	d.ID = municat.DatasetID("test", rec.RemoteID)
	d.State = municat.Published
	if err := d.Validate(); err != nil {
		tb.Errorf("dataset %s is invalid: %v", rec.RemoteID, err)
	}
}

// result returns a minimal Discovery API result.
func result(id, name, typ string) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"resource": {"id": %q, "name": %q, "type": %q}, "metadata": {"domain": "data.example.org"}, "permalink": "https://data.example.org/d/%s"}`, id, name, typ, id))
}
