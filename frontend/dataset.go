package frontend

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/frontend/markup"
	"github.com/municat/municat/preview"
)

// datasetView is what the dataset page shows.
type datasetView struct {
	ID            string
	Title         shown
	Description   template.HTML
	DescLang      string
	Withdrawn     bool
	Distributions []distributionView
	// Facts are the metadata rows, in display order.
	Facts     []fact
	Themes    []themeTile
	Keywords  []facetLink
	Publisher *agentView
	Contact   *contactView
	Spatial   *spatialView
	Citation  string
	// Formats are the links to the dataset's metadata in other formats.
	Formats []alternate
	JSONURL string
	// SearchURL leads to the search.
	SearchURL string
	// Related are other datasets sharing a keyword, else a theme.
	Related []datasetItem
}

// fact is one row of the metadata list: a label and a text, or a link.
type fact struct {
	Label string
	Text  string
	Href  string
	// Time is set for dates, for <time datetime>.
	Time *time.Time
	// Lang is the language of Text when it differs from the page's.
	Lang string
}

// agentView is a publisher as shown.
type agentView struct{ Name, Homepage, Email string }

// contactView is a contact point as shown.
type contactView struct{ Name, Email, URL, Phone string }

// distributionView is one distribution on the dataset page.
type distributionView struct {
	Title       shown
	Description string
	Format      string
	Size        string
	License     *licenseView
	Modified    *time.Time
	// URL is where to get the data; Download says whether it is the file
	// itself (else a page or service).
	URL      string
	Download bool
	// PreviewURL is set for files municat holds and can preview.
	PreviewURL string
	// Versions are the earlier versions of the file, newest first.
	Versions []versionView
}

// versionView is an earlier version of a distribution's file.
type versionView struct {
	Stored time.Time
	Size   string
	URL    string
}

// licenseView is a licence as shown: its name and, if known, the licence
// text's page.
type licenseView struct{ Name, URL string }

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
// negotiation and hands browsers on to this page). A withdrawn dataset is
// shown with a banner and status 410.
func (f *frontend) dataset(c *fiber.Ctx) error {
	l := f.locale(c)
	id, err := url.PathUnescape(c.Params("id"))
	if err != nil || !municat.ValidDatasetID(id) {
		return f.notFound(c, l)
	}
	ctx := c.UserContext()
	d, err := f.cfg.Catalog.Dataset(ctx, id)
	if err == nil && d.Unreleased() {
		// A draft or a dataset scheduled for later does not exist yet.
		err = municat.NotFound("Datensatz %q nicht gefunden.", id)
	}
	if errors.Is(err, municat.ErrNotFound) {
		return f.notFound(c, l)
	}
	if err != nil {
		return f.fail(c, l, "dataset page", err)
	}
	if d.IsPublished() && d.DuplicateOf != "" && d.DuplicateOf != d.ID {
		// The same dataset through another source: shown once, there.
		return c.Redirect(l.Link(datasetPath(d.DuplicateOf), nil), http.StatusFound)
	}
	path := datasetPath(d.ID)
	desc := l.Pick(d.Description)
	view := datasetView{
		ID:          d.ID,
		Title:       f.title(l, d),
		Description: markup.Markdown(desc.Text),
		DescLang:    desc.Lang,
		Withdrawn:   !d.IsPublished(),
		Formats:     f.alternates(path),
		JSONURL:     f.basePath + "/api/v1/datasets/" + url.PathEscape(d.ID),
		SearchURL:   l.Link("/dataset", nil),
	}
	for _, dist := range d.Distributions {
		view.Distributions = append(view.Distributions, f.distribution(l, d, dist))
	}
	view.Facts = append(f.facts(l, d), f.alsoFrom(ctx, l, d)...)
	for _, code := range d.Themes {
		if t, ok := municat.ThemeByCode(code); ok {
			view.Themes = append(view.Themes, themeTile{Code: t.Code, Label: t.Label.Get(l.Lang), URL: l.Link("/theme/"+t.Code, nil)})
		}
	}
	for _, k := range d.Keywords {
		view.Keywords = append(view.Keywords, facetLink{Label: k, URL: l.Link("/dataset", url.Values{municat.FacetKeyword: {k}})})
	}
	if p := d.Publisher; p != nil {
		view.Publisher = &agentView{Name: l.Pick(p.Name).Text, Homepage: safeURL(p.Homepage), Email: p.Email}
	}
	if cp := d.ContactPoint; cp != nil && (cp.Name != "" || cp.Email != "" || cp.URL != "" || cp.Phone != "") {
		view.Contact = &contactView{Name: cp.Name, Email: cp.Email, URL: safeURL(cp.URL), Phone: cp.Phone}
	}
	view.Spatial = newSpatialView(l, d.Spatial)
	view.Related = f.related(ctx, l, d)
	view.Citation = f.citation(l, d)

	pg := page{
		Title: view.Title.Text, Description: municat.Shorten(markup.PlainText(desc.Text), 160),
		L: l, Nav: "dataset", Data: view, Alternates: view.Formats,
		Crumbs: crumbs(view.Title, crumb{Text: l.MustT("nav.datasets"), Lang: l.Lang, URL: view.SearchURL}),
	}
	status := http.StatusOK
	if view.Withdrawn {
		status = http.StatusGone
		pg.Robots = "noindex"
	} else if js, err := f.schemaOrg(l, d); err == nil {
		pg.JSONLD = js
	} else {
		f.log.Warn("schema.org metadata failed", "dataset", d.ID, "err", err)
	}
	return f.render(c, status, "dataset", pg)
}

// relatedCount is the number of related datasets a dataset page lists.
const relatedCount = 4

// related returns up to relatedCount other published datasets that share
// a keyword with d, else a theme, most recently changed first. It is an
// extra: a failing search leaves it empty.
func (f *frontend) related(ctx context.Context, l *locale, d *municat.Dataset) []datasetItem {
	for _, filter := range []struct {
		facet  string
		values []string
	}{{municat.FacetKeyword, d.Keywords}, {municat.FacetTheme, d.Themes}} {
		if len(filter.values) == 0 {
			continue
		}
		values := filter.values[:min(len(filter.values), maxFilterValues)]
		res, err := f.cfg.Index.Search(ctx, municat.Query{Filters: map[string][]string{filter.facet: values}, PerPage: relatedCount + 1, FacetSize: 1})
		if err != nil {
			f.log.Warn("related datasets failed", "dataset", d.ID, "err", err)
			return nil
		}
		hits := slices.DeleteFunc(res.Hits, func(h municat.Hit) bool { return h.ID == d.ID })
		if len(hits) == 0 {
			continue
		}
		items, err := f.datasetItems(ctx, l, hits[:min(len(hits), relatedCount)], func(d *municat.Dataset) *time.Time { return d.Modified })
		if err != nil {
			f.log.Warn("related datasets failed", "dataset", d.ID, "err", err)
			return nil
		}
		return items
	}
	return nil
}

// distribution returns the view of one distribution of d.
func (f *frontend) distribution(l *locale, d *municat.Dataset, dist municat.Distribution) distributionView {
	v := distributionView{
		Title:       l.Pick(dist.Title),
		Description: markup.PlainText(l.Pick(dist.Description).Text),
		Format:      formatLabel(dist.Format),
		Modified:    dist.Modified,
		URL:         safeURL(dist.URL()),
		Download:    dist.DownloadURL != "",
	}
	if v.Title.Text == "" {
		v.Title = shown{Text: l.MustT("dataset.distribution_untitled", "Format", dist.Format), Lang: l.Lang}
	}
	if dist.ByteSize > 0 {
		v.Size = l.Bytes(dist.ByteSize)
	}
	lic := dist.License
	if lic == "" {
		lic = d.License
	}
	v.License = licenseOf(lic)
	if dist.FileKey != "" {
		v.URL = f.downloadPath(d.ID, dist.ID)
		v.Download = true
		if preview.Kind(dist.Format, dist.MediaType, dist.FileKey) != "" {
			v.PreviewURL = l.Link(datasetPath(d.ID)+"/preview/"+url.PathEscape(dist.ID), nil)
		}
	}
	for _, fv := range slices.Backward(dist.Versions) {
		if fv.Key == dist.FileKey || !fv.Released() {
			continue
		}
		v.Versions = append(v.Versions, versionView{Stored: fv.Stored, Size: l.Bytes(fv.ByteSize),
			URL: f.versionPath(d.ID, dist.ID, fv.ID)})
	}
	return v
}

// formatLabel returns a format code for people: "WMS" for the EU code
// "WMS_SRVC".
func formatLabel(code string) string { return strings.TrimSuffix(code, "_SRVC") }
