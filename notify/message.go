package notify

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strconv"
	"strings"
	"time"
)

// maxLine is the line length headers are folded at: RFC 5322 asks for 78,
// RFC 2047 for 76 in a line with an encoded word.
const maxLine = 76

// message is a plain-text e-mail.
type message struct {
	From    *mail.Address
	To      []*mail.Address
	Subject string
	Date    time.Time
	// Event is written to the X-Municat-Event header, if set.
	Event string
	Body  string
}

// bytes returns the message in RFC 5322 form with CRLF line ends: the body
// quoted-printable in UTF-8, the subject Q-encoded. It refuses a header
// value with CR or LF in it, so that no value can add a header.
func (m *message) bytes() ([]byte, error) {
	if m.From == nil || len(m.To) == 0 {
		return nil, fmt.Errorf("notify: message needs a sender and a recipient")
	}
	to := make([]string, len(m.To))
	for i, a := range m.To {
		to[i] = a.String()
	}
	headers := [][2]string{
		{"From", m.From.String()},
		{"To", strings.Join(to, ", ")},
		{"Subject", m.Subject},
		{"Date", m.Date.Format(time.RFC1123Z)},
		{"Message-ID", messageID(m.From.Address, m.Date)},
		{"MIME-Version", "1.0"},
		{"Content-Type", "text/plain; charset=utf-8"},
		{"Content-Transfer-Encoding", "quoted-printable"},
		{"Auto-Submitted", "auto-generated"},
		{"X-Auto-Response-Suppress", "All"},
	}
	if m.Event != "" {
		headers = append(headers, [2]string{"X-Municat-Event", m.Event})
	}
	var b bytes.Buffer
	for _, h := range headers {
		if strings.ContainsAny(h[1], "\r\n") {
			return nil, fmt.Errorf("notify: header %s contains a line break", h[0])
		}
		v := h[1]
		if h[0] == "Subject" {
			v = mime.QEncoding.Encode("utf-8", v)
		}
		b.WriteString(fold(h[0] + ": " + v))
		b.WriteString("\r\n")
	}
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	body := strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\r", "\n")
	if _, err := qp.Write([]byte(body)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("\r\n")
	}
	return b.Bytes(), nil
}

// fold breaks a header line longer than maxLine at spaces into continuation
// lines. Unfolding (removing each CRLF) gives the line back. A word longer
// than a line stays whole.
func fold(line string) string {
	if len(line) <= maxLine {
		return line
	}
	var b strings.Builder
	n := 0
	for i, w := range strings.Split(line, " ") {
		switch {
		case i == 0:
		case n+1+len(w) > maxLine && n > 0 && w != "":
			b.WriteString("\r\n ")
			n = 1
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// messageID returns a unique Message-ID in the sender's domain.
func messageID(from string, date time.Time) string {
	domain := "municat.invalid"
	if i := strings.LastIndexByte(from, '@'); i >= 0 && i < len(from)-1 {
		domain = from[i+1:]
	}
	var r [12]byte
	_, _ = rand.Read(r[:])
	return "<" + strconv.FormatInt(date.Unix(), 36) + "." + hex.EncodeToString(r[:]) + ".municat@" + domain + ">"
}
