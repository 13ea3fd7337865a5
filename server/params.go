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

// parseSearch turns the parameters of GET /api/v1/datasets into a query.
//
// It rejects malformed values of known parameters, naming each in the error,
// and ignores unknown parameters: a client that sends a parameter of a later
// API version (or a tracking parameter a link picked up) still gets results.
func parseSearch(v url.Values) (municat.Query, error) {
	q := municat.Query{Sort: municat.SortRelevance, Page: 1, PerPage: DefaultPerPage}
	var errs paramErrors
	bad := func(name, format string, args ...any) {
		errs = append(errs, ParamError{Parameter: name, Detail: fmt.Sprintf(format, args...)})
	}
	single := func(name string) (string, bool) {
		vals := v[name]
		switch {
		case len(vals) == 0:
			return "", false
		case len(vals) > 1:
			bad(name, "Der Parameter %q darf nur einmal vorkommen.", name)
			return "", false
		}
		return strings.TrimSpace(vals[0]), true
	}

	if s, ok := single("q"); ok {
		if n := utf8.RuneCountInString(s); n > maxQueryLength {
			bad("q", "Der Parameter \"q\" darf höchstens %d Zeichen lang sein, nicht %d.", maxQueryLength, n)
		} else {
			q.Text = s
		}
	}
	for _, name := range municat.FacetNames {
		values, ok := filterValues(name, v[name], bad)
		if ok && len(values) > 0 {
			if q.Filters == nil {
				q.Filters = map[string][]string{}
			}
			q.Filters[name] = values
		}
	}
	if s, ok := single("sort"); ok && s != "" {
		if o, known := sortParams[s]; known {
			q.Sort, q.Desc = o.sort, o.desc
		} else {
			bad("sort", "Der Parameter \"sort\" muss relevance, title, -title, modified oder -modified sein, nicht %q.", s)
		}
	}
	if s, ok := single("per_page"); ok {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxPerPage {
			bad("per_page", "Der Parameter \"per_page\" muss eine ganze Zahl zwischen 1 und %d sein, nicht %q.", MaxPerPage, s)
		} else {
			q.PerPage = n
		}
	}
	if s, ok := single("page"); ok {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			bad("page", "Der Parameter \"page\" muss eine ganze Zahl ab 1 sein, nicht %q.", s)
		} else {
			q.Page = n
		}
	}
	if len(errs) == 0 && (q.Page-1) > (MaxResultWindow-1)/q.PerPage {
		bad("page", "Der Parameter \"page\" ist zu groß: abrufbar sind nur die ersten %d Treffer, bei per_page=%d also höchstens Seite %d.",
			MaxResultWindow, q.PerPage, (MaxResultWindow-1)/q.PerPage+1)
	}
	if len(errs) > 0 {
		return municat.Query{}, errs
	}
	return q, nil
}

// filterValues checks the values of one filter parameter: blanks are
// dropped, duplicates removed, and too many or too long values rejected.
func filterValues(name string, raw []string, bad func(name, format string, args ...any)) ([]string, bool) {
	if len(raw) > maxFilterValues {
		bad(name, "Der Parameter %q darf höchstens %d-mal vorkommen, nicht %d-mal.", name, maxFilterValues, len(raw))
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
			bad(name, "Ein Wert des Parameters %q darf höchstens %d Zeichen lang sein, nicht %d.", name, maxFilterLength, n)
			return nil, false
		}
		seen[s] = true
		out = append(out, s)
	}
	return out, true
}
