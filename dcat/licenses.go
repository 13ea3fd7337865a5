package dcat

import (
	"strings"
)

// LicenseBase is the namespace of the DCAT-AP.de licence IRIs.
const LicenseBase = "http://dcat-ap.de/def/licenses/"

// License is an entry of the DCAT-AP.de licence list.
type License struct {
	// ID is the list's id, e.g. "dl-by-de/2.0".
	ID string
	// IRI is the exact IRI the list uses: http, no "www.", no trailing
	// slash, e.g. "http://dcat-ap.de/def/licenses/dl-by-de/2.0".
	IRI string
	// Name is the German name, e.g. "Datenlizenz Deutschland Namensnennung 2.0".
	Name string
	// Homepage is the licence text's web page.
	Homepage string
	// Open says whether GovData counts the licence as open.
	Open bool
	// Attribution says whether the licence requires naming the source, so
	// that dcatde:licenseAttributionByText must be given (Konvention 35).
	Attribution bool
}

// attributionLicenses are the list's licences that require attribution:
// the Creative Commons BY family, Datenlizenz Deutschland Namensnennung,
// ODC-BY, ODbL and the GeoNutzV licences (which require a source note).
// The list itself does not say this; it was decided by reading the
// licence texts' names.
var attributionLicenses = map[string]bool{
	"cc-by": true, "cc-by/4.0": true, "cc-by-de/3.0": true, "cc-by-nc": true, "cc-by-nc-de/3.0": true,
	"cc-by-nc/4.0": true, "cc-by-nd": true, "cc-by-nd/3.0": true, "cc-by-nd/4.0": true, "cc-by-sa": true,
	"cc-by-sa-de/3.0": true, "cc-by-sa/4.0": true, "dl-by-de/1.0": true, "dl-by-de/2.0": true,
	"dl-by-nc-de/1.0": true, "odby": true, "odbl": true, "geonutz/20130319": true, "geoNutz/20131001": true,
}

// Licenses is the DCAT-AP.de licence list (version 20200715), sorted by id.
var Licenses = loadLicenses()

var licenseIndex = func() map[string]int {
	m := map[string]int{}
	for i, l := range Licenses {
		m[strings.ToLower(l.ID)] = i
		m[normLicenseKey(l.Name)] = i
	}
	for alias, id := range licenseAliases {
		m[normLicenseKey(alias)] = m[strings.ToLower(id)]
	}
	return m
}()

func loadLicenses() []License {
	v := loadVocabulary("licenses.tsv", "http://dcat-ap.de/def/licenses", LicenseBase, "de")
	out := make([]License, 0, len(v.concepts))
	for _, c := range v.concepts {
		l := License{ID: c.Code, IRI: c.IRI, Name: c.Label["de"], Attribution: attributionLicenses[c.Code]}
		if len(c.extra) > 0 {
			l.Homepage = c.extra[0]
		}
		if len(c.extra) > 1 {
			l.Open = c.extra[1] == "true"
		}
		out = append(out, l)
	}
	return out
}

// licenseAliases maps the names real sources give licences (GovData's and
// other CKAN portals' license ids, SPDX ids, licence URLs without scheme,
// EU licence-table codes) to DCAT-AP.de ids. Keys are compared after
// normLicenseKey.
var licenseAliases = map[string]string{
	// GovData / CKAN license ids.
	"dl-de-by-2.0": "dl-by-de/2.0", "dl-de-by-1.0": "dl-by-de/1.0", "dl-de-zero-2.0": "dl-zero-de/2.0",
	"dl-de-by-nc-1.0": "dl-by-nc-de/1.0", "dl-by-de-2.0": "dl-by-de/2.0", "dl-zero-de-2.0": "dl-zero-de/2.0",
	"cc-by-4.0": "cc-by/4.0", "cc-by-sa-4.0": "cc-by-sa/4.0", "cc-by-nd-4.0": "cc-by-nd/4.0",
	"cc-by-nc-4.0": "cc-by-nc/4.0", "cc-by-3.0": "cc-by", "cc-by-de-3.0": "cc-by-de/3.0",
	"cc-by-sa-de-3.0": "cc-by-sa-de/3.0", "cc-by-nc-de-3.0": "cc-by-nc-de/3.0", "cc-by-nd-3.0": "cc-by-nd/3.0",
	"cc-nc": "cc-by-nc", "cc-zero": "cc-zero", "cc0": "cc-zero", "cc-zero-1.0": "cc-zero", "cc-zero/1.0": "cc-zero",
	"cc0-1.0": "cc-zero", "odc-odbl": "odbl", "odc-by": "odby", "odc-pddl": "odcpddl", "odbl-1.0": "odbl",
	"odc-by-1.0": "odby", "pddl-1.0": "odcpddl", "geonutz-20130319": "geonutz/20130319",
	"geonutz-20131001": "geoNutz/20131001", "gpl-3.0": "gpl/3.0", "bsd-license": "bsd", "ccpdm-1.0": "ccpdm/1.0",
	"mpl-2.0": "mozilla", "apache-2.0": "apache", "gfdl-1.3": "gfdl", "other-at": "other-open",
	"notspecified": "other-closed", "officialwork": "officialWork",
	// SPDX ids not covered above.
	"cc-by-sa-3.0": "cc-by-sa", "cc-by-nd-3.0-de": "cc-by-nd/3.0", "cc-by-3.0-de": "cc-by-de/3.0",
	// Licence pages.
	"creativecommons.org/licenses/by/4.0": "cc-by/4.0", "creativecommons.org/licenses/by-sa/4.0": "cc-by-sa/4.0",
	"creativecommons.org/licenses/by-nd/4.0": "cc-by-nd/4.0", "creativecommons.org/licenses/by-nc/4.0": "cc-by-nc/4.0",
	"creativecommons.org/licenses/by/3.0/de": "cc-by-de/3.0", "creativecommons.org/licenses/by-sa/3.0/de": "cc-by-sa-de/3.0",
	"creativecommons.org/licenses/by-nc/3.0/de": "cc-by-nc-de/3.0", "creativecommons.org/licenses/by-nd/3.0": "cc-by-nd/3.0",
	"creativecommons.org/licenses/by/3.0": "cc-by", "creativecommons.org/licenses/by-sa/3.0": "cc-by-sa",
	"creativecommons.org/publicdomain/zero/1.0": "cc-zero", "creativecommons.org/publicdomain/mark/1.0": "ccpdm/1.0",
	"govdata.de/dl-de/by-2-0": "dl-by-de/2.0", "govdata.de/dl-de/zero-2-0": "dl-zero-de/2.0",
	"govdata.de/dl-de/by-1-0": "dl-by-de/1.0", "govdata.de/dl-de/by-nc-1-0": "dl-by-nc-de/1.0",
	"opendatacommons.org/licenses/odbl": "odbl", "opendatacommons.org/licenses/odbl/1.0": "odbl",
	"opendatacommons.org/licenses/by": "odby", "opendatacommons.org/licenses/by/1.0": "odby",
	"opendatacommons.org/licenses/pddl": "odcpddl", "opendatacommons.org/licenses/pddl/1.0": "odcpddl",
	// EU licence authority table codes.
	"cc_by_4_0": "cc-by/4.0", "cc_bysa_4_0": "cc-by-sa/4.0", "cc_bynd_4_0": "cc-by-nd/4.0", "cc_bync_4_0": "cc-by-nc/4.0",
	"dl_de_by_2_0": "dl-by-de/2.0", "dl_de_zero_2_0": "dl-zero-de/2.0", "odc_by": "odby",
	"odc_bl": "odbl", "odc_pddl": "odcpddl", "gpl_3_0": "gpl/3.0", "apache_2_0": "apache", "mpl_2_0": "mozilla",
	// Names.
	"datenlizenz deutschland – namensnennung – version 2.0": "dl-by-de/2.0",
	"datenlizenz deutschland – zero – version 2.0":          "dl-zero-de/2.0",
	"datenlizenz deutschland namensnennung 2.0":             "dl-by-de/2.0",
	"datenlizenz deutschland zero 2.0":                      "dl-zero-de/2.0",
	"creative commons attribution 4.0 international":        "cc-by/4.0",
	"creative commons namensnennung 4.0 international":      "cc-by/4.0",
	"creative commons cczero":                               "cc-zero",
	"open data commons open database license (odbl)":        "odbl",
	"amtliches werk, lizenzfrei nach §5 abs. 1 urhg":        "officialWork",
	"license not specified":                                 "other-closed",
}

// normLicenseKey lower-cases s and strips what varies between spellings of
// the same licence URL: scheme, "www.", a trailing slash, "legalcode" and
// "deed.xx" suffixes.
func normLicenseKey(s string) string {
	s = strings.ToLower(stripScheme(strings.TrimSpace(s)))
	s = strings.TrimSuffix(s, "/")
	if i := strings.LastIndex(s, "/"); i >= 0 {
		last := s[i+1:]
		if last == "legalcode" || strings.HasPrefix(last, "deed") {
			s = s[:i]
		}
	}
	return strings.Join(strings.Fields(s), " ")
}

// LicenseFor returns the DCAT-AP.de licence a source's licence value
// names: a list id ("dl-by-de/2.0"), a list IRI with or without https,
// "www." or trailing slash, a GovData/CKAN id ("dl-de-by-2.0",
// "cc-by-4.0", "odc-odbl", "other-closed"), an SPDX id ("CC-BY-4.0",
// "CC0-1.0"), an EU licence-table IRI or code, a licence page URL
// ("https://creativecommons.org/licenses/by/4.0/") or the list's German
// name. It reports false for anything else.
func LicenseFor(s string) (License, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return License{}, false
	}
	if rest, ok := cutBase(s, LicenseBase); ok {
		s = rest
	} else if rest, ok := cutBase(s, euAuthority+"licence/"); ok {
		s = rest
	}
	if i, ok := licenseIndex[strings.ToLower(s)]; ok {
		return Licenses[i], true
	}
	if i, ok := licenseIndex[normLicenseKey(s)]; ok {
		return Licenses[i], true
	}
	return License{}, false
}
