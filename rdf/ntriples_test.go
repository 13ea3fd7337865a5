package rdf

import (
	"bytes"
	"strings"
	"testing"
)

func TestNTriplesDecode(t *testing.T) {
	doc := "\ufeff# comment\n<http://ex/s> <http://ex/p> \"a\\u00E4\\U0001F600\\n\"@en-GB . # trailing\r\n" +
		"_:x.y <http://ex/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>.\r" +
		"<http://ex/s> <http://ex/p> _:x.y .\n\n"
	g := mustParse(t, doc, NTriples, "")
	ts := g.Triples()
	if len(ts) != 3 {
		t.Fatalf("got %d triples: %v", len(ts), ts)
	}
	if o := ts[0].O; o != LangLiteral("aä😀\n", "en-gb") {
		t.Errorf("literal = %#v", o)
	}
	if o := ts[1].O; o != TypedLiteral("1", XSDInteger) {
		t.Errorf("typed literal = %#v", o)
	}
	if ts[1].S != ts[2].O || !ts[1].S.IsBlank() {
		t.Errorf("blank node _:x.y read as %v and %v", ts[1].S, ts[2].O)
	}
}

func TestNTriplesErrors(t *testing.T) {
	for doc, want := range map[string]string{
		"<http://ex/s> <http://ex/p> <http://ex/o>":            "line 1, column 42: expected '.'",
		"\n<http://ex/s> <http://ex/p> \"x\"@ .":               "line 2, column 33: invalid language tag",
		"<http://ex/s> <http://ex/p> <o> .":                    "relative IRI",
		"<http://ex/s> <http://ex/p> \"\\uD800\" .":            "not a Unicode scalar value",
		"<http://ex/s> <http://ex/p> <http://ex/o> . <x> .":    "unexpected text",
		"<http://ex/s> \"p\" <http://ex/o> .":                  "expected a predicate IRI",
		"<http://ex/s> <http://ex/p> <http://ex/\\u0020> .":    "not allowed in an IRI",
		"<http://ex/s> <http://ex/p> \"\xc3\" .":               "invalid UTF-8",
		"@prefix ex: <http://ex/> .":                           "expected a subject",
		"<http://ex/s> <http://ex/p> \"unterminated .":         "unterminated string",
		"<http://ex/s> <http://ex/p> \"x\"^^\"y\" .":           "expected a datatype IRI",
		"<http://ex/s> <http://ex/p> _:.a .":                   "invalid blank node label",
		"<http://ex/s> <http://ex/p> \"\\q\" .":                "invalid escape",
		"<http://ex/s> <http://ex/p> <http://ex/o> .\n\"x\" .": "line 2, column 1",
	} {
		_, err := Parse(strings.NewReader(doc), NTriples, "")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error for %q = %v, want it to contain %q", doc, err, want)
		}
	}
}

func TestNTriplesEncode(t *testing.T) {
	ts := []Triple{
		{IRI("http://ex/s"), IRI("http://ex/p"), LangLiteral("zwei\nZeilen \"zitiert\"", "de")},
		{Blank("not a label!"), IRI("http://ex/p"), TypedLiteral("1", XSDInteger)},
		{Blank("ok"), IRI("http://ex/p"), Blank("not a label!")},
	}
	var buf bytes.Buffer
	if err := Write(&buf, NTriples, nil, ts...); err != nil {
		t.Fatal(err)
	}
	want := `<http://ex/s> <http://ex/p> "zwei\nZeilen \"zitiert\""@de .` + "\n"
	if got := strings.SplitAfter(buf.String(), "\n")[0]; got != want {
		t.Errorf("first line = %q, want %q", got, want)
	}
	back := mustParse(t, buf.String(), NTriples, "")
	if d := isoDiff(NewGraph(ts...), back, 10); d != "" {
		t.Errorf("round trip:\n%s", d)
	}
	if err := Write(&buf, NTriples, nil, Triple{S: Literal("x"), P: IRI("http://ex/p"), O: Literal("y")}); err == nil {
		t.Error("a literal subject was written")
	}
}
