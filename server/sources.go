package server

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// maskedValue replaces secrets in the answers.
const maskedValue = "********"

// secretWords mark option and URL query keys whose values are secrets.
var secretWords = []string{"key", "token", "secret", "password", "passwd", "credential", "auth"}

// listSources answers GET /api/v1/sources with secrets masked.
func (h *handlers) listSources(c *fiber.Ctx) error {
	sources, err := h.cfg.Catalog.Sources(c.UserContext())
	if err != nil {
		return err
	}
	for i, s := range sources {
		sources[i] = maskSource(s)
	}
	return sendJSON(c, newList(sources))
}

// maskSource returns a copy of s whose secret option values, URL password
// and secret URL query values are replaced by maskedValue, without its
// notification settings.
func maskSource(s *municat.Source) *municat.Source {
	out := *s
	if len(s.Options) > 0 {
		out.Options = make(map[string]string, len(s.Options))
		for k, v := range s.Options {
			if isSecret(k) {
				v = maskedValue
			}
			out.Options[k] = v
		}
	}
	out.URL = maskURL(s.URL)
	// Webhook addresses often are their own secret, and recipients are
	// personal data: the public API does not show where notices go.
	out.Notify = nil
	return &out
}

// isSecret reports whether an option or parameter named key holds a secret.
func isSecret(key string) bool {
	key = strings.ToLower(key)
	for _, w := range secretWords {
		if strings.Contains(key, w) {
			return true
		}
	}
	return false
}

// maskURL masks the password and the secret query values of a URL. A URL
// that does not parse is masked whole if it might hold a secret.
func maskURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		if strings.ContainsAny(raw, "@?") {
			return maskedValue
		}
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), maskedValue)
	}
	if u.RawQuery != "" {
		q := u.Query()
		changed := false
		for k := range q {
			if isSecret(k) {
				q[k] = []string{maskedValue}
				changed = true
			}
		}
		if changed {
			u.RawQuery = q.Encode()
		}
	}
	return u.String()
}
