package searchtest

import (
	"strings"
	"time"

	"github.com/municat/municat"
)

// Publishers of the test datasets.
const (
	musterstadt = "Stadt Musterstadt"
	landkreis   = "Landkreis Beispielkreis"
	kleinhausen = "Gemeinde Kleinhausen"
	stadtwerke  = "Stadtwerke Musterstadt"
)

// Licences of the test datasets.
const (
	dlByDE   = "dl-by-de/2.0"
	dlZeroDE = "dl-zero-de/2.0"
	ccBy     = "cc-by/4.0"
)

// IDs of the datasets the checks refer to by name.
const (
	idBaumkataster       = "musterstadt.baumkataster"
	idSchulen            = "musterstadt.anmeldezahlen-schulen"
	idHaltestellen       = "stadtwerke.haltestellen"
	idStrassen           = "musterstadt.strassenverzeichnis"
	idHaushaltMuster     = "musterstadt.haushaltsplan-2024"
	idHaushaltKlein      = "kleinhausen.haushaltsplan-2024"
	idWahl               = "musterstadt.bundestagswahl-2021"
	idBevoelkerung       = "musterstadt.bevoelkerung"
	idRadwege            = "beispielkreis.radwegenetz"
	idLuft               = "beispielkreis.luftqualitaet"
	idNaturschutz        = "beispielkreis.naturschutzgebiete"
	idLadestationen      = "stadtwerke.ladestationen"
	idLaerm              = "musterstadt.laermkartierung"
	idParkscheinautomat  = "musterstadt.parkscheinautomaten"
	idOpenDataStrategy   = "kleinhausen.open-data-strategie"
	idGemeinderat        = "kleinhausen.gemeinderat"
	idGewerbeanmeldungen = "beispielkreis.gewerbeanmeldungen"
)

// spec is the short form of a test dataset.
type spec struct {
	id                string
	titleDE, titleEN  string
	descDE, descEN    string
	keywords, themes  []string
	publisher         string
	formats           []string
	license, modified string
	withdrawn         bool
}

// specs are the test datasets: one withdrawn, two with the same title and
// the same modification date, further pairs with equal dates, one with an
// English title only, one whose title starts with a lower-case letter.
var specs = []spec{
	{id: idBaumkataster, titleDE: "Baumkataster Musterstadt", titleEN: "Tree register of Musterstadt",
		descDE:   "Standorte, Baumarten, Pflanzjahr und Stammumfang aller Bäume in städtischer Pflege.",
		keywords: []string{"Bäume", "Stadtgrün", "Umwelt"}, themes: []string{"ENVI"}, publisher: musterstadt,
		formats: []string{"CSV", "GEOJSON"}, license: dlByDE, modified: "2024-03-01"},
	{id: idSchulen, titleDE: "Anmeldezahlen je Schule",
		descDE:   "Zahl der Anmeldungen für die fünften Klassen, nach Schulform und Schuljahr.",
		keywords: []string{"Bildung", "Schuljahr"}, themes: []string{"EDUC"}, publisher: musterstadt,
		formats: []string{"CSV"}, license: dlByDE, modified: "2024-02-10"},
	{id: idHaltestellen, titleDE: "Haltestellen des ÖPNV", titleEN: "Public transport stops",
		descDE:   "Lage aller Bus- und Straßenbahnhaltestellen in Musterstadt mit Name und Haltestellennummer.",
		keywords: []string{"ÖPNV", "Bus", "Nahverkehr"}, themes: []string{"TRAN"}, publisher: stadtwerke,
		formats: []string{"CSV", "GEOJSON"}, license: dlByDE, modified: "2024-04-22"},
	{id: idStrassen, titleDE: "Verzeichnis der Straßen und Hausnummern",
		descDE:   "Jede Straße der Stadt mit amtlichem Straßenschlüssel, Postleitzahl und Stadtteil.",
		keywords: []string{"Adressen", "Straßennamen"}, themes: []string{"REGI"}, publisher: musterstadt,
		formats: []string{"CSV"}, license: dlZeroDE, modified: "2023-11-30"},
	{id: "musterstadt.baustellen", titleDE: "Baustellen und Verkehrsbehinderungen", titleEN: "Road works and traffic disruptions",
		descDE:   "Aktuelle Baustellen im Stadtgebiet mit Dauer und Umleitung, täglich aktualisiert.",
		keywords: []string{"Baustellen", "Verkehr"}, themes: []string{"TRAN"}, publisher: musterstadt,
		formats: []string{"GEOJSON", "WMS_SRVC"}, license: dlByDE, modified: "2024-05-06"},
	{id: idHaushaltMuster, titleDE: "Haushaltsplan",
		descDE:   "Ergebnis- und Finanzhaushalt der Stadt Musterstadt für das Haushaltsjahr 2024.",
		keywords: []string{"Haushalt", "Finanzen"}, themes: []string{"ECON", "GOVE"}, publisher: musterstadt,
		formats: []string{"PDF", "CSV"}, license: dlByDE, modified: "2024-01-15"},
	{id: idHaushaltKlein, titleDE: "Haushaltsplan",
		descDE:   "Haushaltssatzung und Haushaltsplan der Gemeinde Kleinhausen für 2024.",
		keywords: []string{"Haushalt", "Finanzen"}, themes: []string{"ECON", "GOVE"}, publisher: kleinhausen,
		formats: []string{"PDF"}, license: ccBy, modified: "2024-01-15"},
	{id: idWahl, titleDE: "Wahlergebnisse Bundestagswahl 2021", titleEN: "Federal election results 2021",
		descDE:   "Erst- und Zweitstimmen nach Wahlbezirk in Musterstadt.",
		keywords: []string{"Wahlen", "Politik"}, themes: []string{"GOVE"}, publisher: musterstadt,
		formats: []string{"CSV"}, license: dlByDE, modified: "2021-10-04"},
	{id: idBevoelkerung, titleDE: "Bevölkerung nach Stadtteilen", titleEN: "Population by district",
		descDE:   "Einwohnerinnen und Einwohner mit Hauptwohnsitz nach Alter und Geschlecht, jeweils zum 31. Dezember.",
		keywords: []string{"Bevölkerung", "Statistik", "Einwohner"}, themes: []string{"SOCI"}, publisher: musterstadt,
		formats: []string{"CSV"}, license: dlByDE, modified: "2024-01-31"},
	{id: "musterstadt.kitas", titleDE: "Kindertagesstätten", titleEN: "Day care centres",
		descDE:   "Kindertagesstätten mit Träger, Adresse und Zahl der Plätze.",
		keywords: []string{"Kinderbetreuung", "Kita", "Familie"}, themes: []string{"EDUC", "SOCI"}, publisher: musterstadt,
		formats: []string{"CSV", "GEOJSON"}, license: dlByDE, modified: "2024-03-01"},
	{id: idRadwege, titleDE: "Radwegenetz im Landkreis", titleEN: "Cycle path network",
		descDE:   "Radwege und ausgeschilderte Radrouten, auch durch Naturschutzgebiete und entlang der Landesstraßen.",
		keywords: []string{"Radverkehr", "Fahrrad"}, themes: []string{"TRAN"}, publisher: landkreis,
		formats: []string{"GEOJSON", "WMS_SRVC"}, license: ccBy, modified: "2023-09-12"},
	{id: idLuft, titleDE: "Luftqualität an Messstationen", titleEN: "Air quality at monitoring stations",
		descDE:   "Stündliche Messwerte für Stickstoffdioxid und Feinstaub an drei Messstationen im Landkreis.",
		keywords: []string{"Luft", "Umwelt", "Messwerte"}, themes: []string{"ENVI"}, publisher: landkreis,
		formats: []string{"CSV"}, license: ccBy, modified: "2024-05-20"},
	{id: idNaturschutz, titleDE: "Naturschutzgebiete", titleEN: "Nature reserves",
		descDE:   "Abgrenzung der geschützten Flächen mit Verordnung und Schutzzweck.",
		keywords: []string{"Naturschutz", "Umwelt"}, themes: []string{"ENVI"}, publisher: landkreis,
		formats: []string{"GEOJSON", "WMS_SRVC"}, license: dlByDE, modified: "2022-06-30"},
	{id: idGewerbeanmeldungen, titleDE: "Gewerbeanmeldungen",
		descDE:   "Monatliche Zahl der Gewerbean- und -abmeldungen nach Wirtschaftszweig.",
		keywords: []string{"Gewerbe", "Wirtschaft", "Statistik"}, themes: []string{"ECON"}, publisher: landkreis,
		formats: []string{"CSV"}, license: dlZeroDE, modified: "2024-04-02"},
	{id: "kleinhausen.friedhoefe", titleDE: "Friedhöfe und Grabfelder",
		descDE:   "Lage der Friedhöfe in Kleinhausen mit Grabfeldern und Öffnungszeiten.",
		keywords: []string{"Friedhof", "Öffnungszeiten"}, themes: []string{"SOCI"}, publisher: kleinhausen,
		formats: []string{"PDF"}, license: dlByDE, modified: "2022-03-15"},
	{id: "kleinhausen.bebauungsplaene", titleDE: "Bebauungspläne", titleEN: "Development plans",
		descDE:   "Rechtskräftige Bebauungspläne der Gemeinde Kleinhausen als Karte und Planurkunde.",
		keywords: []string{"Bauleitplanung", "Stadtplanung"}, themes: []string{"REGI", "GOVE"}, publisher: kleinhausen,
		formats: []string{"PDF", "WMS_SRVC"}, license: dlByDE, modified: "2023-07-19"},
	{id: idGemeinderat, titleDE: "Sitzungen des Gemeinderats",
		descDE:   "Termine, Tagesordnungen und Niederschriften der öffentlichen Sitzungen.",
		keywords: []string{"Politik", "Gemeinderat"}, themes: []string{"GOVE"}, publisher: kleinhausen,
		formats: []string{"PDF"}, license: ccBy, modified: "2024-05-20"},
	{id: idLadestationen, titleDE: "Ladestationen für Elektrofahrzeuge", titleEN: "Charging stations for electric vehicles",
		descDE:   "Öffentlich zugängliche Ladepunkte mit Steckertyp und Ladeleistung.",
		keywords: []string{"Elektromobilität", "Energie"}, themes: []string{"TRAN", "ENER"}, publisher: stadtwerke,
		formats: []string{"CSV", "GEOJSON"}, license: ccBy, modified: "2024-06-03"},
	{id: "stadtwerke.parkhaeuser", titleDE: "Parkhäuser: freie Plätze", titleEN: "Car parks: free spaces",
		descDE:   "Belegung der Parkhäuser in der Innenstadt, alle fünf Minuten aktualisiert.",
		keywords: []string{"Parken", "Echtzeit"}, themes: []string{"TRAN"}, publisher: stadtwerke,
		formats: []string{"CSV"}, license: dlByDE, modified: "2024-06-10"},
	{id: "musterstadt.toiletten", titleDE: "Standorte öffentlicher Toiletten", titleEN: "Public toilets",
		descDE:   "Öffentliche Toiletten mit Öffnungszeiten und Angaben zur Barrierefreiheit.",
		keywords: []string{"Toiletten", "Barrierefreiheit"}, themes: []string{"SOCI"}, publisher: musterstadt,
		formats: []string{"GEOJSON"}, license: dlByDE, modified: "2023-05-02"},
	{id: "musterstadt.sportstaetten", titleDE: "Sportstätten", titleEN: "Sports facilities",
		descDE:   "Sporthallen, Sportplätze und Bäder mit Belegungszeiten für Vereine.",
		keywords: []string{"Sport", "Vereine"}, themes: []string{"EDUC"}, publisher: musterstadt,
		formats: []string{"CSV"}, license: dlByDE, modified: "2023-08-21"},
	{id: idLaerm, titleDE: "Lärmkartierung Straßenverkehr", titleEN: "Noise mapping of road traffic",
		descDE:   "Lärmbelastung an Hauptverkehrsstraßen nach EU-Umgebungslärmrichtlinie; ergänzt die Daten zur Luftqualität.",
		keywords: []string{"Lärm", "Verkehr"}, themes: []string{"ENVI", "TRAN"}, publisher: musterstadt,
		formats: []string{"WMS_SRVC", "PDF"}, license: dlByDE, modified: "2022-12-01"},
	{id: idOpenDataStrategy, titleEN: "Open Data Strategy",
		descEN:   "How the municipality publishes its data: principles, licences and priorities.",
		keywords: []string{"Open Data", "Strategie"}, themes: []string{"GOVE"}, publisher: kleinhausen,
		formats: []string{"PDF"}, license: ccBy, modified: "2023-02-14"},
	{id: "musterstadt.egovernment", titleDE: "eGovernment-Dienste der Verwaltung",
		descDE:   "Online-Dienstleistungen der Stadtverwaltung mit Zuständigkeit und Bearbeitungsdauer.",
		keywords: []string{"Verwaltung", "Digitalisierung"}, themes: []string{"GOVE"}, publisher: musterstadt,
		formats: []string{"CSV"}, license: ccBy, modified: "2024-02-10"},
	{id: "stadtwerke.abfallkalender", titleDE: "Abfallkalender", titleEN: "Waste collection calendar",
		descDE:   "Abholtermine für Restmüll, Biotonne, Papier und Gelbe Tonne nach Straße.",
		keywords: []string{"Abfall", "Müll", "Termine"}, themes: []string{"ENVI"}, publisher: stadtwerke,
		formats: []string{"CSV", "PDF"}, license: dlByDE, modified: "2024-01-02"},
	{id: idParkscheinautomat, titleDE: "Parkscheinautomaten",
		descDE:   "Standorte der Parkscheinautomaten mit Tarifzone.",
		keywords: []string{"Parken", "Parkscheinautomat"}, themes: []string{"TRAN"}, publisher: musterstadt,
		formats: []string{"CSV"}, license: dlByDE, modified: "2020-05-01", withdrawn: true},
}

// Datasets returns fresh copies of the suite's test datasets: 25 published
// datasets of three fictitious German municipalities and one withdrawn one.
func Datasets() []*municat.Dataset {
	out := make([]*municat.Dataset, 0, len(specs))
	for _, s := range specs {
		out = append(out, s.dataset())
	}
	return out
}

// dataset expands s.
func (s spec) dataset() *municat.Dataset {
	d := &municat.Dataset{
		ID:           s.id,
		Title:        text(s.titleDE, s.titleEN),
		Description:  text(s.descDE, s.descEN),
		Keywords:     append([]string(nil), s.keywords...),
		Themes:       append([]string(nil), s.themes...),
		Publisher:    &municat.Agent{Name: municat.NewText(s.publisher)},
		Organization: organizationOf(s.publisher),
		License:      s.license,
		State:        municat.Published,
	}
	if s.withdrawn {
		d.State = municat.Withdrawn
	}
	m, err := time.Parse(time.DateOnly, s.modified)
	if err != nil {
		panic("searchtest: bad date in test data: " + s.modified)
	}
	// Issued orders the datasets differently from Modified (by id length
	// first), so that the two sorts are told apart.
	issued := m.AddDate(-1, 0, -30*len(s.id))
	d.Modified, d.Issued = &m, &issued
	for i, f := range s.formats {
		d.Distributions = append(d.Distributions, municat.Distribution{
			ID:        s.id + "-" + string(rune('a'+i)),
			AccessURL: "https://daten.example.org/" + s.id + "/" + f,
			Format:    f,
			License:   s.license,
		})
	}
	return d
}

// text returns the Text with the non-empty of de and en.
func text(de, en string) municat.Text {
	t := municat.Text{}
	if de != "" {
		t["de"] = de
	}
	if en != "" {
		t["en"] = en
	}
	return t
}

// published returns the published datasets of ds.
func published(ds []*municat.Dataset) []*municat.Dataset {
	var out []*municat.Dataset
	for _, d := range ds {
		if d.IsPublished() {
			out = append(out, d)
		}
	}
	return out
}

// organizationOf returns the organisation id of a publisher: its name in
// lower case with blanks as hyphens, e.g. "stadt-musterstadt".
func organizationOf(publisher string) string {
	return strings.ReplaceAll(strings.ToLower(publisher), " ", "-")
}
