package frontend

import (
	"cmp"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
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
	if errors.Is(err, municat.ErrNotFound) {
		return f.notFound(c, l)
	}
	if err != nil {
		return f.fail(c, l, "dataset page", err)
	}
	path := "/dataset/" + url.PathEscape(d.ID)
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
	view.Facts = f.facts(l, d)
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
		v.URL = f.basePath + "/api/v1/datasets/" + url.PathEscape(d.ID) + "/distributions/" + url.PathEscape(dist.ID) + "/download"
		v.Download = true
		if preview.Kind(dist.Format, dist.MediaType, dist.FileKey) != "" {
			v.PreviewURL = l.Link("/dataset/"+url.PathEscape(d.ID)+"/preview/"+url.PathEscape(dist.ID), nil)
		}
	}
	return v
}

// licenseOf returns the licence id or IRI lic for people: the DCAT-AP.de
// list's name and page where it is listed, else the text itself (linked if
// it is a URL).
func licenseOf(lic string) *licenseView {
	if lic == "" {
		return nil
	}
	if l, ok := dcat.LicenseFor(lic); ok {
		return &licenseView{Name: l.Name, URL: safeURL(l.Homepage)}
	}
	return &licenseView{Name: lic, URL: safeURL(lic)}
}

// facts returns the metadata rows of d in display order.
func (f *frontend) facts(l *locale, d *municat.Dataset) []fact {
	var out []fact
	add := func(label, text string) {
		if strings.TrimSpace(text) != "" {
			out = append(out, fact{Label: l.MustT(label), Text: text})
		}
	}
	addLink := func(label, href string) {
		if u := safeURL(href); u != "" {
			out = append(out, fact{Label: l.MustT(label), Text: u, Href: u})
		}
	}
	addDate := func(label string, t *time.Time) {
		if t != nil && !t.IsZero() {
			out = append(out, fact{Label: l.MustT(label), Text: l.Date(*t), Time: t})
		}
	}
	if lic := licenseOf(d.License); lic != nil {
		out = append(out, fact{Label: l.MustT("meta.license"), Text: lic.Name, Href: lic.URL})
	}
	if d.AccessRights != "" {
		add("meta.access_rights", conceptLabel(l, dcat.AccessRights, d.AccessRights))
	}
	addDate("meta.modified", d.Modified)
	addDate("meta.issued", d.Issued)
	if d.Frequency != "" {
		add("meta.frequency", conceptLabel(l, dcat.Frequencies, d.Frequency))
	}
	if p := d.Temporal; p != nil && (p.Start != nil || p.End != nil) {
		from, to := "…", "…"
		if p.Start != nil {
			from = l.Date(*p.Start)
		}
		if p.End != nil {
			to = l.Date(*p.End)
		}
		add("meta.temporal", from+" – "+to)
	}
	var langs []string
	for _, code := range d.Languages {
		eu := strings.TrimPrefix(dcat.LanguageIRI(code), dcat.Languages.Base)
		langs = append(langs, conceptLabel(l, dcat.Languages, cmp.Or(eu, code)))
	}
	add("meta.languages", strings.Join(langs, ", "))
	add("meta.version", d.Version)
	addLink("meta.landing_page", d.LandingPage)
	for _, p := range d.Pages {
		addLink("meta.documentation", p)
	}
	for _, s := range d.ConformsTo {
		if u := safeURL(s); u != "" {
			addLink("meta.conforms_to", u)
		} else {
			add("meta.conforms_to", s)
		}
	}
	add("meta.identifier", d.Identifier)
	if d.Creator != nil {
		add("meta.creator", l.Pick(d.Creator.Name).Text)
	}
	if d.Custodian != nil {
		add("meta.custodian", l.Pick(d.Custodian.Name).Text)
	}
	if d.SourceID != "" {
		add("meta.source", d.SourceID)
	}
	return out
}

// conceptLabel returns the label of code in vocabulary v in the locale's
// language, else code.
func conceptLabel(l *locale, v *dcat.Vocabulary, code string) string {
	if c, ok := v.Lookup(code); ok {
		if s := c.Label.Get(l.Lang); s != "" {
			return s
		}
	}
	return code
}

// citation returns a citation of d: publisher (year): title. Version.
// Portal URL, retrieved on today's date.
func (f *frontend) citation(l *locale, d *municat.Dataset) string {
	var b strings.Builder
	if p := d.PublisherName(); p != "" {
		b.WriteString(p)
	} else {
		b.WriteString(f.siteName(l))
	}
	if t := d.Issued; t != nil {
		b.WriteString(" (" + t.In(berlin).Format("2006") + ")")
	} else if t := d.Modified; t != nil {
		b.WriteString(" (" + t.In(berlin).Format("2006") + ")")
	}
	b.WriteString(": " + f.title(l, d).Text + ".")
	if d.Version != "" {
		b.WriteString(" " + l.MustT("dataset.cite_version", "Version", d.Version) + ".")
	}
	b.WriteString(" " + f.absolute(f.basePath+"/dataset/"+url.PathEscape(d.ID)))
	b.WriteString(" (" + l.MustT("dataset.cite_retrieved", "Date", l.Date(f.cfg.Now())) + ").")
	return b.String()
}

// formatLabel returns a format code for people: "WMS" for the EU code
// "WMS_SRVC".
func formatLabel(code string) string { return strings.TrimSuffix(code, "_SRVC") }
