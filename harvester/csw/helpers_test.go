package csw_test

import (
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
	"github.com/municat/municat/harvester/csw"
	"github.com/municat/municat/internal/fetchtest"
	"github.com/municat/municat/internal/repotest"
)

// The fixtures, in testdata/fixtures/csw (see testdata/SOURCES.md).
const (
	fisBroker    = "fisbroker_csw_getrecords_01.xml"
	geoPage1     = "geonetwork-iso19139-page-1.xml"
	geoPage3     = "geonetwork-iso19139-page-3.xml"
	geoPage5     = "geonetwork-iso19139-page-5.xml"
	inspire      = "inspire-getrecords-response.xml"
	capabilities = "fisbroker_csw_getcapabilities.xml"
)

// MustFixture returns the bytes of a CSW fixture.
func MustFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(repotest.Dir(tb, "testdata/fixtures/csw"), name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// cswServer is a CSW endpoint on loopback that answers GetRecords with a
// fixed body per startPosition.
type cswServer struct {
	*httptest.Server
	mu       sync.Mutex
	pages    map[int][]byte // startPosition → body
	fallback []byte         // for any other startPosition, if not nil
	caps     []byte         // the GetCapabilities answer
	status   int            // if not 0, every answer has this status
	requests []url.Values   // the queries, lower-cased keys
	accepts  []string
}

// newServer starts a CSW server serving pages by startPosition.
func newServer(tb testing.TB, pages map[int][]byte) *cswServer {
	tb.Helper()
	s := &cswServer{pages: pages}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.Close)
	return s
}

func (s *cswServer) serve(w http.ResponseWriter, r *http.Request) {
	q := url.Values{}
	for k, v := range r.URL.Query() {
		q[strings.ToLower(k)] = v
	}
	s.mu.Lock()
	s.requests = append(s.requests, q)
	s.accepts = append(s.accepts, r.Header.Get("Accept"))
	status, caps, fallback := s.status, s.caps, s.fallback
	body, ok := s.pages[atoi(q.Get("startposition"))]
	s.mu.Unlock()
	if status != 0 {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/xml;charset=UTF-8")
	switch {
	case strings.EqualFold(q.Get("request"), "GetCapabilities") && caps != nil:
		_, _ = w.Write(caps)
	case !strings.EqualFold(q.Get("request"), "GetRecords"):
		http.Error(w, "unexpected request", http.StatusBadRequest)
	case ok:
		_, _ = w.Write(body)
	case fallback != nil:
		_, _ = w.Write(fallback)
	default:
		http.NotFound(w, r)
	}
}

// Requests returns the queries the server got, keys lower-cased.
func (s *cswServer) Requests() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]url.Values(nil), s.requests...)
}

// Starts returns the startPosition of every request, in order.
func (s *cswServer) Starts() []int {
	var out []int
	for _, q := range s.Requests() {
		out = append(out, atoi(q.Get("startposition")))
	}
	return out
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// fetch runs f over a CSW source at u and collects the pages.
func fetch(tb testing.TB, f *csw.Fetcher, u string, opts map[string]string) (*fetchtest.Result, error) {
	tb.Helper()
	src := &municat.Source{ID: "geo", Type: municat.SourceCSW, URL: u, Organization: "stadt", Options: opts}
	return fetchtest.Run(tb, f, src)
}

// quick returns a fetcher that does not wait long before retries.
func quick() *csw.Fetcher { return &csw.Fetcher{Backoff: time.Millisecond, Retries: -1} }
