package municat_test

import (
	"testing"

	"github.com/municat/municat"
)

func TestCleanEmail(t *testing.T) {
	for in, want := range map[string]string{
		"amt@example.de":                     "amt@example.de",
		" mailto:amt@example.de ":            "amt@example.de",
		"MAILTO:amt@example.de":              "amt@example.de",
		"Amt für Statistik <amt@example.de>": "amt@example.de",
		"poststelle(at)statistik.rlp.de":     "poststelle@statistik.rlp.de",
		"poststelle [at] statistik.example":  "poststelle@statistik.example",
		"poststelle at statistik.example":    "poststelle@statistik.example",
		"":                                   "",
		"keine Angabe":                       "",
		"mailto:":                            "",
		"amt@":                               "",
		"https://www.example.de/kontakt":     "",
	} {
		if got := municat.CleanEmail(in); got != want {
			t.Errorf("CleanEmail(%q) = %q, want %q", in, got, want)
		}
	}
}
