package rdf

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// mustParse parses doc or fails the test.
func mustParse(tb testing.TB, doc string, f Format, base string) *Graph {
	tb.Helper()
	g, err := Parse(strings.NewReader(doc), f, base)
	if err != nil {
		tb.Fatalf("parse %s: %v\n%s", f, err, doc)
	}
	return g
}

func TestTurtleTerms(t *testing.T) {
	doc := `@base <http://ex.org/dir/doc> .
PREFIX ex: <http://ex.org/ns#>
<#s> ex:int 1, -2 ; ex:dec 2.5, .5, -0.0 ; ex:dbl 1e3, 1.E-2, 1.e5 ;
  ex:bool true, false ; ex:str "a\tb", 'c', """x
"y""" ; ex:lang "Bäume"@DE-at ; ex:typed "2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date> ;
  ex:rel <../up> ; ex:esc ex:a\,b%20c ; ex:dots ex:a.b .`
	g := mustParse(t, doc, Turtle, "")
	s := IRI("http://ex.org/dir/doc#s")
	want := map[string][]Term{
		"int":   {TypedLiteral("1", XSDInteger), TypedLiteral("-2", XSDInteger)},
		"dec":   {TypedLiteral("2.5", XSDDecimal), TypedLiteral(".5", XSDDecimal), TypedLiteral("-0.0", XSDDecimal)},
		"dbl":   {TypedLiteral("1e3", XSD+"double"), TypedLiteral("1.E-2", XSD+"double"), TypedLiteral("1.e5", XSD+"double")},
		"bool":  {TypedLiteral("true", XSDBoolean), TypedLiteral("false", XSDBoolean)},
		"str":   {Literal("a\tb"), Literal("c"), Literal("x\n\"y")},
		"lang":  {LangLiteral("Bäume", "de-at")},
		"typed": {TypedLiteral("2024-01-01", XSDDate)},
		"rel":   {IRI("http://ex.org/up")},
		"esc":   {IRI("http://ex.org/ns#a,b%20c")},
		"dots":  {IRI("http://ex.org/ns#a.b")},
	}
	for p, objs := range want {
		if got := g.Objects(s, "http://ex.org/ns#"+p); fmt.Sprint(got) != fmt.Sprint(objs) {
			t.Errorf("ex:%s = %v, want %v", p, got, objs)
		}
	}
	if g.Len() != 18 {
		t.Errorf("got %d triples, want 18", g.Len())
	}
}

func TestTurtleErrorsNameLineAndColumn(t *testing.T) {
	for doc, want := range map[string]string{
		"@prefix ex: <http://ex/> .\nex:s ex:p ex:o ;\n  ex:q ?x .": "line 3, column 8",
		"<http://ex/s> <http://ex/p> \"open\n":                      "line 1, column 29",
		"<http://ex/s> nope:p <http://ex/o> .":                      "line 1, column 15: undefined prefix",
		"<http://ex/s> <http://ex/p> <rel> .":                       "line 1, column 29: relative IRI",
		"<http://ex/s> <http://ex/p> \"\xff\" .":                    "invalid UTF-8",
	} {
		_, err := Parse(strings.NewReader(doc), Turtle, "")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error for %q = %v, want it to contain %q", doc, err, want)
		}
	}
}

func TestTurtleErrorIsSticky(t *testing.T) {
	dec, _ := NewDecoder(strings.NewReader("<http://ex/s> <http://ex/p> 1 .\n<http://ex/s> ] .\n<http://ex/s> <http://ex/p> 2 ."), Turtle, "")
	if _, err := dec.Decode(); err != nil {
		t.Fatal(err)
	}
	_, err1 := dec.Decode()
	_, err2 := dec.Decode()
	if err1 == nil || err1 == io.EOF || !errors.Is(err2, err1) {
		t.Fatalf("errors after a syntax error: %v, then %v", err1, err2)
	}
}

// TestBlankNodesScopedPerDocument parses two documents using the same
// label into one graph: they must stay two nodes.
func TestBlankNodesScopedPerDocument(t *testing.T) {
	for _, f := range []Format{Turtle, NTriples} {
		doc := "_:b1 <http://ex/p> \"x\" .\n"
		g := NewGraph()
		for range 2 {
			g.Add(mustParse(t, doc, f, "").Triples()...)
		}
		if g.Len() != 2 {
			t.Errorf("%s: merged graph has %d triples, want 2 (labels clash across documents)", f, g.Len())
		}
		if a := mustParse(t, doc+doc, f, ""); a.Len() != 1 {
			t.Errorf("%s: one label in one document gave %d nodes", f, a.Len())
		}
	}
}

// endless produces a Turtle or N-Triples document that never ends; a
// decoder that reads the whole input first would never return.
type endless struct {
	n   int
	buf []byte
}

func (e *endless) Read(p []byte) (int, error) {
	if len(e.buf) == 0 {
		e.n++
		e.buf = fmt.Appendf(nil, "<http://ex/s%d> <http://ex/p> \"%d\" .\n", e.n, e.n)
	}
	n := copy(p, e.buf)
	e.buf = e.buf[n:]
	return n, nil
}

func TestDecodersStream(t *testing.T) {
	for _, f := range []Format{Turtle, NTriples} {
		src := &endless{}
		dec, _ := NewDecoder(src, f, "")
		for i := 1; i <= 1000; i++ {
			tr, err := dec.Decode()
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if want := fmt.Sprint(i); tr.O.Value != want {
				t.Fatalf("%s: triple %d has object %q", f, i, tr.O.Value)
			}
		}
		if src.n > 1000+64<<10/40 {
			t.Errorf("%s: read %d statements to decode 1000", f, src.n)
		}
	}
}

// TestTurtleKeepsAbsoluteIRIs: only relative IRIs are resolved, so an
// absolute IRI read from N-Triples survives a Turtle round trip unchanged
// (found by FuzzNTriples).
func TestTurtleKeepsAbsoluteIRIs(t *testing.T) {
	g := mustParse(t, "<http:.#x> <http://ex/a/../p> <http://ex/./o> .", Turtle, "http://base/")
	want := Triple{IRI("http:.#x"), IRI("http://ex/a/../p"), IRI("http://ex/./o")}
	if !g.Has(want) {
		t.Errorf("got %v, want %v", g.Triples(), want)
	}
}
