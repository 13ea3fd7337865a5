// Package server is municat's HTTP API: the JSON endpoints under /api/v1,
// file downloads, the DCAT-AP catalogue for harvesters (GovData,
// data.europa.eu) and the health checks /healthz and /readyz. It runs on
// Fiber; New returns the configured app, to which the frontend package adds
// the HTML pages (cmd/municat wires the two):
//
//	app := server.New(server.Config{Catalog: cat, Index: idx, BaseURL: base, Logger: log})
//	err := frontend.Register(app, frontend.Config{Catalog: cat, Index: idx, BaseURL: base, Logger: log})
//
// The DCAT routes follow ckanext-dcat, which those harvesters expect:
//
//	GET /catalog.{ttl,n3,rdf,xml,jsonld,nt}  one page of the catalogue (page, per_page,
//	                                         modified_since and the search filters), streamed
//	GET /catalog                             the same, format by Accept; browsers go to /
//	GET /dataset/{id}.{ext}, /dataset/{id}   one dataset; by Accept, HTML goes on to the frontend
//
// With Config.Auth set, the write API is registered too (see
// registerWrites): datasets, uploads, sources and tokens, for API tokens
// only ("Authorization: Bearer …"), every route with its policy in
// Config.Routes. Draft and scheduled datasets and scheduled file versions
// answer 404 on every public route but to their organisation's editors
// (see visibleDataset).
//
// Every error is answered once, by one function (see StatusCode and
// Problem), as an RFC 9457 application/problem+json document. Multilingual
// fields are JSON objects keyed by language code, as in the municat types.
//
// Every API answer (under /api/, /catalog and the RDF of /dataset/{id})
// follows the conventions of conventions.go: CORS for reads, ETag and
// If-None-Match/If-Modified-Since → 304, gzip and brotli, rate limits per
// client with RateLimit-* headers (Config.RateLimit) and Link headers on
// paged lists.
package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/ckanapi"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/internal/upload"
	"github.com/municat/municat/publish"
	"github.com/municat/municat/search/suggest"
	"github.com/municat/municat/sources"
	"github.com/municat/municat/tabular"
)

// Limits and timeouts of the HTTP server.
const (
	// BodyLimit caps request bodies, except on the upload routes (see
	// Config.UploadRoutes), whose files may be as large as
	// publish.Service.MaxUpload.
	BodyLimit = 1 << 20
	// ReadTimeout caps reading one request.
	ReadTimeout = 30 * time.Second
	// WriteTimeout caps writing one response. It is long because a download
	// of a large data file over a slow line is one response.
	WriteTimeout = 10 * time.Minute
	// UploadTimeout caps reading the body of an authorised upload (instead
	// of ReadTimeout): a file of 100 MB must arrive at about 115 KB/s.
	UploadTimeout = upload.Timeout
	// IdleTimeout closes keep-alive connections idle for longer.
	IdleTimeout = 2 * time.Minute
	// ReadyTimeout caps one call of Config.Ready.
	ReadyTimeout = 3 * time.Second
)

// apiCacheControl lets clients and proxies reuse API answers for a minute.
const apiCacheControl = "public, max-age=60"

// Config configures the server.
type Config struct {
	// Catalog holds the records; it is the source of truth.
	Catalog *catalog.Catalog
	// Index is the search index over the published datasets.
	Index municat.Index
	// BaseURL is the public URL of the portal, e.g. "https://daten.musterstadt.de",
	// used for the links in responses. If empty, links are absolute paths.
	BaseURL string
	// Logger receives internal errors; slog.Default() if nil.
	Logger *slog.Logger
	// Ready reports whether the service can answer requests (store and
	// index reachable, index built); nil means always ready.
	Ready func(ctx context.Context) error
	// Version is reported by /healthz.
	Version string
	// DCAT describes the catalogue for the DCAT routes. If nil, they use a
	// default catalogue description with BaseURL; if its Organizations is
	// nil, the catalog's organisations are read (and kept for a minute),
	// and so is the catalogue's modification date if Catalog.Modified is
	// nil. Its BaseURL must be Config.BaseURL (the default if empty): the
	// dataset IRIs are the URLs of the /dataset/{id} route.
	DCAT *dcat.Exporter
	// Suggester answers /api/v1/suggest. If nil, New makes one over Index
	// and Catalog; pass the frontend's to keep one vocabulary for both.
	Suggester *suggest.Suggester

	// Auth authenticates requests (Bearer tokens, session cookies). If nil,
	// the write API is not registered and every request is anonymous.
	Auth *auth.Service
	// Routes records the write routes with their policies; if nil (and Auth
	// is set), New makes one with Auth.NewRouter. Pass the one the admin
	// pages use, so that one list holds every protected route.
	Routes *auth.Router
	// Publish serves the dataset routes of the write API (create, update,
	// withdraw, uploads, the organisation's list); they are left out if nil.
	Publish *publish.Service
	// Sources serves the source routes of the write API; they are left out
	// if nil.
	Sources *sources.Service
	// UploadRoutes are routes outside the API whose handlers read the body
	// with package internal/upload, each as method and path with ":name"
	// segments, e.g. "POST /admin/datasets/:id/upload". Every other request
	// body over BodyLimit is refused with 413 (see limitBody); the API's
	// upload routes are always exempt.
	UploadRoutes []string
	// TempDir is where uploaded files are spooled while the form is read;
	// os.TempDir() if "".
	TempDir string
	// Tables serves the rows, schema and aggregates of tabular
	// distributions (rows.go); without it those routes answer 404.
	Tables *tabular.Service
	// RateLimit sets the API's budgets per client (see RateLimitConfig);
	// the zero value gives the defaults.
	RateLimit RateLimitConfig
	// TrustedProxies are the addresses and CIDR networks of reverse proxies
	// in front of municat. A request from one of them is attributed to the
	// first valid address in its X-Forwarded-For header (for the rate
	// limits, the sign-in limit and the logs); without any, to the peer.
	TrustedProxies []string
}

// handlers holds the state the request handlers share.
type handlers struct {
	cfg     Config
	log     *slog.Logger
	baseURL string
	// dcat caches the exporter of the DCAT routes.
	dcat exporterCache
	// uploads are the routes exempt from BodyLimit.
	uploads []routePattern
	// limits are the API rate limits.
	limits *rateLimits
}

// New returns a Fiber app serving the API. Routes added to it later (such
// as the frontend's pages) get the same security headers, panic recovery,
// body limit, authentication and problem+json error handling.
//
// Request bodies are streamed (StreamRequestBody), so that an upload goes
// to disk without passing through memory; limitBody keeps every other
// body within BodyLimit. Handlers read bodies only through decodeJSON or
// package internal/upload.
func New(cfg Config) *fiber.App {
	if cfg.Auth != nil && cfg.Routes == nil {
		cfg.Routes = cfg.Auth.NewRouter()
	}
	h := &handlers{
		cfg: cfg, log: cfg.Logger, baseURL: strings.TrimRight(cfg.BaseURL, "/"),
		uploads: parseRoutes(append(slices.Clone(apiUploadRoutes), cfg.UploadRoutes...)),
		limits:  newRateLimits(cfg.RateLimit),
	}
	if h.log == nil {
		h.log = slog.Default()
	}
	app := fiber.New(fiber.Config{
		AppName:               "municat",
		BodyLimit:             BodyLimit,
		ReadTimeout:           ReadTimeout,
		WriteTimeout:          WriteTimeout,
		IdleTimeout:           IdleTimeout,
		DisableStartupMessage: true,
		// The client address comes from X-Forwarded-For only when the
		// peer is a configured proxy.
		EnableTrustedProxyCheck: len(cfg.TrustedProxies) > 0,
		TrustedProxies:          cfg.TrustedProxies,
		ProxyHeader:             proxyHeader(cfg.TrustedProxies),
		EnableIPValidation:      true,
		// Handlers keep strings from the request beyond its lifetime (in
		// errors and logs); Immutable makes them copies.
		Immutable:    true,
		JSONEncoder:  marshalJSON,
		JSONDecoder:  json.Unmarshal,
		ErrorHandler: h.handleError,
		// Bodies arrive as streams; fasthttp reads none of a large one
		// ahead and parses no multipart form by itself.
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
	})
	app.Use(recover.New(recover.Config{
		EnableStackTrace: true,
		StackTraceHandler: func(c *fiber.Ctx, e any) {
			h.log.Error("panic while serving a request", "method", c.Method(), "path", c.Path(), "panic", fmt.Sprint(e), "stack", string(debug.Stack()))
		},
	}))
	app.Use(h.securityHeaders)
	app.Use(h.limitBody)
	app.Use(h.conventions) // CORS, ETag and 304, compression (conventions.go)
	if cfg.Auth != nil {
		app.Use(cfg.Auth.Middleware())
	}
	app.Use(h.rateLimit) // after authentication: a token's requests count against it

	app.Get("/healthz", h.healthz)
	app.Get("/readyz", h.readyz)
	api := app.Group("/api/v1")
	api.Get("/datasets", h.searchDatasets)
	api.Get("/datasets/:id", h.getDataset)
	api.Get("/datasets/:id/distributions/:dist/download", h.downloadDistribution)
	api.Get("/datasets/:id/distributions/:dist/versions", h.listVersions)
	api.Get("/datasets/:id/distributions/:dist/versions/:version/download", h.downloadVersion)
	api.Get("/datasets/:id/distributions/:dist/rows", h.tableRows)
	api.Get("/datasets/:id/distributions/:dist/schema", h.tableSchema)
	api.Get("/datasets/:id/distributions/:dist/aggregates", h.tableAggregates)
	api.Get("/organizations", h.listOrganizations)
	api.Get("/suggest", h.suggestions())
	api.Get("/sources", h.listSources)
	api.Get("/sources/:id", h.getSource)
	api.Get("/sources/:id/runs", h.listRuns)
	api.Get("/sources/:id/runs/:run", h.getRun)
	api.Get("/datasets/:id/validation", h.validateDataset)
	api.Get("/openapi.yaml", openAPI)
	api.Get("/openapi.json", openAPIJSON)
	ckanapi.Register(app, ckanapi.Config{Catalog: cfg.Catalog, Index: cfg.Index, BaseURL: cfg.BaseURL, Logger: h.log, Routes: cfg.Routes, Version: cfg.Version})

	for _, ext := range rdfExts {
		app.Get("/catalog."+ext, h.catalogFile(ext))
	}
	app.Get("/catalog", h.catalogNegotiated)
	app.Get("/dataset/:id", h.datasetRDF)
	if cfg.Auth != nil {
		h.registerWrites(api)
	}
	return app
}

// marshalJSON encodes v as JSON without escaping <, > and & (the responses
// are never embedded in HTML, and API clients read "&" better than "\u0026").
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// sendJSON writes v as the 200 answer of an API request (see
// cacheControl).
func sendJSON(c *fiber.Ctx, v any) error {
	cacheControl(c)
	return c.JSON(v)
}

// param returns the path parameter name, unescaped.
func param(c *fiber.Ctx, name string) string {
	raw := c.Params(name)
	if s, err := url.PathUnescape(raw); err == nil {
		return s
	}
	return raw
}

// datasetURL returns the API URL of the dataset with id.
func (h *handlers) datasetURL(id string) string {
	return h.baseURL + "/api/v1/datasets/" + url.PathEscape(id)
}

// downloadURL returns the API URL of the file of a distribution.
func (h *handlers) downloadURL(datasetID, distID string) string {
	return h.datasetURL(datasetID) + "/distributions/" + url.PathEscape(distID) + "/download"
}

// proxyHeader returns the header that names the client behind trusted
// proxies, or "" (the peer address) when there are none.
func proxyHeader(trusted []string) string {
	if len(trusted) == 0 {
		return ""
	}
	return fiber.HeaderXForwardedFor
}
