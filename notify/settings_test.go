package notify

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/municat/municat"
)

func TestSettingsValidate(t *testing.T) {
	cases := []struct {
		name string
		s    Settings
		want []string // substrings of the error, in order; none: valid
	}{
		{"empty", Settings{}, nil},
		{"webhook and mail", Settings{Webhook: "https://hooks.stadt.example/municat", Secret: "x",
			Email: []string{"opendata@stadt.example", "Daten-Team <daten@stadt.example>"}}, nil},
		{"plain http webhook", Settings{Webhook: "http://intern.stadt.example:8080/hook"}, nil},
		{"ftp webhook", Settings{Webhook: "ftp://hooks.stadt.example/x"}, []string{`Der Webhook "ftp://hooks.stadt.example/…" ist keine gültige http- oder https-Adresse`}},
		{"webhook without scheme", Settings{Webhook: "hooks.stadt.example/municat"}, []string{"ist keine gültige http- oder https-Adresse"}},
		{"webhook without host", Settings{Webhook: "https:///municat"}, []string{"ist keine gültige http- oder https-Adresse"}},
		{"secret without webhook", Settings{Secret: "x", Email: []string{"opendata@stadt.example"}}, []string{"Geheimnis (secret) ist angegeben, aber kein Webhook"}},
		{"obfuscated address", Settings{Email: []string{"opendata(at)stadt.example"}}, []string{`"opendata(at)stadt.example" ist keine gültige E-Mail-Adresse`}},
		{"two problems", Settings{Webhook: "mailto:x@y.example", Email: []string{"ok@stadt.example", "kein-at"}},
			[]string{"Der Webhook", `"kein-at" ist keine gültige E-Mail-Adresse`}},
	}
	for _, c := range cases {
		err := c.s.Validate()
		if c.want == nil {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if err == nil || !errors.Is(err, municat.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", c.name, err)
			continue
		}
		msg, at := err.Error(), 0
		for _, w := range c.want {
			i := strings.Index(msg[at:], w)
			if i < 0 {
				t.Errorf("%s: %q lacks %q", c.name, msg, w)
				break
			}
			at += i + len(w)
		}
	}
}

func TestWebhookTokenNotInMessage(t *testing.T) {
	err := Settings{Webhook: "gopher://hooks.stadt.example/T0KEN/abc"}.Validate()
	if err == nil || strings.Contains(err.Error(), "T0KEN") {
		t.Errorf("err = %v; want an error without the path", err)
	}
}

func TestSMTPValidate(t *testing.T) {
	ok := SMTP{Host: "smtp.stadt.example", From: "municat <noreply@stadt.example>", Username: "municat", Password: "pw"}
	cases := []struct {
		name string
		edit func(*SMTP)
		want string // "" valid
	}{
		{"ok", func(*SMTP) {}, ""},
		{"implicit tls", func(c *SMTP) { c.TLS, c.Port = TLSImplicit, 465 }, ""},
		{"loopback in clear", func(c *SMTP) { c.Host, c.TLS, c.Username, c.Password = "127.0.0.1", TLSNone, "", "" }, ""},
		{"localhost in clear", func(c *SMTP) { c.Host, c.TLS, c.Username, c.Password = "localhost", TLSNone, "", "" }, ""},
		{"ipv6 loopback", func(c *SMTP) { c.Host, c.TLS, c.Username, c.Password = "::1", TLSNone, "", "" }, ""},
		{"no host", func(c *SMTP) { c.Host = "" }, "Der Mailserver (host) fehlt"},
		{"host with port", func(c *SMTP) { c.Host = "smtp.stadt.example:587" }, "Der Mailserver (host) fehlt oder ist kein Rechnername"},
		{"bad port", func(c *SMTP) { c.Port = 70000 }, "Der Port 70000 ist ungültig"},
		{"bad from", func(c *SMTP) { c.From = "noreply" }, `Der Absender (from) "noreply" ist keine gültige E-Mail-Adresse`},
		{"clear over the network", func(c *SMTP) { c.TLS, c.Username, c.Password = TLSNone, "", "" }, "tls: none (unverschlüsselt) ist nur für einen Mailserver auf diesem Rechner erlaubt"},
		{"credentials in clear", func(c *SMTP) { c.Host, c.TLS = "127.0.0.1", TLSNone }, "Zugangsdaten werden nie unverschlüsselt gesendet"},
		{"unknown mode", func(c *SMTP) { c.TLS = "ssl" }, `Der TLS-Modus "ssl" ist unbekannt`},
		{"password without user", func(c *SMTP) { c.Username = "" }, "Ein Passwort ist angegeben, aber kein Benutzername"},
		{"negative timeout", func(c *SMTP) { c.Timeout = -time.Second }, "Die Zeitgrenze (timeout) darf nicht negativ sein"},
	}
	for _, c := range cases {
		cfg := ok
		c.edit(&cfg)
		err := cfg.Validate()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, municat.ErrInvalid)):
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
}

func TestSMTPDefaults(t *testing.T) {
	cases := []struct {
		c    SMTP
		port int
	}{
		{SMTP{Host: "h"}, 587},
		{SMTP{Host: "h", TLS: TLSImplicit}, 465},
		{SMTP{Host: "h", TLS: TLSNone}, 587},
		{SMTP{Host: "h", Port: 2525}, 2525},
	}
	for _, c := range cases {
		if p := c.c.port(); p != c.port {
			t.Errorf("%+v: port %d, want %d", c.c, p, c.port)
		}
	}
	if d := (&SMTP{}).timeout(); d != DefaultSMTPTimeout || DefaultSMTPTimeout != 30*time.Second {
		t.Errorf("timeout %v", d)
	}
}

// TestSettingsDecode reads the blocks as the configuration file spells
// them, and checks that no secret is written out as JSON.
func TestSettingsDecode(t *testing.T) {
	var cfg struct {
		Notify Settings `yaml:"notify"`
		SMTP   SMTP     `yaml:"smtp"`
	}
	src := `
notify:
  webhook: https://hooks.stadt.example/municat
  secret: geheim
  email: [opendata@stadt.example]
  on_recovery: false
smtp:
  host: smtp.stadt.example
  port: 465
  username: municat
  password: pw
  from: municat <noreply@stadt.example>
  tls: tls
  timeout: 45s
`
	if err := yaml.Unmarshal([]byte(src), &cfg); err != nil {
		t.Fatal(err)
	}
	n, c := cfg.Notify, cfg.SMTP
	if n.Webhook != "https://hooks.stadt.example/municat" || n.Secret != "geheim" || len(n.Email) != 1 || n.OnRecovery == nil || *n.OnRecovery {
		t.Errorf("notify %+v", n)
	}
	if c.Host != "smtp.stadt.example" || c.Port != 465 || c.Username != "municat" || c.Password != "pw" || c.TLS != TLSImplicit || c.Timeout != 45*time.Second {
		t.Errorf("smtp %+v", c)
	}
	if err := errors.Join(n.Validate(), c.Validate()); err != nil {
		t.Error(err)
	}
	out, _ := json.Marshal(cfg)
	if strings.Contains(string(out), "geheim") || strings.Contains(string(out), `"pw"`) {
		t.Errorf("secret in JSON: %s", out)
	}
}
