package notify

import (
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzMessage builds messages from arbitrary subjects, names, recipients
// and bodies, and checks that a line break can never add a header, that the
// raw form is 7-bit with lines within RFC 5322's hard limit, and that a mail
// reader gets subject and body back.
func FuzzMessage(f *testing.F) {
	e := sampleEvent()
	f.Add(subject(EventFailed, e), "municat", "Daten-Team <opendata@stadt.example>", mailBody(EventFailed, e, "https://daten.stadt.example/api/v1/sources/stadt-ckan/runs/x"))
	f.Add(subject(EventRecovered, recovered(e)), "Stadt Musterstadt – Open Data", "it@stadt.example", mailBody(EventRecovered, recovered(e), ""))
	f.Add("a\r\nBcc: spion@example.org", "x\r\nBcc: y@z.example", "\"a\r\nb\" <c@d.example>", ".\r\n.\r\nQUIT\r\n")
	f.Add(strings.Repeat("Überschrift ", 30), strings.Repeat("N", 200), "=?utf-8?q?x?= <e@f.example>", strings.Repeat("ä", 500)+" \t\n \n")
	f.Add("", "", "", "")
	f.Fuzz(func(t *testing.T, subj, name, rcpt, body string) {
		to := &mail.Address{Address: "c@d.example"}
		if a, err := parseRecipient(rcpt); err == nil {
			to = a
		}
		m := &message{From: &mail.Address{Name: name, Address: "a@b.example"}, To: []*mail.Address{to}, Subject: subj, Date: t0, Event: EventFailed, Body: body}
		raw, err := m.bytes()
		if strings.ContainsAny(subj, "\r\n") {
			if err == nil {
				t.Fatalf("subject %q with a line break accepted", subj)
			}
			return
		}
		if err != nil {
			t.Fatalf("subject %q, name %q, rcpt %q: %v", subj, name, rcpt, err)
		}
		for _, line := range strings.Split(string(raw), "\r\n") {
			if len(line) > 998 {
				t.Fatalf("line of %d bytes", len(line))
			}
			for _, c := range []byte(line) {
				if c > 126 || (c < 32 && c != '\t') {
					t.Fatalf("byte %#x in line %q", c, line)
				}
			}
		}
		pm, err := mail.ReadMessage(strings.NewReader(string(raw)))
		if err != nil {
			t.Fatalf("unreadable message: %v\n%s", err, raw)
		}
		keys := make([]string, 0, len(pm.Header))
		for k, v := range pm.Header {
			if len(v) != 1 {
				t.Fatalf("header %s %d times", k, len(v))
			}
			keys = append(keys, k)
		}
		slices.Sort(keys)
		want := []string{"Auto-Submitted", "Content-Transfer-Encoding", "Content-Type", "Date", "From", "Message-Id", "Mime-Version", "Subject", "To", "X-Auto-Response-Suppress", "X-Municat-Event"}
		if !slices.Equal(keys, want) {
			t.Fatalf("headers %v, want %v", keys, want)
		}
		if utf8.ValidString(subj) && !strings.Contains(subj, "=?") {
			got, err := new(mime.WordDecoder).DecodeHeader(pm.Header.Get("Subject"))
			if err != nil || strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(subj), " ") {
				t.Fatalf("subject %q read back as %q (%v)", subj, got, err)
			}
		}
		dec, err := io.ReadAll(quotedprintable.NewReader(pm.Body))
		if err != nil {
			t.Fatalf("body: %v", err)
		}
		got := strings.ReplaceAll(string(dec), "\r\n", "\n")
		norm := strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\r", "\n")
		if got != norm && got != norm+"\n" {
			t.Fatalf("body %q read back as %q", norm, got)
		}
	})
}
