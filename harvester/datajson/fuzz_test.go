package datajson

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// seedFixtures adds the data.json fixtures to a fuzz corpus.
func seedFixtures(f *testing.F) {
	for _, name := range []string{"evian_arcgis_hub_data.json", "ny.data.json"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "fixtures", "dcat-us", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// mustBeUsable fails unless every record is an error or a dataset that
// passes validation once the Runner has given it an id, and hashes.
func mustBeUsable(t *testing.T, recs []harvester.Record, input []byte) {
	t.Helper()
	for _, r := range recs {
		if (r.Err == nil) == (r.Dataset == nil) {
			t.Fatalf("record %q has error %v and dataset %v", r.RemoteID, r.Err, r.Dataset != nil)
		}
		if r.Dataset == nil {
			continue
		}
		if r.RemoteID == "" {
			t.Fatal("a mapped dataset without a remote id")
		}
		d := *r.Dataset
		d.ID = municat.DatasetID("fuzz", r.RemoteID)
		d.State = municat.Published
		if err := d.Validate(); err != nil {
			t.Fatalf("mapped dataset is invalid: %v\ninput: %s", err, input)
		}
		_ = d.Hash()
	}
}

// FuzzParse feeds arbitrary bytes to Parse: it must not panic, and every
// dataset it maps must be valid.
func FuzzParse(f *testing.F) {
	seedFixtures(f)
	for _, s := range []string{
		`[{"identifier":"a","title":"t","spatial":"1e308,-1e308,2e308,0"}]`,
		`{"dataset":[{"identifier":"a","title":"<p>x</p>","temporal":"9999-12-31T23:59:59-01:00/P1Y","distribution":[{"downloadURL":"http://[::1]:namedport"}]}]}`,
		`{"dataset":[{"identifier":"a","title":"t","contactPoint":{"hasEmail":"mailto:<@>"},"landingPage":"https://exa mple.org"}]}`,
		`{"dataset":[{"identifier":"a","title":"t","publisher":{"subOrganizationOf":{"subOrganizationOf":{"name":"x"}}}},{"identifier":"a"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := Parse(data, "https://example.org/data.json", "")
		if err != nil {
			return
		}
		mustBeUsable(t, recs, data)
		seen := map[string]bool{}
		for _, r := range recs {
			if r.RemoteID != "" && seen[r.RemoteID] {
				t.Fatalf("remote id %q emitted twice", r.RemoteID)
			}
			seen[r.RemoteID] = true
		}
	})
}

// FuzzValues puts arbitrary strings into the fields of a dataset whose
// shape is valid, which reaches the value parsers far more often than
// mutated JSON does.
func FuzzValues(f *testing.F) {
	f.Add("Titel", "<p>Text <a href=\"https://x\">y</a></p>", "6.5,46.3,6.6,46.4", "2010-01-01/P1Y", "2022-07-29T10:07:13.000Z", "mailto:a@b.de", "CSV", "https://x.example/a b.csv", "en-US")
	f.Add("", "", "{\"type\":\"Point\",\"coordinates\":[7,50]}", "R/2000/P1W", "R/P1D", "<@>", "text/csv;", "files/x.csv", "xx")
	f.Add("x", "&", "POLYGON((1 1, 2 2))", "P1Y/2000", "0001-01-01T00:00:00+01:00", "kein", "Web Page", "javascript:x", "de")
	f.Fuzz(func(t *testing.T, title, desc, spatialValue, temporalValue, when, mail, format, link, lang string) {
		ds := map[string]any{
			"identifier": title + "-id", "title": title, "description": desc, "spatial": spatialValue,
			"temporal": temporalValue, "issued": when, "modified": temporalValue, "accrualPeriodicity": temporalValue,
			"keyword": desc, "theme": []any{format, title}, "language": lang, "license": desc,
			"landingPage": link, "references": link, "conformsTo": []any{link, mail},
			"publisher":    map[string]any{"name": desc, "subOrganizationOf": map[string]any{"name": title}},
			"contactPoint": map[string]any{"fn": title, "hasEmail": mail, "hasURL": link, "hasTelephone": when},
			"distribution": []any{
				map[string]any{"downloadURL": link, "accessURL": spatialValue, "format": format, "mediaType": format, "title": desc},
				map[string]any{"accessURL": link, "format": mail, "description": desc},
			},
		}
		body, err := json.Marshal(map[string]any{"dataset": []any{ds, ds}})
		if err != nil {
			t.Skip()
		}
		recs, err := Parse(body, "https://example.org/cat/data.json", lang)
		if err != nil {
			t.Fatalf("Parse of a well-formed catalogue: %v", err)
		}
		if len(recs) != 2 || recs[1].Err == nil {
			t.Fatalf("the second, duplicate dataset was not reported: %+v", recs)
		}
		mustBeUsable(t, recs, body)
	})
}

// FuzzMarkdown feeds arbitrary text to the HTML converter: it must not
// panic, keep valid UTF-8 valid, and plainText must give one line.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		`<DIV STYLE="text-align:Left;"><DIV><P><SPAN>Emplacement</SPAN></P></DIV></DIV>`,
		`<ol><li>a<ul><li>b</li></ul></li></ol><a href="https://x">y</a><br><pre> p </pre>`,
		`<a href="https://x"><a href="mailto:y">z</a></a></li></ol><h1></h1><script>x`,
		"plain &amp; simple\r\ntext",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		md := markdown(s)
		plain := plainText(s)
		if utf8.ValidString(s) && (!utf8.ValidString(md) || !utf8.ValidString(plain)) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		if strings.ContainsAny(plain, "\n\r\t") || plain != strings.TrimSpace(plain) {
			t.Fatalf("plainText(%q) = %q is not one trimmed line", s, plain)
		}
		_ = license(s)
		_ = firstURL(md)
	})
}

// FuzzSpatial feeds arbitrary text to the spatial parser: a box it returns
// must be a valid WGS84 rectangle.
func FuzzSpatial(f *testing.F) {
	for _, s := range []string{`"6.5,46.3,6.6,46.4"`, `{"type":"Point","coordinates":[7,50]}`, `"ENVELOPE(1,2,3,4)"`, `[1,2,3,4]`, `"Bonn"`, `"50.7,7.1"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v any
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			v = s
		}
		sp := spatial(v)
		if sp == nil || sp.BBox == nil {
			return
		}
		if b := sp.BBox; b.West < -180 || b.East > 180 || b.South < -90 || b.North > 90 || b.West > b.East || b.South > b.North {
			t.Fatalf("spatial(%q) gave an invalid box %+v", s, b)
		}
	})
}

// FuzzPeriod feeds arbitrary text to the period parser: a period it
// returns must not end before it starts, and must hash.
func FuzzPeriod(f *testing.F) {
	for _, s := range []string{"2000-01-15T00:45:00Z/2010-01-15T00:06:00Z", "R/2000-01-15/P1W", "P1Y2M10DT2H30M/2010", "9999-12-31/P99999Y", "0001-01-01/P-1D"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := parsePeriod(s)
		if p == nil {
			return
		}
		if p.Start != nil && p.End != nil && p.End.Before(*p.Start) {
			t.Fatalf("parsePeriod(%q) ends before it starts", s)
		}
		d := municat.Dataset{ID: "x", Title: municat.NewText("x"), Temporal: p}
		if err := d.Validate(); err != nil {
			t.Fatalf("parsePeriod(%q): %v", s, err)
		}
		_ = d.Hash()
	})
}
