package ckan

import (
	"encoding/json"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/ckantest"
)

// FuzzMapPackage feeds arbitrary JSON to the search decoder and the mapper.
// Neither may panic, and a dataset the mapper returns must pass validation
// once the runner has given it an id: one odd package must never produce a
// record that fails later, or break the hash.
func FuzzMapPackage(f *testing.F) {
	for _, name := range []string{ckantest.GovDataShowFixture, ckantest.DemoShowFixture} {
		f.Add([]byte(MustShowResult(f, name)))
	}
	f.Add(ckantest.ReadFixture(f, ckantest.SearchFixture))
	for _, s := range []string{
		`{"id":"a","title":"t","extras":[{"key":"spatial","value":"{\"coordinates\":[[1e308,-1e308]]}"}]}`,
		`{"id":"a","title":"t","resources":[{"url":"http://[::1]:namedport"},{"url":"/x y","size":1e30}]}`,
		`{"id":"a","title_translated":{"DE":"x","d":"y"},"temporal_start":"9999-12-31T23:59:59-01:00"}`,
		`{"id":"a","name":"n","maintainer_email":"<@>","url":"https://exa mple.org","theme":"[1,2]"}`,
		`{"id":"a","title":"t","spatial_reference":"{\"ags\":\"123\",\"uri\":\"javascript:alert(1)\"}"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if res, err := decodeSearch(data, "https://ckan.example.org/api/3/action/package_search"); err == nil {
			for _, raw := range res.results {
				record(raw, testSite)
			}
		}
		d, remoteID, err := mapPackage(json.RawMessage(data), testSite)
		if err != nil {
			return
		}
		if remoteID == "" {
			t.Fatal("a mapped dataset without a remote id")
		}
		d.ID = municat.DatasetID("fuzz", remoteID)
		d.State = municat.Published
		if err := d.Validate(); err != nil {
			t.Fatalf("mapped dataset is invalid: %v\ninput: %s", err, data)
		}
		_ = d.Hash()
	})
}

// FuzzMapValues puts arbitrary strings into the fields of a package whose
// shape is valid, which reaches the value parsers far more often than
// mutated JSON does. The mapped dataset must pass validation.
func FuzzMapValues(f *testing.F) {
	f.Add("Titel", "a@b.de", "https://x.example/a b.csv", `{"type":"Point","coordinates":[7,50]}`, "2000-01-01 00:00:00", "csv", "de", "md5:x")
	f.Add("", "mailto:", "www.", `{"coordinates":[[-181,0]]}`, "0001-01-01T00:00:00+01:00", "text/csv;", "DEU", "")
	f.Fuzz(func(t *testing.T, title, mail, link, geo, when, format, lang, hash string) {
		pkg := map[string]any{
			"id": "p", "name": title, "title": title, "url": link, "maintainer_email": mail, "author_email": link,
			"metadata_created": when, "language": lang, "frequency": format, "access_rights": lang,
			"title_translated": map[string]string{lang: title},
			"tags":             []any{title, map[string]string{"name": format}},
			"groups":           []any{map[string]string{"name": format}},
			"extras": []any{
				map[string]string{"key": "spatial", "value": geo},
				map[string]string{"key": "spatial_reference", "value": geo},
				map[string]string{"key": "temporal_coverage_from", "value": when},
				map[string]string{"key": "temporal_coverage_to", "value": hash},
				map[string]string{"key": "terms_of_use", "value": geo},
				map[string]string{"key": "theme", "value": format},
			},
			"resources": []any{
				map[string]any{"id": hash, "url": link, "format": format, "mimetype": format, "size": hash, "hash": hash, "created": when},
				map[string]any{"id": title, "url": mail, "download_url": link, "last_modified": hash},
			},
		}
		raw, err := json.Marshal(pkg)
		if err != nil {
			t.Skip()
		}
		d, remoteID, err := mapPackage(raw, testSite)
		if err != nil {
			return
		}
		d.ID = municat.DatasetID("fuzz", remoteID)
		if err := d.Validate(); err != nil {
			t.Fatalf("mapped dataset is invalid: %v\ninput: %s", err, raw)
		}
		_ = d.Hash()
	})
}
