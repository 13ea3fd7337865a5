package rdf

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// rdfxmlEncoder writes RDF/XML: one rdf:Description (or typed node
// element) per subject and Encode call, property elements named by the
// given prefixes, and a namespace declared on the property element itself
// for predicates no prefix covers.
type rdfxmlEncoder struct {
	w        *bufio.Writer
	prefixes []Prefix
	local    string // prefix name for namespaces declared on a property element
	started  bool
	closed   bool
	err      error
	// names caches prefixed, since predicates and classes repeat from node
	// to node; it holds at most maxCachedNames entries.
	names map[string]cachedName
}

// cachedName is a result of rdfxmlEncoder.prefixed.
type cachedName struct {
	name string
	ok   bool
}

// maxCachedNames bounds the names an RDF/XML encoder remembers.
const maxCachedNames = 4096

// newRDFXMLEncoder returns an encoder writing RDF/XML to w that declares
// the given prefixes (and rdf) on the rdf:RDF element.
func newRDFXMLEncoder(w io.Writer, prefixes []Prefix) Encoder {
	e := &rdfxmlEncoder{w: bufio.NewWriter(w), prefixes: []Prefix{{"rdf", RDF}}}
	names := map[string]bool{"rdf": true}
	for _, p := range prefixes {
		switch {
		case p.Name == "rdf" && p.IRI != RDF:
			e.err = fmt.Errorf("rdf/xml: the prefix rdf must stand for %s", RDF)
		case names[p.Name] || p.Name == "" || p.IRI == "":
			// first binding of a name wins; no default namespace
		case !isNCName(p.Name) || strings.HasPrefix(strings.ToLower(p.Name), "xml"):
			e.err = fmt.Errorf("rdf/xml: %q cannot be an XML namespace prefix", p.Name)
		default:
			names[p.Name] = true
			e.prefixes = append(e.prefixes, p)
		}
	}
	for i := 0; ; i++ {
		if e.local = fmt.Sprintf("ns%d", i); !names[e.local] {
			break
		}
	}
	return e
}

// Encode writes the triples grouped by subject.
func (e *rdfxmlEncoder) Encode(ts ...Triple) error {
	if e.err != nil {
		return e.err
	}
	if e.closed {
		return errors.New("rdf/xml: Encode after Close")
	}
	e.begin()
	order, groups := bySubject(ts)
	for _, s := range order {
		if err := e.writeNode(s, groups[s]); err != nil {
			e.err = err
			return err
		}
	}
	if err := e.w.Flush(); err != nil {
		e.err = err
	}
	return e.err
}

// Close writes the end of the document.
func (e *rdfxmlEncoder) Close() error {
	if e.err != nil {
		return e.err
	}
	if e.closed {
		return errors.New("rdf/xml: Close called twice")
	}
	e.closed = true
	e.begin()
	e.w.WriteString("</rdf:RDF>\n")
	e.err = e.w.Flush()
	return e.err
}

// begin writes the XML declaration and the rdf:RDF start tag once.
func (e *rdfxmlEncoder) begin() {
	if e.started {
		return
	}
	e.started = true
	e.w.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n<rdf:RDF")
	for _, p := range e.prefixes {
		e.w.WriteString("\n    xmlns:" + p.Name + `="`)
		if err := writeEscaped(e.w, p.IRI, true); err != nil && e.err == nil {
			e.err = err
		}
		e.w.WriteByte('"')
	}
	e.w.WriteString(">\n")
}

// writeNode writes one node element with the triples ts about s.
func (e *rdfxmlEncoder) writeNode(s Term, ts []Triple) error {
	elem, typed := "rdf:Description", -1
	for i, t := range ts {
		if t.P.Value == RDFType && t.O.IsIRI() && isNodeElementName(t.O.Value) && t.O.Value != rdfDescription {
			if name, ok := e.prefixed(t.O.Value); ok {
				elem, typed = name, i
				break
			}
		}
	}
	e.w.WriteString("  <")
	e.w.WriteString(elem)
	if err := e.writeRef(s, "rdf:about"); err != nil {
		return err
	}
	e.w.WriteString(">\n")
	for i, t := range ts {
		if i == typed {
			continue
		}
		if err := e.writeProperty(t); err != nil {
			return err
		}
	}
	e.w.WriteString("  </")
	e.w.WriteString(elem)
	e.w.WriteString(">\n")
	return nil
}

// writeRef writes an IRI as the attribute iriAttr, or a blank node as
// rdf:nodeID.
func (e *rdfxmlEncoder) writeRef(t Term, iriAttr string) error {
	switch t.Kind {
	case KindIRI:
		e.w.WriteString(" " + iriAttr + `="`)
		if err := writeEscaped(e.w, t.Value, true); err != nil {
			return err
		}
	case KindBlank:
		e.w.WriteString(` rdf:nodeID="` + nodeIDLabel(t.Value))
	default:
		return fmt.Errorf("rdf/xml: %s cannot be a subject or reference", t)
	}
	e.w.WriteByte('"')
	return nil
}

// writeProperty writes one property element.
func (e *rdfxmlEncoder) writeProperty(t Triple) error {
	p := t.P.Value
	if !t.P.IsIRI() || !isPropertyElementName(p) || p == rdfLi {
		return fmt.Errorf("rdf/xml: predicate %s cannot be written as RDF/XML", t.P)
	}
	name, ok := e.prefixed(p)
	decl := ""
	if !ok {
		ns, local, ok := splitQName(p)
		if !ok {
			return fmt.Errorf("rdf/xml: predicate %s has no XML local name", t.P)
		}
		name, decl = e.local+":"+local, ns
	}
	e.w.WriteString("    <")
	e.w.WriteString(name)
	if decl != "" {
		e.w.WriteString(" xmlns:" + e.local + `="`)
		if err := writeEscaped(e.w, decl, true); err != nil {
			return err
		}
		e.w.WriteByte('"')
	}
	o := t.O
	if !o.IsLiteral() {
		if err := e.writeRef(o, "rdf:resource"); err != nil {
			return err
		}
		e.w.WriteString("/>\n")
		return nil
	}
	raw := false
	switch {
	case o.Lang != "":
		e.w.WriteString(` xml:lang="`)
		if err := writeEscaped(e.w, o.Lang, true); err != nil {
			return err
		}
		e.w.WriteString(`">`)
	case o.Datatype == XSDString || o.Datatype == "":
		e.w.WriteByte('>')
	case o.Datatype == rdfXMLLiteral && isCanonicalXMLLiteral(o.Value):
		e.w.WriteString(` rdf:parseType="Literal">`)
		raw = true
	default:
		e.w.WriteString(` rdf:datatype="`)
		if err := writeEscaped(e.w, o.Datatype, true); err != nil {
			return err
		}
		e.w.WriteString(`">`)
	}
	if raw {
		e.w.WriteString(o.Value)
	} else if err := writeEscaped(e.w, o.Value, false); err != nil {
		return err
	}
	e.w.WriteString("</")
	e.w.WriteString(name)
	e.w.WriteString(">\n")
	return nil
}

// prefixed returns iri as a qualified name with one of the prefixes,
// preferring the longest namespace.
func (e *rdfxmlEncoder) prefixed(iri string) (string, bool) {
	if c, ok := e.names[iri]; ok {
		return c.name, c.ok
	}
	name, ok := e.qualify(iri)
	if e.names == nil {
		e.names = map[string]cachedName{}
	}
	if len(e.names) < maxCachedNames {
		e.names[iri] = cachedName{name, ok}
	}
	return name, ok
}

// qualify does the work of prefixed.
func (e *rdfxmlEncoder) qualify(iri string) (string, bool) {
	best := -1
	for i, p := range e.prefixes {
		if strings.HasPrefix(iri, p.IRI) && isNCName(iri[len(p.IRI):]) &&
			(best < 0 || len(p.IRI) > len(e.prefixes[best].IRI)) {
			best = i
		}
	}
	if best < 0 {
		return "", false
	}
	return e.prefixes[best].Name + ":" + iri[len(e.prefixes[best].IRI):], true
}

// nodeIDLabel turns a blank node label into an rdf:nodeID value: labels
// that are NCNames stay, others (and those starting with "_x") become
// "_x" and the label's bytes in hex.
func nodeIDLabel(label string) string {
	if isNCName(label) && !strings.HasPrefix(label, "_x") {
		return label
	}
	return "_x" + hex.EncodeToString([]byte(label))
}

// isCanonicalXMLLiteral reports whether v is an XML literal in the
// canonical form the decoder produces, so it can be written as
// rdf:parseType="Literal" content and read back unchanged.
func isCanonicalXMLLiteral(v string) bool {
	doc := `<rdf:Description xmlns:rdf="` + RDF + `" rdf:about="urn:x"><rdf:value rdf:parseType="Literal">` +
		v + `</rdf:value></rdf:Description>`
	dec := newRDFXMLDecoder(strings.NewReader(doc), "")
	n, got := 0, ""
	for {
		t, err := dec.Decode()
		if err == io.EOF {
			return n == 1 && got == v
		}
		if err != nil {
			return false
		}
		n++
		got = t.O.Value
	}
}

// writeEscaped writes s as XML character data, or as an attribute value
// in double quotes. Characters XML 1.0 cannot carry are an error. The
// runs between characters that need a reference are copied whole.
func writeEscaped(w *bufio.Writer, s string, attr bool) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("rdf/xml: %q is not valid UTF-8", s)
	}
	start := 0
	for i, r := range s {
		var ref string
		switch {
		case r == '&':
			ref = "&amp;"
		case r == '<':
			ref = "&lt;"
		case r == '>':
			ref = "&gt;"
		case r == '\r':
			ref = "&#xD;"
		case attr && r == '"':
			ref = "&quot;"
		case attr && r == '\t':
			ref = "&#x9;"
		case attr && r == '\n':
			ref = "&#xA;"
		case !isXMLChar(r):
			return fmt.Errorf("rdf/xml: character %U cannot be written in XML 1.0", r)
		default:
			continue
		}
		w.WriteString(s[start:i])
		w.WriteString(ref)
		start = i + utf8.RuneLen(r)
	}
	w.WriteString(s[start:])
	return nil
}
