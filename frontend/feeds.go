package frontend

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/frontend/feed"
	"github.com/municat/municat/frontend/markup"
)

// Limits of the feeds and the sitemap.
const (
	// feedEntries is the number of datasets in a feed: the most recently
	// changed ones.
	feedEntries = 50
	// feedCacheControl lets feed readers and proxies reuse a feed for five
	// minutes.
	feedCacheControl = "public, max-age=300"
)

// feedLink returns the head link of the Atom feed at path.
func (f *frontend) feedLink(l *locale, path string, q url.Values) alternate {
	return alternate{Type: "application/atom+xml", Label: l.MustT("feed.all_title"), Href: l.Link(path, q)}
}

// feedAll serves GET /feeds/datasets.atom: the newest changes of the whole
// catalogue.
func (f *frontend) feedAll(c *fiber.Ctx) error {
	l := f.locale(c)
	return f.sendFeed(c, l, l.MustT("feed.all_title"), municat.Query{}, l.Link("/dataset", url.Values{"sort": {"-modified"}}))
}

// feedSearch serves GET /feeds/search.atom with the search page's
// parameters: the newest changes among a search's results.
func (f *frontend) feedSearch(c *fiber.Ctx) error {
	l := f.locale(c)
	v, _ := url.ParseQuery(string(c.Request().URI().QueryString()))
	p := parseParams(v)
	q := p.query()
	title := l.MustT("feed.search_title")
	if p.Text != "" {
		title = l.MustT("search.title_query", "Query", p.Text)
	}
	return f.sendFeed(c, l, title, municat.Query{Text: q.Text, Filters: q.Filters}, p.withPage(1).url(l))
}

// feedOrganization serves GET /feeds/organization/{id}.atom.
func (f *frontend) feedOrganization(c *fiber.Ctx) error {
	l := f.locale(c)
	id, err := url.PathUnescape(c.Params("id"))
	if err != nil {
		return fiber.ErrNotFound
	}
	o, err := f.cfg.Catalog.Organization(c.UserContext(), id)
	if errors.Is(err, municat.ErrNotFound) || municat.ErrorCode(err) == municat.EINVALID {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	q := municat.Query{Filters: map[string][]string{municat.FacetOrganization: {o.ID}}}
	return f.sendFeed(c, l, l.MustT("feed.organization_title", "Name", o.Name), q, l.Link("/organization/"+url.PathEscape(o.ID), nil))
}

// sendFeed answers with the Atom feed of the feedEntries most recently
// changed datasets matching q.
func (f *frontend) sendFeed(c *fiber.Ctx, l *locale, title string, q municat.Query, htmlPath string) error {
	ctx := c.UserContext()
	q.Sort, q.Desc, q.Page, q.PerPage, q.FacetSize = municat.SortModified, true, 1, feedEntries, 1
	res, err := f.cfg.Index.Search(ctx, q)
	if err != nil {
		return err
	}
	ds, err := f.cfg.Catalog.HitDatasets(ctx, res.Hits, f.log)
	if err != nil {
		return err
	}
	self := f.absolute(f.basePath + c.OriginalURL())
	fd := feed.Feed{
		ID: self, Title: title + " – " + f.siteName(l), Lang: l.Lang, SelfURL: self,
		HTMLURL: f.absolute(htmlPath), Generator: "municat", Author: feed.Person{Name: f.siteName(l)},
	}
	for _, d := range ds {
		fd.Entries = append(fd.Entries, f.feedEntry(l, d))
	}
	if len(ds) == 0 {
		fd.Updated = f.cfg.Now()
	}
	var buf bytes.Buffer
	if err := feed.WriteAtom(&buf, fd); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/atom+xml; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, feedCacheControl)
	if !l.Explicit {
		c.Vary(fiber.HeaderAcceptLanguage)
	}
	return c.Send(buf.Bytes())
}

// feedEntry returns the Atom entry of dataset d.
func (f *frontend) feedEntry(l *locale, d *municat.Dataset) feed.Entry {
	page := f.absolute(f.basePath + datasetPath(d.ID))
	e := feed.Entry{
		ID: page, Title: f.title(l, d).Text, Link: page,
		Summary: municat.Shorten(markup.PlainText(d.Description.Get(l.Lang)), 500),
		Author:  feed.Person{Name: d.PublisherName()},
	}
	if d.Modified != nil {
		e.Updated = *d.Modified
	}
	if d.Issued != nil {
		e.Published = *d.Issued
	}
	if e.Updated.IsZero() && e.Published.IsZero() {
		e.Updated = time.Unix(0, 0).UTC()
		if d.Harvested != nil {
			e.Updated = *d.Harvested
		}
	}
	for _, code := range d.Themes {
		if t, ok := municat.ThemeByCode(code); ok {
			e.Categories = append(e.Categories, feed.Category{Term: code, Scheme: municat.ThemeBaseIRI, Label: t.Label.Get(l.Lang)})
		}
	}
	for _, k := range d.Keywords {
		e.Categories = append(e.Categories, feed.Category{Term: k})
	}
	return e
}

// robots serves GET /robots.txt: everything may be crawled except the
// search suggestions, and the sitemap is named.
func (f *frontend) robots(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "text/plain; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	return c.Status(http.StatusOK).SendString("User-agent: *\nDisallow: " + f.basePath + "/suggest\nDisallow: " + f.basePath + "/feeds/search.atom\n\nSitemap: " + f.absolute(f.basePath+"/sitemap.xml") + "\n")
}
