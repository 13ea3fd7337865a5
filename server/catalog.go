package server

import (
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat/dcat"
	"github.com/municat/municat/rdf"
)

// catalogFile returns the handler of GET /catalog.{ext}: the catalogue in
// the format of the extension.
func (h *handlers) catalogFile(ext string) fiber.Handler {
	f, ok := rdf.FormatFromExt(ext)
	if !ok {
		panic("server: no RDF format for extension " + ext)
	}
	path := "/catalog." + ext
	return func(c *fiber.Ctx) error { return h.serveCatalog(c, f, path) }
}

// catalogNegotiated answers GET /catalog: the Accept header chooses the
// format; a client that prefers HTML (a browser) is sent to the search
// page with 303, one that accepts none of the formats gets 406. The paging
// links of a negotiated page use the format's extension, so a harvester
// that follows them gets the same format whatever it sends as Accept.
func (h *handlers) catalogNegotiated(c *fiber.Ctx) error {
	o, err := negotiateRDF(c)
	switch {
	case err != nil:
		return err
	case o.html():
		return c.Redirect(h.baseURL+"/", fiber.StatusSeeOther)
	}
	return h.serveCatalog(c, o.Format, "/catalog."+o.Format.Ext())
}

// serveCatalog answers with one page of the catalogue in format f; path
// is the route of f that the paging links name.
//
// The page holds the catalogue node, the Hydra paging block (ckanext-dcat's
// hydra:PagedCollection with both predicate generations, which GovData's
// and data.europa.eu's harvesters follow; left out when nothing matches)
// and the page's datasets, in id order, so a harvest running while
// datasets change skips none. A page past the end answers 200 with the
// catalogue node and the paging block but no datasets, like ckanext-dcat's
// empty catalogue: a harvester still learns totalItems and where the last
// page is. Parameters and the search are checked before the answer starts,
// so mistakes still give a clean 400; the datasets are then streamed (see
// catalogStream), compressed as the client accepts (see encodeStream).
func (h *handlers) serveCatalog(c *fiber.Ctx, f rdf.Format, path string) error {
	if err := h.dcatReady(); err != nil {
		return err
	}
	values, err := queryValues(c)
	if err != nil {
		return err
	}
	req, err := parseCatalog(values)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	exp, err := h.exporter(ctx)
	if err != nil {
		return err
	}
	res, err := h.cfg.Index.Search(ctx, req.Query)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, f.ContentType())
	c.Set(fiber.HeaderCacheControl, apiCacheControl)
	s := &catalogStream{
		ctx: ctx, log: h.log, catalog: h.cfg.Catalog, exporter: exp, format: f,
		ids: make([]string, len(res.Hits)),
	}
	for i, hit := range res.Hits {
		s.ids[i] = hit.ID
	}
	if res.Total > 0 {
		nextAfter := ""
		if len(s.ids) == req.Query.PerPage {
			nextAfter = s.ids[len(s.ids)-1]
		}
		p := hydraPage(exp.BaseURL+path, req.Carry, req.Query.Page, req.Query.PerPage, res.Total, req.Query.After, nextAfter)
		s.hydra = &p
		setHydraLinks(c, s.hydra)
	}
	coding := streamCoding(c)
	if c.Method() == fiber.MethodHead {
		return nil
	}
	body := s.start()
	if coding != "" {
		body = encodeStream(body, coding)
	}
	c.Response().SetBodyStream(body, -1)
	return nil
}

// hydraPage describes page number page of a catalogue of total datasets
// at url (absolute, without query) for dcat.HydraTriples. Every link
// carries the parameters carry and its page number; the page's own URL
// also the after it was asked with, and the next link the id of the page's
// last dataset as after (keyset paging, see parseCatalog) when the page is
// full. Previous of a page past the end is the last page.
func hydraPage(base string, carry url.Values, page, perPage, total int, after, nextAfter string) dcat.Page {
	link := func(n int, after string) string {
		v := make(url.Values, len(carry)+2)
		for k, vals := range carry {
			v[k] = vals
		}
		v.Set("page", strconv.Itoa(n))
		if after != "" {
			v.Set("after", after)
		}
		return base + "?" + v.Encode()
	}
	last := max(1, (total+perPage-1)/perPage)
	p := dcat.Page{URL: link(page, after), First: link(1, ""), Last: link(last, ""), TotalItems: total, ItemsPerPage: perPage}
	if page > 1 {
		p.Previous = link(min(page-1, last), "")
	}
	if page < last {
		p.Next = link(page+1, nextAfter)
	}
	return p
}
