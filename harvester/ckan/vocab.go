package ckan

import (
	"encoding/json"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/harvester/jsonvalue"
)

// themes returns the package's EU themes, once each, in order: from its
// groups (see groupThemes), then from a DCAT theme property (a list of theme
// IRIs or codes).
func themes(pkg jsonvalue.Object, p props) []string {
	var out []string
	seen := map[string]bool{}
	add := func(codes ...string) {
		for _, c := range codes {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	groups, _ := pkg.Array("groups")
	for _, raw := range groups {
		name := strings.TrimSpace(jsonvalue.Text(raw))
		if g := jsonvalue.Parse(raw); g != nil {
			name = g.Text("name")
		}
		add(groupTheme(name)...)
	}
	for _, v := range p.strings("theme", true) {
		if c := themeCode(v); c != "" {
			add(c)
		}
	}
	return out
}

// groupTheme returns the EU themes of a CKAN group name: GovData's
// category groups, theme codes and names (see dcat.ThemeCodes).
func groupTheme(name string) []string { return dcat.ThemeCodes(name) }

// themeCode returns the EU theme code of a code ("envi", "ENVI") or a theme
// IRI, or "".
func themeCode(v string) string {
	if codes := dcat.ThemeCodes(v); len(codes) == 1 {
		return codes[0]
	}
	return ""
}

// frequency returns the EU frequency code of a code, an IRI, a word or an
// ISO 8601 duration; "" if it names none (see dcat.FrequencyCode).
func frequency(v string) string { return dcat.FrequencyCode(v) }

// accessRights returns the access-right code of a code, IRI or word
// among those the domain knows (public, restricted, non-public), or "".
func accessRights(v string) string {
	switch c := dcat.AccessRightsCode(v); c {
	case municat.AccessPublic, municat.AccessRestricted, municat.AccessNonPublic:
		return c
	}
	return ""
}

// languages returns the ISO 639-1 codes of a language property: a code, an
// EU language IRI (".../language/DEU"), or a list of them; once each.
func languages(raw json.RawMessage) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range jsonvalue.TextList(raw, true) {
		if c := langCode(v); c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// langCode returns the language code of "de", "DEU", "de-DE", "de_DE" or a
// language IRI (see dcat.LanguageCode), or "".
func langCode(v string) string {
	s := strings.TrimSpace(v)
	if len(s) == 5 && (s[2] == '-' || s[2] == '_') {
		s = s[:2]
	}
	return dcat.LanguageCode(s)
}
