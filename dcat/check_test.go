package dcat_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// goodDataset passes every check for testOrg (whose contributor id is not
// in GovData's list, so checks use listedOrg).
func goodDataset() *municat.Dataset {
	d := fullDataset()
	d.ContributorIDs = nil
	return d
}

var listedOrg = &municat.Organization{ID: "aa", Name: "Auswärtiges Amt", AGS: "11000000",
	ContributorID: "http://dcat-ap.de/def/contributors/auswaertigesAmt"}

func TestCheckGood(t *testing.T) {
	if ps := dcat.Check(goodDataset(), listedOrg); len(ps) != 0 {
		t.Errorf("good dataset has problems: %+v", ps)
	}
}

func TestCheckDemoHasNoViolation(t *testing.T) {
	e, _, datasets := demoExporter(t)
	for _, d := range datasets {
		for _, p := range dcat.Check(d, e.Organizations[d.Organization]) {
			if p.Severity == dcat.Violation {
				t.Errorf("%s: %+v", d.ID, p)
			}
			if p.Message == "" || p.Rule == "" || p.Field == "" {
				t.Errorf("%s: incomplete problem %+v", d.ID, p)
			}
		}
	}
}

func TestCheckProblems(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(d *municat.Dataset, o *municat.Organization) *municat.Organization
		sev   dcat.Severity
		field string
		text  string // part of the message
	}{
		{"no title", func(d *municat.Dataset, o *municat.Organization) *municat.Organization { d.Title = nil; return o }, dcat.Violation, "title", "keinen Titel"},
		{"no description", func(d *municat.Dataset, o *municat.Organization) *municat.Organization { d.Description = nil; return o }, dcat.Violation, "description", "keine Beschreibung"},
		{"no publisher, no organisation", func(d *municat.Dataset, o *municat.Organization) *municat.Organization { d.Publisher = nil; return nil }, dcat.Violation, "publisher", "veröffentlichende Stelle"},
		{"publisher without name", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Publisher.Name = nil
			return o
		}, dcat.Violation, "publisher.name", "keinen Namen"},
		{"no contact", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.ContactPoint = nil
			return o
		}, dcat.Warning, "contact_point", "Ansprechstelle"},
		{"contact without address", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.ContactPoint = &municat.Contact{Name: "Amt"}
			return o
		}, dcat.Violation, "contact_point", "weder E-Mail"},
		{"bad e-mail", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.ContactPoint.Email = "kein at"
			return o
		}, dcat.Violation, "contact_point.email", "keine gültige E-Mail"},
		{"bad contact URL", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.ContactPoint.URL = "www.x"
			return o
		}, dcat.Violation, "contact_point.url", "keine vollständige Web-Adresse"},
		{"no keywords", func(d *municat.Dataset, o *municat.Organization) *municat.Organization { d.Keywords = nil; return o }, dcat.Warning, "keywords", "Schlagwörter"},
		{"no themes", func(d *municat.Dataset, o *municat.Organization) *municat.Organization { d.Themes = nil; return o }, dcat.Warning, "themes", "Kategorie"},
		{"bad theme", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Themes = []string{"ENVI", "UMWELT"}
			return o
		}, dcat.Violation, "themes[1]", "UMWELT"},
		{"bad access rights", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.AccessRights = "OPEN"
			return o
		}, dcat.Violation, "access_rights", "OPEN"},
		{"bad frequency", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Frequency = "ab und zu"
			return o
		}, dcat.Violation, "frequency", "ab und zu"},
		{"bad language", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Languages = []string{"de", "xx"}
			return o
		}, dcat.Violation, "languages[1]", "xx"},
		{"empty period", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Temporal = &municat.Period{}
			return o
		}, dcat.Warning, "temporal", "weder Beginn noch Ende"},
		{"period reversed", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Temporal = &municat.Period{Start: tp("2024-01-01T00:00:00Z"), End: tp("2023-01-01T00:00:00Z")}
			return o
		}, dcat.Violation, "temporal", "vor seinem Beginn"},
		{"no contributor", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			o.ContributorID = ""
			return o
		}, dcat.Warning, "contributor_ids", "GovData"},
		{"unknown contributor", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			o.ContributorID = "http://dcat-ap.de/def/contributors/stadtNirgendwo"
			return o
		}, dcat.Warning, "contributor_ids", "nicht in der GovData-Liste"},
		{"no AGS", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.PoliticalGeocodingLevel = ""
			o.AGS = ""
			return o
		}, dcat.Warning, "political_geocoding_level", "Gemeindeschlüssel"},
		{"bad level", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.PoliticalGeocodingLevel = "Dorf"
			return o
		}, dcat.Warning, "political_geocoding_level", "Dorf"},
		{"bad availability", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Availability = "IMMER"
			return o
		}, dcat.Violation, "availability", "IMMER"},
		{"landing page no URL", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.LandingPage = "musterstadt.de"
			return o
		}, dcat.Warning, "landing_page", "musterstadt.de"},
		{"dataset licence not listed", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.License = "Eigene Lizenz"
			return o
		}, dcat.Warning, "license", "nicht in der DCAT-AP.de-Lizenzliste"},
		{"distribution without licence", func(d *municat.Dataset, o *municat.Organization) *municat.Organization { d.License = ""; return o }, dcat.Violation, "distributions[1].license", "„Eigene Datei“ hat keine Lizenz"},
		{"distribution licence not listed", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Distributions[0].License = "https://example.org/l"
			return o
		}, dcat.Warning, "distributions[0].license", "Lizenzliste"},
		{"attribution missing", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Publisher = nil
			d.Distributions[1].LicenseAttribution = ""
			return nil
		}, dcat.Warning, "distributions[1].license_attribution", "Namensnennung"},
		{"no access URL", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Distributions[1].FileKey = ""
			return o
		}, dcat.Violation, "distributions[1].access_url", "keine Zugangsadresse"},
		{"bad access URL", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Distributions[0].AccessURL = "ftp server"
			return o
		}, dcat.Violation, "distributions[0].access_url", "ftp server"},
		{"bad download URL", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Distributions[0].DownloadURL = "/relativ.csv"
			return o
		}, dcat.Violation, "distributions[0].download_url", "/relativ.csv"},
		{"no format", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Distributions[0].Format = ""
			return o
		}, dcat.Warning, "distributions[0].format", "kein Format"},
		{"format not in EU list", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Distributions[0].Format = "WMTS_SRVC"
			return o
		}, dcat.Warning, "distributions[0].format", "WMTS_SRVC"},
		{"bad media type", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Distributions[0].MediaType = "CSV"
			return o
		}, dcat.Violation, "distributions[0].media_type", "kein gültiger Medientyp"},
		{"unregistered media type", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Distributions[0].MediaType = "application/x-zip-compressed"
			return o
		}, dcat.Warning, "distributions[0].media_type", "IANA"},
		{"negative size", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Distributions[0].ByteSize = -1
			return o
		}, dcat.Violation, "distributions[0].byte_size", "negative"},
		{"checksum too short", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Distributions[0].Checksum.Value = "abcd"
			return o
		}, dcat.Violation, "distributions[0].checksum.value", "64 Hexadezimalstellen"},
		{"checksum not hex", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Distributions[0].Checksum.Value = strings.Repeat("zz", 32)
			return o
		}, dcat.Violation, "distributions[0].checksum.value", "keine Hexadezimalzahl"},
		{"checksum algorithm unknown", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Distributions[0].Checksum.Algorithm = "crc32"
			return o
		}, dcat.Warning, "distributions[0].checksum.algorithm", "crc32"},
		{"checksum incomplete", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Distributions[0].Checksum.Algorithm = ""
			return o
		}, dcat.Violation, "distributions[0].checksum", "unvollständige"},
		{"bad distribution status", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Distributions[0].Status = "FERTIG"
			return o
		}, dcat.Violation, "distributions[0].status", "FERTIG"},
		{"bad distribution availability", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Distributions[0].Availability = "JA"
			return o
		}, dcat.Violation, "distributions[0].availability", "JA"},
		{"bad distribution language", func(d *municat.Dataset, o *municat.Organization) *municat.Organization {
			d.Distributions[0].Languages = []string{"deutsch-ish"}
			return o
		}, dcat.Violation, "distributions[0].languages[0]", "deutsch-ish"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, org := goodDataset(), *listedOrg
			o := c.edit(d, &org)
			var found *dcat.Problem
			ps := dcat.Check(d, o)
			for i, p := range ps {
				if p.Field == c.field {
					found = &ps[i]
				}
			}
			if found == nil {
				t.Fatalf("no problem for %s; got %+v", c.field, ps)
			}
			if found.Severity != c.sev || !strings.Contains(found.Message, c.text) || found.Rule == "" {
				t.Errorf("problem = %+v; want severity %s and message containing %q", *found, c.sev, c.text)
			}
			if r := []rune(found.Message); !(unicode.IsUpper(r[0]) || r[0] == '„') || !strings.HasSuffix(found.Message, ".") {
				t.Errorf("message is no sentence: %q", found.Message)
			}
		})
	}
}
