package rdf

import (
	"bytes"
	"fmt"
	"io"
	"testing"
)

// benchTriples returns a DCAT-like graph of exactly 10,000 triples: 1,000
// datasets of 7 triples, each with a nested distribution of 3.
func benchTriples() []Triple {
	var ts []Triple
	for i := range 1000 {
		ds := IRI(fmt.Sprintf("https://daten.example.de/dataset/%d", i))
		dist := Blank(fmt.Sprintf("dist%d", i))
		ts = append(ts,
			Triple{ds, IRI(RDFType), IRI(DCAT + "Dataset")},
			Triple{ds, IRI(DCT + "title"), LangLiteral(fmt.Sprintf("Baumkataster %d", i), "de")},
			Triple{ds, IRI(DCT + "description"), LangLiteral("Alle Straßenbäume der Stadt mit Art, Höhe und \"Pflanzjahr\".\nQuelle: Grünflächenamt", "de")},
			Triple{ds, IRI(DCT + "issued"), TypedLiteral("2024-03-01", XSDDate)},
			Triple{ds, IRI(DCAT + "keyword"), LangLiteral("Umwelt", "de")},
			Triple{ds, IRI(DCT + "publisher"), IRI("https://daten.example.de/org/gruenflaechenamt")},
			Triple{ds, IRI(DCAT + "distribution"), dist},
			Triple{dist, IRI(RDFType), IRI(DCAT + "Distribution")},
			Triple{dist, IRI(DCAT + "accessURL"), IRI(fmt.Sprintf("https://daten.example.de/files/%d.csv", i))},
			Triple{dist, IRI(DCAT + "byteSize"), TypedLiteral(fmt.Sprint(1000+i), XSDInteger)},
		)
	}
	return ts
}

func BenchmarkTurtleDecode(b *testing.B) {
	var doc bytes.Buffer
	if err := Write(&doc, Turtle, CommonPrefixes, benchTriples()...); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(doc.Len()))
	b.ReportAllocs()
	for b.Loop() {
		dec, _ := NewDecoder(bytes.NewReader(doc.Bytes()), Turtle, "")
		n := 0
		for {
			_, err := dec.Decode()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 10000 {
			b.Fatalf("decoded %d triples", n)
		}
	}
}

func BenchmarkTurtleEncode(b *testing.B) {
	ts := benchTriples()
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, Turtle, CommonPrefixes, ts...); err != nil {
			b.Fatal(err)
		}
	}
}
