package ckan

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

func TestNormalizeFormat(t *testing.T) {
	for in, want := range map[string]string{
		"csv": "CSV", " CSV ": "CSV", ".csv": "CSV", "text/csv": "CSV", "text/csv; charset=utf-8": "CSV",
		"geojson": "GEOJSON", "GeoJSON": "GEOJSON", "application/geo+json": "GEOJSON",
		"WMS": "WMS_SRVC", "wfs": "WFS_SRVC", "xlsx": "XLSX", "Esri  Shapefile": "SHP", "jpg": "JPEG",
		"http://publications.europa.eu/resource/authority/file-type/ZIP": "ZIP",
		"Kartenviewer": "KARTENVIEWER", "": "",
	} {
		if got := normalizeFormat(in); got != want {
			t.Errorf("normalizeFormat(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFrequency(t *testing.T) {
	for in, want := range map[string]string{
		"daily": "DAILY", "DAILY": "DAILY", "http://publications.europa.eu/resource/authority/frequency/ANNUAL": "ANNUAL",
		"jährlich": "ANNUAL", "R/P1M": "MONTHLY", "irregular": "IRREG", "http://purl.org/cld/freq/weekly": "WEEKLY",
		"whenever": "", "": "",
	} {
		if got := frequency(in); got != want {
			t.Errorf("frequency(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLanguagesAndAccessRights(t *testing.T) {
	for in, want := range map[string][]string{
		`"de"`: {"de"}, `"DEU"`: {"de"}, `"de-DE"`: {"de"}, `"de,en"`: {"de", "en"},
		`["http://publications.europa.eu/resource/authority/language/DEU","http://publications.europa.eu/resource/authority/language/ENG"]`: {"de", "en"},
		`"[\"en\"]"`: {"en"}, `"klingon"`: nil, `null`: nil, `42`: nil,
	} {
		if got := languages(json.RawMessage(in)); !slices.Equal(got, want) {
			t.Errorf("languages(%s) = %v, want %v", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"http://publications.europa.eu/resource/authority/access-right/PUBLIC": "PUBLIC",
		"non-public": "NON_PUBLIC", "restricted": "RESTRICTED", "öffentlich": "PUBLIC", "secret": "",
	} {
		if got := accessRights(in); got != want {
			t.Errorf("accessRights(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseTime(t *testing.T) {
	for in, want := range map[string]string{
		"2017-08-05T03:16:52.857800": "2017-08-05T03:16:52.8578Z",
		"2014-04-29T13:28:38":        "2014-04-29T13:28:38Z",
		"2000-01-01 00:00:00":        "2000-01-01T00:00:00Z",
		"2020-05-01T10:00:00+02:00":  "2020-05-01T08:00:00Z",
		"2021-03-04":                 "2021-03-04T00:00:00Z",
		"04.03.2021":                 "2021-03-04T00:00:00Z",
		"2019":                       "2019-01-01T00:00:00Z",
		"0000-01-01T00:30:00+01:00":  "",
		"gestern":                    "",
		"2021-02-30":                 "",
	} {
		got := harvester.ParseTime(in)
		switch {
		case want == "" && got != nil:
			t.Errorf("harvester.ParseTime(%q) = %v, want nil", in, got)
		case want != "" && (got == nil || got.Format(time.RFC3339Nano) != want):
			t.Errorf("harvester.ParseTime(%q) = %v, want %s", in, got, want)
		}
	}
}

func TestChecksum(t *testing.T) {
	md5 := "9e107d9d372bb6826bd81d3542a419d6"
	for in, want := range map[string]*municat.Checksum{
		"md5:" + md5: {Algorithm: "md5", Value: md5},
		md5:          {Algorithm: "md5", Value: md5},
		"SHA-1:" + md5[:8] + "0123456789abcdef0123456789abcdef": {Algorithm: "sha1", Value: md5[:8] + "0123456789abcdef0123456789abcdef"},
		"":              nil,
		"md5:xyz":       nil,
		"sha256:" + md5: nil,
	} {
		got := checksum(in)
		if (got == nil) != (want == nil) || got != nil && *got != *want {
			t.Errorf("checksum(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func TestResolveURL(t *testing.T) {
	for _, c := range []struct{ in, base, want string }{
		{"https://a.example/x.csv", "", "https://a.example/x.csv"},
		{"http://www.geoportal.rlp.de:80/portal/karten.html?LAYER[zoom]=1", "", "http://www.geoportal.rlp.de:80/portal/karten.html?LAYER[zoom]=1"},
		{" https://a.example/my file.csv ", "", "https://a.example/my%20file.csv"},
		{"www.stadt.de/daten", "", "http://www.stadt.de/daten"},
		{"/dataset/x/resource/y/download/a.csv", "https://ckan.example.org", "https://ckan.example.org/dataset/x/resource/y/download/a.csv"},
		{"/relative", "", ""},
		{"ftp://a.example/x", "", ""},
		{"mailto:a@b.de", "", ""},
		{"https://", "", ""},
	} {
		if got := resolveURL(c.in, c.base); got != c.want {
			t.Errorf("resolveURL(%q, %q) = %q, want %q", c.in, c.base, got, c.want)
		}
	}
}

func TestBBox(t *testing.T) {
	for _, c := range []struct {
		in   string
		want *municat.BoundingBox
	}{
		{`{"type":"Point","coordinates":[7.1,50.7]}`, &municat.BoundingBox{West: 7.1, South: 50.7, East: 7.1, North: 50.7}},
		{`{"type":"MultiPolygon","coordinates":[[[[6,50],[7,50],[7,51],[6,50]]],[[[8,49],[9,49],[9,52],[8,49]]]]}`, &municat.BoundingBox{West: 6, South: 49, East: 9, North: 52}},
		{`{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}`, &municat.BoundingBox{West: 1, South: 2, East: 3, North: 4}},
		{`{"type":"Point","coordinates":[365000,5620000]}`, nil}, // UTM, not WGS84
		{`{"type":"Point","coordinates":[]}`, nil},
		{`Köln`, nil},
	} {
		got := bbox(c.in)
		if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
			t.Errorf("bbox(%s) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

// TestMapTolerant feeds a package in the shapes other CKAN instances and
// profiles give: nulls, numbers as strings, tags as strings, extras as an
// object, top-level DCAT fields, bad URLs and e-mail addresses.
func TestMapTolerant(t *testing.T) {
	pkg := `{
		"id": 4711, "name": "baumkataster", "title": null,
		"title_translated": {"de": "Baumkataster", "en": "Tree register", "xx-long": "?"},
		"maintainer_email": "kein Kontakt", "author_email": "mailto:gruen@stadt.example",
		"url": "not a url", "license_id": "", "license_url": "https://www.govdata.de/dl-de/by-2-0",
		"tags": ["Bäume", {"name": "Umwelt"}, "Bäume", 42],
		"groups": [{"name": "umwelt_klima"}, {"name": "verbraucher"}, {"name": "unbekannt"}],
		"theme": "[\"http://publications.europa.eu/resource/authority/data-theme/TRAN\", \"envi\"]",
		"language": "http://publications.europa.eu/resource/authority/language/DEU",
		"frequency": "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
		"temporal_start": "2020-12-31", "temporal_end": "2020-01-01",
		"extras": {"spatial": "{\"type\":\"Point\",\"coordinates\":[500000,5600000]}", "spatial_text": "Musterstadt", "geocodingText": "[\"Musterstadt\", \"Ortsteil Nord\"]", "access_rights": "PUBLIC"},
		"resources": [
			{"id": "r1", "url": "/download/baeume.csv", "format": null, "size": "1024", "hash": "md5:9e107d9d372bb6826bd81d3542a419d6", "last_modified": "2021-06-01T12:00:00"},
			{"id": "r1", "url": "https://other.example/x.csv"},
			{"id": "r2", "url": null},
			{"id": "r3", "url": "https://stadt.example/wfs?SERVICE=WFS", "format": "wfs", "size": -5, "mimetype": "not a type"},
			{"id": "r4", "url": "https://stadt.example/gone.csv", "state": "deleted"},
			"not an object"
		]
	}`
	d := MustMap(t, json.RawMessage(pkg))
	if d.RemoteID != "4711" {
		t.Errorf("RemoteID = %q, want the numeric id as text", d.RemoteID)
	}
	if d.Title["de"] != "Baumkataster" || d.Title["en"] != "Tree register" || len(d.Title) != 2 {
		t.Errorf("Title = %v", d.Title)
	}
	if !slices.Equal(d.Keywords, []string{"Bäume", "Umwelt", "42"}) {
		t.Errorf("Keywords = %v", d.Keywords)
	}
	if !slices.Equal(d.Themes, []string{"ENVI", "TRAN"}) {
		t.Errorf("Themes = %v, want ENVI (group), TRAN (theme IRI), once each", d.Themes)
	}
	if !slices.Equal(d.Languages, []string{"de"}) || d.Frequency != "MONTHLY" || d.AccessRights != "PUBLIC" {
		t.Errorf("Languages %v, Frequency %q, AccessRights %q", d.Languages, d.Frequency, d.AccessRights)
	}
	if d.ContactPoint == nil || d.ContactPoint.Email != "gruen@stadt.example" {
		t.Errorf("ContactPoint = %+v, want the author's valid address, not the maintainer's text", d.ContactPoint)
	}
	if d.License != "https://www.govdata.de/dl-de/by-2-0" {
		t.Errorf("License = %q, want the licence URL when the id is empty", d.License)
	}
	if d.Temporal != nil {
		t.Errorf("Temporal = %+v, want none: the end lies before the start", d.Temporal)
	}
	if d.Spatial == nil || d.Spatial.BBox != nil || !slices.Equal(d.Spatial.Names, []string{"Musterstadt", "Ortsteil Nord"}) {
		t.Errorf("Spatial = %+v, want the names (geocodingText is a JSON list, as ckanext-dcatde writes it) and no box from projected coordinates", d.Spatial)
	}
	if d.LandingPage != testSite+"/dataset/baumkataster" {
		t.Errorf("LandingPage = %q", d.LandingPage)
	}
	if len(d.Distributions) != 2 {
		t.Fatalf("Distributions = %+v, want r1 and r3", d.Distributions)
	}
	r1, r3 := d.Distributions[0], d.Distributions[1]
	if r1.AccessURL != testSite+"/download/baeume.csv" || r1.DownloadURL != r1.AccessURL || r1.Format != "CSV" ||
		r1.ByteSize != 1024 || r1.Checksum == nil || r1.Modified == nil {
		t.Errorf("r1 = %+v", r1)
	}
	if r3.Format != "WFS_SRVC" || r3.DownloadURL != "" || r3.ByteSize != 0 || r3.MediaType != "" {
		t.Errorf("r3 = %+v", r3)
	}
}

func TestMapRejects(t *testing.T) {
	for _, in := range []string{`[]`, `"x"`, `null`, `{}`, `{"title": "ohne Kennung"}`, `{"id": "x", "title": "", "name": ""}`} {
		if d, _, err := mapPackage(json.RawMessage(in), testSite); err == nil {
			t.Errorf("mapPackage(%s) = %+v, want an error", in, d)
		}
	}
}
