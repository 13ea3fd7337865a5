package ods_test

import (
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
	"github.com/municat/municat/harvester/ods"
	"github.com/municat/municat/internal/fetchtest"
)

// Fixture files (see testdata/README.md: hand-written, not captures).
const (
	page0Fixture  = "catalog-datasets-offset-0.json"
	page2Fixture  = "catalog-datasets-offset-2.json"
	page4Fixture  = "catalog-datasets-offset-4.json"
	exportFixture = "catalog-exports-json.json"
	odsqlFixture  = "error-400-odsql.json"
	quotaFixture  = "error-429-quota.json"
)

// fixtureIDs are the dataset_ids of the fixture pages, in order.
var fixtureIDs = []string{"baumkataster", "parkhaeuser-belegung", "haushaltsplan-2024", "ratsinformation-sitzungstermine", "kommunalwahl-2020-ergebnisse"}

// MustReadFixture returns the bytes of testdata/name.
func MustReadFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// portal is a loopback Opendatasoft portal. By default it serves the
// fixture pages by offset (any limit) and the fixture export; search and
// export replace those handlers.
type portal struct {
	*httptest.Server
	t *testing.T

	mu       sync.Mutex
	requests []*url.URL
	agents   []string
	pages    map[int][]byte
	search   http.HandlerFunc
	export   http.HandlerFunc
}

func newPortal(t *testing.T) *portal {
	t.Helper()
	p := &portal{t: t, pages: map[int][]byte{
		0: MustReadFixture(t, page0Fixture),
		2: MustReadFixture(t, page2Fixture),
		4: MustReadFixture(t, page4Fixture),
	}}
	p.search = p.servePages
	p.export = func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, MustReadFixture(t, exportFixture)) }
	p.Server = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.Close)
	return p
}

func (p *portal) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.requests = append(p.requests, r.URL)
	p.agents = append(p.agents, r.Header.Get("User-Agent"))
	search, export := p.search, p.export
	p.mu.Unlock()
	switch r.URL.Path {
	case "/api/explore/v2.1/catalog/datasets":
		search(w, r)
	case "/api/explore/v2.1/catalog/exports/json":
		export(w, r)
	default:
		http.NotFound(w, r)
	}
}

// servePages serves the page stored for the request's offset.
func (p *portal) servePages(w http.ResponseWriter, r *http.Request) {
	body, ok := p.pages[offsetOf(r)]
	if !ok {
		writeJSON(w, 400, []byte(`{"error_code":"InvalidRESTParameterError","message":"no such page"}`))
		return
	}
	writeJSON(w, 200, body)
}

// Requests returns the URLs the portal was asked for.
func (p *portal) Requests() []*url.URL {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*url.URL(nil), p.requests...)
}

func offsetOf(r *http.Request) int {
	n, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	return n
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// withTotal returns the fixture page with total_count set to total.
func withTotal(tb testing.TB, page []byte, total int) []byte {
	tb.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(page, &m); err != nil {
		tb.Fatal(err)
	}
	m["total_count"] = json.RawMessage(strconv.Itoa(total))
	b, err := json.Marshal(m)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// syntheticDatasets returns n minimal datasets with ids ds-00000…, from
// index from on.
func syntheticDatasets(from, n int) []byte {
	var b strings.Builder
	b.WriteByte('[')
	for i := from; i < from+n; i++ {
		if i > from {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"dataset_id":"ds-%05d","has_records":true,"features":[],"metas":{"default":{"title":"Datensatz %d"}}}`, i, i)
	}
	b.WriteByte(']')
	return []byte(b.String())
}

// syntheticPage returns a search page of a catalogue of total synthetic
// datasets for the request's offset and limit.
func syntheticPage(r *http.Request, total int) []byte {
	offset := offsetOf(r)
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	n := max(0, min(limit, total-offset))
	return []byte(fmt.Sprintf(`{"total_count":%d,"results":%s}`, total, syntheticDatasets(offset, n)))
}

// fetch runs f over a source at u with the options and collects the pages.
func fetch(t *testing.T, f *ods.Fetcher, u string, options map[string]string) (*fetchtest.Result, error) {
	t.Helper()
	src := &municat.Source{ID: "musterstadt", Type: municat.SourceODS, URL: u, Organization: "stadt-musterstadt", Options: options}
	return fetchtest.Run(t, f, src)
}

// quick is a Fetcher that does not wait long between retries.
func quick() *ods.Fetcher { return &ods.Fetcher{Backoff: time.Millisecond} }

// pageSize2 asks for pages of two datasets, as the fixtures are cut.
var pageSize2 = map[string]string{"page_size": "2"}
