package socrata_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester/socrata"
	"github.com/municat/municat/internal/fetchtest"
)

// asset is what one result of the Boston fixture should become; the
// values were read from the file by hand.
type asset struct {
	id, domain, name, descriptionStart, slug string
	license, publisher, frequency            string
	contact                                  *municat.Contact
	themes, keywords                         []string
	issued, modified                         string
}

var bostonAssets = []asset{
	{"msk6-43c6", "data.cityofboston.gov", "Approved Building Permits", "Data of approved building/construction permits", "Permitting/Approved-Building-Permits",
		"cc-by", "Inspectional Services Division", "", nil,
		[]string{"REGI"}, []string{"permits", "construction", "building", "Permitting"},
		"2013-04-05T18:11:45Z", "2017-07-21T10:01:47Z"},
	{"kwxv-fwze", "data.ny.gov", "Lottery Cash 4 Life Winning Numbers: Beginning 2014", "Go to http://on.ny.gov/1xRIvPz on the New York Lottery website", "Government-Finance/Lottery-Cash-4-Life-Winning-Numbers-Beginning-2014",
		"", "State of New York", "", &municat.Contact{Name: "Open Data NY", Email: "opendata@its.ny.gov"},
		[]string{"GOVE", "ECON"}, []string{"winning", "cash 4 life", "new york lottery", "results"},
		"2014-06-17T19:47:54Z", "2018-08-31T10:01:19Z"},
	{"qcn7-gc3g", "data.cms.gov", "Order and Referring", "Order and Referring data file has National Provider Identifier (NPI)", "Medicare-Enrollment/Order-and-Referring",
		"Public Domain", "CMS", "", &municat.Contact{Name: "CMS", Email: "cardinal.williams@cms.hhs.gov"},
		[]string{"HEAL"}, []string{"order and referring", "Medicare - Enrollment"},
		"2013-12-18T18:27:02Z", "2018-08-30T21:24:19Z"},
	{"qccx-65fg", "opendata.howardcountymd.gov", "Howard County Police Department Call For Service - 2014-2017", "Calls for Service by computer aided dispatch (CAD)", "Public-Safety/Howard-County-Police-Department-Call-For-Service-2",
		"", "Howard County, MD", "ANNUAL", nil,
		[]string{"JUST"}, []string{"calls", "sra", "beat", "dispatch", "cad"},
		"2015-05-04T15:33:31Z", "2018-02-15T15:31:08Z"},
	{"kvz2-j5cj", "opendata.howardcountymd.gov", "Building, Electrical, Fire, Grading, Mechanical, Plumbing & Sign Permits: 2010 - Present", "Issued Permits:  01/01/2010 - Present", "Licenses-and-Permits/Building-Electrical-Fire-Grading-Mechanical-Plumbi",
		"Public Domain", "Howard County, Maryland", "MONTHLY", nil,
		[]string{"REGI"}, []string{"building permit", "issued permits", "permits", "electrical permit", "fire permit", "grading permit", "mechanical permit", "hvac permit", "plumbing permit", "sign permit", "Licenses and Permits"},
		"2015-04-30T17:13:40Z", "2017-12-04T15:23:39Z"},
	{"ic3t-wcy2", "data.cityofnewyork.us", "DOB Job Application Filings", "A list of job applications filed for a particular day and associated data. Prior weekly and monthly reports are archived at DOB and are not available on NYC Open Data.\n\nNote: These job applications", "Housing-Development/DOB-Job-Application-Filings",
		"", "Department of Buildings (DOB)", "DAILY", nil,
		[]string{"ECON", "ENVI", "REGI"}, []string{"job", "buildings", "dob"},
		"2013-04-18T15:18:56Z", "2018-09-01T20:13:18Z"},
	{"xvpn-2pnt", "opendata.howardcountymd.gov", "Fire And Rescue Apparatus Responses: 2012 - 2017", "One record for each emergency response by a Fire Department unit", "Public-Safety/Fire-And-Rescue-Apparatus-Responses-2012-2017",
		"", "Howard County, Maryland", "UPDATE_CONT", nil,
		[]string{"JUST"}, []string{"apparatus", "fire", "rescue", "ems"},
		"2015-04-24T14:34:49Z", "2017-12-05T21:59:49Z"},
}

func TestBostonFixtureFields(t *testing.T) {
	results, _ := MustFixtureResults(t)
	srv := newServer(t, results, 7)
	got, err := fetch(t, &socrata.Fetcher{}, srv.URL, map[string]string{"language": "en"})
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	for _, want := range bostonAssets {
		rec, ok := got.ByID[want.id]
		if !ok {
			t.Errorf("no record %s", want.id)
			continue
		}
		fetchtest.MustValidate(t, rec)
		d := rec.Dataset
		site := "https://" + want.domain
		permalink := site + "/d/" + want.id
		check := func(field, got, exp string) {
			t.Helper()
			if got != exp {
				t.Errorf("%s: %s = %q, want %q", want.id, field, got, exp)
			}
		}
		check("remote id", d.RemoteID, want.id)
		check("identifier", d.Identifier, site+"/api/views/"+want.id)
		check("title", d.Title["en"], want.name)
		if !strings.HasPrefix(d.Description["en"], want.descriptionStart) || strings.Contains(d.Description["en"], "\r") {
			t.Errorf("%s: description %q, want it to start %q without CR", want.id, d.Description["en"], want.descriptionStart)
		}
		check("landing page", d.LandingPage, permalink)
		check("link", rec.Link, permalink)
		check("licence", d.License, want.license)
		check("publisher", d.Publisher.Name["en"], want.publisher)
		check("frequency", d.Frequency, want.frequency)
		check("access rights", d.AccessRights, municat.AccessPublic)
		check("issued", d.Issued.Format(time.RFC3339), want.issued)
		check("modified", d.Modified.Format(time.RFC3339), want.modified)
		if (d.ContactPoint == nil) != (want.contact == nil) || d.ContactPoint != nil && *d.ContactPoint != *want.contact {
			t.Errorf("%s: contact %+v, want %+v", want.id, d.ContactPoint, want.contact)
		}
		if !slices.Equal(d.Themes, want.themes) || !slices.Equal(d.Keywords, want.keywords) {
			t.Errorf("%s: themes %v keywords %v, want %v and %v", want.id, d.Themes, d.Keywords, want.themes, want.keywords)
		}
		wantDists := []struct{ id, url, format, mediaType string }{
			{"csv", site + "/api/views/" + want.id + "/rows.csv?accessType=DOWNLOAD", "CSV", "text/csv"},
			{"json", site + "/resource/" + want.id + ".json", "JSON", "application/json"},
		}
		if len(d.Distributions) != len(wantDists) {
			t.Errorf("%s: %d distributions, want 2", want.id, len(d.Distributions))
			continue
		}
		for i, w := range wantDists {
			dist := d.Distributions[i]
			if dist.ID != w.id || dist.AccessURL != w.url || dist.Format != w.format || dist.MediaType != w.mediaType || dist.Title.IsEmpty() {
				t.Errorf("%s: distribution %d = %s %s %s %s, want %s %s %s %s", want.id, i, dist.ID, dist.AccessURL, dist.Format, dist.MediaType, w.id, w.url, w.format, w.mediaType)
			}
		}
		if d.Distributions[0].DownloadURL != d.Distributions[0].AccessURL || d.Distributions[1].DownloadURL != "" {
			t.Errorf("%s: the CSV export is a download, the SODA endpoint is not", want.id)
		}
	}
}

func TestGeometryColumnsGetGeoJSON(t *testing.T) {
	raw := json.RawMessage(`{"resource": {"id": "abcd-1234", "name": "Bäume", "type": "dataset", "description": "Zeile 1\r\nZeile 2",
		"columns_datatype": ["Text", "Point"], "createdAt": "2020-01-02T03:04:05.000Z", "data_updated_at": "2021-01-01T00:00:00.000Z",
		"updatedAt": null, "attribution": null},
		"classification": {"categories": ["transportation"], "tags": ["bäume", "Bäume", " bäume "], "domain_category": "Umwelt",
			"domain_metadata": [{"key": "Common-Core_License", "value": "https://creativecommons.org/licenses/by/4.0/"}, {"key": "x", "value": null}, 5]},
		"metadata": {"domain": "daten.example.de", "license": null},
		"owner": {"display_name": "Grünflächenamt"}}`)
	srv := newServer(t, []json.RawMessage{raw}, 1)
	got, err := fetch(t, &socrata.Fetcher{}, srv.URL, nil)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	rec := got.ByID["abcd-1234"]
	fetchtest.MustValidate(t, rec)
	d := rec.Dataset
	if d.Description["de"] != "Zeile 1\nZeile 2" || d.PublisherName() != "Grünflächenamt" || d.License != "cc-by/4.0" {
		t.Errorf("description %q publisher %q licence %q", d.Description["de"], d.PublisherName(), d.License)
	}
	if !slices.Equal(d.Themes, []string{"TRAN", "ENVI"}) || !slices.Equal(d.Keywords, []string{"bäume", "Bäume"}) {
		t.Errorf("themes %v keywords %v", d.Themes, d.Keywords)
	}
	if d.Modified == nil || d.Modified.Year() != 2021 || d.Issued.Year() != 2020 {
		t.Errorf("issued %v modified %v, want data_updated_at when updatedAt is missing", d.Issued, d.Modified)
	}
	if rec.Link != "https://daten.example.de/d/abcd-1234" {
		t.Errorf("link %q, want the permalink made from the domain", rec.Link)
	}
	if len(d.Distributions) != 3 || d.Distributions[2].AccessURL != "https://daten.example.de/resource/abcd-1234.geojson" || d.Distributions[2].Format != "GEOJSON" {
		t.Errorf("distributions %+v, want CSV, JSON and the SODA GeoJSON", d.Distributions)
	}
}

func TestLicenceNames(t *testing.T) {
	for name, want := range map[string]string{
		"Creative Commons Attribution 3.0 Unported":                    "cc-by",
		"Creative Commons Attribution | Share Alike 4.0 International": "cc-by-sa/4.0",
		"Creative Commons 1.0 Universal (Public Domain Dedication)":    "cc-zero",
		"Open Data Commons Open Database License":                      "odbl",
		"Open Data Commons Attribution License":                        "odby",
		"Creative Commons Attribution 4.0 International":               "cc-by/4.0",
		"Public Domain U.S. Government":                                "Public Domain U.S. Government",
		"UK Open Government Licence v3":                                "UK Open Government Licence v3",
	} {
		raw := json.RawMessage(`{"resource": {"id": "abcd-1234", "name": "X"}, "metadata": {"license": "` + name + `"}}`)
		srv := newServer(t, []json.RawMessage{raw}, 1)
		got, err := fetch(t, &socrata.Fetcher{}, srv.URL, nil)
		if err != nil {
			t.Fatalf("Fetch: %v", err)
		}
		if l := got.ByID["abcd-1234"].Dataset.License; l != want {
			t.Errorf("licence %q: %q, want %q", name, l, want)
		}
	}
}
