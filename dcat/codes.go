package dcat

import (
	"strings"

	"github.com/municat/municat"
)

// lastSegment returns what follows the last "/" or "#" of s (after
// trimming a trailing slash), or s trimmed if it has neither.
func lastSegment(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), "/")
	return s[strings.LastIndexAny(s, "/#")+1:]
}

// labelIndex maps the lower-cased labels of v's concepts to their codes.
func labelIndex(v *Vocabulary) map[string]string {
	m := map[string]string{}
	for _, c := range v.concepts {
		for _, l := range c.Label {
			if k := strings.ToLower(l); m[k] == "" {
				m[k] = c.Code
			}
		}
	}
	return m
}

// frequencyWords maps words and ISO 8601 durations publishers use to EU
// frequency codes; a superset of the CKAN harvester's table.
var frequencyWords = map[string]string{
	"daily": "DAILY", "täglich": "DAILY", "taeglich": "DAILY", "p1d": "DAILY", "r/p1d": "DAILY",
	"weekly": "WEEKLY", "wöchentlich": "WEEKLY", "woechentlich": "WEEKLY", "p1w": "WEEKLY", "r/p1w": "WEEKLY", "p7d": "WEEKLY", "r/p7d": "WEEKLY",
	"biweekly": "BIWEEKLY", "p2w": "BIWEEKLY", "r/p2w": "BIWEEKLY", "14-täglich": "BIWEEKLY", "zweiwöchentlich": "BIWEEKLY",
	"monthly": "MONTHLY", "monatlich": "MONTHLY", "p1m": "MONTHLY", "r/p1m": "MONTHLY",
	"bimonthly": "BIMONTHLY", "zweimonatlich": "BIMONTHLY", "p2m": "BIMONTHLY", "r/p2m": "BIMONTHLY",
	"quarterly": "QUARTERLY", "vierteljährlich": "QUARTERLY", "quartalsweise": "QUARTERLY", "p3m": "QUARTERLY", "r/p3m": "QUARTERLY",
	"semiannual": "ANNUAL_2", "halbjährlich": "ANNUAL_2", "p6m": "ANNUAL_2", "r/p6m": "ANNUAL_2",
	"annual": "ANNUAL", "annually": "ANNUAL", "yearly": "ANNUAL", "jährlich": "ANNUAL", "jaehrlich": "ANNUAL", "p1y": "ANNUAL", "r/p1y": "ANNUAL",
	"biennial": "BIENNIAL", "p2y": "BIENNIAL", "r/p2y": "BIENNIAL",
	"triennial": "TRIENNIAL", "p3y": "TRIENNIAL", "r/p3y": "TRIENNIAL",
	"hourly": "HOURLY", "stündlich": "HOURLY", "pt1h": "HOURLY", "r/pt1h": "HOURLY",
	"continuous": "UPDATE_CONT", "realtime": "UPDATE_CONT", "echtzeit": "UPDATE_CONT", "kontinuierlich": "UPDATE_CONT",
	"irregular": "IRREG", "unregelmäßig": "IRREG", "bei bedarf": "IRREG", "as needed": "IRREG",
	"never": "NEVER", "nie": "NEVER", "unknown": "UNKNOWN", "unbekannt": "UNKNOWN", "other": "OTHER",
}

var frequencyIndex = func() map[string]string {
	m := labelIndex(Frequencies)
	for _, c := range Frequencies.concepts {
		if len(c.extra) > 0 && c.extra[0] != "" {
			m[strings.ToLower(lastSegment(c.extra[0]))] = c.Code
		}
	}
	for k, v := range frequencyWords {
		m[k] = v
	}
	return m
}()

// FrequencyCode returns the EU frequency code of a value: a code
// ("DAILY", "daily"), an EU frequency IRI, a Dublin Core collection
// frequency IRI (http://purl.org/cld/freq/annual), a German or English word
// ("täglich", "jährlich") or an ISO 8601 duration ("R/P1D", "P1Y"); "" if it
// names none.
func FrequencyCode(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if c, ok := Frequencies.ByIRI(s); ok {
		return c.Code
	}
	if c, ok := Frequencies.Lookup(s); ok {
		return c.Code
	}
	if c := frequencyIndex[strings.ToLower(s)]; c != "" {
		return c
	}
	if c, ok := Frequencies.Lookup(lastSegment(s)); ok {
		return c.Code
	}
	return frequencyIndex[strings.ToLower(lastSegment(s))]
}

// iso6391 maps ISO 639-1 codes to EU language codes.
var iso6391 = map[string]string{
	"de": "DEU", "en": "ENG", "fr": "FRA", "it": "ITA", "es": "SPA", "nl": "NLD", "pl": "POL", "pt": "POR",
	"da": "DAN", "sv": "SWE", "fi": "FIN", "cs": "CES", "sk": "SLK", "sl": "SLV", "hu": "HUN", "ro": "RON",
	"bg": "BUL", "el": "ELL", "hr": "HRV", "et": "EST", "lv": "LAV", "lt": "LIT", "ga": "GLE", "mt": "MLT",
	"tr": "TUR", "uk": "UKR", "ru": "RUS", "ar": "ARA", "zh": "ZHO", "no": "NOR", "nb": "NOB", "nn": "NNO",
	"lb": "LTZ", "fy": "FRY", "sr": "SRP", "bs": "BOS", "sq": "SQI", "mk": "MKD", "ja": "JPN", "ko": "KOR",
	"fa": "FAS", "hi": "HIN", "vi": "VIE", "he": "HEB", "is": "ISL", "ca": "CAT", "eu": "EUS", "gl": "GLG",
	"ku": "KUR", "cy": "CYM", "hy": "HYE", "ka": "KAT", "la": "LAT", "be": "BEL", "fo": "FAO", "kl": "KAL",
}

// iso6392b maps ISO 639-2/B codes that differ from the EU codes.
var iso6392b = map[string]string{
	"ger": "DEU", "fre": "FRA", "dut": "NLD", "cze": "CES", "slo": "SLK", "rum": "RON", "gre": "ELL",
	"chi": "ZHO", "alb": "SQI", "mac": "MKD", "per": "FAS", "ice": "ISL", "baq": "EUS", "arm": "HYE",
	"geo": "KAT", "wel": "CYM",
}

var (
	euToISO6391 = func() map[string]string {
		m := map[string]string{}
		for two, eu := range iso6391 {
			m[eu] = two
		}
		return m
	}()
	languageLabels = labelIndex(Languages)
)

// languageEU returns the EU language code of a value: an ISO 639-1 code
// ("de", "de-DE", "de_DE"), an ISO 639-2 code ("deu", "ger"), an EU
// language IRI or code ("DEU"), or a German or English name ("Deutsch",
// "German"); "" if it names none.
func languageEU(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if c, ok := Languages.ByIRI(s); ok {
		return c.Code
	}
	seg := strings.ToLower(lastSegment(s))
	if len(seg) == 5 && (seg[2] == '-' || seg[2] == '_') {
		seg = seg[:2]
	}
	switch len(seg) {
	case 2:
		return iso6391[seg]
	case 3:
		if eu := iso6392b[seg]; eu != "" {
			return eu
		}
		if c, ok := Languages.Lookup(strings.ToUpper(seg)); ok {
			return c.Code
		}
	}
	return languageLabels[strings.ToLower(s)]
}

// LanguageCode returns municat's code of a language value (see
// languageEU for the forms understood): the ISO 639-1 code where the
// language has one ("DEU" → "de"), else the lower-cased EU code ("DSB" →
// "dsb"); "" if it names no language of the EU table.
func LanguageCode(s string) string {
	eu := languageEU(s)
	if eu == "" {
		return ""
	}
	if two := euToISO6391[eu]; two != "" {
		return two
	}
	return strings.ToLower(eu)
}

// LanguageIRI returns the EU language IRI of a language value ("de" →
// http://publications.europa.eu/resource/authority/language/DEU), or "".
func LanguageIRI(s string) string {
	eu := languageEU(s)
	if eu == "" {
		return ""
	}
	return Languages.Base + eu
}

// groupThemes maps GovData's CKAN category group names to EU data themes,
// as the CKAN harvester does (GovData's own migration table plus "geo" and
// "infrastruktur_bauen_wohnen" → REGI; "verbraucher" has no EU theme).
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
	"oeffentliche_verwaltung_haushalt_steuern": {"GOVE"},
	"politik_wahlen":                 {"GOVE"},
	"regierung_oeffentlicher_sektor": {"GOVE"},
	"soziales":                       {"SOCI"},
	"transport_verkehr":              {"TRAN"},
	"umwelt_klima":                   {"ENVI"},
	"verbraucher":                    nil,
	"verwaltung":                     {"GOVE"},
	"wirtschaft_arbeit":              {"ECON"},
}

var themeLabels = func() map[string]string {
	m := labelIndex(DataThemes)
	for _, t := range municat.Themes {
		for _, l := range t.Label {
			m[strings.ToLower(l)] = t.Code
		}
	}
	return m
}()

// ThemeCodes returns the EU data-theme codes a value names: a code
// ("ENVI", "envi"), a data-theme IRI, a GovData/CKAN group name
// ("umwelt_klima", "bildung_wissenschaft" → EDUC and TECH, names starting
// with "landwirtschaft" → AGRI) or a theme's German or English name
// ("Umwelt"). It returns nil for anything else, including "verbraucher",
// which has no EU theme. Only the 13 themes of municat.Themes are returned.
func ThemeCodes(s string) []string {
	s = strings.TrimSpace(s)
	name := strings.ToLower(s)
	if codes, ok := groupThemes[name]; ok {
		return codes
	}
	if strings.HasPrefix(name, "landwirtschaft") {
		return []string{"AGRI"}
	}
	code := strings.ToUpper(lastSegment(s))
	if c, ok := DataThemes.ByIRI(s); ok {
		code = c.Code
	}
	if _, ok := municat.ThemeByCode(code); ok {
		return []string{code}
	}
	if c := themeLabels[name]; c != "" {
		return []string{c}
	}
	return nil
}

// codeOf returns the code of v that s names as code or IRI (ignoring case
// and turning "-" into "_"), else the code words maps lower-cased s or its
// last segment to; "" if none.
func codeOf(v *Vocabulary, s string, words map[string]string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if c, ok := v.ByIRI(s); ok {
		return c.Code
	}
	seg := lastSegment(s)
	if c, ok := v.Lookup(strings.ReplaceAll(seg, "-", "_")); ok {
		return c.Code
	}
	if c := words[strings.ToLower(s)]; c != "" {
		return c
	}
	return words[strings.ToLower(seg)]
}

var accessWords = map[string]string{
	"öffentlich": "PUBLIC", "open": "PUBLIC", "offen": "PUBLIC", "eingeschränkt": "RESTRICTED",
	"nicht öffentlich": "NON_PUBLIC", "nichtöffentlich": "NON_PUBLIC", "private": "NON_PUBLIC", "non-public": "NON_PUBLIC",
}

// AccessRightsCode returns the EU access-right code of a code, IRI or
// word ("PUBLIC", ".../access-right/NON_PUBLIC", "non-public",
// "öffentlich"), or "".
func AccessRightsCode(s string) string { return codeOf(AccessRights, s, accessWords) }

// AvailabilityCode returns the EU planned-availability code of a code or
// IRI, including the old DCAT-AP.de plannedAvailability IRIs
// (http://dcat-ap.de/def/plannedAvailability/stable), or "".
func AvailabilityCode(s string) string { return codeOf(PlannedAvailabilities, s, nil) }

var statusWords = map[string]string{
	"completed": "COMPLETED", "deprecated": "DEPRECATED", "underdevelopment": "DEVELOP", "withdrawn": "WITHDRAWN",
}

// StatusCode returns the EU distribution-status code of a code or IRI,
// including the deprecated ADMS status IRIs
// (http://purl.org/adms/status/UnderDevelopment → DEVELOP), or "".
func StatusCode(s string) string { return codeOf(DistributionStatuses, s, statusWords) }

var levelWords = map[string]string{
	"kommune": "municipality", "gemeinde": "municipality", "stadt": "municipality",
	"kreis": "administrativeDistrict", "landkreis": "administrativeDistrict",
	"land": "state", "bundesland": "state", "bund": "federal", "europa": "european",
}

// GeocodingLevelCode returns the DCAT-AP.de political geocoding level of a
// code, IRI or German word ("municipality", ".../Level/state", "Kommune"),
// or "".
func GeocodingLevelCode(s string) string { return codeOf(GeocodingLevels, s, levelWords) }

// ContributorIRI returns the contributor IRI of an id or IRI of GovData's
// contributor list, or "" if it is not in the list.
func ContributorIRI(s string) string {
	if c, ok := Contributors.ByIRI(s); ok {
		return c.IRI
	}
	if c, ok := Contributors.Lookup(strings.TrimSpace(s)); ok {
		return c.IRI
	}
	return ""
}
