package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/municat/municat"
)

// TokenSpec describes an API token to make.
type TokenSpec struct {
	// Organization is the id of the organisation the token acts for.
	Organization string
	// Role is the token's role there.
	Role municat.Role
	// Name says what the token is for (at most 100 characters).
	Name string
	// Expires is how long the token works; 0 = never.
	Expires time.Duration
	// CreatedBy is who makes the token; nil = the command line.
	CreatedBy *municat.Principal
}

// maxNameLength is the greatest length of a token's or account's name.
const maxNameLength = 100

// lastUseInterval is how often at most the LastUsed time of a token is
// written.
const lastUseInterval = time.Minute

// tokenSecretBytes is the number of random bytes of a token's secret.
const tokenSecretBytes = 32

// CreateToken makes an API token and returns its secret (shown once, never
// stored: municat.TokenPrefix followed by 43 base64url characters) and its
// record. spec.CreatedBy must be an admin of the organisation. Invalid specs
// give a *municat.ValidationError naming each field ("organization",
// "role", "name", "expires"). It writes the audit entry "token.create".
func (s *Service) CreateToken(ctx context.Context, spec TokenSpec) (secret string, t *municat.Token, err error) {
	spec.Name = strings.TrimSpace(spec.Name)
	c := &fieldChecker{}
	if spec.Organization == "" {
		c.add("organization", "Bitte wählen Sie die Organisation, für die das Token handelt.")
	} else if _, err := s.cat.Organization(ctx, spec.Organization); err != nil {
		if !errors.Is(err, municat.ErrNotFound) {
			return "", nil, err
		}
		c.add("organization", "Die Organisation \""+spec.Organization+"\" gibt es nicht.")
	}
	if !spec.Role.Valid() {
		c.add("role", "Bitte wählen Sie die Rolle \"editor\" (Redaktion) oder \"admin\" (Administration).")
	}
	if utf8.RuneCountInString(spec.Name) > maxNameLength {
		c.add("name", "Der Name ist zu lang: höchstens 100 Zeichen.")
	}
	if spec.Expires < 0 {
		c.add("expires", "Die Gültigkeitsdauer darf nicht negativ sein (0 = unbegrenzt).")
	}
	if err := c.err("Token"); err != nil {
		return "", nil, err
	}
	if spec.CreatedBy != nil && !spec.CreatedBy.Can(spec.Organization, municat.RoleAdmin) {
		return "", nil, forbidden(spec.Organization, municat.RoleAdmin)
	}

	secret = municat.TokenPrefix + randomString(tokenSecretBytes)
	hash := hashSecret(secret)
	now := s.now().UTC().Truncate(time.Second)
	t = &municat.Token{
		ID: hash[:16], Hash: hash, Name: spec.Name, Organization: spec.Organization, Role: spec.Role,
		CreatedBy: spec.CreatedBy.Actor(), Created: now,
	}
	if spec.CreatedBy == nil {
		t.CreatedBy = "cli"
	}
	if spec.Expires > 0 {
		exp := now.Add(spec.Expires)
		t.Expires = &exp
	}
	if err := s.cat.PutToken(ctx, t); err != nil {
		return "", nil, err
	}
	s.audit(ctx, &municat.AuditEntry{
		Actor: actorOf(spec.CreatedBy), ActorName: nameOf(spec.CreatedBy), Action: "token.create",
		Organization: t.Organization, Object: "token/" + t.ID,
		Summary: "API-Token " + t.ID + " (" + t.Role.Label() + ") angelegt" + quoteName(t.Name),
	})
	return secret, t, nil
}

// RevokeToken revokes the token with id (the first 16 hex digits of its
// hash). by must be an admin of the token's organisation (nil = the command
// line). Revoking a revoked token changes nothing. It writes the audit
// entry "token.revoke".
func (s *Service) RevokeToken(ctx context.Context, by *municat.Principal, id string) (*municat.Token, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	t, err := s.cat.Token(ctx, id)
	if err != nil {
		return nil, err
	}
	if by != nil && !by.Can(t.Organization, municat.RoleAdmin) {
		return nil, forbidden(t.Organization, municat.RoleAdmin)
	}
	if t.Revoked != nil {
		return t, nil
	}
	now := s.now().UTC().Truncate(time.Second)
	t.Revoked = &now
	if err := s.cat.PutToken(ctx, t); err != nil {
		return nil, err
	}
	s.audit(ctx, &municat.AuditEntry{
		Actor: actorOf(by), ActorName: nameOf(by), Action: "token.revoke",
		Organization: t.Organization, Object: "token/" + t.ID,
		Summary: "API-Token " + t.ID + " widerrufen" + quoteName(t.Name),
	})
	return t, nil
}

// Tokens returns the tokens of the organisation org ("" = all), newest
// first.
func (s *Service) Tokens(ctx context.Context, org string) ([]*municat.Token, error) {
	all, err := s.cat.Tokens(ctx)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, t := range all {
		if org == "" || t.Organization == org {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b *municat.Token) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// authenticateToken returns the active token whose secret is secret, or an
// EUNAUTHORIZED error saying why it is refused. It records the token's last
// use at most once a minute.
func (s *Service) authenticateToken(ctx context.Context, secret string) (*municat.Token, error) {
	t, err := s.cat.TokenByHash(ctx, hashSecret(secret))
	if err != nil {
		if errors.Is(err, municat.ErrNotFound) {
			// The cause stays, so that checkToken counts the guess.
			return nil, &municat.Error{Code: municat.EUNAUTHORIZED, Err: err,
				Message: "Das API-Token ist unbekannt. Bitte prüfen Sie, ob es vollständig kopiert wurde, oder lassen Sie ein neues erstellen."}
		}
		return nil, err
	}
	now := s.now()
	switch {
	case t.Revoked != nil:
		return nil, municat.Errorf(municat.EUNAUTHORIZED, "Das API-Token %s wurde am %s widerrufen. Bitte lassen Sie ein neues erstellen.", t.ID, s.germanDate(*t.Revoked))
	case t.Expires != nil && !now.Before(*t.Expires):
		return nil, municat.Errorf(municat.EUNAUTHORIZED, "Das API-Token %s ist am %s abgelaufen. Bitte lassen Sie ein neues erstellen.", t.ID, s.germanDate(*t.Expires))
	case !t.Active(now):
		return nil, municat.Errorf(municat.EUNAUTHORIZED, "Das API-Token %s ist ungültig.", t.ID)
	}
	s.recordUse(ctx, t, now)
	return t, nil
}

// recordUse writes t's LastUsed, unless this process wrote it less than a
// minute ago. A failure is logged: the request goes on.
func (s *Service) recordUse(ctx context.Context, t *municat.Token, now time.Time) {
	s.useMu.Lock()
	last, seen := s.lastUse[t.ID]
	due := !seen || now.Sub(last) >= lastUseInterval || now.Before(last)
	if due {
		if len(s.lastUse) >= maxLimiterKeys {
			clear(s.lastUse)
		}
		s.lastUse[t.ID] = now
	}
	s.useMu.Unlock()
	if !due {
		return
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	// Re-read under the lock so a revocation that happened since is kept.
	cur, err := s.cat.TokenByHash(ctx, t.Hash)
	if err != nil || cur.Revoked != nil {
		return
	}
	used := now.UTC().Truncate(time.Second)
	cur.LastUsed = &used
	if err := s.cat.PutToken(ctx, cur); err != nil {
		s.log.Error("token last use not written", "token", t.ID, "err", err)
	}
}

// hashSecret returns the hex SHA-256 of a token or session secret.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// quoteName returns ` „name“` for a non-empty name.
func quoteName(name string) string {
	if name == "" {
		return ""
	}
	return " „" + name + "“"
}

// actorOf returns the audit actor of by; "cli" for the command line.
func actorOf(by *municat.Principal) string {
	if by == nil {
		return "cli"
	}
	return by.Actor()
}

// nameOf returns the display name of by.
func nameOf(by *municat.Principal) string {
	if by == nil {
		return "Kommandozeile"
	}
	return by.Name
}
