package server

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// exporterTTL is how long the DCAT routes reuse the organisations (and the
// catalogue's modification date) they read for the exporter.
const exporterTTL = time.Minute

// exporterCache builds the DCAT exporter of the requests and keeps it for
// exporterTTL.
type exporterCache struct {
	mu    sync.Mutex
	exp   *dcat.Exporter
	built time.Time
}

// exporter returns the exporter for the DCAT routes: Config.DCAT, or a
// default one describing the portal at BaseURL, with the organisations of
// the catalog (unless Config.DCAT names its own) and, unless configured, the
// newest dataset's modification date as the catalogue's dct:modified. The
// result is shared and must not be modified.
func (h *handlers) exporter(ctx context.Context) (*dcat.Exporter, error) {
	h.dcat.mu.Lock()
	defer h.dcat.mu.Unlock()
	if h.dcat.exp != nil && time.Since(h.dcat.built) < exporterTTL {
		return h.dcat.exp, nil
	}
	exp, err := h.buildExporter(ctx)
	if err != nil {
		return nil, err
	}
	h.dcat.exp, h.dcat.built = exp, time.Now()
	return exp, nil
}

// buildExporter reads what the exporter needs from the catalog and index.
func (h *handlers) buildExporter(ctx context.Context) (*dcat.Exporter, error) {
	var exp dcat.Exporter
	if h.cfg.DCAT != nil {
		exp = *h.cfg.DCAT
	} else {
		exp = h.defaultExporter()
	}
	if exp.BaseURL == "" {
		exp.BaseURL = h.baseURL
	}
	if exp.FileURL == nil {
		exp.FileURL = h.downloadURL
	}
	if exp.Organizations == nil {
		orgs, err := h.cfg.Catalog.Organizations(ctx)
		if err != nil {
			return nil, err
		}
		exp.Organizations = make(map[string]*municat.Organization, len(orgs))
		for _, o := range orgs {
			exp.Organizations[o.ID] = o
		}
		if h.cfg.DCAT == nil && len(orgs) == 1 {
			exp.Catalog = dcat.DefaultCatalog(exp.BaseURL, orgs[0])
		}
	}
	if exp.Catalog.Modified == nil {
		modified, err := h.newestModified(ctx)
		if err != nil {
			return nil, err
		}
		exp.Catalog.Modified = modified
	}
	return &exp, nil
}

// defaultExporter describes the portal when Config.DCAT is nil (see
// dcat.DefaultCatalog). The publisher is the only organisation, if there is
// exactly one; a portal with several should configure Config.DCAT.
func (h *handlers) defaultExporter() dcat.Exporter {
	return dcat.Exporter{BaseURL: h.baseURL, Catalog: dcat.DefaultCatalog(h.baseURL, nil)}
}

// newestModified returns the modification date of the most recently
// modified published dataset, or nil if none has one.
func (h *handlers) newestModified(ctx context.Context) (*time.Time, error) {
	res, err := h.cfg.Index.Search(ctx, municat.Query{Sort: municat.SortModified, Desc: true, Page: 1, PerPage: 1, FacetSize: 1})
	if err != nil || len(res.Hits) == 0 {
		return nil, err
	}
	d, err := h.cfg.Catalog.Dataset(ctx, res.Hits[0].ID)
	if errors.Is(err, municat.ErrNotFound) {
		return nil, nil // the index lags; the date is optional
	}
	if err != nil {
		return nil, err
	}
	return d.Modified, nil
}

// dcatReady answers 503 when the DCAT routes cannot build absolute IRIs.
func (h *handlers) dcatReady() error {
	if h.baseURL == "" && (h.cfg.DCAT == nil || h.cfg.DCAT.BaseURL == "") {
		return municat.Errorf(municat.EUNAVAILABLE, "Der DCAT-Katalog ist nicht verfügbar: die öffentliche Adresse des Portals (BaseURL) ist nicht eingestellt.")
	}
	return nil
}

// negotiateRDF picks the representation of a DCAT route by the Accept
// header (an RDF format or the HTML page) and marks the answer as varying
// by it; none acceptable is a 406 error listing the offered media types.
func negotiateRDF(c *fiber.Ctx) (offer, error) {
	c.Vary(fiber.HeaderAccept)
	o, ok := negotiate(c.Get(fiber.HeaderAccept), rdfOffers)
	if !ok {
		return offer{}, problemf(http.StatusNotAcceptable,
			"Keines der angefragten Formate (Accept: %s) ist verfügbar. Angeboten werden: %s.", c.Get(fiber.HeaderAccept), offeredTypes(rdfOffers))
	}
	return o, nil
}
