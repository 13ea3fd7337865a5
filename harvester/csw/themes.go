package csw

import (
	"strings"

	"github.com/municat/municat/dcat"
)

// topicThemes maps the ISO 19115 topic categories (MD_TopicCategoryCode)
// to EU data themes. There is no official table; the choices follow the
// SEMIC alignments of the topic categories to INSPIRE themes and of the
// INSPIRE themes to the EU data themes (SEMICeu/iso-19139-to-dcat-ap,
// alignments/), with these decisions for a municipal catalogue:
//   - boundaries, location and planningCadastre are about the territory of
//     regions and cities (administrative units, addresses, cadastre, land
//     use plans): REGI, as GovData files its "geo" group;
//   - structure (buildings, facilities) is urban fabric: REGI;
//   - elevation and imageryBaseMapsEarthCover are reference geodata
//     (terrain models, orthophotos, base maps), which the SEMIC alignment
//     files under TECH;
//   - geoscientificInformation (geology, soils, natural hazards) and the
//     nature categories (biota, inlandWaters, oceans,
//     climatologyMeteorologyAtmosphere) are ENVI;
//   - utilitiesCommunication (energy, water, waste, telecommunication
//     networks) is mostly energy supply: ENER;
//   - intelligenceMilitary is GOVE (defence is a task of government),
//     disaster (civil protection) JUST (public safety), extraTerrestrial
//     TECH.
var topicThemes = map[string]string{
	"farming": "AGRI", "biota": "ENVI", "boundaries": "REGI", "climatologymeteorologyatmosphere": "ENVI",
	"economy": "ECON", "elevation": "TECH", "environment": "ENVI", "geoscientificinformation": "ENVI",
	"health": "HEAL", "imagerybasemapsearthcover": "TECH", "intelligencemilitary": "GOVE", "inlandwaters": "ENVI",
	"location": "REGI", "oceans": "ENVI", "planningcadastre": "REGI", "society": "SOCI", "structure": "REGI",
	"transportation": "TRAN", "utilitiescommunication": "ENER", "extraterrestrial": "TECH", "disaster": "JUST",
}

// inspireTheme is one of the 34 INSPIRE spatial data themes.
type inspireTheme struct {
	code, en, de, eu string
}

// inspireThemes lists the INSPIRE themes with their English and German
// names in the INSPIRE registry and the EU data theme of the SEMIC
// alignment (SEMICeu/iso-19139-to-dcat-ap,
// alignments/inspire-themes-to-mdr-data-themes.rdf).
var inspireThemes = []inspireTheme{
	{"ad", "Addresses", "Adressen", "GOVE"},
	{"au", "Administrative units", "Verwaltungseinheiten", "GOVE"},
	{"rs", "Coordinate reference systems", "Koordinatenreferenzsysteme", "TECH"},
	{"gg", "Geographical grid systems", "Geografische Gittersysteme", "TECH"},
	{"cp", "Cadastral parcels", "Flurstücke/Grundstücke", "ECON"},
	{"gn", "Geographical names", "Geografische Bezeichnungen", "GOVE"},
	{"hy", "Hydrography", "Gewässernetz", "ENVI"},
	{"ps", "Protected sites", "Schutzgebiete", "ENVI"},
	{"tn", "Transport networks", "Verkehrsnetze", "TRAN"},
	{"el", "Elevation", "Höhe", "TECH"},
	{"ge", "Geology", "Geologie", "TECH"},
	{"lc", "Land cover", "Bodenbedeckung", "ENVI"},
	{"oi", "Orthoimagery", "Orthofotografie", "TECH"},
	{"af", "Agricultural and aquaculture facilities", "Landwirtschaftliche Anlagen und Aquakulturanlagen", "AGRI"},
	{"am", "Area management/restriction/regulation zones and reporting units", "Bewirtschaftungsgebiete/Schutzgebiete/geregelte Gebiete und Berichterstattungseinheiten", "ENVI"},
	{"ac", "Atmospheric conditions", "Atmosphärische Bedingungen", "ENVI"},
	{"br", "Bio-geographical regions", "Biogeografische Regionen", "ENVI"},
	{"bu", "Buildings", "Gebäude", "ECON"},
	{"er", "Energy resources", "Energiequellen", "ENER"},
	{"ef", "Environmental monitoring facilities", "Umweltüberwachung", "ENVI"},
	{"hb", "Habitats and biotopes", "Lebensräume und Biotope", "ENVI"},
	{"hh", "Human health and safety", "Gesundheit und Sicherheit", "HEAL"},
	{"lu", "Land use", "Bodennutzung", "TECH"},
	{"mr", "Mineral resources", "Mineralische Bodenschätze", "ECON"},
	{"nz", "Natural risk zones", "Gebiete mit naturbedingten Risiken", "ENVI"},
	{"of", "Oceanographic geographical features", "Ozeanografisch-geografische Kennwerte", "ENVI"},
	{"pd", "Population distribution — demography", "Verteilung der Bevölkerung — Demografie", "SOCI"},
	{"pf", "Production and industrial facilities", "Produktions- und Industrieanlagen", "ECON"},
	{"sr", "Sea regions", "Meeresregionen", "ENVI"},
	{"so", "Soil", "Boden", "ENVI"},
	{"sd", "Species distribution", "Verteilung der Arten", "ENVI"},
	{"su", "Statistical units", "Statistische Einheiten", "SOCI"},
	{"us", "Utility and governmental services", "Versorgungswirtschaft und staatliche Dienste", "GOVE"},
	{"mf", "Meteorological geographical features", "Meteorologisch-geografische Kennwerte", "ENVI"},
}

// inspireByKey finds an INSPIRE theme by code or by normalised English
// or German name.
var inspireByKey = func() map[string]inspireTheme {
	m := map[string]inspireTheme{}
	for _, t := range inspireThemes {
		m["code:"+t.code] = t
		m[themeKey(t.en)] = t
		m[themeKey(t.de)] = t
	}
	return m
}()

// themeKey normalises a theme name: lower case, dashes unified, white
// space collapsed.
func themeKey(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("—", "-", "–", "-", " - ", "-", " / ", "/").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// inspireThemeOf returns the EU data theme of a keyword that names an
// INSPIRE theme: by the anchor's theme IRI
// (http://inspire.ec.europa.eu/theme/tn), or, in a keyword block whose
// thesaurus is the INSPIRE themes list, by its English or German name.
func inspireThemeOf(href, text string, inspireThesaurus bool) string {
	h := strings.TrimRight(strings.TrimSpace(href), "/")
	for _, base := range []string{"http://inspire.ec.europa.eu/theme/", "https://inspire.ec.europa.eu/theme/"} {
		if rest, ok := strings.CutPrefix(h, base); ok {
			if t, ok := inspireByKey["code:"+strings.ToLower(rest)]; ok {
				return t.eu
			}
		}
	}
	if inspireThesaurus {
		if t, ok := inspireByKey[themeKey(text)]; ok {
			return t.eu
		}
	}
	return ""
}

// themes returns the EU data themes of the resource, once each: those of
// its topic categories, then those of keywords naming an INSPIRE theme or
// an EU data theme (by code, IRI or name; see dcat.ThemeCodes).
func themes(ident *element) []string {
	var out []string
	add := func(codes ...string) {
		for _, c := range codes {
			if c != "" && !contains(out, c) {
				out = append(out, c)
			}
		}
	}
	for _, tc := range ident.children(nsGMD, "topicCategory") {
		add(topicThemes[strings.ToLower(code(tc))])
	}
	for _, block := range ident.path(nsGMD, "descriptiveKeywords", nsGMD, "MD_Keywords") {
		thesaurus := value(block.first(nsGMD, "thesaurusName", nsGMD, "CI_Citation", nsGMD, "title"))
		inspire := strings.Contains(strings.ToLower(thesaurus), "inspire") && !strings.Contains(strings.ToLower(thesaurus), "1205/2008")
		for _, kw := range block.children(nsGMD, "keyword") {
			h, text := href(kw), value(kw)
			if eu := inspireThemeOf(h, text, inspire); eu != "" {
				add(eu)
				continue
			}
			if h != "" {
				add(dcat.ThemeCodes(h)...)
			}
			add(dcat.ThemeCodes(text)...)
		}
	}
	return out
}
