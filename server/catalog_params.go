package server

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/municat/municat"
)

// Page sizes of the DCAT catalogue.
const (
	// CatalogPerPage is the catalogue's page size when per_page is not
	// given; it is ckanext-dcat's.
	CatalogPerPage = 100
	// MaxCatalogPerPage is the largest page size of the catalogue.
	MaxCatalogPerPage = 1000
)

// catalogRequest is a parsed request for a page of the DCAT catalogue.
type catalogRequest struct {
	// Query is the search that selects the page's datasets, in id order.
	Query municat.Query
	// Carry are the parameters every paging link repeats (all but page).
	Carry url.Values
}

// parseCatalog turns the parameters of GET /catalog.{ext} into a request:
// page, per_page, modified_since and the search API's q and facet filters.
// Like parseSearch it names every bad parameter and ignores unknown ones
// (ckanext-dcat's profiles, for example). Unlike the search API it allows
// paging to any depth: a harvester must reach every dataset. after (a
// dataset id, which the next links carry) pages by key instead of offset,
// so following hydra:next costs the same on the last page as on the first;
// page then only numbers the page in the paging links.
func parseCatalog(v url.Values) (catalogRequest, error) {
	q := municat.Query{Sort: municat.SortID, Page: 1, PerPage: CatalogPerPage, FacetSize: 1}
	r := &paramReader{v: v}
	r.filters(&q)
	r.paging(&q, MaxCatalogPerPage)
	if a, ok := r.single("after"); ok && a != "" {
		if !municat.ValidDatasetID(a) {
			r.bad("after", "Der Parameter \"after\" muss die Kennung eines Datensatzes sein, nicht %q.", a)
		} else {
			q.After = a
		}
	}
	var since string
	if s, ok := r.single("modified_since"); ok && s != "" {
		t, canonical, err := parseModifiedSince(s)
		if err != nil {
			r.bad("modified_since", "Der Parameter \"modified_since\" muss ein Datum (2026-01-31) oder ein Zeitpunkt nach ISO 8601 (2026-01-31T12:00:00+01:00) sein, nicht %q.", s)
		} else {
			q.ModifiedSince, since = t, canonical
		}
	}
	if err := r.err(); err != nil {
		return catalogRequest{}, err
	}

	carry := url.Values{}
	if q.Text != "" {
		carry.Set("q", q.Text)
	}
	for name, values := range q.Filters {
		carry[name] = values
	}
	if q.PerPage != CatalogPerPage {
		carry.Set("per_page", strconv.Itoa(q.PerPage))
	}
	if since != "" {
		carry.Set("modified_since", since)
	}
	return catalogRequest{Query: q, Carry: carry}, nil
}

// dateTimeLayouts are the ISO 8601 forms modified_since accepts besides a
// plain date, tried in order. Forms without a zone are UTC.
var dateTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
}

// parseModifiedSince parses modified_since: an ISO 8601 date (midnight UTC,
// the way municat stores plain dates) or date-time, with or without zone
// (UTC if none). A zone offset whose "+" arrived as a space, because the
// client did not percent-encode it, is repaired. It returns the time and
// the value as paging links repeat it.
func parseModifiedSince(s string) (time.Time, string, error) {
	if n := len(s); n > len("2006-01-02T15:04") && s[n-6] == ' ' && strings.IndexByte(s[n-5:], ':') == 2 {
		s = s[:n-6] + "+" + s[n-5:]
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, s, nil
	}
	var err error
	for _, layout := range dateTimeLayouts {
		var t time.Time
		if t, err = time.Parse(layout, s); err == nil {
			return t, s, nil
		}
	}
	return time.Time{}, "", err
}
