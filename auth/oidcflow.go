package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// flowState is what the flow cookie carries.
type flowState struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"x,omitempty"`
	Expires  int64  `json:"e"`
}

// sign encodes f as the flow cookie: base64url(JSON) "." base64url(HMAC).
func (o *oidcClient) sign(f *flowState) string {
	b, _ := json.Marshal(f)
	payload := base64.RawURLEncoding.EncodeToString(b)
	return payload + "." + base64.RawURLEncoding.EncodeToString(o.mac(payload))
}

// open checks and decodes the flow cookie; false if it is missing, forged
// or expired.
func (o *oidcClient) open(cookie string, now time.Time) (*flowState, bool) {
	if len(cookie) > 4096 {
		return nil, false
	}
	payload, sig, ok := strings.Cut(cookie, ".")
	if !ok {
		return nil, false
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, o.mac(payload)) {
		return nil, false
	}
	b, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return nil, false
	}
	var f flowState
	if json.Unmarshal(b, &f) != nil || f.State == "" || f.Nonce == "" || f.Verifier == "" || now.Unix() > f.Expires {
		return nil, false
	}
	return &f, true
}

func (o *oidcClient) mac(payload string) []byte {
	m := hmac.New(sha256.New, o.cookieKey)
	m.Write([]byte("municat-oidc-flow\x00" + payload))
	return m.Sum(nil)
}

// safeNext returns next if it is a local path of this site, else "".
func safeNext(next string) string {
	if len(next) > 2048 || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\x00\r\n\t") {
		return ""
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return ""
		}
	}
	return next
}

// sanitizeCode keeps an OAuth error code shown to the user to its
// specified characters.
func sanitizeCode(code string) string {
	var b strings.Builder
	for _, r := range code {
		if b.Len() >= 40 {
			break
		}
		if r >= 'a' && r <= 'z' || r == '_' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "unbekannter Fehler"
	}
	return b.String()
}
