package admin

import (
	"errors"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
)

// ownAccountPage is the data of the page of the signed-in person's own
// account.
type ownAccountPage struct {
	Base
	Account *municat.Account
	// Roles describes the memberships.
	Roles []string
}

// ownAccount shows the signed-in person's account and the form to change
// the password.
func (a *admin) ownAccount(c *fiber.Ctx) error {
	return a.ownAccountPage(c, http.StatusOK, nil)
}

// ownAccountPage renders the own account page with status and form errors.
func (a *admin) ownAccountPage(c *fiber.Ctx, status int, errs []municat.FieldError) error {
	ctx := c.UserContext()
	p := auth.PrincipalOf(c)
	acc, err := a.cfg.Catalog.Account(ctx, p.Account)
	if err != nil {
		return err
	}
	names, err := a.orgNames(ctx)
	if err != nil {
		return err
	}
	page := ownAccountPage{Base: a.base(c, "Ihr Konto", ""), Account: acc}
	page.Errors = errs
	for _, m := range acc.Memberships {
		page.Roles = append(page.Roles, names[m.Organization]+": "+m.Role.Label())
	}
	return a.page(c, status, "account_self", page)
}

// ownPassword changes the signed-in person's password after checking the
// current one.
func (a *admin) ownPassword(c *fiber.Ctx) error {
	ctx := c.UserContext()
	p := auth.PrincipalOf(c)
	form, err := a.form(c)
	if err != nil {
		return err
	}
	acc, err := a.cfg.Catalog.Account(ctx, p.Account)
	if err != nil {
		return err
	}
	var errs []municat.FieldError
	if acc.PasswordHash != "" && !auth.CheckPassword(acc.PasswordHash, form.Get("current")) {
		errs = append(errs, municat.FieldError{Field: "current", Message: "Das bisherige Passwort stimmt nicht. Bitte geben Sie es noch einmal ein."})
	}
	if form.Get("password") != form.Get("confirm") {
		errs = append(errs, municat.FieldError{Field: "confirm", Message: "Die beiden neuen Passwörter sind verschieden. Bitte geben Sie das neue Passwort zweimal gleich ein."})
	}
	if err := auth.ValidatePassword(form.Get("password")); err != nil {
		errs = append([]municat.FieldError{{Field: "password", Message: municat.ErrorMessage(err)}}, errs...)
	}
	if len(errs) > 0 {
		return a.ownAccountPage(c, http.StatusUnprocessableEntity, errs)
	}
	err = a.cfg.Auth.SetPassword(ctx, p, acc.ID, form.Get("password"))
	var ve *municat.ValidationError
	if errors.As(err, &ve) {
		return a.ownAccountPage(c, http.StatusUnprocessableEntity, ve.Fields)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, "/account", "Ihr neues Passwort ist gespeichert.")
}
