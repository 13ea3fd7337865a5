package dcat

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/municat/municat"
)

// FuzzPage reads arbitrary bytes as a page with each content type and maps
// what parses. Nothing may panic; every record must have a remote id or an
// error, and every mapped dataset must pass validation.
func FuzzPage(f *testing.F) {
	dir := filepath.Join("..", "..", "testdata", "fixtures", "dcat")
	entries, err := os.ReadDir(dir)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0))
	}
	f.Add([]byte("@prefix hydra: <http://www.w3.org/ns/hydra/core#> .\n<?page=1> a hydra:PagedCollection ; hydra:next \"?page=1\" ; hydra:totalItems \"99999999999999999999\" ."), uint8(1))
	f.Add([]byte(`{"@id":"_:d","@type":"http://www.w3.org/ns/dcat#Dataset","http://purl.org/dc/terms/title":"x"}`), uint8(3))
	f.Add([]byte("_:d <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> .\n"), uint8(4))
	f.Add([]byte("<!DOCTYPE html><html></html>"), uint8(5))
	types := []string{"", "text/turtle", "application/rdf+xml", "application/ld+json", "application/n-triples", "text/html", "text/plain", "application/json; charset=utf-8"}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	f.Fuzz(func(t *testing.T, body []byte, ct uint8) {
		p, err := ParsePage(body, types[int(ct)%len(types)], "https://k.example/catalog?page=1")
		if err != nil {
			if municat.ErrorMessage(err) == "Interner Fehler." {
				t.Fatalf("error without a message for the user: %v", err)
			}
			return
		}
		if p.Format == "" || p.Format.Ext() == "" {
			t.Fatalf("parsed without a format")
		}
		m := newMapper(&municat.Source{ID: "fuzz", Organization: "org"}, log)
		recs, _ := m.mapPage(p)
		for _, r := range recs {
			if r.Err != nil {
				continue
			}
			if r.RemoteID == "" || r.Dataset == nil || r.Dataset.Identifier == "" {
				t.Fatalf("record without remote id, dataset or identifier: %+v", r)
			}
			d := *r.Dataset
			d.ID = municat.DatasetID("fuzz", r.RemoteID)
			if err := d.Validate(); err != nil {
				t.Fatalf("mapped dataset is invalid: %v", err)
			}
			_ = d.Hash()
		}
	})
}
