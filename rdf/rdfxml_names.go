package rdf

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Names of the RDF/XML syntax (RDF 1.1 XML Syntax §7.2.2–7.2.5).
const (
	rdfRDF             = RDF + "RDF"
	rdfID              = RDF + "ID"
	rdfAbout           = RDF + "about"
	rdfParseType       = RDF + "parseType"
	rdfResource        = RDF + "resource"
	rdfNodeID          = RDF + "nodeID"
	rdfDatatype        = RDF + "datatype"
	rdfDescription     = RDF + "Description"
	rdfLi              = RDF + "li"
	rdfAboutEach       = RDF + "aboutEach"
	rdfAboutEachPrefix = RDF + "aboutEachPrefix"
	rdfBagID           = RDF + "bagID"
	rdfXMLLiteral      = RDF + "XMLLiteral"
	rdfStatement       = RDF + "Statement"
	rdfSubject         = RDF + "subject"
	rdfPredicate       = RDF + "predicate"
	rdfObject          = RDF + "object"
	rdfFirst           = RDF + "first"
	rdfRest            = RDF + "rest"
	rdfNil             = RDF + "nil"

	// xmlNS is the namespace bound to the xml prefix.
	xmlNS = "http://www.w3.org/XML/1998/namespace"
	// xmlnsNS is the namespace of namespace declarations.
	xmlnsNS = "http://www.w3.org/2000/xmlns/"
)

// isCoreSyntaxTerm reports whether iri is one of the coreSyntaxTerms or
// oldTerms, which may never be node, property or attribute names.
func isCoreSyntaxTerm(iri string) bool {
	switch iri {
	case rdfRDF, rdfID, rdfAbout, rdfParseType, rdfResource, rdfNodeID, rdfDatatype,
		rdfAboutEach, rdfAboutEachPrefix, rdfBagID:
		return true
	}
	return false
}

// isNodeElementName reports whether iri may name a node element.
func isNodeElementName(iri string) bool { return !isCoreSyntaxTerm(iri) && iri != rdfLi }

// isPropertyElementName reports whether iri may name a property element.
func isPropertyElementName(iri string) bool {
	return !isCoreSyntaxTerm(iri) && iri != rdfDescription
}

// isPropertyAttrName reports whether iri may name a property attribute.
func isPropertyAttrName(iri string) bool {
	return !isCoreSyntaxTerm(iri) && iri != rdfDescription && iri != rdfLi
}

// isNCName reports whether s is an XML NCName (a name without colons).
func isNCName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if i == 0 && !isNameStartChar(r) || i > 0 && !isNameChar(r) {
			return false
		}
	}
	return true
}

// isNameStartChar reports whether r may start an NCName.
func isNameStartChar(r rune) bool { return isPNCharsU(r) }

// isNameChar reports whether r may continue an NCName.
func isNameChar(r rune) bool { return r == '.' || isPNChars(r) }

// isXMLChar reports whether r may appear in an XML 1.0 document.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// isXMLSpace reports whether s consists of XML white space only.
func isXMLSpace(s []byte) bool {
	for _, c := range s {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// splitQName splits an IRI into a namespace and the longest NCName suffix
// that can serve as an XML local name. ok is false when no such suffix
// exists.
func splitQName(iri string) (ns, local string, ok bool) {
	start := -1
	for i := len(iri); i > 0; {
		r, size := utf8.DecodeLastRuneInString(iri[:i])
		if !isNameChar(r) {
			break
		}
		i -= size
		if isNameStartChar(r) {
			start = i
		}
	}
	if start <= 0 {
		return "", "", false
	}
	return iri[:start], iri[start:], true
}

// escapeIRIChars percent-encodes the characters that IRIs cannot contain
// (white space, controls, <>"{}|^`\), which real-world documents put
// into URLs, so that every IRI read can be written in any syntax.
func escapeIRIChars(s string) string {
	if !strings.ContainsFunc(s, isBadIRIChar) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !isBadIRIChar(r) {
			b.WriteRune(r)
			continue
		}
		for _, c := range []byte(string(r)) {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// isBadIRIChar reports whether r may not appear in an IRI.
func isBadIRIChar(r rune) bool {
	switch r {
	case '<', '>', '"', '{', '}', '|', '^', '`', '\\':
		return true
	}
	return r <= 0x20 || 0x7F <= r && r <= 0x9F
}

// attrEscaper and textEscaper escape XML attribute values and character
// data as Exclusive XML Canonicalization does.
var (
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", `"`, "&quot;",
		"\t", "&#x9;", "\n", "&#xA;", "\r", "&#xD;")
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#xD;")
)
