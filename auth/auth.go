// Package auth decides who makes a request and what they may do: argon2id
// passwords, API tokens, browser sessions with CSRF protection, a login rate
// limit, optional OpenID Connect login, and the route policies every write
// and admin route is registered with (see Router).
package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"log/slog"
	"sync"
	"time"

	_ "time/tzdata" // messages show dates in Europe/Berlin on any host

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// Config configures a Service.
type Config struct {
	// Catalog holds accounts, tokens, sessions and the audit log.
	Catalog *catalog.Catalog
	// Now returns the current time; time.Now if nil.
	Now func() time.Time
	// Logger receives errors that are not shown to users; slog.Default if nil.
	Logger *slog.Logger
	// SecureCookies sets the Secure flag on cookies (the base URL is https).
	SecureCookies bool
	// CookiePath is the Path of the cookies; "/" if empty.
	CookiePath string
	// SessionTTL is the absolute lifetime of a session; 8h if 0.
	SessionTTL time.Duration
	// LoginLimit is the number of failed logins allowed per client IP and
	// per login name within LoginWindow; 5 if 0.
	LoginLimit int
	// LoginWindow is the window of the login limit; 15m if 0.
	LoginWindow time.Duration
	// OIDC configures login through OpenID Connect; nil = no OIDC login.
	OIDC *OIDCConfig
}

// OIDCConfig configures login through an OpenID Connect provider.
type OIDCConfig struct {
	// Issuer is the provider's issuer URL (discovery document at
	// Issuer + "/.well-known/openid-configuration").
	Issuer string
	// ClientID and ClientSecret identify municat at the provider.
	ClientID     string
	ClientSecret string
	// RedirectURL is municat's callback URL registered at the provider.
	RedirectURL string
	// Name is the label of the login button, e.g. "Anmelden mit dem
	// Landesportal".
	Name string
}

// Defaults of Config.
const (
	// DefaultSessionTTL is the session lifetime if Config.SessionTTL is 0.
	DefaultSessionTTL = 8 * time.Hour
	// DefaultLoginLimit is the failed-login limit if Config.LoginLimit is 0.
	DefaultLoginLimit = 5
	// DefaultLoginWindow is the window of the limit if Config.LoginWindow is 0.
	DefaultLoginWindow = 15 * time.Minute
)

// Service authenticates requests and manages accounts, tokens and
// sessions. It is safe for concurrent use.
type Service struct {
	cfg    Config
	cat    *catalog.Catalog
	log    *slog.Logger
	berlin *time.Location

	limiter  *limiter
	tokens   *limiter // failed bearer tokens per client IP (tokenlimit.go)
	sessions sessionCache
	oidc     *oidcClient

	// writeMu serialises read-modify-write cycles of accounts and tokens
	// within this process (creating an account, revoking a token against
	// recording its last use).
	writeMu sync.Mutex

	useMu   sync.Mutex
	lastUse map[string]time.Time // token id → last write of LastUsed

	purgeMu   sync.Mutex
	lastPurge time.Time
}

// New returns a Service. When OIDC is configured, it fetches the provider's
// discovery document, so ctx bounds that request.
func New(ctx context.Context, cfg Config) (*Service, error) {
	if cfg.Catalog == nil {
		return nil, errors.New("auth: no catalog")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.CookiePath == "" {
		cfg.CookiePath = "/"
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = DefaultSessionTTL
	}
	if cfg.LoginLimit <= 0 {
		cfg.LoginLimit = DefaultLoginLimit
	}
	if cfg.LoginWindow <= 0 {
		cfg.LoginWindow = DefaultLoginWindow
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return nil, err
	}
	s := &Service{
		cfg:     cfg,
		cat:     cfg.Catalog,
		log:     cfg.Logger,
		berlin:  berlin,
		limiter: newLimiter(cfg.LoginLimit, cfg.LoginWindow),
		tokens:  newLimiter(TokenFailureLimit, TokenFailureWindow),
		lastUse: map[string]time.Time{},
	}
	s.sessions.entries = map[string]*cachedSession{}
	if cfg.OIDC != nil {
		if s.oidc, err = newOIDCClient(ctx, cfg.OIDC); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// now returns the current time.
func (s *Service) now() time.Time { return s.cfg.Now() }

// germanDate formats t as a German date in Europe/Berlin, e.g. "02.01.2027".
func (s *Service) germanDate(t time.Time) string { return t.In(s.berlin).Format("02.01.2006") }

// audit appends an audit entry stamped with the current time. A failure is
// logged, not returned: the change it records has already happened.
func (s *Service) audit(ctx context.Context, e *municat.AuditEntry) {
	e.Time = s.now().UTC()
	if err := s.cat.AppendAudit(ctx, e); err != nil {
		s.log.Error("audit entry not written", "action", e.Action, "object", e.Object, "err", err)
	}
}

// randomString returns n random bytes in unpadded base64url.
func randomString(n int) string {
	return base64.RawURLEncoding.EncodeToString(randomBytes(n))
}

// randomBytes returns n random bytes.
func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go ≥ 1.24)
	return b
}
