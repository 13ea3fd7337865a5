package rdf

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzRDFXML checks that the RDF/XML decoder never panics or hangs, and
// that whatever it decodes the encoder writes back to an isomorphic graph.
func FuzzRDFXML(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(w3cDir, "rdf-xml", "*", "*.rdf"))
	fixtures, _ := filepath.Glob("../testdata/fixtures/dcat/*.rdf")
	for _, path := range append(seeds, fixtures...) {
		doc, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(doc)
	}
	f.Add([]byte(rdfxmlHead + `><ex:T rdf:nodeID="a" ex:p="v" xml:lang="de"><ex:q rdf:parseType="Literal"><a:b xmlns:a="urn:a" a:c="&amp;"/></ex:q></ex:T></rdf:RDF>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		g, err := Parse(bytes.NewReader(doc), RDFXML, "http://example.org/dir/doc.rdf")
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, RDFXML, CommonPrefixes, g.Triples()...); err != nil {
			t.Fatalf("encode decoded graph: %v", err)
		}
		back, err := Parse(bytes.NewReader(buf.Bytes()), RDFXML, "")
		if err != nil {
			t.Fatalf("re-decode: %v\n%s", err, buf.Bytes())
		}
		if d := isoDiff(g, back, 10); d != "" {
			t.Fatalf("round trip changed the graph:\n%s\n%s", d, buf.Bytes())
		}
	})
}
