package admin

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/municat/municat"
)

// TestAccountForms creates a person as an organisation admin, edits the
// role, disables the account and sets a password.
func TestAccountForms(t *testing.T) {
	e := newCoreEnv(t)
	anna := e.orgAdmin()
	ctx := context.Background()

	// Errors: bad id, short password, no role.
	r := e.post(anna, "/admin/accounts", url.Values{"id": {"Max Muster"}, "name": {"Max"}, "email": {"max@"}, "password": {"kurz"}, "role.musterstadt": {""}})
	r.want(t, http.StatusUnprocessableEntity, `href="#f-id"`, `href="#f-password"`, `href="#f-email"`, `href="#f-memberships"`, `value="Max Muster"`, `id="f-memberships"`)
	if strings.Contains(r.Body, "kurz\"") {
		t.Error("the page shows the password")
	}
	// Only the organisations the admin administers are offered.
	if strings.Contains(r.Body, "role.nachbarort") || !strings.Contains(r.Body, `name="role.musterstadt"`) {
		t.Error("the form offers roles in other organisations")
	}
	// An org admin cannot make instance admins.
	if strings.Contains(r.Body, `name="instance_admin"`) {
		t.Error("an organisation admin is offered instance administration")
	}

	r = e.post(anna, "/admin/accounts", url.Values{"id": {"max-muster"}, "name": {"Max Muster"}, "email": {"max@musterstadt.de"}, "password": {loginPassword}, "role.musterstadt": {"editor"}, "instance_admin": {"1"}})
	r.want(t, http.StatusSeeOther)
	acc, err := e.cat.Account(ctx, "max-muster")
	coreOK(t, err)
	if acc.Name != "Max Muster" || acc.Email != "max@musterstadt.de" || acc.InstanceAdmin || len(acc.Memberships) != 1 ||
		acc.Memberships[0] != (municat.Membership{Organization: "musterstadt", Role: municat.RoleEditor}) || !strings.HasPrefix(acc.PasswordHash, "$argon2id$") {
		t.Fatalf("stored %+v", acc)
	}
	// The id is taken now.
	e.post(anna, "/admin/accounts", url.Values{"id": {"max-muster"}, "password": {loginPassword}, "role.musterstadt": {"editor"}}).
		want(t, http.StatusUnprocessableEntity, `href="#f-id"`)

	// Edit: promote to admin and disable.
	e.get(anna, "/admin/accounts/max-muster").want(t, http.StatusOK, `value="Max Muster"`, `<option value="editor" selected>`, "Neues Passwort setzen")
	e.post(anna, "/admin/accounts/max-muster", url.Values{"name": {"Max M."}, "email": {"max@musterstadt.de"}, "role.musterstadt": {"admin"}, "disabled": {"1"}}).
		want(t, http.StatusSeeOther)
	acc, err = e.cat.Account(ctx, "max-muster")
	coreOK(t, err)
	if acc.Name != "Max M." || !acc.Disabled || acc.Role("musterstadt") != municat.RoleAdmin || acc.PasswordHash == "" {
		t.Fatalf("after the edit: %+v", acc)
	}
	e.get(anna, "/admin/accounts").want(t, http.StatusOK, "Max M.", "gesperrt", "Stadt Musterstadt: Administration")

	// Nobody disables themselves.
	e.post(anna, "/admin/accounts/anna-admin", url.Values{"name": {"Anna"}, "role.musterstadt": {"admin"}, "disabled": {"1"}}).
		want(t, http.StatusConflict, "nicht selbst sperren")

	// A new password: too short → 422; good → stored.
	e.post(anna, "/admin/accounts/max-muster/password", url.Values{"password": {"kurz"}}).want(t, http.StatusUnprocessableEntity, `href="#f-password"`)
	before := acc.PasswordHash
	e.post(anna, "/admin/accounts/max-muster/password", url.Values{"password": {"Ein-ganz-neues-Passwort"}}).want(t, http.StatusSeeOther)
	acc, err = e.cat.Account(ctx, "max-muster")
	coreOK(t, err)
	// (package auth checks that the hash matches the password.)
	if acc.PasswordHash == before || !strings.HasPrefix(acc.PasswordHash, "$argon2id$") {
		t.Fatal("the new password was not stored")
	}
}

// TestAccountKeepsOtherMemberships checks that an organisation admin's
// edit keeps the person's roles in organisations the admin does not
// administer.
func TestAccountKeepsOtherMemberships(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	anna := e.orgAdmin()
	e.account("geteilt", false,
		municat.Membership{Organization: "musterstadt", Role: municat.RoleEditor},
		municat.Membership{Organization: "nachbarort", Role: municat.RoleAdmin})
	page := e.get(anna, "/admin/accounts/geteilt")
	page.want(t, http.StatusOK, "Weitere Rollen, die Sie nicht ändern können: Gemeinde Nachbarort: Administration")
	if strings.Contains(page.Body, `name="name"`) || strings.Contains(page.Body, "Neues Passwort setzen") {
		t.Error("the admin may edit name or password of a person shared with another organisation")
	}
	e.post(anna, "/admin/accounts/geteilt", url.Values{"role.musterstadt": {"admin"}}).want(t, http.StatusSeeOther)
	acc, err := e.cat.Account(context.Background(), "geteilt")
	coreOK(t, err)
	if acc.Role("musterstadt") != municat.RoleAdmin || acc.Role("nachbarort") != municat.RoleAdmin || acc.Name != "Person geteilt" {
		t.Fatalf("after the edit: %+v", acc)
	}
}

// TestOwnPassword changes one's own password, which needs the current one.
func TestOwnPassword(t *testing.T) {
	e := newCoreEnv(t)
	u := e.account("erika", false, municat.Membership{Organization: "musterstadt", Role: municat.RoleEditor})
	// account() replaced the record without password: put it back.
	e.withPassword("erika", municat.Membership{Organization: "musterstadt", Role: municat.RoleEditor})
	stored, err := e.cat.Account(context.Background(), "erika")
	coreOK(t, err)
	before := stored.PasswordHash
	e.get(u, "/admin/account").want(t, http.StatusOK, "Passwort ändern", `autocomplete="current-password"`, "Stadt Musterstadt: Redaktion")
	e.post(u, "/admin/account/password", url.Values{"current": {"falsch"}, "password": {"Neues-Passwort-2026"}, "confirm": {"Neues-Passwort-2027"}}).
		want(t, http.StatusUnprocessableEntity, `href="#f-current"`, `href="#f-confirm"`)
	e.post(u, "/admin/account/password", url.Values{"current": {loginPassword}, "password": {"Neues-Passwort-2026"}, "confirm": {"Neues-Passwort-2026"}}).
		want(t, http.StatusSeeOther)
	acc, err := e.cat.Account(context.Background(), "erika")
	coreOK(t, err)
	if acc.PasswordHash == before || !strings.HasPrefix(acc.PasswordHash, "$argon2id$") {
		t.Fatal("the new password was not stored")
	}
}
