package auth

import (
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/municat/municat"
)

// Keys of the values the middleware puts in c.Locals.
type localKey int

const (
	principalKey localKey = iota // *municat.Principal
	sessionKey                   // *municat.Session
	viaKey                       // how the principal authenticated (via)
	policyKey                    // *Policy of the route being served
)

// via says how a request authenticated.
type via int

const (
	viaNone via = iota
	viaToken
	viaSession
)

// maxAuthorizationLength bounds the Authorization header that is parsed.
const maxAuthorizationLength = 1024

// Middleware returns the app-wide handler that authenticates the request by
// its "Authorization: Bearer" token or its session cookie and puts the
// principal (and session) in c.Locals. A bad, expired or revoked token is an
// EUNAUTHORIZED error; the request never falls back to anonymous. After
// TokenFailureLimit such failures from one client IP within
// TokenFailureWindow, every bearer token from it is refused with ETOOMANY
// (429, Retry-After) until the window has passed. Other authorization
// schemes (e.g. Basic, used by a proxy in front) are ignored.
func (s *Service) Middleware() fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctx := c.UserContext()
		if header := c.Get(fiber.HeaderAuthorization); header != "" {
			secret, isBearer, err := parseBearer(header)
			if isBearer {
				t, err := s.checkToken(c, secret, err)
				if err != nil {
					return refuse(c, err)
				}
				c.Locals(principalKey, t.Principal())
				c.Locals(viaKey, viaToken)
				return c.Next()
			}
		}
		if cookie := c.Cookies(SessionCookie); cookie != "" {
			cs, err := s.lookupSession(ctx, cookie)
			if err != nil {
				return err
			}
			if cs == nil {
				s.clearCookie(c, SessionCookie)
			} else {
				c.Locals(principalKey, cs.principal)
				c.Locals(sessionKey, cs.session)
				c.Locals(viaKey, viaSession)
			}
		}
		return c.Next()
	}
}

// parseBearer reads an Authorization header. isBearer is false for other
// schemes; for the Bearer scheme, err is an EUNAUTHORIZED error if the
// credentials are not a well-formed municat token.
func parseBearer(header string) (secret string, isBearer bool, err error) {
	h := strings.TrimSpace(header)
	scheme, rest := h, ""
	if i := strings.IndexAny(h, " \t"); i >= 0 {
		scheme, rest = h[:i], h[i+1:]
	}
	if !strings.EqualFold(scheme, "Bearer") {
		return "", false, nil
	}
	secret = strings.TrimSpace(rest)
	if len(header) > maxAuthorizationLength || !wellFormedSecret(secret) {
		return "", true, municat.Errorf(municat.EUNAUTHORIZED, "Das API-Token ist ungültig: Es beginnt mit %q und hat danach 43 Zeichen (Authorization: Bearer %s…).", municat.TokenPrefix, municat.TokenPrefix)
	}
	return secret, true, nil
}

// wellFormedSecret reports whether s has the shape of a token secret.
func wellFormedSecret(s string) bool {
	body, ok := strings.CutPrefix(s, municat.TokenPrefix)
	if !ok || len(body) != 43 {
		return false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// PrincipalOf returns who makes the request, nil if anonymous. On a route
// registered with a Token (Session) policy, a principal signed in by cookie
// (token) is not seen.
func PrincipalOf(c *fiber.Ctx) *municat.Principal {
	p, _ := c.Locals(principalKey).(*municat.Principal)
	return p
}

// SessionOf returns the request's session, nil unless signed in by cookie.
func SessionOf(c *fiber.Ctx) *municat.Session {
	s, _ := c.Locals(sessionKey).(*municat.Session)
	return s
}

// Require returns nil if the request's principal has role (or a role that
// covers it) in org, EUNAUTHORIZED if the request is anonymous and
// EFORBIDDEN with a German message naming org and role otherwise.
func Require(c *fiber.Ctx, org string, role municat.Role) error {
	p := PrincipalOf(c)
	if p == nil {
		pol, _ := c.Locals(policyKey).(*Policy)
		return unauthorized(pol != nil && pol.Token)
	}
	if !p.Can(org, role) {
		return forbidden(org, role)
	}
	return nil
}

// unauthorized returns the EUNAUTHORIZED error for an anonymous request.
func unauthorized(api bool) error {
	if api {
		return municat.Errorf(municat.EUNAUTHORIZED, "Für diese Anfrage ist ein API-Token nötig (Authorization: Bearer …).")
	}
	return municat.Errorf(municat.EUNAUTHORIZED, "Bitte melden Sie sich an.")
}

// forbidden returns the EFORBIDDEN error for a principal without role in
// org.
func forbidden(org string, role municat.Role) error {
	if org == "" {
		return municat.Errorf(municat.EFORBIDDEN, "Dafür ist die Rolle „%s“ in einer Organisation nötig. Bitte geben Sie die Organisation an.", role.Label())
	}
	return municat.Errorf(municat.EFORBIDDEN, "Dafür ist die Rolle „%s“ in der Organisation „%s“ nötig. Bitte wenden Sie sich an deren Administration.", role.Label(), org)
}
