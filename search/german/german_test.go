package german_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/municat/municat/search/german"
)

func TestStopWords(t *testing.T) {
	words := german.StopWords()
	for _, w := range []string{"der", "und", "für", "über"} {
		if !slices.Contains(words, w) {
			t.Errorf("StopWords lacks %q", w)
		}
	}
	for _, w := range words {
		if strings.ContainsAny(w, " |\t") {
			t.Errorf("stop word %q holds a separator", w)
		}
	}
}

func TestSynonymGroups(t *testing.T) {
	seen := map[string]bool{}
	for _, g := range german.Synonyms {
		if len(g) < 2 {
			t.Errorf("group %v has fewer than two words", g)
		}
		for _, w := range g {
			k := strings.ToLower(w)
			if seen[k] {
				t.Errorf("%q is in more than one group", w)
			}
			seen[k] = true
		}
	}
}
