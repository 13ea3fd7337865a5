package dcat

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/rdf"
)

// Term IRIs the exporter and importer use.
const (
	typeDataset       = rdf.DCAT + "Dataset"
	typeDatasetSeries = rdf.DCAT + "DatasetSeries"
	typeDistribution  = rdf.DCAT + "Distribution"
	typeConcept       = rdf.SKOS + "Concept"
	typeLocation      = rdf.DCT + "Location"
	typeDocument      = rdf.FOAF + "Document"
	typeResource      = rdf.RDFS + "Resource"
	prefLabel         = rdf.SKOS + "prefLabel"
	wktLiteral        = rdf.GSP + "wktLiteral"
	eliLegalResource  = "http://data.europa.eu/eli/ontology#LegalResource"
	spdxAlgorithm     = rdf.SPDX + "checksumAlgorithm_"
	politicalBase     = "http://dcat-ap.de/def/politicalGeocoding/"
)

// builder collects triples and names blank nodes uniquely per dataset.
type builder struct {
	ts    []rdf.Triple
	seen  map[rdf.Triple]bool // a linked resource (a licence, a URL) is typed once
	scope string              // blank node label prefix, unique per dataset
	n     int
}

func newBuilder(scopeIRI string, capacity int) *builder {
	sum := sha256.Sum256([]byte(scopeIRI))
	return &builder{scope: "b" + hex.EncodeToString(sum[:6]), ts: make([]rdf.Triple, 0, capacity), seen: make(map[rdf.Triple]bool, capacity)}
}

// blank returns a new blank node.
func (b *builder) blank() rdf.Term {
	b.n++
	return rdf.Blank(b.scope + "n" + strconv.Itoa(b.n))
}

// add appends a triple unless the group has it already.
func (b *builder) add(s rdf.Term, p string, o rdf.Term) {
	t := rdf.Triple{S: s, P: rdf.IRI(p), O: o}
	if !b.seen[t] {
		b.seen[t] = true
		b.ts = append(b.ts, t)
	}
}

func (b *builder) typ(s rdf.Term, classes ...string) {
	for _, c := range classes {
		b.add(s, rdf.RDFType, rdf.IRI(c))
	}
}

// text adds one language-tagged literal per language of t, sorted by
// language.
func (b *builder) text(s rdf.Term, p string, t municat.Text) {
	for _, l := range t.Languages() {
		b.add(s, p, rdf.LangLiteral(t[l], l))
	}
}

// literal adds a plain literal unless v is empty.
func (b *builder) literal(s rdf.Term, p, v string) {
	if v != "" {
		b.add(s, p, rdf.Literal(v))
	}
}

// link adds an IRI object typed with classes, if v is an absolute IRI.
func (b *builder) link(s rdf.Term, p, v string, classes ...string) {
	if !isAbsIRI(v) {
		return
	}
	o := rdf.IRI(v)
	b.add(s, p, o)
	b.typ(o, classes...)
}

// concept adds an IRI object typed skos:Concept with its labels.
func (b *builder) concept(s rdf.Term, p string, c Concept) {
	o := rdf.IRI(c.IRI)
	b.add(s, p, o)
	b.typ(o, typeConcept)
	b.text(o, prefLabel, c.Label)
}

// date adds a date literal (see dateTerm) unless t is nil.
func (b *builder) date(s rdf.Term, p string, t *time.Time) {
	if t != nil {
		b.add(s, p, dateTerm(*t))
	}
}

// dateTerm returns t as xsd:date when it is midnight UTC, else as
// xsd:dateTime to the second.
func dateTerm(t time.Time) rdf.Term {
	if _, off := t.Zone(); off == 0 && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return rdf.TypedLiteral(t.Format(time.DateOnly), rdf.XSDDate)
	}
	return rdf.TypedLiteral(t.Truncate(time.Second).Format(time.RFC3339), rdf.XSDDateTime)
}

// isAbsIRI reports whether s looks like an absolute IRI: a scheme, a colon
// and no white space or characters IRIs forbid.
func isAbsIRI(s string) bool {
	i := strings.IndexByte(s, ':')
	if i < 1 || i == len(s)-1 {
		return false
	}
	for j, r := range s[:i] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || j > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return false
		}
	}
	return !strings.ContainsAny(s, " \t\r\n<>\"{}|^`\\")
}

// mailtoIRI returns "mailto:"+addr, or "" for an empty address.
func mailtoIRI(addr string) string {
	addr = strings.TrimSpace(addr)
	if addr == "" || strings.ContainsAny(addr, " <>\"") {
		return ""
	}
	if strings.HasPrefix(strings.ToLower(addr), "mailto:") {
		return addr
	}
	return "mailto:" + addr
}

// telIRI returns a tel: IRI for a phone number as written: digits and a
// leading "+" are kept, spaces and slashes become "-" (RFC 3966 visual
// separators).
func telIRI(phone string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(phone) {
		switch {
		case r >= '0' && r <= '9', r == '+', r == '-', r == '.', r == '(', r == ')':
			b.WriteRune(r)
		case r == ' ', r == '/':
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "tel:" + b.String()
}

// wktPolygon returns a bounding box as WKT polygon.
func wktPolygon(bb *municat.BoundingBox) string {
	w, s, e, n := num(bb.West), num(bb.South), num(bb.East), num(bb.North)
	return "POLYGON((" + w + " " + s + ", " + e + " " + s + ", " + e + " " + n + ", " + w + " " + n + ", " + w + " " + s + "))"
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// politicalGeocoding returns the DCAT-AP.de political geocoding IRI and
// level of an AGS (8 digits: municipality, 5: district, 2: state, 12:
// regional key of a municipality), or "" when ags has none of these forms.
func politicalGeocoding(ags string) (iri, level string) {
	for _, r := range ags {
		if r < '0' || r > '9' {
			return "", ""
		}
	}
	switch len(ags) {
	case 8:
		return politicalBase + "municipalityKey/" + ags, "municipality"
	case 12:
		return politicalBase + "regionalKey/" + ags, "municipality"
	case 5:
		return politicalBase + "districtKey/" + ags, "administrativeDistrict"
	case 2:
		return politicalBase + "stateKey/" + ags, "state"
	}
	return "", ""
}

// checksumAlgorithmIRI returns the SPDX IRI of an algorithm name ("sha256",
// "SHA-256", "sha3-256").
func checksumAlgorithmIRI(alg string) string {
	a := strings.ToLower(strings.TrimSpace(alg))
	a = strings.NewReplacer("-", "", "_", "").Replace(a)
	if strings.HasPrefix(a, "sha3") && len(a) > 4 {
		a = "sha3_" + a[4:]
	}
	if a == "" {
		return ""
	}
	return spdxAlgorithm + a
}

// checksumAlgorithm returns municat's name of an SPDX algorithm IRI or
// name ("…checksumAlgorithm_sha256" → "sha256", "sha3_256" → "sha3-256").
func checksumAlgorithm(s string) string {
	s = strings.TrimPrefix(lastSegment(s), "checksumAlgorithm_")
	return strings.ReplaceAll(strings.ToLower(s), "_", "-")
}
