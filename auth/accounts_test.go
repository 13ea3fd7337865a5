package auth

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

func member(org string, role municat.Role) municat.Membership {
	return municat.Membership{Organization: org, Role: role}
}

func TestCreateAccountValidation(t *testing.T) {
	e := MustEnv(t, nil)
	ctx := context.Background()
	a := &municat.Account{ID: "Erika Mustermann", Name: strings.Repeat("n", 101), Email: "Erika <erika@example.org>",
		Memberships: []municat.Membership{member("gibtsnicht", municat.RoleEditor), member("musterstadt", "chef"), member("musterstadt", municat.RoleAdmin)}}
	err := e.svc.CreateAccount(ctx, nil, a, "kurz")
	var ve *municat.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want ValidationError", err)
	}
	got := map[string]string{}
	for _, f := range ve.Fields {
		got[f.Field] = f.Message
	}
	for field, want := range map[string]string{
		"id":                          "nur Kleinbuchstaben",
		"password":                    "mindestens 12 Zeichen",
		"name":                        "höchstens 100 Zeichen",
		"email":                       "nur die Adresse",
		"memberships[0].organization": `"gibtsnicht" gibt es nicht`,
		"memberships[1].role":         `"editor" (Redaktion) oder "admin"`,
		"memberships[2].organization": "doppelt",
	} {
		if !strings.Contains(got[field], want) {
			t.Errorf("%s: %q, want %q", field, got[field], want)
		}
	}
	if len(ve.Fields) != 7 {
		t.Errorf("fields = %+v", ve.Fields)
	}
	// No password and no OIDC: the account could never sign in.
	err = e.svc.CreateAccount(ctx, nil, &municat.Account{ID: "ohne"}, "")
	if !errors.As(err, &ve) || ve.Fields[0].Field != "password" {
		t.Fatalf("no password: %v", err)
	}
}

func TestCreateAccount(t *testing.T) {
	e := MustEnv(t, nil)
	ctx := context.Background()
	a := &municat.Account{ID: " Erika ", Name: "Erika Mustermann", Email: "erika@musterstadt.de", PasswordHash: "geschmuggelt",
		Memberships: []municat.Membership{member("musterstadt", municat.RoleEditor)}}
	if err := e.svc.CreateAccount(ctx, nil, a, testPassword); err != nil {
		t.Fatal(err)
	}
	stored, err := e.cat.Account(ctx, "erika")
	if err != nil || !CheckPassword(stored.PasswordHash, testPassword) || !stored.Created.Equal(e.clock.Now()) {
		t.Fatalf("stored %+v, %v", stored, err)
	}
	if au := e.lastAudit("account.create"); au.Actor != "cli" || au.Object != "account/erika" || au.Organization != "musterstadt" ||
		!strings.Contains(au.Summary, "musterstadt: Redaktion") {
		t.Errorf("audit %+v", au)
	}
	err = e.svc.CreateAccount(ctx, nil, &municat.Account{ID: "erika"}, testPassword)
	if codeOf(err) != municat.ECONFLICT || !strings.Contains(municat.ErrorMessage(err), `"erika" gibt es schon`) {
		t.Fatalf("duplicate id: %v", err)
	}
	err = e.svc.CreateAccount(ctx, nil, &municat.Account{ID: "erika2", Email: "Erika@Musterstadt.de"}, testPassword)
	var ve *municat.ValidationError
	if !errors.As(err, &ve) || ve.Fields[0].Field != "email" {
		t.Fatalf("duplicate e-mail: %v", err)
	}
}

func TestCreateAccountPermissions(t *testing.T) {
	e := MustEnv(t, nil)
	ctx := context.Background()
	orgAdmin := &municat.Principal{Account: "otto", Name: "Otto", Roles: map[string]municat.Role{"musterstadt": municat.RoleAdmin, "beispieldorf": municat.RoleEditor}}
	instance := &municat.Principal{Account: "anna", Name: "Anna", InstanceAdmin: true}
	for _, tc := range []struct {
		name string
		by   *municat.Principal
		a    municat.Account
		code string
	}{
		{"org admin, own org", orgAdmin, municat.Account{ID: "a1", Memberships: []municat.Membership{member("musterstadt", municat.RoleAdmin)}}, ""},
		{"org admin, org where editor", orgAdmin, municat.Account{ID: "a2", Memberships: []municat.Membership{member("beispieldorf", municat.RoleEditor)}}, municat.EFORBIDDEN},
		{"org admin, mixed", orgAdmin, municat.Account{ID: "a3", Memberships: []municat.Membership{member("musterstadt", municat.RoleEditor), member("beispieldorf", municat.RoleEditor)}}, municat.EFORBIDDEN},
		{"org admin, instance admin", orgAdmin, municat.Account{ID: "a4", InstanceAdmin: true, Memberships: []municat.Membership{member("musterstadt", municat.RoleEditor)}}, municat.EFORBIDDEN},
		{"org admin, no membership", orgAdmin, municat.Account{ID: "a5"}, municat.EINVALID},
		{"instance admin, instance admin", instance, municat.Account{ID: "a6", InstanceAdmin: true}, ""},
		{"cli, instance admin", nil, municat.Account{ID: "a7", InstanceAdmin: true}, ""},
	} {
		a := tc.a
		err := e.svc.CreateAccount(ctx, tc.by, &a, testPassword)
		if codeOf(err) != tc.code {
			t.Errorf("%s: %v, want code %q", tc.name, err, tc.code)
		}
		_, getErr := e.cat.Account(ctx, a.ID)
		if (tc.code == "") != (getErr == nil) {
			t.Errorf("%s: stored = %v", tc.name, getErr == nil)
		}
	}
	if au := e.lastAudit("account.create"); au.Actor == "" {
		t.Error("no actor")
	}
}

func TestUpdateAccountPermissions(t *testing.T) {
	e := MustEnv(t, nil)
	ctx := context.Background()
	e.MustAccount("anna", true)
	e.MustAccount("erika", false, member("musterstadt", municat.RoleEditor))
	e.MustAccount("multi", false, member("musterstadt", municat.RoleEditor), member("beispieldorf", municat.RoleEditor))
	otto := e.MustAccount("otto", false, member("musterstadt", municat.RoleAdmin))
	ottoP := otto.Principal()
	load := func(id string) *municat.Account {
		a, err := e.cat.Account(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}

	// The org admin promotes an editor of their organisation and renames her.
	a := load("erika")
	a.Memberships = []municat.Membership{member("musterstadt", municat.RoleAdmin)}
	a.Name = "Erika M."
	a.PasswordHash = "" // a form does not carry it
	if err := e.svc.UpdateAccount(ctx, ottoP, a); err != nil {
		t.Fatal(err)
	}
	if got := load("erika"); got.Memberships[0].Role != municat.RoleAdmin || got.Name != "Erika M." || !CheckPassword(got.PasswordHash, testPassword) {
		t.Fatalf("stored %+v", got)
	}
	au := e.lastAudit("account.update")
	if au.Actor != "account:otto" || !slices.Equal(au.Fields, []string{"name", "memberships"}) {
		t.Fatalf("audit %+v", au)
	}

	for _, tc := range []struct {
		name   string
		id     string
		change func(*municat.Account)
		code   string
	}{
		{"add other org", "erika", func(a *municat.Account) {
			a.Memberships = append(a.Memberships, member("beispieldorf", municat.RoleEditor))
		}, municat.EFORBIDDEN},
		{"make instance admin", "erika", func(a *municat.Account) { a.InstanceAdmin = true }, municat.EFORBIDDEN},
		{"touch instance admin", "anna", func(a *municat.Account) { a.Name = "Anna" }, municat.EFORBIDDEN},
		{"disable member of other org too", "multi", func(a *municat.Account) { a.Disabled = true }, municat.EFORBIDDEN},
		{"e-mail of member of other org too", "multi", func(a *municat.Account) { a.Email = "otto@example.org" }, municat.EFORBIDDEN},
		{"drop own org membership of multi", "multi", func(a *municat.Account) { a.Memberships = a.Memberships[1:] }, ""},
		{"disable self", "otto", func(a *municat.Account) { a.Disabled = true }, municat.ECONFLICT},
		{"own e-mail", "otto", func(a *municat.Account) { a.Email = "otto@musterstadt.de" }, ""},
		{"bad e-mail", "otto", func(a *municat.Account) { a.Email = "otto" }, municat.EINVALID},
		{"unknown", "niemand", func(a *municat.Account) {}, municat.ENOTFOUND},
	} {
		a := &municat.Account{ID: tc.id}
		if got, err := e.cat.Account(ctx, tc.id); err == nil {
			a = got
		}
		tc.change(a)
		if err := e.svc.UpdateAccount(ctx, ottoP, a); codeOf(err) != tc.code {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
		}
	}
	if got := load("multi"); len(got.Memberships) != 1 || got.Memberships[0].Organization != "beispieldorf" {
		t.Errorf("multi = %+v", got.Memberships)
	}
	// The instance admin may do what the org admin may not.
	anna := load("anna").Principal()
	m := load("multi")
	m.Disabled = true
	if err := e.svc.UpdateAccount(ctx, anna, m); err != nil {
		t.Fatal(err)
	}
	self := load("anna")
	self.InstanceAdmin = false
	if err := e.svc.UpdateAccount(ctx, anna, self); codeOf(err) != municat.ECONFLICT {
		t.Fatalf("instance admin drops own role: %v", err)
	}
}

func TestSetPassword(t *testing.T) {
	e := MustEnv(t, nil)
	ctx := context.Background()
	erika := e.MustAccount("erika", false, member("musterstadt", municat.RoleEditor))
	multi := e.MustAccount("multi", false, member("musterstadt", municat.RoleEditor), member("beispieldorf", municat.RoleEditor))
	otto := e.MustAccount("otto", false, member("musterstadt", municat.RoleAdmin))
	const newPassword = "ein neues langes Passwort"

	if err := e.svc.SetPassword(ctx, otto.Principal(), "multi", newPassword); codeOf(err) != municat.EFORBIDDEN {
		t.Fatalf("admin of one of two orgs: %v", err)
	}
	if err := e.svc.SetPassword(ctx, multi.Principal(), "multi", "kurz"); codeOf(err) != municat.EINVALID {
		t.Fatalf("short: %v", err)
	}
	// Self: the own session stays.
	mine, _ := e.MustLogin("multi")
	if err := e.svc.SetPassword(ctx, multi.Principal(), "multi", newPassword); err != nil {
		t.Fatal(err)
	}
	expect(t, "own session after own change", e.Do(request{method: "GET", path: "/admin/", cookies: []*http.Cookie{mine}}), 200, "account:multi")
	// An admin resets erika's password: her sessions end.
	e.clock.Add(time.Second) // audit entries of one instant have no order
	hers, _ := e.MustLogin("erika")
	if err := e.svc.SetPassword(ctx, otto.Principal(), erika.ID, newPassword); err != nil {
		t.Fatal(err)
	}
	expect(t, "session after reset", e.Do(request{method: "GET", path: "/admin/", cookies: []*http.Cookie{hers}}), 401, "")
	expect(t, "old password", e.login("erika", testPassword), 401, "")
	expect(t, "new password", e.login("erika", newPassword), 303, "")
	if au := e.lastAudit("password.change"); au.Actor != "account:otto" || au.Object != "account/erika" || strings.Contains(au.Summary, newPassword) {
		t.Errorf("audit %+v", au)
	}
	if !CanManageAccount(otto.Principal(), erika) || CanManageAccount(otto.Principal(), multi) || !CanManageAccount(nil, multi) {
		t.Error("CanManageAccount")
	}
}

// codeOf returns the error code of err, EINVALID for a
// *municat.ValidationError.
func codeOf(err error) string {
	var ve *municat.ValidationError
	if errors.As(err, &ve) {
		return municat.EINVALID
	}
	return municat.ErrorCode(err)
}
