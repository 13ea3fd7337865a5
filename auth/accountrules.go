package auth

import (
	"slices"
	"strings"

	"github.com/municat/municat"
)

// mayUpdate checks the rules of UpdateAccount for by changing old to a.
func mayUpdate(by *municat.Principal, old, a *municat.Account, changed, orgs []string) error {
	if by != nil && by.Account == a.ID && (a.Disabled && !old.Disabled || old.InstanceAdmin && !a.InstanceAdmin) {
		return municat.Errorf(municat.ECONFLICT, "Sie können sich nicht selbst sperren oder sich die Instanz-Administration entziehen. Bitte bitten Sie eine andere Person aus der Instanz-Administration darum.")
	}
	if by == nil || by.InstanceAdmin {
		return nil
	}
	if old.InstanceAdmin || a.InstanceAdmin {
		return municat.Errorf(municat.EFORBIDDEN, "Konten mit Instanz-Administration kann nur die Instanz-Administration ändern.")
	}
	for _, org := range orgs {
		if !by.Can(org, municat.RoleAdmin) {
			return forbidden(org, municat.RoleAdmin)
		}
	}
	self := by.Account != "" && by.Account == a.ID
	for _, f := range changed {
		switch {
		case f == "memberships":
		case (f == "name" || f == "email") && self:
		default:
			if !CanManageAccount(by, old) {
				return municat.Errorf(municat.EFORBIDDEN, "Das Konto %s gehört auch zu Organisationen, in denen Sie keine Administration sind. Bitte wenden Sie sich an die Instanz-Administration.", old.ID)
			}
		}
	}
	return nil
}

// CanManageAccount reports whether by may change a's name, e-mail, password
// and disabled flag: by is nil (the command line) or an instance admin, or
// a is no instance admin and has memberships only in organisations where by
// is admin.
func CanManageAccount(by *municat.Principal, a *municat.Account) bool {
	if by == nil || by.InstanceAdmin {
		return true
	}
	if a.InstanceAdmin || len(a.Memberships) == 0 {
		return false
	}
	for _, m := range a.Memberships {
		if !by.Can(m.Organization, municat.RoleAdmin) {
			return false
		}
	}
	return true
}

// accountChanges returns the JSON names of the fields that differ between
// old and a, and the organisations whose membership changed.
func accountChanges(old, a *municat.Account) (fields, orgs []string) {
	if old.Name != a.Name {
		fields = append(fields, "name")
	}
	if old.Email != a.Email {
		fields = append(fields, "email")
	}
	roles := func(ms []municat.Membership) map[string]municat.Role {
		m := map[string]municat.Role{}
		for _, x := range ms {
			m[x.Organization] = x.Role
		}
		return m
	}
	before, after := roles(old.Memberships), roles(a.Memberships)
	for org, r := range after {
		if before[org] != r {
			orgs = append(orgs, org)
		}
	}
	for org := range before {
		if _, ok := after[org]; !ok {
			orgs = append(orgs, org)
		}
	}
	slices.Sort(orgs)
	if len(orgs) > 0 {
		fields = append(fields, "memberships")
	}
	if old.Disabled != a.Disabled {
		fields = append(fields, "disabled")
	}
	if old.InstanceAdmin != a.InstanceAdmin {
		fields = append(fields, "instance_admin")
	}
	return fields, orgs
}

// firstOrg returns the organisation of the first membership, "" if none.
func firstOrg(ms []municat.Membership) string {
	if len(ms) == 0 {
		return ""
	}
	return ms[0].Organization
}

// describeMemberships returns ` (Rollen: org: Redaktion, …)` for the
// summary of an audit entry.
func describeMemberships(a *municat.Account) string {
	var parts []string
	if a.InstanceAdmin {
		parts = append(parts, "Instanz-Administration")
	}
	for _, m := range a.Memberships {
		parts = append(parts, m.Organization+": "+m.Role.Label())
	}
	if a.Disabled {
		parts = append(parts, "gesperrt")
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// fieldChecker collects field errors.
type fieldChecker struct{ fields []municat.FieldError }

func (c *fieldChecker) add(field, msg string) {
	c.fields = append(c.fields, municat.FieldError{Field: field, Message: msg})
}

// err returns the collected problems as a *municat.ValidationError, or nil.
func (c *fieldChecker) err(subject string) error {
	if len(c.fields) == 0 {
		return nil
	}
	return &municat.ValidationError{Subject: subject, Fields: c.fields}
}
