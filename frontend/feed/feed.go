// Package feed writes Atom 1.0 feeds (RFC 4287) and sitemaps (the
// sitemaps.org protocol, with hreflang alternates).
//
// Everything is written as it is encoded, through an xml.Encoder on the
// caller's writer, so feeds and sitemaps of many thousand entries are never
// held in memory as a whole. Input is checked before the first byte is
// written: a call that fails for bad input writes nothing (only a sitemap
// that outgrows MaxBytes is stopped midway).
//
// Text from harvested sources may hold characters XML cannot carry, such
// as control characters, or invalid UTF-8; they are removed from every
// text and attribute, so the output stays well-formed whatever the input.
// Markup characters are escaped by encoding/xml.
package feed

import (
	"strings"
	"time"
	"unicode/utf8"
)

// xmlNS is the namespace of the xml: prefix (xml:lang).
const xmlNS = "http://www.w3.org/XML/1998/namespace"

// clean returns s without the characters XML 1.0 does not allow (C0
// control characters other than tab, line feed and carriage return,
// surrogates, U+FFFE and U+FFFF) and without the C1 control characters it
// discourages, and with invalid UTF-8 bytes removed.
func clean(s string) string {
	ok := true
	for i, r := range s {
		if !allowed(r) || (r == utf8.RuneError && isInvalid(s[i:])) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		if allowed(r) && !(r == utf8.RuneError && isInvalid(s[i:])) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isInvalid reports whether s starts with an invalid UTF-8 sequence (as
// opposed to an encoded U+FFFD).
func isInvalid(s string) bool {
	_, size := utf8.DecodeRuneInString(s)
	return size <= 1
}

// allowed reports whether r may appear in XML 1.0 text and is not a C1
// control character.
func allowed(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r < 0x7F:
		return true
	case r <= 0x9F:
		return false // DEL and C1 controls: allowed, but discouraged and never meant
	case r <= 0xD7FF:
		return true
	case r < 0xE000:
		return false // surrogates
	case r <= 0xFFFD:
		return true
	case r < 0x10000:
		return false // U+FFFE, U+FFFF
	default:
		return r <= utf8.MaxRune
	}
}

// rfc3339 formats t as an RFC 3339 date-time, as Atom wants, in t's own
// time zone and without fractional seconds.
func rfc3339(t time.Time) string { return t.Format(time.RFC3339) }

// w3cDate formats t as a W3C date (YYYY-MM-DD) in t's own time zone, or ""
// for the zero time.
func w3cDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
