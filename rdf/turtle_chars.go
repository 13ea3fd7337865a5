package rdf

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// Character classes of the RDF 1.1 N-Triples and Turtle grammars.

// isPNCharsBase reports whether r is a PN_CHARS_BASE character.
func isPNCharsBase(r rune) bool {
	switch {
	case 'A' <= r && r <= 'Z', 'a' <= r && r <= 'z':
		return true
	case r < 0xC0:
		return false
	case r <= 0xD6, 0xD8 <= r && r <= 0xF6, 0xF8 <= r && r <= 0x2FF,
		0x370 <= r && r <= 0x37D, 0x37F <= r && r <= 0x1FFF,
		0x200C <= r && r <= 0x200D, 0x2070 <= r && r <= 0x218F,
		0x2C00 <= r && r <= 0x2FEF, 0x3001 <= r && r <= 0xD7FF,
		0xF900 <= r && r <= 0xFDCF, 0xFDF0 <= r && r <= 0xFFFD,
		0x10000 <= r && r <= 0xEFFFF:
		return true
	}
	return false
}

// isPNCharsU reports whether r is a PN_CHARS_U character.
func isPNCharsU(r rune) bool { return r == '_' || isPNCharsBase(r) }

// isPNChars reports whether r is a PN_CHARS character.
func isPNChars(r rune) bool {
	return isPNCharsU(r) || r == '-' || '0' <= r && r <= '9' || r == 0xB7 ||
		0x300 <= r && r <= 0x36F || 0x203F <= r && r <= 0x2040
}

// isDigit reports whether r is an ASCII digit.
func isDigit(r rune) bool { return '0' <= r && r <= '9' }

// isHex reports whether r is a hexadecimal digit.
func isHex(r rune) bool {
	return isDigit(r) || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F'
}

// hexValue returns the value of the hexadecimal digit r.
func hexValue(r rune) rune {
	switch {
	case r <= '9':
		return r - '0'
	case r <= 'F':
		return r - 'A' + 10
	}
	return r - 'a' + 10
}

// isIRIChar reports whether r may appear unescaped in an IRIREF.
func isIRIChar(r rune) bool {
	if r <= 0x20 {
		return false
	}
	switch r {
	case '<', '>', '"', '{', '}', '|', '^', '`', '\\':
		return false
	}
	return true
}

// isPlainIRIRef reports whether iri is ASCII that an IRIREF holds as it
// is, the common case writeIRIRef copies whole.
func isPlainIRIRef(iri string) bool {
	for i := 0; i < len(iri); i++ {
		if c := iri[i]; c >= 0x80 || !isIRIChar(rune(c)) {
			return false
		}
	}
	return true
}

// isLocalEscapable reports whether \r is a valid PN_LOCAL_ESC.
func isLocalEscapable(r rune) bool { return strings.ContainsRune("_~.-!$&'()*+,;=/?#@%", r) }

// echar returns the character a string escape \c stands for.
func echar(c rune) (rune, bool) {
	switch c {
	case 't':
		return '\t', true
	case 'b':
		return '\b', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 'f':
		return '\f', true
	case '"', '\'', '\\':
		return c, true
	}
	return 0, false
}

// validUCHAR reports whether a \u or \U escape produced a Unicode scalar
// value (no surrogate, not above U+10FFFF).
func validUCHAR(r rune) bool { return r <= 0x10FFFF && !(0xD800 <= r && r <= 0xDFFF) }

// isTurtleBlankLabel reports whether s is a valid Turtle blank node label
// (the part after "_:").
func isTurtleBlankLabel(s string) bool {
	return s != "" && isPNName(s, func(r rune) bool { return isPNCharsU(r) || isDigit(r) })
}

// isPNName reports whether s has the shape Turtle's PN_PREFIX and blank
// node labels share: a first character allowed by first, then PN_CHARS or
// dots, not ending with a dot. The empty string passes.
func isPNName(s string, first func(rune) bool) bool {
	for i, r := range s {
		switch {
		case i == 0:
			if !first(r) {
				return false
			}
		case r == '.':
			if i == len(s)-1 {
				return false
			}
		case !isPNChars(r):
			return false
		}
	}
	return true
}

// safeBlankLabel returns label when it is a valid blank node label in both
// N-Triples and Turtle, else a valid label derived from its hex encoding,
// so that terms built elsewhere (RDF/XML, JSON-LD, code) still write out as
// syntax that parses back.
func safeBlankLabel(label string) string {
	if isTurtleBlankLabel(label) {
		return label
	}
	return "x" + hex.EncodeToString([]byte(label)) + "_x"
}

// isLangTag reports whether s matches [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*.
func isLangTag(s string) bool {
	for i, part := range strings.Split(s, "-") {
		if part == "" {
			return false
		}
		for _, r := range part {
			if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && isDigit(r)) {
				return false
			}
		}
	}
	return true
}

// writeIRIRef writes iri between < and > for N-Triples and Turtle. An IRI
// term holding characters that no IRIREF may contain (spaces, <, >, ",
// {, }, |, ^, `, \, controls: they come from lenient sources such as
// RDF/XML attributes) gets those characters percent-encoded, since the
// \u escapes Term.String uses for them are rejected by conforming parsers.
func writeIRIRef(b *strings.Builder, iri string) {
	b.WriteByte('<')
	if isPlainIRIRef(iri) {
		b.WriteString(iri)
		b.WriteByte('>')
		return
	}
	for _, r := range iri {
		if isIRIChar(r) {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(b, "%%%02X", r)
		}
	}
	b.WriteByte('>')
}
