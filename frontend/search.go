package frontend

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/frontend/markup"
)

// descriptionLength caps the description shown per result, in characters.
const descriptionLength = 300

// facetLabels are the message ids of the facets' names.
var facetLabels = map[string]string{
	municat.FacetTheme:        "facet.theme",
	municat.FacetOrganization: "facet.organization",
	municat.FacetPublisher:    "facet.publisher",
	municat.FacetFormat:       "facet.format",
	municat.FacetLicense:      "facet.license",
	municat.FacetKeyword:      "facet.keyword",
}

// searchView is the data of the search page.
type searchView struct {
	Form        searchFormView
	SortOptions []sortChoice
	Active      []activeFilter
	// ClearURL removes every filter and keeps the text.
	ClearURL string
	Total    int
	// First is the position of the first result.
	First   int
	Results []resultView
	Facets  []facetView
	// Page is the current page of Pages; PrevURL and NextURL are empty at
	// the ends.
	Page, Pages      int
	PrevURL, NextURL string
	// FeedURL is the Atom feed of this search.
	FeedURL string
	// Failed is set when the search failed.
	Failed bool
	// Suggestion is a spelling suggestion for a search that found nothing.
	Suggestion *suggestionView
	// Themes are offered when a search found nothing.
	Themes []themeTile
	// Hidden are the text and filters, kept by the sort form.
	Hidden []field
}

type sortChoice struct {
	Value, Label string
	Selected     bool
}

type activeFilter struct{ Facet, Label, RemoveURL string }

type suggestionView struct{ Text, URL string }

type resultView struct {
	Title                                        shown
	URL, Description, DescriptionLang, Publisher string
	Formats                                      []string
	Modified                                     *time.Time
}

type facetView struct {
	Name, Label string
	Values      []facetLink
	More        []facetLink
}

type facetLink struct {
	Label  string
	Count  int
	URL    string
	Active bool
}

// search serves GET /dataset: the search form, the results of the query and
// the facets to narrow it.
func (f *frontend) search(c *fiber.Ctx) error {
	l := f.locale(c)
	// Lenient: ParseQuery keeps what it could parse even when it fails.
	v, _ := url.ParseQuery(string(c.Request().URI().QueryString()))
	p := parseParams(v)
	view := searchView{Page: p.Page}
	view.Form = searchFormView{Query: p.Text}
	if p.Sort.Value != sortOptions[0].Value {
		view.Form.Sort = p.Sort.Value
	}
	for _, o := range sortOptions {
		view.SortOptions = append(view.SortOptions, sortChoice{Value: o.Value, Label: l.MustT(o.Label), Selected: o.Value == p.Sort.Value})
	}
	ctx := c.UserContext()
	labels := f.labeller(ctx, l)
	for _, name := range municat.FacetNames {
		for _, value := range p.Filters[name] {
			view.Form.Hidden = append(view.Form.Hidden, field{Name: name, Value: value})
			view.Active = append(view.Active, activeFilter{
				Facet:     l.MustT(facetLabels[name]),
				Label:     labels(name, value),
				RemoveURL: p.toggle(name, value).url(l),
			})
		}
	}
	view.Hidden = append(view.Hidden, view.Form.Hidden...)
	if p.Text != "" {
		view.Hidden = append(view.Hidden, field{Name: "q", Value: p.Text})
	}
	if len(view.Active) > 1 {
		clear := p
		clear.Filters, clear.Page = map[string][]string{}, 1
		view.ClearURL = clear.url(l)
	}
	title := l.MustT("search.title")
	if p.Text != "" {
		title = l.MustT("search.title_query", "Query", p.Text)
	}
	feedValues := p.withPage(1).values()
	feedValues.Del("sort")
	view.FeedURL = l.Link("/feeds/search.atom", feedValues)
	pg := page{Title: title, L: l, Nav: "dataset", Alternates: f.alternates("/catalog"),
		Feeds: []alternate{{Type: "application/atom+xml", Label: l.MustT("feed.search_title"), Href: view.FeedURL}}}
	if p.Page > 1 || len(p.Filters) > 1 {
		pg.Robots = "noindex, follow"
	}
	pg.Data = &view

	res, err := f.cfg.Index.Search(ctx, p.query())
	var datasets []*municat.Dataset
	if err == nil {
		datasets, err = f.cfg.Catalog.HitSummaries(ctx, res.Hits, f.log)
	}
	if err != nil {
		f.log.Error("search page failed", "query", p.Text, "err", err)
		view.Failed = true
		return f.render(c, failureStatus(err), "search", pg)
	}

	view.Total = res.Total
	view.First = (p.Page-1)*perPage + 1
	for _, d := range datasets {
		view.Results = append(view.Results, f.result(l, d))
	}
	for _, name := range municat.FacetNames {
		fv := facetView{Name: name, Label: l.MustT(facetLabels[name])}
		for i, value := range res.Facets[name] {
			link := facetLink{
				Label:  labels(name, value.Value),
				Count:  value.Count,
				URL:    p.toggle(name, value.Value).url(l),
				Active: p.has(name, value.Value),
			}
			if i < facetShown || link.Active {
				fv.Values = append(fv.Values, link)
			} else {
				fv.More = append(fv.More, link)
			}
		}
		view.Facets = append(view.Facets, fv)
	}
	view.Pages = lastPage(res.Total)
	if p.Page > 1 {
		view.PrevURL = p.withPage(min(p.Page-1, view.Pages)).url(l)
	}
	if p.Page < view.Pages {
		view.NextURL = p.withPage(p.Page + 1).url(l)
	}
	if res.Total == 0 {
		f.helpEmpty(ctx, l, p, &view)
		pg.Robots = "noindex, follow"
	}
	return f.render(c, http.StatusOK, "search", pg)
}

// helpEmpty fills in what the page offers after a search that found
// nothing: a spelling suggestion that finds something, and the themes.
func (f *frontend) helpEmpty(ctx context.Context, l *locale, p searchParams, view *searchView) {
	if p.Text != "" {
		if s := f.spelling.suggest(ctx, f.cfg.Index, p.Text); s != "" {
			alt := p
			alt.Text, alt.Page = s, 1
			if res, err := f.cfg.Index.Search(ctx, alt.query()); err == nil && res.Total > 0 {
				view.Suggestion = &suggestionView{Text: s, URL: alt.url(l)}
			}
		}
	}
	if res, err := f.cfg.Index.Search(ctx, municat.Query{PerPage: 1, FacetSize: 20}); err == nil {
		view.Themes = f.themeTiles(l, res.Facets[municat.FacetTheme])
	}
}

// result returns the view of one dataset in the result list.
func (f *frontend) result(l *locale, d *municat.Dataset) resultView {
	desc := l.Pick(d.Description)
	r := resultView{
		Title:           f.title(l, d),
		URL:             f.datasetURL(l, d.ID),
		Description:     municat.Shorten(markup.PlainText(desc.Text), descriptionLength),
		DescriptionLang: desc.Lang,
		Publisher:       d.PublisherName(),
		Modified:        d.Modified,
	}
	for _, code := range d.Formats() {
		r.Formats = append(r.Formats, formatLabel(code))
	}
	return r
}

// labeller returns a function naming facet values for people: theme and
// licence names, organisation names; other values as they are.
func (f *frontend) labeller(ctx context.Context, l *locale) func(facet, value string) string {
	var orgNames map[string]string
	return func(facet, value string) string {
		switch facet {
		case municat.FacetTheme:
			if t, ok := municat.ThemeByCode(value); ok {
				return t.Label.Get(l.Lang)
			}
		case municat.FacetLicense:
			if lic, ok := dcat.LicenseFor(value); ok {
				return lic.Name
			}
		case municat.FacetFormat:
			return formatLabel(value)
		case municat.FacetOrganization:
			if orgNames == nil {
				orgNames = map[string]string{}
				if orgs, err := f.organizationsCached(ctx); err == nil {
					for _, o := range orgs {
						orgNames[o.ID] = o.Name
					}
				}
			}
			if n := orgNames[value]; n != "" {
				return n
			}
		}
		return value
	}
}
