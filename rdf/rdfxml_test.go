package rdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mustParseRDFXML parses doc or fails the test.
func mustParseRDFXML(tb testing.TB, doc, base string) *Graph {
	tb.Helper()
	g, err := Parse(strings.NewReader(doc), RDFXML, base)
	if err != nil {
		tb.Fatalf("parse: %v\n%s", err, doc)
	}
	return g
}

// mustParseNT parses N-Triples or fails the test.
func mustParseNT(tb testing.TB, doc string) *Graph {
	tb.Helper()
	g, err := Parse(strings.NewReader(doc), NTriples, "")
	if err != nil {
		tb.Fatalf("parse N-Triples: %v\n%s", err, doc)
	}
	return g
}

const rdfxmlHead = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/" `

func TestRDFXMLDecode(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{{
		name: "nested typed node keeps its type",
		doc: rdfxmlHead + `><ex:Dataset rdf:about="http://example.org/d"><ex:contact>
			<ex:Kind rdf:nodeID="k"><ex:fn>Amt</ex:fn></ex:Kind></ex:contact></ex:Dataset></rdf:RDF>`,
		want: `<http://example.org/d> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Dataset> .
			<http://example.org/d> <http://example.org/contact> _:k .
			_:k <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Kind> .
			_:k <http://example.org/fn> "Amt" .`,
	}, {
		name: "root is a node element, relative IRIs, xml:base, rdf:ID",
		doc: `<ex:T xmlns:ex="http://example.org/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
			rdf:about="a/../b" ex:p="v"><ex:q rdf:resource="#frag"/><ex:r xml:base="http://other.org/x/" rdf:resource="y"/>
			<ex:s rdf:ID="i1">w</ex:s></ex:T>`,
		want: `<http://example.org/doc/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/T> .
			<http://example.org/doc/b> <http://example.org/p> "v" .
			<http://example.org/doc/b> <http://example.org/q> <http://example.org/doc/base.rdf#frag> .
			<http://example.org/doc/b> <http://example.org/r> <http://other.org/x/y> .
			<http://example.org/doc/b> <http://example.org/s> "w" .
			<http://example.org/doc/base.rdf#i1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> .
			<http://example.org/doc/base.rdf#i1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <http://example.org/doc/b> .
			<http://example.org/doc/base.rdf#i1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <http://example.org/s> .
			<http://example.org/doc/base.rdf#i1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> "w" .`,
	}, {
		name: "xml:lang inheritance and reset, datatype, empty elements, rdf:type attribute",
		doc: rdfxmlHead + `xml:lang="DE"><rdf:Description rdf:about="http://example.org/s" rdf:type="http://example.org/C">
			<ex:a>Baum</ex:a><ex:b xml:lang="">tree</ex:b><ex:c rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">3</ex:c>
			<ex:d/><ex:e ex:f="g"/></rdf:Description></rdf:RDF>`,
		want: `<http://example.org/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/C> .
			<http://example.org/s> <http://example.org/a> "Baum"@de .
			<http://example.org/s> <http://example.org/b> "tree" .
			<http://example.org/s> <http://example.org/c> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .
			<http://example.org/s> <http://example.org/d> ""@de .
			<http://example.org/s> <http://example.org/e> _:e .
			_:e <http://example.org/f> "g"@de .`,
	}, {
		name: "containers, parseType Resource and Collection",
		doc: rdfxmlHead + `><rdf:Seq rdf:about="http://example.org/q"><rdf:li>a</rdf:li><rdf:li rdf:resource="http://example.org/b"/></rdf:Seq>
			<rdf:Description rdf:about="http://example.org/s"><ex:r rdf:parseType="Resource"><ex:v>1</ex:v><rdf:li>x</rdf:li></ex:r>
			<ex:l rdf:parseType="Collection"><rdf:Description rdf:about="http://example.org/1"/><ex:N/></ex:l>
			<ex:m rdf:parseType="Collection"/></rdf:Description></rdf:RDF>`,
		want: `<http://example.org/q> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/1999/02/22-rdf-syntax-ns#Seq> .
			<http://example.org/q> <http://www.w3.org/1999/02/22-rdf-syntax-ns#_1> "a" .
			<http://example.org/q> <http://www.w3.org/1999/02/22-rdf-syntax-ns#_2> <http://example.org/b> .
			<http://example.org/s> <http://example.org/r> _:r .
			_:r <http://example.org/v> "1" .
			_:r <http://www.w3.org/1999/02/22-rdf-syntax-ns#_1> "x" .
			<http://example.org/s> <http://example.org/l> _:c1 .
			_:c1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> <http://example.org/1> .
			_:c1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:c2 .
			_:c2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> _:n .
			_:n <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/N> .
			_:c2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .
			<http://example.org/s> <http://example.org/m> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .`,
	}, {
		name: "XML literal in exclusive canonical form",
		doc: `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/" xmlns="http://www.w3.org/1999/xhtml" xmlns:h="urn:h">
			<rdf:Description rdf:about="http://example.org/s"><ex:x rdf:parseType="Literal" xml:lang="de">a&amp;b<h:p z="1" h:y="&quot;" a="2"><br/><!-- c --><?pi  data?><i xmlns="">t</i></h:p></ex:x>
			<ex:o rdf:parseType="Other"><b>x</b></ex:o></rdf:Description></rdf:RDF>`,
		want: `<http://example.org/s> <http://example.org/x> "a&amp;b<h:p xmlns:h=\"urn:h\" a=\"2\" z=\"1\" h:y=\"&quot;\"><br xmlns=\"http://www.w3.org/1999/xhtml\"></br><?pi data?><i>t</i></h:p>"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral> .
			<http://example.org/s> <http://example.org/o> "<b xmlns=\"http://www.w3.org/1999/xhtml\">x</b>"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral> .`,
	}, {
		name: "characters IRIs cannot hold are percent-encoded",
		doc:  rdfxmlHead + `><rdf:Description rdf:about="http://example.org/Haushalt 2020.csv"><ex:p rdf:resource="http://example.org/{ä}"/></rdf:Description></rdf:RDF>`,
		want: `<http://example.org/Haushalt%202020.csv> <http://example.org/p> <http://example.org/%7Bä%7D> .`,
	}, {
		name: "DOCTYPE entities, BOM, CDATA, comments",
		doc: "\uFEFF<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY ex \"http://example.org/\"> <!ENTITY exd '&ex;d'> ]>\n" +
			rdfxmlHead + `><rdf:Description rdf:about="&exd;"><ex:p>a<!-- x --><![CDATA[<b>]]></ex:p></rdf:Description></rdf:RDF>`,
		want: `<http://example.org/d> <http://example.org/p> "a<b>" .`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustParseRDFXML(t, tt.doc, "http://example.org/doc/base.rdf")
			if d := isoDiff(got, mustParseNT(t, tt.want), 20); d != "" {
				t.Errorf("decoded (first) differs from expected (second):\n%s", d)
			}
		})
	}
}

func TestRDFXMLDecodeLatin1(t *testing.T) {
	doc := []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" + rdfxmlHead +
		"><rdf:Description rdf:about=\"http://example.org/s\"><ex:p>B\xe4ume</ex:p></rdf:Description></rdf:RDF>")
	g, err := Parse(bytes.NewReader(doc), RDFXML, "")
	if err != nil {
		t.Fatal(err)
	}
	if o := g.Object(IRI("http://example.org/s"), "http://example.org/p"); o != Literal("Bäume") {
		t.Errorf("object = %v, want \"Bäume\"", o)
	}
}

func TestRDFXMLBlankNodesPerDocument(t *testing.T) {
	doc := rdfxmlHead + `><rdf:Description rdf:nodeID="a"><ex:p rdf:nodeID="a"/></rdf:Description><rdf:Description><ex:q>x</ex:q></rdf:Description></rdf:RDF>`
	g1, g2 := mustParseRDFXML(t, doc, ""), mustParseRDFXML(t, doc, "")
	labels := map[Term]bool{}
	for _, tr := range g1.Triples() {
		labels[tr.S] = true
	}
	for _, tr := range g2.Triples() {
		if labels[tr.S] {
			t.Errorf("documents share the blank node %v", tr.S)
		}
	}
	if tr := g1.Triples()[0]; tr.S != tr.O {
		t.Errorf("rdf:nodeID a gave two nodes: %v", tr)
	}
	if !Isomorphic(g1, g2) {
		t.Error("the same document gave different graphs")
	}
}

func TestRDFXMLDecodeErrors(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"nodeID with about", `<rdf:Description rdf:nodeID="a" rdf:about="http://x/"/>`, "only one of"},
		{"bad rdf:ID", `<rdf:Description rdf:ID="1a"/>`, "NCName"},
		{"duplicate rdf:ID", `<rdf:Description xml:base="http://x/" rdf:ID="a"/><ex:T xml:base="http://x/#b" rdf:ID="a"/>`, "twice"},
		{"rdf:li as node", `<rdf:li/>`, "node element"},
		{"rdf:Description as property", `<rdf:Description><rdf:Description/></rdf:Description>`, "property element"},
		{"aboutEach", `<rdf:Description rdf:aboutEach="#x"/>`, "not allowed"},
		{"li attribute", `<rdf:Description rdf:li="x"/>`, "not allowed"},
		{"text in node", `<rdf:Description>hallo</rdf:Description>`, "not allowed"},
		{"two nodes in property", `<rdf:Description><ex:p><rdf:Description/><rdf:Description/></ex:p></rdf:Description>`, "only one node"},
		{"resource with content", `<rdf:Description><ex:p rdf:resource="http://x/">t</ex:p></rdf:Description>`, "text"},
		{"undeclared prefix", `<rdf:Description><foo:p/></rdf:Description>`, "not declared"},
		{"mismatched end tag", `<rdf:Description></rdf:Seq>`, "does not match"},
		{"truncated", `<rdf:Description>`, "unexpected end"},
		{"relative IRI without base", `<rdf:Description rdf:about="x"/>`, "base"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := rdfxmlHead + ">\n" + tt.doc
			if !strings.Contains(tt.name, "truncated") {
				doc += "</rdf:RDF>"
			}
			_, err := Parse(strings.NewReader(doc), RDFXML, "")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want one containing %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), "line 2") {
				t.Errorf("error %q does not name line 2", err)
			}
		})
	}
}

func TestRDFXMLDCATFixtures(t *testing.T) {
	tests := []struct {
		file     string
		datasets int
		subject  string // has the title
		title    Term
		nested   Term   // a nested node element …
		nestedT  string // … and its type
	}{
		{"catalog-endpoint.rdf", 6, "http://data.example-domain.de/dataset/b5882a57-d142-4930-9290-b12bbb6e3f0c",
			Literal("Titel"), IRI("http://data.example-domain.de/catalog.rdf?page=1"), HYDRA + "PagedCollection"},
		{"dataset_gov_de.rdf", 1, "https://www.opendata-hro.de/dataset/c1be4007-d811-48fb-8818-2cb358b06a63",
			Literal("Liefer- und Abholservices (Gastronomie)"),
			IRI("https://www.opendata-hro.de/organization/b952e781-ab4c-456a-8e7a-2845f7efaf83"), FOAF + "Organization"},
		{"datagouv_vanves_catalog.rdf", 2, "https://vanves-seineouest.opendatasoft.com/explore/dataset/bureau-de-vote-vanves/",
			Literal("Bureaux de vote - Vanves"), Term{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("../testdata/fixtures/dcat", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			g, err := Parse(f, RDFXML, "https://example.org/catalog.rdf")
			if err != nil {
				t.Fatal(err)
			}
			if n := len(g.OfType(DCAT + "Dataset")); n != tt.datasets {
				t.Errorf("%d dcat:Dataset nodes, want %d", n, tt.datasets)
			}
			if got := g.Object(IRI(tt.subject), DCT+"title"); got != tt.title {
				t.Errorf("title = %v, want %v", got, tt.title)
			}
			if tt.nestedT != "" && !g.HasType(tt.nested, tt.nestedT) {
				t.Errorf("%v lacks rdf:type <%s>", tt.nested, tt.nestedT)
			}
			for _, c := range g.OfType(VCARD + "Organization") {
				if fn := g.Object(c, VCARD+"fn"); !c.IsBlank() || fn.IsZero() {
					t.Errorf("contact point %v: want a blank node with vcard:fn, got fn %v", c, fn)
				}
			}
			checkRoundTrip(t, g, RDFXML)
		})
	}
}

// TestRDFXMLWriterW3C writes every graph of the W3C RDF/XML evaluation
// tests as RDF/XML and reads it back.
func TestRDFXMLWriterW3C(t *testing.T) {
	written := 0
	for _, e := range w3cManifest(t, "rdf-xml") {
		if e.kind != "TestXMLEval" {
			continue
		}
		g, err := w3cParse(t, "rdf-xml", e.action, RDFXML)
		if err != nil {
			t.Errorf("%s: %v", e.name, err)
			continue
		}
		if !rdfxmlExpressible(g) {
			t.Logf("%s: skipped, a predicate has no RDF/XML name", e.name)
			continue
		}
		written++
		t.Run(e.name, func(t *testing.T) { checkRoundTrip(t, g, RDFXML) })
	}
	if written < 120 {
		t.Errorf("only %d graphs written", written)
	}
}

// rdfxmlExpressible reports whether every predicate of g can name a
// property element.
func rdfxmlExpressible(g *Graph) bool {
	for _, t := range g.Triples() {
		if _, _, ok := splitQName(t.P.Value); !ok || !isPropertyElementName(t.P.Value) || t.P.Value == rdfLi {
			return false
		}
	}
	return true
}

func TestRDFXMLEncode(t *testing.T) {
	s := IRI("http://example.org/d/1")
	b := Blank("1x")
	ts := []Triple{
		{S: s, P: IRI(RDFType), O: IRI(DCAT + "Dataset")},
		{S: s, P: IRI(DCT + "title"), O: LangLiteral("Bäume & <Sträucher>", "de")},
		{S: s, P: IRI("http://other.example/vocab#size"), O: TypedLiteral("3", XSDInteger)},
		{S: s, P: IRI(DCAT + "contactPoint"), O: b},
		{S: b, P: IRI(VCARD + "fn"), O: Literal("a\r\nb\t\"c\"")},
		{S: b, P: IRI(RDF + "value"), O: TypedLiteral(`<p xmlns="urn:x">x</p>`, rdfXMLLiteral)},
		{S: b, P: IRI(RDF + "value"), O: TypedLiteral(`<p/>`, rdfXMLLiteral)},
	}
	var buf bytes.Buffer
	enc := newRDFXMLEncoder(&buf, []Prefix{{"dcat", DCAT}, {"dct", DCT}, {"ns0", "urn:taken"}})
	if err := enc.Encode(ts[:4]...); err != nil {
		t.Fatal(err)
	}
	if err := enc.Encode(ts[4:]...); err != nil {
		t.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`<dcat:Dataset rdf:about="http://example.org/d/1">`,
		`<dct:title xml:lang="de">Bäume &amp; &lt;Sträucher&gt;</dct:title>`,
		`<ns1:size xmlns:ns1="http://other.example/vocab#" rdf:datatype=`,
		`<rdf:value rdf:parseType="Literal"><p xmlns="urn:x">x</p></rdf:value>`,
		`rdf:datatype="http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral">&lt;p/&gt;</rdf:value>`,
		`rdf:nodeID="_x3178"`,
		"a&#xD;\nb\t\"c\"",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	back := mustParseRDFXML(t, out, "")
	if d := isoDiff(NewGraph(ts...), back, 20); d != "" {
		t.Errorf("round trip changed the graph:\n%s\n%s", d, out)
	}
}

func TestRDFXMLEncodeErrors(t *testing.T) {
	s := IRI("http://example.org/s")
	tests := []struct {
		name     string
		prefixes []Prefix
		t        Triple
	}{
		{"no local name", nil, Triple{S: s, P: IRI("http://example.org/123"), O: Literal("x")}},
		{"rdf:li", nil, Triple{S: s, P: IRI(rdfLi), O: Literal("x")}},
		{"rdf:about as predicate", nil, Triple{S: s, P: IRI(rdfAbout), O: Literal("x")}},
		{"control character", nil, Triple{S: s, P: IRI(DCT + "title"), O: Literal("a\x01b")}},
		{"invalid UTF-8", nil, Triple{S: s, P: IRI(DCT + "title"), O: Literal("a\xffb")}},
		{"literal subject", nil, Triple{S: Literal("x"), P: IRI(DCT + "title"), O: Literal("x")}},
		{"bad prefix", []Prefix{{"a:b", DCT}}, Triple{S: s, P: IRI(DCT + "title"), O: Literal("x")}},
		{"rdf rebound", []Prefix{{"rdf", DCT}}, Triple{S: s, P: IRI(DCT + "title"), O: Literal("x")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc := newRDFXMLEncoder(io.Discard, tt.prefixes)
			if err := enc.Encode(tt.t); err == nil {
				t.Errorf("Encode(%v) succeeded", tt.t)
			}
		})
	}
	var buf bytes.Buffer
	enc := newRDFXMLEncoder(&buf, nil)
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	if g := mustParseRDFXML(t, buf.String(), ""); g.Len() != 0 {
		t.Errorf("empty document gave %d triples", g.Len())
	}
	if err := enc.Close(); err == nil {
		t.Error("second Close succeeded")
	}
	if err := enc.Encode(Triple{S: IRI("http://x/"), P: IRI(DCT + "title"), O: Literal("x")}); err == nil {
		t.Error("Encode after Close succeeded")
	}
}

// rdfxmlBenchDoc returns an RDF/XML document of n triples.
func rdfxmlBenchDoc(tb testing.TB, n int) ([]byte, []Triple) {
	ts := make([]Triple, 0, n)
	for i := 0; len(ts) < n; i++ {
		s := IRI(fmt.Sprintf("https://example.org/dataset/%d", i))
		ts = append(ts,
			Triple{S: s, P: IRI(RDFType), O: IRI(DCAT + "Dataset")},
			Triple{S: s, P: IRI(DCT + "title"), O: LangLiteral(fmt.Sprintf("Datensatz Nummer %d über Bäume", i), "de")},
			Triple{S: s, P: IRI(DCT + "modified"), O: TypedLiteral("2024-05-08T04:11:24", XSDDateTime)},
			Triple{S: s, P: IRI(DCAT + "keyword"), O: Literal("umwelt")},
			Triple{S: s, P: IRI(DCAT + "distribution"), O: IRI(fmt.Sprintf("https://example.org/dist/%d", i))},
		)
	}
	var buf bytes.Buffer
	if err := Write(&buf, RDFXML, CommonPrefixes, ts[:n]...); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes(), ts[:n]
}

func BenchmarkRDFXMLDecode(b *testing.B) {
	doc, ts := rdfxmlBenchDoc(b, 10000)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		dec := newRDFXMLDecoder(bytes.NewReader(doc), "")
		n := 0
		for {
			_, err := dec.Decode()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != len(ts) {
			b.Fatalf("decoded %d triples, want %d", n, len(ts))
		}
	}
}

func BenchmarkRDFXMLEncode(b *testing.B) {
	doc, ts := rdfxmlBenchDoc(b, 10000)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, RDFXML, CommonPrefixes, ts...); err != nil {
			b.Fatal(err)
		}
	}
}
