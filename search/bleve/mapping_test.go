package bleve

import (
	"slices"
	"testing"
	"time"

	"github.com/municat/municat"
)

// MustAnalyze returns the terms analyzer makes of s in a new in-memory index.
func MustAnalyze(tb testing.TB, x *Index, analyzer, s string) []string {
	tb.Helper()
	a, ok := x.analyzers[analyzer]
	if !ok {
		tb.Fatalf("no analyzer %s", analyzer)
	}
	var out []string
	for _, tok := range a.Analyze([]byte(s)) {
		out = append(out, string(tok.Term))
	}
	return out
}

func TestAnalyzers(t *testing.T) {
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	tests := []struct {
		analyzer string
		a, b     string
		same     bool
	}{
		{analyzerDE, "Schulen", "Schule", true},
		{analyzerDE, "Haltestellen", "Haltestelle", true},
		{analyzerDE, "Stadtteilen", "Stadtteil", true},
		{analyzerDE, "Wahlergebnisse", "Wahlergebnis", true},
		{analyzerDE, "Bäume", "Baum", true},
		{analyzerDE, "Kindergärten", "Kindergarten", true},
		{analyzerDE, "Straße", "strasse", true},
		{analyzerDE, "Straßen", "STRASSE", true},
		{analyzerDE, "Bevölkerung", "Bevoelkerung", true},
		{analyzerDE, "Öffnungszeiten", "oeffnungszeiten", true},
		{analyzerDE, "Café", "cafe", true},
		{analyzerDE, "Baumkataster", "Bäume", false}, // no decompounding
		{analyzerDE, "Schule", "Schulden", false},
		{analyzerEN, "trees", "tree", true},
		{analyzerEN, "charging", "charge", true},
		{analyzerEN, "Düsseldorf's", "dusseldorf", true},
		{analyzerFold, "Qualité", "qualite", true},
		{analyzerFold, "qualité", "qualit", false}, // no stemming
		{analyzerPrefixDE, "Haltest", "haltest", true},
	}
	for _, tt := range tests {
		a, b := MustAnalyze(t, x, tt.analyzer, tt.a), MustAnalyze(t, x, tt.analyzer, tt.b)
		if len(a) == 0 || slices.Equal(a, b) != tt.same {
			t.Errorf("%s: %q → %v, %q → %v; same = %v, want %v", tt.analyzer, tt.a, a, tt.b, b, !tt.same, tt.same)
		}
	}
	for _, stop := range []string{"und", "der", "für"} {
		if got := MustAnalyze(t, x, analyzerDE, stop); len(got) != 0 {
			t.Errorf("German stop word %q → %v, want no term", stop, got)
		}
	}
}

func TestDocument(t *testing.T) {
	m := time.Date(2024, 3, 1, 12, 0, 0, 0, time.FixedZone("CET", 3600))
	d := &municat.Dataset{
		ID:          "x",
		Title:       municat.Text{"de": "Bäume", "en": "Trees", "fr": "Arbres", "pl": "Drzewa"},
		Description: municat.Text{"": "Ohne Sprache"},
		Keywords:    []string{"Umwelt", " Umwelt", "", "Grün"},
		Themes:      []string{"ENVI"},
		Publisher:   &municat.Agent{Name: municat.NewText("Stadt Musterstadt")},
		License:     "dl-by-de/2.0",
		Modified:    &m,
		Distributions: []municat.Distribution{
			{Format: "CSV"}, {Format: "CSV"}, {Format: "GEOJSON"},
		},
	}
	got := document(d)
	want := map[string]any{
		fieldTitleDE:       "Bäume",
		fieldTitleEN:       "Trees",
		fieldTitleOther:    "Arbres\nDrzewa",
		fieldDescriptionDE: "Ohne Sprache",
		fieldKeywords:      []string{"Umwelt", "Grün"},
		"keyword":          []string{"Umwelt", "Grün"},
		"theme":            []string{"ENVI"},
		"format":           []string{"CSV", "GEOJSON"},
		"license":          "dl-by-de/2.0",
		"publisher":        "Stadt Musterstadt",
		fieldPublisherText: "Stadt Musterstadt",
		fieldTitleSort:     "baume",
		fieldModified:      m.UTC(),
	}
	for k, w := range want {
		if g, ok := got[k]; !ok || !equal(g, w) {
			t.Errorf("document[%s] = %#v, want %#v", k, g, w)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("document has unexpected field %s = %#v", k, got[k])
		}
	}
}

func equal(a, b any) bool {
	switch a := a.(type) {
	case []string:
		b, ok := b.([]string)
		return ok && slices.Equal(a, b)
	case time.Time:
		b, ok := b.(time.Time)
		return ok && a.Equal(b)
	}
	return a == b
}
