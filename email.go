package municat

import (
	"net/mail"
	"regexp"
	"strings"
)

// obfuscatedAt matches the spam-guard spellings of "@" that German public
// bodies use in published addresses: "(at)", "[at]", "{at}", " at ".
var obfuscatedAt = regexp.MustCompile(`(?i)\s*[(\[{]\s*at\s*[)\]}]\s*|\s+at\s+`)

// CleanEmail returns the bare e-mail address in s, or "" if s holds none.
// It strips a "mailto:" prefix and a display name, and reads the
// "poststelle(at)example.de" spelling as "poststelle@example.de", so that
// harvested contact data is kept rather than rejected.
func CleanEmail(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 7 && strings.EqualFold(s[:7], "mailto:") {
		s = s[7:]
	}
	if s == "" {
		return ""
	}
	if !strings.Contains(s, "@") {
		s = obfuscatedAt.ReplaceAllString(s, "@")
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return ""
	}
	if _, err := mail.ParseAddress(a.Address); err != nil {
		return ""
	}
	return a.Address
}
