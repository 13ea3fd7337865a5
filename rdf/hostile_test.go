package rdf

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// parseBounded parses doc and fails the test when parsing allocated more
// than maxAlloc bytes; it returns the graph and the error. The tests using
// it are not parallel, so the process-wide allocation counter measures the
// parse alone (plus noise far below the bounds).
func parseBounded(t *testing.T, doc []byte, f Format, maxAlloc uint64) (*Graph, error) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	g, err := Parse(bytes.NewReader(doc), f, "http://example.org/doc")
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > maxAlloc {
		t.Errorf("parsing %d bytes allocated %d MB, want at most %d MB", len(doc), alloc>>20, maxAlloc>>20)
	}
	return g, err
}

// mustNotContain fails when a triple of g holds s.
func mustNotContain(t *testing.T, g *Graph, s string) {
	t.Helper()
	if g == nil {
		return
	}
	for _, tr := range g.Triples() {
		if strings.Contains(tr.S.Value+tr.P.Value+tr.O.Value, s) {
			t.Fatalf("triple %v holds %q", tr, s)
		}
	}
}

const hostileRDFHead = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">`

// TestRDFXMLBillionLaughs checks that nested entity declarations are
// refused with an error instead of being expanded to gigabytes.
func TestRDFXMLBillionLaughs(t *testing.T) {
	var dtd strings.Builder
	dtd.WriteString(`<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY lol0 "lol">`)
	for i := 1; i <= 9; i++ {
		dtd.WriteString(`<!ENTITY lol` + string(rune('0'+i)) + ` "`)
		for range 10 {
			dtd.WriteString(`&lol` + string(rune('0'+i-1)) + `;`)
		}
		dtd.WriteString(`">`)
	}
	dtd.WriteString(`]>` + hostileRDFHead + `<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>`)
	g, err := parseBounded(t, []byte(dtd.String()), RDFXML, 64<<20)
	if err == nil || !strings.Contains(err.Error(), "expands to more than") {
		t.Fatalf("err = %v, want the entity expansion limit; graph %v", err, g)
	}
}

// TestRDFXMLQuadraticBlowup checks the cap on what references may expand
// to: one entity of 1,000 bytes referenced 200,000 times (a 600 kB
// document that would make a 200 MB text) is refused while being read,
// and a short entity used 20,000 times still works.
func TestRDFXMLQuadraticBlowup(t *testing.T) {
	doc := func(value string, refs int) []byte {
		return []byte(`<!DOCTYPE rdf:RDF [<!ENTITY e "` + value + `">]>` + hostileRDFHead +
			`<rdf:Description rdf:about="http://example.org/a"><ex:p>` + strings.Repeat("&e;", refs) + `</ex:p></rdf:Description></rdf:RDF>`)
	}
	// Expanded in full, the text alone would be 200 MB (over 400 MB
	// allocated with the decoder's copies); stopped at the cap, parsing
	// allocates about 64 MB, 128 MB under the race detector.
	_, err := parseBounded(t, doc(strings.Repeat("x", 1000), 200_000), RDFXML, 192<<20)
	if err == nil || !strings.Contains(err.Error(), "could expand to more than") {
		t.Fatalf("err = %v, want the expansion limit", err)
	}
	g, err := parseBounded(t, doc("http://example.org/", 20_000), RDFXML, 64<<20)
	if err != nil {
		t.Fatal(err)
	}
	if ts := g.Triples(); len(ts) != 1 || len(ts[0].O.Value) != 20_000*len("http://example.org/") {
		t.Fatalf("triples = %d", len(ts))
	}
}

// TestRDFXMLEntitiesStillWork keeps the namespace entities OWL files use.
func TestRDFXMLEntitiesStillWork(t *testing.T) {
	doc := `<!DOCTYPE rdf:RDF [<!ENTITY ex "http://example.org/"><!ENTITY exa "&ex;a">]>` + hostileRDFHead +
		`<rdf:Description rdf:about="&exa;"><ex:p rdf:resource="&ex;b"/></rdf:Description></rdf:RDF>`
	g, err := parseBounded(t, []byte(doc), RDFXML, 8<<20)
	if err != nil {
		t.Fatal(err)
	}
	if ts := g.Triples(); len(ts) != 1 || ts[0].S.Value != "http://example.org/a" || ts[0].O.Value != "http://example.org/b" {
		t.Fatalf("triples = %v", ts)
	}
}

// TestRDFXMLTooManyEntities checks the cap on the number of declarations.
func TestRDFXMLTooManyEntities(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE rdf:RDF [`)
	for i := range maxEntities + 1 {
		b.WriteString(`<!ENTITY e` + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + itoa(i) + ` "v">`)
	}
	b.WriteString(`]>` + hostileRDFHead + `</rdf:RDF>`)
	if _, err := parseBounded(t, []byte(b.String()), RDFXML, 64<<20); err == nil || !strings.Contains(err.Error(), "entities declared") {
		t.Fatalf("err = %v, want the entity count limit", err)
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

// TestRDFXMLExternalEntities checks that SYSTEM and PUBLIC entities are
// neither read from disk nor fetched over HTTP.
func TestRDFXMLExternalEntities(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		_, _ = w.Write([]byte("FETCHED-SECRET"))
	}))
	defer srv.Close()
	for name, decl := range map[string]string{
		"file":   `<!ENTITY x SYSTEM "file:///etc/passwd">`,
		"http":   `<!ENTITY x SYSTEM "` + srv.URL + `/x">`,
		"public": `<!ENTITY x PUBLIC "-//X//EN" "` + srv.URL + `/y">`,
		"param":  `<!ENTITY % p SYSTEM "` + srv.URL + `/p"> %p;`,
	} {
		t.Run(name, func(t *testing.T) {
			doc := `<?xml version="1.0"?><!DOCTYPE rdf:RDF [` + decl + `]>` + hostileRDFHead +
				`<rdf:Description rdf:about="http://example.org/a"><ex:p>&x;</ex:p></rdf:Description></rdf:RDF>`
			g, err := parseBounded(t, []byte(doc), RDFXML, 16<<20)
			if err == nil {
				t.Fatalf("undefined entity &x; accepted: %v", g.Triples())
			}
			mustNotContain(t, g, "root:")
			mustNotContain(t, g, "FETCHED")
		})
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the parser fetched %d external entities", n)
	}
}

// TestRDFXMLDeepNesting checks the nesting cap of the RDF/XML decoder: at
// the limit a document parses, 100,000 nested elements fail with a clear
// error (and bounded memory), closed or not.
func TestRDFXMLDeepNesting(t *testing.T) {
	nested := func(levels int, closed bool) []byte {
		var b bytes.Buffer
		b.WriteString(hostileRDFHead)
		for range levels {
			b.WriteString(`<rdf:Description><ex:p>`)
		}
		b.WriteString(`<rdf:Description/>`)
		if closed {
			for range levels {
				b.WriteString(`</ex:p></rdf:Description>`)
			}
			b.WriteString(`</rdf:RDF>`)
		}
		return b.Bytes()
	}
	n := (MaxRDFXMLNesting - 2) / 2 // rdf:RDF and the innermost element
	g, err := parseBounded(t, nested(n, true), RDFXML, 64<<20)
	if err != nil {
		t.Fatalf("%d levels: %v", 2*n+2, err)
	}
	if got := len(g.Triples()); got != n {
		t.Fatalf("%d triples, want %d", got, n)
	}
	for _, closed := range []bool{true, false} {
		_, err := parseBounded(t, nested(100_000, closed), RDFXML, 64<<20)
		if err == nil || !strings.Contains(err.Error(), "nested deeper than") {
			t.Fatalf("100,000 levels (closed %v): err = %v, want the nesting limit", closed, err)
		}
	}
}

// TestTurtleDeepNesting checks the nesting cap of the recursive Turtle
// parser: at the limit a document parses, one level deeper it fails with
// a clear error, and two million levels (which would exhaust the
// goroutine stack without the cap, a fatal error) fail the same way.
func TestTurtleDeepNesting(t *testing.T) {
	blanks := func(n int) []byte {
		return []byte(`<http://example.org/s> <http://example.org/p> ` + strings.Repeat(`[ <http://example.org/p> `, n-1) + `[]` + strings.Repeat(` ]`, n-1) + " .\n")
	}
	lists := func(n int) []byte {
		return []byte(`<http://example.org/s> <http://example.org/p> ` + strings.Repeat(`( `, n) + strings.Repeat(`) `, n) + ".\n")
	}
	subjectBlanks := func(n int) []byte {
		return []byte(strings.Repeat(`[ <http://example.org/p> `, n) + `1` + strings.Repeat(` ]`, n) + " .\n")
	}
	subjectLists := func(n int) []byte {
		return []byte(strings.Repeat(`( `, n) + strings.Repeat(`) `, n) + "<http://example.org/p> 1 .\n")
	}
	for name, gen := range map[string]func(int) []byte{"blank nodes": blanks, "collections": lists, "subject blank nodes": subjectBlanks, "subject collections": subjectLists} {
		t.Run(name, func(t *testing.T) {
			if _, err := parseBounded(t, gen(MaxTurtleNesting), Turtle, 64<<20); err != nil {
				t.Fatalf("%d levels: %v", MaxTurtleNesting, err)
			}
			for _, n := range []int{MaxTurtleNesting + 1, 2_000_000} {
				_, err := parseBounded(t, gen(n), Turtle, 256<<20)
				if err == nil || !strings.Contains(err.Error(), "nested deeper than") {
					t.Fatalf("%d levels: err = %v, want the nesting limit", n, err)
				}
			}
		})
	}
	// the decoder recovers: the next statement after a too-deep one parses
	doc := append(lists(MaxTurtleNesting+1), "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"...)
	dec, err := NewDecoder(bytes.NewReader(doc), Turtle, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dec.Decode(); err == nil {
		t.Fatal("too deep statement decoded")
	}
}

// TestJSONLDDeepNesting checks deeply nested JSON-LD: encoding/json stops at
// 10,000 levels, and json-gold's recursion must cope with what is below.
func TestJSONLDDeepNesting(t *testing.T) {
	nested := func(n int) []byte {
		return []byte(`{"@context":{"p":"http://example.org/p"},"@id":"http://example.org/s","p":` +
			strings.Repeat(`{"p":`, n) + `"x"` + strings.Repeat(`}`, n) + `}`)
	}
	arrays := func(n int) []byte {
		return []byte(`{"@id":"http://example.org/s","http://example.org/p":` + strings.Repeat(`[`, n) + `"x"` + strings.Repeat(`]`, n) + `}`)
	}
	for name, gen := range map[string]func(int) []byte{"objects": nested, "arrays": arrays} {
		t.Run(name, func(t *testing.T) {
			g, err := parseBounded(t, gen(9_000), JSONLD, 1<<30)
			if err != nil && !strings.Contains(err.Error(), "tief") && !strings.Contains(err.Error(), "deep") && !strings.Contains(err.Error(), "list of lists") {
				t.Logf("9,000 levels: %v", err)
			}
			if err == nil && len(g.Triples()) == 0 {
				t.Fatal("9,000 levels: no triples and no error")
			}
			if _, err := parseBounded(t, gen(200_000), JSONLD, 256<<20); err == nil {
				t.Fatal("200,000 levels accepted")
			}
		})
	}
}
