package ckanapi

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// geocodingBase is the namespace of DCAT-AP.de's political geocoding URIs
// (and, under Level/, of their levels: dcat.GeocodingLevels).
const geocodingBase = "http://dcat-ap.de/def/politicalGeocoding/"

// extras returns the DCAT-AP and DCAT-AP.de properties of d as CKAN extras,
// under the keys ckanext-dcat and ckanext-dcatde use, sorted by key. Lists
// are JSON lists in a string, as those extensions write them. org is the
// dataset's organisation (nil if unknown); its contributor id stands in for
// a dataset without one (DCAT-AP.de convention 13).
func (a *api) extras(d *municat.Dataset, org *municat.Organization) []Extra {
	m := map[string]string{}
	set := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			m[k] = v
		}
	}
	setList := func(k string, vs []string) {
		if vs = municat.Distinct(vs); len(vs) > 0 {
			m[k] = jsonList(vs)
		}
	}
	set("identifier", d.Identifier)
	set("issued", ckanTime(d.Issued))
	set("modified", ckanTime(d.Modified))
	contributors := d.ContributorIDs
	if len(contributors) == 0 && org != nil && org.ContributorID != "" {
		contributors = []string{org.ContributorID}
	}
	setList("contributorID", contributors)
	if p := d.Publisher; p != nil {
		set("publisher_name", text(p.Name))
		set("publisher_email", p.Email)
		set("publisher_url", p.Homepage)
		set("publisher_uri", p.URI)
	} else if org != nil {
		set("publisher_name", org.Name)
		set("publisher_email", org.Email)
		set("publisher_url", org.Homepage)
	}
	if c := d.ContactPoint; c != nil {
		set("maintainer_url", c.URL)
		set("maintainer_tel", c.Phone)
	}
	if c := d.Creator; c != nil {
		set("author_url", c.Homepage)
	}
	if c := d.Custodian; c != nil && d.ContactPoint != nil {
		set("originator_name", text(c.Name))
		set("originator_email", c.Email)
	}
	if t := d.Temporal; t != nil {
		set("temporal_start", ckanTime(t.Start))
		set("temporal_end", ckanTime(t.End))
	}
	if s := d.Spatial; s != nil {
		if s.BBox != nil {
			set("spatial", bboxGeoJSON(s.BBox))
		}
		if len(s.Names) > 0 {
			set("spatial_text", s.Names[0])
			setList("geocodingText", s.Names)
		}
		var political, other []string
		for _, u := range s.URIs {
			if strings.HasPrefix(u, geocodingBase) && !strings.HasPrefix(u, dcat.GeocodingLevels.Base) {
				political = append(political, u)
			} else {
				other = append(other, u)
			}
		}
		setList("politicalGeocodingURI", political)
		if len(other) > 0 {
			set("spatial_uri", other[0])
		}
	}
	if d.PoliticalGeocodingLevel != "" {
		set("politicalGeocodingLevelURI", dcat.GeocodingLevels.Base+d.PoliticalGeocodingLevel)
	}
	if d.Frequency != "" {
		set("frequency", dcat.Frequencies.Base+d.Frequency)
	}
	if d.AccessRights != "" {
		set("access_rights", dcat.AccessRights.Base+d.AccessRights)
	}
	var themes []string
	for _, c := range d.Themes {
		themes = append(themes, municat.ThemeBaseIRI+c)
	}
	setList("theme", themes)
	setList("language", languageIRIs(d.Languages))
	setList("conforms_to", d.ConformsTo)
	setList("documentation", d.Pages)
	setList("alternate_identifier", d.OtherIdentifiers)
	setList("references", d.References)
	setList("legalbasisURI", d.Legislation)
	if d.License != "" {
		if l, ok := dcat.LicenseFor(d.License); ok {
			set("license", l.IRI)
		}
	}
	out := make([]Extra, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, Extra{Key: k, Value: m[k]})
	}
	return out
}

// jsonList returns vs as a JSON list.
func jsonList(vs []string) string {
	b, _ := json.Marshal(vs) // a []string always encodes
	return string(b)
}

// bboxGeoJSON returns b as a GeoJSON polygon, as ckanext-spatial's spatial
// extra holds it.
func bboxGeoJSON(b *municat.BoundingBox) string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	w, s, e, n := f(b.West), f(b.South), f(b.East), f(b.North)
	return fmt.Sprintf(`{"type": "Polygon", "coordinates": [[[%s, %s], [%s, %s], [%s, %s], [%s, %s], [%s, %s]]]}`,
		w, s, e, s, e, n, w, n, w, s)
}
