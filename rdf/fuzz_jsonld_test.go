package rdf

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// FuzzJSONLD checks that reading never panics and that every document
// read successfully survives writing and reading again unchanged (up to
// blank node labels).
func FuzzJSONLD(f *testing.F) {
	fixture, err := os.ReadFile(dcatFixture)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(fixture)
	for _, groups := range roundTripGroups {
		f.Add([]byte(mustWriteJSONLD(f, CommonPrefixes, groups...)))
	}
	for _, doc := range []string{
		`{"@context": "https://schema.org/", "@type": "Dataset", "name": "x", "distribution": {"@type": "DataDownload", "contentUrl": "a.csv"}}`,
		`{"@context": {"ex": "http://example.org/", "@vocab": "http://example.org/v#", "@language": "de"}, "@id": "ex:a", "title": "Titel", "n": 1.5, "i": 3, "b": true}`,
		`{"@context": {"l": {"@id": "http://x/l", "@container": "@list"}}, "@id": "http://x/s", "l": [1, "a", {"@id": "http://x/o"}]}`,
		`{"@context": {"t": {"@id": "http://x/t", "@container": "@language"}}, "t": {"de": "Baum", "en": ["tree", "Tree"]}}`,
		`[{"@id": "_:a", "http://x/p": {"@id": "_:b"}}, {"@id": "_:b", "http://x/p": {"@id": "_:a"}}]`,
		`{"@id": "http://x/g", "@graph": [{"@id": "http://x/s", "@reverse": {"http://x/p": {"@id": "http://x/o"}}}]}`,
		`{"@context": {"@version": 1.1, "n": "@nest", "p": "http://x/p"}, "@id": "http://x/s", "n": {"p": "v"}, "@included": [{"@id": "http://x/i", "p": {"@value": "j", "@type": "@json"}}]}`,
		`{"@id": "http://x/s", "http://x/p": {"@value": {"b": [2, 1], "a": null}, "@type": "@json"}}`,
	} {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := Parse(bytes.NewReader(data), JSONLD, "https://example.org/base/")
		if err != nil {
			return
		}
		out := mustWriteJSONLD(t, CommonPrefixes, g.Triples())
		if !json.Valid([]byte(out)) {
			t.Fatalf("invalid JSON written:\n%s", out)
		}
		again, err := Parse(bytes.NewReader([]byte(out)), JSONLD, "")
		if err != nil {
			t.Fatalf("re-reading the written document: %v\n%s", err, out)
		}
		if !Isomorphic(g, again) {
			t.Fatalf("re-read graph differs\nread:\n%s\nre-read:\n%s\nwritten:\n%s", dumpGraph(g), dumpGraph(again), out)
		}
	})
}
