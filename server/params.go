package server

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// Limits of the search parameters.
const (
	// DefaultPerPage is the page size when per_page is not given.
	DefaultPerPage = 20
	// MaxPerPage is the largest page size.
	MaxPerPage = 100
	// MaxResultWindow is how deep into the results paging may go: a page
	// must start before this many hits.
	MaxResultWindow = 10000
	// maxQueryLength caps the length of q in characters.
	maxQueryLength = 500
	// maxFilterValues caps the values of one filter parameter.
	maxFilterValues = 20
	// maxFilterLength caps the length of one filter value in characters.
	maxFilterLength = 200
)

// sortParams maps each value of the sort parameter to the index's order.
var sortParams = map[string]struct {
	sort string
	desc bool
}{
	municat.SortRelevance:      {municat.SortRelevance, false},
	municat.SortTitle:          {municat.SortTitle, false},
	"-" + municat.SortTitle:    {municat.SortTitle, true},
	municat.SortModified:       {municat.SortModified, false},
	"-" + municat.SortModified: {municat.SortModified, true},
	municat.SortIssued:         {municat.SortIssued, false},
	"-" + municat.SortIssued:   {municat.SortIssued, true},
}

// queryValues returns the query parameters of the request, keeping repeated
// ones (Fiber's own accessors keep only one value).
func queryValues(c *fiber.Ctx) (url.Values, error) {
	v, err := url.ParseQuery(string(c.Request().URI().QueryString()))
	if err != nil {
		return nil, municat.Errorf(municat.EINVALID, "Die Parameter der Anfrage sind fehlerhaft kodiert (%%-Kodierung prüfen).")
	}
	return v, nil
}

// paramReader reads query parameters and collects one error per bad
// parameter, so that a 400 answer names every mistake at once.
type paramReader struct {
	v    url.Values
	errs paramErrors
}

// bad records that the parameter name is malformed.
func (r *paramReader) bad(name, format string, args ...any) {
	r.errs = append(r.errs, ParamError{Parameter: name, Detail: fmt.Sprintf(format, args...)})
}

// err returns the collected errors, or nil.
func (r *paramReader) err() error {
	if len(r.errs) == 0 {
		return nil
	}
	return r.errs
}

// single returns the trimmed value of a parameter that may occur at most
// once, and whether it was given (once).
func (r *paramReader) single(name string) (string, bool) {
	vals := r.v[name]
	switch {
	case len(vals) == 0:
		return "", false
	case len(vals) > 1:
		r.bad(name, "Der Parameter %q darf nur einmal vorkommen.", name)
		return "", false
	}
	return strings.TrimSpace(vals[0]), true
}

// filters reads the full-text query q and the facet filters into q.
func (r *paramReader) filters(q *municat.Query) {
	if s, ok := r.single("q"); ok {
		if n := utf8.RuneCountInString(s); n > maxQueryLength {
			r.bad("q", "Der Parameter \"q\" darf höchstens %d Zeichen lang sein, nicht %d.", maxQueryLength, n)
		} else {
			q.Text = s
		}
	}
	for _, name := range municat.FacetNames {
		values, ok := r.filterValues(name)
		if ok && len(values) > 0 {
			if q.Filters == nil {
				q.Filters = map[string][]string{}
			}
			q.Filters[name] = values
		}
	}
}

// filterValues checks the values of one filter parameter: blanks are
// dropped, duplicates removed, and too many or too long values rejected.
func (r *paramReader) filterValues(name string) ([]string, bool) {
	raw := r.v[name]
	if len(raw) > maxFilterValues {
		r.bad(name, "Der Parameter %q darf höchstens %d-mal vorkommen, nicht %d-mal.", name, maxFilterValues, len(raw))
		return nil, false
	}
	var out []string
	seen := map[string]bool{}
	for _, s := range raw {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		if n := utf8.RuneCountInString(s); n > maxFilterLength {
			r.bad(name, "Ein Wert des Parameters %q darf höchstens %d Zeichen lang sein, nicht %d.", name, maxFilterLength, n)
			return nil, false
		}
		seen[s] = true
		out = append(out, s)
	}
	return out, true
}

// paging reads per_page (1 to maxPerPage) and page (from 1) into q.
func (r *paramReader) paging(q *municat.Query, maxPerPage int) {
	if s, ok := r.single("per_page"); ok {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPerPage {
			r.bad("per_page", "Der Parameter \"per_page\" muss eine ganze Zahl zwischen 1 und %d sein, nicht %q.", maxPerPage, s)
		} else {
			q.PerPage = n
		}
	}
	if s, ok := r.single("page"); ok {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			r.bad("page", "Der Parameter \"page\" muss eine ganze Zahl ab 1 sein, nicht %q.", s)
		} else {
			q.Page = n
		}
	}
}

// parseSearch turns the parameters of GET /api/v1/datasets into a query.
//
// It rejects malformed values of known parameters, naming each in the error,
// and ignores unknown parameters: a client that sends a parameter of a later
// API version (or a tracking parameter a link picked up) still gets results.
func parseSearch(v url.Values) (municat.Query, error) {
	q := municat.Query{Sort: municat.SortRelevance, Page: 1, PerPage: DefaultPerPage}
	r := &paramReader{v: v}
	r.filters(&q)
	if s, ok := r.single("sort"); ok && s != "" {
		if o, known := sortParams[s]; known {
			q.Sort, q.Desc = o.sort, o.desc
		} else {
			r.bad("sort", "Der Parameter \"sort\" muss relevance, title, -title, modified oder -modified sein, nicht %q.", s)
		}
	}
	r.paging(&q, MaxPerPage)
	if len(r.errs) == 0 && (q.Page-1) > (MaxResultWindow-1)/q.PerPage {
		r.bad("page", "Der Parameter \"page\" ist zu groß: abrufbar sind nur die ersten %d Treffer, bei per_page=%d also höchstens Seite %d.",
			MaxResultWindow, q.PerPage, (MaxResultWindow-1)/q.PerPage+1)
	}
	if err := r.err(); err != nil {
		return municat.Query{}, err
	}
	return q, nil
}
