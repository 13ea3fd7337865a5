package datajson_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/datajson"
	"github.com/municat/municat/internal/fetchtest"
)

// MustParseOne parses a catalogue with one dataset and returns its record.
func MustParseOne(t *testing.T, dataset string) harvester.Record {
	t.Helper()
	recs, err := datajson.Parse([]byte(`{"dataset": [`+dataset+`]}`), "https://portal.example.org/data.json", "")
	if err != nil || len(recs) != 1 {
		t.Fatalf("Parse: %d records, error %v", len(recs), err)
	}
	if recs[0].Err != nil {
		t.Fatalf("record error: %v", recs[0].Err)
	}
	fetchtest.MustValidate(t, recs[0])
	return recs[0]
}

func TestOddButUsableValues(t *testing.T) {
	rec := MustParseOne(t, `{
		"identifier": 4711,
		"title": "  Baum<b>kataster</b>  ",
		"description": "<div><p>Erster&nbsp;Absatz mit <a href=\"https://example.org/x\">Verweis</a>.</p><p>Zweiter<br>Zeile</p><ul><li>eins</li><li>zwei</li></ul></div>",
		"keyword": "Bäume, Umwelt ,, Stadtgrün",
		"theme": ["Environment", "health", "Stadtplanung", null, 5],
		"language": ["en-US", "xx", "de"],
		"publisher": {"@type": "org:Organization", "name": null, "subOrganizationOf": {"name": "Stadt Musterstadt"}},
		"contactPoint": [{"fn": ["Grünflächenamt"], "hasEmail": ["kaputt", "mailto:gruen@musterstadt.de"], "hasURL": "https://musterstadt.de/gruen", "hasTelephone": "tel:+49 123"}],
		"license": "https://creativecommons.org/licenses/by/4.0/",
		"accessLevel": "Restricted Public",
		"spatial": {"type": "Polygon", "coordinates": [[[7.1, 50.6], [7.3, 50.6], [7.3, 50.8], [7.1, 50.6]]]},
		"temporal": "2010-01-01/P10Y",
		"accrualPeriodicity": "R/P1W",
		"issued": "2014-01-16 21:12:51",
		"modified": "2024-05-01T12:00:00+0200",
		"landingPage": "not a url",
		"conformsTo": "https://example.org/schema",
		"references": ["https://example.org/ref", "mailto:x@y.z", 3],
		"distribution": {"accessURL": "https://example.org/api", "downloadURL": "https://example.org/baum.csv", "mediaType": "text/csv; charset=utf-8", "format": null, "title": {"name": "CSV-Datei"}, "description": "<p>Alle Bäume</p>"},
		"describedBy": "https://example.org/dictionary",
		"bureauCode": ["015:11"]
	}`)
	d := rec.Dataset
	if rec.RemoteID != "4711" || d.Identifier != "4711" {
		t.Errorf("remote id %q identifier %q, want 4711 (a number)", rec.RemoteID, d.Identifier)
	}
	if rec.Link != "https://portal.example.org/data.json#4711" || d.LandingPage != "" {
		t.Errorf("link %q landing page %q: a landing page that is no URL must be dropped", rec.Link, d.LandingPage)
	}
	if d.Title["en"] != "Baumkataster" || !slices.Equal(d.Languages, []string{"en", "de"}) {
		t.Errorf("title %v languages %v, want English Baumkataster and [en de]", d.Title, d.Languages)
	}
	wantDesc := "Erster Absatz mit [Verweis](https://example.org/x).\n\nZweiter\nZeile\n\n- eins\n- zwei"
	if d.Description["en"] != wantDesc {
		t.Errorf("description\n%q, want\n%q", d.Description["en"], wantDesc)
	}
	if !slices.Equal(d.Keywords, []string{"Bäume", "Umwelt", "Stadtgrün", "Stadtplanung", "5"}) || !slices.Equal(d.Themes, []string{"ENVI", "HEAL"}) {
		t.Errorf("keywords %v themes %v", d.Keywords, d.Themes)
	}
	if d.PublisherName() != "Stadt Musterstadt" && d.Publisher.Name["en"] != "Stadt Musterstadt" {
		t.Errorf("publisher %+v, want the parent organisation's name", d.Publisher)
	}
	if c := d.ContactPoint; c == nil || *c != (municat.Contact{Name: "Grünflächenamt", Email: "gruen@musterstadt.de", URL: "https://musterstadt.de/gruen", Phone: "+49 123"}) {
		t.Errorf("contact %+v", c)
	}
	if d.License != "cc-by/4.0" || d.AccessRights != municat.AccessRestricted || d.Frequency != "WEEKLY" {
		t.Errorf("licence %q access %q frequency %q, want cc-by/4.0, RESTRICTED, WEEKLY", d.License, d.AccessRights, d.Frequency)
	}
	if b := d.Spatial.BBox; b == nil || *b != (municat.BoundingBox{West: 7.1, South: 50.6, East: 7.3, North: 50.8}) {
		t.Errorf("bbox %+v, want the polygon's bounds", b)
	}
	if p := d.Temporal; p == nil || p.Start.Format(time.DateOnly) != "2010-01-01" || p.End.Format(time.DateOnly) != "2020-01-01" {
		t.Errorf("temporal %+v, want 2010-01-01 to 2020-01-01", p)
	}
	if d.Issued.Format(time.DateTime) != "2014-01-16 21:12:51" || !d.Modified.Equal(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("issued %s modified %s", d.Issued, d.Modified)
	}
	if !slices.Equal(d.ConformsTo, []string{"https://example.org/schema"}) || !slices.Equal(d.References, []string{"https://example.org/ref"}) {
		t.Errorf("conforms to %v references %v", d.ConformsTo, d.References)
	}
	if len(d.Distributions) != 1 {
		t.Fatalf("%d distributions, want the one given as an object", len(d.Distributions))
	}
	dist := d.Distributions[0]
	if dist.AccessURL != "https://example.org/api" || dist.DownloadURL != "https://example.org/baum.csv" || dist.Format != "CSV" ||
		dist.MediaType != "text/csv" || dist.Title["en"] != "CSV-Datei" || dist.Description["en"] != "Alle Bäume" {
		t.Errorf("distribution %+v", dist)
	}
}

func TestNullsEverywhere(t *testing.T) {
	rec := MustParseOne(t, `{"identifier": "n", "title": "Nur Titel", "description": null, "keyword": null, "theme": null,
		"publisher": null, "contactPoint": null, "license": null, "accessLevel": null, "spatial": null, "temporal": null,
		"accrualPeriodicity": null, "issued": null, "modified": null, "landingPage": null, "language": null,
		"distribution": null, "references": null, "conformsTo": null}`)
	d := rec.Dataset
	if d.Description != nil || d.Keywords != nil || d.Themes != nil || d.Publisher != nil || d.ContactPoint != nil ||
		d.License != "" || d.AccessRights != "" || d.Spatial != nil || d.Temporal != nil || d.Frequency != "" ||
		d.Issued != nil || d.Modified != nil || d.LandingPage != "" || d.Distributions != nil {
		t.Errorf("nulls gave values: %+v", d)
	}
}

func TestWrongTypesAreIgnored(t *testing.T) {
	rec := MustParseOne(t, `{"identifier": "w", "title": "Falsche Typen", "description": 12, "keyword": {"a": 1},
		"publisher": ["Stadtwerke"], "contactPoint": 5, "license": true, "accessLevel": ["public"], "spatial": [1, 2, 3],
		"temporal": ["2020-01-01/2019-01-01"], "accrualPeriodicity": {"x": 1}, "issued": 20200101, "modified": "R/P1D",
		"distribution": ["https://example.org/a.csv", {"title": "ohne Adresse"}, {"accessURL": "javascript:alert(1)"},
			{"downloadURL": "https://example.org/a.csv", "format": "Excel"}, {"downloadURL": "https://example.org/a.csv", "format": "CSV"}]}`)
	d := rec.Dataset
	if d.Description["de"] != "12" || d.PublisherName() != "Stadtwerke" || d.AccessRights != municat.AccessPublic {
		t.Errorf("description %v publisher %q access %q", d.Description, d.PublisherName(), d.AccessRights)
	}
	if d.ContactPoint != nil || d.License != "" || d.Spatial != nil || d.Issued != nil || d.Modified != nil {
		t.Errorf("contact %+v licence %q spatial %+v issued %v modified %v, want none", d.ContactPoint, d.License, d.Spatial, d.Issued, d.Modified)
	}
	// An end before the start is dropped; a repeating modified gives the
	// frequency.
	if d.Temporal == nil || d.Temporal.End != nil || d.Frequency != "DAILY" {
		t.Errorf("temporal %+v frequency %q", d.Temporal, d.Frequency)
	}
	if len(d.Distributions) != 1 || d.Distributions[0].Format != "XLS" {
		t.Errorf("distributions %+v, want only the first with the address (Excel)", d.Distributions)
	}
}

func TestLicences(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`"https://creativecommons.org/publicdomain/zero/1.0/"`, "cc-zero"},
		{`"http://www.usa.gov/publicdomain/label/1.0/"`, "http://www.usa.gov/publicdomain/label/1.0/"},
		{`"<p>Lizenz: <a href=\"https://www.govdata.de/dl-de/by-2-0\">Datenlizenz Deutschland</a></p>"`, "dl-by-de/2.0"},
		{`"Datenlizenz Deutschland – Namensnennung – Version 2.0"`, "dl-by-de/2.0"},
		{`"<DIV><P><SPAN>Soumis à la licence Etalab</SPAN></P></DIV>"`, "Soumis à la licence Etalab"},
		{`"` + strings.Repeat("sehr lange Lizenz ", 40) + `"`, ""},
	} {
		rec := MustParseOne(t, `{"identifier": "l", "title": "L", "license": `+tc.in+`}`)
		got := rec.Dataset.License
		if tc.want == "" {
			if n := len([]rune(got)); n > 300 || !strings.HasSuffix(got, "…") {
				t.Errorf("long licence kept with %d characters: %q", n, got)
			}
			continue
		}
		if got != tc.want {
			t.Errorf("licence %s: %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAccessLevels(t *testing.T) {
	for in, want := range map[string]string{
		"public": municat.AccessPublic, "restricted public": municat.AccessRestricted, "non-public": municat.AccessNonPublic,
		"Non-Public": municat.AccessNonPublic, "geheim": "",
	} {
		rec := MustParseOne(t, `{"identifier": "a", "title": "A", "accessLevel": "`+in+`"}`)
		if got := rec.Dataset.AccessRights; got != want {
			t.Errorf("accessLevel %q: %q, want %q", in, got, want)
		}
	}
}

func TestFrequencies(t *testing.T) {
	for in, want := range map[string]string{
		"R/P1D": "DAILY", "R/P1W": "WEEKLY", "R/P2W": "BIWEEKLY", "R/P1M": "MONTHLY", "R/P3M": "QUARTERLY",
		"R/P6M": "ANNUAL_2", "R/P1Y": "ANNUAL", "R/PT1H": "HOURLY", "irregular": "IRREG", "R/P4M": "",
	} {
		rec := MustParseOne(t, `{"identifier": "f", "title": "F", "accrualPeriodicity": "`+in+`"}`)
		if got := rec.Dataset.Frequency; got != want {
			t.Errorf("accrualPeriodicity %q: %q, want %q", in, got, want)
		}
	}
}
