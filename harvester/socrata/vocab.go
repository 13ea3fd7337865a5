package socrata

import (
	"cmp"
	"strings"

	"github.com/municat/municat/dcat"
	"github.com/municat/municat/harvester"
)

// categoryThemes maps the categories every Socrata portal shares (the
// Discovery API's classification.categories) and the usual words of
// portals' own categories to EU data themes, for what dcat.ThemeCodes does
// not know. Socrata's "infrastructure" and "housing & development" go to
// REGI as GovData's "infrastruktur_bauen_wohnen" does; "public safety" to
// JUST (justice, legal system and public safety).
var categoryThemes = map[string]string{
	"business": "ECON", "economy": "ECON", "finance": "ECON", "economic development": "ECON",
	"demographics": "SOCI", "social services": "SOCI", "housing": "SOCI",
	"education": "EDUC", "recreation": "EDUC", "culture": "EDUC", "arts": "EDUC",
	"environment": "ENVI", "government": "GOVE", "politics": "GOVE",
	"health": "HEAL", "infrastructure": "REGI", "housing & development": "REGI", "development": "REGI",
	"public safety": "JUST", "transportation": "TRAN", "energy": "ENER",
}

// themesOf returns the EU themes the categories name, and the categories
// that name none. A category names a theme if dcat.ThemeCodes knows it, if
// categoryThemes does, or if a part of it around "&", "and", "," or "/"
// does ("Government & Finance" → GOVE and ECON).
func themesOf(categories []string) (themes, rest []string) {
	for _, c := range categories {
		c = oneLine(c)
		codes := themeCodes(c)
		if len(codes) == 0 {
			parts := strings.FieldsFunc(strings.ReplaceAll(strings.ToLower(c), " and ", "&"), func(r rune) bool {
				return r == '&' || r == ',' || r == '/'
			})
			for _, p := range parts {
				codes = append(codes, themeCodes(p)...)
			}
		}
		if len(codes) == 0 {
			if c != "" {
				rest = append(rest, c)
			}
			continue
		}
		themes = append(themes, codes...)
	}
	return harvester.Unique(themes), harvester.Unique(rest)
}

func themeCodes(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if codes := dcat.ThemeCodes(s); len(codes) > 0 {
		return codes
	}
	if c := categoryThemes[strings.ToLower(s)]; c != "" {
		return []string{c}
	}
	return nil
}

// licenseNames maps the names Socrata gives its licences
// (metadata.license) to ids dcat.LicenseFor knows. The names are those of
// Socrata's licence picker; "Public Domain", "Public Domain U.S.
// Government" and the national government licences have no DCAT-AP.de
// entry and are kept as named.
var licenseNames = map[string]string{
	"creative commons 1.0 universal (public domain dedication)":       "CC0-1.0",
	"creative commons attribution 3.0 unported":                       "CC-BY-3.0",
	"creative commons attribution | share alike 3.0 unported":         "CC-BY-SA-3.0",
	"creative commons attribution | no derivative works 3.0 unported": "CC-BY-ND-3.0",
	"creative commons attribution | noncommercial 3.0 unported":       "cc-by-nc",
	"creative commons attribution 4.0 international":                  "CC-BY-4.0",
	"creative commons attribution | share alike 4.0 international":    "CC-BY-SA-4.0",
	"open data commons public domain dedication and license":          "PDDL-1.0",
	"open data commons open database license":                         "ODbL-1.0",
	"open data commons attribution license":                           "ODC-By-1.0",
}

// license returns the asset's licence: the DCAT-AP.de id when its name (or
// the Common Core licence URL) names a listed licence, else the name (else
// the URL) as Socrata gives it.
func license(name, commonCore string) string {
	for _, v := range []string{name, commonCore} {
		v = oneLine(v)
		if alias := licenseNames[strings.ToLower(v)]; alias != "" {
			v = alias
		}
		if l, ok := dcat.LicenseFor(v); ok {
			return l.ID
		}
	}
	return cmp.Or(oneLine(name), absoluteURL(commonCore))
}
