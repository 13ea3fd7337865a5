package admin

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
)

// accountSubmission prepares the page of a posted form of acc (see
// accountForm), refuses roles in organisations the principal may not
// manage and sets acc's fields from the form (see accountFromForm).
func (a *admin) accountSubmission(c *fiber.Ctx, form url.Values, acc *municat.Account, isNew bool) (accountPage, error) {
	page, err := a.accountForm(c, acc, isNew)
	if err != nil {
		return page, err
	}
	if err := foreignRoles(form, page); err != nil {
		return page, err
	}
	accountFromForm(acc, form, page, auth.PrincipalOf(c))
	return page, nil
}

// accountFromForm sets name, e-mail, flags and the memberships the
// principal may set (the choices of page) of acc from the form.
func accountFromForm(acc *municat.Account, form url.Values, page accountPage, p *municat.Principal) {
	if page.Manage {
		acc.Name = strings.TrimSpace(form.Get("name"))
		acc.Email = strings.TrimSpace(form.Get("email"))
		acc.Disabled = form.Get("disabled") == "1"
	}
	if p.InstanceAdmin {
		acc.InstanceAdmin = form.Get("instance_admin") == "1"
	}
	settable := map[string]bool{}
	for _, m := range page.Memberships {
		settable[m.Org.ID] = true
	}
	var ms []municat.Membership
	for _, m := range acc.Memberships {
		if !settable[m.Organization] {
			ms = append(ms, m)
		}
	}
	for _, m := range page.Memberships {
		if r := municat.Role(form.Get(m.Name)); r != "" {
			ms = append(ms, municat.Membership{Organization: m.Org.ID, Role: r})
		}
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Organization < ms[j].Organization })
	acc.Memberships = ms
}

// foreignRoles refuses a form that gives roles in organisations the
// signed-in person may not manage (the form offers only those they may).
func foreignRoles(form url.Values, page accountPage) error {
	settable := map[string]bool{}
	for _, m := range page.Memberships {
		settable[m.Name] = true
	}
	for name, v := range form {
		if org, ok := strings.CutPrefix(name, "role."); ok && !settable[name] && len(v) > 0 && v[0] != "" {
			return municat.Errorf(municat.EFORBIDDEN, "Rollen in der Organisation %q kann nur deren Administration vergeben.", org)
		}
	}
	return nil
}

// accountErrors returns the form errors of err from the account service:
// the fields of a validation error (membership fields point at the roles),
// or a taken id; nil for other errors.
func accountErrors(err error) []municat.FieldError {
	var ve *municat.ValidationError
	switch {
	case errors.As(err, &ve):
		out := make([]municat.FieldError, len(ve.Fields))
		for i, f := range ve.Fields {
			if strings.HasPrefix(f.Field, "memberships") {
				f.Field = "memberships"
			}
			out[i] = f
		}
		return out
	case municat.ErrorCode(err) == municat.ECONFLICT:
		return []municat.FieldError{{Field: "id", Message: municat.ErrorMessage(err)}}
	}
	return nil
}

// accountPassword sets a new password for a person.
func (a *admin) accountPassword(c *fiber.Ctx) error {
	acc, form, err := a.accountPost(c)
	if err != nil {
		return err
	}
	err = a.cfg.Auth.SetPassword(c.UserContext(), auth.PrincipalOf(c), acc.ID, form.Get("password"))
	var ve *municat.ValidationError
	if errors.As(err, &ve) {
		page, ferr := a.accountForm(c, acc, false)
		if ferr != nil {
			return ferr
		}
		page.Errors = ve.Fields
		return a.page(c, http.StatusUnprocessableEntity, "account", page)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, "/accounts/"+acc.ID, "Das neue Passwort für „"+accountLabel(acc)+"“ ist gesetzt. Die Person ist überall abgemeldet und meldet sich mit dem neuen Passwort an.")
}

// accountLabel returns the person's name, or the login name without one.
func accountLabel(acc *municat.Account) string {
	if acc.Name != "" {
		return acc.Name
	}
	return acc.ID
}

// visibleAccount reports whether p may see the account: instance admins
// see all, organisation admins the people of their organisations.
func visibleAccount(p *municat.Principal, acc *municat.Account) bool {
	if p.InstanceAdmin || p.Account == acc.ID {
		return true
	}
	for _, m := range acc.Memberships {
		if p.Can(m.Organization, municat.RoleAdmin) {
			return true
		}
	}
	return false
}

// requireOrgAdmin returns EFORBIDDEN unless p administers an organisation.
func requireOrgAdmin(p *municat.Principal) error {
	if !orgAdmin(p) {
		return municat.Errorf(municat.EFORBIDDEN, "Diese Seite ist für die Administration einer Organisation. Ihr Zugang hat die Rolle Redaktion.")
	}
	return nil
}
