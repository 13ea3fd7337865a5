package server

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// ContentSecurityPolicy is the Content-Security-Policy of every response
// that is not an HTML page of the frontend or the administration (which
// set their own, allowing their same-origin scripts and styles): JSON, RDF,
// problem documents, downloads, static files. It allows nothing at all, not
// even being framed, so a data file that a browser opens can run no script.
const ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'"

// StrictTransportSecurity is sent with every response to a request that
// came over TLS, directly or through a trusted proxy (see
// Config.TrustedProxies) that says so in X-Forwarded-Proto.
const StrictTransportSecurity = "max-age=31536000"

// ReferrerPolicy is sent with every response. no-referrer rather than
// strict-origin-when-cross-origin: links lead from dataset pages to the
// hosts of data files and of harvested portals, which need not learn which
// page or search (?q=…) a citizen came from, and municat itself relies on
// no Referer (its forms carry CSRF tokens).
const ReferrerPolicy = "no-referrer"

// securityHeaders sets the headers every response carries — 2xx, errors,
// 404, static files — before the handlers run: the handlers of HTML pages
// may replace the Content-Security-Policy with their own. After them, every
// answer that is not HTML (and every error, which handleError answers with
// problem+json) gets ContentSecurityPolicy, whatever a handler set.
func (h *handlers) securityHeaders(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentSecurityPolicy, ContentSecurityPolicy)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, ReferrerPolicy)
	c.Set(fiber.HeaderXFrameOptions, "DENY")
	if h.overTLS(c) {
		c.Set(fiber.HeaderStrictTransportSecurity, StrictTransportSecurity)
	}
	err := c.Next()
	if err != nil || !isHTML(string(c.Response().Header.ContentType())) {
		c.Set(fiber.HeaderContentSecurityPolicy, ContentSecurityPolicy)
	}
	return err
}

// overTLS reports whether the request came over TLS: directly, or through
// a trusted proxy whose X-Forwarded-Proto says https. Without trusted
// proxies the header is not believed.
func (h *handlers) overTLS(c *fiber.Ctx) bool {
	if c.Context().IsTLS() {
		return true
	}
	return len(h.cfg.TrustedProxies) > 0 && c.IsProxyTrusted() && c.Protocol() == "https"
}

// isHTML reports whether a Content-Type is an HTML document.
func isHTML(ctype string) bool {
	ctype = strings.ToLower(strings.TrimSpace(ctype))
	return strings.HasPrefix(ctype, "text/html") || strings.HasPrefix(ctype, "application/xhtml+xml")
}
