// Package frontend serves municat's web pages for citizens: home, search,
// dataset, data preview, organisations, themes, the API guide, the legal
// statements, Atom feeds and the sitemap. Pages are rendered on the server
// with html/template from templates embedded in the binary and parsed once
// at start-up, in German and English (see i18n.go); static files are served
// under checksum URLs.
//
// Every page works without JavaScript (a small script only adds search
// suggestions), loads nothing from other hosts and keeps to a strict
// Content-Security-Policy: no inline scripts or styles, scripts and styles
// from the portal only. Visitors get no cookies.
//
// The package does not import the server package: it parses its
// parameters itself, leniently (a bad page number shows page 1 rather than
// an error), because a person who edits a URL should still see a page.
package frontend

import (
	"bytes"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/search/suggest"
	"github.com/municat/municat/server/openapi"
)

// contentSecurityPolicy is the policy of every page: style sheets, scripts,
// images and fetches from the portal only (and data: images), nothing
// inline.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// Config configures the pages.
type Config struct {
	// Catalog holds the dataset records.
	Catalog *catalog.Catalog
	// Index is the search index over the published datasets.
	Index municat.Index
	// BaseURL is the public URL of the portal. Its path, if any (e.g.
	// "/daten" for "https://example.de/daten"), is put before every link, for
	// a reverse proxy that strips it; the routes themselves stay at "/".
	// Feeds, the sitemap and the citation need it absolute.
	BaseURL string
	// SiteName names the portal in titles and the header, per language;
	// "Offene Daten" / "Open Data" if empty.
	SiteName municat.Text
	// Statements are the texts of the imprint, privacy and accessibility
	// pages (keys StatementImprint, StatementPrivacy,
	// StatementAccessibility), Markdown per language. A missing one shows a
	// default text (see statements.go).
	Statements map[string]municat.Text
	// Logger receives errors; slog.Default() if nil.
	Logger *slog.Logger
	// Now returns the current time; time.Now if nil.
	Now func() time.Time
	// Suggester answers /suggest. If nil, Register makes one over Index and
	// Catalog; pass the API's to keep one vocabulary for both.
	Suggester *suggest.Suggester
}

// frontend holds what the page handlers share.
type frontend struct {
	cfg Config
	log *slog.Logger
	// origin is the scheme and host of the base URL ("" without one) and
	// basePath its path, put before every link.
	origin   string
	basePath string
	assets   staticFiles
	messages *catalogue
	// pages holds one template set per locale.
	pages map[localeKey]map[string]*template.Template
	// locales holds one locale per key.
	locales map[localeKey]*locale
	// orgs caches the organisations for a minute.
	orgsMu   sync.Mutex
	orgs     []*municat.Organization
	orgsRead time.Time
	// spelling proposes spellings after searches that found nothing.
	spelling speller
	// apiRef is the API reference, built from the OpenAPI description.
	apiRef *apiRefView
}

// pageNames are the page templates under templates/.
var pageNames = []string{"home", "search", "dataset", "preview", "organizations", "organization", "themes", "theme", "api", "apiref", "apireftag", "statement", "notfound", "error"}

// Register parses the templates and adds the pages to app. It fails if a
// template, message catalogue or static file is broken.
func Register(app *fiber.App, cfg Config) error {
	f := &frontend{cfg: cfg, log: cfg.Logger}
	if f.log == nil {
		f.log = slog.Default()
	}
	if f.cfg.Now == nil {
		f.cfg.Now = time.Now
	}
	if f.cfg.Suggester == nil {
		f.cfg.Suggester = suggest.New(suggest.Config{Index: cfg.Index, Catalog: cfg.Catalog, Logger: f.log})
	}
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		if err != nil {
			return fmt.Errorf("frontend: base URL %q: %w", cfg.BaseURL, err)
		}
		f.basePath = strings.TrimRight(u.Path, "/")
		if u.Host != "" {
			f.origin = u.Scheme + "://" + u.Host
		}
	}
	files, err := loadStatic()
	if err != nil {
		return fmt.Errorf("frontend: %w", err)
	}
	f.assets = staticFiles{files}
	if f.messages, err = loadCatalogue(); err != nil {
		return err
	}
	if err := f.parseAll(); err != nil {
		return err
	}
	if f.apiRef, err = newAPIRef(openapi.JSON(), f.absolute(f.basePath)); err != nil {
		return err
	}
	z := compress.New(compress.Config{Level: compress.LevelBestSpeed})
	app.Get("/static/:file", z, f.assets.Handler(nil))
	app.Get("/", z, f.home)
	app.Get("/dataset", z, f.search)
	app.Get("/dataset/:id/preview/:dist", z, f.preview)
	app.Get("/dataset/:id", z, f.dataset)
	app.Get("/organization", z, f.organizations)
	app.Get("/organization/:id", z, f.organization)
	app.Get("/theme", z, f.themes)
	app.Get("/theme/:code", z, f.theme)
	app.Get("/api", z, f.apiGuide)
	app.Get("/api/referenz", z, f.apiReference)
	app.Get("/api/referenz/:tag", z, f.apiReferenceTag)
	for _, s := range statements {
		app.Get(s.path, z, f.statement(s))
	}
	app.Get("/suggest", z, f.suggest)
	app.Get("/feeds/datasets.atom", z, f.feedAll)
	app.Get("/feeds/search.atom", z, f.feedSearch)
	app.Get("/feeds/organization/:id.atom", z, f.feedOrganization)
	app.Get("/sitemap.xml", z, f.sitemap)
	app.Get("/sitemap-pages.xml", z, f.sitemapPages)
	app.Get("/sitemap-datasets-:n.xml", z, f.sitemapDatasets)
	app.Get("/robots.txt", f.robots)
	// Last: a browser asking for a page that does not exist gets the HTML
	// page that helps on (API clients keep the server's problem+json).
	app.Use(z, f.pageNotFound)
	return nil
}

// pageNotFound answers requests no route took: with the not-found page
// when a browser asks for HTML outside the API, else it passes them on to
// the server's problem+json 404.
func (f *frontend) pageNotFound(c *fiber.Ctx) error {
	if (c.Method() == http.MethodGet || c.Method() == http.MethodHead) && !strings.HasPrefix(c.Path(), "/api/") &&
		strings.Contains(c.Get(fiber.HeaderAccept), "text/html") {
		return f.notFound(c, f.locale(c))
	}
	return c.Next()
}

// parseAll parses the templates once per locale, with the locale's
// functions bound.
func (f *frontend) parseAll() error {
	f.pages = map[localeKey]map[string]*template.Template{}
	f.locales = map[localeKey]*locale{}
	for _, lang := range []string{"de", "en"} {
		for _, explicit := range []bool{false, true} {
			key := localeKey{lang: lang, explicit: explicit}
			l := f.messages.newLocale(key, f.basePath)
			set, err := f.parsePages(l)
			if err != nil {
				return err
			}
			f.pages[key], f.locales[key] = set, l
		}
	}
	return nil
}

// parsePages parses the layout together with each page template, with the
// functions of locale l.
func (f *frontend) parsePages(l *locale) (map[string]*template.Template, error) {
	layout, err := template.New("layout.html").Funcs(f.funcs(l)).ParseFS(templateFS, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, fmt.Errorf("frontend: parse layout: %w", err)
	}
	pages := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("frontend: parse page %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// page is what the layout template gets: the layout's fields and the page's
// own data.
type page struct {
	// Title is the document title (the site name is added).
	Title string
	// Description is the meta description.
	Description string
	// L is the response's locale.
	L *locale
	// Nav names the active item of the main navigation.
	Nav string
	// SwitchURL is this page in the other language.
	SwitchURL string
	// Data is the page's own view.
	Data any
	// Alternates are links to the page's content in machine-readable
	// formats, announced in the head (rel="alternate") for harvesters.
	Alternates []alternate
	// Feeds are the Atom feeds announced in the head.
	Feeds []alternate
	// JSONLD is schema.org metadata for search engines, already JSON.
	JSONLD template.JS
	// Robots is the robots meta value, e.g. "noindex" ("" for none).
	Robots string
	// Crumbs are the breadcrumb trail after the home page, the page itself
	// last (without URL); none on top-level pages.
	Crumbs []crumb
}

// crumb is one step of the breadcrumb trail.
type crumb struct {
	Text, Lang, URL string
}

// crumbs returns a breadcrumb trail of links ending with the current page.
func crumbs(current shown, links ...crumb) []crumb {
	return append(links, crumb{Text: current.Text, Lang: current.Lang})
}

// locale returns the locale of the request.
func (f *frontend) locale(c *fiber.Ctx) *locale {
	return f.locales[chooseLocale(c.Query(langParam), c.Get(fiber.HeaderAcceptLanguage))]
}

// render executes the page template name and sends it with status. It
// renders into a buffer first, so a template error never sends half a page.
func (f *frontend) render(c *fiber.Ctx, status int, name string, p page) error {
	l := p.L
	t, ok := f.pages[localeKey{lang: l.Lang, explicit: l.Explicit}][name]
	if !ok {
		return fmt.Errorf("frontend: no page %q", name)
	}
	if p.SwitchURL == "" {
		p.SwitchURL = f.switchURL(c, l)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("frontend: render %s: %w", name, err)
	}
	c.Set("Content-Security-Policy", contentSecurityPolicy)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set(fiber.HeaderContentLanguage, l.Lang)
	if !l.Explicit {
		c.Vary(fiber.HeaderAcceptLanguage)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Status(status).Send(buf.Bytes())
}

// switchURL returns the request's URL with the other language chosen.
func (f *frontend) switchURL(c *fiber.Ctx, l *locale) string {
	v, _ := url.ParseQuery(string(c.Request().URI().QueryString()))
	v.Set(langParam, l.Other())
	return f.basePath + c.Path() + "?" + v.Encode()
}

// fail renders the error page for err with the matching status.
func (f *frontend) fail(c *fiber.Ctx, l *locale, what string, err error) error {
	f.log.Error(what+" failed", "path", c.Path(), "err", err)
	return f.render(c, failureStatus(err), "error", page{Title: l.MustT("error.title"), L: l, Robots: "noindex"})
}

// failureStatus returns the status of a page that could not be built. The
// pages parse their input leniently, so no failure is the client's: it is
// 503 when a backend said it is unavailable, else 500.
func failureStatus(err error) int {
	if municat.ErrorCode(err) == municat.EUNAVAILABLE {
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// notFound renders the page for a missing dataset, organisation or page.
func (f *frontend) notFound(c *fiber.Ctx, l *locale) error {
	return f.render(c, http.StatusNotFound, "notfound", page{Title: l.MustT("notfound.title"), L: l, Robots: "noindex", Data: searchFormView{}})
}

// absolute returns the absolute URL of a path that already carries the
// base path (for feeds, sitemaps and citations); the path as it is when no
// base URL is configured.
func (f *frontend) absolute(path string) string { return f.origin + path }

// datasetPath returns the path of the page (and DCAT IRI) of dataset id,
// without the base path.
func datasetPath(id string) string { return "/dataset/" + url.PathEscape(id) }

// downloadPath returns the API path of the file municat holds for a
// distribution, with the base path.
func (f *frontend) downloadPath(datasetID, distID string) string {
	return f.basePath + "/api/v1/datasets/" + url.PathEscape(datasetID) + "/distributions/" + url.PathEscape(distID) + "/download"
}

// versionPath returns the download path of one stored version of a
// distribution's file.
func (f *frontend) versionPath(datasetID, distID, versionID string) string {
	return f.basePath + "/api/v1/datasets/" + url.PathEscape(datasetID) + "/distributions/" + url.PathEscape(distID) + "/versions/" + url.PathEscape(versionID) + "/download"
}
