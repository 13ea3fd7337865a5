package rdf

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// w3cDir is the copy of the W3C RDF 1.1 test suites.
const w3cDir = "../testdata/w3c-rdf-tests"

// w3cBase is the base IRI of the suites; a suite's tests live below
// w3cBase + suite + "/".
const w3cBase = "https://w3c.github.io/rdf-tests/rdf/rdf11/"

const mfNS = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"

// w3cEntry is one test of a manifest.
type w3cEntry struct {
	name, kind     string // kind is the local name of the rdft: type
	action, result string // IRIs
}

// w3cManifest reads a suite's manifest.ttl with the Turtle decoder and
// returns its entries in manifest order. It fails the test when the
// number of entries differs from the number of mf:action lines in the
// file, so that a decoder bug cannot silently drop tests.
func w3cManifest(t *testing.T, suite string) []w3cEntry {
	t.Helper()
	path := filepath.Join(w3cDir, suite, "manifest.ttl")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Parse(strings.NewReader(string(raw)), Turtle, w3cBase+suite+"/manifest.ttl")
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	manifests := g.OfType(mfNS + "Manifest")
	if len(manifests) != 1 {
		t.Fatalf("%s: %d manifests, want 1", path, len(manifests))
	}
	var entries []w3cEntry
	for node := g.Object(manifests[0], mfNS+"entries"); node != IRI(RDF+"nil"); node = g.Object(node, RDF+"rest") {
		if node.IsZero() {
			t.Fatalf("%s: mf:entries is not a well-formed list", path)
		}
		e := g.Object(node, RDF+"first")
		entry := w3cEntry{
			name:   g.Object(e, mfNS+"name").Value,
			action: g.Object(e, mfNS+"action").Value,
			result: g.Object(e, mfNS+"result").Value,
		}
		for _, typ := range g.Objects(e, RDFType) {
			entry.kind = strings.TrimPrefix(typ.Value, "http://www.w3.org/ns/rdftest#")
		}
		if entry.name == "" || entry.action == "" || entry.kind == "" {
			t.Fatalf("%s: entry %s lacks a name, action or type", path, e)
		}
		entries = append(entries, entry)
	}
	actions := len(regexp.MustCompile(`(?m)^[^#\n]*mf:action`).FindAll(raw, -1))
	if len(entries) != actions {
		t.Fatalf("%s: %d entries in mf:entries but %d mf:action lines", path, len(entries), actions)
	}
	return entries
}

// w3cFile maps a test IRI to its local file.
func w3cFile(t *testing.T, suite, iri string) string {
	t.Helper()
	rel, ok := strings.CutPrefix(iri, w3cBase+suite+"/")
	if !ok {
		t.Fatalf("test file %s is outside the suite %s", iri, suite)
	}
	return filepath.Join(w3cDir, suite, filepath.FromSlash(rel))
}

// w3cParse parses a test file with its IRI as base.
func w3cParse(t *testing.T, suite, iri string, f Format) (*Graph, error) {
	t.Helper()
	file, err := os.Open(w3cFile(t, suite, iri))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	return Parse(file, f, iri)
}

// w3cRoundTripPrefixes are used by the writer round trips, so that the
// Turtle writer's prefixed names are exercised on the suites' IRIs.
var w3cRoundTripPrefixes = append([]Prefix{
	{"a", "http://a.example/"}, {"ex", "http://example.org/"}, {"tt", "http://www.w3.org/2013/TurtleTests/"},
	{"ex2", "http://example/"}, {"ot", "http://www.w3.org/2013/TurtleTests/ns#"},
}, CommonPrefixes...)
