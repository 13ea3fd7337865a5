package rdf

import (
	"bytes"
	"strings"
	"testing"
)

func TestTurtleEncodeLayout(t *testing.T) {
	ds, dist := IRI("http://ex.org/d/1"), Blank("dist")
	ts := []Triple{
		{ds, IRI(DCT + "title"), LangLiteral("Bäume", "de")},
		{ds, IRI(RDFType), IRI(DCAT + "Dataset")},
		{ds, IRI(DCT + "title"), LangLiteral("Trees", "en")},
		{ds, IRI(DCAT + "distribution"), dist},
		{dist, IRI(RDFType), IRI(DCAT + "Distribution")},
		{dist, IRI(DCAT + "byteSize"), TypedLiteral("42", XSDInteger)},
		{dist, IRI(DCT + "issued"), TypedLiteral("2024-01-01", XSDDate)},
		{dist, IRI(DCAT + "accessURL"), IRI("http://ex.org/files/a b.csv")},
		{ds, IRI("http://ex.org/vocab#has/slash"), TypedLiteral("1.", XSDDecimal)},
	}
	var buf bytes.Buffer
	err := Write(&buf, Turtle, []Prefix{{"dcat", DCAT}, {"dct", DCT}, {"xsd", XSD}, {"ex", "http://ex.org/vocab#"}}, ts...)
	if err != nil {
		t.Fatal(err)
	}
	want := `@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://ex.org/vocab#> .

<http://ex.org/d/1> a dcat:Dataset ;
    dct:title "Bäume"@de , "Trees"@en ;
    dcat:distribution [
        a dcat:Distribution ;
        dcat:byteSize 42 ;
        dct:issued "2024-01-01"^^xsd:date ;
        dcat:accessURL <http://ex.org/files/a%20b.csv>
    ] ;
    <http://ex.org/vocab#has/slash> "1."^^xsd:decimal .
`
	if got := buf.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// The space, which no IRI may contain, comes back percent-encoded.
	ts[7].O = IRI("http://ex.org/files/a%20b.csv")
	if d := isoDiff(NewGraph(ts...), mustParse(t, buf.String(), Turtle, ""), 10); d != "" {
		t.Error(d)
	}
}

// TestTurtleEncodeBlankNodes covers the nesting rule: only blank nodes
// that are the object of exactly one triple and not on a cycle are nested.
func TestTurtleEncodeBlankNodes(t *testing.T) {
	p, x := IRI("http://ex/p"), IRI("http://ex/x")
	a, b, c, d := Blank("a"), Blank("b"), Blank("c"), Blank("d")
	for _, tc := range []struct {
		name           string
		ts             []Triple
		nested, labels []string // blank labels that must (not) appear
	}{
		{"chain", []Triple{{x, p, a}, {a, p, b}, {b, p, Literal("end")}}, nil, []string{"_:"}},
		{"shared object", []Triple{{x, p, a}, {x, IRI("http://ex/q"), a}}, []string{"_:a"}, nil},
		{"two-cycle", []Triple{{a, p, b}, {b, p, a}}, []string{"_:a", "_:b"}, nil},
		{"self loop", []Triple{{a, p, a}}, []string{"_:a"}, nil},
		{"cycle with tail", []Triple{{a, p, b}, {b, p, a}, {a, p, c}, {c, p, d}}, []string{"_:a", "_:b"}, []string{"_:c", "_:d"}},
		{"object before subject", []Triple{{a, p, Literal("1")}, {x, p, a}}, nil, []string{"_:a"}},
		{"unreferenced subject", []Triple{{a, p, Literal("1")}}, []string{"_:a"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, Turtle, nil, tc.ts...); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, l := range tc.nested {
				if !strings.Contains(out, l+" ") {
					t.Errorf("%s should be written as a label:\n%s", l, out)
				}
			}
			for _, l := range tc.labels {
				if strings.Contains(out, l) {
					t.Errorf("%s should be nested:\n%s", l, out)
				}
			}
			if d := isoDiff(NewGraph(tc.ts...), mustParse(t, out, Turtle, ""), 10); d != "" {
				t.Errorf("%s\n%s", d, out)
			}
		})
	}
}

func TestTurtleEncodeLiteralsAndNames(t *testing.T) {
	prefixes := []Prefix{{"ex", "http://ex/"}, {"exl", "http://ex/long/"}, {"bad name", "http://bad/"}, {"", "http://empty/"}}
	for term, want := range map[Term]string{
		TypedLiteral("-5", XSDInteger):         "-5",
		TypedLiteral("05", XSDInteger):         "05",
		TypedLiteral("five", XSDInteger):       `"five"^^<http://www.w3.org/2001/XMLSchema#integer>`,
		TypedLiteral(".5", XSDDecimal):         ".5",
		TypedLiteral("1E10", XSD+"double"):     "1E10",
		TypedLiteral("INF", XSD+"double"):      `"INF"^^<http://www.w3.org/2001/XMLSchema#double>`,
		TypedLiteral("true", XSDBoolean):       "true",
		TypedLiteral("1", XSDBoolean):          `"1"^^<http://www.w3.org/2001/XMLSchema#boolean>`,
		Literal("tab\there"):                   `"tab\there"`,
		IRI("http://ex/long/x"):                "exl:x",
		IRI("http://ex/a.b"):                   "ex:a.b",
		IRI("http://ex/a."):                    "<http://ex/a.>",
		IRI("http://ex/"):                      "ex:",
		IRI("http://ex/%20x"):                  "ex:%20x",
		IRI("http://ex/%zz"):                   "<http://ex/%zz>",
		IRI("http://ex/1a:b"):                  "ex:1a:b",
		IRI("http://bad/x"):                    "<http://bad/x>",
		IRI("http://empty/x"):                  ":x",
		TypedLiteral("x", "http://ex/long/dt"): `"x"^^exl:dt`,
	} {
		var buf bytes.Buffer
		s := IRI("http://other/s")
		if err := Write(&buf, Turtle, prefixes, Triple{s, IRI("http://other/p"), term}); err != nil {
			t.Fatal(err)
		}
		line := buf.String()[strings.LastIndex(strings.TrimSpace(buf.String()), "\n")+1:]
		if want := "<http://other/s> <http://other/p> " + want + " .\n"; line != want {
			t.Errorf("%v written as %q, want %q", term, line, want)
		}
		if d := isoDiff(NewGraph(Triple{s, IRI("http://other/p"), term}), mustParse(t, buf.String(), Turtle, ""), 5); d != "" {
			t.Errorf("%v: %s", term, d)
		}
	}
}

func TestTurtleEncoderStreams(t *testing.T) {
	var buf bytes.Buffer
	enc, _ := NewEncoder(&buf, Turtle, []Prefix{{"ex", "http://ex/"}})
	if err := enc.Encode(Triple{IRI("http://ex/s"), IRI("http://ex/p"), Literal("1")}); err != nil {
		t.Fatal(err)
	}
	first := buf.Len()
	if !strings.Contains(buf.String(), "ex:s ex:p \"1\" .") {
		t.Fatalf("first group not written by Encode:\n%s", buf.String())
	}
	if err := enc.Encode(Triple{S: Literal("bad"), P: IRI("http://ex/p"), O: Literal("2")}); err == nil {
		t.Error("a literal subject was accepted")
	}
	if buf.Len() != first {
		t.Error("a failed Encode wrote output")
	}
	if err := enc.Close(); err != nil || buf.Len() != first {
		t.Errorf("Close: %v, wrote %d bytes", err, buf.Len()-first)
	}

	buf.Reset()
	enc, _ = NewEncoder(&buf, Turtle, []Prefix{{"ex", "http://ex/"}})
	if err := enc.Close(); err != nil || buf.String() != "@prefix ex: <http://ex/> .\n\n" {
		t.Errorf("empty document = %q, %v", buf.String(), err)
	}
}
