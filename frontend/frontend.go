// Package frontend serves municat's HTML pages: a German search page over
// the catalogue, rendered with html/template from templates embedded in the
// binary and parsed once at start-up, and its static files under checksum
// URLs. It needs no JavaScript, loads nothing from other hosts, and keeps to
// the strict Content-Security-Policy of the server package (no inline
// scripts or styles).
//
// The package does not import the server package: it parses the search
// parameters itself, leniently (a bad page number shows page 1 rather than
// an error), because a person who edits a URL should still see a page.
package frontend

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

//go:embed templates
var templateFS embed.FS

// contentSecurityPolicy is the policy of every page: same-origin style
// sheets and images only, no scripts.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// Config configures the pages.
type Config struct {
	// Catalog holds the dataset records.
	Catalog *catalog.Catalog
	// Index is the search index over the published datasets.
	Index municat.Index
	// BaseURL is the public URL of the portal. Its path, if any (e.g.
	// "/daten" for "https://example.de/daten"), is put before every link, for
	// a reverse proxy that strips it; the routes themselves stay at "/".
	BaseURL string
	// Logger receives errors; slog.Default() if nil.
	Logger *slog.Logger
}

// frontend holds what the page handlers share.
type frontend struct {
	cfg      Config
	log      *slog.Logger
	basePath string
	assets   *assets
	pages    map[string]*template.Template
}

// Register parses the templates and adds the pages to app: GET / (search),
// GET /dataset/{id} and GET /static/{file}. It fails if a template or static file is broken.
func Register(app *fiber.App, cfg Config) error {
	f := &frontend{cfg: cfg, log: cfg.Logger}
	if f.log == nil {
		f.log = slog.Default()
	}
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		if err != nil {
			return fmt.Errorf("frontend: base URL %q: %w", cfg.BaseURL, err)
		}
		f.basePath = strings.TrimRight(u.Path, "/")
	}
	var err error
	if f.assets, err = loadAssets(); err != nil {
		return err
	}
	if f.pages, err = f.parsePages("search", "dataset", "notfound"); err != nil {
		return err
	}
	app.Get("/static/:file", f.assets.serve)
	app.Get("/", f.search)
	app.Get("/dataset/:id", f.dataset)
	return nil
}

// parsePages parses the layout together with each named page template.
func (f *frontend) parsePages(names ...string) (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"asset": func(name string) (string, error) { return f.assets.path(f.basePath, name) },
	}
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("frontend: parse layout: %w", err)
	}
	pages := make(map[string]*template.Template, len(names))
	for _, name := range names {
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("frontend: parse page %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// page is what every page template gets: the layout's fields and the
// page's own data.
type page struct {
	// Title is the document title.
	Title string
	// BasePath prefixes every link (see Config.BaseURL).
	BasePath string
	// Data is the page's own view.
	Data any
	// Alternates are links to the page's content in machine-readable
	// formats, announced in the head (rel="alternate") for harvesters.
	Alternates []alternate
}

// render executes the page template name and sends it with status. It
// renders into a buffer first, so a template error never sends half a page.
func (f *frontend) render(c *fiber.Ctx, status int, name, title string, data any) error {
	return f.renderWith(c, status, name, title, data, nil)
}

// renderWith is render with alternate links in the head.
func (f *frontend) renderWith(c *fiber.Ctx, status int, name, title string, data any, alternates []alternate) error {
	t, ok := f.pages[name]
	if !ok {
		return fmt.Errorf("frontend: no page %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", page{Title: title, BasePath: f.basePath, Data: data, Alternates: alternates}); err != nil {
		return fmt.Errorf("frontend: render %s: %w", name, err)
	}
	c.Set("Content-Security-Policy", contentSecurityPolicy)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Status(status).Send(buf.Bytes())
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
