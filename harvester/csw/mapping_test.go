package csw_test

import (
	"html"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// isoRecord is a small ISO 19139 record for the mapping tests; each
// field is inserted as written.
type isoRecord struct {
	id, level      string
	citation       string // more children of CI_Citation (dates)
	ident          string // more children of MD_DataIdentification
	meta           string // more children of MD_Metadata (distributionInfo, dateStamp)
	identification string // "srv" for SV_ServiceIdentification
}

// doc returns a GetRecordsResponse with the records recs.
func doc(recs ...isoRecord) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:gmd="http://www.isotc211.org/2005/gmd"
  xmlns:gco="http://www.isotc211.org/2005/gco" xmlns:gmx="http://www.isotc211.org/2005/gmx" xmlns:srv="http://www.isotc211.org/2005/srv"
  xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:gml="http://www.opengis.net/gml" xmlns:gml32="http://www.opengis.net/gml/3.2">
<csw:SearchResults numberOfRecordsMatched="` + strconv.Itoa(len(recs)) + `" numberOfRecordsReturned="` + strconv.Itoa(len(recs)) + `" nextRecord="0">`)
	for _, r := range recs {
		id := r.id
		if id == "" {
			id = "rec-1"
		}
		level := ""
		if r.level != "" {
			level = `<gmd:hierarchyLevel><gmd:MD_ScopeCode codeListValue="` + r.level + `"/></gmd:hierarchyLevel>`
		}
		ident := "gmd:MD_DataIdentification"
		if r.identification == "srv" {
			ident = "srv:SV_ServiceIdentification"
		}
		b.WriteString(`<gmd:MD_Metadata><gmd:fileIdentifier><gco:CharacterString>` + id + `</gco:CharacterString></gmd:fileIdentifier>
<gmd:language><gmd:LanguageCode codeListValue="ger">ger</gmd:LanguageCode></gmd:language>` + level + r.meta + `
<gmd:identificationInfo><` + ident + `><gmd:citation><gmd:CI_Citation><gmd:title><gco:CharacterString>Baumkataster</gco:CharacterString></gmd:title>` +
			r.citation + `</gmd:CI_Citation></gmd:citation><gmd:abstract><gco:CharacterString>Alle Bäume.</gco:CharacterString></gmd:abstract>` +
			r.ident + `</` + ident + `></gmd:identificationInfo></gmd:MD_Metadata>`)
	}
	b.WriteString(`</csw:SearchResults></csw:GetRecordsResponse>`)
	return b.String()
}

// mapOne harvests a listing of the one record r and returns its record.
func mapOne(t *testing.T, r isoRecord) *municat.Dataset {
	t.Helper()
	srv := newServer(t, map[int][]byte{1: []byte(doc(r))})
	got, err := fetch(t, quick(), srv.URL, nil)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if len(got.Records) != 1 || got.Records[0].Err != nil {
		t.Fatalf("records %+v", got.Records)
	}
	d := got.Records[0].Dataset
	check := *d
	check.ID = municat.DatasetID("geo", got.Records[0].RemoteID)
	if err := check.Validate(); err != nil {
		t.Errorf("invalid dataset: %v", err)
	}
	return d
}

// extent wraps EX_Extent content.
func extent(inner string) string {
	return `<gmd:extent><gmd:EX_Extent>` + inner + `</gmd:EX_Extent></gmd:extent>`
}

// box returns an EX_GeographicBoundingBox.
func box(w, e, s, n string, extra ...string) string {
	return `<gmd:geographicElement><gmd:EX_GeographicBoundingBox>` + strings.Join(extra, "") +
		`<gmd:westBoundLongitude><gco:Decimal>` + w + `</gco:Decimal></gmd:westBoundLongitude>
<gmd:eastBoundLongitude><gco:Decimal>` + e + `</gco:Decimal></gmd:eastBoundLongitude>
<gmd:southBoundLatitude><gco:Decimal>` + s + `</gco:Decimal></gmd:southBoundLatitude>
<gmd:northBoundLatitude><gco:Decimal>` + n + `</gco:Decimal></gmd:northBoundLatitude></gmd:EX_GeographicBoundingBox></gmd:geographicElement>`
}

func TestTemporalExtent(t *testing.T) {
	day := func(s string) *time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return &tm
	}
	temporal := func(inner string) string {
		return extent(`<gmd:temporalElement><gmd:EX_TemporalExtent><gmd:extent>` + inner + `</gmd:extent></gmd:EX_TemporalExtent></gmd:temporalElement>`)
	}
	tests := []struct {
		name   string
		extent string
		want   *municat.Period
	}{
		{"GML 3.1 positions", temporal(`<gml:TimePeriod gml:id="t1"><gml:beginPosition>2010-01-01</gml:beginPosition><gml:endPosition>2020-12-31</gml:endPosition></gml:TimePeriod>`),
			&municat.Period{Start: day("2010-01-01T00:00:00Z"), End: day("2020-12-31T00:00:00Z")}},
		{"GML 3.2 instants", temporal(`<gml32:TimePeriod gml32:id="t1"><gml32:begin><gml32:TimeInstant gml32:id="b"><gml32:timePosition>2015-06-01T08:00:00+02:00</gml32:timePosition></gml32:TimeInstant></gml32:begin><gml32:end><gml32:TimeInstant gml32:id="e"><gml32:timePosition>2016</gml32:timePosition></gml32:TimeInstant></gml32:end></gml32:TimePeriod>`),
			&municat.Period{Start: day("2015-06-01T08:00:00+02:00"), End: day("2016-01-01T00:00:00Z")}},
		{"open end", temporal(`<gml32:TimePeriod><gml32:beginPosition>2001-03</gml32:beginPosition><gml32:endPosition indeterminatePosition="now"/></gml32:TimePeriod>`),
			&municat.Period{Start: day("2001-03-01T00:00:00Z")}},
		{"instant", temporal(`<gml:TimeInstant><gml:timePosition>2019-03-01</gml:timePosition></gml:TimeInstant>`),
			&municat.Period{Start: day("2019-03-01T00:00:00Z"), End: day("2019-03-01T00:00:00Z")}},
		{"end before start", temporal(`<gml:TimePeriod><gml:beginPosition>2020-01-01</gml:beginPosition><gml:endPosition>2019-01-01</gml:endPosition></gml:TimePeriod>`), nil},
		{"no date", temporal(`<gml:TimePeriod><gml:beginPosition>bald</gml:beginPosition><gml:endPosition/></gml:TimePeriod>`), nil},
		{"other namespace", temporal(`<TimePeriod xmlns="http://example.org/not-gml"><beginPosition>2010-01-01</beginPosition></TimePeriod>`), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mapOne(t, isoRecord{ident: tt.extent})
			if !reflect.DeepEqual(d.Temporal, tt.want) {
				t.Errorf("temporal %+v, want %+v", d.Temporal, tt.want)
			}
		})
	}
}

func TestBoundingBoxes(t *testing.T) {
	tests := []struct {
		name   string
		extent string
		want   *municat.BoundingBox
	}{
		{"one", extent(box("6.8", "7.1", "51.2", "51.5")), &municat.BoundingBox{West: 6.8, East: 7.1, South: 51.2, North: 51.5}},
		{"union", extent(box("6.8", "7.1", "51.2", "51.5") + box("7", "7.4", "51", "51.3")), &municat.BoundingBox{West: 6.8, East: 7.4, South: 51, North: 51.5}},
		{"decimal comma", extent(box("6,8", "7,1", "51,2", "51,5")), &municat.BoundingBox{West: 6.8, East: 7.1, South: 51.2, North: 51.5}},
		{"out of range", extent(box("6.8", "7.1", "51.2", "95")), nil},
		{"west east swapped", extent(box("7.1", "6.8", "51.2", "51.5")), nil},
		{"south north swapped", extent(box("6.8", "7.1", "51.5", "51.2")), nil},
		{"missing bound", extent(box("6.8", "", "51.2", "51.5")), nil},
		{"not a number", extent(box("6.8", "NaN", "51.2", "51.5")), nil},
		{"excluded area", extent(box("6.8", "7.1", "51.2", "51.5", `<gmd:extentTypeCode><gco:Boolean>false</gco:Boolean></gmd:extentTypeCode>`)), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mapOne(t, isoRecord{ident: tt.extent})
			var got *municat.BoundingBox
			if d.Spatial != nil {
				got = d.Spatial.BBox
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("bbox %+v, want %+v", got, tt.want)
			}
		})
	}
}

// constraints wraps statements in an MD_LegalConstraints block.
func constraints(inner string) string {
	return `<gmd:resourceConstraints><gmd:MD_LegalConstraints>` + inner + `</gmd:MD_LegalConstraints></gmd:resourceConstraints>`
}

func str(el, s string) string {
	return `<gmd:` + el + `><gco:CharacterString>` + s + `</gco:CharacterString></gmd:` + el + `>`
}

func anchor(el, href, s string) string {
	return `<gmd:` + el + `><gmx:Anchor xlink:href="` + href + `">` + s + `</gmx:Anchor></gmd:` + el + `>`
}

const otherRestrictions = `<gmd:accessConstraints><gmd:MD_RestrictionCode codeListValue="otherRestrictions"/></gmd:accessConstraints>`

func TestLicense(t *testing.T) {
	tests := []struct {
		name, constraints, want string
	}{
		{"GDI-DE JSON", constraints(str("useConstraints", "") + str("otherConstraints", "Datenlizenz Deutschland Namensnennung 2.0") +
			str("otherConstraints", `{"id":"dl-by-de/2.0","name":"Datenlizenz Deutschland Namensnennung 2.0","url":"https://www.govdata.de/dl-de/by-2-0","quelle":"Stadt Musterstadt"}`)), "dl-by-de/2.0"},
		{"JSON with a CKAN id", constraints(str("otherConstraints", `{"id": "dl-de-zero-2.0", "url": "https://www.govdata.de/dl-de/zero-2-0"}`)), "dl-zero-de/2.0"},
		{"JSON with an unknown licence", constraints(str("otherConstraints", `{"id":"stadt-nutzung","name":"Nutzungsbedingungen der Stadt","url":"https://www.musterstadt.de/nutzung"}`)), "https://www.musterstadt.de/nutzung"},
		{"anchor", constraints(anchor("otherConstraints", "http://dcat-ap.de/def/licenses/cc-by/4.0", "Creative Commons Namensnennung 4.0")), "cc-by/4.0"},
		{"URL in a statement", constraints(str("useLimitation", "Es gilt die Lizenz CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).")), "cc-by/4.0"},
		{"licence name", constraints(str("otherConstraints", "Datenlizenz Deutschland – Zero – Version 2.0")), "dl-zero-de/2.0"},
		{"unlisted licence URL", constraints(str("useLimitation", "Licence Ouverte 1.0 http://www.data.gouv.fr/Licence-Ouverte-Open-Licence.")), "http://www.data.gouv.fr/Licence-Ouverte-Open-Licence"},
		{"URL not about a licence", constraints(str("useLimitation", "Quellenvermerk siehe https://www.musterstadt.de/impressum")), ""},
		{"INSPIRE access anchor", constraints(otherRestrictions + anchor("otherConstraints", "http://inspire.ec.europa.eu/metadata-codelist/ConditionsApplyingToAccessAndUse/noConditionsApply", "No conditions apply")), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := mapOne(t, isoRecord{ident: tt.constraints}); d.License != tt.want {
				t.Errorf("license %q, want %q", d.License, tt.want)
			}
		})
	}
}

func TestAccessRights(t *testing.T) {
	lopa := "http://inspire.ec.europa.eu/metadata-codelist/LimitationsOnPublicAccess/"
	tests := []struct {
		name, constraints, want string
	}{
		{"INSPIRE noLimitations", constraints(otherRestrictions + anchor("otherConstraints", lopa+"noLimitations", "Es gelten keine Zugriffsbeschränkungen")), municat.AccessPublic},
		{"German wording", constraints(otherRestrictions + str("otherConstraints", "Es gelten keine Zugriffsbeschränkungen.")), municat.AccessPublic},
		{"no limitation despite article 13", constraints(otherRestrictions + str("otherConstraints", "Keine Beschränkung des Zugangs nach Art. 13 INSPIRE")), municat.AccessPublic},
		{"INSPIRE article 13", constraints(otherRestrictions + anchor("otherConstraints", lopa+"INSPIRE_Directive_Article13_1e", "Schutz personenbezogener Daten")), municat.AccessRestricted},
		{"article 13 in words", constraints(otherRestrictions + str("otherConstraints", "Zugang eingeschränkt gemäß Artikel 13 Abs. 1 Buchst. b")), municat.AccessRestricted},
		{"restricted code", constraints(`<gmd:accessConstraints><gmd:MD_RestrictionCode codeListValue="restricted"/></gmd:accessConstraints>`), municat.AccessRestricted},
		{"classification", `<gmd:resourceConstraints><gmd:MD_SecurityConstraints><gmd:classification><gmd:MD_ClassificationCode codeListValue="confidential"/></gmd:classification></gmd:MD_SecurityConstraints></gmd:resourceConstraints>`, municat.AccessRestricted},
		{"restriction wins", constraints(otherRestrictions+anchor("otherConstraints", lopa+"noLimitations", "No limitations")) +
			constraints(`<gmd:accessConstraints><gmd:MD_RestrictionCode codeListValue="restricted"/></gmd:accessConstraints>`), municat.AccessRestricted},
		{"copyright says nothing of access", constraints(`<gmd:accessConstraints><gmd:MD_RestrictionCode codeListValue="copyright"/></gmd:accessConstraints>`), ""},
		{"use statement is no access statement", constraints(str("useLimitation", "Es gelten keine Bedingungen")), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := mapOne(t, isoRecord{ident: tt.constraints}); d.AccessRights != tt.want {
				t.Errorf("access rights %q, want %q", d.AccessRights, tt.want)
			}
		})
	}
}

func topic(c string) string {
	return `<gmd:topicCategory><gmd:MD_TopicCategoryCode>` + c + `</gmd:MD_TopicCategoryCode></gmd:topicCategory>`
}

func keywordBlock(thesaurus string, keywords ...string) string {
	s := `<gmd:descriptiveKeywords><gmd:MD_Keywords>` + strings.Join(keywords, "")
	if thesaurus != "" {
		s += `<gmd:thesaurusName><gmd:CI_Citation>` + str("title", thesaurus) + `</gmd:CI_Citation></gmd:thesaurusName>`
	}
	return s + `</gmd:MD_Keywords></gmd:descriptiveKeywords>`
}

func TestThemes(t *testing.T) {
	tests := []struct {
		name, ident string
		want        []string
	}{
		{"topic categories", topic("environment") + topic("transportation") + topic("economy") + topic("health") + topic("society") +
			topic("boundaries") + topic("location") + topic("planningCadastre") + topic("elevation") + topic("imageryBaseMapsEarthCover") +
			topic("geoscientificInformation") + topic("utilitiesCommunication") + topic("farming"),
			[]string{"ENVI", "TRAN", "ECON", "HEAL", "SOCI", "REGI", "TECH", "ENER", "AGRI"}},
		{"unknown topic category", topic("sports"), nil},
		{"INSPIRE theme by German name", keywordBlock("GEMET - INSPIRE themes, version 1.0", str("keyword", "Verkehrsnetze"), str("keyword", "Schutzgebiete")), []string{"TRAN", "ENVI"}},
		{"INSPIRE name outside the INSPIRE thesaurus", keywordBlock("", str("keyword", "Verkehrsnetze")), nil},
		{"INSPIRE theme anchor", keywordBlock("", anchor("keyword", "https://inspire.ec.europa.eu/theme/pd", "Population distribution")), []string{"SOCI"}},
		{"EU data theme anchor", keywordBlock("", anchor("keyword", "http://publications.europa.eu/resource/authority/data-theme/AGRI", "Landwirtschaft")), []string{"AGRI"}},
		{"EU data theme name", keywordBlock("", str("keyword", "Umwelt"), str("keyword", "Bäume")), []string{"ENVI"}},
		{"once each", topic("environment") + keywordBlock("", str("keyword", "Umwelt")), []string{"ENVI"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := mapOne(t, isoRecord{ident: tt.ident}); !reflect.DeepEqual(d.Themes, tt.want) {
				t.Errorf("themes %q, want %q", d.Themes, tt.want)
			}
		})
	}
}

// online returns a distributionInfo with the online resources given as
// url|protocol|function|name.
func online(links ...string) string {
	s := `<gmd:distributionInfo><gmd:MD_Distribution><gmd:transferOptions><gmd:MD_DigitalTransferOptions>`
	for _, l := range links {
		p := strings.Split(l, "|")
		for len(p) < 4 {
			p = append(p, "")
		}
		s += `<gmd:onLine><gmd:CI_OnlineResource><gmd:linkage><gmd:URL>` + html.EscapeString(p[0]) + `</gmd:URL></gmd:linkage>`
		if p[1] != "" {
			s += str("protocol", p[1])
		}
		if p[3] != "" {
			s += str("name", p[3])
		}
		if p[2] != "" {
			s += `<gmd:function><gmd:CI_OnLineFunctionCode codeListValue="` + p[2] + `"/></gmd:function>`
		}
		s += `</gmd:CI_OnlineResource></gmd:onLine>`
	}
	return s + `</gmd:MD_DigitalTransferOptions></gmd:transferOptions></gmd:MD_Distribution></gmd:distributionInfo>`
}

func TestDistributions(t *testing.T) {
	d := mapOne(t, isoRecord{id: "baum-42", meta: online(
		"https://geo.musterstadt.de/csw?service=CSW&request=GetRecordById&id=baum-42",
		"https://geoportal.musterstadt.de/metadata/baum-42.html|WWW:LINK-1.0-http--link||Metadaten",
		"https://geo.musterstadt.de/wms?|OGC:WMS-1.3.0-http-get-capabilities||Baumkataster WMS",
		"https://geo.musterstadt.de/ows?SERVICE=WFS&REQUEST=GetCapabilities",
		"https://geo.musterstadt.de/wcs|OGC Web Coverage Service",
		"https://daten.musterstadt.de/baeume.csv|WWW:DOWNLOAD-1.0-http--download||Baumliste (CSV)",
		"https://daten.musterstadt.de/baeume.geojson",
		"https://daten.musterstadt.de/export?format=zip||download",
		"https://www.musterstadt.de/umwelt/baeume|WWW:LINK-1.0-http--link||Baumschutz",
		"www.musterstadt.de/baeume.pdf",
		"baeume.csv|WWW:DOWNLOAD",
		"https://daten.musterstadt.de/baeume.csv|WWW:DOWNLOAD",
		"https://geoportal.musterstadt.de/metadata/baum-42/index.html|WWW:LINK",
	)})
	want := []string{
		"WMS_SRVC https://geo.musterstadt.de/wms?",
		"WFS_SRVC https://geo.musterstadt.de/ows?SERVICE=WFS&REQUEST=GetCapabilities",
		"WCS_SRVC https://geo.musterstadt.de/wcs",
		"DL CSV https://daten.musterstadt.de/baeume.csv",
		"DL GEOJSON https://daten.musterstadt.de/baeume.geojson",
		"DL - https://daten.musterstadt.de/export?format=zip",
		"- https://www.musterstadt.de/umwelt/baeume",
		"DL PDF http://www.musterstadt.de/baeume.pdf",
		"HTML https://geoportal.musterstadt.de/metadata/baum-42/index.html", // a second record page
	}
	same(t, "distributions", distributions(d), want)
	if d.LandingPage != "https://geoportal.musterstadt.de/metadata/baum-42.html" {
		t.Errorf("landing page %q", d.LandingPage)
	}
	for _, dist := range d.Distributions {
		if dist.Format == "CSV" && (dist.MediaType != "text/csv" || dist.Title["de"] != "Baumliste (CSV)") {
			t.Errorf("CSV distribution %+v", dist)
		}
		if dist.ID != municat.DistributionID("", dist.AccessURL) {
			t.Errorf("distribution id %q of %s", dist.ID, dist.AccessURL)
		}
	}
}

// TestServiceRecord: a service record maps as a dataset whose
// distribution is the service, its format from serviceTypeVersion.
func TestServiceRecord(t *testing.T) {
	d := mapOne(t, isoRecord{level: "service", identification: "srv", ident: `<srv:serviceType><gco:LocalName>download</gco:LocalName></srv:serviceType>
<srv:serviceTypeVersion><gco:CharacterString>OGC:WFS 2.0.0</gco:CharacterString></srv:serviceTypeVersion>
<srv:containsOperations><srv:SV_OperationMetadata><srv:operationName><gco:CharacterString>GetCapabilities</gco:CharacterString></srv:operationName>
<srv:connectPoint><gmd:CI_OnlineResource><gmd:linkage><gmd:URL>https://geo.musterstadt.de/wfs/baeume</gmd:URL></gmd:linkage></gmd:CI_OnlineResource></srv:connectPoint></srv:SV_OperationMetadata></srv:containsOperations>
<srv:containsOperations><srv:SV_OperationMetadata><srv:operationName><gco:CharacterString>GetFeature</gco:CharacterString></srv:operationName>
<srv:connectPoint><gmd:CI_OnlineResource><gmd:linkage><gmd:URL>https://geo.musterstadt.de/wfs/baeume</gmd:URL></gmd:linkage></gmd:CI_OnlineResource></srv:connectPoint></srv:SV_OperationMetadata></srv:containsOperations>`})
	same(t, "distributions", distributions(d), []string{"WFS_SRVC https://geo.musterstadt.de/wfs/baeume"})
	same(t, "languages", d.Languages, []string{"de"})
}

func TestDatesAndFrequency(t *testing.T) {
	date := func(typ, d string) string {
		return `<gmd:date><gmd:CI_Date><gmd:date><gco:Date>` + d + `</gco:Date></gmd:date><gmd:dateType><gmd:CI_DateTypeCode codeListValue="` + typ + `"/></gmd:dateType></gmd:CI_Date></gmd:date>`
	}
	freq := func(c string) string {
		return `<gmd:resourceMaintenance><gmd:MD_MaintenanceInformation><gmd:maintenanceAndUpdateFrequency><gmd:MD_MaintenanceFrequencyCode codeListValue="` + c + `"/></gmd:maintenanceAndUpdateFrequency></gmd:MD_MaintenanceInformation></gmd:resourceMaintenance>`
	}
	d := mapOne(t, isoRecord{citation: date("creation", "2001-02-03") + date("revision", "2020-01-01") + date("revision", "2022-05-06") + date("revision", "2021-01-01"),
		meta: `<gmd:dateStamp><gco:DateTime>2023-01-01T10:00:00</gco:DateTime></gmd:dateStamp>`, ident: freq("annually")})
	if stamp(d.Issued) != "2001-02-03T00:00:00Z" || stamp(d.Modified) != "2022-05-06T00:00:00Z" || d.Frequency != "ANNUAL" {
		t.Errorf("issued %s, modified %s, frequency %s", stamp(d.Issued), stamp(d.Modified), d.Frequency)
	}
	d = mapOne(t, isoRecord{citation: date("creation", "2001-02-03") + date("publication", "2002-01-01"),
		meta: `<gmd:dateStamp><gco:DateTime>2023-01-01T10:00:00</gco:DateTime></gmd:dateStamp>`, ident: freq("continual")})
	if stamp(d.Issued) != "2002-01-01T00:00:00Z" || stamp(d.Modified) != "2023-01-01T10:00:00Z" || d.Frequency != "UPDATE_CONT" {
		t.Errorf("issued %s, modified %s, frequency %s", stamp(d.Issued), stamp(d.Modified), d.Frequency)
	}
}

// TestHierarchyLevels: by default datasets, series, services and
// non-geographic datasets are listed, other levels left out; the
// left-out records still count as delivered.
func TestHierarchyLevels(t *testing.T) {
	body := doc(isoRecord{id: "a"}, isoRecord{id: "b", level: "series"}, isoRecord{id: "c", level: "nonGeographicDataset"},
		isoRecord{id: "d", level: "application"}, isoRecord{id: "e", level: "featureType"}, isoRecord{id: "f", level: "dataset"})
	srv := newServer(t, map[int][]byte{1: []byte(body)})
	ids := func(recs []harvester.Record) []string {
		var out []string
		for _, r := range recs {
			out = append(out, r.RemoteID)
		}
		return out
	}
	got, err := fetch(t, quick(), srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "default", ids(got.Records), []string{"a", "b", "c", "f"})
	got, err = fetch(t, quick(), srv.URL, map[string]string{"hierarchy_levels": "Series;application"})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "series and applications", ids(got.Records), []string{"b", "d"})
}
