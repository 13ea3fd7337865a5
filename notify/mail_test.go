package notify

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// parsedMail is a received message read back as a mail client would.
type parsedMail struct {
	Header  mail.Header
	Subject string // decoded
	Body    string // decoded, LF line ends
}

// MustParseMail parses and decodes a received message, and checks the
// line-length and ASCII rules of RFC 5322 on the raw form.
func MustParseMail(tb testing.TB, raw string) parsedMail {
	tb.Helper()
	head, rawBody, ok := strings.Cut(raw, "\r\n\r\n")
	if !ok {
		tb.Fatalf("no blank line after the header:\n%s", raw)
	}
	for part, limit := range map[string]int{head: maxLine, rawBody: 76} {
		for _, line := range strings.Split(part, "\r\n") {
			if len(line) > limit {
				tb.Errorf("line of %d bytes: %q", len(line), line)
			}
			for _, c := range []byte(line) {
				if c > 126 || (c < 32 && c != '\t') {
					tb.Fatalf("raw message has byte %#x in line %q", c, line)
				}
			}
		}
	}
	m, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		tb.Fatal(err)
	}
	subj, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		tb.Fatal(err)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(m.Body))
	if err != nil {
		tb.Fatal(err)
	}
	return parsedMail{Header: m.Header, Subject: subj, Body: strings.ReplaceAll(string(body), "\r\n", "\n")}
}

func mailNotifier(now *time.Time, c *SMTP) *Notifier {
	n := newNotifier(now)
	n.SMTP = c
	return n
}

func TestMailPlainLoopback(t *testing.T) {
	srv := MustStartSMTP(t, &smtpServer{})
	now := t0.Add(3 * time.Minute)
	n := mailNotifier(&now, &SMTP{Host: "127.0.0.1", Port: srv.Port(), From: "municat <noreply@daten.stadt.example>", TLS: TLSNone})
	s := Settings{Email: []string{"Daten-Team <opendata@stadt.example>", "it@stadt.example"}}
	if err := n.Notify(context.Background(), s, sampleEvent()); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages, want 1", len(msgs))
	}
	got := msgs[0]
	if got.From != "noreply@daten.stadt.example" || !slices.Equal(got.To, []string{"opendata@stadt.example", "it@stadt.example"}) || got.TLS {
		t.Errorf("envelope from %q to %q tls %v", got.From, got.To, got.TLS)
	}
	m := MustParseMail(t, got.Data)
	if m.Subject != "municat: Ernte der Quelle „Stadtportal“ fehlgeschlagen" {
		t.Errorf("subject %q", m.Subject)
	}
	if raw := m.Header.Get("Subject"); !strings.HasPrefix(raw, "=?utf-8?q?") {
		t.Errorf("raw subject %q is not Q-encoded", raw)
	}
	for k, want := range map[string]string{
		"From":                      `"municat" <noreply@daten.stadt.example>`,
		"To":                        `"Daten-Team" <opendata@stadt.example>, <it@stadt.example>`,
		"Mime-Version":              "1.0",
		"Content-Type":              "text/plain; charset=utf-8",
		"Content-Transfer-Encoding": "quoted-printable",
		"Auto-Submitted":            "auto-generated",
		"X-Municat-Event":           EventFailed,
	} {
		if v := m.Header.Get(k); v != want {
			t.Errorf("header %s = %q, want %q", k, v, want)
		}
	}
	if d, err := m.Header.Date(); err != nil || !d.Equal(now) {
		t.Errorf("Date %v (%v), want %v", d, err, now)
	}
	if id := m.Header.Get("Message-Id"); !regexp.MustCompile(`^<[0-9a-z]+\.[0-9a-f]{24}\.municat@daten\.stadt\.example>$`).MatchString(id) {
		t.Errorf("Message-ID %q", id)
	}
	for _, want := range []string{
		"die Ernte der Quelle „Stadtportal“ (stadt-ckan) ist fehlgeschlagen.",
		"Quelle:   https://ckan.stadt.example\n",
		"Lauf:     20261125T135000Z-3f2a9c\n",
		"Begonnen: 25.11.2026, 14:50:00 Uhr (CET)\n",
		"Beendet:  25.11.2026, 14:52:09 Uhr (CET)\n",
		"Seiten:   3\n",
		"Fehlermeldung:\n  " + sampleError + "\n",
		"Datensätze bis zum Fehler:\n",
		"  neu aufgenommen:             1\n",
		"  geändert:                    2\n",
		"  unverändert:                40\n",
		"  zurückgezogen:               0\n",
		"  nicht verwendbar:            1\n",
		"  mit DCAT-AP.de-Mängeln:      5\n",
		"- Prüfen Sie, ob https://ckan.stadt.example erreichbar ist",
		"höchstens einmal pro Stunde",
		"Welche Datensätze nicht verwendbar waren oder Mängel haben, steht in den\nEinzelheiten zum Lauf.\n",
		"Einzelheiten zum Lauf: https://daten.stadt.example/api/v1/sources/stadt-ckan/runs/20261125T135000Z-3f2a9c\n",
		"-- English --\n\nThe harvest of the source \"Stadtportal\" (stadt-ckan) failed in run 20261125T135000Z-3f2a9c",
		"Please check that https://ckan.stadt.example is reachable.",
	} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, m.Body)
		}
	}
	if i, j := strings.Index(m.Body, "Guten Tag"), strings.Index(m.Body, "-- English --"); i != 0 || j < i {
		t.Errorf("German text at %d, English at %d; want German first", i, j)
	}
}

func TestMailRecovery(t *testing.T) {
	srv := MustStartSMTP(t, &smtpServer{})
	now := t0.Add(time.Hour)
	n := mailNotifier(&now, &SMTP{Host: "localhost", Port: srv.Port(), From: "noreply@daten.stadt.example", TLS: TLSNone})
	n.BaseURL = ""
	e := recovered(sampleEvent())
	e.Source.Name = ""
	if err := n.Notify(context.Background(), Settings{Email: []string{"opendata@stadt.example"}}, e); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	m := MustParseMail(t, msgs[0].Data)
	if m.Subject != "municat: Ernte der Quelle „stadt-ckan“ wieder erfolgreich" {
		t.Errorf("subject %q", m.Subject)
	}
	for _, want := range []string{"ist wieder gelungen, nachdem der Lauf davor fehlgeschlagen war.", "works again (run 20261125T145000Z-77aa01) after a failed run.", "Datensätze:\n", "Sie müssen nichts weiter tun."} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, m.Body)
		}
	}
	for _, bad := range []string{"Fehlermeldung", "Einzelheiten zum Lauf", "Details:"} {
		if strings.Contains(m.Body, bad) {
			t.Errorf("recovery mail has %q", bad)
		}
	}
}

func TestMailStartTLSWithLogin(t *testing.T) {
	serverTLS, clientTLS := MustSelfSigned(t)
	srv := MustStartSMTP(t, &smtpServer{StartTLS: serverTLS, User: "municat", Password: "pw"})
	now := t0
	n := mailNotifier(&now, &SMTP{Host: "127.0.0.1", Port: srv.Port(), From: "noreply@daten.stadt.example",
		Username: "municat", Password: "pw", tlsConfig: clientTLS})
	if err := n.Notify(context.Background(), Settings{Email: []string{"opendata@stadt.example"}}, sampleEvent()); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 || !msgs[0].TLS || msgs[0].User != "municat" {
		t.Fatalf("messages %+v; want one over TLS by municat", msgs)
	}
	cmds := strings.Join(srv.Commands(), " ")
	if !strings.HasPrefix(cmds, "EHLO STARTTLS EHLO AUTH MAIL RCPT DATA") {
		t.Errorf("commands %s", cmds)
	}
}

func TestMailImplicitTLS(t *testing.T) {
	serverTLS, clientTLS := MustSelfSigned(t)
	srv := MustStartSMTP(t, &smtpServer{Implicit: serverTLS, User: "municat", Password: "pw"})
	now := t0
	n := mailNotifier(&now, &SMTP{Host: "127.0.0.1", Port: srv.Port(), From: "noreply@daten.stadt.example", TLS: TLSImplicit,
		Username: "municat", Password: "pw", tlsConfig: clientTLS})
	if err := n.Notify(context.Background(), Settings{Email: []string{"opendata@stadt.example"}}, sampleEvent()); err != nil {
		t.Fatal(err)
	}
	if msgs := srv.Messages(); len(msgs) != 1 || !msgs[0].TLS || msgs[0].User != "municat" {
		t.Fatalf("messages %+v", msgs)
	}
}

// TestMailRefusals checks the cases where nothing may be sent, and that no
// credentials or message went out over an unencrypted connection.
func TestMailRefusals(t *testing.T) {
	serverTLS, clientTLS := MustSelfSigned(t)
	cases := []struct {
		name    string
		server  *smtpServer
		client  SMTP
		wantErr string
		noCmds  []string
	}{
		{"starttls not offered", &smtpServer{User: "municat", Password: "pw"},
			SMTP{Username: "municat", Password: "pw"}, "bietet kein STARTTLS an", []string{"AUTH", "MAIL"}},
		{"starttls not offered, no login", &smtpServer{},
			SMTP{TLS: TLSStartTLS}, "bietet kein STARTTLS an", []string{"MAIL"}},
		{"untrusted certificate", &smtpServer{StartTLS: serverTLS, User: "municat", Password: "pw"},
			SMTP{Username: "municat", Password: "pw"}, "konnte keine verschlüsselte Verbindung", []string{"AUTH", "MAIL"}},
		{"wrong password", &smtpServer{StartTLS: serverTLS, User: "municat", Password: "pw"},
			SMTP{Username: "municat", Password: "falsch", tlsConfig: clientTLS}, "lehnte die Anmeldung ab", []string{"MAIL"}},
		{"no AUTH offered", &smtpServer{StartTLS: serverTLS},
			SMTP{Username: "municat", Password: "pw", tlsConfig: clientTLS}, "bietet keine Anmeldung", []string{"AUTH", "MAIL"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := MustStartSMTP(t, c.server)
			cfg := c.client
			cfg.Host, cfg.Port, cfg.From = "127.0.0.1", srv.Port(), "noreply@daten.stadt.example"
			now := t0
			err := mailNotifier(&now, &cfg).Notify(context.Background(), Settings{Email: []string{"opendata@stadt.example"}}, sampleEvent())
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("err = %v, want %q", err, c.wantErr)
			}
			if !errors.Is(err, municat.ErrUnavailable) {
				t.Errorf("err %v does not match ErrUnavailable", err)
			}
			for _, cmd := range c.noCmds {
				if slices.Contains(srv.Commands(), cmd) {
					t.Errorf("client sent %s: %v", cmd, srv.Commands())
				}
			}
			if len(srv.Messages()) != 0 {
				t.Error("a message went out")
			}
		})
	}
}

func TestMailRejectedRecipient(t *testing.T) {
	srv := MustStartSMTP(t, &smtpServer{Reject: map[string]bool{"weg@stadt.example": true}})
	now := t0
	n := mailNotifier(&now, &SMTP{Host: "127.0.0.1", Port: srv.Port(), From: "noreply@daten.stadt.example", TLS: TLSNone})
	err := n.Notify(context.Background(), Settings{Email: []string{"weg@stadt.example", "opendata@stadt.example"}}, sampleEvent())
	if err == nil || !strings.Contains(err.Error(), "lehnte den Empfänger weg@stadt.example ab") {
		t.Fatalf("err = %v", err)
	}
	if msgs := srv.Messages(); len(msgs) != 1 || !slices.Equal(msgs[0].To, []string{"opendata@stadt.example"}) {
		t.Fatalf("messages %+v; want one to opendata@stadt.example", msgs)
	}
}

func TestMailHeaderInjectionRefused(t *testing.T) {
	srv := MustStartSMTP(t, &smtpServer{})
	now := t0
	n := mailNotifier(&now, &SMTP{Host: "127.0.0.1", Port: srv.Port(), From: "noreply@daten.stadt.example", TLS: TLSNone})
	e := sampleEvent()
	e.Source.Name = "Stadtportal\r\nBcc: spion@example.org"
	err := n.Notify(context.Background(), Settings{Email: []string{"opendata@stadt.example"}}, e)
	if err == nil || !strings.Contains(err.Error(), "Zeilenumbruch") {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if len(srv.Commands()) != 0 {
		t.Errorf("the server was contacted: %v", srv.Commands())
	}

	for _, m := range []*message{
		{Subject: "a\nBcc: spion@example.org"},
		{Subject: "a\rb"},
		{Subject: "ok", Event: "run.failed\r\nBcc: spion@example.org"},
	} {
		m.From, m.To, m.Date = &mail.Address{Address: "a@b.example"}, []*mail.Address{{Address: "c@d.example"}}, t0
		if _, err := m.bytes(); err == nil {
			t.Errorf("message with subject %q, event %q built", m.Subject, m.Event)
		}
	}
	// A display name with a line break is encoded, not refused: it cannot
	// add a header either way.
	m := &message{From: &mail.Address{Name: "x\r\nBcc: spion@example.org", Address: "a@b.example"},
		To: []*mail.Address{{Address: "c@d.example"}}, Subject: "s", Date: t0, Body: "b"}
	raw, err := m.bytes()
	if err != nil {
		t.Fatal(err)
	}
	if pm := MustParseMail(t, string(raw)); pm.Header.Get("Bcc") != "" || len(pm.Header["From"]) != 1 {
		t.Errorf("injected header: %v", pm.Header)
	}
}

func TestMailServerDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	now := t0
	n := mailNotifier(&now, &SMTP{Host: "127.0.0.1", Port: port, From: "noreply@daten.stadt.example", TLS: TLSNone})
	err = n.Notify(context.Background(), Settings{Email: []string{"opendata@stadt.example"}}, sampleEvent())
	if err == nil || !strings.Contains(err.Error(), "Der Mailserver 127.0.0.1:") || !errors.Is(err, municat.ErrUnavailable) {
		t.Fatalf("err = %v", err)
	}
}

// TestMailSilentServerTimesOut checks that a server that accepts the
// connection but never answers cannot hold a notice longer than Timeout.
func TestMailSilentServerTimesOut(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		_, _ = io.Copy(io.Discard, c) // never answers; ends when the client hangs up
	}()
	now := t0
	n := mailNotifier(&now, &SMTP{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, From: "noreply@daten.stadt.example", TLS: TLSNone, Timeout: 300 * time.Millisecond})
	start := time.Now()
	err = n.Notify(context.Background(), Settings{Email: []string{"opendata@stadt.example"}}, sampleEvent())
	if err == nil || time.Since(start) > 3*time.Second {
		t.Fatalf("err = %v after %v; want an error after about 300 ms", err, time.Since(start))
	}
}

func TestFold(t *testing.T) {
	long := "Subject: " + strings.Repeat("Wort ", 40)
	f := fold(long)
	for _, l := range strings.Split(f, "\r\n") {
		if len(l) > maxLine || strings.TrimSpace(l) == "" {
			t.Errorf("folded line %q", l)
		}
	}
	if strings.ReplaceAll(f, "\r\n", "") != long {
		t.Errorf("unfolding does not give the line back")
	}
	if fold("Subject: kurz") != "Subject: kurz" {
		t.Error("short line folded")
	}
}
