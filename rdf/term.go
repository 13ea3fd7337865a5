// Package rdf is municat's RDF 1.1 layer: terms, triples, an in-memory
// graph, and streaming readers and writers for N-Triples, Turtle, RDF/XML
// and JSON-LD. The N-Triples, Turtle and RDF/XML codecs pass the W3C RDF 1.1
// test suites (see rdf/w3c_test.go and testdata/w3c-rdf-tests).
//
// Terms are small comparable values, so they can be map keys:
//
//	t := rdf.Triple{S: rdf.IRI("https://example.org/d/1"), P: rdf.IRI(rdf.DCT + "title"), O: rdf.LangLiteral("Bäume", "de")}
package rdf

import (
	"strings"
	"unicode/utf8"
)

// Kind says what a Term is.
type Kind uint8

// The kinds of terms.
const (
	// KindIRI is an absolute IRI.
	KindIRI Kind = iota + 1
	// KindBlank is a blank node; Value is its label, unique within a graph.
	KindBlank
	// KindLiteral is a literal with a datatype and, for rdf:langString, a
	// language tag.
	KindLiteral
)

// Term is an RDF term: an IRI, a blank node or a literal. The zero Term is
// no term (IsZero).
type Term struct {
	// Kind says which of the three kinds the term is.
	Kind Kind
	// Value is the IRI, the blank node label or the literal's lexical form.
	Value string
	// Datatype is the datatype IRI of a literal: XSDString for plain
	// literals, RDFLangString for language-tagged ones.
	Datatype string
	// Lang is the lower-case language tag of an rdf:langString literal.
	Lang string
}

// IRI returns the IRI term for s.
func IRI(s string) Term { return Term{Kind: KindIRI, Value: s} }

// Blank returns the blank node with the given label.
func Blank(label string) Term { return Term{Kind: KindBlank, Value: label} }

// Literal returns a plain (xsd:string) literal.
func Literal(lexical string) Term {
	return Term{Kind: KindLiteral, Value: lexical, Datatype: XSDString}
}

// LangLiteral returns a language-tagged literal; the tag is lower-cased
// (RDF 1.1 compares language tags case-insensitively). An empty lang gives a
// plain literal.
func LangLiteral(lexical, lang string) Term {
	if lang == "" {
		return Literal(lexical)
	}
	return Term{Kind: KindLiteral, Value: lexical, Datatype: RDFLangString, Lang: strings.ToLower(lang)}
}

// TypedLiteral returns a literal with the given datatype IRI. An empty
// datatype means xsd:string.
func TypedLiteral(lexical, datatype string) Term {
	if datatype == "" {
		datatype = XSDString
	}
	return Term{Kind: KindLiteral, Value: lexical, Datatype: datatype}
}

// IsZero reports whether t is the zero Term.
func (t Term) IsZero() bool { return t.Kind == 0 }

// IsIRI reports whether t is an IRI.
func (t Term) IsIRI() bool { return t.Kind == KindIRI }

// IsBlank reports whether t is a blank node.
func (t Term) IsBlank() bool { return t.Kind == KindBlank }

// IsLiteral reports whether t is a literal.
func (t Term) IsLiteral() bool { return t.Kind == KindLiteral }

// IsResource reports whether t is an IRI or a blank node, i.e. can be a
// subject.
func (t Term) IsResource() bool { return t.Kind == KindIRI || t.Kind == KindBlank }

// String returns t in N-Triples syntax, e.g. <http://…>, _:b1, "x"@de or
// "1"^^<http://www.w3.org/2001/XMLSchema#integer>; "" for the zero Term.
func (t Term) String() string {
	var b strings.Builder
	writeTerm(&b, t)
	return b.String()
}

// writeTerm appends t in N-Triples syntax to b, with IRIs and blank node
// labels made safe to parse back (see writeIRIRef and safeBlankLabel).
func writeTerm(b *strings.Builder, t Term) {
	switch t.Kind {
	case KindIRI:
		writeIRIRef(b, t.Value)
	case KindBlank:
		b.WriteString("_:")
		b.WriteString(safeBlankLabel(t.Value))
	case KindLiteral:
		b.WriteByte('"')
		escapeString(b, t.Value)
		b.WriteByte('"')
		switch {
		case t.Lang != "":
			b.WriteByte('@')
			b.WriteString(t.Lang)
		case t.Datatype != "" && t.Datatype != XSDString:
			b.WriteString("^^")
			writeIRIRef(b, t.Datatype)
		}
	}
}

// escapeString writes s escaped for a double-quoted N-Triples or Turtle
// string. Valid UTF-8 is copied in runs between the characters that need
// escaping; other strings go rune by rune (see escapeRunes).
func escapeString(b *strings.Builder, s string) {
	if !utf8.ValidString(s) {
		escapeRunes(b, s)
		return
	}
	start := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x20 && c != '"' && c != '\\' && c != 0x7f {
			continue // bytes of multi-byte characters are never escaped
		}
		b.WriteString(s[start:i])
		escapeRunes(b, s[i:i+1])
		start = i + 1
	}
	b.WriteString(s[start:])
}

// escapeRunes escapes s rune by rune; invalid UTF-8 becomes U+FFFD.
func escapeRunes(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 || r == 0x7f {
				writeUEscape(b, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
}

// writeUEscape writes r as \uXXXX or \UXXXXXXXX.
func writeUEscape(b *strings.Builder, r rune) {
	const hex = "0123456789ABCDEF"
	if r > 0xFFFF {
		b.WriteString(`\U`)
		for shift := 28; shift >= 0; shift -= 4 {
			b.WriteByte(hex[(r>>uint(shift))&0xF])
		}
		return
	}
	b.WriteString(`\u`)
	for shift := 12; shift >= 0; shift -= 4 {
		b.WriteByte(hex[(r>>uint(shift))&0xF])
	}
}

// Triple is one RDF statement.
type Triple struct {
	// S is the subject: an IRI or a blank node.
	S Term
	// P is the predicate: an IRI.
	P Term
	// O is the object: any term.
	O Term
}

// String returns the triple as one N-Triples line without the newline.
func (t Triple) String() string {
	var b strings.Builder
	writeTerm(&b, t.S)
	b.WriteByte(' ')
	writeTerm(&b, t.P)
	b.WriteByte(' ')
	writeTerm(&b, t.O)
	b.WriteString(" .")
	return b.String()
}
