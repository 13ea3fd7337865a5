package frontend

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// descriptionLength caps the description shown per result, in characters.
const descriptionLength = 300

// facetLabels names the facets on the page.
var facetLabels = map[string]string{
	municat.FacetTheme:     "Kategorie",
	municat.FacetPublisher: "Herausgeber",
	municat.FacetFormat:    "Format",
	municat.FacetLicense:   "Lizenz",
	municat.FacetKeyword:   "Schlagwort",
}

// berlin is the time zone dates are shown in.
var berlin = loadBerlin()

func loadBerlin() *time.Location {
	if loc, err := time.LoadLocation(municat.DefaultTimeZone); err == nil {
		return loc
	}
	return time.FixedZone("MEZ", 3600) // no time-zone database on this system
}

// searchView is the data of the search page.
type searchView struct {
	// Action is the URL the search form is sent to.
	Action      string
	Query       string
	SortOptions []sortChoice
	// Hidden are the active filters, kept when the form is sent again.
	Hidden []field
	Active []activeFilter
	// Summary says how many datasets were found.
	Summary string
	// First is the position of the first result.
	First   int
	Results []resultView
	Facets  []facetView
	// Page is the current page of Pages; PrevURL and NextURL are empty at
	// the ends.
	Page, Pages      int
	PrevURL, NextURL string
	// Error is set when the search failed.
	Error string
}

type sortChoice struct {
	Value, Label string
	Selected     bool
}

type field struct{ Name, Value string }

type activeFilter struct{ Facet, Label, RemoveURL string }

type resultView struct {
	Title, URL, Description, Publisher, Formats string
	Modified                                    *dateView
}

type dateView struct{ ISO, Text string }

type facetView struct {
	Name, Label string
	Values      []facetLink
}

type facetLink struct {
	Label  string
	Count  int
	URL    string
	Active bool
}

// search serves GET /: the search form, the results of the query and the
// facets to narrow it.
func (f *frontend) search(c *fiber.Ctx) error {
	// Lenient: ParseQuery keeps what it could parse even when it fails.
	v, _ := url.ParseQuery(string(c.Request().URI().QueryString()))
	p := parseParams(v)
	view := searchView{Action: f.basePath + "/", Query: p.Text, Page: p.Page}
	for _, o := range sortOptions {
		view.SortOptions = append(view.SortOptions, sortChoice{Value: o.Value, Label: o.Label, Selected: o.Value == p.Sort.Value})
	}
	for _, name := range municat.FacetNames {
		for _, value := range p.Filters[name] {
			view.Hidden = append(view.Hidden, field{Name: name, Value: value})
			view.Active = append(view.Active, activeFilter{
				Facet:     facetLabels[name],
				Label:     valueLabel(name, value),
				RemoveURL: p.toggle(name, value).url(f.basePath),
			})
		}
	}
	title := "Datensätze suchen – municat"
	if p.Text != "" {
		title = fmt.Sprintf("„%s“ – Datensätze suchen – municat", p.Text)
	}

	ctx := c.UserContext()
	res, err := f.cfg.Index.Search(ctx, p.query())
	var datasets []*municat.Dataset
	if err == nil {
		datasets, err = f.cfg.Catalog.HitDatasets(ctx, res.Hits, f.log)
	}
	if err != nil {
		f.log.Error("search page failed", "query", p.Text, "err", err)
		view.Error = "Die Suche ist gerade nicht möglich. Bitte versuchen Sie es später noch einmal."
		view.Summary = "Suche fehlgeschlagen"
		return f.renderWith(c, failureStatus(err), "search", title, view, f.alternates("/catalog"))
	}

	view.Summary = countText(res.Total)
	view.First = (p.Page-1)*perPage + 1
	for _, d := range datasets {
		view.Results = append(view.Results, f.result(d))
	}
	for _, name := range municat.FacetNames {
		fv := facetView{Name: name, Label: facetLabels[name]}
		for _, value := range res.Facets[name] {
			fv.Values = append(fv.Values, facetLink{
				Label:  valueLabel(name, value.Value),
				Count:  value.Count,
				URL:    p.toggle(name, value.Value).url(f.basePath),
				Active: p.has(name, value.Value),
			})
		}
		view.Facets = append(view.Facets, fv)
	}
	view.Pages = lastPage(res.Total)
	if p.Page > 1 {
		view.PrevURL = p.withPage(min(p.Page-1, view.Pages)).url(f.basePath)
	}
	if p.Page < view.Pages {
		view.NextURL = p.withPage(p.Page + 1).url(f.basePath)
	}
	return f.renderWith(c, http.StatusOK, "search", title, view, f.alternates("/catalog"))
}

// result returns the view of one dataset in the result list.
func (f *frontend) result(d *municat.Dataset) resultView {
	r := resultView{
		Title:       d.Title.Get(municat.DefaultLanguage),
		URL:         f.basePath + "/dataset/" + url.PathEscape(d.ID),
		Description: municat.Shorten(d.Description.Get(municat.DefaultLanguage), descriptionLength),
		Publisher:   d.PublisherName(),
		Formats:     strings.Join(d.Formats(), ", "),
	}
	if r.Title == "" {
		r.Title = d.ID
	}
	r.Modified = newDateView(d.Modified)
	return r
}

// valueLabel returns the German name of a facet value: a theme's label,
// else the value itself.
func valueLabel(facet, value string) string {
	if facet == municat.FacetTheme {
		if t, ok := municat.ThemeByCode(value); ok {
			return t.Label.Get(municat.DefaultLanguage)
		}
	}
	return value
}

// countText says in German how many datasets were found.
func countText(n int) string {
	switch n {
	case 0:
		return "Keine Datensätze gefunden"
	case 1:
		return "1 Datensatz gefunden"
	}
	return formatCount(n) + " Datensätze gefunden"
}

// formatCount writes n with German thousands separators, e.g. "12.345".
func formatCount(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}
