package notify

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// received is one message the test SMTP server accepted.
type received struct {
	From string
	To   []string
	Data string // as sent, dot-unstuffed, CRLF line ends
	TLS  bool   // the session was encrypted when DATA came
	User string // who logged in with AUTH PLAIN, if anyone
}

// smtpServer is a small SMTP server on 127.0.0.1 for the tests: it answers
// EHLO/HELO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP and QUIT.
type smtpServer struct {
	// StartTLS, if set, is offered as the STARTTLS extension.
	StartTLS *tls.Config
	// Implicit wraps the listener in TLS with this config.
	Implicit *tls.Config
	// User and Password, if set, are the credentials AUTH PLAIN accepts;
	// AUTH is offered only on an encrypted session.
	User, Password string
	// Reject are recipients answered with 550.
	Reject map[string]bool

	ln   net.Listener
	wg   sync.WaitGroup
	mu   sync.Mutex
	msgs []received
	cmds []string
}

// MustStartSMTP starts s on 127.0.0.1 and stops it when the test ends.
func MustStartSMTP(tb testing.TB, s *smtpServer) *smtpServer {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	if s.Implicit != nil {
		ln = tls.NewListener(ln, s.Implicit)
	}
	s.ln = ln
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(c)
			}()
		}
	}()
	tb.Cleanup(func() {
		_ = ln.Close()
		s.wg.Wait()
	})
	return s
}

// Port returns the port the server listens on.
func (s *smtpServer) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// Messages returns the accepted messages.
func (s *smtpServer) Messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.msgs...)
}

// Commands returns the command verbs the server saw, e.g. "EHLO", "MAIL".
func (s *smtpServer) Commands() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.cmds...)
}

func (s *smtpServer) serve(c net.Conn) {
	defer func() { _ = c.Close() }()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	_, encrypted := c.(*tls.Conn)
	tp := textproto.NewConn(c)
	var cur received
	user := ""
	reply := func(format string, args ...any) { _ = tp.PrintfLine(format, args...) }
	reply("220 127.0.0.1 ESMTP test")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		verb = strings.ToUpper(verb)
		s.mu.Lock()
		s.cmds = append(s.cmds, verb)
		s.mu.Unlock()
		switch verb {
		case "EHLO", "HELO":
			ext := []string{"127.0.0.1 hello " + arg, "8BITMIME"}
			if s.StartTLS != nil && !encrypted {
				ext = append(ext, "STARTTLS")
			}
			if s.User != "" && encrypted {
				ext = append(ext, "AUTH PLAIN")
			}
			for i, e := range ext {
				sep := "-"
				if i == len(ext)-1 {
					sep = " "
				}
				reply("250%s%s", sep, e)
			}
		case "STARTTLS":
			if s.StartTLS == nil || encrypted {
				reply("502 not offered")
				continue
			}
			reply("220 go ahead")
			tc := tls.Server(c, s.StartTLS)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, encrypted = tc, true
			tp = textproto.NewConn(tc)
			cur = received{}
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			raw, _ := base64.StdEncoding.DecodeString(resp)
			parts := strings.Split(string(raw), "\x00")
			if !encrypted || mech != "PLAIN" || len(parts) != 3 || parts[1] != s.User || parts[2] != s.Password {
				reply("535 5.7.8 authentication failed")
				continue
			}
			user = parts[1]
			reply("235 2.7.0 ok")
		case "MAIL":
			cur = received{From: addrArg(arg), TLS: encrypted, User: user}
			reply("250 2.1.0 ok")
		case "RCPT":
			to := addrArg(arg)
			if s.Reject[to] {
				reply("550 5.1.1 no such user %s", to)
				continue
			}
			cur.To = append(cur.To, to)
			reply("250 2.1.5 ok")
		case "DATA":
			reply("354 go ahead")
			data, err := io.ReadAll(tp.DotReader())
			if err != nil {
				return
			}
			// DotReader turns CRLF into LF; give the wire form back.
			cur.Data = strings.ReplaceAll(string(data), "\n", "\r\n")
			cur.TLS = encrypted
			s.mu.Lock()
			s.msgs = append(s.msgs, cur)
			s.mu.Unlock()
			cur = received{}
			reply("250 2.0.0 queued")
		case "RSET", "NOOP":
			reply("250 ok")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 unknown command")
		}
	}
}

// addrArg returns the address in "FROM:<a@b> SIZE=…" or "TO:<a@b>".
func addrArg(arg string) string {
	i, j := strings.IndexByte(arg, '<'), strings.IndexByte(arg, '>')
	if i < 0 || j < i {
		return ""
	}
	return arg[i+1 : j]
}

// MustSelfSigned returns a server config with a fresh self-signed
// certificate for 127.0.0.1 and a client config that trusts it.
func MustSelfSigned(tb testing.TB) (server, client *tls.Config) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "municat test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}, MinVersion: tls.VersionTLS12}
	client = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return server, client
}
