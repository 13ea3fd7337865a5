package ckan

import (
	"encoding/json"
	"strings"

	"github.com/municat/municat"
)

// groupThemes maps the names of GovData's category groups to EU data themes.
// It follows GovData's own migration table (ckanext-dcatde
// examples/category_mapping.json), and fills two of its gaps: "geo" and
// "infrastruktur_bauen_wohnen" → REGI. "verbraucher" (consumer protection)
// has no EU theme; it maps to none, as at GovData. Groups named after an EU
// theme code ("envi", as in DCAT-AP.de portals) map to that theme.
var groupThemes = map[string][]string{
	"bevoelkerung":                    {"SOCI"},
	"bildung_wissenschaft":            {"EDUC", "TECH"},
	"energie":                         {"ENER"},
	"geo":                             {"REGI"},
	"gesetze_justiz":                  {"JUST"},
	"gesundheit":                      {"HEAL"},
	"infrastruktur_bauen_wohnen":      {"REGI"},
	"international":                   {"INTR"},
	"kultur_freizeit_sport_tourismus": {"EDUC"},
	"landwirtschaft":                  {"AGRI"},
	"politik_wahlen":                  {"GOVE"},
	"regierung_oeffentlicher_sektor":  {"GOVE"},
	"soziales":                        {"SOCI"},
	"transport_verkehr":               {"TRAN"},
	"umwelt_klima":                    {"ENVI"},
	"verbraucher":                     nil,
	"verwaltung":                      {"GOVE"},
	"wirtschaft_arbeit":               {"ECON"},
}

// themes returns the package's EU themes, once each, in order: from its
// groups (see groupThemes), then from a DCAT theme property (a list of theme
// IRIs or codes).
func themes(pkg object, p props) []string {
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
	groups, _ := pkg.array("groups")
	for _, raw := range groups {
		name := strings.TrimSpace(text(raw))
		if g := parseObject(raw); g != nil {
			name = g.str("name")
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

// groupTheme returns the themes of a group name.
func groupTheme(name string) []string {
	name = strings.ToLower(strings.TrimSpace(name))
	if codes, ok := groupThemes[name]; ok {
		return codes
	}
	if strings.HasPrefix(name, "landwirtschaft") {
		return []string{"AGRI"}
	}
	if c := themeCode(name); c != "" {
		return []string{c}
	}
	return nil
}

// themeCode returns the EU theme code of a code ("envi", "ENVI") or a theme
// IRI, or "".
func themeCode(v string) string {
	c := strings.ToUpper(lastSegment(v))
	if _, ok := municat.ThemeByCode(c); ok {
		return c
	}
	return ""
}

// lastSegment returns what follows the last "/" or "#" of an IRI, or s
// trimmed if it has none.
func lastSegment(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), "/")
	return s[strings.LastIndexAny(s, "/#")+1:]
}

// frequencyCodes are the codes of the EU frequency vocabulary.
var frequencyCodes = map[string]bool{
	"ANNUAL": true, "ANNUAL_2": true, "ANNUAL_3": true, "BIENNIAL": true, "BIHOURLY": true,
	"BIMONTHLY": true, "BIWEEKLY": true, "CONT": true, "DAILY": true, "DAILY_2": true,
	"DECENNIAL": true, "HOURLY": true, "IRREG": true, "MONTHLY": true, "MONTHLY_2": true,
	"MONTHLY_3": true, "NEVER": true, "OP_DATPRO": true, "OTHER": true, "QUADRENNIAL": true,
	"QUARTERLY": true, "QUINQUENNIAL": true, "TRIDECENNIAL": true, "TRIENNIAL": true,
	"TRIHOURLY": true, "UNKNOWN": true, "UPDATE_CONT": true, "WEEKLY": true,
	"WEEKLY_2": true, "WEEKLY_3": true,
}

// frequencyWords maps words and ISO 8601 durations publishers use to EU
// frequency codes.
var frequencyWords = map[string]string{
	"daily": "DAILY", "täglich": "DAILY", "taeglich": "DAILY", "p1d": "DAILY", "r/p1d": "DAILY",
	"weekly": "WEEKLY", "wöchentlich": "WEEKLY", "woechentlich": "WEEKLY", "p1w": "WEEKLY", "r/p1w": "WEEKLY", "p7d": "WEEKLY",
	"biweekly": "BIWEEKLY", "p2w": "BIWEEKLY", "r/p2w": "BIWEEKLY",
	"monthly": "MONTHLY", "monatlich": "MONTHLY", "p1m": "MONTHLY", "r/p1m": "MONTHLY",
	"quarterly": "QUARTERLY", "vierteljährlich": "QUARTERLY", "quartalsweise": "QUARTERLY", "p3m": "QUARTERLY", "r/p3m": "QUARTERLY",
	"semiannual": "ANNUAL_2", "halbjährlich": "ANNUAL_2", "p6m": "ANNUAL_2", "r/p6m": "ANNUAL_2",
	"annual": "ANNUAL", "annually": "ANNUAL", "yearly": "ANNUAL", "jährlich": "ANNUAL", "jaehrlich": "ANNUAL", "p1y": "ANNUAL", "r/p1y": "ANNUAL",
	"biennial": "BIENNIAL", "p2y": "BIENNIAL", "r/p2y": "BIENNIAL",
	"hourly": "HOURLY", "stündlich": "HOURLY", "pt1h": "HOURLY", "r/pt1h": "HOURLY",
	"continuous": "UPDATE_CONT", "realtime": "UPDATE_CONT", "echtzeit": "UPDATE_CONT",
	"irregular": "IRREG", "unregelmäßig": "IRREG", "bei bedarf": "IRREG", "as needed": "IRREG",
	"never": "NEVER", "unknown": "UNKNOWN", "unbekannt": "UNKNOWN", "other": "OTHER",
}

// frequency returns the EU frequency code of a code, an IRI of the EU
// vocabulary (or one whose last segment is a known word), a word or an ISO
// 8601 duration; "" if it names none.
func frequency(v string) string {
	v = strings.TrimSpace(v)
	if c := strings.ToUpper(lastSegment(v)); frequencyCodes[c] {
		return c
	}
	if c := frequencyWords[strings.ToLower(v)]; c != "" {
		return c
	}
	return frequencyWords[strings.ToLower(lastSegment(v))]
}

// accessRights returns the EU access-right code of a code, IRI or word, or
// "" if it names none.
func accessRights(v string) string {
	c := strings.ToUpper(strings.ReplaceAll(lastSegment(v), "-", "_"))
	switch c {
	case municat.AccessPublic, municat.AccessRestricted, municat.AccessNonPublic:
		return c
	case "ÖFFENTLICH", "OPEN":
		return municat.AccessPublic
	}
	return ""
}

// iso6392 maps ISO 639-2 codes of the languages a German portal may meet
// (the EU's official languages and a few more) to ISO 639-1.
var iso6392 = map[string]string{
	"deu": "de", "ger": "de", "eng": "en", "fra": "fr", "fre": "fr", "ita": "it", "spa": "es",
	"nld": "nl", "dut": "nl", "pol": "pl", "por": "pt", "dan": "da", "swe": "sv", "fin": "fi",
	"ces": "cs", "cze": "cs", "slk": "sk", "slo": "sk", "slv": "sl", "hun": "hu", "ron": "ro",
	"rum": "ro", "bul": "bg", "ell": "el", "gre": "el", "hrv": "hr", "est": "et", "lav": "lv",
	"lit": "lt", "gle": "ga", "mlt": "mt", "tur": "tr", "ukr": "uk", "rus": "ru", "ara": "ar",
	"zho": "zh", "chi": "zh", "nor": "no", "ltz": "lb", "fry": "fy",
}

// languages returns the ISO 639-1 codes of a language property: a code, an
// EU language IRI (".../language/DEU"), or a list of them; once each.
func languages(raw json.RawMessage) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range stringList(raw, true) {
		if c := langCode(v); c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// langCode returns the ISO 639-1 code of "de", "DEU", "de-DE", "de_DE" or a
// language IRI, or "".
func langCode(v string) string {
	s := strings.ToLower(lastSegment(v))
	if len(s) == 5 && (s[2] == '-' || s[2] == '_') {
		s = s[:2]
	}
	switch len(s) {
	case 2:
		if s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z' {
			return s
		}
	case 3:
		return iso6392[s]
	}
	return ""
}
