package municat

// Theme is an EU data theme (the "data-theme" authority table that DCAT-AP
// uses for dcat:theme).
type Theme struct {
	// Code is the authority code, e.g. "ENVI".
	Code string `json:"code"`
	// Label is the name per language.
	Label Text `json:"label"`
}

// ThemeBaseIRI is the namespace of the EU data-theme codes.
const ThemeBaseIRI = "http://publications.europa.eu/resource/authority/data-theme/"

// Themes lists the 13 EU data themes in the order of the authority table.
var Themes = []Theme{
	{"AGRI", Text{"de": "Landwirtschaft, Fischerei, Forstwirtschaft und Nahrungsmittel", "en": "Agriculture, fisheries, forestry and food"}},
	{"ECON", Text{"de": "Wirtschaft und Finanzen", "en": "Economy and finance"}},
	{"EDUC", Text{"de": "Bildung, Kultur und Sport", "en": "Education, culture and sport"}},
	{"ENER", Text{"de": "Energie", "en": "Energy"}},
	{"ENVI", Text{"de": "Umwelt", "en": "Environment"}},
	{"GOVE", Text{"de": "Regierung und öffentlicher Sektor", "en": "Government and public sector"}},
	{"HEAL", Text{"de": "Gesundheit", "en": "Health"}},
	{"INTR", Text{"de": "Internationale Themen", "en": "International issues"}},
	{"JUST", Text{"de": "Justiz, Rechtssystem und öffentliche Sicherheit", "en": "Justice, legal system and public safety"}},
	{"REGI", Text{"de": "Regionen und Städte", "en": "Regions and cities"}},
	{"SOCI", Text{"de": "Bevölkerung und Gesellschaft", "en": "Population and society"}},
	{"TECH", Text{"de": "Wissenschaft und Technologie", "en": "Science and technology"}},
	{"TRAN", Text{"de": "Verkehr", "en": "Transport"}},
}

// ThemeByCode returns the theme with code, and whether there is one.
func ThemeByCode(code string) (Theme, bool) {
	for _, t := range Themes {
		if t.Code == code {
			return t, true
		}
	}
	return Theme{}, false
}
