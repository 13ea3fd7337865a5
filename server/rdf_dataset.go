package server

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/rdf"
)

// rdfExts are the file extensions of the DCAT routes, as ckanext-dcat names
// them: "xml" is RDF/XML like "rdf", "n3" is served as Turtle (its subset).
var rdfExts = []string{"ttl", "n3", "rdf", "xml", "jsonld", "nt"}

// splitRDFExt splits a known RDF extension off a dataset path segment.
func splitRDFExt(s string) (id string, f rdf.Format, ok bool) {
	i := strings.LastIndexByte(s, '.')
	if i <= 0 {
		return "", "", false
	}
	for _, ext := range rdfExts {
		if strings.EqualFold(s[i+1:], ext) {
			f, _ := rdf.FormatFromExt(ext)
			return s[:i], f, true
		}
	}
	return "", "", false
}

// datasetRDF answers GET /dataset/{id}.{ext} and GET /dataset/{id}.
//
// With a known extension it serves the dataset in that format. Dataset ids
// may contain dots, so when no dataset has the id without the extension,
// the whole segment is taken as the id. Without an extension the Accept
// header decides: an RDF format gets the dataset in it, HTML goes on to the
// next handler (the frontend's page), anything else gets 406. Unknown ids
// give 404, withdrawn datasets 410: they are no longer in the catalogue.
// Draft and scheduled datasets give 404 but to their organisation (see
// visibleDataset).
func (h *handlers) datasetRDF(c *fiber.Ctx) error {
	if err := h.dcatReady(); err != nil {
		return err
	}
	segment := param(c, "id")
	if id, f, ok := splitRDFExt(segment); ok {
		d, err := h.visibleDataset(c, id)
		switch {
		case err == nil:
			return h.sendDatasetRDF(c, d, f)
		case !errors.Is(err, municat.ErrNotFound):
			return err
		}
	}
	o, err := negotiateRDF(c)
	switch {
	case err != nil:
		return err
	case o.html():
		return c.Next()
	}
	d, err := h.visibleDataset(c, segment)
	if err != nil {
		return err
	}
	return h.sendDatasetRDF(c, d, o.Format)
}

// sendDatasetRDF answers with dataset d (as visibleDataset returns it)
// alone in format f, or 410 if it is withdrawn. The document is small, so
// it is built in memory first and an encoding error still gives a clean
// 500.
func (h *handlers) sendDatasetRDF(c *fiber.Ctx, d *municat.Dataset, f rdf.Format) error {
	if !d.IsPublished() && !d.Unreleased() {
		return problemf(http.StatusGone, "Der Datensatz %q wurde zurückgezogen und ist nicht mehr im Katalog.", d.ID)
	}
	exp, err := h.exporter(c.UserContext())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := rdf.Write(&buf, f, dcat.Prefixes, exp.DatasetTriples(d, false)...); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, f.ContentType())
	cacheControl(c)
	return c.Send(buf.Bytes())
}
