package auth

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/gofiber/fiber/v2"
	"github.com/municat/municat"
	"golang.org/x/oauth2"
)

// OIDCCookie is the name of the short-lived cookie that carries the state,
// nonce and PKCE verifier of an OpenID Connect login from OIDCStart to
// OIDCCallback.
const OIDCCookie = "municat_oidc"

// oidcFlowTTL is how long a started OpenID Connect login may take.
const oidcFlowTTL = 10 * time.Minute

// oidcTimeout bounds each request to the identity provider.
const oidcTimeout = 15 * time.Second

// oidcClient talks to one OpenID Connect provider.
type oidcClient struct {
	name     string
	issuer   string
	provider *oidc.Provider
	oauth    oauth2.Config
	http     *http.Client
	// cookieKey signs the flow cookie. It is made at start-up, so a login
	// begun before a restart (or on another server process) is refused
	// and must be started again.
	cookieKey []byte
}

// newOIDCClient discovers the provider of cfg.
func newOIDCClient(ctx context.Context, cfg *OIDCConfig) (*oidcClient, error) {
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "" {
		return nil, errors.New("auth: OIDC needs issuer, client id and redirect URL")
	}
	hc := &http.Client{Timeout: oidcTimeout}
	ctx, cancel := context.WithTimeout(oidc.ClientContext(ctx, hc), oidcTimeout)
	defer cancel()
	provider, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("auth: OIDC discovery at %s: %w", cfg.Issuer, err)
	}
	name := cfg.Name
	if name == "" {
		name = "Anmelden mit dem Identitätsanbieter"
	}
	key := randomBytes(32)
	return &oidcClient{
		name: name, issuer: cfg.Issuer, provider: provider, http: hc, cookieKey: key,
		oauth: oauth2.Config{
			ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
			Endpoint: provider.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "email", "profile"},
		},
	}, nil
}

// OIDCEnabled reports whether OpenID Connect login is configured.
func (s *Service) OIDCEnabled() bool { return s.oidc != nil }

// OIDCName returns the label of the OpenID Connect login button, "" if
// OpenID Connect is not configured.
func (s *Service) OIDCName() string {
	if s.oidc == nil {
		return ""
	}
	return s.oidc.name
}

// errOIDCOff is the answer to OIDC routes when OIDC is not configured.
func errOIDCOff() error {
	return municat.NotFound("Die Anmeldung über einen Identitätsanbieter ist nicht eingerichtet.")
}

// OIDCStart redirects to the identity provider's login (authorization code
// flow with state, nonce and PKCE S256). State, nonce and PKCE verifier go
// into a signed, HttpOnly cookie valid for ten minutes. next is where to go
// after the login; only a local path ("/admin/…") is kept.
func (s *Service) OIDCStart(c *fiber.Ctx, next string) error {
	if s.oidc == nil {
		return errOIDCOff()
	}
	f := flowState{
		State: randomString(32), Nonce: randomString(32), Verifier: oauth2.GenerateVerifier(),
		Next: safeNext(next), Expires: s.now().Add(oidcFlowTTL).Unix(),
	}
	c.Cookie(&fiber.Cookie{
		Name: OIDCCookie, Value: s.oidc.sign(&f), Path: s.cfg.CookiePath, MaxAge: int(oidcFlowTTL / time.Second),
		Secure: s.cfg.SecureCookies, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
	})
	url := s.oidc.oauth.AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Redirect(url, fiber.StatusSeeOther)
}

// idClaims are the claims of the ID token municat uses beyond the standard
// ones. email_verified is a boolean, but some providers send "true".
type idClaims struct {
	Email         string          `json:"email"`
	EmailVerified json.RawMessage `json:"email_verified"`
	Name          string          `json:"name"`
}

// verified reports whether the provider vouches for the e-mail address.
func (c *idClaims) verified() bool {
	v := strings.TrimSpace(string(c.EmailVerified))
	return v == "true" || v == `"true"`
}

// OIDCCallback completes an OpenID Connect login: it checks the state
// against the flow cookie, redeems the code with the PKCE verifier,
// verifies the ID token (signature, issuer, audience, expiry, nonce) and
// signs in the account whose OIDCSubject is "issuer|sub" or, failing that,
// the one account whose e-mail equals the token's verified e-mail (and
// links the subject to it). It returns the local path given to OIDCStart
// ("" if none). No account → EFORBIDDEN.
func (s *Service) OIDCCallback(c *fiber.Ctx) (next string, err error) {
	if s.oidc == nil {
		return "", errOIDCOff()
	}
	raw := c.Cookies(OIDCCookie)
	s.clearCookie(c, OIDCCookie)
	f, ok := s.oidc.open(raw, s.now())
	if !ok {
		return "", municat.Errorf(municat.EUNAUTHORIZED, "Die Anmeldung hat zu lange gedauert oder wurde in einem anderen Browser begonnen. Bitte melden Sie sich noch einmal an.")
	}
	if code := c.Query("error"); code != "" {
		return "", municat.Errorf(municat.EUNAUTHORIZED, "Der Identitätsanbieter hat die Anmeldung abgelehnt (%s). Bitte versuchen Sie es noch einmal oder wenden Sie sich an die Administration.", sanitizeCode(code))
	}
	if subtle.ConstantTimeCompare([]byte(c.Query("state")), []byte(f.State)) != 1 {
		return "", municat.Errorf(municat.EUNAUTHORIZED, "Die Antwort des Identitätsanbieters gehört nicht zu dieser Anmeldung. Bitte melden Sie sich noch einmal an.")
	}
	code := c.Query("code")
	if code == "" {
		return "", municat.Errorf(municat.EUNAUTHORIZED, "Der Identitätsanbieter hat keinen Anmeldecode geschickt. Bitte melden Sie sich noch einmal an.")
	}
	claims, subject, err := s.oidc.redeem(c.UserContext(), code, f, s.now, s.log)
	if err != nil {
		return "", err
	}
	a, err := s.oidcAccount(c.UserContext(), subject, claims)
	if err != nil {
		s.audit(c.UserContext(), &municat.AuditEntry{
			Actor: subject, ActorName: claims.Email, Action: "login.failed",
			Summary: "Anmeldung über OpenID Connect abgewiesen (von " + c.IP() + ")",
		})
		return "", err
	}
	if err := s.startSession(c, a); err != nil {
		return "", err
	}
	s.audit(c.UserContext(), &municat.AuditEntry{
		Actor: "account:" + a.ID, ActorName: a.Principal().Name, Action: "login", Object: "account/" + a.ID,
		Summary: "Angemeldet über OpenID Connect (von " + c.IP() + ")",
	})
	return f.Next, nil
}

// redeem exchanges code for tokens and verifies the ID token. It returns
// its claims and the subject key "issuer|sub".
func (o *oidcClient) redeem(ctx context.Context, code string, f *flowState, now func() time.Time, log *slog.Logger) (*idClaims, string, error) {
	ctx, cancel := context.WithTimeout(ctx, oidcTimeout)
	defer cancel()
	ctx = context.WithValue(oidc.ClientContext(ctx, o.http), oauth2.HTTPClient, o.http)
	tok, err := o.oauth.Exchange(ctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		log.Warn("OIDC code exchange failed", "err", err)
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return nil, "", municat.Errorf(municat.EUNAUTHORIZED, "Der Identitätsanbieter hat den Anmeldecode nicht angenommen. Bitte melden Sie sich noch einmal an.")
		}
		return nil, "", &municat.Error{Code: municat.EUNAVAILABLE, Message: "Der Identitätsanbieter ist gerade nicht erreichbar. Bitte versuchen Sie es später noch einmal.", Err: err}
	}
	rawID, _ := tok.Extra("id_token").(string)
	if rawID == "" {
		return nil, "", municat.Errorf(municat.EUNAUTHORIZED, "Der Identitätsanbieter hat keine Anmeldebestätigung (ID-Token) geschickt.")
	}
	verifier := o.provider.Verifier(&oidc.Config{ClientID: o.oauth.ClientID, Now: now})
	id, err := verifier.Verify(ctx, rawID)
	if err == nil && subtle.ConstantTimeCompare([]byte(id.Nonce), []byte(f.Nonce)) != 1 {
		err = errors.New("nonce mismatch")
	}
	var claims idClaims
	if err == nil {
		err = id.Claims(&claims)
	}
	if err != nil {
		log.Warn("OIDC ID token refused", "err", err)
		return nil, "", municat.Errorf(municat.EUNAUTHORIZED, "Die Anmeldebestätigung des Identitätsanbieters ist ungültig. Bitte melden Sie sich noch einmal an.")
	}
	return &claims, id.Issuer + "|" + id.Subject, nil
}

// errNoAccess answers an identity that belongs to no account.
func errNoAccess() error {
	return municat.Errorf(municat.EFORBIDDEN, "Für dieses Konto gibt es keinen Zugang zur Verwaltung. Bitte bitten Sie die Administration Ihrer Organisation, ein Konto mit Ihrer E-Mail-Adresse anzulegen.")
}

// oidcAccount finds the account of the identity subject ("issuer|sub"): the
// one linked to it, or else the one account with the verified e-mail
// address, which it links.
func (s *Service) oidcAccount(ctx context.Context, subject string, claims *idClaims) (*municat.Account, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	accounts, err := s.cat.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	var byEmail []*municat.Account
	email := strings.TrimSpace(claims.Email)
	for _, a := range accounts {
		if a.OIDCSubject != "" && subtle.ConstantTimeCompare([]byte(a.OIDCSubject), []byte(subject)) == 1 {
			return usable(a)
		}
		if email != "" && strings.EqualFold(strings.TrimSpace(a.Email), email) {
			byEmail = append(byEmail, a)
		}
	}
	if !claims.verified() || len(byEmail) != 1 || byEmail[0].OIDCSubject != "" {
		return nil, errNoAccess()
	}
	a := byEmail[0]
	if a.Disabled {
		return usable(a)
	}
	a.OIDCSubject = subject
	if err := s.cat.PutAccount(ctx, a); err != nil {
		return nil, err
	}
	s.sessions.dropAccount(a.ID)
	s.audit(ctx, &municat.AuditEntry{
		Actor: "account:" + a.ID, ActorName: a.Principal().Name, Action: "account.update", Object: "account/" + a.ID,
		Summary: "Konto über die bestätigte E-Mail-Adresse mit dem Identitätsanbieter verknüpft", Fields: []string{"oidc_subject"},
	})
	return a, nil
}

// usable returns a, or EFORBIDDEN if it is disabled.
func usable(a *municat.Account) (*municat.Account, error) {
	if a.Disabled {
		return nil, municat.Errorf(municat.EFORBIDDEN, "Dieses Konto ist gesperrt. Bitte wenden Sie sich an die Administration Ihrer Organisation.")
	}
	return a, nil
}
