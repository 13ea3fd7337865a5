package rdf

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/piprate/json-gold/ld"
)

// mustParseJSONLD reads a JSON-LD document into a graph.
func mustParseJSONLD(tb testing.TB, doc, base string) *Graph {
	tb.Helper()
	g, err := Parse(strings.NewReader(doc), JSONLD, base)
	if err != nil {
		tb.Fatalf("Parse: %v\n%s", err, doc)
	}
	return g
}

// mustWriteJSONLD writes groups of triples with the JSON-LD encoder and
// checks the output is valid JSON.
func mustWriteJSONLD(tb testing.TB, prefixes []Prefix, groups ...[]Triple) string {
	tb.Helper()
	var buf bytes.Buffer
	enc := newJSONLDEncoder(&buf, prefixes)
	for _, g := range groups {
		if err := enc.Encode(g...); err != nil {
			tb.Fatalf("Encode: %v", err)
		}
	}
	if err := enc.Close(); err != nil {
		tb.Fatalf("Close: %v", err)
	}
	if !json.Valid(buf.Bytes()) {
		tb.Fatalf("output is not valid JSON:\n%s", buf.String())
	}
	return buf.String()
}

// roundTripGroups are graphs split into Encode groups.
var roundTripGroups = map[string][][]Triple{
	"langStrings and typed literals": {{
		{IRI("https://example.org/d/1"), IRI(RDFType), IRI(DCAT + "Dataset")},
		{IRI("https://example.org/d/1"), IRI(DCT + "title"), LangLiteral("Bäume in der Stadt", "de")},
		{IRI("https://example.org/d/1"), IRI(DCT + "title"), LangLiteral("Trees", "en-GB")},
		{IRI("https://example.org/d/1"), IRI(DCT + "description"), Literal("Zeile 1\nZeile 2 \"zitiert\" \\ <b>&amp;</b>\t\u0001")},
		{IRI("https://example.org/d/1"), IRI(DCT + "issued"), TypedLiteral("2024-02-29", XSDDate)},
		{IRI("https://example.org/d/1"), IRI(DCAT + "byteSize"), TypedLiteral("0012", XSDInteger)},
		{IRI("https://example.org/d/1"), IRI(DCAT + "spatialResolutionInMeters"), TypedLiteral("1.50", XSDDecimal)},
		{IRI("https://example.org/d/1"), IRI("https://example.org/vocab/flag"), TypedLiteral("true", XSDBoolean)},
		{IRI("https://example.org/d/1"), IRI("https://example.org/vocab/odd"), TypedLiteral("x", "https://example.org/types#odd")},
		{IRI("https://example.org/d/1"), IRI(DCT + "title"), Literal("")},
	}},
	"blank nodes across groups": {
		{
			{IRI("https://example.org/d/1"), IRI(DCAT + "contactPoint"), Blank("c1")},
			{Blank("c1"), IRI(RDFType), IRI(VCARD + "Organization")},
			{Blank("c1"), IRI(VCARD + "fn"), Literal("Stadt Musterhausen")},
			{Blank("c1"), IRI(VCARD + "hasEmail"), IRI("mailto:info@musterhausen.de")},
		},
		{
			{IRI("https://example.org/d/2"), IRI(DCAT + "contactPoint"), Blank("c1")},
			{Blank("c2"), IRI(DCT + "relation"), Blank("c2")},
			{Blank("c2"), IRI(RDFType), Blank("c1")},
			{Blank("c2"), IRI(RDFType), Literal("not a class")},
		},
	},
	"odd IRIs": {{
		{IRI("https://example.org/a?x=1&y=%C3%A4#frag"), IRI(DCT + "relation"), IRI("urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66")},
		{IRI("https://example.org/ä/ö/ü"), IRI("http://purl.org/dc/terms/"), IRI("tel:+494012345665")},
		{IRI("https://example.org/p"), IRI("http://www.w3.org/ns/dcat#"), Literal("empty local name")},
		{IRI("dcat:notAPrefixedName"), IRI("dct:notAPrefixedName"), IRI("dcat:x")},
		{IRI("https://example.org/q"), IRI(DCT + "type"), TypedLiteral("v", "dct:notAPrefixedName")},
		{IRI("https://example.org/r"), IRI(RDFType), IRI("dcat:Dataset2")},
		{IRI("https://example.org/s"), IRI(DCT + "source"), IRI(DCT + "//not/local")},
		{IRI(DCAT + "Dataset"), IRI(RDFS + "label"), Literal("A class as a subject")},
	}},
	"several types and many subjects": {
		{
			{IRI("https://example.org/x"), IRI(RDFType), IRI(DCAT + "Dataset")},
			{IRI("https://example.org/x"), IRI(RDFType), IRI(DCAT + "Resource")},
			{IRI("https://example.org/y"), IRI(DCT + "title"), Literal("y")},
			{IRI("https://example.org/x"), IRI(DCT + "title"), Literal("x")},
		},
		{},
		{
			{IRI("https://example.org/x"), IRI(DCT + "modified"), TypedLiteral("2024-01-01T00:00:00Z", XSDDateTime)},
		},
	},
}

func TestJSONLDRoundTrip(t *testing.T) {
	for name, groups := range roundTripGroups {
		t.Run(name, func(t *testing.T) {
			want := NewGraph()
			for _, g := range groups {
				want.Add(g...)
			}
			out := mustWriteJSONLD(t, CommonPrefixes, groups...)
			got := mustParseJSONLD(t, out, "")
			if !Isomorphic(want, got) {
				t.Fatalf("round trip differs\nwant:\n%s\ngot:\n%s\nJSON-LD:\n%s", dumpGraph(want), dumpGraph(got), out)
			}
			// json-gold's own expansion of the output must agree as well.
			if exp := expandThenToRDF(t, out); !Isomorphic(want, exp) {
				t.Fatalf("expand → toRDF differs\nwant:\n%s\ngot:\n%s", dumpGraph(want), dumpGraph(exp))
			}
			// Without prefixes every IRI is written in full.
			plain := mustWriteJSONLD(t, nil, groups...)
			if got := mustParseJSONLD(t, plain, ""); !Isomorphic(want, got) {
				t.Fatalf("round trip without prefixes differs:\n%s", plain)
			}
		})
	}
}

// expandThenToRDF expands doc with json-gold and converts the expanded form.
func expandThenToRDF(tb testing.TB, doc string) *Graph {
	tb.Helper()
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		tb.Fatal(err)
	}
	proc := ld.NewJsonLdProcessor()
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = &jsonldLoader{}
	expanded, err := proc.Expand(v, opts)
	if err != nil {
		tb.Fatalf("Expand: %v", err)
	}
	for _, n := range expanded {
		for k := range n.(map[string]any) {
			if !strings.HasPrefix(k, "@") && !jsonldWellFormedIRI(k) {
				tb.Errorf("expanded key %q is not an absolute IRI", k)
			}
		}
	}
	ds, err := jsonldToRDF(expanded, "")
	if err != nil {
		tb.Fatalf("ToRDF(expanded): %v", err)
	}
	return NewGraph(jsonldTriples(ds, 0)...)
}

// dumpGraph returns the graph as N-Triples lines.
func dumpGraph(g *Graph) string {
	var b strings.Builder
	for _, t := range g.Triples() {
		b.WriteString(t.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// dcatFixture is the DCAT-AP.de reference example in expanded JSON-LD.
const dcatFixture = "../testdata/fixtures/dcat/dcat_ap_de-RefImp_JSONLD_ADVANCED.jsonld"

func TestJSONLDReadDCATFixture(t *testing.T) {
	f, err := os.Open(dcatFixture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := Parse(f, JSONLD, "https://example.com/catalog.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	datasets := g.OfType(DCAT + "Dataset")
	if len(datasets) != 2 {
		t.Fatalf("%d dcat:Dataset nodes, want 2: %v", len(datasets), datasets)
	}
	ds := IRI("https://example.com/dataset/d4ce4e6e-ab89-44cb-bf5c-33a162c234de#dataset")
	if got := g.Object(ds, DCT+"title"); got != Literal("Badegewässer in Hamburg") {
		t.Errorf("title = %v", got)
	}
	cp := g.Object(ds, DCAT+"contactPoint")
	if !cp.IsBlank() || !strings.HasPrefix(cp.Value, "jl") {
		t.Fatalf("contact point = %v, want a prefixed blank node", cp)
	}
	if !g.HasType(cp, VCARD+"Individual") {
		t.Errorf("contact point %v is not a vcard:Individual: %v", cp, g.About(cp))
	}
	// 119 = the "@type" entries plus the property values of the file's 50
	// node objects (it is in flattened expanded form, so each is one triple).
	if g.Len() != 119 {
		t.Errorf("%d triples, want 119", g.Len())
	}

	// Two reads of the same document merge without blank node clashes.
	again, err := os.ReadFile(dcatFixture)
	if err != nil {
		t.Fatal(err)
	}
	g2 := mustParseJSONLD(t, string(again), "")
	merged := NewGraph(g.Triples()...)
	merged.Add(g2.Triples()...)
	blanks := func(gr *Graph) int {
		n := map[Term]bool{}
		for _, t := range gr.Triples() {
			if t.S.IsBlank() {
				n[t.S] = true
			}
		}
		return len(n)
	}
	if blanks(merged) != 2*blanks(g) {
		t.Errorf("merged graph has %d blank subjects, want %d", blanks(merged), 2*blanks(g))
	}
}

func TestJSONLDBundledContext(t *testing.T) {
	doc := `{
  "@context": "https://schema.org/",
  "@type": "Dataset",
  "@id": "https://example.org/ds",
  "name": "Bäume",
  "url": "https://example.org/page",
  "distribution": {"@type": "DataDownload", "contentUrl": "https://example.org/data.csv"}
}`
	g := mustParseJSONLD(t, doc, "")
	ds := IRI("https://example.org/ds")
	if !g.HasType(ds, SCHEMA+"Dataset") {
		t.Errorf("no schema:Dataset:\n%s", dumpGraph(g))
	}
	if got := g.Object(ds, SCHEMA+"name"); got != Literal("Bäume") {
		t.Errorf("name = %v", got)
	}
	if got := g.Object(ds, SCHEMA+"url"); got != IRI("https://example.org/page") {
		t.Errorf("url = %v (the context types it @id)", got)
	}
	dist := g.Object(ds, SCHEMA+"distribution")
	if !g.HasType(dist, SCHEMA+"DataDownload") {
		t.Errorf("distribution %v is not a schema:DataDownload", dist)
	}
	for _, u := range []string{"http://schema.org", "http://schema.org/", "https://schema.org"} {
		alt := strings.Replace(doc, "https://schema.org/", u, 1)
		if other := mustParseJSONLD(t, alt, ""); !Isomorphic(g, other) {
			t.Errorf("context %s gives another graph", u)
		}
	}
	if len(BundledJSONLDContexts()) == 0 {
		t.Error("no bundled contexts listed")
	}
}

func TestJSONLDConcurrentDecoders(t *testing.T) {
	doc := `{"@context": "https://schema.org/", "@id": "https://example.org/ds", "@type": "Dataset", "name": "x", "creator": {"name": "y"}}`
	want := mustParseJSONLD(t, doc, "")
	graphs := make([]*Graph, 4)
	var wg sync.WaitGroup
	for i := range graphs {
		wg.Go(func() { graphs[i], _ = Parse(strings.NewReader(doc), JSONLD, "") })
	}
	wg.Wait()
	labels := map[Term]int{}
	for i, g := range append(graphs, want) {
		if g == nil || !Isomorphic(want, g) {
			t.Fatalf("decoder %d: got %v", i, g)
		}
		for _, tr := range g.Triples() {
			if tr.O.IsBlank() {
				labels[tr.O]++
			}
		}
	}
	if len(labels) != len(graphs)+1 {
		t.Errorf("blank node labels %v, want one per document", labels)
	}
}

func TestJSONLDRemoteContextNeverFetched(t *testing.T) {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/ld+json")
		io.WriteString(w, `{"@context": {"name": "http://example.org/name"}}`)
	}))
	defer srv.Close()
	ctxURL := srv.URL + "/context.jsonld"
	for name, doc := range map[string]string{
		"context":         `{"@context": "` + ctxURL + `", "@id": "https://example.org/x", "name": "x"}`,
		"context in list": `{"@context": [{"ex": "http://example.org/"}, "` + ctxURL + `"], "@id": "https://example.org/x"}`,
		"scoped context":  `{"@context": {"p": {"@id": "http://example.org/p", "@context": "` + ctxURL + `"}}, "p": {"name": "x"}}`,
		"import":          `{"@context": {"@version": 1.1, "@import": "` + ctxURL + `"}, "name": "x"}`,
	} {
		_, err := Parse(strings.NewReader(doc), JSONLD, "")
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		want := "JSON-LD context " + ctxURL + " is not bundled; municat never fetches contexts"
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %q does not contain %q", name, err, want)
		}
		if !errors.Is(err, errJSONLDContextNotBundled) {
			t.Errorf("%s: error does not wrap errJSONLDContextNotBundled", name)
		}
	}
	relative := `{"@context": "context.jsonld", "@id": "https://example.org/x"}`
	if _, err := Parse(strings.NewReader(relative), JSONLD, srv.URL+"/doc.jsonld"); err == nil || !strings.Contains(err.Error(), ctxURL) {
		t.Errorf("relative context: %v", err)
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("the test server got %d requests, want 0", n)
	}
}

func TestJSONLDReadErrors(t *testing.T) {
	for name, tc := range map[string]struct{ doc, want string }{
		"invalid JSON":       {"{\n  \"@id\": \"x\",\n  }", "line 3, column 3 (byte offset 18)"},
		"truncated":          {`{"@id": `, "unexpected end of JSON input"},
		"trailing data":      {`{} {}`, "line 1, column 4 (byte offset 3)"},
		"not an object":      {`"https://example.org/doc.jsonld"`, "must be a JSON object or array"},
		"JSON-LD error code": {`{"@context": {"@language": 12}, "@id": "https://x/"}`, `JSON-LD error "invalid default language"`},
		"invalid @id":        {`{"@id": 5, "http://x/p": "v"}`, `"invalid @id value"`},
	} {
		_, err := Parse(strings.NewReader(tc.doc), JSONLD, "")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", name, err, tc.want)
		}
	}
	var je *ld.JsonLdError
	_, err := Parse(strings.NewReader(`{"@context": {"@language": 12}}`), JSONLD, "")
	if !errors.As(err, &je) || je.Code != ld.InvalidDefaultLanguage {
		t.Errorf("errors.As(*ld.JsonLdError) failed on %v", err)
	}
}

func TestJSONLDDropsWhatRDFCannotHold(t *testing.T) {
	doc := `{
  "@context": {"@base": null},
  "@graph": [
    {"@id": "relative", "http://x/p": "dropped: relative subject"},
    {"@id": "https://x/s", "http://x/p": [
      {"@id": "https://x/has space"},
      {"@value": "bad tag", "@language": "not a tag"},
      {"@value": "kept", "@language": "DE-at"}
    ]},
    {"@id": "https://x/g", "@graph": {"@id": "https://x/inner", "http://x/p": "named graph triple"}}
  ]
}`
	g := mustParseJSONLD(t, doc, "")
	want := NewGraph(
		Triple{IRI("https://x/s"), IRI("http://x/p"), LangLiteral("kept", "de-at")},
		Triple{IRI("https://x/inner"), IRI("http://x/p"), Literal("named graph triple")},
	)
	if !Isomorphic(want, g) {
		t.Errorf("got:\n%swant:\n%s", dumpGraph(g), dumpGraph(want))
	}
}

func TestJSONLDBase(t *testing.T) {
	g := mustParseJSONLD(t, `{"@id": "d/1", "http://x/p": {"@id": "../o"}}`, "https://example.org/a/b")
	want := Triple{IRI("https://example.org/a/d/1"), IRI("http://x/p"), IRI("https://example.org/o")}
	if !g.Has(want) || g.Len() != 1 {
		t.Errorf("got:\n%s", dumpGraph(g))
	}
}

func TestJSONLDSizeCap(t *testing.T) {
	// A valid document just over the cap: a long string value.
	head := `{"@id": "https://x/s", "http://x/p": "`
	tail := `"}`
	doc := func(n int) io.Reader {
		return io.MultiReader(strings.NewReader(head), &repeatReader{b: 'a', n: n}, strings.NewReader(tail))
	}
	if !testing.Short() { // reading 64 MiB takes seconds with -race
		_, err := NewDecoder(doc(MaxJSONLDSize), JSONLD, "")
		if err == nil || !strings.Contains(err.Error(), "larger than 64 MiB") {
			t.Fatalf("error %v, want the size cap", err)
		}
	}
	// The cap is exact: converting 64 MiB is too slow for a unit test, so
	// the same reader is checked with a small limit.
	const limit = 1000
	n := limit - len(head) - len(tail)
	data, err := jsonldRead(doc(n), limit)
	if err != nil || len(data) != limit {
		t.Fatalf("document of exactly the limit: %d bytes, %v", len(data), err)
	}
	if _, err := jsonldRead(doc(n+1), limit); err == nil || !strings.Contains(err.Error(), "larger than 1000 bytes") {
		t.Fatalf("one byte over the limit: %v", err)
	}
	data, err = jsonldRead(io.MultiReader(strings.NewReader("\xef\xbb\xbf"), doc(n-3)), limit)
	if err != nil || !bytes.HasPrefix(data, []byte("{")) {
		t.Fatalf("byte order mark: %q…, %v", data[:min(len(data), 5)], err)
	}
	// A few MiB still convert.
	g, err := Parse(doc(1<<20), JSONLD, "")
	if err != nil {
		t.Fatal(err)
	}
	if o := g.Object(IRI("https://x/s"), "http://x/p"); len(o.Value) != 1<<20 {
		t.Errorf("value has %d bytes, want %d", len(o.Value), 1<<20)
	}
}

// repeatReader yields n copies of b.
type repeatReader struct {
	b     byte
	n     int
	chunk []byte
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	if len(r.chunk) == 0 {
		r.chunk = bytes.Repeat([]byte{r.b}, 32<<10)
	}
	k := copy(p[:min(len(p), r.n)], r.chunk)
	r.n -= k
	return k, nil
}
