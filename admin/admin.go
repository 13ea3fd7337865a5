// Package admin serves the administration pages of municat under /admin:
// sign-in, a dashboard per organisation, organisations, people, API
// tokens, harvest sources with their runs, datasets with uploads and
// scheduled publication, and the audit log. The pages are in German and
// are meant for data officers of municipalities.
//
// Pages are rendered on the server with html/template from embedded
// templates; every page works without JavaScript (admin.js only adds live
// validation, the schedule preview and confirm dialogs). The pages keep to
// the catalogue's Content-Security-Policy (nothing inline, nothing from
// other hosts) and are never cached (Cache-Control: no-store).
//
// Every route is registered through an auth.Router with a cookie-session
// policy, so the CSRF token is checked on every form post; errors are
// rendered as German HTML pages (an anonymous visitor sees the sign-in
// form).
package admin

import (
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"
	_ "time/tzdata" // the pages show times in Europe/Berlin on any host

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/internal/assets"
	"github.com/municat/municat/internal/upload"
	"github.com/municat/municat/publish"
	"github.com/municat/municat/sources"
	"github.com/municat/municat/tabular"
)

// contentSecurityPolicy is the catalogue's policy: style sheets, scripts,
// images and fetches from the portal only (and data: images), nothing
// inline.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// maxForm is the largest url-encoded form the pages accept.
const maxForm = 1 << 20

// staticFS holds the pages' style sheets, script and icon, served under
// checksum names at /admin/static/.
//
//go:embed static
var staticFS embed.FS

// Config configures the administration pages.
type Config struct {
	// Catalog holds the records (organisations, accounts, datasets, runs,
	// audit log).
	Catalog *catalog.Catalog
	// Index is the search index over the published datasets.
	Index municat.Index
	// Auth signs people in and checks sessions and CSRF tokens. Required.
	Auth *auth.Service
	// Routes records every admin route with its policy. Required.
	Routes *auth.Router
	// Publish creates, edits, schedules and withdraws datasets.
	Publish *publish.Service
	// Sources manages the harvest sources.
	Sources *sources.Service
	// Tables makes the tables of the rows API; the dataset page shows
	// their progress per distribution. Optional.
	Tables *tabular.Service
	// BaseURL is the public URL of the portal; its path (e.g. "/daten") is
	// put before every link, and an https URL makes cookies Secure.
	BaseURL string
	// SiteName names the portal in titles; "Offene Daten" if empty.
	SiteName municat.Text
	// Logger receives errors; slog.Default() if nil.
	Logger *slog.Logger
	// Now returns the current time; time.Now if nil.
	Now func() time.Time
	// SourceTypes are the harvester types offered in the source form.
	SourceTypes []string
	// CatalogueCSS is the URL of the catalogue's style sheet under its
	// checksum name, base path included (see frontend.AssetURL). The pages
	// load it before admin.css, which holds only what the administration
	// adds or changes; none is loaded if empty.
	CatalogueCSS string
}

// admin holds what the page handlers share.
type admin struct {
	cfg Config
	log *slog.Logger
	// basePath is the path of BaseURL ("" for none), put before every link.
	basePath string
	// secure makes cookies Secure (BaseURL is https).
	secure bool
	// group is the fiber group of /admin.
	group  fiber.Router
	assets *assets.Files
	pages  map[string]*pageTemplate
	flash  *flasher
	berlin *time.Location
}

// Register parses the templates and adds the administration pages under
// /admin to app. It fails if the configuration misses a required service
// or a template or static file is broken. Register must be called before
// a catch-all handler (such as the catalogue's page-not-found) is added.
func Register(app *fiber.App, cfg Config) error {
	if cfg.Catalog == nil || cfg.Auth == nil || cfg.Routes == nil {
		return errors.New("admin: Catalog, Auth and Routes are required")
	}
	a := &admin{cfg: cfg, log: cfg.Logger}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.cfg.Now == nil {
		a.cfg.Now = time.Now
	}
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		if err != nil {
			return fmt.Errorf("admin: base URL %q: %w", cfg.BaseURL, err)
		}
		a.basePath = strings.TrimRight(u.Path, "/")
		a.secure = u.Scheme == "https"
	}
	var err error
	if a.berlin, err = time.LoadLocation("Europe/Berlin"); err != nil {
		return fmt.Errorf("admin: time zone: %w", err)
	}
	if a.assets, err = assets.Load(staticFS, "static"); err != nil {
		return fmt.Errorf("admin: %w", err)
	}
	if a.flash, err = newFlasher(a.basePath+"/admin", a.secure); err != nil {
		return err
	}
	if err := a.parseAll(); err != nil {
		return err
	}
	a.group = app.Group("/admin", a.headers, a.authenticate(a.cfg.Auth.Middleware()))
	a.handle(fiber.MethodGet, "/static/:file", auth.Policy{Public: true}, a.assets.Handler(municat.NotFound("Diese Datei gibt es nicht.")))
	a.registerCore()
	a.registerContent()
	// Last: an unknown page under /admin gets the German not-found page.
	a.group.Use(func(*fiber.Ctx) error {
		return municat.NotFound("Diese Seite gibt es nicht.")
	})
	return nil
}

// registerCore registers sign-in, dashboard, organisations, people, tokens
// and the audit log.
func (a *admin) registerCore() {
	a.registerAuth()
	a.registerDashboard()
	a.registerOrganizations()
	a.registerAccounts()
	a.registerTokens()
	a.registerAudit()
}

// handle registers method+path (relative to /admin, e.g. "/sources/:id")
// through cfg.Routes with policy p. Every route that is not public is
// restricted to cookie sessions, so its forms are checked for the CSRF
// token.
func (a *admin) handle(method, path string, p auth.Policy, h fiber.Handler) {
	if !p.Public {
		p.Session = true
	}
	a.cfg.Routes.Handle(a.group, method, path, p, h)
}

// headers sets the security headers of every admin response and renders
// the errors of the handlers after it as HTML pages.
func (a *admin) headers(c *fiber.Ctx) error {
	c.Set("Content-Security-Policy", contentSecurityPolicy)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	c.Set(fiber.HeaderXFrameOptions, "DENY")
	c.Set(fiber.HeaderCacheControl, "no-store")
	err := c.Next()
	if err == nil {
		return nil
	}
	return a.fail(c, err)
}

// authenticate runs the auth service's middleware for the admin pages,
// unless an app-wide one (e.g. the server's) has found the principal
// already.
func (a *admin) authenticate(mw fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if auth.PrincipalOf(c) != nil {
			return c.Next()
		}
		return mw(c)
	}
}

// Base is embedded by the data of every page: what the layout shows.
type Base struct {
	// Title is the page's h1 and the start of its <title>.
	Title string
	// Principal is who is signed in; nil on the sign-in and error pages of
	// anonymous visitors.
	Principal *municat.Principal
	// CSRF is the session's token, sent back in the hidden field "csrf" of
	// every form.
	CSRF string
	// Nav is the active section of the navigation: "dashboard",
	// "datasets", "sources", "organizations", "accounts", "tokens",
	// "audit".
	Nav string
	// Flash is a one-time notice after a redirect, e.g. "Gespeichert.".
	Flash string
	// Errors are the problems of a failed form submission, shown in the
	// error summary at the top and next to their fields.
	Errors []municat.FieldError
}

// base returns the Base of a page of the request: the principal, the CSRF
// token and the flash notice (read once, then cleared).
func (a *admin) base(c *fiber.Ctx, title, nav string) Base {
	return Base{
		Title:     title,
		Principal: auth.PrincipalOf(c),
		CSRF:      a.cfg.Auth.CSRFToken(c),
		Nav:       nav,
		Flash:     a.flash.take(c),
	}
}

// redirect answers 303 See Other to /admin+path with a flash notice shown
// once on the next page ("" for none).
func (a *admin) redirect(c *fiber.Ctx, path, flash string) error {
	if flash != "" {
		a.flash.set(c, flash)
	}
	return c.Redirect(a.basePath+"/admin"+path, fiber.StatusSeeOther)
}

// form reads the url-encoded form of the request, at most 1 MiB, without
// reading a larger body into memory.
func (a *admin) form(c *fiber.Ctx) (url.Values, error) {
	return upload.Form(c, maxForm)
}

// now returns the current time.
func (a *admin) now() time.Time { return a.cfg.Now() }

// site returns the portal's name.
func (a *admin) site() string {
	if s := a.cfg.SiteName.Get("de"); s != "" {
		return s
	}
	return "Offene Daten"
}
