package datajson_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/datajson"
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

// fetched is what one Fetch emitted.
type fetched struct {
	pages   []*harvester.Page
	records map[string]harvester.Record // by remote id, records without error
	ids     []string                    // remote ids of the records without error, in order
	errs    []harvester.Record
}

// fetch runs a quick fetcher over the source at url with the options.
func fetch(t *testing.T, url string, options map[string]string) (*fetched, error) {
	t.Helper()
	f := &datajson.Fetcher{Backoff: time.Millisecond, Retries: -1}
	return fetchWith(t, f, url, options)
}

func fetchWith(t *testing.T, f *datajson.Fetcher, url string, options map[string]string) (*fetched, error) {
	t.Helper()
	src := &municat.Source{ID: "test", Type: municat.SourceDataJSON, URL: url, Organization: "test", Options: options}
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

// MustFailWith checks that err ends the run with a message containing
// want and matches municat.ErrUnavailable.
func MustFailWith(tb testing.TB, err error, want string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("no error, want one saying %q", want)
	}
	if msg := municat.ErrorMessage(err); !strings.Contains(msg, want) {
		tb.Fatalf("error %q, want it to say %q", msg, want)
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
