package admin

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
)

// accountsPage is the data of the list of people.
type accountsPage struct {
	Base
	Accounts []accountRow
}

// accountRow is one person in the list.
type accountRow struct {
	Account *municat.Account
	// Roles describes the memberships, e.g. "Stadt Musterstadt: Redaktion".
	Roles []string
}

// accountPage is the data of the form of one person.
type accountPage struct {
	Base
	// New is true for the form that creates one.
	New bool
	// Account holds the values shown.
	Account *municat.Account
	// Memberships are the organisations whose roles the principal may set.
	Memberships []membershipChoice
	// Others are the account's roles elsewhere, shown but not editable.
	Others []string
	// Manage says whether the principal may change name, e-mail, password
	// and the disabled flag (see auth.CanManageAccount).
	Manage bool
	// Self is true on the principal's own account.
	Self bool
}

// membershipChoice is the role select of one organisation.
type membershipChoice struct {
	Org  *municat.Organization
	Role municat.Role
	// Name is the form field's name: "role." + organisation id.
	Name string
}

// registerAccounts registers the pages of the people (organisation admins
// and instance admins; the handlers narrow what each sees).
func (a *admin) registerAccounts() {
	p := auth.Policy{SignedIn: true}
	a.handle(fiber.MethodGet, "/accounts", p, a.accounts)
	a.handle(fiber.MethodGet, "/accounts/new", p, a.accountNew)
	a.handle(fiber.MethodPost, "/accounts", p, a.accountCreate)
	a.handle(fiber.MethodGet, "/accounts/:id", p, a.accountEdit)
	a.handle(fiber.MethodPost, "/accounts/:id", p, a.accountUpdate)
	a.handle(fiber.MethodPost, "/accounts/:id/password", p, a.accountPassword)
	a.handle(fiber.MethodGet, "/account", p, a.ownAccount)
	a.handle(fiber.MethodPost, "/account/password", p, a.ownPassword)
}

// accounts lists the people the principal manages.
func (a *admin) accounts(c *fiber.Ctx) error {
	p := auth.PrincipalOf(c)
	if err := requireOrgAdmin(p); err != nil {
		return err
	}
	ctx := c.UserContext()
	all, err := a.cfg.Catalog.Accounts(ctx)
	if err != nil {
		return err
	}
	names, err := a.orgNames(ctx)
	if err != nil {
		return err
	}
	page := accountsPage{Base: a.base(c, "Personen", "accounts")}
	for _, acc := range all {
		if !visibleAccount(p, acc) {
			continue
		}
		row := accountRow{Account: acc}
		for _, m := range acc.Memberships {
			row.Roles = append(row.Roles, names[m.Organization]+": "+m.Role.Label())
		}
		page.Accounts = append(page.Accounts, row)
	}
	return a.page(c, http.StatusOK, "accounts", page)
}

// orgNames maps organisation ids to names.
func (a *admin) orgNames(ctx context.Context) (map[string]string, error) {
	orgs, err := a.cfg.Catalog.Organizations(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(orgs))
	for _, o := range orgs {
		m[o.ID] = orgLabel(o)
	}
	return m, nil
}

// accountForm prepares the form of acc for the principal of c: titled
// "Neue Person" when isNew, else after the person.
func (a *admin) accountForm(c *fiber.Ctx, acc *municat.Account, isNew bool) (accountPage, error) {
	ctx := c.UserContext()
	p := auth.PrincipalOf(c)
	title := "Neue Person"
	if !isNew {
		title = "Person „" + accountLabel(acc) + "“"
	}
	page := accountPage{Base: a.base(c, title, "accounts"), New: isNew, Account: acc, Self: p.Account == acc.ID}
	page.Manage = isNew || auth.CanManageAccount(p, acc)
	orgs, err := a.principalOrgs(ctx, p, municat.RoleAdmin)
	if err != nil {
		return page, err
	}
	mine := map[string]bool{}
	for _, o := range orgs {
		mine[o.ID] = true
		page.Memberships = append(page.Memberships, membershipChoice{Org: o, Role: acc.Role(o.ID), Name: "role." + o.ID})
	}
	names, err := a.orgNames(ctx)
	if err != nil {
		return page, err
	}
	for _, m := range acc.Memberships {
		if !mine[m.Organization] {
			page.Others = append(page.Others, names[m.Organization]+": "+m.Role.Label())
		}
	}
	return page, nil
}

// accountNew shows the empty form.
func (a *admin) accountNew(c *fiber.Ctx) error {
	if err := requireOrgAdmin(auth.PrincipalOf(c)); err != nil {
		return err
	}
	page, err := a.accountForm(c, &municat.Account{}, true)
	if err != nil {
		return err
	}
	return a.page(c, http.StatusOK, "account", page)
}

// account reads the account of the request if the principal administers
// an organisation and may see the account.
func (a *admin) account(c *fiber.Ctx) (*municat.Account, error) {
	p := auth.PrincipalOf(c)
	if err := requireOrgAdmin(p); err != nil {
		return nil, err
	}
	acc, err := a.cfg.Catalog.Account(c.UserContext(), c.Params("id"))
	if err != nil {
		return nil, err
	}
	if !visibleAccount(p, acc) {
		return nil, municat.Errorf(municat.EFORBIDDEN, "Das Konto %q gehört zu keiner Organisation, die Sie verwalten.", acc.ID)
	}
	return acc, nil
}

// accountPost reads the account of the request (see account) and the
// posted form.
func (a *admin) accountPost(c *fiber.Ctx) (*municat.Account, url.Values, error) {
	acc, err := a.account(c)
	if err != nil {
		return nil, nil, err
	}
	form, err := a.form(c)
	if err != nil {
		return nil, nil, err
	}
	return acc, form, nil
}

// accountEdit shows the form of one person.
func (a *admin) accountEdit(c *fiber.Ctx) error {
	acc, err := a.account(c)
	if err != nil {
		return err
	}
	page, err := a.accountForm(c, acc, false)
	if err != nil {
		return err
	}
	return a.page(c, http.StatusOK, "account", page)
}

// accountCreate stores a new person with the initial password.
func (a *admin) accountCreate(c *fiber.Ctx) error {
	p := auth.PrincipalOf(c)
	if err := requireOrgAdmin(p); err != nil {
		return err
	}
	form, err := a.form(c)
	if err != nil {
		return err
	}
	acc := &municat.Account{ID: strings.TrimSpace(form.Get("id"))}
	page, err := a.accountSubmission(c, form, acc, true)
	if err != nil {
		return err
	}
	// CreateAccount normalises what it is given; the form shows the input.
	stored := *acc
	err = a.cfg.Auth.CreateAccount(c.UserContext(), p, &stored, form.Get("password"))
	if fields := accountErrors(err); fields != nil {
		page.Errors = fields
		return a.page(c, http.StatusUnprocessableEntity, "account", page)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, "/accounts", "Die Person „"+accountLabel(&stored)+"“ ist angelegt. Geben Sie ihr den Anmeldenamen „"+stored.ID+"“ und das Passwort auf einem sicheren Weg (nicht per E-Mail zusammen).")
}

// accountUpdate stores the changes of a person.
func (a *admin) accountUpdate(c *fiber.Ctx) error {
	acc, form, err := a.accountPost(c)
	if err != nil {
		return err
	}
	page, err := a.accountSubmission(c, form, acc, false)
	if err != nil {
		return err
	}
	err = a.cfg.Auth.UpdateAccount(c.UserContext(), auth.PrincipalOf(c), acc)
	if municat.ErrorCode(err) == municat.ECONFLICT {
		page.Errors = []municat.FieldError{{Field: "disabled", Message: municat.ErrorMessage(err)}}
		return a.page(c, http.StatusConflict, "account", page)
	}
	if fields := accountErrors(err); fields != nil {
		page.Errors = fields
		return a.page(c, http.StatusUnprocessableEntity, "account", page)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, "/accounts", "Die Änderungen an „"+accountLabel(acc)+"“ sind gespeichert.")
}
