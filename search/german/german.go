// Package german holds the German language data both search backends share:
// the stop words and the synonym groups of municipal open data. Bleve
// expands query words with the synonyms; Meilisearch receives both lists as
// index settings. Keeping them in one place keeps the backends' results
// alike.
package german

import (
	"bufio"
	"bytes"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/lang/de"
)

// Synonyms are groups of words and abbreviations a searcher means
// interchangeably. Every word of a group finds the datasets using any other
// word of it. Words are written as users type them; backends fold case and
// umlauts themselves.
//
// A group holds only words a searcher would accept for each other: no
// umbrella terms (Realsteuer is Grundsteuer and Gewerbesteuer, not a name
// for either) and no words that are also parts of place names ("Bad" would
// turn a search for "Bad Zwischenahn" into one for swimming pools).
var Synonyms = [][]string{
	{"Kita", "Kitas", "Kindertagesstätte", "Kindertagesstätten", "Kindergarten", "Kindergärten"},
	{"Rad", "Fahrrad", "Fahrräder", "Radfahrer"},
	{"ÖPNV", "Nahverkehr", "Stadtbus", "Bus"},
	{"Haushalt", "Haushaltsplan", "Etat", "Budget"},
	{"Einwohner", "Bevölkerung", "Einwohnerzahl"},
	{"E-Auto", "Elektroauto", "Elektrofahrzeug", "Elektromobilität", "E-Mobilität"},
	{"Ladesäule", "Ladestation", "Ladepunkt"},
	{"Müll", "Abfall"},
	{"WLAN", "WiFi", "Wi-Fi", "Hotspot"},
	{"AED", "Defibrillator", "Defi"},
	{"B-Plan", "Bebauungsplan"},
	{"F-Plan", "FNP", "Flächennutzungsplan"},
	{"PV", "Photovoltaik", "Solaranlage"},
	{"VHS", "Volkshochschule"},
	{"WC", "Toilette", "Toiletten"},
	{"Bücherei", "Bibliothek"},
	{"Stadtbücherei", "Stadtbibliothek"},
	{"Schwimmbad", "Schwimmbäder", "Hallenbad", "Freibad", "Badeanstalt"},
	{"Blitzer", "Radarfalle", "Radarkontrolle", "Geschwindigkeitskontrolle", "Geschwindigkeitsmessung"},
	{"Fahrradständer", "Fahrradbügel", "Fahrradabstellanlage", "Radabstellanlage"},
}

// StopWords returns the German stop words (the Snowball list): words too
// common to search for, such as "der", "und", "für".
func StopWords() []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(de.GermanStopWords))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "|")
		if w := strings.TrimSpace(line); w != "" {
			out = append(out, w)
		}
	}
	return out
}
