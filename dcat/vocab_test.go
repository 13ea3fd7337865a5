package dcat_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/rdf"
)

func TestVocabulariesLoaded(t *testing.T) {
	for _, c := range []struct {
		name string
		v    *dcat.Vocabulary
		min  int
		code string
	}{
		{"data-theme", dcat.DataThemes, 13, "ENVI"}, {"file-type", dcat.FileTypes, 150, "GEOJSON"},
		{"frequency", dcat.Frequencies, 30, "UPDATE_CONT"}, {"language", dcat.Languages, 400, "DEU"},
		{"access-right", dcat.AccessRights, 3, "NON_PUBLIC"}, {"planned-availability", dcat.PlannedAvailabilities, 4, "STABLE"},
		{"distribution-status", dcat.DistributionStatuses, 4, "DEVELOP"}, {"level", dcat.GeocodingLevels, 6, "administrativeDistrict"},
		{"publisher-type", dcat.PublisherTypes, 11, "LocalAuthority"}, {"contributors", dcat.Contributors, 60, "auswaertigesAmt"},
	} {
		if n := len(c.v.Concepts()); n < c.min {
			t.Errorf("%s: %d entries, want ≥ %d", c.name, n, c.min)
		}
		con, ok := c.v.Lookup(c.code)
		if !ok || con.IRI != c.v.Base+c.code || con.Label.IsEmpty() {
			t.Errorf("%s: Lookup(%s) = %+v, %v", c.name, c.code, con, ok)
		}
		if got, ok := c.v.ByIRI(strings.Replace(con.IRI, "http://", "https://www.", 1) + "/"); !ok || got.Code != c.code {
			t.Errorf("%s: ByIRI tolerant form failed", c.name)
		}
	}
	for _, th := range municat.Themes {
		if !dcat.DataThemes.Has(th.Code) {
			t.Errorf("theme %s missing from data-theme table", th.Code)
		}
	}
	if len(dcat.Licenses) != 34 {
		t.Errorf("%d licences, want 34", len(dcat.Licenses))
	}
}

// TestTypedVocabulariesMatchValidatorCopies checks the hand-typed tables
// against the RDF versions the SHACL tests load.
func TestTypedVocabulariesMatchValidatorCopies(t *testing.T) {
	// extra lists codes the EU table has beyond the validator stub.
	for file, c := range map[string]struct {
		v     *dcat.Vocabulary
		extra []string
	}{
		"access-right.ttl":              {dcat.AccessRights, []string{"CONFIDENTIAL", "NORMAL", "SENSITIVE"}},
		"planned-availability.ttl":      {dcat.PlannedAvailabilities, nil},
		"distribution-status.ttl":       {dcat.DistributionStatuses, nil},
		"political-geocoding-level.ttl": {dcat.GeocodingLevels, nil},
	} {
		raw, err := os.ReadFile(filepath.Join("..", "testdata", "standards", "vocabularies", "municat", file))
		if err != nil {
			t.Skipf("validator vocabularies missing: %v", err)
		}
		g := mustParse(t, rdf.Turtle, string(raw))
		var theirs []string
		for _, s := range g.OfType(rdf.SKOS + "Concept") {
			theirs = append(theirs, strings.TrimPrefix(s.Value, c.v.Base))
		}
		ours := map[string]bool{}
		for _, con := range c.v.Concepts() {
			ours[con.Code] = true
		}
		for _, code := range theirs {
			if !ours[code] {
				t.Errorf("%s: %s not in our table", file, code)
			}
			delete(ours, code)
		}
		for _, code := range c.extra {
			delete(ours, code)
		}
		if len(ours) > 0 {
			t.Errorf("%s: our table has codes the validator copy lacks: %v", file, ours)
		}
	}
}

func TestFormatCode(t *testing.T) {
	for _, c := range []struct {
		in, code string
		known    bool
		media    string
	}{
		{"CSV", "CSV", true, "text/csv"}, {"csv", "CSV", true, "text/csv"}, {".csv", "CSV", true, "text/csv"},
		{"text/csv", "CSV", true, "text/csv"}, {"text/csv; charset=utf-8", "CSV", true, "text/csv"},
		{"application/vnd.ms-excel", "XLS", true, "application/vnd.ms-excel"},
		{"XLSX", "XLSX", true, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"GeoJSON", "GEOJSON", true, "application/geo+json"}, {"application/geo+json", "GEOJSON", true, "application/geo+json"},
		{"WMS", "WMS_SRVC", true, ""}, {"WFS", "WFS_SRVC", true, ""}, {"ZIP", "ZIP", true, "application/zip"},
		{"PDF", "PDF", true, "application/pdf"}, {"JSON", "JSON", true, "application/json"}, {"XML", "XML", true, "application/xml"},
		{"SHP", "SHP", true, ""}, {"Shapefile", "SHP", true, ""}, {"KML", "KML", true, "application/vnd.google-earth.kml+xml"},
		{"HTML", "HTML", true, "text/html"}, {"json-ld", "JSON_LD", true, "application/ld+json"},
		{"http://publications.europa.eu/resource/authority/file-type/GEOJSON", "GEOJSON", true, "application/geo+json"},
		{"https://www.iana.org/assignments/media-types/text/csv", "CSV", true, "text/csv"},
		{"WMTS", "WMTS_SRVC", false, ""}, {"Kartenviewer", "KARTENVIEWER", false, ""}, {"", "", false, ""},
	} {
		code, known := dcat.FormatCode(c.in)
		if code != c.code || known != c.known {
			t.Errorf("FormatCode(%q) = %q, %v; want %q, %v", c.in, code, known, c.code, c.known)
		}
		if mt := dcat.MediaTypeOf(code); mt != c.media {
			t.Errorf("MediaTypeOf(%q) = %q, want %q", code, mt, c.media)
		}
	}
	if got := dcat.MediaTypeIRI("text/csv"); got != "https://www.iana.org/assignments/media-types/text/csv" {
		t.Errorf("MediaTypeIRI = %q", got)
	}
	for _, bad := range []string{"csv", "foo/bar", "text/", "text/csv/x", "text/c sv"} {
		if got := dcat.MediaTypeIRI(bad); got != "" {
			t.Errorf("MediaTypeIRI(%q) = %q, want empty", bad, got)
		}
	}
	// Every code with a media type is in the EU table.
	for _, con := range dcat.FileTypes.Concepts() {
		if mt := dcat.MediaTypeOf(con.Code); mt != "" && !dcat.ValidMediaType(mt) {
			t.Errorf("%s: invalid media type %q", con.Code, mt)
		}
	}
}

func TestLicenseFor(t *testing.T) {
	const base = "http://dcat-ap.de/def/licenses/"
	for _, c := range []struct{ in, id string }{
		{"dl-de-by-2.0", "dl-by-de/2.0"}, {"dl-by-de/2.0", "dl-by-de/2.0"},
		{"http://dcat-ap.de/def/licenses/dl-by-de/2.0/", "dl-by-de/2.0"}, {"https://www.dcat-ap.de/def/licenses/dl-by-de/2.0", "dl-by-de/2.0"},
		{"cc-by-4.0", "cc-by/4.0"}, {"CC-BY-4.0", "cc-by/4.0"}, {"https://creativecommons.org/licenses/by/4.0/", "cc-by/4.0"},
		{"https://creativecommons.org/licenses/by/4.0/deed.de", "cc-by/4.0"}, {"cc-zero", "cc-zero"}, {"CC0-1.0", "cc-zero"},
		{"cc-zero/1.0", "cc-zero"}, {"odc-odbl", "odbl"}, {"dl-de-zero-2.0", "dl-zero-de/2.0"}, {"other-closed", "other-closed"},
		{"officialWork", "officialWork"}, {"officialwork", "officialWork"}, {"https://www.govdata.de/dl-de/by-2-0", "dl-by-de/2.0"},
		{"http://publications.europa.eu/resource/authority/licence/CC_BY_4_0", "cc-by/4.0"},
		{"Datenlizenz Deutschland Namensnennung 2.0", "dl-by-de/2.0"}, {"geoNutz/20131001", "geoNutz/20131001"},
	} {
		l, ok := dcat.LicenseFor(c.in)
		if !ok || l.ID != c.id || l.IRI != base+c.id || l.Name == "" {
			t.Errorf("LicenseFor(%q) = %+v, %v; want %s", c.in, l, ok, c.id)
		}
	}
	for _, bad := range []string{"", "meine Lizenz", "https://example.org/licence"} {
		if l, ok := dcat.LicenseFor(bad); ok {
			t.Errorf("LicenseFor(%q) = %+v", bad, l)
		}
	}
	by, _ := dcat.LicenseFor("dl-by-de/2.0")
	zero, _ := dcat.LicenseFor("dl-zero-de/2.0")
	if !by.Attribution || zero.Attribution || !by.Open || !strings.HasPrefix(by.Homepage, "https://") {
		t.Errorf("flags: %+v %+v", by, zero)
	}
	for _, l := range dcat.Licenses {
		if strings.HasSuffix(l.IRI, "/") || strings.Contains(l.IRI, "www.") || !strings.HasPrefix(l.IRI, base) {
			t.Errorf("licence IRI %q", l.IRI)
		}
	}
}

func TestFrequencyCode(t *testing.T) {
	for in, want := range map[string]string{
		"DAILY": "DAILY", "daily": "DAILY", "täglich": "DAILY", "ANNUAL": "ANNUAL", "jährlich": "ANNUAL",
		"http://purl.org/cld/freq/annual": "ANNUAL", "R/P1D": "DAILY", "P1Y": "ANNUAL", "R/P3M": "QUARTERLY",
		"http://publications.europa.eu/resource/authority/frequency/MONTHLY": "MONTHLY", "halbjährlich": "ANNUAL_2",
		"http://purl.org/cld/freq/threeTimesAYear": "ANNUAL_3", "continuous": "UPDATE_CONT", "irgendwann": "", "": "",
	} {
		if got := dcat.FrequencyCode(in); got != want {
			t.Errorf("FrequencyCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLanguageCodes(t *testing.T) {
	for in, want := range map[string]string{
		"de": "de", "deu": "de", "ger": "de", "German": "de", "Deutsch": "de", "DE-de": "de", "en": "en", "eng": "en",
		"http://publications.europa.eu/resource/authority/language/FRA": "fr", "DSB": "dsb", "xx": "", "Klingonisch": "",
	} {
		if got := dcat.LanguageCode(in); got != want {
			t.Errorf("LanguageCode(%q) = %q, want %q", in, got, want)
		}
	}
	if got := dcat.LanguageIRI("de"); got != "http://publications.europa.eu/resource/authority/language/DEU" {
		t.Errorf("LanguageIRI(de) = %q", got)
	}
	if got := dcat.LanguageIRI(dcat.LanguageCode("dsb")); got != "http://publications.europa.eu/resource/authority/language/DSB" {
		t.Errorf("LanguageIRI(dsb) = %q", got)
	}
}

func TestThemeCodes(t *testing.T) {
	for in, want := range map[string][]string{
		"ENVI": {"ENVI"}, "envi": {"ENVI"}, "http://publications.europa.eu/resource/authority/data-theme/HEAL": {"HEAL"},
		"gesundheit": {"HEAL"}, "umwelt_klima": {"ENVI"}, "bevoelkerung": {"SOCI"}, "transport_verkehr": {"TRAN"},
		"wirtschaft_arbeit": {"ECON"}, "bildung_wissenschaft": {"EDUC", "TECH"}, "gesetze_justiz": {"JUST"},
		"infrastruktur_bauen_wohnen": {"REGI"}, "oeffentliche_verwaltung_haushalt_steuern": {"GOVE"},
		"politik_wahlen": {"GOVE"}, "kultur_freizeit_sport_tourismus": {"EDUC"}, "geo": {"REGI"}, "energie": {"ENER"},
		"soziales": {"SOCI"}, "verbraucher": nil, "landwirtschaft_fischerei": {"AGRI"}, "Umwelt": {"ENVI"},
		"Transport": {"TRAN"}, "OP_DATPRO": nil, "quatsch": nil,
	} {
		if got := dcat.ThemeCodes(in); !reflect.DeepEqual(got, want) {
			t.Errorf("ThemeCodes(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestOtherCodes(t *testing.T) {
	for _, c := range []struct {
		f        func(string) string
		in, want string
	}{
		{dcat.AccessRightsCode, "PUBLIC", "PUBLIC"}, {dcat.AccessRightsCode, "non-public", "NON_PUBLIC"},
		{dcat.AccessRightsCode, "http://publications.europa.eu/resource/authority/access-right/RESTRICTED", "RESTRICTED"},
		{dcat.AccessRightsCode, "öffentlich", "PUBLIC"}, {dcat.AccessRightsCode, "geheim", ""},
		{dcat.AvailabilityCode, "stable", "STABLE"}, {dcat.AvailabilityCode, "http://dcat-ap.de/def/plannedAvailability/experimental", "EXPERIMENTAL"},
		{dcat.AvailabilityCode, "http://data.europa.eu/r5r/x", ""},
		{dcat.StatusCode, "http://purl.org/adms/status/UnderDevelopment", "DEVELOP"}, {dcat.StatusCode, "COMPLETED", "COMPLETED"},
		{dcat.StatusCode, "http://publications.europa.eu/resource/authority/distribution-status/WITHDRAWN", "WITHDRAWN"},
		{dcat.GeocodingLevelCode, "http://dcat-ap.de/def/politicalGeocoding/Level/state", "state"},
		{dcat.GeocodingLevelCode, "Kommune", "municipality"}, {dcat.GeocodingLevelCode, "Landkreis", "administrativeDistrict"},
		{dcat.ContributorIRI, "auswaertigesAmt", "http://dcat-ap.de/def/contributors/auswaertigesAmt"},
		{dcat.ContributorIRI, "https://www.dcat-ap.de/def/contributors/auswaertigesAmt/", "http://dcat-ap.de/def/contributors/auswaertigesAmt"},
		{dcat.ContributorIRI, "stadtNirgendwo", ""},
	} {
		if got := c.f(c.in); got != c.want {
			t.Errorf("(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
