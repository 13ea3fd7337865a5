package frontend

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// themeView is what a theme's page shows.
type themeView struct {
	Code, Label   string
	Count         int
	Newest        []datasetItem
	Organizations []organizationItem
	Keywords      []facetLink
	SearchURL     string
}

// themes serves GET /theme: the 13 EU data themes with their numbers of
// datasets (themes without datasets too, so the list is always complete).
func (f *frontend) themes(c *fiber.Ctx) error {
	l := f.locale(c)
	res, err := f.cfg.Index.Search(c.UserContext(), municat.Query{PerPage: 1, FacetSize: 20})
	if err != nil {
		return f.fail(c, l, "theme list", err)
	}
	counts := map[string]int{}
	for _, v := range res.Facets[municat.FacetTheme] {
		counts[v.Value] = v.Count
	}
	tiles := make([]themeTile, 0, len(municat.Themes))
	for _, t := range municat.Themes {
		tiles = append(tiles, themeTile{Code: t.Code, Label: t.Label.Get(l.Lang), URL: l.Link("/theme/"+t.Code, nil), Count: counts[t.Code]})
	}
	return f.render(c, http.StatusOK, "themes", page{
		Title: l.MustT("themes.title"), Description: l.MustT("themes.meta_description"), L: l, Nav: "theme", Data: tiles,
	})
}

// theme serves GET /theme/{code}: a theme's newest datasets, its
// organisations and keywords, with a link to all its datasets.
func (f *frontend) theme(c *fiber.Ctx) error {
	l := f.locale(c)
	t, ok := municat.ThemeByCode(strings.ToUpper(c.Params("code")))
	if !ok {
		return f.notFound(c, l)
	}
	if c.Params("code") != t.Code {
		return c.Redirect(l.Link("/theme/"+t.Code, nil), http.StatusMovedPermanently)
	}
	ctx := c.UserContext()
	filter := map[string][]string{municat.FacetTheme: {t.Code}}
	res, err := f.cfg.Index.Search(ctx, municat.Query{Filters: filter, Sort: municat.SortModified, Desc: true, PerPage: 10, FacetSize: 100})
	if err != nil {
		return f.fail(c, l, "theme page", err)
	}
	view := themeView{Code: t.Code, Label: t.Label.Get(l.Lang), Count: res.Total,
		SearchURL: l.Link("/dataset", url.Values{municat.FacetTheme: {t.Code}})}
	if view.Newest, err = f.datasetItems(ctx, l, res.Hits, func(d *municat.Dataset) *time.Time { return d.Modified }); err != nil {
		return f.fail(c, l, "theme page", err)
	}
	orgs, err := f.organizationItems(ctx, l, res.Facets[municat.FacetOrganization])
	if err != nil {
		return f.fail(c, l, "theme page", err)
	}
	for _, o := range orgs {
		if o.Count > 0 {
			o.URL = l.Link("/dataset", url.Values{municat.FacetTheme: {t.Code}, municat.FacetOrganization: {o.ID}})
			view.Organizations = append(view.Organizations, o)
		}
	}
	for i, k := range res.Facets[municat.FacetKeyword] {
		if i == 20 {
			break
		}
		view.Keywords = append(view.Keywords, facetLink{Label: k.Value, Count: k.Count,
			URL: l.Link("/dataset", url.Values{municat.FacetTheme: {t.Code}, municat.FacetKeyword: {k.Value}})})
	}
	return f.render(c, http.StatusOK, "theme", page{
		Title: view.Label, Description: l.MustN("theme.meta_description", view.Count, "Theme", view.Label),
		L: l, Nav: "theme", Data: view,
		Crumbs: crumbs(shown{Text: view.Label, Lang: l.Lang}, crumb{Text: l.MustT("nav.themes"), Lang: l.Lang, URL: l.Link("/theme", nil)}),
	})
}
