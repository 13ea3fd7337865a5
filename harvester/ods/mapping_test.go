package ods_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// mustFixtureDatasets fetches the fixture portal and returns its datasets
// by remote id, each given the id the runner would give it and validated.
func mustFixtureDatasets(t *testing.T) (map[string]*municat.Dataset, string) {
	t.Helper()
	p := newPortal(t)
	got, err := fetch(t, quick(), p.URL, pageSize2)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*municat.Dataset{}
	for id, r := range got.AllByID {
		if r.Err != nil || r.Dataset == nil {
			t.Fatalf("%s: %v", id, r.Err)
		}
		if r.Link != p.URL+"/explore/dataset/"+id+"/" {
			t.Errorf("%s: link %s", id, r.Link)
		}
		d := r.Dataset
		d.ID = municat.DatasetID("musterstadt", r.RemoteID)
		if err := d.Validate(); err != nil {
			t.Errorf("%s: %v", id, err)
		}
		out[id] = d
	}
	return out, p.URL
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func timeIs(got *time.Time, want time.Time) bool { return got != nil && got.Equal(want) }

// distSummary lists the distributions as "id format media access|download".
func distSummary(d *municat.Dataset) []string {
	var out []string
	for _, x := range d.Distributions {
		out = append(out, strings.Join([]string{x.ID, x.Format, x.MediaType, x.AccessURL + "|" + x.DownloadURL, x.Title.String()}, " "))
	}
	return out
}

func TestMapTreeRegister(t *testing.T) {
	all, site := mustFixtureDatasets(t)
	d := all["baumkataster"]
	api := site + "/api/explore/v2.1/catalog/datasets/baumkataster"
	if d.Title["de"] != "Baumkataster der Stadt Musterstadt" || len(d.Title) != 1 {
		t.Errorf("title %v", d.Title)
	}
	if !strings.HasPrefix(d.Description["de"], "<p>Das Baumkataster enthält alle <strong>städtischen Bäume</strong>") || !strings.HasSuffix(d.Description["de"], "<em>nicht</em> enthalten.</p>") {
		t.Errorf("description %q: the HTML must be kept as it is", d.Description["de"])
	}
	if !slices.Equal(d.Keywords, []string{"Bäume", "Stadtgrün", "Baumkataster"}) || !slices.Equal(d.Themes, []string{"ENVI"}) {
		t.Errorf("keywords %v, themes %v", d.Keywords, d.Themes)
	}
	if d.License != "http://dcat-ap.de/def/licenses/dl-by-de/2.0" {
		t.Errorf("license %q", d.License)
	}
	if !slices.Equal(d.Languages, []string{"de"}) || d.Identifier != site+"/explore/dataset/baumkataster/" || d.LandingPage != d.Identifier {
		t.Errorf("languages %v, identifier %q, landing page %q", d.Languages, d.Identifier, d.LandingPage)
	}
	if !slices.Equal(d.OtherIdentifiers, []string{"da_m7b2xq"}) || d.RemoteID != "baumkataster" {
		t.Errorf("other identifiers %v, remote id %q", d.OtherIdentifiers, d.RemoteID)
	}
	if d.PublisherName() != "Stadt Musterstadt – Grünflächenamt" || d.Creator == nil || d.Creator.Name["de"] != "Grünflächenamt Musterstadt" {
		t.Errorf("publisher %q, creator %+v", d.PublisherName(), d.Creator)
	}
	if c := d.ContactPoint; c == nil || c.Name != "Grünflächenamt, Abteilung Baumpflege" || c.Email != "baumkataster@musterstadt.de" {
		t.Errorf("contact %+v", c)
	}
	if !timeIs(d.Modified, mustTime(t, "2024-03-12T09:15:00Z")) || !timeIs(d.Issued, mustTime(t, "2019-05-02T00:00:00Z")) {
		t.Errorf("modified %v, issued %v", d.Modified, d.Issued)
	}
	if d.Frequency != "ANNUAL" {
		t.Errorf("frequency %q", d.Frequency)
	}
	if p := d.Temporal; p == nil || !timeIs(p.Start, mustTime(t, "2019-01-01T00:00:00Z")) || !timeIs(p.End, mustTime(t, "2023-12-31T00:00:00Z")) {
		t.Errorf("temporal %+v", p)
	}
	s := d.Spatial
	if s == nil || !slices.Equal(s.Names, []string{"Musterstadt", "Stadtgebiet Musterstadt"}) || len(s.URIs) != 0 {
		t.Fatalf("spatial %+v", s)
	}
	if b := s.BBox; b == nil || *b != (municat.BoundingBox{West: 7.402, South: 51.431, East: 7.618, North: 51.552}) {
		t.Errorf("bbox %+v", b)
	}
	modified := mustTime(t, "2024-03-12T09:14:41Z")
	want := []string{
		"csv CSV text/csv " + api + "/exports/csv|" + api + "/exports/csv CSV-Export",
		"json JSON application/json " + api + "/exports/json|" + api + "/exports/json JSON-Export",
		"geojson GEOJSON application/geo+json " + api + "/exports/geojson|" + api + "/exports/geojson GeoJSON-Export",
		"xlsx XLSX application/vnd.openxmlformats-officedocument.spreadsheetml.sheet " + api + "/exports/xlsx|" + api + "/exports/xlsx Excel-Export (XLSX)",
		"attachment-datenbeschreibung_baumkataster_pdf PDF application/pdf " + api + "/attachments/datenbeschreibung_baumkataster_pdf|" + api + "/attachments/datenbeschreibung_baumkataster_pdf Datenbeschreibung_Baumkataster.pdf",
	}
	if got := distSummary(d); !slices.Equal(got, want) {
		t.Errorf("distributions\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, x := range d.Distributions[:4] {
		if !timeIs(x.Modified, modified) {
			t.Errorf("%s: modified %v, want data_processed", x.ID, x.Modified)
		}
	}
}

func TestMapParkingWithoutGeo(t *testing.T) {
	all, _ := mustFixtureDatasets(t)
	d := all["parkhaeuser-belegung"]
	if !slices.Equal(d.Keywords, []string{"Parken", "Parkhaus", "Innenstadt"}) || !slices.Equal(d.Themes, []string{"TRAN"}) {
		t.Errorf("keywords %v, themes %v", d.Keywords, d.Themes)
	}
	if d.License != "http://dcat-ap.de/def/licenses/cc-by/4.0" || d.Frequency != "HOURLY" {
		t.Errorf("license %q, frequency %q", d.License, d.Frequency)
	}
	if c := d.ContactPoint; c == nil || c.Email != "verkehr@musterstadt.de" || c.Name != "Mobilitätsteam" {
		t.Errorf("contact %+v", c)
	}
	if p := d.Temporal; p == nil || !timeIs(p.Start, mustTime(t, "2021-09-01T00:00:00Z")) || p.End != nil {
		t.Errorf("temporal %+v, want open-ended from September 2021", p)
	}
	if !timeIs(d.Issued, mustTime(t, "2021-09-01T00:00:00Z")) || d.Creator != nil {
		t.Errorf("issued %v, creator %+v", d.Issued, d.Creator)
	}
	if s := d.Spatial; s == nil || s.BBox != nil || !slices.Equal(s.Names, []string{"Musterstadt"}) {
		t.Errorf("spatial %+v", s)
	}
	var ids []string
	for _, x := range d.Distributions {
		ids = append(ids, x.ID)
	}
	if !slices.Equal(ids, []string{"csv", "json", "xlsx"}) {
		t.Errorf("distributions %v: without the geo feature there is no GeoJSON", ids)
	}
	if !strings.Contains(d.Description["de"], `<a href="https://www.musterstadt.de/parkleitsystem">`) || d.PublisherName() != "Stadtwerke Musterstadt GmbH" {
		t.Errorf("description %q, publisher %q", d.Description["de"], d.PublisherName())
	}
}

func TestMapBudgetAttachmentsOnly(t *testing.T) {
	all, site := mustFixtureDatasets(t)
	d := all["haushaltsplan-2024"]
	api := site + "/api/explore/v2.1/catalog/datasets/haushaltsplan-2024"
	xlsx := "https://www.musterstadt.de/fileadmin/finanzen/Haushalt%202024%20Produktuebersicht.xlsx"
	want := []string{
		"attachment-haushaltsplan_2024_band_1_pdf PDF application/pdf " + api + "/attachments/haushaltsplan_2024_band_1_pdf|" + api + "/attachments/haushaltsplan_2024_band_1_pdf Haushaltsplan 2024, Band 1.pdf",
		"attachment-produktuebersicht_xlsx XLSX application/vnd.openxmlformats-officedocument.spreadsheetml.sheet " + xlsx + "|" + xlsx + " Produktübersicht (Excel)",
	}
	if got := distSummary(d); !slices.Equal(got, want) {
		t.Errorf("distributions\n%s\nwant (no exports without records, the twice-listed attachment once)\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !slices.Equal(d.Themes, []string{"GOVE"}) || !slices.Equal(d.Keywords, []string{"Haushalt und Finanzen"}) {
		t.Errorf("themes %v, keywords %v: an unknown theme name becomes a keyword", d.Themes, d.Keywords)
	}
	if d.License != "http://dcat-ap.de/def/licenses/dl-zero-de/2.0" || d.ContactPoint != nil || d.Issued != nil || d.Frequency != "" {
		t.Errorf("license %q, contact %+v, issued %v, frequency %q (metas.dcat is null)", d.License, d.ContactPoint, d.Issued, d.Frequency)
	}
	if !timeIs(d.Modified, mustTime(t, "2024-02-20T14:00:00Z")) || d.Spatial != nil {
		t.Errorf("modified %v, spatial %+v", d.Modified, d.Spatial)
	}
}

func TestMapDatasetWithoutData(t *testing.T) {
	all, site := mustFixtureDatasets(t)
	d := all["ratsinformation-sitzungstermine"]
	landing := site + "/explore/dataset/ratsinformation-sitzungstermine/"
	if d.Title["de"] != "Sitzungstermine des Rates und der Ausschüsse" || d.Description != nil {
		t.Errorf("title %q, description %v", d.Title["de"], d.Description)
	}
	want := []string{"portal HTML text/html " + landing + "| Datensatzseite im Portal"}
	if got := distSummary(d); !slices.Equal(got, want) {
		t.Errorf("distributions %v, want only the landing page, without download", got)
	}
	if d.Keywords != nil || d.Themes != nil || d.License != "" || d.Publisher != nil || d.ContactPoint != nil || d.Temporal != nil || d.Spatial != nil {
		t.Errorf("values from null metadata: %+v", d)
	}
	if !timeIs(d.Modified, mustTime(t, "2023-11-02T08:31:55.002Z")) {
		t.Errorf("modified %v, want metadata_processed when modified and data_processed are null", d.Modified)
	}
}

func TestMapElectionResults(t *testing.T) {
	all, site := mustFixtureDatasets(t)
	d := all["kommunalwahl-2020-ergebnisse"]
	if d.Themes != nil || !slices.Equal(d.Keywords, []string{"Wahlen", "Kommunalwahl", "Rat", "Bevölkerung", "Politik und Wahlen"}) {
		t.Errorf("themes %v, keywords %v", d.Themes, d.Keywords)
	}
	if d.License != "http://dcat-ap.de/def/licenses/cc-by/4.0" || d.Frequency != "NEVER" {
		t.Errorf("license %q, frequency %q", d.License, d.Frequency)
	}
	if c := d.ContactPoint; c == nil || c.Email != "wahlamt@musterstadt.de" {
		t.Errorf("contact %+v", c)
	}
	if p := d.Temporal; p == nil || !timeIs(p.Start, mustTime(t, "2020-01-01T00:00:00Z")) || !timeIs(p.End, mustTime(t, "2020-12-31T23:59:59Z")) {
		t.Errorf("temporal %+v, want the year 2020", p)
	}
	if s := d.Spatial; s == nil || !slices.Equal(s.URIs, []string{"https://www.geonames.org/2867714"}) || !slices.Equal(s.Names, []string{"Musterstadt"}) || s.BBox != nil {
		t.Errorf("spatial %+v", s)
	}
	if !strings.HasPrefix(d.Description["de"], "<h2>Kommunalwahl vom 13. September 2020</h2>") {
		t.Errorf("description %q", d.Description["de"])
	}
	geo := site + "/api/explore/v2.1/catalog/datasets/kommunalwahl-2020-ergebnisse/exports/geojson"
	if len(d.Distributions) != 4 || d.Distributions[2].DownloadURL != geo {
		t.Errorf("distributions %v, want the GeoJSON export third", distSummary(d))
	}
}
