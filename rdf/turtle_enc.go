package rdf

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// ttlEncoder writes Turtle: the prefixes first, then per Encode call the
// triples grouped by subject, with blank nodes that are the object of
// exactly one triple nested as [ … ].
//
// Nesting is decided within one Encode call, so a blank node nested in one
// call must not appear in another call (it would be a different node
// there); blank nodes that are not nested keep their labels across calls.
type ttlEncoder struct {
	w        io.Writer
	prefixes []Prefix // valid ones, longest namespace first
	started  bool
	closed   bool
	buf      strings.Builder
	// last is the size of the previous call's output: the next call's
	// buffer starts that large instead of growing to it.
	last int
	err  error // first bad term of the current call
}

func newTurtleEncoder(w io.Writer, prefixes []Prefix) Encoder {
	e := &ttlEncoder{w: w}
	seen := map[string]bool{}
	for _, p := range prefixes {
		if seen[p.Name] || !isPNPrefix(p.Name) || !isAbsoluteIRI(p.IRI) {
			continue
		}
		seen[p.Name] = true
		e.prefixes = append(e.prefixes, p)
	}
	return e
}

// isPNPrefix reports whether s is empty or a valid PN_PREFIX.
func isPNPrefix(s string) bool { return isPNName(s, isPNCharsBase) }

// header writes the prefix directives once, before anything else.
func (e *ttlEncoder) header() {
	if e.started {
		return
	}
	e.started = true
	for _, p := range e.prefixes {
		e.buf.WriteString("@prefix " + p.Name + ": ")
		e.writeIRIRef(p.IRI)
		e.buf.WriteString(" .\n")
	}
	if len(e.prefixes) > 0 {
		e.buf.WriteByte('\n')
	}
	e.sortPrefixes()
}

// skipHeader makes the encoder write groups only, as after the header (see
// GroupEncoder).
func (e *ttlEncoder) skipHeader() {
	e.started = true
	e.sortPrefixes()
}

// sortPrefixes puts the longest namespace first, so the most specific
// prefix wins.
func (e *ttlEncoder) sortPrefixes() {
	sort.SliceStable(e.prefixes, func(i, j int) bool { return len(e.prefixes[i].IRI) > len(e.prefixes[j].IRI) })
}

// Encode writes the triples as one group; nothing is written when a
// triple is invalid.
func (e *ttlEncoder) Encode(ts ...Triple) error {
	if e.closed {
		return errors.New("rdf: turtle encoder used after Close")
	}
	for _, t := range ts {
		if err := checkTriple(t); err != nil {
			return err
		}
	}
	e.buf.Reset()
	e.buf.Grow(e.last)
	e.err = nil
	e.header()
	g := groupBySubject(ts)
	for _, s := range g.order {
		if g.nested[s] {
			continue
		}
		e.writeTerm(s)
		e.buf.WriteByte(' ')
		e.writePredicates(g, s, 1)
		e.buf.WriteString(" .\n")
	}
	if e.err != nil {
		return e.err
	}
	e.last = e.buf.Len()
	_, err := io.WriteString(e.w, e.buf.String())
	return err
}

// Close writes the prefixes if nothing was encoded; it does not close the
// underlying writer.
func (e *ttlEncoder) Close() error {
	if e.closed {
		return nil
	}
	e.closed = true
	if e.started {
		return nil
	}
	e.buf.Reset()
	e.header()
	_, err := io.WriteString(e.w, e.buf.String())
	return err
}

// subjectGroups is one Encode call's triples grouped by subject.
type subjectGroups struct {
	ts     []Triple
	order  []Term
	bySubj map[Term][]int // indices into ts
	nested map[Term]bool
}

// groupBySubject groups ts by subject (in order of first appearance) and
// finds the blank nodes to nest: those that are the object of exactly one
// triple and not on a cycle of such nodes.
func groupBySubject(ts []Triple) subjectGroups {
	g := subjectGroups{ts: ts, bySubj: make(map[Term][]int, len(ts)/4), nested: map[Term]bool{}}
	uses := map[Term]int{}
	parent := map[Term]Term{}
	for i, t := range ts {
		idx, ok := g.bySubj[t.S]
		if !ok {
			g.order = append(g.order, t.S)
		}
		g.bySubj[t.S] = append(idx, i)
		if t.O.IsBlank() {
			uses[t.O]++
			parent[t.O] = t.S
		}
	}
	// parent is a function on the candidates; candidates on one of its
	// cycles cannot be nested, all others can.
	const (
		unseen = iota
		onPath
		done
	)
	state := map[Term]int{}
	for b, n := range uses {
		if n != 1 || state[b] != unseen {
			continue
		}
		var path []Term
		x := b
		for uses[x] == 1 && x.IsBlank() && state[x] == unseen {
			state[x] = onPath
			path = append(path, x)
			x = parent[x]
		}
		cycleFrom := len(path)
		if state[x] == onPath {
			for i, p := range path {
				if p == x {
					cycleFrom = i
				}
			}
		}
		for i, p := range path {
			state[p] = done
			g.nested[p] = i < cycleFrom
		}
	}
	return g
}

// predicateObjects is a predicate of a subject and its objects, in
// order.
type predicateObjects struct {
	p    Term
	objs []Term
}

// writePredicates writes the predicate-object list of s, rdf:type first.
// A subject has a few dozen predicates at most, so they are found by
// scanning rather than hashing.
func (e *ttlEncoder) writePredicates(g subjectGroups, s Term, depth int) {
	var preds []predicateObjects
	for _, i := range g.bySubj[s] {
		t := g.ts[i]
		k := slices.IndexFunc(preds, func(po predicateObjects) bool { return po.p == t.P })
		switch {
		case k >= 0:
		case t.P.Value == RDFType:
			preds = slices.Insert(preds, 0, predicateObjects{p: t.P})
			k = 0
		default:
			preds = append(preds, predicateObjects{p: t.P})
			k = len(preds) - 1
		}
		preds[k].objs = append(preds[k].objs, t.O)
	}
	for i, po := range preds {
		p := po.p
		if i > 0 {
			e.buf.WriteString(" ;\n")
			e.indent(depth)
		}
		if p.Value == RDFType {
			e.buf.WriteByte('a')
		} else {
			e.writeTerm(p)
		}
		for j, o := range po.objs {
			if j > 0 {
				e.buf.WriteString(" ,")
			}
			e.buf.WriteByte(' ')
			if o.IsBlank() && g.nested[o] {
				e.writeNested(g, o, depth)
			} else {
				e.writeTerm(o)
			}
		}
	}
}

// writeNested writes blank node b as [ … ].
func (e *ttlEncoder) writeNested(g subjectGroups, b Term, depth int) {
	if len(g.bySubj[b]) == 0 {
		e.buf.WriteString("[]")
		return
	}
	e.buf.WriteString("[\n")
	e.indent(depth + 1)
	e.writePredicates(g, b, depth+1)
	e.buf.WriteByte('\n')
	e.indent(depth)
	e.buf.WriteByte(']')
}

// indent writes four spaces per level of depth.
func (e *ttlEncoder) indent(depth int) {
	const spaces = "                " // four levels
	for ; depth > 4; depth -= 4 {
		e.buf.WriteString(spaces)
	}
	e.buf.WriteString(spaces[:4*depth])
}

// Lexical forms that Turtle's number and boolean tokens reproduce exactly.
var (
	ttlInteger = regexp.MustCompile(`^[+-]?[0-9]+$`)
	ttlDecimal = regexp.MustCompile(`^[+-]?[0-9]*\.[0-9]+$`)
	ttlDouble  = regexp.MustCompile(`^[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+$`)
)

// writeTerm writes an IRI, blank node or literal in Turtle syntax.
func (e *ttlEncoder) writeTerm(t Term) {
	switch t.Kind {
	case KindIRI:
		e.writeIRI(t.Value)
	case KindBlank:
		e.buf.WriteString("_:")
		e.buf.WriteString(safeBlankLabel(t.Value))
	case KindLiteral:
		switch {
		case t.Lang != "":
			if !isLangTag(t.Lang) && e.err == nil {
				e.err = fmt.Errorf("%w: language tag %q cannot be written in Turtle", errBadTriple, t.Lang)
			}
		case t.Datatype == XSDInteger && ttlInteger.MatchString(t.Value),
			t.Datatype == XSDDecimal && ttlDecimal.MatchString(t.Value),
			t.Datatype == XSD+"double" && ttlDouble.MatchString(t.Value),
			t.Datatype == XSDBoolean && (t.Value == "true" || t.Value == "false"):
			e.buf.WriteString(t.Value)
			return
		}
		e.buf.WriteByte('"')
		escapeString(&e.buf, t.Value)
		e.buf.WriteByte('"')
		switch {
		case t.Lang != "":
			e.buf.WriteByte('@')
			e.buf.WriteString(t.Lang)
		case t.Datatype != "" && t.Datatype != XSDString:
			e.buf.WriteString("^^")
			e.writeIRI(t.Datatype)
		}
	}
}

// writeIRI writes iri as a prefixed name when a prefix fits, else as <iri>.
func (e *ttlEncoder) writeIRI(iri string) {
	for _, p := range e.prefixes {
		if local, ok := strings.CutPrefix(iri, p.IRI); ok && isPlainPNLocal(local) {
			e.buf.WriteString(p.Name)
			e.buf.WriteByte(':')
			e.buf.WriteString(local)
			return
		}
	}
	e.writeIRIRef(iri)
}

func (e *ttlEncoder) writeIRIRef(iri string) { writeIRIRef(&e.buf, iri) }

// isPlainPNLocal reports whether s can be written as a PN_LOCAL without
// backslash escapes (%XX sequences are kept as they are).
func isPlainPNLocal(s string) bool {
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= 0x80 {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case r == '%':
			if i+2 >= len(s) || !isHex(rune(s[i+1])) || !isHex(rune(s[i+2])) {
				return false
			}
			n = 3
		case r == ':' || isPNCharsU(r) || isDigit(r):
		case i > 0 && isPNChars(r):
		case i > 0 && r == '.' && i+1 < len(s):
		default:
			return false
		}
		i += n
	}
	return true
}
