package server

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
)

// Headers of the rate limit (IETF draft-ietf-httpapi-ratelimit-headers,
// the RateLimit-Limit/-Remaining/-Reset generation).
const (
	headerRateLimitLimit     = "RateLimit-Limit"
	headerRateLimitRemaining = "RateLimit-Remaining"
	headerRateLimitReset     = "RateLimit-Reset"
	headerRateLimitPolicy    = "RateLimit-Policy"
)

// rateLimits holds the budgets of the API rate limit.
type rateLimits struct {
	reads, writes *limiter
	// readPolicy and writePolicy are the RateLimit-Policy values.
	readPolicy, writePolicy string
	now                     func() time.Time
}

// newRateLimits returns the rate limits cfg describes.
func newRateLimits(cfg RateLimitConfig) *rateLimits {
	r := &rateLimits{
		reads:  newLimiter(budget(cfg.Reads, DefaultReadsPerMinute), cfg.MaxClients),
		writes: newLimiter(budget(cfg.Writes, DefaultWritesPerMinute), cfg.MaxClients),
		now:    cfg.Clock,
	}
	if r.now == nil {
		r.now = time.Now
	}
	window := strconv.Itoa(int(rateWindow / time.Second))
	if r.reads != nil {
		r.readPolicy = strconv.Itoa(r.reads.limit) + ";w=" + window
	}
	if r.writes != nil {
		r.writePolicy = strconv.Itoa(r.writes.limit) + ";w=" + window
	}
	return r
}

// clientKey returns whom a request counts against: its API token, its
// signed-in account, or else its client address.
func clientKey(c *fiber.Ctx) string {
	if p := auth.PrincipalOf(c); p != nil {
		switch {
		case p.TokenID != "":
			return "token:" + p.TokenID
		case p.Account != "":
			return "account:" + p.Account
		}
	}
	return "ip:" + c.IP()
}

// rateLimit is the middleware of the API rate limit. It runs after
// authentication, so that a token's requests count against the token. It
// counts each API request against the client's budget of reads (GET, HEAD,
// OPTIONS and the calls of the CKAN Action API, see readsOnly) or writes,
// sets the RateLimit-* headers and refuses a request
// over the budget with 429, Retry-After and a problem saying how long to
// wait. CORS preflights are answered before (see conventions) and not
// counted.
func (h *handlers) rateLimit(c *fiber.Ctx) error {
	if !apiRequest(c) {
		return c.Next()
	}
	l, policy, what := h.limits.reads, h.limits.readPolicy, "lesende"
	if !readsOnly(c) {
		l, policy, what = h.limits.writes, h.limits.writePolicy, "schreibende"
	}
	if l == nil {
		return c.Next()
	}
	d := l.take(clientKey(c), h.limits.now())
	c.Set(headerRateLimitLimit, strconv.Itoa(d.limit))
	c.Set(headerRateLimitRemaining, strconv.Itoa(d.remaining))
	c.Set(headerRateLimitReset, strconv.Itoa(ceilSeconds(d.reset)))
	c.Set(headerRateLimitPolicy, policy)
	if !d.allowed {
		wait := max(ceilSeconds(d.retryAfter), 1)
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(wait))
		return municat.Errorf(municat.ETOOMANY,
			"Zu viele Anfragen: Erlaubt sind %d %s Anfragen pro Minute. Bitte warten Sie %d %s, bevor Sie die nächste senden (Retry-After).",
			d.limit, what, wait, seconds(wait))
	}
	return c.Next()
}

// ceilSeconds returns d in whole seconds, rounded up.
func ceilSeconds(d time.Duration) int {
	return int((d + time.Second - 1) / time.Second)
}

// seconds returns the German word for n seconds.
func seconds(n int) string {
	if n == 1 {
		return "Sekunde"
	}
	return "Sekunden"
}
