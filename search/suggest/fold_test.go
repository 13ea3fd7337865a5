package suggest

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestFoldWords(t *testing.T) {
	for _, tt := range []struct {
		in             string
		spelled, plain []string
	}{
		{"Über-Straße Café", []string{"ueber", "strasse", "cafe"}, []string{"uber", "strasse", "cafe"}},
		{"ÖFFENTLICHE   Toiletten", []string{"oeffentliche", "toiletten"}, []string{"offentliche", "toiletten"}},
		{"A\u0308mter", []string{"aemter"}, []string{"amter"}}, // decomposed Ä
		{"GROẞ Œuvre Łódź Ørsted", []string{"gross", "oeuvre", "lodz", "orsted"}, []string{"gross", "oeuvre", "lodz", "orsted"}},
		{"WZ 2008, Tempo-30!", []string{"wz", "2008", "tempo", "30"}, []string{"wz", "2008", "tempo", "30"}},
		{"Москва", []string{"москва"}, []string{"москва"}},
		{" -– ", nil, nil},
		{"a\xffb", []string{"a", "b"}, []string{"a", "b"}},
	} {
		f := fold(tt.in)
		if !reflect.DeepEqual(f.spelled, tt.spelled) || !reflect.DeepEqual(f.plain, tt.plain) {
			t.Errorf("fold(%q) = %q / %q, want %q / %q", tt.in, f.spelled, f.plain, tt.spelled, tt.plain)
		}
	}
}

func TestCompletes(t *testing.T) {
	for _, tt := range []struct {
		text, typed string
		want        bool
	}{
		{"Straßenverzeichnis", "stras", true},
		{"Straßenverzeichnis", "STRASSENV", true},
		{"Straßenverzeichnis", "straßenv", true},
		{"Öffentliche Toiletten", "oeff", true},
		{"Öffentliche Toiletten", "off", true},
		{"Öffentliche Toiletten", "Öff toi", true},
		{"Öffentliche Toiletten", "toiletten öffentl", true},
		{"Öffentliche Toiletten", "ffent", false},    // inside a word
		{"Öffentliche Toiletten", "oeff bad", false}, // a word not in it
		{"Weser-Radweg", "radw", true},
		{"E-Auto", "e-au", true},
		{"Haushaltsplan 2025", "haushalt 2025", true},
		{"Bäume", "baeume", true},
		{"Bäume", "baume", true},
		{"Baeume", "bäu", true},
		{"Bäume", "", false},
	} {
		if got := fold(tt.text).completes(fold(tt.typed)); got != tt.want {
			t.Errorf("%q completes %q: %v, want %v", tt.text, tt.typed, got, tt.want)
		}
	}
}

func TestTitleShare(t *testing.T) {
	for _, tt := range []struct{ limit, keywords, orgs, want int }{
		{8, 10, 10, 3}, {8, 10, 0, 4}, {8, 0, 0, 8}, {8, 1, 1, 6}, {1, 5, 5, 1}, {3, 5, 5, 1}, {20, 2, 30, 9},
	} {
		if got := titleShare(tt.limit, tt.keywords, tt.orgs); got != tt.want {
			t.Errorf("titleShare(%d, %d, %d) = %d, want %d", tt.limit, tt.keywords, tt.orgs, got, tt.want)
		}
	}
}

// FuzzFold checks the normalisation of typed text: Normalize is idempotent
// and leaves no stray white space; folding gives non-empty words of lower-
// case letters and digits, is idempotent, and every text completes itself
// and each of its prefixes that ends a word.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Straßenverzeichnis", "  Öff  toi ", "A\u0308mter", "GROẞ", "İstanbul", "ǅemal", "a\xffb", "WZ 2008", "\u0345\u0399", "ﬀ ﬁ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Typed texts are capped at MaxQueryBytes, titles and names are
		// short; completes is quadratic in the number of words.
		if len(s) > 10*MaxQueryBytes {
			return
		}
		n := Normalize(s)
		if Normalize(n) != n || !utf8.ValidString(n) || n != strings.TrimSpace(n) || strings.Contains(n, "  ") {
			t.Fatalf("Normalize(%q) = %q", s, n)
		}
		fs := fold(s)
		if len(fs.spelled) != len(fs.plain) {
			t.Fatalf("fold(%q): %q and %q differ in length", s, fs.spelled, fs.plain)
		}
		for _, words := range [][]string{fs.spelled, fs.plain} {
			for _, w := range words {
				if w == "" || !utf8.ValidString(w) {
					t.Fatalf("fold(%q): word %q", s, w)
				}
				for _, r := range w {
					if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
						t.Fatalf("fold(%q): %q in word %q", s, r, w)
					}
				}
			}
		}
		again := fold(strings.Join(fs.spelled, " "))
		if !reflect.DeepEqual(again.spelled, fs.spelled) {
			t.Fatalf("fold not idempotent: %q → %q → %q", s, fs.spelled, again.spelled)
		}
		if len(fs.spelled) > 0 {
			if !fs.completes(fs) {
				t.Fatalf("%q does not complete itself", s)
			}
			if first := fold(fs.spelled[0]); !fs.completes(first) {
				t.Fatalf("%q does not complete its first word", s)
			}
		}
	})
}
