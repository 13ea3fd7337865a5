package rdf

import (
	"bytes"
	"errors"
	"testing"
)

func TestJSONLDEncoderOutput(t *testing.T) {
	ts := []Triple{
		{IRI("https://example.org/d/1"), IRI(RDFType), IRI(DCAT + "Dataset")},
		{IRI("https://example.org/d/1"), IRI(DCT + "title"), LangLiteral("Bäume", "de")},
		{IRI("https://example.org/d/1"), IRI(DCT + "title"), LangLiteral("Trees", "en")},
		{IRI("https://example.org/d/1"), IRI(DCAT + "distribution"), Blank("d")},
		{Blank("d"), IRI(DCAT + "byteSize"), TypedLiteral("12", XSDInteger)},
		{Blank("d"), IRI("https://example.org/v#p"), Literal("a&b<c>")},
	}
	prefixes := []Prefix{{"dcat", DCAT}, {"dct", DCT}, {"xsd", XSD}, {"dcat", "http://duplicate/"}, {"bad:name", "http://x/"}, {"nodelim", "http://x/a"}}
	out := mustWriteJSONLD(t, prefixes, ts)
	want := `{
  "@context": {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#"
  },
  "@graph": [
    {
      "@id": "https://example.org/d/1",
      "@type": "dcat:Dataset",
      "dct:title": [
        {"@value": "Bäume", "@language": "de"},
        {"@value": "Trees", "@language": "en"}
      ],
      "dcat:distribution": [{"@id": "_:d"}]
    },
    {
      "@id": "_:d",
      "dcat:byteSize": [{"@value": "12", "@type": "xsd:integer"}],
      "https://example.org/v#p": [{"@value": "a&b<c>"}]
    }
  ]
}
`
	if out != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
	if again := mustWriteJSONLD(t, prefixes, ts); again != out {
		t.Error("output is not deterministic")
	}
}

func TestJSONLDEncoderEmptyAndErrors(t *testing.T) {
	out := mustWriteJSONLD(t, nil)
	if g := mustParseJSONLD(t, out, ""); g.Len() != 0 {
		t.Errorf("empty document gave %d triples", g.Len())
	}
	var buf bytes.Buffer
	enc := newJSONLDEncoder(&buf, nil)
	if err := enc.Encode(Triple{S: Literal("x"), P: IRI(DCT + "title"), O: Literal("y")}); err == nil {
		t.Error("a literal subject was accepted")
	}
	if err := enc.Encode(Triple{S: IRI("https://x/"), P: Blank("p"), O: Literal("y")}); err == nil {
		t.Error("a blank predicate was accepted")
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	if err := enc.Encode(); err == nil {
		t.Error("Encode after Close was accepted")
	}
	failing := newJSONLDEncoder(failWriter{}, nil)
	if err := failing.Encode(Triple{IRI("https://x/"), IRI(DCT + "title"), Literal("y")}); err == nil {
		t.Error("a write error was not returned")
	}
	if err := failing.Close(); err == nil {
		t.Error("Close after a write error returned nil")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
