package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/mail"
	"net/smtp"
	"strconv"
	"strings"
	"time"

	"github.com/municat/municat"
)

// The TLS modes of an SMTP server.
const (
	// TLSStartTLS connects in clear and upgrades with STARTTLS; a server
	// that does not offer it is refused. The default.
	TLSStartTLS = "starttls"
	// TLSImplicit speaks TLS from the start (usually port 465).
	TLSImplicit = "tls"
	// TLSNone sends in clear; allowed only for a server on the loopback
	// interface, such as a local relay.
	TLSNone = "none"
)

// DefaultSMTPTimeout bounds the sending of one e-mail, from dialling to
// QUIT, unless SMTP.Timeout says otherwise.
const DefaultSMTPTimeout = 30 * time.Second

// SMTP is the instance's mail server, the `smtp:` block of the
// configuration.
type SMTP struct {
	// Host is the server's host name, e.g. "smtp.stadt.example".
	Host string `json:"host" yaml:"host"`
	// Port is the server's port; 465 for TLS "tls", else 587 if 0.
	Port int `json:"port,omitempty" yaml:"port,omitempty"`
	// Username and Password log in with AUTH PLAIN, only ever over TLS;
	// no login if Username is empty.
	Username string `json:"username,omitempty" yaml:"username,omitempty"`
	Password string `json:"-" yaml:"password,omitempty"`
	// From is the sender, e.g. "municat <opendata@stadt.example>".
	From string `json:"from" yaml:"from"`
	// TLS is TLSStartTLS (if empty), TLSImplicit or TLSNone.
	TLS string `json:"tls,omitempty" yaml:"tls,omitempty"`
	// Timeout bounds the sending of one e-mail; DefaultSMTPTimeout if 0.
	Timeout time.Duration `json:"timeout,omitempty" yaml:"timeout,omitempty"`

	tlsConfig *tls.Config // for tests: trusted roots; ServerName is set from Host
}

func (c *SMTP) mode() string {
	if c.TLS == "" {
		return TLSStartTLS
	}
	return c.TLS
}

func (c *SMTP) port() int {
	switch {
	case c.Port != 0:
		return c.Port
	case c.mode() == TLSImplicit:
		return 465
	}
	return 587
}

func (c *SMTP) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultSMTPTimeout
}

func (c *SMTP) addr() string { return net.JoinHostPort(c.Host, strconv.Itoa(c.port())) }

func (c *SMTP) tlsCfg() *tls.Config {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if c.tlsConfig != nil {
		cfg = c.tlsConfig.Clone()
	}
	cfg.ServerName = c.Host
	return cfg
}

// Validate returns an error matching municat.ErrInvalid, with every problem
// of the settings in plain German, or nil if they are usable.
func (c SMTP) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, municat.Errorf(municat.EINVALID, "SMTP: "+format, args...))
	}
	if strings.TrimSpace(c.Host) == "" || (strings.ContainsAny(c.Host, " /:\r\n") && net.ParseIP(c.Host) == nil) {
		bad("Der Mailserver (host) fehlt oder ist kein Rechnername, z. B. smtp.stadt.example.")
	}
	if c.Port < 0 || c.Port > 65535 {
		bad("Der Port %d ist ungültig; üblich sind 587 (starttls) und 465 (tls).", c.Port)
	}
	if a, err := mail.ParseAddress(c.From); err != nil || strings.ContainsAny(a.Address, "\r\n") {
		bad("Der Absender (from) %q ist keine gültige E-Mail-Adresse, z. B. municat <opendata@stadt.example>.", c.From)
	}
	switch c.mode() {
	case TLSStartTLS, TLSImplicit:
	case TLSNone:
		if !isLoopback(c.Host) {
			bad("tls: none (unverschlüsselt) ist nur für einen Mailserver auf diesem Rechner erlaubt (localhost); für %q nehmen Sie starttls oder tls.", c.Host)
		}
		if c.Username != "" {
			bad("Zugangsdaten werden nie unverschlüsselt gesendet; mit Benutzername nehmen Sie tls: starttls oder tls.")
		}
	default:
		bad("Der TLS-Modus %q ist unbekannt; erlaubt sind starttls, tls und none.", c.TLS)
	}
	if c.Password != "" && c.Username == "" {
		bad("Ein Passwort ist angegeben, aber kein Benutzername (username).")
	}
	if c.Timeout < 0 {
		bad("Die Zeitgrenze (timeout) darf nicht negativ sein.")
	}
	return errors.Join(errs...)
}

// isLoopback reports whether host names this machine's loopback interface.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sendMail mails a notice of kind about e to the recipients in s.
func (n *Notifier) sendMail(ctx context.Context, s Settings, kind string, e Event, now time.Time) error {
	if n.SMTP == nil {
		return municat.Errorf(municat.EINVALID, "Benachrichtigung: Für E-Mails ist kein Mailserver eingerichtet (smtp: in der Konfiguration).")
	}
	if err := n.SMTP.Validate(); err != nil {
		return err
	}
	from, _ := mail.ParseAddress(n.SMTP.From) // checked by Validate
	var errs []error
	var to []*mail.Address
	for _, r := range s.Email {
		a, err := parseRecipient(r)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		to = append(to, a)
	}
	if len(to) == 0 {
		return errors.Join(errs...)
	}
	m := &message{From: from, To: to, Subject: subject(kind, e), Date: now, Event: kind, Body: mailBody(kind, e, n.runLink(e))}
	raw, err := m.bytes()
	if err != nil {
		return errors.Join(append(errs, &municat.Error{Code: municat.EINVALID,
			Message: "Benachrichtigung: Die E-Mail wurde nicht gesendet, weil ein Kopfeintrag (z. B. der Name der Quelle) einen Zeilenumbruch enthält", Err: err})...)
	}
	rcpts := make([]string, len(to))
	for i, a := range to {
		rcpts[i] = a.Address
	}
	return errors.Join(append(errs, n.SMTP.send(ctx, from.Address, rcpts, raw))...)
}

// send delivers msg from from to the recipients. A recipient the server
// refuses is named in the error; the others still get the message.
func (c *SMTP) send(ctx context.Context, from string, to []string, msg []byte) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()
	addr := c.addr()
	d := &net.Dialer{Timeout: c.timeout()}
	var conn net.Conn
	var err error
	if c.mode() == TLSImplicit {
		conn, err = (&tls.Dialer{NetDialer: d, Config: c.tlsCfg()}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = d.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return c.fail("ist nicht erreichbar", err)
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() }) // ends a stalled read or write
	defer stop()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	cl, err := smtp.NewClient(conn, c.Host)
	if err != nil {
		_ = conn.Close()
		return c.fail("antwortet nicht wie ein Mailserver", err)
	}
	defer cl.Close()
	if c.mode() == TLSStartTLS {
		if ok, _ := cl.Extension("STARTTLS"); !ok {
			return c.fail("bietet kein STARTTLS an; unverschlüsselt sendet municat nicht (tls: tls für Port 465, tls: none nur für localhost)", nil)
		}
		if err := cl.StartTLS(c.tlsCfg()); err != nil {
			return c.fail("konnte keine verschlüsselte Verbindung (STARTTLS) aufbauen; prüfen Sie das Zertifikat des Servers", err)
		}
	}
	if c.Username != "" {
		if _, ok := cl.TLSConnectionState(); !ok {
			return c.fail("ist nicht verschlüsselt verbunden; Zugangsdaten werden nicht gesendet", nil)
		}
		if ok, _ := cl.Extension("AUTH"); !ok {
			return c.fail("bietet keine Anmeldung (AUTH) an; lassen Sie username leer oder prüfen Sie den Port", nil)
		}
		if err := cl.Auth(smtp.PlainAuth("", c.Username, c.Password, c.Host)); err != nil {
			return c.fail("lehnte die Anmeldung ab; prüfen Sie Benutzername und Passwort", err)
		}
	}
	if err := cl.Mail(from); err != nil {
		return c.fail("lehnte den Absender "+from+" ab", err)
	}
	var errs []error
	accepted := 0
	for _, r := range to {
		if err := cl.Rcpt(r); err != nil {
			errs = append(errs, c.fail("lehnte den Empfänger "+r+" ab", err))
			continue
		}
		accepted++
	}
	if accepted == 0 {
		return errors.Join(errs...)
	}
	w, err := cl.Data()
	if err != nil {
		return errors.Join(append(errs, c.fail("nahm die Nachricht nicht an", err))...)
	}
	if _, err := w.Write(msg); err != nil {
		_ = w.Close()
		return errors.Join(append(errs, c.fail("brach die Übertragung ab", err))...)
	}
	if err := w.Close(); err != nil {
		return errors.Join(append(errs, c.fail("nahm die Nachricht nicht an", err))...)
	}
	_ = cl.Quit() // the message is accepted; a failed QUIT changes nothing
	return errors.Join(errs...)
}

// fail returns an error matching municat.ErrUnavailable about the server.
func (c *SMTP) fail(what string, cause error) error {
	return &municat.Error{Code: municat.EUNAVAILABLE, Message: "Benachrichtigung: Der Mailserver " + c.addr() + " " + what, Err: cause}
}
