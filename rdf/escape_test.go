package rdf

import (
	"fmt"
	"strings"
	"testing"
)

// TestEscapeFastPathsMatchRuneByRune checks that escapeString and
// writeIRIRef, which copy plain runs whole, write what escaping rune by
// rune writes, for invalid UTF-8 and control characters too.
func TestEscapeFastPathsMatchRuneByRune(t *testing.T) {
	for _, s := range []string{
		"", "plain", "Straßenbäume €", "quote \" and \\ backslash", "tab\tnew\nline\rcr\b\f",
		"\x00\x1f\x7f end", "bad \xff\xfe utf-8", "\xc3", "emoji 🌳 tree", "a b<c>d{e}|^`",
		"https://daten.example.de/dataset/src01.ds-0000001/distribution/1",
	} {
		var fast, slow strings.Builder
		escapeString(&fast, s)
		escapeRunes(&slow, s)
		if fast.String() != slow.String() {
			t.Errorf("escapeString(%q) = %q, rune by rune %q", s, fast.String(), slow.String())
		}
		var iri, want strings.Builder
		writeIRIRef(&iri, s)
		want.WriteByte('<')
		for _, r := range s {
			if isIRIChar(r) {
				want.WriteRune(r)
			} else {
				fmt.Fprintf(&want, "%%%02X", r)
			}
		}
		want.WriteByte('>')
		if iri.String() != want.String() {
			t.Errorf("writeIRIRef(%q) = %q, want %q", s, iri.String(), want.String())
		}
	}
}
