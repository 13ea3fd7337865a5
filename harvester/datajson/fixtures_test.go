package datajson_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/fetchtest"
)

// arcgisItem is the identifier ArcGIS Hub gives an item's layer.
func arcgisItem(item, layer string) string {
	id := "https://www.arcgis.com/home/item.html?id=" + item
	if layer != "" {
		id += "&sublayer=" + layer
	}
	return id
}

const hub = "https://ville-d-evian-opendata-ville-evian.hub.arcgis.com"

// evianMap is what one map layer of the Evian fixture should become; the
// values were read from the file by hand.
type evianMap struct {
	item, layer, title, description, keyword, publisher, license string
	issued, modified                                             string
	bbox                                                         municat.BoundingBox
	service                                                      string
}

var evianMaps = []evianMap{
	{"f6565516d1354383b25793e630cf3f2b", "5", "stationnement velos", "Emplacement et description des stationnement vélos à Evian-les-Bains", "mobilite", "Ville d'Evian-les-Bains",
		"https://www.etalab.gouv.fr/licence-ouverte-open-licence/", "2022-07-29T10:07:13Z", "2022-07-29T11:29:07.556Z",
		municat.BoundingBox{West: 6.5735, South: 46.3912, East: 6.6069, North: 46.4028}, "stationnement_velo/FeatureServer/5"},
	{"cb6aa94ccb21492396e799d1ad282c02", "8", "poubelles", "Emplacement et description des poubelles à Evian-les-Bains", "environnement", "Ville d'Evian-les-Bains",
		"https://www.etalab.gouv.fr/licence-ouverte-open-licence/", "2022-07-29T09:08:13Z", "2022-07-29T11:33:36.369Z",
		municat.BoundingBox{West: 6.5658, South: 46.3835, East: 6.6141, North: 46.4047}, "poubelles/FeatureServer/8"},
	{"b7c181ff568344daae2a77bafbcc7225", "0", "defibrillateurs", "défibrillateur", "sante", "Mairie Evian-les-Bains",
		"Soumis à la licence Etalab", "2022-07-29T10:07:44Z", "2023-03-13T14:34:36.923Z",
		municat.BoundingBox{West: 6.5664, South: 46.3889, East: 6.6088, North: 46.4039}, "defibrillateurs/FeatureServer/0"},
	{"dcc09451ea4f4c1398584374120137a0", "6", "places de marche", "Zone et description des emplacements du marché à Evian-les-Bains", "environnement", "Ville d'Evian-les-Bains",
		"", "2022-07-29T10:06:57Z", "2024-02-09T14:33:50.766Z",
		municat.BoundingBox{West: 6.5873, South: 46.4006, East: 6.5889, North: 46.4020}, "place_de_marche/FeatureServer/6"},
	{"94a712dd0d1747c1b899a58f927a2566", "4", "places PMR", "Emplacement et description des places PMR", "mobilite", "Ville Evian-les-Bains",
		"", "2022-07-29T09:09:31Z", "2022-08-23T11:34:50.466Z",
		municat.BoundingBox{West: 6.5662, South: 46.3885, East: 6.6130, North: 46.4045}, "places_PMR/FeatureServer/4"},
}

func TestEvianMapLayers(t *testing.T) {
	srv := newServer(t, MustReadFixture(t, evianFixture))
	got, err := fetch(t, srv.URL+"/data.json", map[string]string{"language": "fr"})
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if len(got.IDs) != 8 || len(got.Errs) != 0 {
		t.Fatalf("%d records and %d errors, want 8 and 0", len(got.IDs), len(got.Errs))
	}
	for _, want := range evianMaps {
		id := arcgisItem(want.item, want.layer)
		rec, ok := got.ByID[id]
		if !ok {
			t.Errorf("no record %s", id)
			continue
		}
		fetchtest.MustValidate(t, rec)
		d := rec.Dataset
		landing := hub + "/maps/" + want.item + "_" + want.layer
		check := func(field, got, exp string) {
			t.Helper()
			if got != exp {
				t.Errorf("%s: %s = %q, want %q", id, field, got, exp)
			}
		}
		check("title", d.Title["fr"], want.title)
		check("description", d.Description["fr"], want.description)
		check("identifier", d.Identifier, id)
		check("landing page", d.LandingPage, landing)
		check("link", rec.Link, landing)
		check("publisher", d.Publisher.Name["fr"], want.publisher)
		check("licence", d.License, want.license)
		check("access rights", d.AccessRights, municat.AccessPublic)
		check("issued", d.Issued.Format(time.RFC3339Nano), want.issued)
		check("modified", d.Modified.Format(time.RFC3339Nano), want.modified)
		if d.ContactPoint == nil || d.ContactPoint.Name != "sigevian" || d.ContactPoint.Email != "" {
			t.Errorf("%s: contact %+v, want sigevian without address", id, d.ContactPoint)
		}
		if !slices.Equal(d.Keywords, []string{want.keyword, "geospatial"}) || len(d.Themes) != 0 {
			t.Errorf("%s: keywords %v themes %v, want [%s geospatial] and none", id, d.Keywords, d.Themes, want.keyword)
		}
		if d.Spatial == nil || d.Spatial.BBox == nil || *d.Spatial.BBox != want.bbox || len(d.Spatial.Names) != 0 {
			t.Errorf("%s: spatial %+v, want bbox %+v", id, d.Spatial, want.bbox)
		}
		download := hub + "/api/download/v1/items/" + want.item + "/%s?layers=" + want.layer
		wantDists := []distWant{
			{"ArcGIS Hub Dataset", landing, "HTML", "text/html"},
			{"ArcGIS GeoService", "https://services.arcgis.com/Hbks8qlTugfLqQka/arcgis/rest/services/" + want.service, "MAP_SRVC", "application/json"},
			{"CSV", fmt.Sprintf(download, "csv"), "CSV", "text/csv"},
			{"GeoJSON", fmt.Sprintf(download, "geojson"), "GEOJSON", "application/vnd.geo+json"},
			{"Shapefile", fmt.Sprintf(download, "shapefile"), "ZIP", "application/zip"},
			{"KML", fmt.Sprintf(download, "kml"), "KML", "application/vnd.google-earth.kml+xml"},
		}
		checkDists(t, d, "fr", wantDists)
	}
}

func TestEvianDocuments(t *testing.T) {
	srv := newServer(t, MustReadFixture(t, evianFixture))
	got, err := fetch(t, srv.URL+"/data.json", nil)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	for _, want := range []struct {
		item, landing, title, issued string
		keywords                     []string
		dists                        []distWant
	}{
		{"92a676a42a864c4baf58856e445b6d41", hub + "/documents/92a676a42a864c4baf58856e445b6d41_1231", "Publication actes dématérialisés", "2023-10-30T08:48:06Z",
			[]string{"OpenData", "geospatial"}, []distWant{
				{"ArcGIS Hub Dataset", hub + "/documents/92a676a42a864c4baf58856e445b6d41_1231", "HTML", "text/html"},
				{"ArcGIS GeoService", "https://publiact.fr/company/1231", "MAP_SRVC", "application/json"},
			}},
		{"856b7eb926a14f4cb34d95597bafb610", hub + "/documents/856b7eb926a14f4cb34d95597bafb610", "Carte piéton concertation", "2022-07-25T14:30:43Z",
			[]string{"evian", "mobilite", "geospatial"}, []distWant{{"ArcGIS Hub Dataset", hub + "/documents/856b7eb926a14f4cb34d95597bafb610", "HTML", "text/html"}}},
		{"8acd3deee8d042538e21925d0640f199", hub + "/documents/8acd3deee8d042538e21925d0640f199", "Carte vélo finale", "2022-07-25T14:30:41Z",
			[]string{"evian", "mobilite", "geospatial"}, []distWant{{"ArcGIS Hub Dataset", hub + "/documents/8acd3deee8d042538e21925d0640f199", "HTML", "text/html"}}},
	} {
		id := arcgisItem(want.item, "")
		rec, ok := got.ByID[id]
		if !ok {
			t.Errorf("no record %s", id)
			continue
		}
		fetchtest.MustValidate(t, rec)
		d := rec.Dataset
		if d.Title["de"] != want.title || d.LandingPage != want.landing || rec.Link != want.landing {
			t.Errorf("%s: title %q landing %q link %q, want %q and %q", id, d.Title["de"], d.LandingPage, rec.Link, want.title, want.landing)
		}
		// An empty description, no licence, and ArcGIS Hub's unfilled
		// "{{extent:computeSpatialProperty}}" template give nothing.
		if d.Description != nil || d.License != "" || d.Spatial != nil {
			t.Errorf("%s: description %v licence %q spatial %+v, want none", id, d.Description, d.License, d.Spatial)
		}
		if d.Issued.Format(time.RFC3339) != want.issued || !slices.Equal(d.Keywords, want.keywords) {
			t.Errorf("%s: issued %s keywords %v, want %s and %v", id, d.Issued, d.Keywords, want.issued, want.keywords)
		}
		if d.PublisherName() != "sigevian" {
			t.Errorf("%s: publisher %q, want sigevian", id, d.PublisherName())
		}
		checkDists(t, d, "de", want.dists)
	}
}

func TestNewYorkSocrataDataJSON(t *testing.T) {
	srv := newServer(t, MustReadFixture(t, nyFixture))
	got, err := fetch(t, srv.URL+"/data.json", nil)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	const id = "https://data.ny.gov/api/views/22ew-dxez"
	if !slices.Equal(got.IDs, []string{id}) || len(got.Errs) != 0 {
		t.Fatalf("records %v errors %v, want [%s]", got.IDs, got.Errs, id)
	}
	rec := got.ByID[id]
	fetchtest.MustValidate(t, rec)
	d := rec.Dataset
	if d.Title["de"] != "State of New York Mortgage Agency (SONYMA) Loans Purchased: Beginning 2004" ||
		d.Description["de"] != "Financial and Geographic Information on SONYMA Loans purchased since 2004." {
		t.Errorf("title %q description %q", d.Title, d.Description)
	}
	if d.LandingPage != "https://data.ny.gov/d/22ew-dxez" || rec.Link != d.LandingPage {
		t.Errorf("landing page %q link %q", d.LandingPage, rec.Link)
	}
	if d.PublisherName() != "State of New York" {
		t.Errorf("publisher %q", d.PublisherName())
	}
	if d.ContactPoint == nil || *d.ContactPoint != (municat.Contact{Name: "Open Data NY", Email: "opendata@its.ny.gov"}) {
		t.Errorf("contact %+v, want Open Data NY <opendata@its.ny.gov>", d.ContactPoint)
	}
	if d.Issued.Format(time.DateOnly) != "2016-07-21" || d.Modified.Format(time.DateOnly) != "2019-06-10" {
		t.Errorf("issued %s modified %s", d.Issued, d.Modified)
	}
	wantKeywords := []string{"rental assistance", "rent", "homeownership", "homeowner", "home", "buying", "homebuyer",
		"first-time", "lmi", "assistance", "mortgage", "loans", "sonyma", "Economic Development"}
	if !slices.Equal(d.Keywords, wantKeywords) || len(d.Themes) != 0 {
		t.Errorf("keywords %v themes %v, want %v and none", d.Keywords, d.Themes, wantKeywords)
	}
	if d.AccessRights != municat.AccessPublic || d.License != "" || d.Spatial != nil || d.Temporal != nil {
		t.Errorf("access %q licence %q spatial %+v temporal %+v", d.AccessRights, d.License, d.Spatial, d.Temporal)
	}
	rows := "https://data.ny.gov/api/views/22ew-dxez/rows."
	checkDists(t, d, "de", []distWant{
		{"", rows + "csv?accessType=DOWNLOAD", "CSV", "text/csv"},
		{"", rows + "rdf?accessType=DOWNLOAD", "RDF_XML", "application/rdf+xml"},
		{"", rows + "json?accessType=DOWNLOAD", "JSON", "application/json"},
		{"", rows + "xml?accessType=DOWNLOAD", "XML", "application/xml"},
	})
	for _, dist := range d.Distributions {
		if dist.DownloadURL != dist.AccessURL {
			t.Errorf("distribution %s: download %q, want it as the access URL", dist.ID, dist.DownloadURL)
		}
	}
}

// distWant is an expected distribution.
type distWant struct{ title, url, format, mediaType string }

func checkDists(t *testing.T, d *municat.Dataset, lang string, want []distWant) {
	t.Helper()
	if len(d.Distributions) != len(want) {
		t.Errorf("%s: %d distributions, want %d", d.RemoteID, len(d.Distributions), len(want))
		return
	}
	for i, w := range want {
		dist := d.Distributions[i]
		if dist.Title[lang] != w.title || dist.AccessURL != w.url || dist.Format != w.format || dist.MediaType != w.mediaType {
			t.Errorf("%s: distribution %d = %q %s %s %s, want %q %s %s %s", d.RemoteID, i,
				dist.Title[lang], dist.AccessURL, dist.Format, dist.MediaType, w.title, w.url, w.format, w.mediaType)
		}
		if dist.ID == "" {
			t.Errorf("%s: distribution %d has no id", d.RemoteID, i)
		}
	}
}
