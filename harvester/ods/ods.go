// Package ods harvests an Opendatasoft portal through its Explore API v2.1:
// it pages through /api/explore/v2.1/catalog/datasets with limit and offset
// and maps every dataset to a municat.Dataset (see mapping.go).
//
// The Explore API serves a search window of at most 10 000 datasets
// (offset+limit must stay below 10 000). A portal that reports 10 000 or
// more datasets is therefore read, in the way Opendatasoft documents for
// that case, from the catalogue export /api/explore/v2.1/catalog/exports/json
// in one document, which MaxBytes caps.
//
// Offset paging over a listing that may change during the run is the risky
// part, so Fetch is strict, as the CKAN fetcher is: it sorts by dataset_id,
// advances by what each page returned, and reports the listing incomplete
// when the count changes between pages, when a page comes back empty too
// early, when a page repeats an earlier one, when the paging does not end
// within MaxPages, or when fewer distinct datasets arrived than the portal
// counts. An incomplete listing withdraws nothing.
//
// Source options (municat.Source.Options):
//
//   - "where": an ODSQL filter passed on as where=, e.g.
//     `publisher = "Stadt Musterstadt"`, to harvest part of a portal;
//   - "refine": a facet refinement passed on as refine=, e.g.
//     "theme:Umwelt"; several, one per line;
//   - "apikey": an API key, sent as the apikey query parameter. It never
//     appears in stored page addresses, error messages or dataset links;
//   - "page_size": datasets per page, 1 to 100 (Opendatasoft's maximum);
//   - "order_by": the sort order, "dataset_id" by default; an empty value
//     sends none.
package ods

import (
	"context"
	"net/http"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/jsonvalue"
)

// Defaults and limits of a Fetcher.
const (
	// DefaultPageSize is the datasets asked for per page.
	DefaultPageSize = 100
	// MaxPageSize is the most datasets Opendatasoft returns per page.
	MaxPageSize = 100
	// SearchWindow is the size of the search window: offset+limit must stay
	// below it. A portal counting this many datasets or more is read from
	// the catalogue export.
	SearchWindow = 10000
	// DefaultMaxPages stops a listing that does not end.
	DefaultMaxPages = SearchWindow
	// DefaultOrderBy is the sort order of the listing: new datasets do not
	// all land on the pages still to fetch, and the order is the same on
	// every request.
	DefaultOrderBy = "dataset_id"
)

// Fetcher fetches an Opendatasoft portal. The zero value uses
// http.DefaultClient and the defaults; production code passes
// harvester.NewHTTPClient().
type Fetcher struct {
	// Client makes the requests (http.DefaultClient if nil).
	Client *http.Client
	// PageSize is the datasets asked for per page (DefaultPageSize if 0,
	// at most MaxPageSize); the source option "page_size" overrides it.
	PageSize int
	// MaxBytes caps one response, the catalogue export included
	// (harvester.DefaultMaxBytes if 0).
	MaxBytes int64
	// MaxPages caps the pages of one listing (DefaultMaxPages if 0).
	MaxPages int
	// Retries and Backoff tune the retries of a failed request (see
	// harvester.GetOptions).
	Retries int
	Backoff time.Duration

	// window is the search window (SearchWindow if 0); tests shrink it.
	window int
}

var _ harvester.Fetcher = (*Fetcher)(nil)

// Fetch lists every dataset of the portal at src.URL and emits one Page per
// response; see harvester.Fetcher for the contract and the package comment
// for the options. src.URL may be the portal's root, with or without a
// trailing slash, or already end in /api/explore/v2.1.
func (f *Fetcher) Fetch(ctx context.Context, src *municat.Source, emit func(*harvester.Page) error) error {
	q, err := newQuery(src, f.PageSize)
	if err != nil {
		return err
	}
	window := f.window
	if window <= 0 {
		window = SearchWindow
	}
	r := &run{
		f:      f,
		q:      q,
		window: window,
		emit:   emit,
		seen:   map[string]bool{},
		pages:  map[string]int{},
	}
	return r.list(ctx)
}

// run is the state of one Fetch.
type run struct {
	f *Fetcher
	q *query
	// window is the search window in force.
	window int
	emit   func(*harvester.Page) error
	// seen holds the remote ids delivered so far; unnamed counts the
	// datasets delivered without an id.
	seen    map[string]bool
	unnamed int
	// pages maps the ids of each page, joined, to the page's number.
	pages map[string]int
}

// get fetches u with the Fetcher's limits and turns a failure into an error
// a data officer can act on (see explain), without the API key.
func (r *run) get(ctx context.Context, u string, export bool) ([]byte, string, error) {
	opts := harvester.GetOptions{MaxBytes: r.f.MaxBytes, Accept: "application/json", Retries: r.f.Retries, Backoff: r.f.Backoff}
	body, ctype, err := harvester.GetBody(ctx, r.f.Client, u, opts)
	if err != nil {
		return nil, "", r.q.redactErr(r.explain(err, export))
	}
	if ctype == "" {
		ctype = "application/json"
	}
	return body, ctype, nil
}

// page builds the Page of a response from its datasets, read with
// parseObjects, and notes their ids.
func (r *run) page(u string, body []byte, ctype string, datasets []jsonvalue.Object) *harvester.Page {
	p := &harvester.Page{URL: r.q.redact(u), Body: body, ContentType: ctype, Ext: "json"}
	for _, ds := range datasets {
		rec, listed := record(ds, r.q.site)
		if rec.RemoteID != "" {
			r.seen[rec.RemoteID] = true
		} else {
			r.unnamed++
		}
		if listed {
			p.Records = append(p.Records, rec)
		}
	}
	return p
}

// delivered is the number of datasets seen so far, counting each id once.
func (r *run) delivered() int { return len(r.seen) + r.unnamed }
