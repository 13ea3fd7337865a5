package server

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
)

// TokenInfo is an API token as the API shows it: never its secret or hash.
type TokenInfo struct {
	// ID names the token (the first 16 hex digits of its hash).
	ID string `json:"id"`
	// Name says what the token is for.
	Name string `json:"name,omitempty"`
	// Organization is the organisation the token acts for.
	Organization string `json:"organization"`
	// Role is the token's role there.
	Role municat.Role `json:"role"`
	// CreatedBy is who made the token ("token:…", "account:…", "cli").
	CreatedBy string `json:"created_by,omitempty"`
	// Created is when the token was made.
	Created time.Time `json:"created"`
	// Expires is when the token stops working; absent if never.
	Expires *time.Time `json:"expires,omitempty"`
	// LastUsed is when the token was last used (to the minute).
	LastUsed *time.Time `json:"last_used,omitempty"`
	// Revoked is when the token was revoked.
	Revoked *time.Time `json:"revoked,omitempty"`
	// Active reports whether the token works now.
	Active bool `json:"active"`
}

// TokenCreated is the answer of POST /api/v1/tokens: the token and its
// secret, which is shown this once and never again.
type TokenCreated struct {
	TokenInfo
	// Secret is the token to send as "Authorization: Bearer <secret>".
	Secret string `json:"secret"`
}

// TokenRequest is the body of POST /api/v1/tokens.
type TokenRequest struct {
	// Organization is the organisation the token acts for; the requesting
	// token must be an admin there.
	Organization string `json:"organization"`
	// Role is "editor" or "admin".
	Role municat.Role `json:"role"`
	// Name says what the token is for, e.g. "Fachverfahren Baumkataster".
	Name string `json:"name,omitempty"`
	// ExpiresIn is how long the token works, as a Go duration ("720h") or
	// in days ("30d"); empty = never expires.
	ExpiresIn string `json:"expires_in,omitempty"`
}

// tokenInfo returns the API view of t at now.
func tokenInfo(t *municat.Token, now time.Time) TokenInfo {
	return TokenInfo{
		ID: t.ID, Name: t.Name, Organization: t.Organization, Role: t.Role, CreatedBy: t.CreatedBy,
		Created: t.Created, Expires: t.Expires, LastUsed: t.LastUsed, Revoked: t.Revoked, Active: t.Active(now),
	}
}

// tokenURL returns the API URL of the token with id.
func (h *handlers) tokenURL(id string) string {
	return h.baseURL + "/api/v1/tokens/" + url.PathEscape(id)
}

// listTokens answers GET /api/v1/tokens with the tokens of every
// organisation the requesting token is an admin of, newest first.
func (h *handlers) listTokens(c *fiber.Ctx) error {
	p, now := auth.PrincipalOf(c), time.Now()
	out := []TokenInfo{}
	for _, org := range p.Organizations() {
		if !p.Can(org, municat.RoleAdmin) {
			continue
		}
		tokens, err := h.cfg.Auth.Tokens(c.UserContext(), org)
		if err != nil {
			return err
		}
		for _, t := range tokens {
			out = append(out, tokenInfo(t, now))
		}
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(newList(out))
}

// getToken answers GET /api/v1/tokens/{id}.
func (h *handlers) getToken(c *fiber.Ctx) error {
	t, err := h.pathToken(c)
	if err != nil {
		return err
	}
	return sendChange(c, tokenInfo(t, time.Now()))
}

// createToken answers POST /api/v1/tokens with 201, the token and its
// secret (shown once); 403 unless the requesting token is an admin of the
// organisation, 422 listing every invalid field.
func (h *handlers) createToken(c *fiber.Ctx) error {
	var in TokenRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	expires, err := parseExpiry(in.ExpiresIn)
	if err != nil {
		return err
	}
	if in.Organization != "" {
		if err := auth.Require(c, in.Organization, municat.RoleAdmin); err != nil {
			return err
		}
	}
	secret, t, err := h.cfg.Auth.CreateToken(c.UserContext(), auth.TokenSpec{
		Organization: in.Organization, Role: in.Role, Name: in.Name, Expires: expires, CreatedBy: auth.PrincipalOf(c),
	})
	var ve *municat.ValidationError
	if errors.As(err, &ve) {
		for i := range ve.Fields {
			if ve.Fields[i].Field == "expires" {
				ve.Fields[i].Field = "expires_in"
			}
		}
	}
	if err != nil {
		return err
	}
	return created(c, h.tokenURL(t.ID), TokenCreated{TokenInfo: tokenInfo(t, time.Now()), Secret: secret})
}

// revokeToken answers DELETE /api/v1/tokens/{id}: the token stops working
// at once; 200 with the revoked token. Revoking it again changes nothing.
func (h *handlers) revokeToken(c *fiber.Ctx) error {
	t, err := h.cfg.Auth.RevokeToken(c.UserContext(), auth.PrincipalOf(c), param(c, "id"))
	if err != nil {
		return err
	}
	return sendChange(c, tokenInfo(t, time.Now()))
}

// parseExpiry reads the expires_in of a token request: a Go duration
// ("720h") or a number of days ("30d"); "" is 0, never.
func parseExpiry(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	var d time.Duration
	var err error
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		n, err = strconv.Atoi(days)
		d = time.Duration(n) * 24 * time.Hour
		if err == nil && (n < 0 || n > 3650) {
			err = errors.New("out of range")
		}
	} else {
		d, err = time.ParseDuration(s)
	}
	if err != nil || d < 0 {
		return 0, &municat.ValidationError{Subject: "Token", Fields: []municat.FieldError{{Field: "expires_in",
			Message: fmt.Sprintf("%q ist keine gültige Dauer. Bitte z. B. \"720h\" (30 Tage) oder \"30d\" angeben; leer lassen für unbegrenzt.", s)}}}
	}
	return d, nil
}
