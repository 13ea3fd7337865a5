package dcat

//go:generate go run ./internal/vocabgen -src ../testdata/standards/vocabularies -out vocab

import (
	"embed"
	"strings"

	"github.com/municat/municat"
)

//go:embed vocab/*.tsv
var vocabFiles embed.FS

// Concept is one entry of a controlled vocabulary.
type Concept struct {
	// Code is the entry's code, e.g. "CSV", "ANNUAL" or "DEU".
	Code string
	// IRI is the entry's IRI: the vocabulary's Base followed by Code.
	IRI string
	// Label is the entry's name in German and English where the source
	// list has them.
	Label municat.Text
	// extra holds the columns after the labels (e.g. a frequency's
	// purl.org/cld/freq match).
	extra []string
}

// Vocabulary is a controlled vocabulary: a concept scheme whose concept
// IRIs are Base + code.
type Vocabulary struct {
	// Scheme is the IRI of the concept scheme.
	Scheme string
	// Base is the namespace of the concept IRIs.
	Base     string
	concepts []Concept
	byCode   map[string]int
	byFold   map[string]int
}

// Concepts returns the entries, sorted by code. The caller must not
// modify the slice.
func (v *Vocabulary) Concepts() []Concept { return v.concepts }

// Lookup returns the entry with the given code (exact match first, then
// ignoring case).
func (v *Vocabulary) Lookup(code string) (Concept, bool) {
	if i, ok := v.byCode[code]; ok {
		return v.concepts[i], true
	}
	if i, ok := v.byFold[strings.ToLower(code)]; ok {
		return v.concepts[i], true
	}
	return Concept{}, false
}

// Has reports whether code is an entry of v (exact, case-sensitive).
func (v *Vocabulary) Has(code string) bool {
	_, ok := v.byCode[code]
	return ok
}

// ByIRI returns the entry an IRI names. It tolerates https instead of
// http, a "www." host prefix and a trailing slash.
func (v *Vocabulary) ByIRI(iri string) (Concept, bool) {
	rest, ok := cutBase(iri, v.Base)
	if !ok {
		return Concept{}, false
	}
	return v.Lookup(rest)
}

// IRI returns the IRI of code, or "" if code is not in v.
func (v *Vocabulary) IRI(code string) string {
	c, ok := v.Lookup(code)
	if !ok {
		return ""
	}
	return c.IRI
}

// cutBase returns what follows base in iri, comparing without scheme and
// "www." and ignoring a trailing slash.
func cutBase(iri, base string) (string, bool) {
	i, b := stripScheme(strings.TrimSpace(iri)), stripScheme(base)
	if len(i) <= len(b) || !strings.EqualFold(i[:len(b)], b) {
		return "", false
	}
	rest := strings.TrimSuffix(i[len(b):], "/")
	return rest, rest != ""
}

// stripScheme drops "http://", "https://" and "www." from the front of s.
func stripScheme(s string) string {
	for _, p := range []string{"https://", "http://", "www."} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s = s[len(p):]
		}
	}
	return s
}

// loadVocabulary reads one embedded TSV table: code, German label, English
// label (if present) and further columns. A missing or malformed file is a
// build error, so it panics.
func loadVocabulary(file, scheme, base string, langs ...string) *Vocabulary {
	raw, err := vocabFiles.ReadFile("vocab/" + file)
	if err != nil {
		panic("dcat: " + err.Error())
	}
	v := &Vocabulary{Scheme: scheme, Base: base, byCode: map[string]int{}, byFold: map[string]int{}}
	for _, line := range strings.Split(string(raw), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		cols := strings.Split(line, "\t")
		c := Concept{Code: cols[0], IRI: base + cols[0], Label: municat.Text{}}
		for i, l := range langs {
			if i+1 < len(cols) && cols[i+1] != "" {
				c.Label[l] = cols[i+1]
			}
		}
		if len(cols) > len(langs)+1 {
			c.extra = cols[len(langs)+1:]
		}
		v.byCode[c.Code] = len(v.concepts)
		if _, dup := v.byFold[strings.ToLower(c.Code)]; !dup {
			v.byFold[strings.ToLower(c.Code)] = len(v.concepts)
		}
		v.concepts = append(v.concepts, c)
	}
	return v
}

const euAuthority = "http://publications.europa.eu/resource/authority/"

// The controlled vocabularies DCAT-AP and DCAT-AP.de require, loaded from
// the tables under dcat/vocab (see dcat/vocab/SOURCES.md).
var (
	// DataThemes is the EU data-theme table (dcat:theme).
	DataThemes = loadVocabulary("data-theme.tsv", euAuthority+"data-theme", euAuthority+"data-theme/", "de", "en")
	// FileTypes is the EU file-type table (dct:format).
	FileTypes = loadVocabulary("file-type.tsv", euAuthority+"file-type", euAuthority+"file-type/", "de", "en")
	// Frequencies is the EU frequency table (dct:accrualPeriodicity).
	Frequencies = loadVocabulary("frequency.tsv", euAuthority+"frequency", euAuthority+"frequency/", "de", "en")
	// Languages is the EU language table (dct:language).
	Languages = loadVocabulary("language.tsv", euAuthority+"language", euAuthority+"language/", "de", "en")
	// AccessRights is the EU access-right table (dct:accessRights).
	AccessRights = loadVocabulary("access-right.tsv", euAuthority+"access-right", euAuthority+"access-right/", "de", "en")
	// PlannedAvailabilities is the EU planned-availability table
	// (dcatap:availability).
	PlannedAvailabilities = loadVocabulary("planned-availability.tsv", euAuthority+"planned-availability", euAuthority+"planned-availability/", "de", "en")
	// DistributionStatuses is the EU distribution-status table (adms:status).
	DistributionStatuses = loadVocabulary("distribution-status.tsv", euAuthority+"distribution-status", euAuthority+"distribution-status/", "de", "en")
	// GeocodingLevels is the DCAT-AP.de political geocoding level list
	// (dcatde:politicalGeocodingLevelURI).
	GeocodingLevels = loadVocabulary("political-geocoding-level.tsv", "http://dcat-ap.de/def/politicalGeocoding/Level", "http://dcat-ap.de/def/politicalGeocoding/Level/", "de", "en")
	// PublisherTypes is the ADMS publisher-type list (dct:type of agents).
	PublisherTypes = loadVocabulary("publisher-type.tsv", "http://purl.org/adms/publishertype/1.0", "http://purl.org/adms/publishertype/", "en")
	// Contributors is GovData's contributor list (dcatde:contributorID).
	Contributors = loadVocabulary("contributors.tsv", "http://dcat-ap.de/def/contributors", "http://dcat-ap.de/def/contributors/", "de")
)
