package meili

import (
	"slices"
	"testing"

	"github.com/meilisearch/meilisearch-go"
)

func TestSettingsEqual(t *testing.T) {
	if !settingsEqual(Settings(), Settings()) {
		t.Fatal("Settings() differs from itself")
	}
	changes := map[string]func(s *meilisearch.Settings){
		"ranking rule order": func(s *meilisearch.Settings) {
			s.RankingRules[0], s.RankingRules[1] = s.RankingRules[1], s.RankingRules[0]
		},
		"searchable order":   func(s *meilisearch.Settings) { slices.Reverse(s.SearchableAttributes) },
		"filterable missing": func(s *meilisearch.Settings) { s.FilterableAttributes = s.FilterableAttributes[1:] },
		"stop word added":    func(s *meilisearch.Settings) { s.StopWords = append(s.StopWords, "daten") },
		"synonym dropped":    func(s *meilisearch.Settings) { s.Synonyms["Kita"] = s.Synonyms["Kita"][1:] },
		"typo sizes":         func(s *meilisearch.Settings) { s.TypoTolerance.MinWordSizeForTypos.OneTypo = 4 },
		"max total hits":     func(s *meilisearch.Settings) { s.Pagination.MaxTotalHits = 1000 },
		"facet sort":         func(s *meilisearch.Settings) { s.Faceting.SortFacetValuesBy["*"] = meilisearch.SortFacetTypeAlpha },
		"locales":            func(s *meilisearch.Settings) { s.LocalizedAttributes[0].Locales = []string{"eng"} },
		"no faceting":        func(s *meilisearch.Settings) { s.Faceting = nil },
	}
	for name, change := range changes {
		s := Settings()
		change(s)
		if settingsEqual(s, Settings()) {
			t.Errorf("%s: settings still equal", name)
		}
	}
	same := map[string]func(s *meilisearch.Settings){
		"sets sorted": func(s *meilisearch.Settings) {
			slices.Sort(s.StopWords)
			slices.Reverse(s.FilterableAttributes)
			slices.Reverse(s.SortableAttributes)
		},
		"synonyms lower case": func(s *meilisearch.Settings) {
			s.Synonyms["kita"] = s.Synonyms["Kita"]
			delete(s.Synonyms, "Kita")
		},
		"attribute split (1.36)": func(s *meilisearch.Settings) {
			i := slices.Index(s.RankingRules, "attribute")
			s.RankingRules = slices.Replace(s.RankingRules, i, i+1, "attributeRank", "wordPosition")
		},
	}
	for name, change := range same {
		s := Settings()
		change(s)
		if !settingsEqual(s, Settings()) {
			t.Errorf("%s: settings differ", name)
		}
	}
}
