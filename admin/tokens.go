package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
)

// tokenLifetimes are the choices of the token form, in days (0 = never
// expires).
var tokenLifetimes = []tokenLifetime{{30, "30 Tage"}, {90, "90 Tage"}, {365, "1 Jahr"}, {0, "unbegrenzt (nicht empfohlen)"}}

// defaultTokenDays is the lifetime chosen in the form at first.
const defaultTokenDays = 365

// tokenLifetime is one choice of the token form.
type tokenLifetime struct {
	Days  int
	Label string
}

// tokensPage is the data of the token list.
type tokensPage struct {
	Base
	Tokens []tokenRow
}

// tokenRow is one token in the list.
type tokenRow struct {
	Token   *municat.Token
	OrgName string
	// Status is "aktiv", "abgelaufen" or "widerrufen".
	Status string
	Active bool
}

// tokenPage is the data of the form that makes a token.
type tokenPage struct {
	Base
	Orgs      []*municat.Organization
	Lifetimes []tokenLifetime
	// Values entered.
	Org, Role, Name string
	Days            int
}

// tokenCreatedPage shows a new token's secret, once.
type tokenCreatedPage struct {
	Base
	Token   *municat.Token
	OrgName string
	Secret  string
}

// registerTokens registers the API token pages (organisation admins).
func (a *admin) registerTokens() {
	p := auth.Policy{SignedIn: true}
	a.handle(fiber.MethodGet, "/tokens", p, a.tokens)
	a.handle(fiber.MethodGet, "/tokens/new", p, a.tokenNew)
	a.handle(fiber.MethodPost, "/tokens", p, a.tokenCreate)
	a.handle(fiber.MethodPost, "/tokens/:id/revoke", p, a.tokenRevoke)
}

// tokens lists the tokens of the organisations the principal administers.
func (a *admin) tokens(c *fiber.Ctx) error {
	p := auth.PrincipalOf(c)
	if err := requireOrgAdmin(p); err != nil {
		return err
	}
	ctx := c.UserContext()
	all, err := a.cfg.Auth.Tokens(ctx, "")
	if err != nil {
		return err
	}
	names, err := a.orgNames(ctx)
	if err != nil {
		return err
	}
	now := a.now()
	page := tokensPage{Base: a.base(c, "API-Tokens", "tokens")}
	for _, t := range all {
		if !p.Can(t.Organization, municat.RoleAdmin) {
			continue
		}
		row := tokenRow{Token: t, OrgName: names[t.Organization], Active: t.Active(now), Status: "aktiv"}
		switch {
		case t.Revoked != nil:
			row.Status = "widerrufen"
		case !row.Active:
			row.Status = "abgelaufen"
		}
		if row.OrgName == "" {
			row.OrgName = t.Organization
		}
		page.Tokens = append(page.Tokens, row)
	}
	return a.page(c, http.StatusOK, "tokens", page)
}

// tokenForm returns the form's data with the organisations p administers.
func (a *admin) tokenForm(c *fiber.Ctx) (tokenPage, error) {
	p := auth.PrincipalOf(c)
	page := tokenPage{Base: a.base(c, "Neues API-Token", "tokens"), Lifetimes: tokenLifetimes, Role: string(municat.RoleEditor), Days: defaultTokenDays}
	if err := requireOrgAdmin(p); err != nil {
		return page, err
	}
	orgs, err := a.principalOrgs(c.UserContext(), p, municat.RoleAdmin)
	page.Orgs = orgs
	if len(orgs) == 1 {
		page.Org = orgs[0].ID
	}
	return page, err
}

// tokenNew shows the form that makes a token.
func (a *admin) tokenNew(c *fiber.Ctx) error {
	page, err := a.tokenForm(c)
	if err != nil {
		return err
	}
	if o := c.Query("org"); o != "" {
		page.Org = o
	}
	return a.page(c, http.StatusOK, "token_new", page)
}

// tokenCreate makes a token and shows its secret once.
func (a *admin) tokenCreate(c *fiber.Ctx) error {
	page, err := a.tokenForm(c)
	if err != nil {
		return err
	}
	form, err := a.form(c)
	if err != nil {
		return err
	}
	page.Org, page.Role, page.Name = form.Get("organization"), form.Get("role"), strings.TrimSpace(form.Get("name"))
	page.Days, err = strconv.Atoi(form.Get("expires"))
	if err != nil || page.Days < 0 || page.Days > 3660 {
		page.Errors = append(page.Errors, municat.FieldError{Field: "expires", Message: "Bitte wählen Sie, wie lange das Token gilt."})
	}
	if page.Name == "" {
		page.Errors = append(page.Errors, municat.FieldError{Field: "name", Message: "Bitte geben Sie an, wofür das Token ist, z. B. „Fachverfahren Baumkataster“. So erkennen Sie es später in der Liste."})
	}
	if page.Errors != nil {
		return a.page(c, http.StatusUnprocessableEntity, "token_new", page)
	}
	p := auth.PrincipalOf(c)
	secret, t, err := a.cfg.Auth.CreateToken(c.UserContext(), auth.TokenSpec{
		Organization: page.Org, Role: municat.Role(page.Role), Name: page.Name,
		Expires: time.Duration(page.Days) * 24 * time.Hour, CreatedBy: p,
	})
	var ve *municat.ValidationError
	if errors.As(err, &ve) {
		page.Errors = ve.Fields
		return a.page(c, http.StatusUnprocessableEntity, "token_new", page)
	}
	if err != nil {
		return err
	}
	created := tokenCreatedPage{Base: a.base(c, "API-Token erstellt", "tokens"), Token: t, Secret: secret, OrgName: t.Organization}
	for _, o := range page.Orgs {
		if o.ID == t.Organization {
			created.OrgName = orgLabel(o)
		}
	}
	return a.page(c, http.StatusCreated, "token_created", created)
}

// tokenRevoke revokes a token.
func (a *admin) tokenRevoke(c *fiber.Ctx) error {
	t, err := a.cfg.Auth.RevokeToken(c.UserContext(), auth.PrincipalOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	name := t.Name
	if name == "" {
		name = t.ID
	}
	return a.redirect(c, "/tokens", "Das Token „"+name+"“ ist widerrufen. Programme, die es benutzen, werden ab sofort abgewiesen.")
}
