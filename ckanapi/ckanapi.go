// Package ckanapi answers the read side of CKAN's Action API (version 3) over
// municat's catalogue, so that CKAN clients, portals and CKAN-to-CKAN
// harvesters (GovData's, ckanext-harvest's, municat's own) read municat as
// they read a CKAN 2.10 portal:
//
//	GET|POST /api/3/action/{action}   (also /api/action/{action})
//
// Actions: package_search, package_show, package_list,
// current_package_list_with_resources, organization_list,
// organization_show, group_list, tag_list, license_list, status_show and
// help_show. Parameters come from the query string (GET) or from a JSON
// object or form in the body (POST), as CKAN takes them.
//
// Every answer is CKAN's envelope {"help", "success", "result"}; an error is
// {"help", "success": false, "error": {"__type", "message"}} with CKAN's
// status codes: 400 for an unknown action, 404 "Not Found Error", 409
// "Validation Error" for a bad parameter and 409 "Search Query Error" for a
// filter query that is not supported (see ParseFilterQuery).
//
// Only datasets the public sees are answered: published (not withdrawn,
// archived, draft or scheduled), and without file versions scheduled for
// later. Searching and listing go through the search index, which holds
// exactly the listed datasets; nothing scans the store. Answers that show
// datasets carry Last-Modified (the newest modification date among them),
// paged answers (package_search, package_list with limit,
// current_package_list_with_resources) a Link header with first, prev and
// next (RFC 8288).
//
// # Names
//
// A package's id is the municat dataset id. Its name must match CKAN's
// ^[a-z0-9_-]{2,100}$, but dataset ids may contain '.', so the name is the id
// with '_' written "_-" and '.' written "__" (see PackageName); the mapping is
// reversible (see DatasetIDOfName), and every *_show accepts id or name. An
// id whose name would exceed 100 characters gets a shortened name ending in
// "_h" and a hash of the id, which package_show still resolves.
//
// # Mapping
//
// A dataset becomes a package as ckanext-dcat and ckanext-dcatde write one:
// title and notes in German (else another language), tags from keywords,
// groups from EU themes (group names are the lower-case theme codes, as on
// GovData since DCAT-AP.de), the organisation dict, one resource per
// distribution (url is municat's download URL when municat holds the file,
// else the download or access URL) and the DCAT-AP.de properties as extras
// under ckanext-dcatde's keys (issued, modified, contributorID,
// publisher_name, temporal_start, spatial, politicalGeocodingURI, …). url is
// the dataset's landing page, else its page in the catalogue.
package ckanapi

import (
	"log/slog"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/catalog"
)

// CKANVersion is the CKAN version status_show reports: the version whose
// Action API responses this package reproduces.
const CKANVersion = "2.10.4"

// Config configures the CKAN API.
type Config struct {
	// Catalog holds the records.
	Catalog *catalog.Catalog
	// Index is the search index over the listed datasets.
	Index municat.Index
	// BaseURL is the public URL of the portal, e.g.
	// "https://daten.musterstadt.de"; links in answers start with it.
	BaseURL string
	// Logger receives internal errors; slog.Default() if nil.
	Logger *slog.Logger
	// Routes registers the POST variants of the actions with a public
	// policy (see Register).
	Routes *auth.Router
	// SiteTitle is status_show's site_title ("municat" if empty).
	SiteTitle string
	// Version is the municat version status_show reports among the
	// extensions (municat.Version if empty).
	Version string
}

// api serves the actions; Register makes one.
type api struct {
	cfg     Config
	log     *slog.Logger
	baseURL string
}

// Action paths: CKAN's own and the alias without version.
const (
	actionPath      = "/api/3/action/:action"
	aliasActionPath = "/api/action/:action"
)

// Register mounts the actions on app at /api/3/action/:action and
// /api/action/:action for GET and POST (CKAN clients such as ckanapi post
// by default). POST goes through cfg.Routes with auth.Policy{Public: true}
// when it is set, so that the list of non-GET routes stays complete; an app
// without authentication has no router and registers it directly.
func Register(app fiber.Router, cfg Config) {
	a := &api{cfg: cfg, log: cfg.Logger, baseURL: strings.TrimRight(cfg.BaseURL, "/")}
	if a.log == nil {
		a.log = slog.Default()
	}
	for _, p := range []string{actionPath, aliasActionPath} {
		app.Get(p, a.handle)
		if cfg.Routes != nil {
			cfg.Routes.Handle(app, fiber.MethodPost, p, auth.Policy{Public: true}, a.handle)
		} else {
			// Without authentication there is no router to record the
			// route in, and nothing to guard it from.
			app.Post(p, a.handle)
		}
	}
}
