package main

import (
	"fmt"
	"net/url"
	"time"
)

// AdminConfig configures publishing: the administration pages, sign-in and
// uploads.
type AdminConfig struct {
	// MaxUploadMB caps an uploaded file, in MiB (100 if 0).
	MaxUploadMB int64 `yaml:"max_upload_mb"`
	// SessionTTL is how long a sign-in lasts at most (8h if 0).
	SessionTTL time.Duration `yaml:"session_ttl"`
	// OIDC enables sign-in through the municipality's identity provider
	// (OpenID Connect); nil for password sign-in only.
	OIDC *OIDCSettings `yaml:"oidc"`
}

// OIDCSettings names an OpenID Connect provider and municat's client there.
// The redirect URL to register at the provider is
// {base_url}/admin/oidc/callback.
type OIDCSettings struct {
	// Issuer is the provider's issuer URL (its discovery document is at
	// Issuer + "/.well-known/openid-configuration").
	Issuer string `yaml:"issuer"`
	// ClientID and ClientSecret are municat's client credentials; the secret
	// belongs in MUNICAT_OIDC_CLIENT_SECRET.
	ClientID     string `yaml:"client_id"`
	ClientSecret string `yaml:"client_secret"`
	// Name labels the sign-in button, e.g. "Anmelden mit dem Dienstkonto".
	Name string `yaml:"name"`
}

// maxUpload returns the upload limit in bytes.
func (c AdminConfig) maxUpload() int64 {
	if c.MaxUploadMB <= 0 {
		return 100 << 20
	}
	return c.MaxUploadMB << 20
}

// validateAdmin checks the admin settings.
func (c *Config) validateAdmin() error {
	a := c.Admin
	if a.MaxUploadMB < 0 || a.MaxUploadMB > 10<<10 {
		return &ConfigError{Key: "admin.max_upload_mb", Message: "must be between 1 and 10240"}
	}
	if a.SessionTTL < 0 || (a.SessionTTL > 0 && a.SessionTTL < 5*time.Minute) {
		return &ConfigError{Key: "admin.session_ttl", Message: "must be at least 5m"}
	}
	if o := a.OIDC; o != nil {
		if u, err := url.Parse(o.Issuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return &ConfigError{Key: "admin.oidc.issuer", Message: fmt.Sprintf("%q is not an absolute http(s) URL", o.Issuer)}
		}
		if o.ClientID == "" || o.ClientSecret == "" {
			return &ConfigError{Key: "admin.oidc", Message: "client_id and client_secret (better: MUNICAT_OIDC_CLIENT_SECRET) are required"}
		}
	}
	return nil
}
