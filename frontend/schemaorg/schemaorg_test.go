package schemaorg

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

func ptime(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

// realistic returns a harvested dataset with most fields set.
func realistic() *municat.Dataset {
	return &municat.Dataset{
		ID:         "musterstadt-baumkataster",
		Identifier: "https://opendata.musterstadt.example/dataset/baumkataster",
		Title:      municat.Text{"de": "Baumkataster", "en": "Tree register"},
		Description: municat.Text{
			"de": "# Baumkataster\n\nDas **Baumkataster** enthält alle Bäume im öffentlichen Raum der Stadt Musterstadt mit Art, Pflanzjahr und Höhe.",
			"en": "All public trees of Musterstadt with species, year of planting and height, updated weekly.",
		},
		Keywords:  []string{"Bäume", " Umwelt ", "", "Bäume", "Grünflächen"},
		Publisher: &municat.Agent{Name: municat.Text{"de": "Stadt Musterstadt"}, Homepage: "https://www.musterstadt.example/", URI: "http://dcat-ap.de/def/contributors/musterstadt"},
		Creator:   &municat.Agent{Name: municat.Text{"de": "Grünflächenamt Musterstadt"}},
		License:   "dl-by-de/2.0",
		Spatial: &municat.Spatial{
			Names: []string{"Musterstadt"},
			URIs:  []string{"http://dcat-ap.de/def/politicalGeocoding/municipalityKey/01234567"},
			BBox:  &municat.BoundingBox{West: 6.9, South: 50.8, East: 7.1, North: 51.05},
		},
		Temporal:    &municat.Period{Start: ptime("2025-01-01T00:00:00+01:00"), End: ptime("2025-12-31T00:00:00+01:00")},
		Issued:      ptime("2020-03-01T00:00:00Z"),
		Modified:    ptime("2026-01-09T23:30:00+01:00"),
		LandingPage: "https://opendata.musterstadt.example/dataset/baumkataster",
		Languages:   []string{"de"},
		Version:     "2026-01",
		Distributions: []municat.Distribution{
			{ID: "csv", Title: municat.Text{"de": "Baumkataster CSV"}, AccessURL: "https://opendata.musterstadt.example/baeume.csv", Format: "CSV", MediaType: "text/csv", FileKey: "files/csv", Modified: ptime("2026-01-09T00:00:00Z")},
			{ID: "geojson", AccessURL: "https://opendata.musterstadt.example/dl", DownloadURL: "https://opendata.musterstadt.example/baeume.geojson", Format: "GEOJSON"},
			{ID: "wms", AccessURL: "https://geo.musterstadt.example/wms?SERVICE=WMS&REQUEST=GetCapabilities", Format: "WMS_SRVC"},
			{ID: "ftp", AccessURL: "ftp://files.musterstadt.example/baeume.zip", Format: "ZIP"},
			{ID: "xlsx", Title: municat.Text{"en": "Baumkataster (Excel)"}, AccessURL: "https://opendata.musterstadt.example/baeume.xlsx?v=1&x=2", Format: "XLSX"},
		},
		State: municat.Published,
	}
}

func realisticOptions() Options {
	return Options{
		PageURL:     "https://daten.musterstadt.example/dataset/musterstadt-baumkataster",
		CatalogName: "Open Data Musterstadt",
		CatalogURL:  "https://daten.musterstadt.example/",
		Lang:        "de",
		DownloadURL: func(d *municat.Distribution) string {
			if d.FileKey != "" {
				return "https://daten.musterstadt.example/download/musterstadt-baumkataster/" + d.ID
			}
			return ""
		},
		LicenseURL: func(id string) (string, bool) {
			if id == "dl-by-de/2.0" {
				return "https://www.govdata.de/dl-de/by-2-0", true
			}
			return "", false
		},
		LicenseName: func(id string) string {
			if id == "dl-by-de/2.0" {
				return "Datenlizenz Deutschland Namensnennung 2.0"
			}
			return ""
		},
		MediaType: func(format string) string {
			return map[string]string{"GEOJSON": "application/geo+json"}[format]
		},
	}
}

// decode unmarshals JSON output into a generic map.
func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, b)
	}
	return m
}

func TestDatasetRealistic(t *testing.T) {
	b, err := Dataset(realistic(), realisticOptions())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsAny(b, "\n\t") {
		t.Errorf("output is not compact: %s", b)
	}
	got := decode(t, b)
	want := map[string]any{
		"@context":    "https://schema.org",
		"@type":       "Dataset",
		"@id":         "https://daten.musterstadt.example/dataset/musterstadt-baumkataster",
		"url":         "https://daten.musterstadt.example/dataset/musterstadt-baumkataster",
		"sameAs":      "https://opendata.musterstadt.example/dataset/baumkataster",
		"name":        "Baumkataster",
		"description": "Baumkataster Das Baumkataster enthält alle Bäume im öffentlichen Raum der Stadt Musterstadt mit Art, Pflanzjahr und Höhe.",
		"identifier":  "https://opendata.musterstadt.example/dataset/baumkataster",
		"keywords":    []any{"Bäume", "Umwelt", "Grünflächen"},
		"license": map[string]any{
			"@type": "CreativeWork",
			"name":  "Datenlizenz Deutschland Namensnennung 2.0",
			"url":   "https://www.govdata.de/dl-de/by-2-0",
		},
		"isAccessibleForFree": true,
		"creator":             map[string]any{"@type": "Organization", "name": "Grünflächenamt Musterstadt"},
		"publisher": map[string]any{
			"@type":  "Organization",
			"name":   "Stadt Musterstadt",
			"url":    "https://www.musterstadt.example/",
			"sameAs": "http://dcat-ap.de/def/contributors/musterstadt",
		},
		"datePublished":    "2020-03-01",
		"dateModified":     "2026-01-09T23:30:00+01:00",
		"temporalCoverage": "2025-01-01/2025-12-31",
		"spatialCoverage": map[string]any{
			"@type":  "Place",
			"name":   "Musterstadt",
			"sameAs": "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/01234567",
			"geo":    map[string]any{"@type": "GeoShape", "box": "50.8 6.9 51.05 7.1"},
		},
		"distribution": []any{
			map[string]any{
				"@type":          "DataDownload",
				"name":           "Baumkataster CSV",
				"encodingFormat": "text/csv",
				"contentUrl":     "https://daten.musterstadt.example/download/musterstadt-baumkataster/csv",
				"dateModified":   "2026-01-09",
			},
			map[string]any{
				"@type":          "DataDownload",
				"encodingFormat": "application/geo+json",
				"contentUrl":     "https://opendata.musterstadt.example/baeume.geojson",
			},
			map[string]any{
				"@type":          "DataDownload",
				"name":           "Baumkataster (Excel)",
				"encodingFormat": "XLSX",
				"contentUrl":     "https://opendata.musterstadt.example/baeume.xlsx?v=1&x=2",
			},
		},
		"inLanguage": "de",
		"version":    "2026-01",
		"includedInDataCatalog": map[string]any{
			"@type": "DataCatalog",
			"name":  "Open Data Musterstadt",
			"url":   "https://daten.musterstadt.example/",
		},
	}
	for k, w := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("%s missing", k)
		} else if !reflect.DeepEqual(g, w) {
			t.Errorf("%s = %#v\nwant %#v", k, g, w)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected property %s = %#v", k, got[k])
		}
	}
	// The property order is fixed: @context first, for readable output.
	if !bytes.HasPrefix(b, []byte(`{"@context":"https://schema.org","@type":"Dataset","@id":`)) {
		t.Errorf("unexpected start: %.80s", b)
	}
	// '&' in the XLSX URL is escaped for HTML.
	if bytes.ContainsAny(b, "<>&") {
		t.Errorf("output holds raw <, > or &: %s", b)
	}
}

func TestDatasetEnglish(t *testing.T) {
	opts := realisticOptions()
	opts.Lang = "en"
	m := decode(t, must(Dataset(realistic(), opts)))
	if m["name"] != "Tree register" {
		t.Errorf("name = %v", m["name"])
	}
	if d := m["description"].(string); !strings.HasPrefix(d, "All public trees") {
		t.Errorf("description = %q", d)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func TestDatasetHostileStrings(t *testing.T) {
	evil := `</script><script>alert(1)</script>`
	d := &municat.Dataset{
		ID:          "x",
		Title:       municat.Text{"de": evil},
		Description: municat.Text{"de": evil + ` <img src=x onerror=alert(1)> & "quotes" ` + "\u2028\u2029 line separators"},
		Keywords:    []string{evil, "<!--", "]]>"},
		Publisher:   &municat.Agent{Name: municat.Text{"de": evil}, Homepage: "javascript:alert(1)", URI: `https://x.example/"><script>`},
		License:     "javascript:alert(1)",
		Spatial:     &municat.Spatial{Names: []string{evil}, URIs: []string{"data:text/html,<script>alert(1)</script>"}},
		LandingPage: "vbscript:msgbox(1)",
		Version:     evil,
		Distributions: []municat.Distribution{
			{Title: municat.Text{"de": evil}, AccessURL: "javascript:alert(1)", Format: evil},
			{Title: municat.Text{"de": evil}, AccessURL: "https://ok.example/a.csv?x=<script>", MediaType: evil},
			{Title: municat.Text{"de": evil}, AccessURL: "https://ok.example/a.csv", MediaType: evil},
		},
	}
	opts := Options{
		PageURL:     "https://portal.example/dataset/x?a=1&b=<2>",
		CatalogName: evil,
		CatalogURL:  "javascript:alert(1)",
		DownloadURL: func(*municat.Distribution) string { return "javascript:alert(1)" },
		LicenseURL:  func(string) (string, bool) { return "data:,x", true },
		LicenseName: func(string) string { return evil },
	}
	b, err := Dataset(d, opts)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsAny(b, "<>&") {
		t.Fatalf("output holds raw <, > or &: %s", b)
	}
	if bytes.Contains(b, []byte("\u2028")) || bytes.Contains(b, []byte("\u2029")) {
		t.Errorf("output holds raw line separators: %s", b)
	}
	if !bytes.Contains(b, []byte(`\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e`)) {
		t.Errorf("title not escaped as expected: %s", b)
	}
	low := strings.ToLower(string(b))
	for _, s := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.Contains(low, s) {
			t.Errorf("output holds %s: %s", s, b)
		}
	}
	m := decode(t, b)
	if m["name"] != evil {
		t.Errorf("name = %q, want the title unchanged", m["name"])
	}
	// The HTML in the description is reduced to its text.
	if desc := m["description"].(string); strings.Contains(desc, "<img") || strings.Contains(desc, "onerror") {
		t.Errorf("description = %q", desc)
	}
	// Only the distribution with a clean http(s) URL is kept.
	if dists := m["distribution"].([]any); len(dists) != 1 {
		t.Errorf("distribution = %v", dists)
	}
	if _, ok := m["url"]; ok {
		t.Errorf("url with <> kept: %v", m["url"])
	}

	html, err := Script(d, opts)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(strings.ToLower(string(html)), "</script"); n != 1 {
		t.Errorf("Script has %d </script, want 1: %s", n, html)
	}
	if !strings.HasPrefix(string(html), `<script type="application/ld+json">{`) || !strings.HasSuffix(string(html), `}</script>`) {
		t.Errorf("Script = %s", html)
	}
}

func TestDatasetNilFields(t *testing.T) {
	cases := map[string]*municat.Dataset{
		"empty with id": {ID: "x"},
		"nil texts":     {ID: "x", Title: nil, Description: nil},
		"empty nested": {
			ID:            "x",
			Publisher:     &municat.Agent{},
			Creator:       &municat.Agent{Name: municat.Text{"de": "  "}},
			Spatial:       &municat.Spatial{},
			Temporal:      &municat.Period{},
			Issued:        &time.Time{},
			Modified:      &time.Time{},
			Distributions: []municat.Distribution{{}, {Title: municat.Text{}}},
			Languages:     []string{""},
			Keywords:      []string{"", " "},
		},
		"bad bbox": {ID: "x", Spatial: &municat.Spatial{BBox: &municat.BoundingBox{West: math.NaN(), South: math.Inf(1)}}},
	}
	allOpts := []Options{{}, realisticOptions(), {
		DownloadURL: func(*municat.Distribution) string { return "" },
		LicenseURL:  func(string) (string, bool) { return "", false },
		LicenseName: func(string) string { return "" },
		MediaType:   func(string) string { return "" },
	}}
	for name, d := range cases {
		for i, opts := range allOpts {
			b, err := Dataset(d, opts)
			if err != nil {
				t.Errorf("%s/%d: %v", name, i, err)
				continue
			}
			m := decode(t, b)
			if m["name"] != "x" {
				t.Errorf("%s/%d: name = %v, want the id", name, i, m["name"])
			}
			if m["description"] == "" {
				t.Errorf("%s/%d: empty description", name, i)
			}
			for _, k := range []string{"creator", "publisher", "spatialCoverage", "temporalCoverage", "distribution", "datePublished", "dateModified", "inLanguage", "keywords", "license"} {
				if v, ok := m[k]; ok {
					t.Errorf("%s/%d: %s = %#v, want it left out", name, i, k, v)
				}
			}
		}
	}
	if _, err := Dataset(nil, Options{}); !errors.Is(err, ErrNoDataset) {
		t.Errorf("Dataset(nil) error = %v", err)
	}
	if _, err := Script(nil, Options{}); !errors.Is(err, ErrNoDataset) {
		t.Errorf("Script(nil) error = %v", err)
	}
	if _, err := Dataset(&municat.Dataset{Title: municat.Text{"de": " "}}, Options{}); !errors.Is(err, ErrNoName) {
		t.Errorf("Dataset(no name) error = %v", err)
	}
}

func TestDescriptionLength(t *testing.T) {
	base := func() *municat.Dataset {
		return &municat.Dataset{
			ID:        "x",
			Title:     municat.Text{"de": "Baumkataster", "en": "Tree register"},
			Publisher: &municat.Agent{Name: municat.Text{"de": "Stadt Musterstadt"}},
			Keywords:  []string{"Bäume", "Umwelt"},
		}
	}
	tests := []struct {
		name string
		desc string
		opts Options
		want string
	}{
		{"empty", "", Options{CatalogName: "Open Data Musterstadt"},
			"Baumkataster. Datensatz von Stadt Musterstadt, veröffentlicht in Open Data Musterstadt. Schlagwörter: Bäume, Umwelt."},
		{"short", "Alle Bäume", Options{},
			"Baumkataster. Alle Bäume. Datensatz von Stadt Musterstadt. Schlagwörter: Bäume, Umwelt."},
		{"same as title", "Baumkataster!", Options{Lang: "de"},
			"Baumkataster. Baumkataster! Datensatz von Stadt Musterstadt. Schlagwörter: Bäume, Umwelt."},
		{"english", "", Options{Lang: "en", CatalogName: "Open Data Musterstadt"},
			"Tree register. Dataset by Stadt Musterstadt, published in Open Data Musterstadt. Keywords: Bäume, Umwelt."},
		{"unknown language falls back to German words", "", Options{Lang: "fr"},
			"Baumkataster. Datensatz von Stadt Musterstadt. Schlagwörter: Bäume, Umwelt."},
		{"ends with an ellipsis", "Bäume usw…", Options{},
			"Baumkataster. Bäume usw… Datensatz von Stadt Musterstadt. Schlagwörter: Bäume, Umwelt."},
		{"long enough", "Alle Straßenbäume der Stadt Musterstadt mit Art und Höhe.", Options{},
			"Alle Straßenbäume der Stadt Musterstadt mit Art und Höhe."},
	}
	for _, tt := range tests {
		d := base()
		d.Description = municat.NewText(tt.desc)
		m := decode(t, must(Dataset(d, tt.opts)))
		if m["description"] != tt.want {
			t.Errorf("%s: description = %q\nwant %q", tt.name, m["description"], tt.want)
		}
	}

	d := base()
	d.Description = municat.NewText(strings.Repeat("Wort ", 3000))
	m := decode(t, must(Dataset(d, Options{})))
	desc := m["description"].(string)
	if n := len([]rune(desc)); n > MaxDescription || n < MaxDescription-10 {
		t.Errorf("long description has %d characters", n)
	}
	if !strings.HasSuffix(desc, "…") {
		t.Errorf("long description not marked as shortened: …%s", desc[len(desc)-20:])
	}
}

func TestTemporalCoverage(t *testing.T) {
	s, e := ptime("2025-01-01T00:00:00Z"), ptime("2025-12-31T00:00:00Z")
	tests := []struct {
		p    *municat.Period
		want string
	}{
		{nil, ""},
		{&municat.Period{}, ""},
		{&municat.Period{Start: s, End: e}, "2025-01-01/2025-12-31"},
		{&municat.Period{Start: s}, "2025-01-01/.."},
		{&municat.Period{End: e}, "../2025-12-31"},
		// Dates are taken in the time's own zone: midnight in Berlin is
		// still the 1st.
		{&municat.Period{Start: ptime("2025-01-01T00:00:00+01:00")}, "2025-01-01/.."},
	}
	for _, tt := range tests {
		if got := temporal(tt.p); got != tt.want {
			t.Errorf("temporal(%v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestGeoBox(t *testing.T) {
	tests := []struct {
		b    *municat.BoundingBox
		want string
	}{
		{nil, ""},
		{&municat.BoundingBox{West: 6.9, South: 50.8, East: 7.1, North: 51.05}, "50.8 6.9 51.05 7.1"},
		{&municat.BoundingBox{West: -0.5, South: -33.25, East: 0.25, North: -33}, "-33.25 -0.5 -33 0.25"},
		{&municat.BoundingBox{West: 170, South: -10, East: -170, North: 10}, "-10 170 10 -170"}, // across 180°
		{&municat.BoundingBox{South: 51, North: 50}, ""},                                        // south of north
		{&municat.BoundingBox{South: -91, North: 0}, ""},
		{&municat.BoundingBox{West: 181}, ""},
		{&municat.BoundingBox{North: math.NaN()}, ""},
		{&municat.BoundingBox{East: math.Inf(-1)}, ""},
	}
	for _, tt := range tests {
		if got := geoBox(tt.b); got != tt.want {
			t.Errorf("geoBox(%v) = %q, want %q", tt.b, got, tt.want)
		}
	}
}

func TestLicense(t *testing.T) {
	known := Options{LicenseURL: func(id string) (string, bool) {
		return "https://creativecommons.org/licenses/by/4.0/", id == "cc-by/4.0"
	}}
	tests := []struct {
		id   string
		opts Options
		want any
	}{
		{"", known, nil},
		{"cc-by/4.0", known, "https://creativecommons.org/licenses/by/4.0/"},
		{"other-closed", known, nil},
		{"https://example.org/licence", known, "https://example.org/licence"},
		{"https://example.org/licence", Options{}, "https://example.org/licence"},
		{"cc-by/4.0", Options{}, nil},
		{"eigene", Options{LicenseName: func(string) string { return "Eigene Lizenz" }},
			&creativeWork{Type: "CreativeWork", Name: "Eigene Lizenz"}},
	}
	for _, tt := range tests {
		if got := license(tt.id, &tt.opts); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("license(%q) = %#v, want %#v", tt.id, got, tt.want)
		}
	}
}

func TestDate(t *testing.T) {
	tests := []struct {
		t    *time.Time
		want string
	}{
		{nil, ""},
		{&time.Time{}, ""},
		{ptime("2026-01-09T00:00:00Z"), "2026-01-09"},
		{ptime("2026-01-09T00:00:00+01:00"), "2026-01-09"},
		{ptime("2026-01-09T23:30:00+01:00"), "2026-01-09T23:30:00+01:00"},
		{ptime("2026-01-09T08:00:00.5Z"), "2026-01-09T08:00:00Z"},
	}
	for _, tt := range tests {
		if got := date(tt.t); got != tt.want {
			t.Errorf("date(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestIdentifiersAndLanguages(t *testing.T) {
	d := &municat.Dataset{ID: "x", Identifier: "a", OtherIdentifiers: []string{"b", "a", ""}, Languages: []string{"de", "en"}, Title: municat.Text{"de": "T"}}
	m := decode(t, must(Dataset(d, Options{})))
	if !reflect.DeepEqual(m["identifier"], []any{"a", "b"}) {
		t.Errorf("identifier = %#v", m["identifier"])
	}
	if !reflect.DeepEqual(m["inLanguage"], []any{"de", "en"}) {
		t.Errorf("inLanguage = %#v", m["inLanguage"])
	}
	d = &municat.Dataset{ID: "x", Title: municat.Text{"de": "T"}}
	m = decode(t, must(Dataset(d, Options{})))
	if m["identifier"] != "x" {
		t.Errorf("identifier = %#v, want the id", m["identifier"])
	}
}

func TestHTTPURL(t *testing.T) {
	for u, want := range map[string]string{
		"https://a.example/x":    "https://a.example/x",
		" HTTP://a.example ":     "HTTP://a.example",
		"ftp://a.example":        "",
		"//a.example":            "",
		"https://":               "",
		"javascript://x%0aalert": "",
		"https://a.example/<x>":  "",
		"https://a.example/ x":   "",
		"":                       "",
	} {
		if got := httpURL(u); got != want {
			t.Errorf("httpURL(%q) = %q, want %q", u, got, want)
		}
	}
}

func BenchmarkDataset(b *testing.B) {
	d, opts := realistic(), realisticOptions()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Dataset(d, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDistributions(t *testing.T) {
	dists := []municat.Distribution{
		{ID: "wms", AccessURL: "https://geo.example/wms", Format: "WMS_SRVC"},
		{ID: "wfs", AccessURL: "https://geo.example/wfs", DownloadURL: "https://geo.example/wfs?request=GetFeature", Format: "wfs_srvc"},
		{ID: "stored", AccessURL: "javascript:x", FileKey: "k", Format: "CSV"},
		{ID: "none", AccessURL: "mailto:a@b.example"},
	}
	opts := &Options{
		DownloadURL: func(d *municat.Distribution) string {
			if d.FileKey != "" {
				return "https://portal.example/download/" + d.ID
			}
			return ""
		},
		MediaType: func(f string) string { return map[string]string{"CSV": "text/csv"}[f] },
	}
	got := distributions(dists, opts, "de")
	want := []dataDownload{
		{Type: "DataDownload", EncodingFormat: "wfs_srvc", ContentURL: "https://geo.example/wfs?request=GetFeature"},
		{Type: "DataDownload", EncodingFormat: "text/csv", ContentURL: "https://portal.example/download/stored"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("distributions =\n%+v\nwant\n%+v", got, want)
	}
}
