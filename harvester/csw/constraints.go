package csw

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// constraint is one statement of a resourceConstraints block.
type constraint struct {
	text   string // the statement in the record's language
	href   string // the xlink:href of its gmx:Anchor, if any
	access bool   // it belongs to a block with accessConstraints
}

// constraints returns the useLimitation and otherConstraints statements
// of the resource's constraint blocks (MD_Constraints, MD_LegalConstraints
// and their kin), in order.
func constraints(ident *element) []constraint {
	var out []constraint
	for _, rc := range ident.children(nsGMD, "resourceConstraints") {
		for _, block := range rc.kids {
			access := len(block.children(nsGMD, "accessConstraints")) > 0
			for _, k := range block.kids {
				if k.is(nsGMD, "useLimitation") || k.is(nsGMD, "otherConstraints") {
					out = append(out, constraint{text: value(k), href: href(k), access: access && k.is(nsGMD, "otherConstraints")})
				}
			}
		}
	}
	return out
}

// license returns the resource's licence: the id of a DCAT-AP.de licence
// named by a GDI-DE JSON statement ({"id": "dl-by-de/2.0", "url": …}), an
// anchor, a URL in a statement or a statement's whole text; else the
// licence URL of a JSON statement or anchor, or a URL in a statement that
// speaks of a licence; else "".
func license(ident *element) string {
	cs := constraints(ident)
	var fallback string
	for _, c := range cs {
		if j, ok := parseLicenseJSON(c.text); ok {
			for _, s := range []string{j.ID, j.URL, j.Name} {
				if l, ok := dcat.LicenseFor(s); ok {
					return l.ID
				}
			}
			if fallback == "" {
				fallback = absoluteURL(j.URL)
			}
		}
	}
	for _, c := range cs {
		if c.href != "" && !isINSPIRECodelist(c.href) {
			if l, ok := dcat.LicenseFor(c.href); ok {
				return l.ID
			}
			if fallback == "" {
				fallback = absoluteURL(c.href)
			}
		}
	}
	for _, c := range cs {
		if l, ok := dcat.LicenseFor(c.text); ok {
			return l.ID
		}
		for _, u := range urlsIn(c.text) {
			if l, ok := dcat.LicenseFor(u); ok {
				return l.ID
			}
			if fallback == "" && mentionsLicense(c.text) {
				fallback = u
			}
		}
	}
	return fallback
}

// licenseJSON is the licence statement GDI-DE's conventions write into
// otherConstraints: {"id": "dl-by-de/2.0", "name": "…", "url": "…",
// "quelle": "…"}.
type licenseJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

// parseLicenseJSON reads a GDI-DE licence statement; ok is false if s is
// no JSON object.
func parseLicenseJSON(s string) (licenseJSON, bool) {
	s = strings.TrimSpace(s)
	var j licenseJSON
	if !strings.HasPrefix(s, "{") || json.Unmarshal([]byte(s), &j) != nil {
		return j, false
	}
	j.ID, j.Name, j.URL = strings.TrimSpace(j.ID), strings.TrimSpace(j.Name), strings.TrimSpace(j.URL)
	return j, true
}

// urlPattern finds web addresses in a statement.
var urlPattern = regexp.MustCompile(`https?://[^\s"'<>()\[\]{}]+`)

// urlsIn returns the absolute web addresses in s, without trailing
// punctuation.
func urlsIn(s string) []string {
	var out []string
	for _, m := range urlPattern.FindAllString(s, 20) {
		if u := absoluteURL(strings.TrimRight(m, ".,;:!?")); u != "" {
			out = append(out, u)
		}
	}
	return out
}

// mentionsLicense reports whether a statement speaks of a licence.
func mentionsLicense(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "lizenz") || strings.Contains(s, "licen")
}

// isINSPIRECodelist reports whether href is a value of an INSPIRE
// metadata code list (LimitationsOnPublicAccess,
// ConditionsApplyingToAccessAndUse): an access statement, no licence.
func isINSPIRECodelist(href string) bool {
	return strings.Contains(href, "inspire.ec.europa.eu/metadata-codelist/")
}

// restrictedCodes are the MD_RestrictionCode and MD_ClassificationCode
// values that restrict access itself. copyright, license, patent,
// trademark and intellectualPropertyRights restrict the use, not the
// access, and say nothing about it.
var restrictedCodes = map[string]bool{
	"restricted": true, "confidential": true, "secret": true, "topsecret": true, "sensitivebutunclassified": true,
	"forofficialuseonly": true, "protected": true, "limiteddistribution": true,
}

// publicPhrases are what access statements say when there is no
// limitation, in lower case: the INSPIRE code list value and its German,
// English and French wordings.
var publicPhrases = []string{
	"nolimitations", "no limitations", "keine zugriffsbeschränkung", "keine beschränkung", "nicht beschränkt",
	"es gelten keine bedingungen", "keine bedingungen", "no conditions apply", "pas de restriction", "aucune restriction",
}

// restrictingPhrases are what access statements say when an article of the
// INSPIRE directive (Article 13) or its national law limits public access.
var restrictingPhrases = []string{"article 13", "artikel 13", "art. 13", "art 13", "article13", "l124-4", "l124-5", "§ 12 geozg", "§12 geozg"}

// accessRights returns PUBLIC when the resource's access statements say
// there is no limitation on public access (the INSPIRE noLimitations
// anchor or its wording), RESTRICTED when an access or classification
// code or an INSPIRE Article 13 reason limits it, and "" when the record
// does not say. A restriction wins over a statement of no limitation.
func accessRights(ident *element) string {
	restricted, public := false, false
	for _, rc := range ident.children(nsGMD, "resourceConstraints") {
		for _, block := range rc.kids {
			for _, ac := range block.children(nsGMD, "accessConstraints") {
				restricted = restricted || restrictedCodes[strings.ToLower(code(ac))]
			}
			for _, cl := range block.children(nsGMD, "classification") {
				c := strings.ToLower(code(cl))
				restricted = restricted || c != "" && c != "unclassified"
			}
		}
	}
	for _, c := range constraints(ident) {
		h := strings.ToLower(c.href)
		switch {
		case strings.Contains(h, "limitationsonpublicaccess/nolimitations"):
			public = true
		case strings.Contains(h, "limitationsonpublicaccess/inspire_directive_article13"):
			restricted = true
		case c.access:
			t := strings.ToLower(c.text)
			switch { // "keine Beschränkung nach Art. 13" is public
			case containsAny(t, publicPhrases):
				public = true
			case containsAny(t, restrictingPhrases):
				restricted = true
			}
		}
	}
	switch {
	case restricted:
		return municat.AccessRestricted
	case public:
		return municat.AccessPublic
	}
	return ""
}

// containsAny reports whether s contains one of subs.
func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
