package rdf

import (
	"bufio"
	"io"
	"strings"
)

// ttlDecoder is a streaming Turtle parser: it reads one statement at a
// time through a buffered reader and hands out that statement's triples,
// so memory is bounded by the largest statement, not the document.
type ttlDecoder struct {
	lx       lexer
	tok      token
	hasTok   bool
	base     string
	prefixes map[string]string
	blanks   blankScope
	queue    []Triple
	qi       int
	err      error
	depth    int // open blank node property lists and collections
}

// MaxTurtleNesting caps how deeply blank node property lists ("[ … ]") and
// collections ("( … )") may nest in Turtle. The parser is recursive; without
// the cap a document of a few megabytes of "[" or "(" would exhaust the
// goroutine stack, which aborts the whole process.
const MaxTurtleNesting = 1000

func newTurtleDecoder(r io.Reader, base string) Decoder {
	d := &ttlDecoder{base: base, prefixes: map[string]string{}, blanks: newBlankScope()}
	d.lx.r = bufio.NewReaderSize(r, 64<<10)
	d.lx.line, d.lx.col = 1, 1
	if d.lx.peek(0) == '\uFEFF' {
		d.lx.next()
		d.lx.col = 1
	}
	return d
}

// Decode returns the next triple, or io.EOF after the last one. After a
// syntax error it keeps returning that error.
func (d *ttlDecoder) Decode() (Triple, error) {
	for d.qi >= len(d.queue) {
		if d.err != nil {
			return Triple{}, d.err
		}
		d.queue, d.qi = d.queue[:0], 0
		d.err = d.statement()
		if d.err != nil && d.err != io.EOF {
			d.queue = d.queue[:0] // drop the broken statement's triples
		}
	}
	t := d.queue[d.qi]
	d.qi++
	return t, nil
}

// statement parses one directive or triples statement; it returns io.EOF
// at the end of the input.
func (d *ttlDecoder) statement() (err error) {
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(syntaxError)
			if !ok {
				panic(r)
			}
			err = se.err
		}
	}()
	d.depth = 0
	t := d.peek()
	switch {
	case t.kind == tEOF:
		return io.EOF
	case t.kind == tLang && (t.val == "prefix" || t.val == "base"):
		d.directive(t.val)
		d.expectPunct(".")
	case t.kind == tWord && (strings.EqualFold(t.val, "PREFIX") || strings.EqualFold(t.val, "BASE")):
		d.directive(strings.ToLower(t.val))
	default:
		d.triples()
		d.expectPunct(".")
	}
	return nil
}

func (d *ttlDecoder) peek() token {
	if !d.hasTok {
		d.tok, d.hasTok = d.lx.token(), true
	}
	return d.tok
}

func (d *ttlDecoder) next() token {
	t := d.peek()
	d.hasTok = false
	return t
}

func (d *ttlDecoder) isPunct(p string) bool {
	t := d.peek()
	return t.kind == tPunct && t.val == p
}

func (d *ttlDecoder) expectPunct(p string) {
	if t := d.next(); t.kind != tPunct || t.val != p {
		d.failAt(t, "expected %q, found %s", p, t.describe())
	}
}

func (d *ttlDecoder) failAt(t token, format string, args ...any) {
	d.lx.fail(t.line, t.col, format, args...)
}

// directive parses the rest of a prefix or base directive.
func (d *ttlDecoder) directive(kind string) {
	d.next()
	if kind == "prefix" {
		t := d.next()
		if t.kind != tPName || t.local != "" {
			d.failAt(t, "expected a prefix name ending in ':', found %s", t.describe())
		}
		d.prefixes[t.val] = d.iriTerm(d.expectIRI()).Value
		return
	}
	d.base = d.iriTerm(d.expectIRI()).Value
}

func (d *ttlDecoder) expectIRI() token {
	t := d.next()
	if t.kind != tIRI {
		d.failAt(t, "expected an IRI in <>, found %s", t.describe())
	}
	return t
}

// iriTerm resolves an IRIREF or expands a prefixed name.
func (d *ttlDecoder) iriTerm(t token) Term {
	if t.kind == tPName {
		ns, ok := d.prefixes[t.val]
		if !ok {
			d.failAt(t, "undefined prefix %q", t.val)
		}
		return IRI(ns + t.local)
	}
	if isAbsoluteIRI(t.val) {
		return IRI(t.val) // taken as written, like N-Triples does
	}
	v, err := resolveIRI(d.base, t.val)
	if err != nil {
		d.failAt(t, "%v", err)
	}
	return IRI(v)
}

func (d *ttlDecoder) emit(s, p, o Term) { d.queue = append(d.queue, Triple{S: s, P: p, O: o}) }

// triples parses subject predicateObjectList | blankNodePropertyList
// predicateObjectList?
func (d *ttlDecoder) triples() {
	t := d.peek()
	if t.kind == tPunct && t.val == "[" {
		d.nest(d.next())
		defer d.unnest()
		s := d.blanks.fresh()
		if d.isPunct("]") {
			d.next()
			d.predicateObjectList(s)
			return
		}
		d.predicateObjectList(s)
		d.expectPunct("]")
		if !d.isPunct(".") {
			d.predicateObjectList(s)
		}
		return
	}
	var s Term
	switch {
	case t.kind == tIRI || t.kind == tPName:
		s = d.iriTerm(d.next())
	case t.kind == tBlank:
		s = d.blanks.named(d.next().val)
	case t.kind == tPunct && t.val == "(":
		s = d.collection()
	default:
		d.failAt(t, "expected a subject, found %s", t.describe())
	}
	d.predicateObjectList(s)
}

// predicateObjectList parses verb objectList (';' (verb objectList)?)*.
func (d *ttlDecoder) predicateObjectList(s Term) {
	d.objectList(s, d.verb())
	for d.isPunct(";") {
		d.next()
		if t := d.peek(); t.kind == tIRI || t.kind == tPName || t.kind == tWord && t.val == "a" {
			d.objectList(s, d.verb())
		}
	}
}

func (d *ttlDecoder) verb() Term {
	t := d.next()
	switch {
	case t.kind == tWord && t.val == "a":
		return IRI(RDFType)
	case t.kind == tIRI || t.kind == tPName:
		return d.iriTerm(t)
	}
	d.failAt(t, "expected a predicate, found %s", t.describe())
	return Term{}
}

func (d *ttlDecoder) objectList(s, p Term) {
	d.emit(s, p, d.object())
	for d.isPunct(",") {
		d.next()
		d.emit(s, p, d.object())
	}
}

// object parses any object term, emitting the triples of nested blank
// node property lists and collections.
func (d *ttlDecoder) object() Term {
	t := d.next()
	switch t.kind {
	case tIRI, tPName:
		return d.iriTerm(t)
	case tBlank:
		return d.blanks.named(t.val)
	case tString:
		return d.literal(t.val)
	case tInteger:
		return TypedLiteral(t.val, XSDInteger)
	case tDecimal:
		return TypedLiteral(t.val, XSDDecimal)
	case tDouble:
		return TypedLiteral(t.val, XSD+"double")
	case tWord:
		if t.val == "true" || t.val == "false" {
			return TypedLiteral(t.val, XSDBoolean)
		}
	case tPunct:
		switch t.val {
		case "[":
			d.nest(t)
			defer d.unnest()
			b := d.blanks.fresh()
			if !d.isPunct("]") {
				d.predicateObjectList(b)
			}
			d.expectPunct("]")
			return b
		case "(":
			d.hasTok, d.tok = true, t // collection expects its "("
			return d.collection()
		}
	}
	d.failAt(t, "expected an object, found %s", t.describe())
	return Term{}
}

// nest enters a blank node property list or collection opened by t,
// failing beyond MaxTurtleNesting levels.
func (d *ttlDecoder) nest(t token) {
	if d.depth++; d.depth > MaxTurtleNesting {
		d.failAt(t, "blank nodes and collections nested deeper than %d levels", MaxTurtleNesting)
	}
}

// unnest leaves the innermost blank node property list or collection.
func (d *ttlDecoder) unnest() { d.depth-- }

// literal parses the optional language tag or datatype after a string.
func (d *ttlDecoder) literal(lex string) Term {
	t := d.peek()
	switch {
	case t.kind == tLang:
		d.next()
		return LangLiteral(lex, t.val)
	case t.kind == tPunct && t.val == "^^":
		d.next()
		dt := d.next()
		if dt.kind != tIRI && dt.kind != tPName {
			d.failAt(dt, "expected a datatype IRI after ^^, found %s", dt.describe())
		}
		return TypedLiteral(lex, d.iriTerm(dt).Value)
	}
	return Literal(lex)
}

// collection parses ( object* ) into an rdf:first/rdf:rest list and
// returns its head (rdf:nil when empty).
func (d *ttlDecoder) collection() Term {
	d.nest(d.peek())
	defer d.unnest()
	d.expectPunct("(")
	head, prev := IRI(RDF+"nil"), Term{}
	for !d.isPunct(")") {
		node := d.blanks.fresh()
		if prev.IsZero() {
			head = node
		} else {
			d.emit(prev, IRI(RDF+"rest"), node)
		}
		d.emit(node, IRI(RDF+"first"), d.object())
		prev = node
	}
	d.next()
	if !prev.IsZero() {
		d.emit(prev, IRI(RDF+"rest"), IRI(RDF+"nil"))
	}
	return head
}
