package dcattest

import (
	"slices"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// Expected returns what Import should give back for d after an export by
// e, following the documented list of fields an export does not carry or
// completes (dcat.NotExported and its doc comment). It is written
// independently of the exporter.
func Expected(e *dcat.Exporter, d *municat.Dataset) municat.Dataset {
	want := *d
	want.ID, want.SourceID, want.RemoteID, want.State, want.ContentHash, want.Harvested, want.Organization = "", "", "", "", "", nil, ""
	want.WithdrawnAt, want.DuplicateOf, want.PublishAt = nil, "", nil
	org := e.Organizations[d.Organization]
	iri := e.DatasetIRI(d.ID)
	if want.Identifier == "" {
		want.Identifier = iri
	}
	if want.Publisher == nil && org != nil {
		want.Publisher = &municat.Agent{Name: municat.Text{"de": org.Name}, Homepage: org.Homepage, Email: org.Email}
	}
	want.ContributorIDs = nil
	if org != nil && org.ContributorID != "" {
		want.ContributorIDs = []string{org.ContributorID}
	}
	if org != nil {
		var geo, level string
		switch len(org.AGS) {
		case 8:
			geo, level = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/"+org.AGS, "municipality"
		case 5:
			geo, level = "http://dcat-ap.de/def/politicalGeocoding/districtKey/"+org.AGS, "administrativeDistrict"
		}
		if want.PoliticalGeocodingLevel == "" {
			want.PoliticalGeocodingLevel = level
		}
		if geo != "" {
			sp := municat.Spatial{}
			if want.Spatial != nil {
				sp = *want.Spatial
			}
			if !slices.Contains(sp.URIs, geo) {
				sp.URIs = append(append([]string(nil), sp.URIs...), geo)
			}
			want.Spatial = &sp
		}
	}
	canon := func(l string) string {
		if lic, ok := dcat.LicenseFor(l); ok {
			return lic.ID
		}
		return l
	}
	want.License = canon(want.License)
	want.Distributions = append([]municat.Distribution(nil), d.Distributions...)
	for i := range want.Distributions {
		dist := &want.Distributions[i]
		if dist.FileKey != "" && dist.AccessURL == "" && dist.DownloadURL == "" {
			dist.AccessURL = e.FileURL(d.ID, dist.ID)
			dist.DownloadURL = dist.AccessURL
		}
		dist.FileKey, dist.Versions = "", nil
		if dist.AccessURL == "" {
			dist.AccessURL = dist.DownloadURL
		}
		lic := canon(dist.License)
		if lic == want.License {
			lic = ""
		}
		if lic == "" && want.License == "" {
			// DCAT-AP.de makes the licence mandatory: the export names
			// the missing-licence default.
			lic = canon(first(e.MissingLicense, dcat.DefaultMissingLicense))
		}
		if l, ok := dcat.LicenseFor(first(lic, want.License)); ok && l.Attribution && dist.LicenseAttribution == "" && want.Publisher != nil {
			dist.LicenseAttribution = want.Publisher.Name.String()
		}
		dist.License = lic
	}
	return want
}

// first returns the first non-empty string.
func first(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
