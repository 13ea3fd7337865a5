package frontend

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/municat/municat"
)

// Limits of the search page.
const (
	perPage         = 20
	maxResultWindow = 10000
	maxQueryLength  = 500
	maxFilterValues = 20
	maxFilterLength = 200
	// facetSize is the number of values asked per facet; facetShown of
	// them are listed at once, the rest behind "show all".
	facetSize  = 50
	facetShown = 8
)

// sortOption is one order the search page offers.
type sortOption struct {
	// Value is the sort parameter; Label the message id of its name.
	Value, Label string
	sort         string
	desc         bool
}

// sortOptions are the orders of the search page, the default first. The
// values are those of the API's sort parameter.
var sortOptions = []sortOption{
	{Value: municat.SortRelevance, Label: "sort.relevance", sort: municat.SortRelevance},
	{Value: "-" + municat.SortModified, Label: "sort.modified_desc", sort: municat.SortModified, desc: true},
	{Value: "-" + municat.SortIssued, Label: "sort.issued_desc", sort: municat.SortIssued, desc: true},
	{Value: municat.SortModified, Label: "sort.modified", sort: municat.SortModified},
	{Value: municat.SortTitle, Label: "sort.title", sort: municat.SortTitle},
	{Value: "-" + municat.SortTitle, Label: "sort.title_desc", sort: municat.SortTitle, desc: true},
}

// searchParams are the parameters of the search page.
type searchParams struct {
	Text    string
	Filters map[string][]string
	Sort    sortOption
	Page    int
}

// parseParams reads the search page's parameters leniently: what is
// malformed is dropped or cut to its limit, never an error.
func parseParams(v url.Values) searchParams {
	p := searchParams{Sort: sortOptions[0], Page: 1, Filters: map[string][]string{}}
	p.Text = strings.TrimSpace(v.Get("q"))
	if utf8.RuneCountInString(p.Text) > maxQueryLength {
		p.Text = string([]rune(p.Text)[:maxQueryLength])
	}
	for _, name := range municat.FacetNames {
		seen := map[string]bool{}
		for _, s := range v[name] {
			s = strings.TrimSpace(s)
			if s == "" || seen[s] || utf8.RuneCountInString(s) > maxFilterLength || len(seen) == maxFilterValues {
				continue
			}
			seen[s] = true
			p.Filters[name] = append(p.Filters[name], s)
		}
	}
	for _, o := range sortOptions {
		if o.Value == v.Get("sort") {
			p.Sort = o
		}
	}
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n > 1 {
		p.Page = min(n, lastPage(maxResultWindow))
	}
	return p
}

// lastPage returns the number of pages total hits fill, capped to the
// pages the result window allows, and at least 1.
func lastPage(total int) int {
	total = min(total, maxResultWindow)
	return max(1, (total+perPage-1)/perPage)
}

// query returns the index query of the parameters.
func (p searchParams) query() municat.Query {
	q := municat.Query{Text: p.Text, Sort: p.Sort.sort, Desc: p.Sort.desc, Page: p.Page, PerPage: perPage, FacetSize: facetSize}
	if len(p.Filters) > 0 {
		q.Filters = p.Filters
	}
	return q
}

// values returns the parameters as a URL query, leaving out defaults.
func (p searchParams) values() url.Values {
	v := url.Values{}
	if p.Text != "" {
		v.Set("q", p.Text)
	}
	for name, values := range p.Filters {
		for _, s := range values {
			v.Add(name, s)
		}
	}
	if p.Sort.Value != sortOptions[0].Value {
		v.Set("sort", p.Sort.Value)
	}
	if p.Page > 1 {
		v.Set("page", strconv.Itoa(p.Page))
	}
	return v
}

// url returns the search page URL of the parameters in locale l.
func (p searchParams) url(l *locale) string {
	return l.Link("/dataset", p.values())
}

// withPage returns the parameters for page n.
func (p searchParams) withPage(n int) searchParams {
	p.Page = n
	return p
}

// has reports whether the filter facet=value is set.
func (p searchParams) has(facet, value string) bool {
	for _, s := range p.Filters[facet] {
		if s == value {
			return true
		}
	}
	return false
}

// toggle returns the parameters with the filter facet=value added, or
// removed if it is set, on page 1.
func (p searchParams) toggle(facet, value string) searchParams {
	filters := make(map[string][]string, len(p.Filters)+1)
	for name, values := range p.Filters {
		if name != facet {
			filters[name] = values
		}
	}
	var kept []string
	for _, s := range p.Filters[facet] {
		if s != value {
			kept = append(kept, s)
		}
	}
	if !p.has(facet, value) {
		kept = append(kept, value)
	}
	if len(kept) > 0 {
		filters[facet] = kept
	}
	p.Filters = filters
	p.Page = 1
	return p
}
