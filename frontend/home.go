package frontend

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// homeListLength is the number of datasets in each list on the home page.
const homeListLength = 6

// homeView is what the home page shows.
type homeView struct {
	Form          searchFormView
	Total         int
	Themes        []themeTile
	Newest        []datasetItem
	Updated       []datasetItem
	Organizations []organizationItem
}

// searchFormView is the search form's state.
type searchFormView struct {
	Query  string
	Sort   string
	Hidden []field
}

// field is a hidden form field.
type field struct{ Name, Value string }

// datasetItem is a dataset in a short list: a link, its publisher and a
// date.
type datasetItem struct {
	URL       string
	Title     shown
	Publisher string
	Date      *time.Time
}

// themeTile is an EU data theme with its number of datasets.
type themeTile struct {
	Code, Label, URL string
	Count            int
}

// home serves GET /: the search box, the themes, the newest and the
// recently updated datasets and the organisations. A search sent to / (an
// old link) goes on to /dataset.
func (f *frontend) home(c *fiber.Ctx) error {
	l := f.locale(c)
	if q := c.Request().URI().QueryString(); len(q) > 0 {
		v, _ := url.ParseQuery(string(q))
		if len(parseParams(v).Filters) > 0 || v.Get("q") != "" {
			return c.Redirect(f.basePath+"/dataset?"+string(q), http.StatusSeeOther)
		}
	}
	ctx := c.UserContext()
	newest, err := f.cfg.Index.Search(ctx, municat.Query{Sort: municat.SortIssued, Desc: true, PerPage: homeListLength, FacetSize: 100})
	if err != nil {
		return f.fail(c, l, "home page", err)
	}
	updated, err := f.cfg.Index.Search(ctx, municat.Query{Sort: municat.SortModified, Desc: true, PerPage: homeListLength, FacetSize: 1})
	if err != nil {
		return f.fail(c, l, "home page", err)
	}
	view := homeView{Total: newest.Total, Themes: f.themeTiles(l, newest.Facets[municat.FacetTheme])}
	if view.Newest, err = f.datasetItems(ctx, l, newest.Hits, func(d *municat.Dataset) *time.Time { return d.Issued }); err != nil {
		return f.fail(c, l, "home page", err)
	}
	if view.Updated, err = f.datasetItems(ctx, l, updated.Hits, func(d *municat.Dataset) *time.Time { return d.Modified }); err != nil {
		return f.fail(c, l, "home page", err)
	}
	if view.Organizations, err = f.organizationItems(ctx, l, newest.Facets[municat.FacetOrganization]); err != nil {
		return f.fail(c, l, "home page", err)
	}
	return f.render(c, http.StatusOK, "home", page{
		L: l, Data: view, Description: l.MustT("home.meta_description"),
		Alternates: f.alternates("/catalog"), Feeds: []alternate{f.feedLink(l, "/feeds/datasets.atom", nil)},
	})
}

// datasetItems reads the datasets of hits for a short list, dated by date.
func (f *frontend) datasetItems(ctx context.Context, l *locale, hits []municat.Hit, date func(*municat.Dataset) *time.Time) ([]datasetItem, error) {
	ds, err := f.cfg.Catalog.HitSummaries(ctx, hits, f.log)
	if err != nil {
		return nil, err
	}
	items := make([]datasetItem, 0, len(ds))
	for _, d := range ds {
		items = append(items, datasetItem{URL: f.datasetURL(l, d.ID), Title: f.title(l, d), Publisher: d.PublisherName(), Date: date(d)})
	}
	return items, nil
}

// themeTiles returns all 13 themes with their counts from a theme facet, in
// the order of the EU table; themes without datasets are left out.
func (f *frontend) themeTiles(l *locale, facet []municat.FacetValue) []themeTile {
	counts := map[string]int{}
	for _, v := range facet {
		counts[v.Value] = v.Count
	}
	var tiles []themeTile
	for _, t := range municat.Themes {
		if counts[t.Code] == 0 {
			continue
		}
		tiles = append(tiles, themeTile{Code: t.Code, Label: t.Label.Get(l.Lang), URL: l.Link("/theme/"+t.Code, nil), Count: counts[t.Code]})
	}
	return tiles
}

// datasetURL returns the page of the dataset id.
func (f *frontend) datasetURL(l *locale, id string) string {
	return l.Link(datasetPath(id), nil)
}

// title returns the dataset's title in the locale's language, or its id.
func (f *frontend) title(l *locale, d *municat.Dataset) shown {
	t := l.Pick(d.Title)
	if t.Text == "" {
		t.Text = d.ID
	}
	return t
}
