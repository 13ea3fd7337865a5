package rdf

import (
	"bytes"
	"testing"
)

// The W3C RDF 1.1 test suites (testdata/w3c-rdf-tests): every manifest
// entry runs as one subtest named after the entry, e.g.
//
//	go test ./rdf -run 'TestW3CTurtle/turtle-syntax-bad-struct-01'

func TestW3CNTriples(t *testing.T) { runW3CSuite(t, "rdf-n-triples", NTriples) }

func TestW3CTurtle(t *testing.T) { runW3CSuite(t, "rdf-turtle", Turtle) }

// TestW3CRDFXML runs the RDF/XML suite through NewDecoder(r, RDFXML, base).
func TestW3CRDFXML(t *testing.T) { runW3CSuite(t, "rdf-xml", RDFXML) }

// runW3CSuite runs every entry of a suite's manifest and logs the tally.
func runW3CSuite(t *testing.T, suite string, f Format) {
	entries := w3cManifest(t, suite)
	passed, failed := 0, 0
	for _, e := range entries {
		if t.Run(e.name, func(t *testing.T) { runW3CEntry(t, suite, f, e) }) {
			passed++
		} else {
			failed++
		}
	}
	if passed+failed != len(entries) {
		t.Errorf("ran %d tests, manifest lists %d", passed+failed, len(entries))
	}
	t.Logf("w3c %s: %d passed, %d failed of %d", suite, passed, failed, len(entries))
}

// runW3CEntry runs one manifest entry.
func runW3CEntry(t *testing.T, suite string, f Format, e w3cEntry) {
	switch e.kind {
	case "TestNTriplesPositiveSyntax", "TestTurtlePositiveSyntax":
		if _, err := w3cParse(t, suite, e.action, f); err != nil {
			t.Errorf("valid document rejected: %v", err)
		}
	case "TestNTriplesNegativeSyntax", "TestTurtleNegativeSyntax", "TestTurtleNegativeEval", "TestXMLNegativeSyntax":
		if g, err := w3cParse(t, suite, e.action, f); err == nil {
			t.Errorf("invalid document accepted, giving %d triples", g.Len())
		}
	case "TestTurtleEval", "TestXMLEval":
		got, err := w3cParse(t, suite, e.action, f)
		if err != nil {
			t.Fatalf("valid document rejected: %v", err)
		}
		want, err := w3cParse(t, suite, e.result, NTriples)
		if err != nil {
			t.Fatalf("expected result %s: %v", e.result, err)
		}
		if d := isoDiff(got, want, 20); d != "" {
			t.Fatalf("parsed graph (first) differs from the expected result (second):\n%s", d)
		}
		t.Run("turtle-writer", func(t *testing.T) { checkRoundTrip(t, got, Turtle) })
		t.Run("ntriples-writer", func(t *testing.T) { checkRoundTrip(t, got, NTriples) })
	default:
		t.Errorf("unknown test type %q", e.kind)
	}
}

// checkRoundTrip writes g in format f and reads it back: the result must
// be isomorphic to g.
func checkRoundTrip(t testing.TB, g *Graph, f Format) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f, w3cRoundTripPrefixes, g.Triples()...); err != nil {
		t.Fatalf("write %s: %v", f, err)
	}
	back, err := Parse(bytes.NewReader(buf.Bytes()), f, "")
	if err != nil {
		t.Fatalf("re-parse %s: %v\n%s", f, err, buf.Bytes())
	}
	if d := isoDiff(g, back, 20); d != "" {
		t.Fatalf("round trip through %s changed the graph (original first):\n%s\ndocument:\n%s", f, d, buf.Bytes())
	}
}
