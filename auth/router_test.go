package auth

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/municat/municat"
)

// TestRoutesMatchFiber: the paths a Router records are the paths Fiber
// lists, for routes on the app, on groups, nested groups, and odd spellings.
func TestRoutesMatchFiber(t *testing.T) {
	e := MustEnv(t, nil)
	app := fiber.New()
	r := e.svc.NewRouter()
	ok := func(c *fiber.Ctx) error { return nil }
	p := Policy{SignedIn: true}
	r.Handle(app, "get", "/direkt", p, ok)
	r.Handle(app, "POST", "ohne-schraegstrich", p, ok)
	api := app.Group("/api/v1")
	r.Handle(api, "POST", "/datasets", p, ok)
	r.Handle(api, "DELETE", "/tokens/:id", p, ok)
	r.Handle(api, "PUT", "", p, ok)
	nested := api.Group("/sources/:id")
	r.Handle(nested, "POST", "/run", p, ok)
	slash := app.Group("/admin/")
	r.Handle(slash, "POST", "/login", p, ok)
	r.Handle(slash, "POST", "abmelden", p, ok)

	var recorded []string
	for _, rp := range r.Routes() {
		recorded = append(recorded, rp.Method+" "+rp.Path)
	}
	var fiberRoutes []string
	for _, fr := range app.GetRoutes(true) {
		if fr.Method != "HEAD" {
			fiberRoutes = append(fiberRoutes, fr.Method+" "+fr.Path)
		}
	}
	slices.Sort(recorded)
	slices.Sort(fiberRoutes)
	if !slices.Equal(recorded, fiberRoutes) {
		t.Fatalf("recorded %q\nfiber    %q", recorded, fiberRoutes)
	}
	want := []string{"DELETE /api/v1/tokens/:id", "GET /direkt", "POST /admin/abmelden", "POST /admin/login",
		"POST /api/v1/datasets", "POST /api/v1/sources/:id/run", "POST /ohne-schraegstrich", "PUT /api/v1"}
	if !slices.Equal(recorded, want) {
		t.Fatalf("recorded %q, want %q", recorded, want)
	}

	// The test app of the other tests: every route through the Router is
	// listed with its policy.
	var env []string
	for _, rp := range e.router.Routes() {
		env = append(env, rp.Method+" "+rp.Path)
	}
	for _, fr := range e.app.GetRoutes(true) {
		if fr.Method != "HEAD" && fr.Path != "/oeffentlich" && !slices.Contains(env, fr.Method+" "+fr.Path) {
			t.Errorf("fiber route %s %s not recorded", fr.Method, fr.Path)
		}
	}
}

func TestInvalidPoliciesPanic(t *testing.T) {
	e := MustEnv(t, nil)
	app := fiber.New()
	r := e.svc.NewRouter()
	for name, p := range map[string]Policy{
		"none":          {},
		"none session":  {Session: true},
		"two":           {Public: true, SignedIn: true},
		"bad role":      {Role: "chef"},
		"orgof no role": {SignedIn: true, OrgOf: func(*fiber.Ctx) (string, error) { return "", nil }},
		"both kinds":    {SignedIn: true, Session: true, Token: true},
	} {
		func() {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, "auth: route POST /x") {
					t.Errorf("%s: panic %q", name, msg)
				}
			}()
			r.Handle(app, "POST", "/x", p, func(*fiber.Ctx) error { return nil })
		}()
	}
	if len(r.Routes()) != 0 || len(app.GetRoutes(true)) != 0 {
		t.Fatal("an invalid route was registered")
	}
}

// TestGuard walks the guard's checks in their order on a session route
// with a role in the organisation of the path.
func TestGuard(t *testing.T) {
	e := MustEnv(t, nil)
	e.MustAccount("anna", true)
	e.MustAccount("otto", false, municat.Membership{Organization: "musterstadt", Role: municat.RoleAdmin})
	e.MustAccount("erika", false, municat.Membership{Organization: "musterstadt", Role: municat.RoleEditor})
	e.MustAccount("fremd", false, municat.Membership{Organization: "beispieldorf", Role: municat.RoleAdmin})
	post := func(who, path string) *response {
		t.Helper()
		var jar []*http.Cookie
		form := url.Values{}
		if who != "" {
			c, csrf := e.MustLogin(who)
			jar = []*http.Cookie{c}
			form.Set("csrf", csrf)
		}
		return e.Do(request{method: "POST", path: path, form: form, cookies: jar})
	}
	const edit = "/admin/organisationen/musterstadt/bearbeiten"
	expect(t, "anonymous", post("", edit), 401, "Bitte melden Sie sich an.")
	expect(t, "editor", post("erika", edit), 403, "Dafür ist die Rolle „Administration“ in der Organisation „musterstadt“ nötig.")
	expect(t, "admin elsewhere", post("fremd", edit), 403, "„musterstadt“")
	expect(t, "admin", post("otto", edit), 200, "account:otto")
	expect(t, "instance admin", post("anna", edit), 200, "account:anna")
	expect(t, "OrgOf error passes", post("otto", "/admin/organisationen/unbekannt/bearbeiten"), 404, `Organisation "unbekannt" nicht gefunden.`)
	expect(t, "OrgOf error after sign-in check", post("", "/admin/organisationen/unbekannt/bearbeiten"), 401, "")
	expect(t, "instance route, org admin", post("otto", "/admin/organisationen"), 403, "Das darf nur die Instanz-Administration.")
	expect(t, "instance route", post("anna", "/admin/organisationen"), 200, "account:anna")
}

// TestTokenRoleRoutes: a Role route without OrgOf refuses principals
// without that role anywhere, and Require in the handler does the rest.
func TestTokenRoleRoutes(t *testing.T) {
	e := MustEnv(t, nil)
	editor, _ := e.MustToken("musterstadt", municat.RoleEditor, 0)
	expect(t, "own org", e.Do(request{method: "POST", path: "/api/v1/datasets?org=musterstadt", header: bearer(editor)}), 200, "token:")
	expect(t, "other org", e.Do(request{method: "POST", path: "/api/v1/datasets?org=beispieldorf", header: bearer(editor)}), 403, "„beispieldorf“")
	expect(t, "no org", e.Do(request{method: "POST", path: "/api/v1/datasets", header: bearer(editor)}), 403, "Bitte geben Sie die Organisation an.")
	expect(t, "anonymous", e.Do(request{method: "POST", path: "/api/v1/datasets?org=musterstadt"}), 401, "API-Token")
}
