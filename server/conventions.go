package server

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// The conventions every API answer follows, applied by one middleware
// (conventions) and the rate limit (rateLimit) to the API paths: /api/…
// (the JSON API, the CKAN Action API and the OpenAPI document), /catalog…
// and /dataset/{id} when it answers in RDF. They do not apply to the HTML
// pages, the administration and the health checks.
//
//   - CORS for reads: GET and HEAD answers (errors too, so that a browser
//     can read the problem) carry "Access-Control-Allow-Origin: *" and
//     expose the headers below; a preflight for GET or HEAD is answered
//     204. Writes get no CORS headers: API tokens are for programs talking
//     to the server directly, never for scripts in someone's browser, and
//     no answer ever allows credentials.
//   - Conditional requests: a buffered 200 answer to GET or HEAD gets a
//     weak ETag, a hash of its body, unless the handler set one; a
//     matching If-None-Match, or (without If-None-Match) an
//     If-Modified-Since not before the Last-Modified the handler set,
//     gives 304 (see conditional).
//   - Compression: gzip or brotli by Accept-Encoding for buffered answers
//     of text types (see compress).
//   - Rate limits per client with RateLimit-* headers and 429 (see
//     RateLimitConfig and rateLimit).
//
// Streamed answers (the catalogue pages, file downloads) are not hashed:
// they are sent while they are being made, and a download carries the
// strong ETag of its checksum. Downloads are not compressed either (most
// data files are compressed already, and they are sent with their length
// and may be resumed); the catalogue pages are, as they are made (see
// encodeStream).

// conventionsKey is the type of the c.Locals keys of the conventions.
type conventionsKey int

// apiRequestKey marks a request the conventions apply to (value true).
const apiRequestKey conventionsKey = iota

// CORS headers of the API's read answers.
const (
	// corsExposeHeaders are the headers a script on another site may read.
	corsExposeHeaders = "ETag, Last-Modified, Link, Location, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy, Content-Disposition"
	// corsAllowMethods are the methods a preflight allows.
	corsAllowMethods = "GET, HEAD, OPTIONS"
	// corsAllowHeaders are the request headers a preflight allows; not
	// Authorization: tokens are not for browsers.
	corsAllowHeaders = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
	// corsMaxAge is how long (seconds) a browser may keep a preflight
	// answer; browsers cap it at two hours.
	corsMaxAge = "7200"
)

// isAPIRequest reports whether the conventions apply to the request: its
// path is under /api/ or /catalog, or it is /dataset/{id}.{ext} with an RDF
// extension, or /dataset/{id} whose Accept header does not choose the
// HTML page (see datasetRDF).
func isAPIRequest(c *fiber.Ctx) bool {
	p := c.Path()
	switch {
	case strings.HasPrefix(p, "/api/"):
		return true
	case p == "/catalog" || strings.HasPrefix(p, "/catalog."):
		return true
	case strings.HasPrefix(p, "/dataset/"):
		seg := p[len("/dataset/"):]
		if seg == "" || strings.Contains(seg, "/") {
			return false
		}
		if _, _, ok := splitRDFExt(seg); ok {
			return true
		}
		o, ok := negotiate(c.Get(fiber.HeaderAccept), rdfOffers)
		return !ok || !o.html()
	}
	return false
}

// apiRequest reports whether conventions marked the request as an API
// request.
func apiRequest(c *fiber.Ctx) bool {
	api, _ := c.Locals(apiRequestKey).(bool)
	return api
}

// isRead reports whether method only reads.
func isRead(method string) bool {
	return method == fiber.MethodGet || method == fiber.MethodHead || method == fiber.MethodOptions
}

// ckanActionPrefixes are the paths of the CKAN Action API, whose clients
// send reads as POST too (the ckanapi library does by default); municat
// serves only its read side.
var ckanActionPrefixes = []string{"/api/3/action/", "/api/action/"}

// readsOnly reports whether the request only reads: a GET, HEAD or
// OPTIONS request, or a call of the CKAN Action API.
func readsOnly(c *fiber.Ctx) bool {
	if isRead(c.Method()) {
		return true
	}
	for _, p := range ckanActionPrefixes {
		if strings.HasPrefix(c.Path(), p) {
			return true
		}
	}
	return false
}

// conventions is the middleware of the API conventions. It sets the CORS
// headers of reads, answers preflights, and once the request has been
// served (an error is answered here, with handleError, so that the problem
// gets the same treatment) makes GET and HEAD answers conditional and
// compresses the answer.
func (h *handlers) conventions(c *fiber.Ctx) error {
	if !isAPIRequest(c) {
		return c.Next()
	}
	c.Locals(apiRequestKey, true)
	method := c.Method()
	if isRead(method) {
		c.Set(fiber.HeaderAccessControlAllowOrigin, "*")
		c.Set(fiber.HeaderAccessControlExposeHeaders, corsExposeHeaders)
		if method == fiber.MethodOptions && c.Get(fiber.HeaderAccessControlRequestMethod) != "" {
			return preflight(c)
		}
	}
	if err := c.Next(); err != nil {
		if err := h.handleError(c, err); err != nil {
			return err
		}
	}
	if method == fiber.MethodGet || method == fiber.MethodHead {
		// Token holders may see drafts: shared caches must tell them apart.
		c.Vary(fiber.HeaderAuthorization)
		conditional(c)
	}
	compress(c)
	return nil
}

// preflight answers a CORS preflight request: reads are allowed from
// everywhere, without credentials; a preflight for any other method gets
// the same answer, which does not allow it.
func preflight(c *fiber.Ctx) error {
	c.Set(fiber.HeaderAccessControlAllowMethods, corsAllowMethods)
	c.Set(fiber.HeaderAccessControlAllowHeaders, corsAllowHeaders)
	c.Set(fiber.HeaderAccessControlMaxAge, corsMaxAge)
	c.Set(fiber.HeaderAllow, corsAllowMethods)
	return c.SendStatus(fiber.StatusNoContent)
}
