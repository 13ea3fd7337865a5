package faultserver

import (
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/municat/municat/internal/ckantest"
	"github.com/municat/municat/internal/dcattest"
)

// Paths the fixture Docs serve at.
const (
	// SearchPath is where CKAN serves package_search.
	SearchPath = "/api/3/action/package_search"
	// CatalogPath is where DCAT serves the catalogue.
	CatalogPath = "/catalog.rdf"
)

// Doc is a document Docs answers with.
type Doc struct {
	// ContentType is the Content-Type header.
	ContentType string
	// Body is the response body.
	Body []byte
}

// Docs is the normal handler of a test: it answers a request with the
// document put at its URL path (whatever the query), 404 otherwise. Its
// methods are safe for concurrent use, so a test can change the source
// between two runs.
type Docs struct {
	mu   sync.Mutex
	docs map[string]Doc
}

// NewDocs returns a Docs without documents.
func NewDocs() *Docs { return &Docs{docs: map[string]Doc{}} }

// CKAN returns a Docs serving the real package_search response of
// demo.ckan.org (ckantest.SearchFixture: 3 packages, count 3) at
// SearchPath: a complete listing on one page for any rows ≥ 3.
func CKAN(tb testing.TB) *Docs {
	tb.Helper()
	d := NewDocs()
	d.Put(SearchPath, Doc{ContentType: "application/json;charset=utf-8", Body: ckantest.ReadFixture(tb, ckantest.SearchFixture)})
	return d
}

// DCAT returns a Docs serving the real catalogue of ckanext-dcatde
// (dcattest.CatalogEndpoint, RDF/XML: 6 datasets on a single page,
// hydra:totalItems 6) at CatalogPath.
func DCAT(tb testing.TB) *Docs {
	tb.Helper()
	d := NewDocs()
	d.Put(CatalogPath, Doc{ContentType: "application/rdf+xml; charset=utf-8", Body: dcattest.ReadFixture(tb, dcattest.CatalogEndpoint)})
	return d
}

// Put serves doc at path (a URL path without query).
func (d *Docs) Put(path string, doc Doc) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.docs[path] = doc
}

// Get returns the document at path.
func (d *Docs) Get(path string) (Doc, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	doc, ok := d.docs[path]
	return doc, ok
}

// ServeHTTP answers with the document at r's path, or 404.
func (d *Docs) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	doc, ok := d.Get(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", doc.ContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(doc.Body)))
	_, _ = w.Write(doc.Body)
}
