package standin

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/bench/synth"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/rdf"
)

// DCATBaseURL is the base of the IRIs of the DCAT stand-in's catalogue
// and datasets (see DCATRemoteID). It does not depend on the address the
// stand-in listens on, so a dataset keeps its IRI from run to run.
const DCATBaseURL = "https://daten.example"

// DefaultDCATPageSize is the datasets per page of DCAT unless it is told
// otherwise.
const DefaultDCATPageSize = 100

// DCAT serves g's datasets as a paged DCAT-AP.de catalogue in Turtle at
// /catalog.ttl?page=N (N from 1; also at /catalog), pageSize datasets per
// page (DefaultDCATPageSize if 0), written by municat's own dcat package
// as municat's catalogue endpoint writes it: the catalogue node, a
// hydra:PagedCollection with totalItems, first, last, previous and next,
// and the datasets. ?organization=<id> serves only that organisation's
// datasets (the paging links keep it). A page past the last is 404.
func DCAT(g synth.Generator, pageSize int) http.Handler {
	if pageSize <= 0 {
		pageSize = DefaultDCATPageSize
	}
	s := &dcatServer{g: g, pageSize: pageSize, byOrg: newOrgIndex(g), exporter: newExporter()}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /catalog.ttl", s.page)
	mux.HandleFunc("GET /catalog", s.page)
	return mux
}

// DCATRemoteID returns the remote id a harvest of the DCAT stand-in gives
// dataset i: its IRI. Its id in the catalogue is
// municat.DatasetID(sourceID, DCATRemoteID(g, i)).
func DCATRemoteID(g synth.Generator, i int) string {
	return DCATBaseURL + "/dataset/" + synth.SourceID + "." + g.RemoteID(i)
}

type dcatServer struct {
	g        synth.Generator
	pageSize int
	byOrg    *orgIndex
	exporter *dcat.Exporter
	ahead    lookahead
}

// newExporter returns the exporter of the stand-in's catalogue.
func newExporter() *dcat.Exporter {
	runner := &municat.Organization{ID: "synth", Name: "Synthetischer Datenkatalog", Homepage: DCATBaseURL + "/", Email: "opendata@daten.example"}
	return &dcat.Exporter{
		BaseURL:       DCATBaseURL,
		Catalog:       dcat.DefaultCatalog(DCATBaseURL, runner),
		Organizations: orgs,
	}
}

// page writes one page of the catalogue, and starts making the next one
// (see lookahead).
func (s *dcatServer) page(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, ok := intParam(q.Get("page"), 1)
	if !ok || page < 1 {
		http.Error(w, "page must be a positive integer", http.StatusBadRequest)
		return
	}
	org := q.Get("organization")
	var indexes []int32
	total := s.g.N
	if org != "" {
		indexes = s.byOrg.of(org)
		total = len(indexes)
	}
	last := max(1, (total+s.pageSize-1)/s.pageSize)
	if page > last {
		http.Error(w, "no such page", http.StatusNotFound)
		return
	}
	link := func(n int) string {
		v := url.Values{"page": {strconv.Itoa(n)}}
		if org != "" {
			v.Set("organization", org)
		}
		return "http://" + r.Host + r.URL.Path + "?" + v.Encode()
	}
	paging := func(n int) dcat.Page {
		p := dcat.Page{URL: link(n), First: link(1), Last: link(last), TotalItems: total, ItemsPerPage: s.pageSize}
		if n > 1 {
			p.Previous = link(n - 1)
		}
		if n < last {
			p.Next = link(n + 1)
		}
		return p
	}
	render := func(n int) func() []byte {
		return func() []byte { return s.render(paging(n), indexes, total, n) }
	}
	key := func(n int) string { return strings.Join([]string{r.Host, r.URL.Path, org, strconv.Itoa(n)}, "\x00") }
	body, ok := s.ahead.take(key(page))
	if !ok {
		body = render(page)()
	}
	if page < last {
		s.ahead.prepare(key(page+1), render(page+1))
	}
	w.Header().Set("Content-Type", rdf.Turtle.ContentType())
	w.Write(body)
}

// render writes page number page of the catalogue with the paging block
// hydra: the datasets of indexes (of all if nil), total in all.
func (s *dcatServer) render(hydra dcat.Page, indexes []int32, total, page int) []byte {
	var b bytes.Buffer
	b.Grow(s.pageSize * 7000)
	enc, err := rdf.NewEncoder(&b, rdf.Turtle, dcat.Prefixes)
	if err != nil {
		panic("standin: " + err.Error()) // Turtle has an encoder
	}
	enc.Encode(s.exporter.CatalogTriples()...)
	enc.Encode(dcat.HydraTriples(hydra)...)
	for k := (page - 1) * s.pageSize; k < min(page*s.pageSize, total); k++ {
		i := k
		if indexes != nil {
			i = int(indexes[k])
		}
		enc.Encode(s.exporter.DatasetTriples(s.g.Dataset(i), true)...)
	}
	enc.Close()
	return b.Bytes()
}
