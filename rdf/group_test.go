package rdf

import (
	"bytes"
	"testing"
)

// groupFixture returns three groups of triples: a catalogue node, and two
// datasets with nested blank nodes, literals of every kind and a
// predicate no prefix covers.
func groupFixture() [][]Triple {
	cat := IRI("http://ex.org/catalog")
	group := func(n string) []Triple {
		ds, dist, period := IRI("http://ex.org/d/"+n), Blank("dist"+n), Blank("p"+n)
		return []Triple{
			{cat, IRI(DCAT + "dataset"), ds},
			{ds, IRI(RDFType), IRI(DCAT + "Dataset")},
			{ds, IRI(DCT + "title"), LangLiteral("Bäume & <Sträucher> \""+n+"\"", "de")},
			{ds, IRI(DCT + "description"), Literal("Zeile 1\nZeile 2\t\\")},
			{ds, IRI(DCAT + "distribution"), dist},
			{dist, IRI(RDFType), IRI(DCAT + "Distribution")},
			{dist, IRI(DCAT + "byteSize"), TypedLiteral("42", XSDInteger)},
			{dist, IRI(DCAT + "accessURL"), IRI("http://ex.org/files/a b.csv")},
			{ds, IRI(DCT + "temporal"), period},
			{period, IRI(DCAT + "startDate"), TypedLiteral("2024-01-01", XSDDate)},
			{ds, IRI("http://ex.org/vocab/hasThing"), TypedLiteral("1.5", XSDDecimal)},
		}
	}
	return [][]Triple{{{cat, IRI(RDFType), IRI(DCAT + "Catalog")}}, group("1"), group("2")}
}

// TestGroupEncoderMatchesEncoder checks that a document made of an
// Encoder's first group, groups made by a GroupEncoder and the Encoder's
// end is byte for byte the document the Encoder writes alone.
func TestGroupEncoderMatchesEncoder(t *testing.T) {
	prefixes := []Prefix{{"dcat", DCAT}, {"dct", DCT}, {"xsd", XSD}}
	groups := groupFixture()
	for _, f := range []Format{Turtle, RDFXML, NTriples} {
		t.Run(f.Ext(), func(t *testing.T) {
			var want bytes.Buffer
			enc, err := NewEncoder(&want, f, prefixes)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range groups {
				if err := enc.Encode(g...); err != nil {
					t.Fatal(err)
				}
			}
			if err := enc.Close(); err != nil {
				t.Fatal(err)
			}

			var got bytes.Buffer
			enc, _ = NewEncoder(&got, f, prefixes)
			if err := enc.Encode(groups[0]...); err != nil {
				t.Fatal(err)
			}
			ge, err := NewGroupEncoder(f, prefixes)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range groups[1:] {
				b, err := ge.Append(nil, g...)
				if err != nil {
					t.Fatal(err)
				}
				got.Write(b)
			}
			if err := enc.Close(); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("groups made apart:\n%s\nwant:\n%s", got.String(), want.String())
			}
		})
	}
}

// TestGroupEncoderAfterError checks that a bad group leaves dst alone and
// the next group is encoded as if nothing had happened.
func TestGroupEncoderAfterError(t *testing.T) {
	prefixes := []Prefix{{"dcat", DCAT}, {"dct", DCT}}
	good := groupFixture()[1]
	bad := []Triple{{IRI("http://ex.org/d/x"), IRI(DCT + "title"), Literal("Steuerzeichen \x01")}}
	for _, f := range []Format{Turtle, RDFXML, NTriples} {
		t.Run(f.Ext(), func(t *testing.T) {
			ge, err := NewGroupEncoder(f, prefixes)
			if err != nil {
				t.Fatal(err)
			}
			want, err := ge.Append(nil, good...)
			if err != nil {
				t.Fatal(err)
			}
			if f == RDFXML {
				// XML 1.0 cannot carry the control character.
				if b, err := ge.Append([]byte("x"), bad...); err == nil || string(b) != "x" {
					t.Fatalf("bad group: %q, %v; want error and dst unchanged", b, err)
				}
			}
			got, err := ge.Append(nil, good...)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("after a bad group: %q, %v; want %q", got, err, want)
			}
		})
	}
}

// TestNoGroupEncoderForJSONLD checks that JSON-LD, whose groups depend on
// each other, has no group encoder.
func TestNoGroupEncoderForJSONLD(t *testing.T) {
	if _, err := NewGroupEncoder(JSONLD, nil); err == nil {
		t.Error("NewGroupEncoder(JSONLD): no error")
	}
}
