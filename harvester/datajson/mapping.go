package datajson

import (
	"cmp"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/harvester"
)

// mapper maps the datasets of one catalogue.
type mapper struct {
	// base is the catalogue's URL after redirects; relative links resolve
	// against it.
	base string
	// lang is the language of the texts when a dataset names none.
	lang string
}

// dataset maps one DCAT-US dataset with the identifier id. It returns an
// error only for a dataset without a title; values that would make the
// dataset invalid (a malformed address, an impossible box or period) are
// left out instead. It never panics.
func (m *mapper) dataset(o object, id string) (*municat.Dataset, error) {
	langs := languages(o["language"])
	lang := m.lang
	if len(langs) > 0 {
		lang = langs[0]
	}
	keywords, themes := keywordsAndThemes(o)
	d := &municat.Dataset{
		Identifier:    id,
		Title:         newText(lang, plainText(o.str("title"))),
		Description:   newText(lang, markdown(o.str("description"))),
		Keywords:      keywords,
		Themes:        themes,
		Publisher:     publisher(o["publisher"], lang),
		ContactPoint:  contact(o["contactPoint"]),
		License:       license(o.str("license")),
		AccessRights:  accessRights(o.str("accessLevel")),
		Spatial:       spatial(o["spatial"]),
		Temporal:      parsePeriod(o.str("temporal")),
		Frequency:     frequency(o.str("accrualPeriodicity"), o.str("modified")),
		Issued:        harvester.ParseTime(o.str("issued")),
		Modified:      harvester.ParseTime(o.str("modified")),
		LandingPage:   absoluteURL(o.str("landingPage")),
		ConformsTo:    absoluteURLs(o.strs("conformsTo")),
		References:    absoluteURLs(o.strs("references")),
		Languages:     langs,
		Distributions: m.distributions(o["distribution"], lang),
		RemoteID:      id,
	}
	if d.Title.IsEmpty() {
		return nil, municat.Errorf(municat.EINVALID, "Der Datensatz %q hat keinen Titel (title) und wurde übersprungen.", municat.Shorten(id, 200))
	}
	return d, nil
}

// languages returns the municat codes of the dataset's languages
// ("en-US" → "en"), once each. Only two-letter codes are kept, since
// texts are keyed by them.
func languages(v any) []string {
	var out []string
	for _, s := range texts(v) {
		if code := dcat.LanguageCode(s); len(code) == 2 {
			out = append(out, code)
		}
	}
	return harvester.Unique(out)
}

// newText returns s in lang, or nil if s is empty.
func newText(lang, s string) municat.Text {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	return municat.Text{lang: s}
}

// keywordsAndThemes returns the keywords and the EU themes of a dataset. A
// keyword given as one string is split at commas. A theme that names an EU
// theme (dcat.ThemeCodes) becomes one; any other is kept as a keyword, as
// DCAT-US themes are free text ("Economic Development", "geospatial").
func keywordsAndThemes(o object) (keywords, themes []string) {
	var words []string
	if s, ok := o["keyword"].(string); ok {
		words = strings.Split(s, ",")
	} else {
		words = o.strs("keyword")
	}
	for _, t := range o.strs("theme") {
		codes := dcat.ThemeCodes(t)
		themes = append(themes, codes...)
		if len(codes) == 0 {
			words = append(words, t)
		}
	}
	for _, w := range words {
		if w = strings.Join(strings.Fields(w), " "); w != "" {
			keywords = append(keywords, w)
		}
	}
	return harvester.Unique(keywords), harvester.Unique(themes)
}

// publisher reads a DCAT-US publisher: an org:Organization object with a
// name (else its parent's, subOrganizationOf), or a plain name.
func publisher(v any, lang string) *municat.Agent {
	name := ""
	for o, depth := asObject(v), 0; o != nil && name == "" && depth < 8; o, depth = asObject(o["subOrganizationOf"]), depth+1 {
		name = plainText(cmp.Or(o.str("name"), o.str("fn"), o.str("title")))
	}
	if asObject(v) == nil {
		name = plainText(text(v))
	}
	if name == "" {
		return nil
	}
	return &municat.Agent{Name: newText(lang, name)}
}

// contact reads a DCAT-US contactPoint, a vCard: fn, hasEmail
// ("mailto:…"), hasURL and hasTelephone. A plain string counts as an
// address if it is one, else as a name.
func contact(v any) *municat.Contact {
	c := &municat.Contact{}
	if o := asObject(v); o != nil {
		c.Name = plainText(cmp.Or(o.str("fn"), o.str("name")))
		for _, s := range o.strs("hasEmail") {
			if c.Email = municat.CleanEmail(s); c.Email != "" {
				break
			}
		}
		c.URL = absoluteURL(o.str("hasURL"))
		c.Phone = strings.TrimPrefix(plainText(o.str("hasTelephone")), "tel:")
	} else if s, ok := v.(string); ok {
		if c.Email = municat.CleanEmail(s); c.Email == "" {
			c.Name = plainText(s)
		}
	}
	if *c == (municat.Contact{}) {
		return nil
	}
	return c
}

// license returns the dataset's licence: the DCAT-AP.de id when the value
// (or the first web address in it) names a listed licence, else that web
// address, else the value as plain text. ArcGIS Hub writes licences as
// HTML ("<DIV><P><SPAN>Soumis à la licence Etalab : https://…</SPAN>…").
func license(s string) string {
	if s == "" {
		return ""
	}
	plain := plainText(s)
	if l, ok := dcat.LicenseFor(plain); ok {
		return l.ID
	}
	if u := firstURL(markdown(s)); u != "" {
		if l, ok := dcat.LicenseFor(u); ok {
			return l.ID
		}
		return u
	}
	return municat.Shorten(plain, 300)
}

// accessRights maps a DCAT-US accessLevel to an EU access-right code.
func accessRights(level string) string {
	switch strings.ToLower(strings.Join(strings.Fields(level), " ")) {
	case "":
		return ""
	case "public":
		return municat.AccessPublic
	case "restricted public", "restricted-public", "restricted":
		return municat.AccessRestricted
	case "non-public", "non public", "nonpublic":
		return municat.AccessNonPublic
	}
	return dcat.AccessRightsCode(level)
}

// frequency returns the EU frequency code of accrualPeriodicity ("R/P1D",
// "irregular"), or else of modified when that is a repeating duration,
// which DCAT-US allows for data that changes all the time.
func frequency(periodicity, modified string) string {
	if c := dcat.FrequencyCode(periodicity); c != "" {
		return c
	}
	if strings.HasPrefix(strings.ToUpper(modified), "R/P") {
		return dcat.FrequencyCode(modified)
	}
	return ""
}
