package notify

import (
	"errors"
	"net/mail"
	"net/url"
	"strings"

	"github.com/municat/municat"
)

// Settings are a source's notification settings, decoded from the source's
// `notify:` block in the configuration. The zero value sends nothing.
type Settings struct {
	// Webhook is an http(s) URL that receives a JSON POST (see the package
	// doc for the payload).
	Webhook string `json:"webhook,omitempty" yaml:"webhook,omitempty"`
	// Secret, if set, signs each webhook request: the header
	// X-Municat-Signature carries "sha256=" and the hex HMAC-SHA256 of the
	// body keyed with Secret. It is never written out as JSON.
	Secret string `json:"-" yaml:"secret,omitempty"`
	// Email are the recipients of the e-mail notice, e.g.
	// "Daten-Team <opendata@stadt.example>".
	Email []string `json:"email,omitempty" yaml:"email,omitempty"`
	// OnRecovery also notifies when a run succeeds after a failed or
	// interrupted one; true when nil.
	OnRecovery *bool `json:"on_recovery,omitempty" yaml:"on_recovery,omitempty"`
}

// Enabled reports whether the settings name any channel.
func (s Settings) Enabled() bool { return s.Webhook != "" || len(s.Email) > 0 }

// onRecovery reports whether a recovery notice is wanted.
func (s Settings) onRecovery() bool { return s.OnRecovery == nil || *s.OnRecovery }

// Validate returns an error matching municat.ErrInvalid, with every problem
// of the settings in plain German, or nil if they are usable.
func (s Settings) Validate() error {
	var errs []error
	if s.Webhook != "" {
		if err := validateWebhook(s.Webhook); err != nil {
			errs = append(errs, err)
		}
	} else if s.Secret != "" {
		errs = append(errs, municat.Errorf(municat.EINVALID, "Benachrichtigung: Ein Geheimnis (secret) ist angegeben, aber kein Webhook, den es signieren könnte."))
	}
	for _, a := range s.Email {
		if _, err := parseRecipient(a); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// validateWebhook checks that u is an absolute http(s) URL with a host.
func validateWebhook(u string) error {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" || p.Hostname() == "" {
		return municat.Errorf(municat.EINVALID, "Benachrichtigung: Der Webhook %q ist keine gültige http- oder https-Adresse (z. B. https://hooks.example.de/municat).", redactURL(u))
	}
	return nil
}

// parseRecipient returns the address in s, which may carry a display name,
// or an error matching municat.ErrInvalid.
func parseRecipient(s string) (*mail.Address, error) {
	a, err := mail.ParseAddress(s)
	if err != nil || strings.ContainsAny(a.Address, "\r\n") {
		return nil, municat.Errorf(municat.EINVALID, "Benachrichtigung: %q ist keine gültige E-Mail-Adresse (z. B. opendata@stadt.example).", s)
	}
	return a, nil
}

// redactURL returns u with only scheme and host, because webhook URLs often
// carry an access token in their path or query that must not reach logs.
func redactURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		if len(u) > 12 {
			return u[:12] + "…"
		}
		return u
	}
	return p.Scheme + "://" + p.Host + "/…"
}
