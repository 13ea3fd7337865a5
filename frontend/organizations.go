package frontend

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// organizationsAge is how long the organisation list is kept in memory.
const organizationsAge = time.Minute

// organizationItem is an organisation in a list.
type organizationItem struct {
	ID, Name, URL string
	Description   shown
	Count         int
}

// organizationView is what an organisation's page shows.
type organizationView struct {
	Name        string
	Description shown
	Homepage    string
	Email       string
	Count       int
	Themes      []themeTile
	Newest      []datasetItem
	SearchURL   string
	FeedURL     string
}

// organizationsCached returns the organisations, read from the catalogue at
// most once a minute.
func (f *frontend) organizationsCached(ctx context.Context) ([]*municat.Organization, error) {
	f.orgsMu.Lock()
	defer f.orgsMu.Unlock()
	if f.orgs != nil && f.cfg.Now().Sub(f.orgsRead) < organizationsAge {
		return f.orgs, nil
	}
	orgs, err := f.cfg.Catalog.Organizations(ctx)
	if err != nil {
		return nil, err
	}
	f.orgs, f.orgsRead = orgs, f.cfg.Now()
	return orgs, nil
}

// organizationItems returns every organisation with its number of
// published datasets from an organisation facet, most datasets first, then
// by name; organisations without datasets come last.
func (f *frontend) organizationItems(ctx context.Context, l *locale, facet []municat.FacetValue) ([]organizationItem, error) {
	orgs, err := f.organizationsCached(ctx)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, v := range facet {
		counts[v.Value] = v.Count
	}
	items := make([]organizationItem, 0, len(orgs))
	for _, o := range orgs {
		items = append(items, organizationItem{
			ID: o.ID, Name: o.Name, URL: l.Link("/organization/"+url.PathEscape(o.ID), nil),
			Description: l.Pick(o.Description), Count: counts[o.ID],
		})
	}
	slices.SortStableFunc(items, func(a, b organizationItem) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Name, b.Name)
	})
	return items, nil
}

// organizations serves GET /organization: every organisation with its
// number of datasets.
func (f *frontend) organizations(c *fiber.Ctx) error {
	l := f.locale(c)
	ctx := c.UserContext()
	res, err := f.cfg.Index.Search(ctx, municat.Query{PerPage: 1, FacetSize: 1000})
	if err != nil {
		return f.fail(c, l, "organisation list", err)
	}
	items, err := f.organizationItems(ctx, l, res.Facets[municat.FacetOrganization])
	if err != nil {
		return f.fail(c, l, "organisation list", err)
	}
	return f.render(c, http.StatusOK, "organizations", page{
		Title: l.MustT("organizations.title"), Description: l.MustT("organizations.meta_description"),
		L: l, Nav: "organization", Data: items,
	})
}

// organization serves GET /organization/{id}: the organisation, its themes
// and its newest datasets, with links to all of them and their feed.
func (f *frontend) organization(c *fiber.Ctx) error {
	l := f.locale(c)
	ctx := c.UserContext()
	id, err := url.PathUnescape(c.Params("id"))
	if err != nil {
		return f.notFound(c, l)
	}
	o, err := f.cfg.Catalog.Organization(ctx, id)
	if errors.Is(err, municat.ErrNotFound) || municat.ErrorCode(err) == municat.EINVALID {
		return f.notFound(c, l)
	}
	if err != nil {
		return f.fail(c, l, "organisation page", err)
	}
	filter := map[string][]string{municat.FacetOrganization: {o.ID}}
	res, err := f.cfg.Index.Search(ctx, municat.Query{Filters: filter, Sort: municat.SortModified, Desc: true, PerPage: 10, FacetSize: 20})
	if err != nil {
		return f.fail(c, l, "organisation page", err)
	}
	view := organizationView{
		Name: o.Name, Description: l.Pick(o.Description), Homepage: safeURL(o.Homepage), Email: o.Email,
		Count: res.Total, Themes: f.themeTiles(l, res.Facets[municat.FacetTheme]),
		SearchURL: l.Link("/dataset", url.Values{municat.FacetOrganization: {o.ID}}),
		FeedURL:   l.Link("/feeds/organization/"+url.PathEscape(o.ID)+".atom", nil),
	}
	if view.Newest, err = f.datasetItems(ctx, l, res.Hits, func(d *municat.Dataset) *time.Time { return d.Modified }); err != nil {
		return f.fail(c, l, "organisation page", err)
	}
	for i := range view.Themes {
		view.Themes[i].URL = l.Link("/dataset", url.Values{municat.FacetOrganization: {o.ID}, municat.FacetTheme: {view.Themes[i].Code}})
	}
	return f.render(c, http.StatusOK, "organization", page{
		Title: o.Name, Description: municat.Shorten(view.Description.Text, 160), L: l, Nav: "organization", Data: view,
		Crumbs: crumbs(shown{Text: o.Name, Lang: l.Lang}, crumb{Text: l.MustT("nav.organizations"), Lang: l.Lang, URL: l.Link("/organization", nil)}),
		Feeds:  []alternate{{Type: "application/atom+xml", Label: l.MustT("feed.organization_title", "Name", o.Name), Href: view.FeedURL}},
	})
}

// safeURL returns u if it is an http(s) URL, else "" (a harvested or
// configured link must never become a javascript: link).
func safeURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return p.String()
}
