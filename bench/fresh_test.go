package bench

import (
	"testing"

	"github.com/municat/municat/bench/synth"
)

func TestFirstWords(t *testing.T) {
	for title, want := range map[string]string{
		"Baumkataster Neustadt 2021":                            "Baumkataster Neustadt 2021",
		"Haushaltsplan 2024 – Teilhaushalt Schulen":             "Haushaltsplan Teilhaushalt 2024",
		"Wahlergebnisse Bundestagswahl 2025 nach Stimmbezirken": "Wahlergebnisse Bundestagswahl 2025",
		"Radwege": "Radwege",
	} {
		if got := firstWords(title); got != want {
			t.Errorf("firstWords(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestFreshTextsVary(t *testing.T) {
	next := freshTexts(synth.Generator{N: 1000, Seed: 1})
	seen := map[string]bool{}
	for range 200 {
		text := next()
		if text == "" {
			t.Fatal("empty search text")
		}
		seen[text] = true
	}
	if len(seen) < 100 {
		t.Errorf("%d distinct texts in 200, want at least 100", len(seen))
	}
}
