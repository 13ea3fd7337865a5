package sortkey_test

import (
	"testing"

	"github.com/municat/municat/search/sortkey"
)

func TestOf(t *testing.T) {
	for in, want := range map[string]string{
		"Lärmkartierung":     "larmkartierung",
		"eGovernment":        "egovernment",
		" Straßen ":          "strassen",
		"Öffentliche Orte":   "offentliche orte",
		"Ämter und Behörden": "amter und behorden",
		"Straße":             "strasse",
		" eGovernment ":      "egovernment",
		"Café":               "cafe",
	} {
		if got := sortkey.Of(in); got != want {
			t.Errorf("Of(%q) = %q, want %q", in, got, want)
		}
	}
}
