package ods

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester/jsonvalue"
)

const fuzzSite = "https://data.musterstadt.example"

// mustFixtures returns every JSON file of testdata.
func mustFixtures(tb testing.TB) [][]byte {
	tb.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(names) == 0 {
		tb.Fatalf("no fixtures: %v", err)
	}
	var out [][]byte
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// checkDataset fails t if d, mapped from input, would fail the runner:
// every dataset mapped must pass validation once it has its id, and hash.
func checkDataset(t *testing.T, d *municat.Dataset, remoteID string, input []byte) {
	t.Helper()
	if remoteID == "" {
		t.Fatalf("a mapped dataset without a remote id\ninput: %s", input)
	}
	d.ID = municat.DatasetID("fuzz", remoteID)
	d.State = municat.Published
	if err := d.Validate(); err != nil {
		t.Fatalf("mapped dataset is invalid: %v\ninput: %s", err, input)
	}
	_ = d.Hash()
}

// FuzzDecodePage feeds arbitrary bytes to every parser of the package: the
// search page decoder, the export decoder, the error-body reader and the
// dataset mapper. None may panic, and every dataset mapped must be valid.
func FuzzDecodePage(f *testing.F) {
	for _, b := range mustFixtures(f) {
		f.Add(b)
	}
	for _, s := range []string{
		`{"total_count":1,"results":[{"dataset_id":"a","metas":{"default":{"geographic_area":{"coordinates":[[1e308,-1e308]]}}}}]}`,
		`{"total_count":1e3,"results":[{"dataset_id":"A B/ä","has_records":"true","features":"geo","attachments":[{"id":"x y","url":"odsfile://a.pdf"},{"url":"http://[::1]:namedport"}]}]}`,
		`{"total_count":2,"results":[{"dataset_id":"a","metas":{"default":{"title":{"de":"x"},"language":"DEU","keyword":[1,null,{"a":1}]},"dcat":{"temporal":"9999/0001","contact_email":"<@>","spatial":"{\"type\":\"Point\",\"coordinates\":[200,0]}"}}}]}`,
		`[{"dataset_id":"a","metas":{"default":{"geographic_area":"{\"type\":\"Polygon\",\"coordinates\":[[[7,50],[8,51]]]}","language":"xx"}}}]`,
		`{"error_code":"ODSQLError","message":"x"}`,
		`{"errorcode":"10002","call_limit":-1,"reset_time":1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var all []rawDataset
		if page, err := decodePage(data); err == nil {
			if page.total < 0 {
				t.Fatalf("negative total_count %d", page.total)
			}
			all = append(all, page.results...)
		}
		if list, err := decodeExport(data); err == nil {
			all = append(all, list...)
		}
		if e := apiErrorOf(jsonvalue.Parse(data)); e != nil {
			_ = e.explain("https://x.example").Error()
		}
		for _, ds := range parseObjects(all) {
			rec, _ := record(ds, fuzzSite)
			if rec.Err == nil {
				checkDataset(t, rec.Dataset, rec.RemoteID, data)
			}
		}
		if d, remoteID, err := mapDataset(jsonvalue.Parse(data), fuzzSite); err == nil {
			checkDataset(t, d, remoteID, data)
		}
	})
}

// FuzzMapValues puts arbitrary strings into the fields of a dataset whose
// shape is valid, which reaches the value parsers (times, periods,
// licences, e-mail addresses, GeoJSON, attachment addresses) far more
// often than mutated JSON does. The mapped dataset must be valid.
func FuzzMapValues(f *testing.F) {
	f.Add("baumkataster", "Baumkataster", "a@b.de", "https://x.example/a b.pdf", `{"type":"Point","coordinates":[7,50]}`, "2019-01-01/2023-12-31", "application/pdf", "de", "CC BY 4.0")
	f.Add("A", "", "mailto:", "odsfile://x", `{"coordinates":[[-181,0]]}`, "0001-01-01T00:00:00+01:00/..", "text/csv;", "DEU", "")
	f.Add("a/b", " ", "x(at)y", "www.", `"{\"coordinates\":[1,2]}"`, "2020", ".xlsx", "de-DE", "https://creativecommons.org/licenses/by/4.0/")
	f.Fuzz(func(t *testing.T, id, title, mail, link, geo, when, mime, lang, lic string) {
		ds := map[string]any{
			"dataset_id": id, "dataset_uid": title, "has_records": true, "data_visible": true,
			"features":    []any{"geo", mime},
			"attachments": []any{map[string]any{"id": title, "url": link, "mimetype": mime, "title": link}, map[string]any{"id": id, "url": mail}},
			"metas": map[string]any{
				"default": map[string]any{
					"title": title, "description": link, "keyword": []any{title, lang}, "theme": []any{title, mime},
					"license": lic, "license_url": link, "language": lang, "publisher": title, "modified": when,
					"data_processed": when, "territory": []any{title}, "geographic_area": json.RawMessage(geoOrNull(geo)),
				},
				"dcat": map[string]any{
					"issued": when, "created": title, "creator": title, "contact_name": title, "contact_email": mail,
					"accrualperiodicity": lang, "spatial": geo, "temporal": when,
				},
			},
		}
		raw, err := json.Marshal(ds)
		if err != nil {
			t.Skip()
		}
		d, remoteID, err := mapDataset(jsonvalue.Parse(raw), fuzzSite)
		if err != nil {
			return
		}
		checkDataset(t, d, remoteID, raw)
	})
}

// geoOrNull returns s if it is valid JSON, else null.
func geoOrNull(s string) string {
	if json.Valid([]byte(s)) {
		return s
	}
	return "null"
}
