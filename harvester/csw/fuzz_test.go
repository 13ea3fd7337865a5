package csw

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/repotest"
)

// seedFixtures adds every CSW fixture to f's corpus.
func seedFixtures(f *testing.F) {
	dir := repotest.Dir(f, "testdata/fixtures/csw")
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no fixtures in %s: %v", dir, err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// FuzzParseResults reads arbitrary bodies as GetRecords responses and maps
// their records. It must not panic; a body it refuses gives an error
// matching municat.ErrUnavailable; and every record it maps without error
// must give a dataset that passes municat's validation once the Runner
// sets its id.
func FuzzParseResults(f *testing.F) {
	seedFixtures(f)
	f.Add([]byte(`<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2"><csw:SearchResults numberOfRecordsMatched="1" nextRecord="0"><MD_Metadata xmlns="http://www.isotc211.org/2005/gmd"><fileIdentifier><CharacterString xmlns="http://www.isotc211.org/2005/gco">a</CharacterString></fileIdentifier></MD_Metadata></csw:SearchResults></csw:GetRecordsResponse>`))
	f.Add([]byte(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>`))
	f.Add([]byte(`<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows"><ows:Exception exceptionCode="X"><ows:ExceptionText>t</ows:ExceptionText></ows:Exception></ows:ExceptionReport>`))
	ep, err := parseEndpoint("https://csw.example.org/csw?portal=x")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		res, err := parseResults(body, "https://csw.example.org/csw")
		if err != nil {
			if !errors.Is(err, municat.ErrUnavailable) {
				t.Fatalf("error %v does not match ErrUnavailable", err)
			}
			return
		}
		if res.matched < 0 || res.matched > maxCount {
			t.Fatalf("matched %d", res.matched)
		}
		for _, e := range res.records {
			rec, _ := mapRecord(e, ep)
			if rec.Err != nil {
				continue
			}
			if rec.Dataset == nil || rec.RemoteID == "" || rec.Dataset.Title.IsEmpty() {
				t.Fatalf("record %+v mapped without error but incomplete", rec)
			}
			d := *rec.Dataset
			d.ID = municat.DatasetID("fuzz", rec.RemoteID)
			if err := d.Validate(); err != nil {
				t.Fatalf("record %s: %v", rec.RemoteID, err)
			}
			_ = d.Hash()
		}
	})
}

// FuzzParseCapabilities reads arbitrary bodies as capabilities documents.
// It must not panic, and a body it refuses gives an error matching
// municat.ErrUnavailable.
func FuzzParseCapabilities(f *testing.F) {
	seedFixtures(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		c, err := parseCapabilities(body, "https://csw.example.org/csw")
		if err != nil {
			if !errors.Is(err, municat.ErrUnavailable) {
				t.Fatalf("error %v does not match ErrUnavailable", err)
			}
			return
		}
		if c == nil {
			t.Fatal("no capabilities and no error")
		}
	})
}
