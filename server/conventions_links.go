package server

import (
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/internal/weblink"
)

// setPageLinks sets the Link header (RFC 8288) of page number page of a
// list of last pages found at the API path (under BaseURL) with the
// request's query parameters: first, prev, next and last, each with the
// page parameter replaced.
func (h *handlers) setPageLinks(c *fiber.Ctx, path string, page, last int) {
	u, err := url.Parse(h.baseURL + path)
	if err != nil {
		return
	}
	u.RawQuery = string(c.Request().URI().QueryString())
	c.Set(fiber.HeaderLink, weblink.Format(weblink.Pages(u, "page", page, last)...))
}

// lastPage returns the number of the last page of total search hits with
// perPage per page, as far as paging may go (MaxResultWindow); 1 if
// nothing matches.
func lastPage(total, perPage int) int {
	if perPage < 1 {
		return 1
	}
	total = min(total, MaxResultWindow)
	return max(1, (total+perPage-1)/perPage)
}

// setHydraLinks sets the Link header of a catalogue page from its Hydra
// paging block, so that a client sees the same links in the header as in
// the document.
func setHydraLinks(c *fiber.Ctx, p *dcat.Page) {
	links := make([]weblink.Link, 0, 4)
	for _, l := range []weblink.Link{
		{URL: p.First, Rel: weblink.First}, {URL: p.Previous, Rel: weblink.Prev},
		{URL: p.Next, Rel: weblink.Next}, {URL: p.Last, Rel: weblink.Last},
	} {
		if l.URL != "" {
			links = append(links, l)
		}
	}
	if len(links) > 0 {
		c.Set(fiber.HeaderLink, weblink.Format(links...))
	}
}

// datasetModified returns when the API view of d last changed, as far as
// the record tells: the latest of its modification, harvest and
// withdrawal times, of its distributions' modification times and of the
// times their file versions were stored or became current (a scheduled
// version changes the public view when its time comes, without a write).
// Times after now are left out (a scheduled publication that has not
// come; a source's clock running ahead).
func datasetModified(d *municat.Dataset, now time.Time) time.Time {
	var latest time.Time
	see := func(t *time.Time) {
		if t != nil && t.After(latest) && !t.After(now) {
			latest = *t
		}
	}
	see(d.Modified)
	see(d.Harvested)
	see(d.WithdrawnAt)
	see(d.PublishAt)
	for i := range d.Distributions {
		dist := &d.Distributions[i]
		see(dist.Modified)
		for j := range dist.Versions {
			v := &dist.Versions[j]
			see(&v.Stored)
			see(v.PublishAt)
		}
	}
	return latest
}
