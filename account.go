package municat

import (
	"strings"
	"time"
)

// Role is what a person or token may do in one organisation.
type Role string

// The roles within an organisation. An instance administrator (see
// Account.InstanceAdmin) may do everything everywhere.
const (
	// RoleEditor edits the organisation's datasets, uploads files and runs
	// its harvest sources.
	RoleEditor Role = "editor"
	// RoleAdmin also manages the organisation's sources, people and tokens.
	RoleAdmin Role = "admin"
)

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool { return r == RoleEditor || r == RoleAdmin }

// Covers reports whether someone with role r may do what needs role want:
// an admin may do what an editor may.
func (r Role) Covers(want Role) bool {
	switch r {
	case RoleAdmin:
		return want.Valid()
	case RoleEditor:
		return want == RoleEditor
	}
	return false
}

// Label returns the role's German name for the pages.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Administration"
	case RoleEditor:
		return "Redaktion"
	}
	return string(r)
}

// Membership gives an account a role in one organisation.
type Membership struct {
	// Organization is the organisation's id.
	Organization string `json:"organization"`
	// Role is the account's role there.
	Role Role `json:"role"`
}

// Account is a person who signs in to the administration pages.
type Account struct {
	// ID is the login name: lower-case letters, digits and inner hyphens
	// (see ValidID).
	ID string `json:"id"`
	// Name is the person's display name.
	Name string `json:"name,omitempty"`
	// Email is the person's address (optional).
	Email string `json:"email,omitempty"`
	// PasswordHash is the argon2id hash of the password in PHC form; empty
	// for accounts that sign in only through OpenID Connect. Never shown.
	PasswordHash string `json:"password_hash,omitempty"`
	// OIDCSubject is "issuer|subject" of the identity-provider account
	// linked to this one, if any.
	OIDCSubject string `json:"oidc_subject,omitempty"`
	// InstanceAdmin may do everything, in every organisation.
	InstanceAdmin bool `json:"instance_admin,omitempty"`
	// Memberships are the account's roles in organisations.
	Memberships []Membership `json:"memberships,omitempty"`
	// Disabled accounts cannot sign in; their sessions end.
	Disabled bool `json:"disabled,omitempty"`
	// Created is when the account was made.
	Created time.Time `json:"created"`
}

// Role returns the account's role in the organisation, "" if it has none.
func (a *Account) Role(org string) Role {
	for _, m := range a.Memberships {
		if m.Organization == org {
			return m.Role
		}
	}
	return ""
}

// Principal returns who acts when the account is signed in.
func (a *Account) Principal() *Principal {
	p := &Principal{Account: a.ID, Name: a.Name, InstanceAdmin: a.InstanceAdmin, Roles: map[string]Role{}}
	if p.Name == "" {
		p.Name = a.ID
	}
	for _, m := range a.Memberships {
		if m.Role.Valid() {
			p.Roles[m.Organization] = m.Role
		}
	}
	return p
}

// TokenPrefix starts every API token, so that secret scanners and people
// recognise one.
const TokenPrefix = "mct_"

// Token is an API token for one organisation and role. The secret itself
// is shown once when the token is made; only its SHA-256 is stored.
type Token struct {
	// ID names the token in lists and audit entries: the first 16 hex
	// digits of Hash.
	ID string `json:"id"`
	// Hash is the hex SHA-256 of the secret. Never shown.
	Hash string `json:"hash"`
	// Name says what the token is for, e.g. "Fachverfahren Baumkataster".
	Name string `json:"name,omitempty"`
	// Organization is the id of the organisation the token acts for.
	Organization string `json:"organization"`
	// Role is the token's role in that organisation.
	Role Role `json:"role"`
	// CreatedBy is the actor who made the token (see Principal.Actor).
	CreatedBy string `json:"created_by,omitempty"`
	// Created is when the token was made.
	Created time.Time `json:"created"`
	// Expires is when the token stops working; nil if never.
	Expires *time.Time `json:"expires,omitempty"`
	// LastUsed is when the token was last used (updated at most once a
	// minute).
	LastUsed *time.Time `json:"last_used,omitempty"`
	// Revoked is when the token was revoked; nil while it is valid.
	Revoked *time.Time `json:"revoked,omitempty"`
}

// Active reports whether the token may be used at now.
func (t *Token) Active(now time.Time) bool {
	return t.Revoked == nil && (t.Expires == nil || now.Before(*t.Expires)) && t.Role.Valid()
}

// Principal returns who acts when the token is used.
func (t *Token) Principal() *Principal {
	name := t.Name
	if name == "" {
		name = "Token " + t.ID
	}
	return &Principal{TokenID: t.ID, Name: name, Roles: map[string]Role{t.Organization: t.Role}}
}

// Principal is who makes a request: a signed-in account or an API token.
type Principal struct {
	// Account is the account's id; empty for a token.
	Account string `json:"account,omitempty"`
	// TokenID is the token's id; empty for an account.
	TokenID string `json:"token,omitempty"`
	// Name is a display name for pages and the audit log.
	Name string `json:"name"`
	// InstanceAdmin may do everything.
	InstanceAdmin bool `json:"instance_admin,omitempty"`
	// Roles maps organisation ids to the principal's role there.
	Roles map[string]Role `json:"roles,omitempty"`
}

// Can reports whether the principal may do what needs role want in the
// organisation org.
func (p *Principal) Can(org string, want Role) bool {
	if p == nil {
		return false
	}
	if p.InstanceAdmin {
		return true
	}
	return org != "" && p.Roles[org].Covers(want)
}

// Organizations returns the ids of the organisations the principal has a
// role in, sorted.
func (p *Principal) Organizations() []string {
	if p == nil {
		return nil
	}
	out := make([]string, 0, len(p.Roles))
	for org := range p.Roles {
		out = append(out, org)
	}
	sortStrings(out)
	return out
}

// Actor names the principal in audit entries: "account:ID" or "token:ID".
func (p *Principal) Actor() string {
	switch {
	case p == nil:
		return "system"
	case p.Account != "":
		return "account:" + p.Account
	case p.TokenID != "":
		return "token:" + p.TokenID
	}
	return "system"
}

// sortStrings sorts s in place (insertion sort: the lists are short).
func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && strings.Compare(s[j-1], s[j]) > 0; j-- {
			s[j-1], s[j] = s[j], s[j-1]
		}
	}
}

// AuditEntry records one change: who changed what and when. Entries are
// written once and never changed.
type AuditEntry struct {
	// Time is when the change was made.
	Time time.Time `json:"time"`
	// Actor is who made it (see Principal.Actor), or "system" for the
	// scheduler.
	Actor string `json:"actor"`
	// ActorName is the actor's display name at the time.
	ActorName string `json:"actor_name,omitempty"`
	// Action names the change, e.g. "dataset.create", "source.run",
	// "token.revoke", "login.failed".
	Action string `json:"action"`
	// Organization is the organisation whose data changed, if any.
	Organization string `json:"organization,omitempty"`
	// Object names what changed, e.g. "dataset/stadt-baeume" or
	// "source/musterstadt-ckan".
	Object string `json:"object,omitempty"`
	// Summary says in German what happened.
	Summary string `json:"summary,omitempty"`
	// Fields lists the JSON names of the fields an update changed.
	Fields []string `json:"fields,omitempty"`
}

// Session is a signed-in browser. The cookie holds a random secret; only its
// SHA-256 is stored.
type Session struct {
	// Hash is the hex SHA-256 of the cookie's secret. Never shown.
	Hash string `json:"hash"`
	// Account is the id of the signed-in account.
	Account string `json:"account"`
	// CSRF is the token every form of the session must send back.
	CSRF string `json:"csrf"`
	// Created is when the person signed in.
	Created time.Time `json:"created"`
	// Expires is when the session ends at the latest.
	Expires time.Time `json:"expires"`
}
