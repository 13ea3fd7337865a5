package auth

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/municat/municat"
)

// CreateAccount validates and writes the new account a with password (which
// may be empty for an account that signs in only through OpenID Connect,
// when that is configured). by is who creates it (nil = the command line):
// only an instance admin may create instance admins, and an organisation
// admin only accounts whose memberships are all in organisations where they
// are admin. Invalid input gives a *municat.ValidationError naming each
// field; a taken id gives ECONFLICT. On success a holds the stored record
// (id in lower case, Created set, password hashed). It writes the audit
// entry "account.create".
func (s *Service) CreateAccount(ctx context.Context, by *municat.Principal, a *municat.Account, password string) error {
	a.ID = strings.ToLower(strings.TrimSpace(a.ID))
	a.Name = strings.TrimSpace(a.Name)
	a.Email = strings.TrimSpace(a.Email)
	a.PasswordHash = ""
	if by != nil && !by.InstanceAdmin {
		a.OIDCSubject = "" // only instance admins link identities by hand
	}
	c := &fieldChecker{}
	if !municat.ValidID(a.ID) {
		c.add("id", "Der Anmeldename darf nur Kleinbuchstaben (ohne Umlaute), Ziffern und Bindestriche enthalten, höchstens 64 Zeichen, z. B. \"erika-mustermann\".")
	}
	switch {
	case password != "":
		if err := ValidatePassword(password); err != nil {
			c.add("password", municat.ErrorMessage(err))
		}
	case !s.OIDCEnabled():
		c.add("password", fmt.Sprintf("Bitte vergeben Sie ein Passwort mit mindestens %d Zeichen.", MinPasswordLength))
	}
	if err := s.checkAccount(ctx, c, a); err != nil {
		return err
	}
	if by != nil && !by.InstanceAdmin && len(a.Memberships) == 0 {
		c.add("memberships", "Bitte geben Sie dem Konto eine Rolle in Ihrer Organisation.")
	}
	if err := c.err("Konto"); err != nil {
		return err
	}
	if by != nil && !by.InstanceAdmin {
		if a.InstanceAdmin {
			return municat.Errorf(municat.EFORBIDDEN, "Nur die Instanz-Administration kann Konten mit Instanz-Administration anlegen.")
		}
		for _, m := range a.Memberships {
			if !by.Can(m.Organization, municat.RoleAdmin) {
				return forbidden(m.Organization, municat.RoleAdmin)
			}
		}
	}

	var hash string
	if password != "" {
		var err error
		if hash, err = HashPassword(password); err != nil {
			return err
		}
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if _, err := s.cat.Account(ctx, a.ID); err == nil {
		return municat.Errorf(municat.ECONFLICT, "Den Anmeldenamen %q gibt es schon. Bitte wählen Sie einen anderen.", a.ID)
	} else if !errors.Is(err, municat.ErrNotFound) {
		return err
	}
	if err := s.checkEmailFree(ctx, a); err != nil {
		return err
	}
	a.PasswordHash = hash
	a.Created = s.now().UTC().Truncate(time.Second)
	if err := s.cat.PutAccount(ctx, a); err != nil {
		return err
	}
	s.audit(ctx, &municat.AuditEntry{
		Actor: actorOf(by), ActorName: nameOf(by), Action: "account.create",
		Organization: firstOrg(a.Memberships), Object: "account/" + a.ID,
		Summary: "Konto " + a.ID + " angelegt" + describeMemberships(a),
	})
	return nil
}

// UpdateAccount changes the name, e-mail, memberships, disabled and
// instance-admin flags of the stored account a.ID to those of a (its
// password, creation time and linked identity are kept, so a form need not
// carry them). An organisation admin may change memberships
// only in organisations where they are admin, and name, e-mail and the
// disabled flag only of accounts all of whose memberships are there (or
// their own name and e-mail); nobody disables themselves or drops their own
// instance administration. On success a holds the stored record. It writes
// the audit entry "account.update" listing the changed fields.
func (s *Service) UpdateAccount(ctx context.Context, by *municat.Principal, a *municat.Account) error {
	a.Name = strings.TrimSpace(a.Name)
	a.Email = strings.TrimSpace(a.Email)
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	old, err := s.cat.Account(ctx, a.ID)
	if err != nil {
		return err
	}
	a.OIDCSubject = old.OIDCSubject
	c := &fieldChecker{}
	if err := s.checkAccount(ctx, c, a); err != nil {
		return err
	}
	if err := c.err("Konto"); err != nil {
		return err
	}
	changed, orgs := accountChanges(old, a)
	if len(changed) == 0 {
		*a = *old
		return nil
	}
	if err := mayUpdate(by, old, a, changed, orgs); err != nil {
		return err
	}
	if a.Email != old.Email {
		if err := s.checkEmailFree(ctx, a); err != nil {
			return err
		}
	}
	a.PasswordHash, a.Created = old.PasswordHash, old.Created
	if err := s.cat.PutAccount(ctx, a); err != nil {
		return err
	}
	s.sessions.dropAccount(a.ID)
	s.audit(ctx, &municat.AuditEntry{
		Actor: actorOf(by), ActorName: nameOf(by), Action: "account.update",
		Organization: firstOrg(append(slices.Clone(a.Memberships), old.Memberships...)), Object: "account/" + a.ID,
		Summary: "Konto " + a.ID + " geändert" + describeMemberships(a), Fields: changed,
	})
	return nil
}

// SetPassword sets the password of the account with id. by may be the
// account itself, an instance admin, an admin of every organisation the
// account belongs to (see CanManageAccount), or nil (the command line).
// When someone else sets it, every session of the account ends. It writes
// the audit entry "password.change".
func (s *Service) SetPassword(ctx context.Context, by *municat.Principal, id, password string) error {
	if err := ValidatePassword(password); err != nil {
		return &municat.ValidationError{Subject: "Passwort", Fields: []municat.FieldError{{Field: "password", Message: municat.ErrorMessage(err)}}}
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	a, err := s.cat.Account(ctx, id)
	if err != nil {
		return err
	}
	self := by != nil && by.Account != "" && by.Account == a.ID
	if !self && !CanManageAccount(by, a) {
		return municat.Errorf(municat.EFORBIDDEN, "Das Passwort des Kontos %s kann nur die Administration aller seiner Organisationen ändern.", a.ID)
	}
	a.PasswordHash = hash
	if err := s.cat.PutAccount(ctx, a); err != nil {
		return err
	}
	if !self {
		if err := s.endAccountSessions(ctx, a.ID); err != nil {
			s.log.Error("sessions not ended after password change", "account", a.ID, "err", err)
		}
	}
	s.sessions.dropAccount(a.ID)
	s.audit(ctx, &municat.AuditEntry{
		Actor: actorOf(by), ActorName: nameOf(by), Action: "password.change",
		Organization: firstOrg(a.Memberships), Object: "account/" + a.ID,
		Summary: "Passwort des Kontos " + a.ID + " geändert",
	})
	return nil
}

// checkAccount adds the problems of a's name, e-mail and memberships to c.
// It returns only errors reading the store.
func (s *Service) checkAccount(ctx context.Context, c *fieldChecker, a *municat.Account) error {
	if utf8.RuneCountInString(a.Name) > maxNameLength {
		c.add("name", "Der Name ist zu lang: höchstens 100 Zeichen.")
	}
	if a.Email != "" {
		if addr, err := mail.ParseAddress(a.Email); err != nil || addr.Address != a.Email || len(a.Email) > 254 {
			c.add("email", "Die E-Mail-Adresse ist ungültig. Bitte geben Sie nur die Adresse an, z. B. \"erika.mustermann@musterstadt.de\".")
		}
	}
	seen := map[string]bool{}
	for i, m := range a.Memberships {
		field := fmt.Sprintf("memberships[%d]", i)
		switch {
		case m.Organization == "":
			c.add(field+".organization", "Bitte wählen Sie die Organisation.")
		case seen[m.Organization]:
			c.add(field+".organization", "Die Organisation \""+m.Organization+"\" ist doppelt angegeben. Ein Konto hat je Organisation eine Rolle.")
		default:
			seen[m.Organization] = true
			if _, err := s.cat.Organization(ctx, m.Organization); errors.Is(err, municat.ErrNotFound) {
				c.add(field+".organization", "Die Organisation \""+m.Organization+"\" gibt es nicht.")
			} else if err != nil {
				return err
			}
		}
		if !m.Role.Valid() {
			c.add(field+".role", "Bitte wählen Sie die Rolle \"editor\" (Redaktion) oder \"admin\" (Administration).")
		}
	}
	return nil
}

// checkEmailFree returns ECONFLICT if another account has a's e-mail
// address (it would make the login through the identity provider
// ambiguous).
func (s *Service) checkEmailFree(ctx context.Context, a *municat.Account) error {
	if a.Email == "" {
		return nil
	}
	accounts, err := s.cat.Accounts(ctx)
	if err != nil {
		return err
	}
	for _, o := range accounts {
		if o.ID != a.ID && strings.EqualFold(strings.TrimSpace(o.Email), a.Email) {
			return &municat.ValidationError{Subject: "Konto", Fields: []municat.FieldError{{Field: "email", Message: "Diese E-Mail-Adresse gehört schon zu einem anderen Konto."}}}
		}
	}
	return nil
}
