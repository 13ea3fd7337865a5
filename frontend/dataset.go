package frontend

import (
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// datasetView is what the dataset page shows.
type datasetView struct {
	Title         string
	Description   string
	Withdrawn     bool
	Publisher     string
	Modified      *dateView
	License       string
	Distributions []distributionView
	// Formats are the links to the dataset's metadata in other formats.
	Formats []alternate
}

// distributionView is one distribution on the dataset page.
type distributionView struct {
	Title  string
	Format string
	URL    string
}

// alternate is a link to the same resource in another format.
type alternate struct {
	Type  string
	Label string
	Href  string
}

// rdfAlternates are the DCAT formats of the catalogue and of each dataset:
// the extension the server routes answer and the media type.
var rdfAlternates = []struct{ ext, mediaType, label string }{
	{"ttl", "text/turtle", "DCAT-AP (Turtle)"},
	{"rdf", "application/rdf+xml", "DCAT-AP (RDF/XML)"},
	{"jsonld", "application/ld+json", "DCAT-AP (JSON-LD)"},
	{"nt", "application/n-triples", "DCAT-AP (N-Triples)"},
}

// alternates returns the alternate links for the resource at path
// (without extension), e.g. "/catalog" or "/dataset/{id}".
func (f *frontend) alternates(path string) []alternate {
	out := make([]alternate, 0, len(rdfAlternates))
	for _, a := range rdfAlternates {
		out = append(out, alternate{Type: a.mediaType, Label: a.label, Href: f.basePath + path + "." + a.ext})
	}
	return out
}

// dataset serves the page of one dataset at /dataset/{id}, the same IRI the
// DCAT catalogue uses (the server answers RDF there by content
// negotiation and hands browsers on to this page).
func (f *frontend) dataset(c *fiber.Ctx) error {
	id, err := url.PathUnescape(c.Params("id"))
	if err != nil || !municat.ValidDatasetID(id) {
		return f.render(c, fiber.StatusNotFound, "notfound", "Nicht gefunden – municat", f.basePath)
	}
	d, err := f.cfg.Catalog.Dataset(c.UserContext(), id)
	if errors.Is(err, municat.ErrNotFound) {
		return f.render(c, fiber.StatusNotFound, "notfound", "Nicht gefunden – municat", f.basePath)
	}
	if err != nil {
		f.log.Error("dataset page failed", "id", id, "err", err)
		return f.render(c, failureStatus(err), "notfound", "Fehler – municat", f.basePath)
	}
	path := "/dataset/" + url.PathEscape(d.ID)
	view := datasetView{
		Title:       d.Title.String(),
		Description: d.Description.String(),
		Withdrawn:   !d.IsPublished(),
		Publisher:   d.PublisherName(),
		Modified:    newDateView(d.Modified),
		License:     d.License,
		Formats:     f.alternates(path),
	}
	for _, dist := range d.Distributions {
		u := dist.URL()
		if dist.FileKey != "" && u == "" {
			u = f.basePath + "/api/v1/datasets/" + url.PathEscape(d.ID) + "/distributions/" + url.PathEscape(dist.ID) + "/download"
		}
		title := dist.Title.String()
		if strings.TrimSpace(title) == "" {
			title = dist.Format
		}
		view.Distributions = append(view.Distributions, distributionView{Title: title, Format: dist.Format, URL: u})
	}
	status := fiber.StatusOK
	if view.Withdrawn {
		status = fiber.StatusGone
	}
	return f.renderWith(c, status, "dataset", view.Title+" – municat", view, view.Formats)
}

// newDateView returns t as a German date for the pages, or nil.
func newDateView(t *time.Time) *dateView {
	if t == nil {
		return nil
	}
	local := t.In(berlin)
	return &dateView{ISO: local.Format(time.DateOnly), Text: local.Format("02.01.2006")}
}
