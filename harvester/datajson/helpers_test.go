package datajson_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester/datajson"
	"github.com/municat/municat/internal/fetchtest"
)

// Fixtures of real data.json catalogues.
const (
	evianFixture = "evian_arcgis_hub_data.json"
	nyFixture    = "ny.data.json"
)

// MustReadFixture returns a file of testdata/fixtures/dcat-us.
func MustReadFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "fixtures", "dcat-us", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// server serves one body at /data.json and counts the requests.
type server struct {
	*httptest.Server
	body     atomic.Value // []byte
	status   atomic.Int32
	requests atomic.Int32
	agent    atomic.Value // string
}

// newServer starts a loopback server serving body at /data.json, and
// redirects /old.json there.
func newServer(t *testing.T, body []byte) *server {
	t.Helper()
	s := &server{}
	s.body.Store(body)
	s.status.Store(http.StatusOK)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		s.agent.Store(r.Header.Get("User-Agent"))
		switch r.URL.Path {
		case "/old.json":
			http.Redirect(w, r, "/data.json", http.StatusMovedPermanently)
			return
		case "/data.json", "/sub/data.json":
		default:
			http.NotFound(w, r)
			return
		}
		if st := int(s.status.Load()); st != http.StatusOK {
			w.WriteHeader(st)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(s.body.Load().([]byte))
	}))
	t.Cleanup(s.Close)
	return s
}

// fetch runs a quick fetcher over the source at url with the options.
func fetch(t *testing.T, url string, options map[string]string) (*fetchtest.Result, error) {
	t.Helper()
	return fetchWith(t, &datajson.Fetcher{Backoff: time.Millisecond, Retries: -1}, url, options)
}

// fetchWith runs f over the source at url with the options.
func fetchWith(t *testing.T, f *datajson.Fetcher, url string, options map[string]string) (*fetchtest.Result, error) {
	t.Helper()
	return fetchtest.Run(t, f, fetchtest.Source(municat.SourceDataJSON, url, options))
}
