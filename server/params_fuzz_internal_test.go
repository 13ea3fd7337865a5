package server

import (
	"errors"
	"net/url"
	"testing"
	"unicode/utf8"

	"github.com/municat/municat"
)

// checkQuery fails when a parsed query leaves the API's limits.
func checkQuery(t *testing.T, q municat.Query, maxPerPage int) {
	t.Helper()
	if q.Page < 1 || q.PerPage < 1 || q.PerPage > maxPerPage || utf8.RuneCountInString(q.Text) > maxQueryLength {
		t.Fatalf("out of limits: page %d, per_page %d, q %d characters", q.Page, q.PerPage, utf8.RuneCountInString(q.Text))
	}
	for name, values := range q.Filters {
		if len(values) > maxFilterValues {
			t.Fatalf("%s: %d values", name, len(values))
		}
		for _, v := range values {
			if utf8.RuneCountInString(v) > maxFilterLength {
				t.Fatalf("%s: value of %d characters", name, utf8.RuneCountInString(v))
			}
		}
	}
}

// FuzzParseSearch feeds any query string to the search API's parameter
// parser: a query it accepts stays within the limits (and the result
// window), one it refuses is refused with EINVALID, never with a panic or
// an internal error.
func FuzzParseSearch(f *testing.F) {
	for _, s := range []string{"", "q=Baum&theme=ENVI&theme=TRAN&sort=-modified&page=3&per_page=100", "page=0", "per_page=101",
		"page=99999999999999999999", "sort=%3Cscript%3E", "organization=a&organization=a&format=CSV&keyword=" + url.QueryEscape("<b>"),
		"page=101&per_page=100", "q=" + url.QueryEscape(string([]byte{0xff, 0xfe})), "per_page=-1&page=-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := parseSearch(v)
		if err != nil {
			if !errors.Is(err, municat.ErrInvalid) {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		checkQuery(t, q, MaxPerPage)
		if (q.Page-1)*q.PerPage >= MaxResultWindow {
			t.Fatalf("page %d of %d starts beyond the result window", q.Page, q.PerPage)
		}
	})
}

// FuzzParseCatalog feeds any query string to the DCAT catalogue's
// parameter parser: a request it accepts stays within the limits and its
// paging links carry parameters that parse back to the same query.
func FuzzParseCatalog(f *testing.F) {
	for _, s := range []string{"", "page=2&per_page=1000", "after=abc&modified_since=2026-01-31", "modified_since=2026-01-31T12:00:00 01:00",
		"after=..%2F..", "per_page=1001", "q=x&theme=ENVI&modified_since=kaputt"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		req, err := parseCatalog(v)
		if err != nil {
			if !errors.Is(err, municat.ErrInvalid) {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		checkQuery(t, req.Query, MaxCatalogPerPage)
		if req.Query.After != "" && !municat.ValidDatasetID(req.Query.After) {
			t.Fatalf("after %q is no dataset id", req.Query.After)
		}
		back, err := parseCatalog(req.Carry)
		if err != nil {
			t.Fatalf("carried parameters %v refused: %v", req.Carry, err)
		}
		if back.Query.Text != req.Query.Text || back.Query.PerPage != req.Query.PerPage || !back.Query.ModifiedSince.Equal(req.Query.ModifiedSince) || len(back.Query.Filters) != len(req.Query.Filters) {
			t.Fatalf("carried parameters %v give %+v, want %+v", req.Carry, back.Query, req.Query)
		}
	})
}
