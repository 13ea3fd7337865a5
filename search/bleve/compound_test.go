package bleve

import (
	"slices"
	"strings"
	"testing"
)

func TestPartsAnalyzer(t *testing.T) {
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	// The stem "kommunalwahl" (12 letters) with its beginnings and ends of
	// 4 to 11 letters.
	got := analyze(t, x, analyzerParts, "Kommunalwahl")
	if len(got) != 1+2*8 {
		t.Errorf("parts of Kommunalwahl = %v, want 17 terms", got)
	}
	for _, want := range []string{"kommunalwahl", "komm", "kommunalwah", "wahl", "lwahl", "ommunalwahl"} {
		if !slices.Contains(got, want) {
			t.Errorf("parts of Kommunalwahl = %v, want %q among them", got, want)
		}
	}
	for _, not := range []string{"mmun", "kom", "ahl", "munal"} {
		if slices.Contains(got, not) {
			t.Errorf("parts of Kommunalwahl = %v, want no %q (too short, or inside the word)", got, not)
		}
	}
	// Stemmed, folded, stop words left out; short words stay whole.
	got = analyze(t, x, analyzerParts, "die Bäume")
	if !slices.Equal(got, []string{"baum"}) {
		t.Errorf("parts of %q = %v, want [baum]", "die Bäume", got)
	}
	// Letters that do not fold to ASCII are cut by rune, not by byte.
	got = analyze(t, x, analyzerParts, "ωμέγαλο")
	for _, want := range []string{"ωμέγ", "γαλο", "ωμέγαλ"} {
		if !slices.Contains(got, want) {
			t.Errorf("parts of ωμέγαλο = %v, want %q among them", got, want)
		}
	}
	long := strings.Repeat("a", maxPart+6)
	for _, term := range analyze(t, x, analyzerParts, long) {
		if n := len(term); n > maxPart && n != len(long) {
			t.Errorf("part of %d letters, want at most %d besides the whole word", n, maxPart)
		}
	}
}

// analyze returns the terms the analyzer name of x's mapping makes of s.
func analyze(t *testing.T, x *Index, name, s string) []string {
	t.Helper()
	a := x.idx.Mapping().AnalyzerNamed(name)
	if a == nil {
		t.Fatalf("no analyzer %s", name)
	}
	return terms(a, s)
}

func TestSynonymTable(t *testing.T) {
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	keys := func(alts []synonym) []string {
		var out []string
		for _, a := range alts {
			out = append(out, a.key())
		}
		return out
	}
	de := func(words ...string) []string {
		var out []string
		for _, w := range words {
			out = append(out, strings.Join(MustAnalyze(t, x, analyzerDE, w), " "))
		}
		return out
	}
	tests := []struct {
		words   []string
		n       int
		want    []string // among the synonyms
		notWant []string
	}{
		{de("Kita"), 1, de("Kindertagesstätte", "Kindergarten"), de("Kita")},
		{de("Kitas"), 1, de("Kita"), nil}, // not a plural the stemmer knows
		{de("KITA", "Standorte"), 1, de("Kindertagesstätte"), nil},
		{de("PV"), 1, de("Photovoltaik", "Solaranlage"), nil},
		{de("E", "Auto", "laden"), 2, de("Elektroauto", "Elektrofahrzeug"), nil},
		{de("Elektroauto"), 1, []string{"e auto", "e mobilitat"}, nil},
		{de("Bad", "Zwischenahn"), 0, nil, nil},
		{de("Freibad"), 1, de("Schwimmbad"), de("Bad")},
		{de("Gewerbesteuer"), 0, nil, nil},
		{[]string{"", "kita"}, 0, nil, nil}, // a stop word first
	}
	for _, tt := range tests {
		n, alts := x.synonyms.match(tt.words)
		got := keys(alts)
		if n != tt.n {
			t.Errorf("match(%q) = %d words, want %d", tt.words, n, tt.n)
		}
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("match(%q) = %q, want %q among the synonyms", tt.words, got, w)
			}
		}
		for _, w := range tt.notWant {
			if slices.Contains(got, w) {
				t.Errorf("match(%q) = %q, want no %q", tt.words, got, w)
			}
		}
	}
}
