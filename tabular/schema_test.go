package tabular_test

import (
	"testing"

	"github.com/municat/municat/tabular"
)

func TestSchemaOfFixtures(t *testing.T) {
	svc, cat := MustService(t)
	for _, tc := range []struct {
		file, encoding string
		rows           int64
		types          map[string]tabular.Type
	}{
		{"bietigheim-bissingen.csv", "windows-1252", 14, map[string]tabular.Type{
			"name": tabular.Text, "openingstate": tabular.Text, "capacity": tabular.Integer, "timestamp": tabular.Integer}},
		{"friedrichshafen_easypark.csv", "utf-8-bom", 1697, map[string]tabular.Type{
			"id": tabular.Integer, "length": tabular.Number, "permissions": tabular.Text, "location_on_sidewalk": tabular.Text}},
		{"neckarsulm.csv", "utf-8", 41, map[string]tabular.Type{
			"mobiwert": tabular.Boolean, "maxhoehe": tabular.Number, "anz_plaetze": tabular.Integer, "stationnr": tabular.Text, "plz": tabular.Integer}},
	} {
		d := MustPutFile(t, cat, "ds-"+tc.file[:5], tc.file, "CSV", MustFixture(t, tc.file))
		s := MustTable(t, svc, d).Schema
		if s.Encoding != tc.encoding || s.Separator != ";" || s.Rows != tc.rows || s.Format != "csv" {
			t.Errorf("%s: encoding %q, separator %q, %d rows, format %q", tc.file, s.Encoding, s.Separator, s.Rows, s.Format)
		}
		for key, typ := range tc.types {
			_, c := s.Column(key)
			if c == nil || c.Type != typ || c.Count+c.Nulls != s.Rows {
				t.Errorf("%s: column %s: %+v, want type %s", tc.file, key, c, typ)
			}
		}
	}
}
