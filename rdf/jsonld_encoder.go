package rdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// jsonldEncoder writes a flat JSON-LD document: a context made of the
// prefixes, then one node object per subject and Encode call in "@graph".
type jsonldEncoder struct {
	w        io.Writer
	prefixes []Prefix       // the usable prefixes, in the caller's order
	terms    map[string]int // prefix name → index in prefixes
	started  bool           // the header has been written
	nodes    int            // node objects written so far
	closed   bool
	err      error // the first write error, returned ever after
}

// newJSONLDEncoder returns an encoder writing JSON-LD to w. The prefixes
// become the document's inline context (no remote context is referenced)
// and abbreviate IRIs as compact IRIs ("dcat:Dataset"); prefixes whose name
// is not a plain JSON-LD term or whose IRI does not end in a JSON-LD 1.1
// prefix delimiter (/ # : ? [ ] @) are left out, as is a repeated name.
//
// Each Encode call writes one node object per subject, subjects in order of
// first appearance, properties in order of first appearance: "@id",
// "@type" for rdf:type IRIs, then every predicate as a key with an array of
// value objects ({"@id"} for resources; {"@value"} with "@language" or
// "@type" for literals). Blank nodes are written as "_:label"; nothing is
// nested. Output is deterministic for the same triples in the same order.
//
// A node in which some IRI would be misread through the context (an IRI
// such as "dcat:x" whose scheme is a prefix name) is written with
// "@context": null and full IRIs only.
func newJSONLDEncoder(w io.Writer, prefixes []Prefix) Encoder {
	e := &jsonldEncoder{w: w, terms: map[string]int{}}
	for _, p := range prefixes {
		if _, dup := e.terms[p.Name]; dup || !jsonldUsablePrefix(p) {
			continue
		}
		e.terms[p.Name] = len(e.prefixes)
		e.prefixes = append(e.prefixes, p)
	}
	return e
}

// jsonldUsablePrefix reports whether p can be a JSON-LD 1.1 prefix term:
// a name like a Turtle prefix (not "_", no colon) bound to an absolute IRI
// ending in a gen-delim character.
func jsonldUsablePrefix(p Prefix) bool {
	if p.Name == "" || p.Name == "_" || p.IRI == "" || !jsonldWellFormedIRI(p.IRI) {
		return false
	}
	for i, r := range p.Name {
		letter := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == '_'
		if !letter && (i == 0 || !('0' <= r && r <= '9' || r == '-' || r == '.')) {
			return false
		}
	}
	return strings.ContainsRune("/#:?[]@", rune(p.IRI[len(p.IRI)-1]))
}

// Encode writes one node object per subject of ts.
func (e *jsonldEncoder) Encode(ts ...Triple) error {
	if e.closed {
		return errors.New("rdf: JSON-LD encoder used after Close")
	}
	if e.err != nil {
		return e.err
	}
	for _, t := range ts {
		if !t.S.IsResource() || !t.P.IsIRI() || t.O.IsZero() {
			return fmt.Errorf("rdf: JSON-LD cannot write the triple %s", t)
		}
	}
	var b bytes.Buffer
	if !e.started {
		e.writeHeader(&b)
	}
	order, groups := bySubject(ts)
	for _, s := range order {
		e.writeNode(&b, s, groups[s])
	}
	return e.write(b.Bytes())
}

// Close writes the end of the document (and its start, when Encode was
// never called).
func (e *jsonldEncoder) Close() error {
	if e.closed {
		return e.err
	}
	e.closed = true
	if e.err != nil {
		return e.err
	}
	var b bytes.Buffer
	if !e.started {
		e.writeHeader(&b)
	}
	b.WriteString("\n  ]\n}\n")
	return e.write(b.Bytes())
}

// write writes p, remembering the first error.
func (e *jsonldEncoder) write(p []byte) error {
	if _, err := e.w.Write(p); err != nil {
		e.err = fmt.Errorf("rdf: writing JSON-LD: %w", err)
	}
	return e.err
}

// writeHeader writes the context and opens "@graph".
func (e *jsonldEncoder) writeHeader(b *bytes.Buffer) {
	e.started = true
	b.WriteString("{\n  \"@context\": {")
	for i, p := range e.prefixes {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n    ")
		jsonldQuote(b, p.Name)
		b.WriteString(": ")
		jsonldQuote(b, p.IRI)
	}
	if len(e.prefixes) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("},\n  \"@graph\": [")
}

// writeNode writes the node object of subject s with the triples ts.
func (e *jsonldEncoder) writeNode(b *bytes.Buffer, s Term, ts []Triple) {
	compact := e.compact
	nullContext := e.misread(s, ts)
	if nullContext {
		compact = func(iri string) string { return iri }
	}
	if e.nodes > 0 {
		b.WriteByte(',')
	}
	e.nodes++
	b.WriteString("\n    {")
	if nullContext {
		b.WriteString("\n      \"@context\": null,")
	}
	b.WriteString("\n      \"@id\": ")
	jsonldQuote(b, jsonldRef(s, compact))

	var types []string
	var keys []string
	values := map[string][]Term{}
	for _, t := range ts {
		if t.P.Value == RDFType && t.O.IsIRI() {
			types = append(types, compact(t.O.Value))
			continue
		}
		k := compact(t.P.Value)
		if _, seen := values[k]; !seen {
			keys = append(keys, k)
		}
		values[k] = append(values[k], t.O)
	}
	if len(types) > 0 {
		b.WriteString(",\n      \"@type\": ")
		jsonldStrings(b, types)
	}
	for _, k := range keys {
		b.WriteString(",\n      ")
		jsonldQuote(b, k)
		b.WriteString(": [")
		for i, o := range values[k] {
			if i > 0 {
				b.WriteByte(',')
			}
			if len(values[k]) > 1 {
				b.WriteString("\n        ")
			}
			jsonldValue(b, o, compact)
		}
		if len(values[k]) > 1 {
			b.WriteString("\n      ")
		}
		b.WriteByte(']')
	}
	b.WriteString("\n    }")
}

// compact returns iri as a compact IRI with the longest matching prefix, or
// unchanged when none fits.
func (e *jsonldEncoder) compact(iri string) string {
	best := -1
	for i, p := range e.prefixes {
		if strings.HasPrefix(iri, p.IRI) && !strings.HasPrefix(iri[len(p.IRI):], "//") &&
			(best < 0 || len(p.IRI) > len(e.prefixes[best].IRI)) {
			best = i
		}
	}
	if best < 0 {
		return iri
	}
	return e.prefixes[best].Name + ":" + iri[len(e.prefixes[best].IRI):]
}

// misread reports whether some IRI of the node, written uncompacted, would
// be expanded through the context into another IRI.
func (e *jsonldEncoder) misread(s Term, ts []Triple) bool {
	bad := func(t Term) bool {
		switch {
		case t.IsIRI():
			return e.compact(t.Value) == t.Value && e.captured(t.Value)
		case t.IsLiteral() && t.Lang == "" && t.Datatype != XSDString:
			return e.compact(t.Datatype) == t.Datatype && e.captured(t.Datatype)
		}
		return false
	}
	if bad(s) {
		return true
	}
	for _, t := range ts {
		if bad(t.P) || bad(t.O) {
			return true
		}
	}
	return false
}

// captured reports whether JSON-LD IRI expansion with the encoder's context
// would treat iri as a term or compact IRI rather than as itself.
func (e *jsonldEncoder) captured(iri string) bool {
	prefix, suffix, found := strings.Cut(iri, ":")
	if !found {
		_, isTerm := e.terms[iri]
		return isTerm
	}
	_, isTerm := e.terms[prefix]
	return isTerm && !strings.HasPrefix(suffix, "//")
}

// jsonldRef returns the "@id" string of a resource.
func jsonldRef(t Term, compact func(string) string) string {
	if t.IsBlank() {
		return "_:" + t.Value
	}
	return compact(t.Value)
}

// jsonldValue writes the value object of o.
func jsonldValue(b *bytes.Buffer, o Term, compact func(string) string) {
	if o.IsResource() {
		b.WriteString(`{"@id": `)
		jsonldQuote(b, jsonldRef(o, compact))
		b.WriteByte('}')
		return
	}
	b.WriteString(`{"@value": `)
	jsonldQuote(b, o.Value)
	switch {
	case o.Lang != "":
		b.WriteString(`, "@language": `)
		jsonldQuote(b, o.Lang)
	case o.Datatype != "" && o.Datatype != XSDString:
		b.WriteString(`, "@type": `)
		jsonldQuote(b, compact(o.Datatype))
	}
	b.WriteByte('}')
}

// jsonldStrings writes one string, or an array of several.
func jsonldStrings(b *bytes.Buffer, ss []string) {
	if len(ss) == 1 {
		jsonldQuote(b, ss[0])
		return
	}
	b.WriteByte('[')
	for i, s := range ss {
		if i > 0 {
			b.WriteString(", ")
		}
		jsonldQuote(b, s)
	}
	b.WriteByte(']')
}

// jsonldQuote writes s as a JSON string. Unlike encoding/json it leaves <, >
// and & alone; invalid UTF-8 becomes U+FFFD.
func jsonldQuote(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c == '\t':
				b.WriteString(`\t`)
			case c < 0x20:
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xf])
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString("\ufffd")
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}
