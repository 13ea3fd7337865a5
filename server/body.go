package server

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat/internal/upload"
)

// apiUploadRoutes are the routes of the API that read their body with
// package upload: their bodies may be as large as an uploaded file.
var apiUploadRoutes = []string{
	"POST /api/v1/datasets/:id/distributions",
	"POST /api/v1/datasets/:id/distributions/:dist/versions",
}

// routePattern is a method and a path whose ":name" segments match any
// segment.
type routePattern struct {
	method   string
	segments []string
}

// parseRoutes parses patterns like "POST /admin/datasets/:id/upload".
func parseRoutes(patterns []string) []routePattern {
	out := make([]routePattern, 0, len(patterns))
	for _, p := range patterns {
		method, path, ok := strings.Cut(strings.TrimSpace(p), " ")
		if !ok {
			panic("server: upload route without method: " + p)
		}
		out = append(out, routePattern{method: strings.ToUpper(method), segments: splitPath(path)})
	}
	return out
}

// splitPath returns the segments of a path, ignoring a trailing slash, in
// lower case (Fiber routes case-insensitively and without strict slashes).
func splitPath(path string) []string {
	return strings.Split(strings.ToLower(strings.Trim(path, "/")), "/")
}

// matchRoute reports whether a request with method and path goes to one
// of the routes.
func matchRoute(routes []routePattern, method, path string) bool {
	segments := splitPath(path)
	for _, r := range routes {
		if r.method != method || len(r.segments) != len(segments) {
			continue
		}
		ok := true
		for i, s := range r.segments {
			if !strings.HasPrefix(s, ":") && s != segments[i] || segments[i] == "" {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// limitBody keeps request bodies out of memory. The app streams request
// bodies (fiber.Config.StreamRequestBody), so Fiber's BodyLimit no longer
// refuses large ones: this middleware does, before any handler reads them.
//
// On an upload route the handler reads the body with package upload and its
// own cap; afterwards the connection is closed if part of the body was left
// unread (a refused upload), so the rest is not taken for a request. On
// every other route, a body announced larger than BodyLimit is refused
// with 413 without reading it, and a streamed body (chunked, or larger than
// what the server reads ahead) is read into memory up to BodyLimit and
// refused with 413 beyond it, so that c.Body() and the form functions of
// the handlers behind it see a body of at most BodyLimit bytes, as before.
func (h *handlers) limitBody(c *fiber.Ctx) error {
	if matchRoute(h.uploads, c.Method(), c.Path()) {
		err := c.Next()
		upload.Finish(c)
		return err
	}
	if c.Request().Header.ContentLength() > BodyLimit {
		c.Context().SetConnectionClose()
		return upload.TooLarge(BodyLimit)
	}
	if c.Context().RequestBodyStream() == nil {
		return c.Next()
	}
	body, err := upload.Read(c, BodyLimit)
	if err != nil {
		c.Context().SetConnectionClose()
		return err
	}
	// SetBody ends the stream: from here on the body is in memory.
	c.Request().SetBody(body)
	return c.Next()
}
