package rdf

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// addW3CSeeds adds the files of the given W3C suites with the given
// extensions to the fuzz corpus.
func addW3CSeeds(f *testing.F, suites []string, exts ...string) {
	f.Helper()
	n := 0
	for _, suite := range suites {
		for _, ext := range exts {
			files, err := filepath.Glob(filepath.Join(w3cDir, suite, "*."+ext))
			if err != nil {
				f.Fatal(err)
			}
			for _, file := range files {
				data, err := os.ReadFile(file)
				if err != nil {
					f.Fatal(err)
				}
				f.Add(data)
				n++
			}
		}
	}
	if n == 0 {
		f.Fatal("no seed files found")
	}
}

// fuzzMaxInput caps fuzz inputs: the isomorphism check is quadratic on
// long chains of blank nodes, and big inputs find nothing small ones miss.
const fuzzMaxInput = 4 << 10

// fuzzRoundTrip decodes data; when that succeeds, writing the graph as
// Turtle and as N-Triples and reading it back must give the same graph.
func fuzzRoundTrip(t *testing.T, data []byte, f Format) {
	if len(data) > fuzzMaxInput {
		return
	}
	g, err := Parse(bytes.NewReader(data), f, "http://example.org/fuzz/doc")
	if err != nil {
		return
	}
	checkRoundTrip(t, g, Turtle)
	checkRoundTrip(t, g, NTriples)
}

func FuzzNTriples(f *testing.F) {
	addW3CSeeds(f, []string{"rdf-n-triples", "rdf-turtle"}, "nt")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRoundTrip(t, data, NTriples) })
}

func FuzzTurtle(f *testing.F) {
	addW3CSeeds(f, []string{"rdf-turtle", "rdf-n-triples"}, "ttl", "nt")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRoundTrip(t, data, Turtle) })
}
