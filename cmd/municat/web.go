package main

import (
	"context"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/admin"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/frontend"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/publish"
	"github.com/municat/municat/search/suggest"
	"github.com/municat/municat/server"
	"github.com/municat/municat/sources"
	"github.com/municat/municat/tabular"
)

// web is the web application with the services behind its write routes.
type web struct {
	app     *fiber.App
	auth    *auth.Service
	routes  *auth.Router
	publish *publish.Service
	sources *sources.Service
}

// webDeps are what the web application needs besides the app's store and
// index: the harvest scheduler and runner (for the sources' run-now, dry
// run and test), what to do after a run, and the readiness check.
type webDeps struct {
	runner    *harvester.Runner
	scheduler *harvester.Scheduler
	onResult  func(*harvester.Result)
	ready     func(context.Context) error
	// tables makes the tables of the rows API; uploads are queued there.
	tables *tabular.Service
}

// onFile returns the hook that queues a newly stored file for the rows API,
// or nil without tables.
func (d webDeps) onFile() func(ctx context.Context, datasetID, distID string) {
	if d.tables == nil {
		return nil
	}
	return d.tables.Enqueue
}

// newWeb builds the whole web application: JSON API (read and write), the
// DCAT routes, the administration pages and the catalogue pages.
func (a *app) newWeb(ctx context.Context, deps webDeps) (*web, error) {
	cfg := a.cfg
	log := a.logger
	exporter, err := newExporter(ctx, cfg, a.catalog)
	if err != nil {
		return nil, err
	}
	w := &web{}
	authCfg := auth.Config{
		Catalog:       a.catalog,
		Logger:        log,
		SecureCookies: strings.HasPrefix(cfg.BaseURL, "https://"),
		CookiePath:    cookiePath(cfg.BaseURL),
		SessionTTL:    cfg.Admin.SessionTTL,
	}
	if o := cfg.Admin.OIDC; o != nil {
		authCfg.OIDC = &auth.OIDCConfig{Issuer: o.Issuer, ClientID: o.ClientID, ClientSecret: o.ClientSecret,
			RedirectURL: cfg.BaseURL + "/admin/oidc/callback", Name: o.Name}
	}
	if w.auth, err = auth.New(ctx, authCfg); err != nil {
		return nil, err
	}
	w.routes = w.auth.NewRouter()
	w.publish = publish.New(publish.Config{Catalog: a.catalog, Indexer: a.indexer, Logger: log, MaxUpload: cfg.Admin.maxUpload(), OnFile: deps.onFile()})
	w.sources = sources.New(sources.Config{Catalog: a.catalog, Runner: deps.runner, Scheduler: deps.scheduler, OnResult: deps.onResult, Logger: log})
	// One Suggester for the API and the pages: it keeps the catalogue's
	// keywords and organisations, read once a minute.
	suggester := suggest.New(suggest.Config{Index: a.index, Catalog: a.catalog, Logger: log})
	w.app = server.New(server.Config{
		DCAT:      exporter,
		Catalog:   a.catalog,
		Index:     a.index,
		BaseURL:   cfg.BaseURL,
		Logger:    log,
		Version:   municat.Version,
		Suggester: suggester,
		Ready:     deps.ready,
		Auth:      w.auth,
		Routes:    w.routes,
		Publish:   w.publish,
		Sources:   w.sources,
		// The administration's upload form streams files as large as
		// publish allows, like the API's upload routes.
		UploadRoutes:   []string{"POST /admin/datasets/:id/upload"},
		Tables:         deps.tables,
		RateLimit:      cfg.API.rateLimit(),
		TrustedProxies: cfg.API.TrustedProxies,
	})
	// The administration builds on the catalogue's style sheet.
	catalogueCSS, err := frontend.AssetURL("style.css")
	if err != nil {
		return nil, err
	}
	if err := admin.Register(w.app, admin.Config{
		Catalog: a.catalog, Index: a.index, Auth: w.auth, Routes: w.routes, Publish: w.publish, Sources: w.sources,
		BaseURL: cfg.BaseURL, SiteName: exporter.Catalog.Title, Logger: log, SourceTypes: sourceTypes(),
		CatalogueCSS: basePath(cfg.BaseURL) + catalogueCSS, Tables: deps.tables,
	}); err != nil {
		return nil, err
	}
	if err := frontend.Register(w.app, frontend.Config{
		Catalog: a.catalog, Index: a.index, BaseURL: cfg.BaseURL, Logger: log,
		SiteName: exporter.Catalog.Title, Suggester: suggester,
		Statements: map[string]municat.Text{
			frontend.StatementImprint:       cfg.Pages.Imprint,
			frontend.StatementPrivacy:       cfg.Pages.Privacy,
			frontend.StatementAccessibility: cfg.Pages.Accessibility,
		},
	}); err != nil {
		return nil, err
	}
	return w, nil
}

// basePath is the path of the portal under its base URL, put before its
// links: "" or e.g. "/daten".
func basePath(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil || strings.Trim(u.Path, "/") == "" {
		return ""
	}
	return "/" + strings.Trim(u.Path, "/")
}

// cookiePath is the path of the portal under its base URL, for cookies:
// "/" or e.g. "/daten/".
func cookiePath(baseURL string) string {
	return basePath(baseURL) + "/"
}
