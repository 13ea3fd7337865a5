package socrata

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// mustBeUsable fails unless rec is an error or a dataset that passes
// validation once the Runner has given it an id, and hashes.
func mustBeUsable(t *testing.T, rec harvester.Record, input []byte) {
	t.Helper()
	if rec.Dataset == nil {
		return
	}
	if rec.Err != nil || rec.RemoteID == "" {
		t.Fatalf("record %q has a dataset and error %v", rec.RemoteID, rec.Err)
	}
	d := *rec.Dataset
	d.ID = municat.DatasetID("fuzz", rec.RemoteID)
	d.State = municat.Published
	if err := d.Validate(); err != nil {
		t.Fatalf("mapped dataset is invalid: %v\ninput: %s", err, input)
	}
	_ = d.Hash()
}

// FuzzCatalog feeds arbitrary bytes to the response decoder and maps every
// result: nothing may panic, and every dataset must be valid.
func FuzzCatalog(f *testing.F) {
	body, err := os.ReadFile(filepath.Join("..", "..", "testdata", "fixtures", "dcat-us", "sodapy_catalog_v1_boston.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(body)
	var resp struct{ Results []json.RawMessage }
	if err := json.Unmarshal(body, &resp); err != nil {
		f.Fatal(err)
	}
	for _, r := range resp.Results {
		f.Add([]byte(`{"resultSetSize": 1, "results": [` + string(r) + `]}`))
	}
	f.Add([]byte(`{"resultSetSize": "2", "results": [{"resource": {"id": "a/b c", "name": " ", "type": "map"}, "metadata": {"domain": "x y"}, "permalink": "javascript:x"}, null]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := decodeCatalog(data, "https://data.example.org/api/catalog/v1")
		if err != nil {
			return
		}
		m := newMapper("data.example.org", "", "dataset,map,chart")
		for _, raw := range res.results {
			rec, _ := m.record(raw)
			mustBeUsable(t, rec, data)
		}
	})
}

// FuzzValues puts arbitrary strings into the fields of a result whose shape
// is valid, which reaches the value mapping far more often than mutated
// JSON does.
func FuzzValues(f *testing.F) {
	f.Add("msk6-43c6", "Approved Building Permits", "data.cityofboston.gov", "2017-07-21T10:01:47.000Z", "Creative Commons Attribution 3.0 Unported", "housing & development", "a@b.de", "dataset", "Point")
	f.Add("a b/c", "", "exa mple.org", "0000-12-31T23:00:00-01:00", "", "Government and Finance", "<@>", "map", "Location")
	f.Fuzz(func(t *testing.T, id, name, domain, when, lic, category, mail, typ, column string) {
		res := map[string]any{
			"resource": map[string]any{
				"id": id, "name": name, "description": name, "attribution": lic, "type": typ, "createdAt": when,
				"updatedAt": when, "columns_datatype": []any{column},
			},
			"classification": map[string]any{
				"categories": []any{category}, "domain_category": category, "tags": []any{name}, "domain_tags": []any{category},
				"domain_metadata": []any{
					map[string]any{"key": "Common-Core_Contact-Email", "value": mail},
					map[string]any{"key": "Common-Core_Contact-Name", "value": name},
					map[string]any{"key": "Common-Core_License", "value": lic},
					map[string]any{"key": "Update_Update-Frequency", "value": category},
				},
			},
			"metadata":  map[string]any{"domain": domain, "license": lic},
			"permalink": domain, "link": lic,
			"owner": map[string]any{"display_name": mail},
		}
		raw, err := json.Marshal(res)
		if err != nil {
			t.Skip()
		}
		rec, _ := newMapper("data.example.org", "en", typ).record(raw)
		mustBeUsable(t, rec, raw)
	})
}
