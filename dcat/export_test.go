package dcat_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/internal/dcattest"
	"github.com/municat/municat/rdf"
)

func tp(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

var testOrg = &municat.Organization{
	ID: "stadt-musterstadt", Name: "Stadt Musterstadt", Homepage: "https://www.musterstadt.example",
	Email: "opendata@musterstadt.example", AGS: "09761000",
	ContributorID: "http://dcat-ap.de/def/contributors/stadtMusterstadt",
}

// fullDataset returns a dataset with every field set.
func fullDataset() *municat.Dataset {
	return &municat.Dataset{
		ID: "baeume", Identifier: "urn:musterstadt:baeume",
		Title:       municat.Text{"de": "Baumkataster", "en": "Tree register"},
		Description: municat.Text{"de": "Alle Straßenbäume.", "en": "All street trees."},
		Keywords:    []string{"Bäume", "Umwelt"}, Themes: []string{"ENVI", "REGI"},
		Organization: testOrg.ID,
		Publisher:    &municat.Agent{Name: municat.Text{"de": "Stadt Musterstadt"}, URI: "https://www.musterstadt.example/#org", Homepage: "https://www.musterstadt.example", Email: "info@musterstadt.example"},
		ContactPoint: &municat.Contact{Name: "Grünflächenamt", Email: "gruen@musterstadt.example", URL: "https://www.musterstadt.example/gruen", Phone: "+49-821-12345"},
		License:      "dl-by-de/2.0", AccessRights: "PUBLIC",
		Spatial: &municat.Spatial{Names: []string{"Musterstadt", "Altstadt"}, URIs: []string{"http://sws.geonames.org/2951825/"},
			BBox: &municat.BoundingBox{West: 10.8, South: 48.3, East: 10.95, North: 48.42}},
		Temporal:  &municat.Period{Start: tp("2020-01-01T00:00:00Z"), End: tp("2024-06-30T12:30:00+02:00")},
		Frequency: "MONTHLY", Issued: tp("2021-03-01T00:00:00Z"), Modified: tp("2025-02-03T10:11:12Z"),
		LandingPage: "https://www.musterstadt.example/baeume", ConformsTo: []string{"https://example.org/schema/baum"},
		Languages: []string{"de", "en"}, OtherIdentifiers: []string{"BK-2021", "urn:x:1"},
		Creator:    &municat.Agent{Name: municat.Text{"de": "Vermessungsamt"}},
		Custodian:  &municat.Agent{Name: municat.Text{"de": "Grünflächenamt"}, Email: "gruen@musterstadt.example"},
		Pages:      []string{"https://www.musterstadt.example/baeume/doku"},
		References: []string{"https://musterdatenkatalog.de/def/musterdatensatz/umwelt/baumkataster"},
		Version:    "2.1", Availability: "STABLE", PoliticalGeocodingLevel: "municipality",
		ContributorIDs: []string{"http://dcat-ap.de/def/contributors/other"},
		Legislation:    []string{"http://data.europa.eu/eli/reg_impl/2023/138/oj"},
		SourceID:       "src", RemoteID: "r1", State: municat.Published, ContentHash: "sha256:x", Harvested: tp("2025-01-01T00:00:00Z"),
		WithdrawnAt: tp("2025-02-01T00:00:00Z"), DuplicateOf: "land.baeume", PublishAt: tp("2025-03-01T08:00:00Z"),
		Distributions: []municat.Distribution{
			{ID: "csv", Title: municat.Text{"de": "CSV-Datei"}, Description: municat.Text{"de": "Alle Bäume"},
				AccessURL: "https://data.musterstadt.example/baeume", DownloadURL: "https://data.musterstadt.example/baeume.csv",
				Format: "CSV", MediaType: "text/csv", License: "cc-by/4.0", ByteSize: 123456,
				Checksum: &municat.Checksum{Algorithm: "sha256", Value: strings.Repeat("ab", 32)},
				Issued:   tp("2021-03-01T00:00:00Z"), Modified: tp("2025-02-03T00:00:00Z"), Languages: []string{"de"},
				ConformsTo: []string{"https://example.org/schema/baum.csv"}, LicenseAttribution: "Stadt Musterstadt, Grünflächenamt",
				Availability: "AVAILABLE", Status: "COMPLETED", FileKey: "files/baeume/csv/baeume.csv",
				Versions: []municat.FileVersion{{ID: "0123456789abcdef", Key: "files/baeume/csv/0123456789abcdef/baeume.csv", SHA256: "0123456789abcdef", ByteSize: 10}}},
			{ID: "file", Title: municat.Text{"de": "Eigene Datei"}, Format: "GEOJSON", FileKey: "files/baeume/file/b.geojson"},
			{ID: "wms", Title: municat.Text{"de": "Karte"}, DownloadURL: "https://geo.musterstadt.example/wms", Format: "WMS_SRVC"},
		},
	}
}

func testExporter() *dcat.Exporter {
	return &dcat.Exporter{
		BaseURL:       testBase,
		Organizations: map[string]*municat.Organization{testOrg.ID: testOrg},
		FileURL:       func(ds, dist string) string { return testBase + "/files/" + ds + "/" + dist },
		Catalog:       dcat.Catalog{Title: municat.Text{"de": "Katalog"}, Description: municat.Text{"de": "Daten"}, Publisher: &municat.Agent{Name: municat.Text{"de": "Stadt Musterstadt"}}},
	}
}

// nonZeroFields reports the fields of a struct value that are zero.
func zeroFields(v reflect.Value, prefix string) []string {
	var out []string
	for i := 0; i < v.NumField(); i++ {
		if v.Field(i).IsZero() {
			out = append(out, prefix+v.Type().Field(i).Name)
		}
	}
	return out
}

func TestRoundTripAllFields(t *testing.T) {
	d := fullDataset()
	if z := zeroFields(reflect.ValueOf(*d), ""); len(z) > 0 {
		t.Fatalf("test dataset leaves fields unset: %v", z)
	}
	if z := zeroFields(reflect.ValueOf(d.Distributions[0]), "Distributions[0]."); len(z) > 0 {
		t.Fatalf("test distribution leaves fields unset: %v", z)
	}
	e := testExporter()
	recs := dcat.Import(rdf.NewGraph(e.DatasetTriples(d, true)...))
	if len(recs) != 1 {
		t.Fatalf("got %d records", len(recs))
	}
	want := dcattest.Expected(e, d)
	// The csv distribution has its own URLs, so its FileKey is just dropped.
	compareDatasets(t, d.ID, recs[0].Dataset, want)
	if got := recs[0].Dataset.Distributions[1].AccessURL; got != testBase+"/files/baeume/file" {
		t.Errorf("stored file's access URL = %q", got)
	}
}

// objects returns the objects of s p in ts.
func objects(ts []rdf.Triple, s rdf.Term, p string) []rdf.Term {
	var out []rdf.Term
	for _, t := range ts {
		if t.S == s && t.P.Value == p {
			out = append(out, t.O)
		}
	}
	return out
}

func has(ts []rdf.Triple, s rdf.Term, p string, o rdf.Term) bool {
	for _, t := range ts {
		if t.S == s && t.P.Value == p && t.O == o {
			return true
		}
	}
	return false
}

func TestDatasetTriplesRules(t *testing.T) {
	e := testExporter()
	d := fullDataset()
	ts := e.DatasetTriples(d, true)
	ds := rdf.IRI(testBase + "/dataset/baeume")
	csv := rdf.IRI(testBase + "/dataset/baeume/distribution/csv")
	file := rdf.IRI(testBase + "/dataset/baeume/distribution/file")
	wms := rdf.IRI(testBase + "/dataset/baeume/distribution/wms")
	typ := rdf.RDFType
	for _, c := range []struct {
		name string
		s    rdf.Term
		p    string
		o    rdf.Term
	}{
		{"catalogue link", rdf.IRI(testBase + "/catalog"), rdf.DCAT + "dataset", ds},
		{"identifier kept (K25)", ds, rdf.DCT + "identifier", rdf.Literal("urn:musterstadt:baeume")},
		{"contributor of the organisation (K13)", ds, rdf.DCATDE + "contributorID", rdf.IRI(testOrg.ContributorID)},
		{"political geocoding", ds, rdf.DCT + "spatial", rdf.IRI("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/09761000")},
		{"geocoding typed", rdf.IRI("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/09761000"), typ, rdf.IRI(rdf.DCT + "Location")},
		{"level", ds, rdf.DCATDE + "politicalGeocodingLevelURI", rdf.IRI("http://dcat-ap.de/def/politicalGeocoding/Level/municipality")},
		{"theme", ds, rdf.DCAT + "theme", rdf.IRI(municat.ThemeBaseIRI + "ENVI")},
		{"theme typed", rdf.IRI(municat.ThemeBaseIRI + "ENVI"), typ, rdf.IRI(rdf.SKOS + "Concept")},
		{"theme label", rdf.IRI(municat.ThemeBaseIRI + "ENVI"), rdf.SKOS + "prefLabel", rdf.LangLiteral("Umwelt", "de")},
		{"frequency typed", rdf.IRI("http://publications.europa.eu/resource/authority/frequency/MONTHLY"), typ, rdf.IRI(rdf.DCT + "Frequency")},
		{"language typed", rdf.IRI("http://publications.europa.eu/resource/authority/language/DEU"), typ, rdf.IRI(rdf.DCT + "LinguisticSystem")},
		{"access rights typed", rdf.IRI("http://publications.europa.eu/resource/authority/access-right/PUBLIC"), typ, rdf.IRI(rdf.DCT + "RightsStatement")},
		{"landing page typed", rdf.IRI(d.LandingPage), typ, rdf.IRI(rdf.FOAF + "Document")},
		{"issued date", ds, rdf.DCT + "issued", rdf.TypedLiteral("2021-03-01", rdf.XSDDate)},
		{"modified dateTime", ds, rdf.DCT + "modified", rdf.TypedLiteral("2025-02-03T10:11:12Z", rdf.XSDDateTime)},
		{"availability namespace", ds, rdf.DCATAP + "availability", rdf.IRI("http://publications.europa.eu/resource/authority/planned-availability/STABLE")},
		{"custodian", ds, rdf.GEODCATAP + "custodian", rdf.Term{}},
		{"publisher IRI", ds, rdf.DCT + "publisher", rdf.IRI("https://www.musterstadt.example/#org")},
		{"publisher typed", rdf.IRI("https://www.musterstadt.example/#org"), typ, rdf.IRI(rdf.FOAF + "Agent")},
		{"licence exact IRI", csv, rdf.DCT + "license", rdf.IRI("http://dcat-ap.de/def/licenses/cc-by/4.0")},
		{"licence typed", rdf.IRI("http://dcat-ap.de/def/licenses/cc-by/4.0"), typ, rdf.IRI(rdf.DCT + "LicenseDocument")},
		{"dataset licence on distribution without own", file, rdf.DCT + "license", rdf.IRI("http://dcat-ap.de/def/licenses/dl-by-de/2.0")},
		{"attribution given", csv, rdf.DCATDE + "licenseAttributionByText", rdf.Literal("Stadt Musterstadt, Grünflächenamt")},
		{"attribution from publisher", file, rdf.DCATDE + "licenseAttributionByText", rdf.Literal("Stadt Musterstadt")},
		{"format", csv, rdf.DCT + "format", rdf.IRI("http://publications.europa.eu/resource/authority/file-type/CSV")},
		{"format typed", rdf.IRI("http://publications.europa.eu/resource/authority/file-type/CSV"), typ, rdf.IRI(rdf.DCT + "MediaTypeOrExtent")},
		{"media type", csv, rdf.DCAT + "mediaType", rdf.IRI("https://www.iana.org/assignments/media-types/text/csv")},
		{"media type typed", rdf.IRI("https://www.iana.org/assignments/media-types/text/csv"), typ, rdf.IRI(rdf.DCT + "MediaType")},
		{"byte size", csv, rdf.DCAT + "byteSize", rdf.TypedLiteral("123456", rdf.XSDNonNegativeInteger)},
		{"access URL typed", rdf.IRI("https://data.musterstadt.example/baeume"), typ, rdf.IRI(rdf.RDFS + "Resource")},
		{"stored file access URL (K39)", file, rdf.DCAT + "accessURL", rdf.IRI(testBase + "/files/baeume/file")},
		{"stored file download URL (K39)", file, rdf.DCAT + "downloadURL", rdf.IRI(testBase + "/files/baeume/file")},
		{"accessURL falls back to downloadURL", wms, rdf.DCAT + "accessURL", rdf.IRI("https://geo.musterstadt.example/wms")},
		{"status", csv, rdf.ADMS + "status", rdf.IRI("http://publications.europa.eu/resource/authority/distribution-status/COMPLETED")},
	} {
		if c.o.IsZero() {
			if len(objects(ts, c.s, c.p)) == 0 {
				t.Errorf("%s: no %s", c.name, c.p)
			}
			continue
		}
		if !has(ts, c.s, c.p, c.o) {
			t.Errorf("%s: missing %s %s %s", c.name, c.s, c.p, c.o)
		}
	}
	// Received contributor ids are not re-published (K13).
	if has(ts, ds, rdf.DCATDE+"contributorID", rdf.IRI("http://dcat-ap.de/def/contributors/other")) {
		t.Error("received contributor id exported")
	}
	if len(objects(ts, ds, rdf.DCATDE+"maintainer")) > 0 {
		t.Error("deprecated dcatde:maintainer exported")
	}
	// Checksum node.
	cs := objects(ts, csv, rdf.SPDX+"checksum")
	if len(cs) != 1 || !has(ts, cs[0], rdf.SPDX+"algorithm", rdf.IRI("http://spdx.org/rdf/terms#checksumAlgorithm_sha256")) ||
		!has(ts, cs[0], rdf.SPDX+"checksumValue", rdf.TypedLiteral(strings.Repeat("ab", 32), rdf.XSD+"hexBinary")) {
		t.Errorf("checksum node wrong: %v", cs)
	}
	// Bounding box as typed WKT on a location, never locn:geometry.
	var bbox []rdf.Term
	for _, loc := range objects(ts, ds, rdf.DCT+"spatial") {
		bbox = append(bbox, objects(ts, loc, rdf.DCAT+"bbox")...)
		if len(objects(ts, loc, rdf.LOCN+"geometry")) > 0 {
			t.Error("locn:geometry exported")
		}
	}
	wantBBox := rdf.TypedLiteral("POLYGON((10.8 48.3, 10.95 48.3, 10.95 48.42, 10.8 48.42, 10.8 48.3))", rdf.GSP+"wktLiteral")
	if len(bbox) != 1 || bbox[0] != wantBBox {
		t.Errorf("bbox = %v, want %v", bbox, wantBBox)
	}
	// Contact point.
	cp := objects(ts, ds, rdf.DCAT+"contactPoint")
	if len(cp) != 1 || !has(ts, cp[0], typ, rdf.IRI(rdf.VCARD+"Kind")) || !has(ts, cp[0], rdf.VCARD+"hasEmail", rdf.IRI("mailto:gruen@musterstadt.example")) ||
		!has(ts, cp[0], rdf.VCARD+"hasTelephone", rdf.IRI("tel:+49-821-12345")) || !has(ts, cp[0], rdf.VCARD+"fn", rdf.Literal("Grünflächenamt")) {
		t.Errorf("contact point wrong")
	}
	// Temporal: midnight UTC is a date, anything else a dateTime.
	per := objects(ts, ds, rdf.DCT+"temporal")
	if len(per) != 1 || !has(ts, per[0], rdf.DCAT+"startDate", rdf.TypedLiteral("2020-01-01", rdf.XSDDate)) ||
		!has(ts, per[0], rdf.DCAT+"endDate", rdf.TypedLiteral("2024-06-30T12:30:00+02:00", rdf.XSDDateTime)) {
		t.Errorf("temporal wrong")
	}
	checkTyped(t, ts)
}

// iriObjects are predicates whose objects must be IRIs or blank nodes.
var iriObjects = []string{
	rdf.DCT + "license", rdf.DCT + "format", rdf.DCAT + "mediaType", rdf.DCT + "language", rdf.DCT + "accrualPeriodicity",
	rdf.DCAT + "theme", rdf.DCAT + "accessURL", rdf.DCAT + "downloadURL", rdf.DCAT + "landingPage", rdf.FOAF + "page",
	rdf.FOAF + "homepage", rdf.DCT + "publisher", rdf.DCAT + "contactPoint", rdf.DCT + "accessRights", rdf.DCT + "spatial",
	rdf.DCT + "temporal", rdf.DCATAP + "availability", rdf.ADMS + "status", rdf.DCATDE + "contributorID",
	rdf.DCATDE + "politicalGeocodingLevelURI", rdf.VCARD + "hasEmail", rdf.VCARD + "hasURL", rdf.VCARD + "hasTelephone",
	rdf.DCT + "conformsTo", rdf.DCT + "references", rdf.SPDX + "algorithm", rdf.GEODCATAP + "custodian", rdf.DCT + "creator",
}

// checkTyped checks that every object of an IRI-valued property is a
// resource with an rdf:type (except mailto:/tel: values), and that no
// literal sits where an IRI is required.
func checkTyped(t *testing.T, ts []rdf.Triple) {
	t.Helper()
	for _, tr := range ts {
		for _, p := range iriObjects {
			if tr.P.Value != p {
				continue
			}
			if !tr.O.IsResource() {
				t.Errorf("%s has literal object %s", p, tr.O)
				continue
			}
			if strings.HasPrefix(tr.O.Value, "mailto:") || strings.HasPrefix(tr.O.Value, "tel:") || strings.HasPrefix(p, rdf.VCARD) {
				continue
			}
			if len(objects(ts, tr.O, rdf.RDFType)) == 0 {
				t.Errorf("object %s of %s has no rdf:type", tr.O, p)
			}
			if has(ts, tr.O, rdf.RDFType, rdf.IRI(rdf.SKOS+"Concept")) && len(objects(ts, tr.O, rdf.SKOS+"prefLabel")) == 0 {
				t.Errorf("concept %s has no skos:prefLabel", tr.O)
			}
		}
	}
}

func TestDatasetTriplesDemoTypedAndDeterministic(t *testing.T) {
	e, _, datasets := demoExporter(t)
	for _, d := range datasets {
		a, b := e.DatasetTriples(d, false), e.DatasetTriples(d, false)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("%s: output differs between calls", d.ID)
		}
		checkTyped(t, a)
		ds := rdf.IRI(e.DatasetIRI(d.ID))
		for _, tr := range a {
			if tr.O == rdf.IRI(e.CatalogIRI()) {
				t.Errorf("%s links back to the catalogue: %s", d.ID, tr)
			}
		}
		dists := objects(a, ds, rdf.DCAT+"distribution")
		for _, dist := range dists {
			if len(objects(a, dist, rdf.DCT+"license")) != 1 {
				t.Errorf("%s: distribution %s has %d licences", d.ID, dist, len(objects(a, dist, rdf.DCT+"license")))
			}
			if len(objects(a, dist, rdf.DCAT+"accessURL")) != 1 {
				t.Errorf("%s: distribution %s has no accessURL", d.ID, dist)
			}
			for _, l := range objects(a, dist, rdf.DCT+"license") {
				if strings.HasSuffix(l.Value, "/") || !strings.HasPrefix(l.Value, "http://dcat-ap.de/def/licenses/") {
					t.Errorf("%s: licence IRI %s", d.ID, l.Value)
				}
			}
		}
	}
}

func TestDatasetTriplesBlankNodesUniquePerDataset(t *testing.T) {
	e, _, datasets := demoExporter(t)
	owner := map[string]string{}
	for _, d := range datasets {
		for _, tr := range e.DatasetTriples(d, false) {
			for _, term := range []rdf.Term{tr.S, tr.O} {
				if term.IsBlank() {
					if o, ok := owner[term.Value]; ok && o != d.ID {
						t.Fatalf("blank node %s used by %s and %s", term.Value, o, d.ID)
					}
					owner[term.Value] = d.ID
				}
			}
		}
	}
}

func TestDatasetTriplesPublisherFallback(t *testing.T) {
	e := testExporter()
	d := &municat.Dataset{ID: "x", Title: municat.NewText("X"), Organization: testOrg.ID, License: "unbekannte Lizenz",
		Distributions: []municat.Distribution{{ID: "a", AccessURL: "https://example.org/a"}}}
	ts := e.DatasetTriples(d, false)
	ds := rdf.IRI(e.DatasetIRI("x"))
	pub := objects(ts, ds, rdf.DCT+"publisher")
	if len(pub) != 1 || !has(ts, pub[0], rdf.FOAF+"name", rdf.LangLiteral("Stadt Musterstadt", "de")) {
		t.Fatalf("publisher fallback missing: %v", pub)
	}
	if has(ts, ds, rdf.DCT+"identifier", rdf.Literal(e.DatasetIRI("x"))) == false {
		t.Error("identifier should default to the dataset IRI")
	}
	// An unlisted licence that is no IRI becomes a labelled licence node.
	lic := objects(ts, rdf.IRI(e.DatasetIRI("x")+"/distribution/a"), rdf.DCT+"license")
	if len(lic) != 1 || !lic[0].IsBlank() || !has(ts, lic[0], rdf.RDFS+"label", rdf.Literal("unbekannte Lizenz")) {
		t.Errorf("unlisted licence: %v", lic)
	}
	// No licence at all: the mandatory dct:license names the
	// missing-licence default (no rights granted), and Check reports it.
	d.License = ""
	ts = e.DatasetTriples(d, false)
	want := rdf.IRI("http://dcat-ap.de/def/licenses/other-closed")
	if l := objects(ts, rdf.IRI(e.DatasetIRI("x")+"/distribution/a"), rdf.DCT+"license"); len(l) != 1 || l[0] != want {
		t.Errorf("missing licence exported as %v, want %v", l, want)
	}
	if l := objects(ts, ds, rdf.DCT+"license"); len(l) != 0 {
		t.Errorf("dataset licence invented: %v", l)
	}
	e.MissingLicense = "dl-by-de/2.0"
	ts = e.DatasetTriples(d, false)
	want = rdf.IRI("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
	if l := objects(ts, rdf.IRI(e.DatasetIRI("x")+"/distribution/a"), rdf.DCT+"license"); len(l) != 1 || l[0] != want {
		t.Errorf("configured missing licence exported as %v, want %v", l, want)
	}
	if p := dcat.Check(d, nil); !hasProblem(p, "distributions[0].license") {
		t.Errorf("Check does not report the missing licence: %v", p)
	}
}

func TestCatalogTriples(t *testing.T) {
	e, _, _ := demoExporter(t)
	m := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	e.Catalog.Modified = &m
	ts := e.CatalogTriples()
	cat := rdf.IRI(e.CatalogIRI())
	if !has(ts, cat, rdf.RDFType, rdf.IRI(rdf.DCAT+"Catalog")) || len(objects(ts, cat, rdf.DCT+"title")) == 0 || len(objects(ts, cat, rdf.DCT+"description")) == 0 {
		t.Fatal("catalogue type, title or description missing")
	}
	pub := objects(ts, cat, rdf.DCT+"publisher")
	if len(pub) != 1 || !has(ts, pub[0], rdf.DCT+"type", rdf.IRI("http://purl.org/adms/publishertype/LocalAuthority")) ||
		!has(ts, pub[0], rdf.RDFType, rdf.IRI(rdf.FOAF+"Agent")) {
		t.Errorf("publisher: %v", pub)
	}
	if !has(ts, rdf.IRI(e.Catalog.Homepage), rdf.RDFType, rdf.IRI(rdf.FOAF+"Document")) {
		t.Error("homepage not typed foaf:Document")
	}
	if !has(ts, cat, rdf.DCT+"modified", rdf.TypedLiteral("2026-01-02T03:04:05Z", rdf.XSDDateTime)) {
		t.Error("modified missing")
	}
	if !has(ts, cat, rdf.DCT+"license", rdf.IRI("http://dcat-ap.de/def/licenses/dl-zero-de/2.0")) {
		t.Error("licence missing")
	}
	if !has(ts, cat, rdf.DCT+"spatial", rdf.IRI("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/03259012")) {
		t.Error("spatial missing")
	}
	checkTyped(t, ts)
}

func TestHydraTriples(t *testing.T) {
	p := dcat.Page{URL: "https://example.org/catalog.ttl?page=2", First: "https://example.org/catalog.ttl?page=1",
		Last: "https://example.org/catalog.ttl?page=3", Previous: "https://example.org/catalog.ttl?page=1",
		Next: "https://example.org/catalog.ttl?page=3", TotalItems: 283, ItemsPerPage: 100}
	ts := dcat.HydraTriples(p)
	s := rdf.IRI(p.URL)
	h := rdf.HYDRA
	want := []rdf.Triple{
		{S: s, P: rdf.IRI(rdf.RDFType), O: rdf.IRI(h + "PagedCollection")},
		{S: s, P: rdf.IRI(h + "totalItems"), O: rdf.TypedLiteral("283", rdf.XSDInteger)},
		{S: s, P: rdf.IRI(h + "itemsPerPage"), O: rdf.TypedLiteral("100", rdf.XSDInteger)},
		{S: s, P: rdf.IRI(h + "first"), O: rdf.Literal(p.First)}, {S: s, P: rdf.IRI(h + "firstPage"), O: rdf.Literal(p.First)},
		{S: s, P: rdf.IRI(h + "last"), O: rdf.Literal(p.Last)}, {S: s, P: rdf.IRI(h + "lastPage"), O: rdf.Literal(p.Last)},
		{S: s, P: rdf.IRI(h + "previous"), O: rdf.Literal(p.Previous)}, {S: s, P: rdf.IRI(h + "previousPage"), O: rdf.Literal(p.Previous)},
		{S: s, P: rdf.IRI(h + "next"), O: rdf.Literal(p.Next)}, {S: s, P: rdf.IRI(h + "nextPage"), O: rdf.Literal(p.Next)},
	}
	if !reflect.DeepEqual(ts, want) {
		t.Errorf("got\n%v\nwant\n%v", ts, want)
	}
	p.Previous, p.Next = "", ""
	if n := len(dcat.HydraTriples(p)); n != 7 {
		t.Errorf("last page without previous/next: %d triples, want 7", n)
	}
	if ts := dcat.HydraTriples(dcat.Page{URL: p.URL}); ts != nil {
		t.Errorf("empty result has a paging block: %v", ts)
	}
}

// hasProblem reports whether problems name field.
func hasProblem(problems []dcat.Problem, field string) bool {
	for _, p := range problems {
		if p.Field == field {
			return true
		}
	}
	return false
}

// TestDatasetTriplesHaveNoDuplicates: a resource linked several times (the
// licence of every distribution, a URL that is access and download URL) is
// typed once.
func TestDatasetTriplesHaveNoDuplicates(t *testing.T) {
	e, _, datasets := demoExporter(t)
	for _, d := range datasets {
		seen := map[rdf.Triple]bool{}
		for _, tr := range e.DatasetTriples(d, true) {
			if seen[tr] {
				t.Errorf("%s: triple twice: %v", d.ID, tr)
			}
			seen[tr] = true
		}
	}
}

// TestDefaultCatalog: the default catalogue always has DCAT-AP's mandatory
// title, description and publisher, named after the organisation if one
// is known.
func TestDefaultCatalog(t *testing.T) {
	c := dcat.DefaultCatalog("https://daten.example.org", nil)
	if c.Publisher == nil || c.Title.String() == "" || c.Description.String() == "" || c.Homepage != "https://daten.example.org/" {
		t.Errorf("without publisher: %+v", c)
	}
	org := &municat.Organization{ID: "stadt", Name: "Stadt Musterstadt", Homepage: "https://www.musterstadt.example", AGS: "03241001"}
	c = dcat.DefaultCatalog("https://daten.example.org", org)
	if c.Publisher.Name.String() != org.Name || c.Publisher.Homepage != org.Homepage || c.AGS != org.AGS ||
		!strings.Contains(c.Title.String(), org.Name) {
		t.Errorf("with publisher: %+v", c)
	}
}
