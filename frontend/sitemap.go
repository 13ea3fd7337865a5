package frontend

import (
	"bytes"
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/frontend/feed"
)

// sitemapPage is the number of datasets read from the index at a time.
const sitemapPage = 1000

// sitemapChunk is the number of datasets per sitemap file when the
// catalogue needs more than one (the sitemaps.org limit is 50,000 URLs). A
// variable so that a test can lower it.
var sitemapChunk = 40000

// sitemap serves GET /sitemap.xml: for a catalogue of up to sitemapChunk
// datasets one sitemap of the portal's pages and every published dataset's
// page; for a larger one a sitemap index of /sitemap-pages.xml and
// /sitemap-datasets-{n}.xml. Every URL comes with its English version.
func (f *frontend) sitemap(c *fiber.Ctx) error {
	ctx := c.UserContext()
	res, err := f.cfg.Index.Search(ctx, municat.Query{PerPage: 1, FacetSize: 1})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if res.Total <= sitemapChunk {
		urls, err := f.pageURLs(ctx)
		if err != nil {
			return err
		}
		if urls, err = f.datasetURLs(ctx, urls, 0, sitemapChunk); err != nil {
			return err
		}
		if err := feed.WriteSitemap(&buf, urls); err != nil {
			return err
		}
		return sendXML(c, buf.Bytes())
	}
	refs := []feed.SitemapRef{{Loc: f.absolute(f.basePath + "/sitemap-pages.xml")}}
	for n := 1; (n-1)*sitemapChunk < res.Total; n++ {
		refs = append(refs, feed.SitemapRef{Loc: f.absolute(f.basePath + "/sitemap-datasets-" + strconv.Itoa(n) + ".xml")})
	}
	if err := feed.WriteSitemapIndex(&buf, refs); err != nil {
		return err
	}
	return sendXML(c, buf.Bytes())
}

// sitemapPages serves GET /sitemap-pages.xml: the portal's pages without
// the datasets.
func (f *frontend) sitemapPages(c *fiber.Ctx) error {
	urls, err := f.pageURLs(c.UserContext())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := feed.WriteSitemap(&buf, urls); err != nil {
		return err
	}
	return sendXML(c, buf.Bytes())
}

// sitemapDatasets serves GET /sitemap-datasets-{n}.xml: the n-th
// sitemapChunk datasets in id order.
func (f *frontend) sitemapDatasets(c *fiber.Ctx) error {
	n, err := strconv.Atoi(c.Params("n"))
	if err != nil || n < 1 || n > 1000 {
		return fiber.ErrNotFound
	}
	urls, err := f.datasetURLs(c.UserContext(), nil, (n-1)*sitemapChunk, sitemapChunk)
	if err != nil {
		return err
	}
	if len(urls) == 0 {
		return fiber.ErrNotFound
	}
	var buf bytes.Buffer
	if err := feed.WriteSitemap(&buf, urls); err != nil {
		return err
	}
	return sendXML(c, buf.Bytes())
}

// sendXML answers with an XML document that may be cached for a while.
func sendXML(c *fiber.Ctx, body []byte) error {
	c.Set(fiber.HeaderContentType, "application/xml; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, feedCacheControl)
	return c.Send(body)
}

// sitemapURL returns the sitemap entry of a portal path with its English
// version.
func (f *frontend) sitemapURL(path string, modified *time.Time) feed.URL {
	u := feed.URL{Loc: f.absolute(f.basePath + path)}
	if modified != nil {
		u.LastMod = *modified
	}
	u.Alternates = []feed.Alternate{{Lang: "de", Href: u.Loc}, {Lang: "en", Href: u.Loc + "?lang=en"}}
	return u
}

// pageURLs returns the sitemap entries of the portal's pages: home,
// search, themes, organisations and the API guide.
func (f *frontend) pageURLs(ctx context.Context) ([]feed.URL, error) {
	var urls []feed.URL
	for _, p := range []string{"/", "/dataset", "/theme", "/organization", "/api"} {
		urls = append(urls, f.sitemapURL(p, nil))
	}
	for _, t := range municat.Themes {
		urls = append(urls, f.sitemapURL("/theme/"+t.Code, nil))
	}
	orgs, err := f.organizationsCached(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		urls = append(urls, f.sitemapURL("/organization/"+url.PathEscape(o.ID), nil))
	}
	return urls, nil
}

// datasetURLs appends to urls the entries of up to limit published
// datasets in id order, after skipping the first skip. Skipping pages
// through the index by key without reading the records, so the cost of a
// later sitemap file is the index walk, not the store.
func (f *frontend) datasetURLs(ctx context.Context, urls []feed.URL, skip, limit int) ([]feed.URL, error) {
	after, taken := "", 0
	for taken < limit {
		res, err := f.cfg.Index.Search(ctx, municat.Query{Sort: municat.SortID, After: after, PerPage: sitemapPage, FacetSize: 1})
		if err != nil {
			return nil, err
		}
		if len(res.Hits) == 0 {
			break
		}
		after = res.Hits[len(res.Hits)-1].ID
		hits := res.Hits
		if skip > 0 {
			n := min(skip, len(hits))
			skip -= n
			hits = hits[n:]
		}
		hits = hits[:min(len(hits), limit-taken)]
		if len(hits) == 0 {
			continue
		}
		ds, err := f.cfg.Catalog.HitSummaries(ctx, hits, f.log)
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			urls = append(urls, f.sitemapURL(datasetPath(d.ID), d.Modified))
		}
		taken += len(hits)
	}
	return urls, nil
}
