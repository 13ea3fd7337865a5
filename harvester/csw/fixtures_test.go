package csw_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// expect is what one record of a fixture maps to, read from the file by
// hand. Distributions are written "FORMAT url", with "DL " before the
// format for a download (DownloadURL set), "-" for no format.
type expect struct {
	id, lang, title, description string // description: a prefix
	keywords                     []string
	themes                       []string
	publisher, publisherEmail    string
	contact                      municat.Contact
	license, access              string
	bbox                         *municat.BoundingBox
	names, uris                  []string
	issued, modified             string // RFC 3339, "" for none
	langs                        []string
	landing                      string
	dists                        []string
	otherIDs                     []string
	conformsTo                   []string
}

// check compares rec with e field by field.
func (e expect) check(t *testing.T, rec harvester.Record, endpoint string) {
	t.Helper()
	if rec.Err != nil || rec.Dataset == nil {
		t.Fatalf("%s: error %v", e.id, rec.Err)
	}
	d := rec.Dataset
	if rec.RemoteID != e.id || d.Identifier != e.id {
		t.Errorf("remote id %q, identifier %q, want %q", rec.RemoteID, d.Identifier, e.id)
	}
	wantLink := endpoint + "?elementSetName=full&id=" + e.id + "&outputSchema=http%3A%2F%2Fwww.isotc211.org%2F2005%2Fgmd&request=GetRecordById&service=CSW&version=2.0.2"
	if rec.Link != wantLink {
		t.Errorf("link %q, want %q", rec.Link, wantLink)
	}
	if d.Title[e.lang] != e.title {
		t.Errorf("title %v, want %q in %s", d.Title, e.title, e.lang)
	}
	if !strings.HasPrefix(d.Description[e.lang], e.description) || e.description == "" {
		t.Errorf("description %v, want %q… in %s", d.Description, e.description, e.lang)
	}
	same(t, "keywords", d.Keywords, e.keywords)
	same(t, "themes", d.Themes, e.themes)
	if d.PublisherName() != e.publisher || d.Publisher.Email != e.publisherEmail {
		t.Errorf("publisher %+v, want %q <%s>", d.Publisher, e.publisher, e.publisherEmail)
	}
	if d.ContactPoint == nil || *d.ContactPoint != e.contact {
		t.Errorf("contact %+v, want %+v", d.ContactPoint, e.contact)
	}
	if d.License != e.license || d.AccessRights != e.access {
		t.Errorf("license %q, access %q; want %q, %q", d.License, d.AccessRights, e.license, e.access)
	}
	var bbox *municat.BoundingBox
	var names, uris []string
	if d.Spatial != nil {
		bbox, names, uris = d.Spatial.BBox, d.Spatial.Names, d.Spatial.URIs
	}
	if !reflect.DeepEqual(bbox, e.bbox) {
		t.Errorf("bbox %+v, want %+v", bbox, e.bbox)
	}
	same(t, "spatial names", names, e.names)
	same(t, "spatial uris", uris, e.uris)
	if d.Temporal != nil {
		t.Errorf("temporal %+v, want none", d.Temporal)
	}
	if got := stamp(d.Issued); got != e.issued {
		t.Errorf("issued %s, want %s", got, e.issued)
	}
	if got := stamp(d.Modified); got != e.modified {
		t.Errorf("modified %s, want %s", got, e.modified)
	}
	same(t, "languages", d.Languages, e.langs)
	if d.LandingPage != e.landing {
		t.Errorf("landing page %q, want %q", d.LandingPage, e.landing)
	}
	same(t, "distributions", distributions(d), e.dists)
	same(t, "other identifiers", d.OtherIdentifiers, e.otherIDs)
	same(t, "conforms to", d.ConformsTo, e.conformsTo)
	check := *d
	check.ID = municat.DatasetID("geo", rec.RemoteID)
	if err := check.Validate(); err != nil {
		t.Errorf("invalid dataset: %v", err)
	}
}

// distributions writes d's distributions in the form of expect.dists.
func distributions(d *municat.Dataset) []string {
	var out []string
	for _, dist := range d.Distributions {
		f := dist.Format
		if f == "" {
			f = "-"
		}
		if dist.DownloadURL != "" {
			if dist.DownloadURL != dist.AccessURL {
				f += " (download " + dist.DownloadURL + ")"
			}
			f = "DL " + f
		}
		out = append(out, f+" "+dist.AccessURL)
	}
	return out
}

func stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func same(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %q\n want %q", what, got, want)
	}
}

// Values shared by the records of the fixtures.
var (
	fisKeywords = []string{"open data", "opendata", "Karten", "Geodaten", "Berlin", "LoD2", "LoD", "Gebäude", "Gebäudemodell", "Stadtmodell", "3D", "Dachform", "3D-Daten"}
	koehn       = municat.Contact{Name: "Hr. Köhn", Email: "thomas.koehn@sensw.berlin.de", Phone: "+49-30-90139-5236"}
	berlinBox   = &municat.BoundingBox{West: 13.079, South: 52.3284, East: 13.7701, North: 52.6877}

	ddtm80       = "DDTM 80 (Direction Départementale des Territoires et de la Mer de la Somme)"
	ddtm80Mail   = "ddtm-sap-bsig@somme.gouv.fr"
	ddtm80Phone  = "0364572400"
	somme        = []string{"département de la Somme, Département de la Somme"}
	ouverte      = "http://www.data.gouv.fr/Licence-Ouverte-Open-Licence"
	pluAbstract  = "Le présent standard de données COVADIS concerne les documents de plans locaux d'urbanisme (PLU)"
	catalogPage  = "http://catalogue.geo-ide.developpement-durable.gouv.fr/catalogue/srv/fre/catalog.search#/metadata/"
	atom         = "http://atom.geo-ide.developpement-durable.gouv.fr/"
	covadis      = "- http://geostandards.developpement-durable.gouv.fr/afficherPageStandard.do?lot=Plan-local-d-urbanisme-v2.0"
	archiveCab   = atom + "atomArchive/GetResource?id=fr-120066022-ldd-cab63273-b3ae-4e8a-ae1c-6192e45faa94&datasetAggregate=true"
	archive9ac   = atom + "atomArchive/GetResource?id=fr-120066022-ldd-9acf7f5f-edfa-4fc7-82a7-85aabb9650e7&datasetAggregate=true"
	serviceF05   = "- " + atom + "atomMetadata/GetResourceDescription?id=fr-120066022-orphan-residentifier-f05dc5c6-3a6f-4169-9980-40e6e31d0557&scope=INTERNET"
	service8f1   = "- " + atom + "atomMetadata/GetResourceDescription?id=fr-120066022-orphan-residentifier-8f174fa7-7fcc-4784-b062-dccdd30c9f2e&scope=INTERNET"
	ddtm80Contac = municat.Contact{Name: ddtm80, Email: ddtm80Mail, Phone: ddtm80Phone}
)

// pluKeywords are the keywords of the PLU records of the Somme, with the
// commune's name.
func pluKeywords(commune string, before bool) []string {
	kw := []string{"Aménagement Urbanisme/Zonages Planification", "Usage des sols"}
	if before {
		kw = append(kw, commune, "document d'urbanisme")
	} else {
		kw = append(kw, "document d'urbanisme", commune)
	}
	return append(kw, "plu", "données ouvertes")
}

// pluDownloads are the download and service links of a PLU record for
// the resource identifier res.
func pluDownloads(res string) []string {
	return []string{
		"DL TAB https://atom.geo-ide.developpement-durable.gouv.fr/atomArchive/GetResource?id=fr-120066022-orphan-residentifier-" + res + "&dataType=datasetAggregate",
		"DL TAB https://atom.geo-ide.e2.rie.gouv.fr/atomArchive/GetResource?id=fr-120066022-orphan-residentifier-" + res + "&dataType=datasetAggregate",
		"- https://ogc.geo-ide.developpement-durable.gouv.fr/wxs?map=/opt/data/carto/geoide-catalogue/1.4/org_38100/fr-120066022-orphan-residentifier-" + res + ".internet.map",
		"- https://ogc.geo-ide.e2.rie.gouv.fr/wxs?map=/opt/data/carto/geoide-catalogue/1.4/org_38100/fr-120066022-orphan-residentifier-" + res + ".intranet.map",
	}
}

// plu returns the expectation of a PLU record of the Somme.
func plu(id, commune, res, modified string, access string, kwBefore bool, links ...string) expect {
	return expect{
		id: id, lang: "fr", title: "Plan local d'urbanisme de la commune de " + commune, description: pluAbstract,
		keywords: pluKeywords(strings.ToLower(commune), kwBefore), themes: []string{"REGI"},
		publisher: ddtm80, publisherEmail: ddtm80Mail, contact: ddtm80Contac,
		license: ouverte, access: access, names: somme,
		issued: "2017-10-07T00:00:00Z", modified: modified, langs: []string{"fr"},
		landing: catalogPage + id, dists: append(links, pluDownloads(res)...),
		otherIDs: []string{"fr-120066022-orphan-residentifier-" + res},
	}
}

// geonetworkRecords are the six records of the GeoNetwork sequence, by
// file identifier, read from geonetwork-iso19139-page-1/-3/-5.xml.
var geonetworkRecords = []expect{
	// Page 1. Its access statement cites Article 13.1.d of INSPIRE: restricted.
	plu("fr-120066022-ldd-56fce164-04b2-41ae-be87-9f256f39dd44", "Cartigny", "140d31c6-643d-42a9-85df-2737a118e144",
		"2019-03-25T22:55:41.312+01:00", municat.AccessRestricted, true,
		"DL TAB "+archiveCab, "- "+archive9ac, serviceF05, service8f1, covadis),
	plu("fr-120066022-ldd-777b1c6b-36a7-4650-befa-e4be638cd694", "Flesselles", "6cf6120b-678c-41f1-aaa5-dccbb8efdafd",
		"2019-03-25T22:58:02.431+01:00", municat.AccessPublic, false,
		"- "+archive9ac, covadis, service8f1, "- "+archiveCab, serviceF05),
	// Page 3.
	{
		id: "fr-120066022-jdd-585c9cd3-d542-407a-b6a5-885f062b0024", lang: "fr",
		title:       "Table contenant les générateurs surfaciques liés aux servitudes de la catégorie JS1 en Pas-de-Calais",
		description: "Titre : Table contenant les générateurs surfaciques liés aux servitudes de la catégorie JS1 en Pas-de-Calais",
		keywords:    []string{"Aménagement Urbanisme/Assiette Servitude", "données ouvertes"}, themes: []string{"REGI"},
		publisher: "DDTM 62 (Direction départementale des territoires et de la mer du Pas-de-Calais)", publisherEmail: "ddtm-mcsig@pas-de-calais.gouv.fr",
		contact: municat.Contact{Name: "DDTM 62 (Direction départementale des territoires et de la mer du Pas-de-Calais)", Email: "ddtm-mcsig@pas-de-calais.gouv.fr", Phone: "0321229999"},
		license: "https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf", access: municat.AccessPublic,
		names: []string{"PAS-DE-CALAIS"}, uris: []string{"http://id.insee.fr/geo/departement/62"},
		issued: "2021-06-18T00:00:00Z", modified: "2021-11-19T00:00:00Z", langs: []string{"fr"},
		landing: catalogPage + "fr-120066022-jdd-585c9cd3-d542-407a-b6a5-885f062b0024",
		dists: []string{
			"DL SHP https://atom.geo-ide.developpement-durable.gouv.fr/atomArchive/GetResource?id=242416db-3527-42f5-b452-7e3a8db6f1fb&dataType=dataset",
			"DL SHP https://atom.geo-ide.e2.rie.gouv.fr/atomArchive/GetResource?id=242416db-3527-42f5-b452-7e3a8db6f1fb&dataType=dataset",
			"- https://ogc.geo-ide.developpement-durable.gouv.fr/wxs?map=/opt/data/carto/geoide-catalogue/1.4/org_38066/242416db-3527-42f5-b452-7e3a8db6f1fb.internet.map",
			"- https://ogc.geo-ide.e2.rie.gouv.fr/wxs?map=/opt/data/carto/geoide-catalogue/1.4/org_38066/242416db-3527-42f5-b452-7e3a8db6f1fb.intranet.map",
		},
		otherIDs: []string{"242416db-3527-42f5-b452-7e3a8db6f1fb"},
	},
	plu("fr-120066022-ldd-05ba3a8c-ee8a-4dd5-a86a-15b6d6cd1bc8", "Longueau", "8c59d4e1-0f15-4683-87df-766b5c2ce556",
		"2019-03-25T23:00:14.542+01:00", municat.AccessPublic, false,
		serviceF05, covadis, "- "+archiveCab, "- "+archive9ac, service8f1),
	// Page 5.
	plu("fr-120066022-ldd-3f4cc8c8-5c3e-4a0e-8b56-0a569a7e12f6", "Combles", "c46794fd-005d-499a-9a9b-0627761d31a4",
		"2019-03-25T22:56:15.973+01:00", municat.AccessPublic, true,
		"- "+archive9ac, serviceF05, covadis, "- "+archiveCab, service8f1),
	plu("fr-120066022-ldd-1d31b525-5f0e-4fd2-8ab4-cad099333b5c", "Naours", "cf8a3094-17b8-4929-b303-980d96563395",
		"2019-03-25T23:01:28.089+01:00", municat.AccessPublic, false,
		covadis, "- "+archiveCab, serviceF05, service8f1, "- "+archive9ac),
}

// fisBrokerRecords are the records of fisbroker_csw_getrecords_01.xml:
// a WMS service record, its dataset and an application record.
var fisBrokerRecords = []expect{
	{
		id: "f2a8a483-74b9-3c7d-9b40-113c60a55c9e", lang: "de", title: "3D-Gebäudemodelle im Level of Detail 2 (LoD 2)",
		description: "Der Datensatz enthält flächendeckend die dreidimensionalen Gebäudemodelle des Landes Berlin im Level of Detail 2 (LoD2).",
		keywords:    fisKeywords,
		publisher:   "Senatsverwaltung für Stadtentwicklung und Wohnen Berlin", publisherEmail: "thomas.koehn@sensw.berlin.de", contact: koehn,
		license: "dl-by-de/2.0", access: municat.AccessPublic, bbox: berlinBox,
		issued: "2019-03-01T00:00:00Z", modified: "2019-03-01T00:00:00Z",
		dists:    []string{"WMS_SRVC https://fbinter.stadt-berlin.de/fb/wms/senstadt/lod2"},
		otherIDs: []string{"https://registry.gdi-de.org/id/de.be.csw/8d9a9ad8-cf20-3938-b1b3-8f6aef6d0948"},
	},
	{
		id: "8a7ea996-7955-4fbb-8980-7be09be6f193", lang: "de", title: "3D-Gebäudemodelle im Level of Detail 2 (LoD 2)",
		description: "Der Datensatz enthält flächendeckend die dreidimensionalen Gebäudemodelle des Landes Berlin im Level of Detail 2 (LoD2).",
		keywords:    fisKeywords, themes: []string{"TECH"}, // imageryBaseMapsEarthCover
		publisher: "Senatsverwaltung für Stadtentwicklung und Wohnen Berlin", publisherEmail: "thomas.koehn@sensw.berlin.de", contact: koehn,
		license: "dl-by-de/2.0", access: municat.AccessPublic, bbox: berlinBox,
		issued: "2019-03-01T00:00:00Z", modified: "2019-03-01T00:00:00Z", langs: []string{"de"},
		otherIDs: []string{"https://registry.gdi-de.org/id/de.be.csw/05377e9a-5223-3973-bbe8-95302abd3034"},
	},
	{
		id: "aac23975-94e4-3707-96fa-e447e43d6013", lang: "de", title: "3D-Stadtmodell Berlin",
		description: "Der Aufbau und die Nutzung eines virtuellen 3D-Stadtmodells für das Land Berlin",
		keywords:    []string{"Wirtschaftsberatung", "Standortvermarktung", "Geodaten", "Geoinformationen"},
		publisher:   "Senatsverwaltung für Wirtschaft, Technologie und Forschung", publisherEmail: "oliver.fiedler@senwtf.berlin.de",
		contact: municat.Contact{Name: "Hr. Fiedler", Email: "oliver.fiedler@senwtf.berlin.de", Phone: "++49-30-9013-8305"},
		// accessConstraints copyright, license, intellectualPropertyRights
		// restrict the use, not the access; the terms are "not yet
		// formulated": no licence.
		bbox:     &municat.BoundingBox{West: 12.9709, South: 52.3005, East: 13.8109, North: 52.6954},
		modified: "2010-07-06T00:00:00Z", langs: []string{"de"},
		otherIDs: []string{"https://registry.gdi-de.org/id/de.be.csw/46420d3f-1869-3ef8-aa52-713bfcce7a45"},
	},
}

// inspireRecords are the two service records of
// inspire-getrecords-response.xml.
var inspireRecords = []expect{
	{
		id: "8dad9c98-0512-4845-a2bf-3ace1c93df6f", lang: "en", title: "SUVIM station network WMS",
		description: "The Solar Ultraviolet - Visible Irradiance Monitoring network (SUVIM)",
		keywords: []string{"Science and technology", "Reporting INSPIRE", "Meteorology, weather and radiation conditions", "National",
			"infoMapAccessService", "atmospheric monitoring", "cancer risk", "carcinogenicity", "dose-effect relationship",
			"environmental health", "environmental quality", "ozone layer", "radiation", "solar radiation",
			"stratospheric ozone depletion", "ultraviolet radiation", "solar_irradiance", "atmosphere_mole_content_of_ozone",
			"erythemal dose", "direct solar irradiance", "UV-A", "UV-B", "global UV index", "UV radiation",
			"Atmospheric conditions", "Environmental monitoring facilities", "Human health and safety", "antarctica",
			"Belgium", "Luxembourg", "Federal viewer", "federal government"},
		// data.gov.be theme TECH; INSPIRE themes ac, ef → ENVI, hh → HEAL.
		themes:    []string{"TECH", "ENVI", "HEAL"},
		publisher: "Nationales geographisches Institut", publisherEmail: "products@ngi.be",
		contact: municat.Contact{Name: "Nationales geographisches Institut", Email: "products@ngi.be", URL: "http://www.ngi.be"},
		access:  municat.AccessPublic,
		issued:  "1993-03-29T00:00:00Z", modified: "2024-07-05T13:35:37Z", langs: []string{"en"},
		dists: []string{
			"WMS_SRVC https://wms.ngi.be/inspire/aeronomie/service?request=GetCapabilities&service=WMS&version=1.3.0",
			"WMS_SRVC https://wms.ngi.be/inspire/aeronomie/service",
		},
		otherIDs:   []string{"4f8bbdee-f02a-4050-9309-8aa6538ec8cc"},
		conformsTo: []string{"http://data.europa.eu/eli/reg/2009/976"},
	},
	{
		id: "eeae2de7-0a09-4b69-b7a0-0b6b20903fd5", lang: "de", title: "CSW Suchdienst der ZAMG",
		description: "INSPIRE Suchdienst (discovery service) der Zentralanstalt für Meteorologie und Geodynamik",
		keywords:    []string{"humanCatalogueViewer", "Atmosphärische Bedingungen", "Meteorologisch-geografische Kennwerte", "INSPIRE Service", "National"},
		themes:      []string{"ENVI"}, // INSPIRE themes ac and mf
		publisher:   "ZAMG - Zentralanstalt für Meteorologie und Geodynamik", publisherEmail: "inspire-md@zamg.ac.at",
		contact: municat.Contact{Name: "ZAMG - Zentralanstalt für Meteorologie und Geodynamik", Email: "inspire-md@zamg.ac.at"},
		access:  municat.AccessPublic,
		bbox:    &municat.BoundingBox{West: 9.53357, South: 46.40749, East: 17.16639, North: 49.01875},
		issued:  "2013-10-31T00:00:00Z", modified: "2020-11-20T00:00:02Z", langs: []string{"de"},
		dists: []string{"- http://catalog.zamg.ac.at/geonetwork/srv/ger/csw-inspire?SERVICE=CSW&VERSION=2.0.2&REQUEST=GetCapabilities&language=ger"},
	},
}

// TestGeoNetworkRecords harvests the real three-page GeoNetwork sequence
// and checks every record field by field.
func TestGeoNetworkRecords(t *testing.T) {
	srv := newServer(t, map[int][]byte{1: MustFixture(t, geoPage1), 3: MustFixture(t, geoPage3), 5: MustFixture(t, geoPage5)})
	got, err := fetch(t, quick(), srv.URL+"/csw", map[string]string{"page_size": "2"})
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if len(got.Records) != len(geonetworkRecords) {
		t.Fatalf("%d records, want %d", len(got.Records), len(geonetworkRecords))
	}
	for i, e := range geonetworkRecords {
		t.Run(e.id, func(t *testing.T) {
			if got.Records[i].RemoteID != e.id {
				t.Fatalf("record %d is %s, want %s", i, got.Records[i].RemoteID, e.id)
			}
			e.check(t, got.Records[i], srv.URL+"/csw")
		})
	}
}

// TestFISBrokerRecords harvests the FIS-Broker page. Its application
// record is left out by default and mapped when the source asks for
// applications.
func TestFISBrokerRecords(t *testing.T) {
	srv := newServer(t, map[int][]byte{1: MustFixture(t, fisBroker)})
	got, err := fetch(t, quick(), srv.URL+"/csw", nil)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if len(got.Records) != 2 {
		t.Fatalf("%d records, want the service and the dataset", len(got.Records))
	}
	for i, e := range fisBrokerRecords[:2] {
		t.Run(e.id, func(t *testing.T) { e.check(t, got.Records[i], srv.URL+"/csw") })
	}
	if _, ok := got.AllByID[fisBrokerRecords[2].id]; ok {
		t.Error("the application record is listed, want it left out")
	}

	all, err := fetch(t, quick(), srv.URL+"/csw", map[string]string{"hierarchy_levels": "dataset, service, application"})
	if err != nil {
		t.Fatalf("Fetch with applications: %v", err)
	}
	if len(all.Records) != 3 {
		t.Fatalf("%d records with applications, want 3", len(all.Records))
	}
	t.Run(fisBrokerRecords[2].id, func(t *testing.T) { fisBrokerRecords[2].check(t, all.Records[2], srv.URL+"/csw") })
}

// TestINSPIRERecords maps the two records of the INSPIRE page, which is
// served as the last page of a listing of 2 records here: the page itself
// claims 216 (see TestFetchINSPIREIncomplete).
func TestINSPIRERecords(t *testing.T) {
	body := strings.Replace(string(MustFixture(t, inspire)), `numberOfRecordsMatched="216" numberOfRecordsReturned="2" elementSet="full" nextRecord="85"`,
		`numberOfRecordsMatched="2" numberOfRecordsReturned="2" elementSet="full" nextRecord="0"`, 1)
	if !strings.Contains(body, `nextRecord="0"`) {
		t.Fatal("fixture changed: no search results to rewrite")
	}
	srv := newServer(t, map[int][]byte{1: []byte(body)})
	got, err := fetch(t, quick(), srv.URL+"/csw", nil)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if len(got.Records) != len(inspireRecords) {
		t.Fatalf("%d records, want %d", len(got.Records), len(inspireRecords))
	}
	for i, e := range inspireRecords {
		t.Run(e.id, func(t *testing.T) { e.check(t, got.Records[i], srv.URL+"/csw") })
	}
	// PT_FreeText translations: the title in four languages, the
	// publisher's name in English and German.
	d := got.Records[0].Dataset
	want := municat.Text{"en": "SUVIM station network WMS", "fr": "SUVIM station network WMS", "nl": "SUVIM station network WMS", "de": "SUVIM station network WMS"}
	if !reflect.DeepEqual(d.Title, want) {
		t.Errorf("title %v, want %v", d.Title, want)
	}
	if n := d.Publisher.Name; n["en"] != "National Geographic Institute" || n["fr"] != "Institut géographique national" || d.Publisher.Homepage != "http://www.ngi.be" {
		t.Errorf("publisher %+v", d.Publisher)
	}
	if c := d.Custodian; c == nil || c.Name["nl"] != "Nationaal Geografisch Instituut" {
		t.Errorf("custodian %+v", c)
	}
	if desc := d.Distributions[0].Description; desc["en"] != "View service" || desc["de"] != "Darstellungsdienste" {
		t.Errorf("distribution description %v", desc)
	}
}

// TestPageBodies checks each page is emitted as fetched, as XML.
func TestPageBodies(t *testing.T) {
	pages := map[int][]byte{1: MustFixture(t, geoPage1), 3: MustFixture(t, geoPage3), 5: MustFixture(t, geoPage5)}
	srv := newServer(t, pages)
	got, err := fetch(t, quick(), srv.URL+"/csw", map[string]string{"page_size": "2"})
	if err != nil {
		t.Fatal(err)
	}
	for i, start := range []int{1, 3, 5} {
		p := got.Pages[i]
		if string(p.Body) != string(pages[start]) || p.Ext != "xml" || p.ContentType != "application/xml;charset=UTF-8" {
			t.Errorf("page %d: %d bytes, ext %q, type %q; want the fixture as served", i+1, len(p.Body), p.Ext, p.ContentType)
		}
		if want := fmt.Sprintf("startPosition=%d", start); !strings.Contains(p.URL, want) {
			t.Errorf("page %d URL %s, want %s", i+1, p.URL, want)
		}
	}
}
