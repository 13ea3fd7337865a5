package admin

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
)

// loginCookie holds the CSRF token of the sign-in form (a double-submit
// token: there is no session yet).
const loginCookie = "municat_login"

// loginPageData is the data of the sign-in page.
type loginPageData struct {
	Base
	// Next is where to go after signing in, relative to /admin.
	Next string
	// Login is the login name entered (never the password).
	Login string
	// OIDC offers the sign-in through the identity provider.
	OIDC bool
	// OIDCName is the label of its button.
	OIDCName string
	// Notice says why the form is shown (e.g. a page needs signing in);
	// it is no error of the visitor's.
	Notice string
}

// registerAuth registers sign-in, sign-out and OpenID Connect.
func (a *admin) registerAuth() {
	public := auth.Policy{Public: true}
	a.handle(fiber.MethodGet, "/login", public, a.loginForm)
	a.handle(fiber.MethodPost, "/login", public, a.login)
	a.handle(fiber.MethodPost, "/logout", public, a.logout)
	if a.cfg.Auth.OIDCEnabled() {
		a.handle(fiber.MethodGet, "/oidc/start", public, a.oidcStart)
		a.handle(fiber.MethodGet, "/oidc/callback", public, a.oidcCallback)
	}
}

// loginForm shows the sign-in form, or goes on to next when the visitor is
// signed in already.
func (a *admin) loginForm(c *fiber.Ctx) error {
	next := checkNext(c.Query("next"))
	if auth.SessionOf(c) != nil {
		return a.redirect(c, next, "")
	}
	return a.loginPage(c, http.StatusOK, "", "", next)
}

// loginPage renders the sign-in form with status; msg, if set, is shown in
// the error summary, linked to the login field.
func (a *admin) loginPage(c *fiber.Ctx, status int, msg, login, next string) error {
	p := a.loginData(c, login, next)
	if msg != "" {
		p.Errors = []municat.FieldError{{Field: "login", Message: msg}}
	}
	return a.page(c, status, "login", p)
}

// needLogin renders the sign-in form (401) for a page that needs signing
// in, with msg as a notice, not as an error of the visitor's.
func (a *admin) needLogin(c *fiber.Ctx, msg, next string) error {
	p := a.loginData(c, "", next)
	p.Notice = msg
	if next != "/" {
		p.Notice += " Danach kommen Sie direkt zu der Seite, die Sie aufrufen wollten."
	}
	return a.page(c, http.StatusUnauthorized, "login", p)
}

// loginData returns the data of the sign-in page.
func (a *admin) loginData(c *fiber.Ctx, login, next string) loginPageData {
	p := loginPageData{Base: a.base(c, "Anmelden", ""), Next: next, Login: login, OIDC: a.cfg.Auth.OIDCEnabled(), OIDCName: a.cfg.Auth.OIDCName()}
	// The form is for someone not signed in: no navigation, and the
	// form's own double-submit token.
	p.Principal = nil
	p.CSRF = a.loginToken(c)
	if p.OIDCName == "" {
		p.OIDCName = "Mit dem Dienstkonto anmelden"
	}
	return p
}

// loginToken returns the sign-in form's CSRF token from its cookie, making
// one if there is none.
func (a *admin) loginToken(c *fiber.Ctx) string {
	if v := c.Cookies(loginCookie); len(v) == 43 {
		return v
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	v := base64.RawURLEncoding.EncodeToString(b)
	c.Cookie(&fiber.Cookie{
		Name: loginCookie, Value: v, Path: a.basePath + "/admin", MaxAge: 3600,
		Expires: time.Now().Add(time.Hour), HTTPOnly: true, Secure: a.secure, SameSite: fiber.CookieSameSiteStrictMode,
	})
	return v
}

// login signs the person in and goes on to the page they wanted.
func (a *admin) login(c *fiber.Ctx) error {
	form, err := a.form(c)
	if err != nil {
		return err
	}
	login := strings.TrimSpace(form.Get("login"))
	next := checkNext(form.Get("next"))
	cookie := c.Cookies(loginCookie)
	if cookie == "" || subtle.ConstantTimeCompare([]byte(cookie), []byte(form.Get("csrf"))) != 1 {
		return a.loginPage(c, http.StatusForbidden, "Das Anmeldeformular ist abgelaufen. Bitte geben Sie Anmeldename und Passwort noch einmal ein.", login, next)
	}
	if login == "" || form.Get("password") == "" {
		return a.loginPage(c, http.StatusUnprocessableEntity, "Bitte geben Sie Ihren Anmeldenamen und Ihr Passwort ein.", login, next)
	}
	acc, err := a.cfg.Auth.Login(c, login, form.Get("password"))
	if err != nil {
		status, ok := errorStatus[municat.ErrorCode(err)]
		if !ok {
			return err
		}
		if status == http.StatusUnprocessableEntity {
			status = http.StatusUnauthorized
		}
		return a.loginPage(c, status, municat.ErrorMessage(err), login, next)
	}
	c.ClearCookie(loginCookie)
	name := acc.Name
	if name == "" {
		name = acc.ID
	}
	return a.redirect(c, next, "Willkommen, "+name+". Sie sind angemeldet.")
}

// logout ends the session. The CSRF token is checked when there is a
// session, so another site cannot sign people out.
func (a *admin) logout(c *fiber.Ctx) error {
	if auth.SessionOf(c) != nil {
		form, err := a.form(c)
		if err != nil {
			return err
		}
		want := a.cfg.Auth.CSRFToken(c)
		if want == "" || subtle.ConstantTimeCompare([]byte(want), []byte(form.Get("csrf"))) != 1 {
			return municat.Errorf(municat.EFORBIDDEN, "Das Formular ist abgelaufen. Bitte laden Sie die Seite neu.")
		}
		if err := a.cfg.Auth.Logout(c); err != nil {
			return err
		}
	}
	return a.redirect(c, "/login", "Sie sind abgemeldet.")
}

// oidcStart sends the visitor to the identity provider.
func (a *admin) oidcStart(c *fiber.Ctx) error {
	return a.cfg.Auth.OIDCStart(c, "/admin"+checkNext(c.Query("next")))
}

// oidcCallback finishes the sign-in through the identity provider.
func (a *admin) oidcCallback(c *fiber.Ctx) error {
	next, err := a.cfg.Auth.OIDCCallback(c)
	if err != nil {
		status, ok := errorStatus[municat.ErrorCode(err)]
		if !ok {
			return err
		}
		if status == http.StatusUnprocessableEntity {
			status = http.StatusUnauthorized
		}
		return a.loginPage(c, status, municat.ErrorMessage(err), "", "/")
	}
	return a.redirect(c, checkNext(strings.TrimPrefix(next, "/admin")), "Sie sind angemeldet.")
}

// nextOf returns where to go after signing in from the request: the page
// itself for GET, else the dashboard (a form post cannot be repeated).
func nextOf(c *fiber.Ctx) string {
	if c.Method() != fiber.MethodGet {
		return "/"
	}
	return checkNext(strings.TrimPrefix(string(c.Request().RequestURI()), "/admin"))
}

// checkNext returns next if it is a local path below /admin (given
// relative to /admin, e.g. "/datasets?state=draft"), else "/". It refuses
// other hosts ("//evil.example", "/\evil.example"), schemes and control
// characters, dot segments (which would leave /admin), and the sign-in
// and sign-out pages themselves.
func checkNext(next string) string {
	if next == "" || len(next) > 2000 || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t\x00") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	for _, seg := range strings.Split(u.Path, "/") {
		if seg == "." || seg == ".." {
			return "/"
		}
	}
	if u.Path == "/login" || u.Path == "/logout" || strings.HasPrefix(u.Path, "/oidc/") || strings.HasPrefix(u.Path, "/static/") {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	return next
}
