package admin

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// flashCookie carries a one-time notice across a redirect.
const flashCookie = "municat_flash"

// maxFlash is the longest notice kept (in bytes).
const maxFlash = 500

// flasher keeps one-time notices in a short-lived cookie, signed with a
// key made at start-up, so a notice cannot be planted from elsewhere.
type flasher struct {
	key    []byte
	path   string
	secure bool
}

// newFlasher returns a flasher for cookies under path.
func newFlasher(path string, secure bool) (*flasher, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("admin: flash key: %w", err)
	}
	return &flasher{key: key, path: path, secure: secure}, nil
}

// sign returns the cookie value of msg: base64url(msg) "." base64url(mac).
func (f *flasher) sign(msg string) string {
	m := hmac.New(sha256.New, f.key)
	m.Write([]byte(msg))
	return base64.RawURLEncoding.EncodeToString([]byte(msg)) + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// verify returns the notice of a cookie value, or "" if it is not one
// this flasher signed.
func (f *flasher) verify(value string) string {
	body, sig, ok := strings.Cut(value, ".")
	if !ok {
		return ""
	}
	msg, err1 := base64.RawURLEncoding.DecodeString(body)
	mac, err2 := base64.RawURLEncoding.DecodeString(sig)
	if err1 != nil || err2 != nil {
		return ""
	}
	m := hmac.New(sha256.New, f.key)
	m.Write(msg)
	if !hmac.Equal(mac, m.Sum(nil)) {
		return ""
	}
	return string(msg)
}

// set keeps msg for the next page.
func (f *flasher) set(c *fiber.Ctx, msg string) {
	if len(msg) > maxFlash {
		msg = msg[:maxFlash]
	}
	c.Cookie(&fiber.Cookie{
		Name: flashCookie, Value: f.sign(msg), Path: f.path, MaxAge: 120,
		Expires: time.Now().Add(2 * time.Minute), HTTPOnly: true, Secure: f.secure, SameSite: fiber.CookieSameSiteLaxMode,
	})
}

// take returns the notice kept for this page, if any, and clears it.
func (f *flasher) take(c *fiber.Ctx) string {
	v := c.Cookies(flashCookie)
	if v == "" {
		return ""
	}
	c.Cookie(&fiber.Cookie{
		Name: flashCookie, Value: "", Path: f.path, MaxAge: -1,
		Expires: time.Unix(0, 0), HTTPOnly: true, Secure: f.secure, SameSite: fiber.CookieSameSiteLaxMode,
	})
	return f.verify(v)
}
