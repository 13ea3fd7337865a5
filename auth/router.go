package auth

import (
	"crypto/subtle"
	"fmt"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"
	"github.com/municat/municat"
)

// Policy says who may use a route. Exactly one of Public, InstanceAdmin,
// SignedIn and Role must be set, and at most one of Session and Token.
type Policy struct {
	// Public routes need no sign-in (login form, OIDC callback, logout).
	Public bool
	// InstanceAdmin routes are for instance admins only.
	InstanceAdmin bool
	// SignedIn routes are for any signed-in principal; the handler filters
	// what it shows by principal.
	SignedIn bool
	// Role is the least role needed in the organisation OrgOf returns.
	Role municat.Role
	// OrgOf returns the organisation the request acts on (e.g. the
	// dataset's); its error passes through (e.g. ENOTFOUND). nil = the
	// handler checks itself with Require (create routes whose organisation
	// is in the body).
	OrgOf func(c *fiber.Ctx) (string, error)
	// Session routes accept cookie sessions only (admin pages) and check the
	// CSRF token on unsafe methods.
	Session bool
	// Token routes accept Bearer tokens only (JSON API); a cookie does not
	// authenticate.
	Token bool
}

// RoutePolicy is a registered route and its policy.
type RoutePolicy struct {
	// Method is the HTTP method, upper case.
	Method string
	// Path is the full path as Fiber registers it (router prefix + path),
	// as app.GetRoutes() lists it.
	Path string
	// Policy is who may use the route.
	Policy Policy
}

// Router registers routes with their policies and remembers them, so that
// a test can enumerate every write and admin route.
type Router struct {
	s *Service

	mu     sync.Mutex
	routes []RoutePolicy
}

// NewRouter returns an empty Router.
func (s *Service) NewRouter() *Router { return &Router{s: s} }

// Handle registers handlers for method and path on router (a *fiber.App or
// a group of it) behind a guard that enforces p, and records the full path.
// It panics if p is not a valid policy, so that a route without one cannot
// be registered.
func (r *Router) Handle(router fiber.Router, method, path string, p Policy, handlers ...fiber.Handler) {
	method = strings.ToUpper(method)
	full := fullPath(router, path)
	if err := p.check(); err != nil {
		panic(fmt.Sprintf("auth: route %s %s: %v", method, full, err))
	}
	r.mu.Lock()
	r.routes = append(r.routes, RoutePolicy{Method: method, Path: full, Policy: p})
	r.mu.Unlock()
	router.Add(method, path, append([]fiber.Handler{r.s.guard(p)}, handlers...)...)
}

// Routes returns the registered routes in registration order.
func (r *Router) Routes() []RoutePolicy {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]RoutePolicy(nil), r.routes...)
}

// fullPath returns the path Fiber registers for path on router: the
// group's prefix joined as fiber's Group does, with a leading slash.
func fullPath(router fiber.Router, path string) string {
	if g, ok := router.(*fiber.Group); ok {
		switch {
		case path == "":
			path = g.Prefix
		case path[0] != '/':
			path = strings.TrimRight(g.Prefix, "/") + "/" + path
		default:
			path = strings.TrimRight(g.Prefix, "/") + path
		}
	}
	if path == "" || path[0] != '/' {
		path = "/" + path
	}
	return path
}

// check reports whether p is a valid policy.
func (p *Policy) check() error {
	n := 0
	for _, set := range []bool{p.Public, p.InstanceAdmin, p.SignedIn, p.Role != ""} {
		if set {
			n++
		}
	}
	switch {
	case n != 1:
		return fmt.Errorf("policy needs exactly one of Public, InstanceAdmin, SignedIn, Role")
	case p.Role != "" && !p.Role.Valid():
		return fmt.Errorf("invalid role %q", p.Role)
	case p.OrgOf != nil && p.Role == "":
		return fmt.Errorf("OrgOf without Role")
	case p.Session && p.Token:
		return fmt.Errorf("policy cannot be both Session and Token")
	}
	return nil
}

// guard returns the handler that enforces p before the route's handlers:
// not signed in → EUNAUTHORIZED; Session policy, unsafe method and CSRF
// mismatch → EFORBIDDEN; InstanceAdmin or Role not met → EFORBIDDEN; OrgOf's
// error passes through.
func (s *Service) guard(p Policy) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := s.enforce(c, &p); err != nil {
			return refuse(c, err)
		}
		return c.Next()
	}
}

// refuse returns err, the answer to a request refused before its body was
// read. A streamed body left unread must not be taken for the next request
// on the connection, so the connection closes after the answer.
func refuse(c *fiber.Ctx, err error) error {
	if c.Context().RequestBodyStream() != nil && c.Request().Header.ContentLength() != 0 {
		c.Context().SetConnectionClose()
	}
	return err
}

// enforce checks p for the request (see guard).
func (s *Service) enforce(c *fiber.Ctx, p *Policy) error {
	c.Locals(policyKey, p)
	how, _ := c.Locals(viaKey).(via)
	if p.Token && how == viaSession || p.Session && how == viaToken {
		// The wrong kind of credentials: the route does not see them.
		c.Locals(principalKey, nil)
		c.Locals(sessionKey, nil)
		c.Locals(viaKey, viaNone)
	}
	principal := PrincipalOf(c)
	if !p.Public && principal == nil {
		return unauthorized(p.Token)
	}
	if p.Session && unsafeMethod(c.Method()) {
		if sess := SessionOf(c); sess != nil && !checkCSRF(c, sess.CSRF) {
			return municat.Errorf(municat.EFORBIDDEN, "Das Formular ist abgelaufen. Bitte laden Sie die Seite neu.")
		}
	}
	if p.InstanceAdmin && !principal.InstanceAdmin {
		return municat.Errorf(municat.EFORBIDDEN, "Das darf nur die Instanz-Administration.")
	}
	if p.Role != "" && p.OrgOf == nil && !canSomewhere(principal, p.Role) {
		return municat.Errorf(municat.EFORBIDDEN, "Dafür ist die Rolle „%s“ in einer Organisation nötig. Bitte wenden Sie sich an die Administration Ihrer Organisation.", p.Role.Label())
	}
	if p.Role != "" && p.OrgOf != nil {
		org, err := p.OrgOf(c)
		if err != nil {
			return err
		}
		if err := Require(c, org, p.Role); err != nil {
			return err
		}
	}
	return nil
}

// unsafeMethod reports whether method may change state.
func unsafeMethod(method string) bool {
	switch method {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions, fiber.MethodTrace:
		return false
	}
	return true
}

// checkCSRF reports whether the request carries the session's CSRF token:
// in the header "X-CSRF-Token", or the field "csrf" of a URL-encoded form
// body, or for a multipart form (an upload) the query parameter "csrf" of
// the form's action URL or else its field "csrf".
//
// A multipart body may be a large upload that the handler reads as a
// stream; reading its "csrf" field here would mean parsing (and spooling)
// the whole form first, unbounded. So a multipart form carries the token in
// its action URL (action="…/upload?csrf=…") or the header, never only in
// the body. URL-encoded forms are small (the server caps them) and never
// take the token from the query.
func checkCSRF(c *fiber.Ctx, want string) bool {
	got := c.Get("X-CSRF-Token")
	if got == "" {
		ct := strings.ToLower(c.Get(fiber.HeaderContentType))
		switch {
		case strings.HasPrefix(ct, fiber.MIMEApplicationForm):
			got = string(c.Request().PostArgs().Peek("csrf"))
		case strings.HasPrefix(ct, fiber.MIMEMultipartForm):
			got = c.Query("csrf")
		}
	}
	return want != "" && got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// canSomewhere reports whether p has role (or more) in at least one
// organisation.
func canSomewhere(p *municat.Principal, role municat.Role) bool {
	if p.InstanceAdmin {
		return true
	}
	for org := range p.Roles {
		if p.Can(org, role) {
			return true
		}
	}
	return false
}
