package dcat_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/rdf"
)

func mustParse(tb testing.TB, f rdf.Format, doc string) *rdf.Graph {
	tb.Helper()
	g, err := rdf.Parse(strings.NewReader(doc), f, "http://base.example/")
	if err != nil {
		tb.Fatalf("parse: %v", err)
	}
	return g
}

const ttlPrefixes = `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix locn: <http://www.w3.org/ns/locn#> . @prefix schema: <http://schema.org/> . @prefix time: <http://www.w3.org/2006/time#> .
@prefix dcatde: <http://dcat-ap.de/def/dcatde/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix gsp: <http://www.opengis.net/ont/geosparql#> . @prefix adms: <http://www.w3.org/ns/adms#> .
`

// TestImportTolerant feeds the variants real catalogues use.
func TestImportTolerant(t *testing.T) {
	g := mustParse(t, rdf.Turtle, ttlPrefixes+`
<http://ex.org/d1> a dcat:Dataset ;
  dct:title "Bäume" , "Trees"@en-GB ; dct:description "Alle Bäume"@de-DE ;
  dct:language "ger" , <http://id.loc.gov/vocabulary/iso639-1/en> ;
  dcat:theme "umwelt_klima" , <http://publications.europa.eu/resource/authority/data-theme/envi> , "bildung_wissenschaft" ;
  dct:publisher "Stadt Beispiel" ;
  dcatde:maintainer [ foaf:name "Grünamt" ] ;
  dcat:contactPoint [ vcard:fn "Amt" ; vcard:hasEmail "amt@ex.org" ; vcard:hasTelephone [ vcard:hasValue <tel:+49-1> ] ] ;
  dct:accrualPeriodicity <http://purl.org/cld/freq/annual> ;
  dct:accessRights "öffentlich" ;
  dct:issued "2020"^^xsd:gYear ; dct:modified "2021-05-06T07:08:09" ;
  dct:spatial [ a dct:Location ; locn:geometry "{\"type\":\"Polygon\",\"coordinates\":[[[6.1,50.1],[6.5,50.1],[6.5,50.4],[6.1,50.4],[6.1,50.1]]]}"^^<https://www.iana.org/assignments/media-types/application/vnd.geo+json> ] ,
              "Beispielstadt" , <http://sws.geonames.org/1/> ;
  dcatde:politicalGeocodingURI <http://dcat-ap.de/def/politicalGeocoding/municipalityKey/01234567> ;
  dcatde:politicalGeocodingLevelURI <http://dcat-ap.de/def/politicalGeocoding/Level/municipality> ;
  dcatde:contributorID "stadtBeispiel" ;
  dct:temporal [ schema:startDate "2019-01-01"^^xsd:date ; time:hasEnd [ time:inXSDDate "2019-12-31"^^xsd:date ] ] ;
  adms:identifier [ adms:notation "x" ; <http://www.w3.org/2004/02/skos/core#notation> "ID-1" ] ;
  dcat:distribution [ dcat:accessURL "https://ex.org/a.csv" ; dct:format "csv" ; dct:license "CC-BY-4.0" ;
     dcat:byteSize "42.0"^^xsd:decimal ; dcatde:plannedAvailability <http://dcat-ap.de/def/plannedAvailability/stable> ;
     adms:status <http://purl.org/adms/status/Completed> ] ,
   [ dcat:downloadURL <https://ex.org/b.json> ; dct:format <http://publications.europa.eu/resource/authority/file-type/JSON> ;
     dcat:mediaType "application/json; charset=utf-8" ; dct:license <https://www.dcat-ap.de/def/licenses/dl-by-de/2.0/> ] .
`)
	recs := dcat.Import(g)
	if len(recs) != 1 {
		t.Fatalf("got %d records", len(recs))
	}
	d := recs[0].Dataset
	check := func(name string, got, want any) {
		t.Helper()
		if !equalJSON(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("title", d.Title, municat.Text{"de": "Bäume", "en": "Trees"})
	check("description", d.Description, municat.Text{"de": "Alle Bäume"})
	check("languages", d.Languages, []string{"de", "en"})
	check("themes", d.Themes, []string{"ENVI", "EDUC", "TECH"})
	check("publisher", d.Publisher, &municat.Agent{Name: municat.Text{"de": "Stadt Beispiel"}})
	check("custodian", d.Custodian, &municat.Agent{Name: municat.Text{"de": "Grünamt"}})
	check("contact", d.ContactPoint, &municat.Contact{Name: "Amt", Email: "amt@ex.org", Phone: "+49-1"})
	check("frequency", d.Frequency, "ANNUAL")
	check("access", d.AccessRights, "PUBLIC")
	check("issued", d.Issued.Format(time.RFC3339), "2020-01-01T00:00:00Z")
	check("modified", d.Modified.Format(time.RFC3339), "2021-05-06T07:08:09Z")
	check("spatial", d.Spatial, &municat.Spatial{Names: []string{"Beispielstadt"},
		URIs: []string{"http://sws.geonames.org/1/", "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/01234567"},
		BBox: &municat.BoundingBox{West: 6.1, South: 50.1, East: 6.5, North: 50.4}})
	check("level", d.PoliticalGeocodingLevel, "municipality")
	check("contributors", d.ContributorIDs, []string{"stadtBeispiel"})
	check("temporal start", d.Temporal.Start.Format(time.DateOnly), "2019-01-01")
	check("temporal end", d.Temporal.End.Format(time.DateOnly), "2019-12-31")
	check("other ids", d.OtherIdentifiers, []string{"ID-1"})
	check("license", d.License, "cc-by/4.0")
	if len(d.Distributions) != 2 {
		t.Fatalf("distributions: %d", len(d.Distributions))
	}
	a, b := d.Distributions[0], d.Distributions[1]
	check("a.format", a.Format, "CSV")
	check("a.license", a.License, "")
	check("a.size", a.ByteSize, int64(42))
	check("a.availability", a.Availability, "STABLE")
	check("a.status", a.Status, "COMPLETED")
	check("b.format", b.Format, "JSON")
	check("b.media", b.MediaType, "application/json")
	check("b.license", b.License, "dl-by-de/2.0")
	check("b.access", b.AccessURL, "")
	check("b.download", b.DownloadURL, "https://ex.org/b.json")
	if a.ID == "" || b.ID == "" || a.ID == b.ID {
		t.Errorf("distribution ids %q, %q", a.ID, b.ID)
	}
}

func TestImportSeriesAndEmpty(t *testing.T) {
	g := mustParse(t, rdf.Turtle, ttlPrefixes+`
<http://ex.org/s> a dcat:DatasetSeries , dcat:Dataset ; dct:title "Reihe" .
_:b a dcat:Dataset .
<http://ex.org/x> a dcat:Catalog ; dct:title "kein Datensatz" .`)
	recs := dcat.Import(g)
	if len(recs) != 2 || recs[0].IRI != "http://ex.org/s" || recs[0].Dataset.Title["de"] != "Reihe" || !recs[1].Dataset.Title.IsEmpty() {
		t.Fatalf("got %+v", recs)
	}
	if dcat.Import(nil) != nil || dcat.Import(rdf.NewGraph()) != nil {
		t.Error("empty graphs should give no records")
	}
}

// TestImportFixtures reads real catalogues from other portals.
func TestImportFixtures(t *testing.T) {
	for _, c := range []struct {
		file    string
		count   int
		titles  []string
		license string // of the first dataset
	}{
		{"catalog-endpoint.rdf", 6, []string{"Titel", "Aktuelle Ausschreibungen nach VOL, VOB, VOF oder für Interessenbekundungsverfahren"}, "dl-by-de/2.0"},
		{"datagouv_vanves_catalog.rdf", 2, []string{"Bureaux de vote - Vanves"}, ""},
		{"dataset_gob_es.ttl", 1, []string{"Estudio de Satisfacción con el Programa de Escuelas Municipales de Promoción Deportiva en centros escolares"}, "https://datos.madrid.es/egob/catalogo/aviso-legal"},
		{"dataset_gov_de.rdf", 1, []string{"Liefer- und Abholservices (Gastronomie)"}, "cc-zero"},
		{"dcat_ap_de-RefImp_JSONLD_ADVANCED.jsonld", 2, []string{"Gebietsgrenzen Polizeikommissariate", "Badegewässer in Hamburg"}, "dl-by-de/2.0"},
	} {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join("..", "testdata", "fixtures", "dcat", c.file)
			f, err := os.Open(path)
			if err != nil {
				t.Skipf("fixture missing: %v", err)
			}
			defer f.Close()
			format, _ := rdf.FormatFromExt(c.file)
			g, err := rdf.Parse(f, format, "http://base.example/")
			if err != nil {
				t.Fatal(err)
			}
			recs := dcat.Import(g)
			if len(recs) != c.count {
				t.Fatalf("%d datasets, want %d", len(recs), c.count)
			}
			for i, title := range c.titles {
				if got := recs[i].Dataset.Title.String(); got != title {
					t.Errorf("title %d = %q, want %q", i, got, title)
				}
			}
			if got := recs[0].Dataset.License; got != c.license {
				t.Errorf("licence = %q, want %q", got, c.license)
			}
			for _, r := range recs {
				d := r.Dataset
				d.ID = "x"
				if err := d.Validate(); err != nil && strings.Contains(err.Error(), "title") && !d.Title.IsEmpty() {
					t.Errorf("%s: %v", r.IRI, err)
				}
			}
		})
	}
}

func TestImportFixtureDetails(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "testdata", "fixtures", "dcat", "dataset_gov_de.rdf"))
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	g, err := rdf.Parse(f, rdf.RDFXML, "")
	if err != nil {
		t.Fatal(err)
	}
	d := dcat.Import(g)[0].Dataset
	if got := d.Formats(); !equalJSON(got, []string{"GEOJSON", "WMS_SRVC", "WFS_SRVC", "XLSX", "CSV", "GML", "KML"}) {
		t.Errorf("formats %v", got)
	}
	if len(d.Distributions) != 9 || d.Themes[0] != "ECON" || d.Languages[0] != "de" || d.ContactPoint.Email != "geodienste@rostock.de" {
		t.Errorf("dataset: %+v", d)
	}
	if d.Spatial == nil || d.Spatial.BBox == nil || !contains(d.Spatial.URIs, "http://dcat-ap.de/def/politicalGeocoding/regionalKey/130030000000") {
		t.Errorf("spatial: %+v", d.Spatial)
	}
}

// equalJSON compares two values by their JSON form.
func equalJSON(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}
