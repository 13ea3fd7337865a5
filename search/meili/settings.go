package meili

import (
	"maps"
	"slices"
	"strings"

	"github.com/meilisearch/meilisearch-go"

	"github.com/municat/municat/search/german"
)

// SchemaVersion is the version of the index settings and document shape.
// Bump it whenever Settings or the document fields change: Open then creates
// a new index (its uid ends in the new version), reports Created, searches
// keep reading the previous version until a rebuild is committed, and the
// commit deletes the previous versions.
const SchemaVersion = 1

// MaxTotalHits is the pagination.maxTotalHits setting: Meilisearch counts
// and pages through at most this many matches of one search, so
// SearchResult.Total never exceeds it and pages beyond it are empty. Keyset
// paging (Query.After) reaches every dataset whatever the count.
const MaxTotalHits = 200000

// MaxFacetValues is the faceting.maxValuesPerFacet setting: Meilisearch
// returns at most this many values per facet, the most frequent first, and
// Query.FacetSize is capped at it. When more values than that tie in count
// at the cut, which of them come back is Meilisearch's choice.
const MaxFacetValues = 1000

// rankingRules puts "sort" first, so that an explicit sort (title, dates, id)
// orders the hits exactly, text or not; without a sort parameter the rule
// does nothing and the relevance rules rank. "attribute" (split into
// attributeRank and wordPosition in Meilisearch 1.36, kept as an alias)
// ranks a match in the title above one in the description.
var rankingRules = []string{"sort", "words", "typo", "proximity", "attribute", "exactness"}

// searchableAttributes in order of weight: title > keywords > description >
// publisher.
var searchableAttributes = []string{
	fieldTitleDE, fieldTitleEN, fieldTitleOther,
	fieldKeywords,
	fieldDescriptionDE, fieldDescriptionEN, fieldDescOther,
	fieldPublisherText,
}

// Settings returns the index settings municat manages, a new value on each
// call. Open applies them to a new index and compares them with those of an
// existing one (see settingsEqual); they need Meilisearch 1.15 or newer
// (typoTolerance.disableOnNumbers; localizedAttributes since 1.10,
// sortFacetValuesBy since 1.3).
func Settings() *meilisearch.Settings {
	filterable := []string{fieldModified, fieldID}
	for _, f := range facetFields {
		filterable = append(filterable, f)
	}
	slices.Sort(filterable)
	return &meilisearch.Settings{
		RankingRules:         slices.Clone(rankingRules),
		SearchableAttributes: slices.Clone(searchableAttributes),
		FilterableAttributes: filterable,
		SortableAttributes:   []string{fieldID, fieldIssued, fieldModified, fieldTitleSort},
		StopWords:            german.StopWords(),
		Synonyms:             synonyms(german.Synonyms),
		TypoTolerance: &meilisearch.TypoTolerance{
			Enabled:             true,
			MinWordSizeForTypos: meilisearch.MinWordSizeForTypos{OneTypo: 5, TwoTypos: 9},
			DisableOnWords:      []string{},
			DisableOnAttributes: []string{},
			DisableOnNumbers:    true,
		},
		Pagination: &meilisearch.Pagination{MaxTotalHits: MaxTotalHits},
		Faceting: &meilisearch.Faceting{
			MaxValuesPerFacet: MaxFacetValues,
			SortFacetValuesBy: map[string]meilisearch.SortFacetType{"*": meilisearch.SortFacetTypeCount},
		},
		LocalizedAttributes: []*meilisearch.LocalizedAttributes{
			{Locales: []string{"deu"}, AttributePatterns: []string{"*_de", fieldKeywords, fieldPublisherText}},
			{Locales: []string{"eng"}, AttributePatterns: []string{"*_en"}},
		},
	}
}

// synonyms returns the Meilisearch synonyms of groups: every word maps to
// all other words of its groups.
func synonyms(groups [][]string) map[string][]string {
	out := map[string][]string{}
	for _, g := range groups {
		for _, w := range g {
			for _, other := range g {
				if other != w && !slices.Contains(out[w], other) {
					out[w] = append(out[w], other)
				}
			}
		}
	}
	return out
}

// settingsEqual reports whether the managed settings in have equal want.
// Meilisearch returns lists it keeps as sets (filterable and sortable
// attributes, stop words) sorted, and may normalise the case of synonyms, so
// those are compared as sorted, lower-cased sets; ranking rules, searchable
// attributes and localized attributes keep their order.
func settingsEqual(have, want *meilisearch.Settings) bool {
	switch {
	case have == nil:
		return false
	case !slices.Equal(normRules(have.RankingRules), normRules(want.RankingRules)),
		!slices.Equal(have.SearchableAttributes, want.SearchableAttributes),
		!sameSet(have.FilterableAttributes, want.FilterableAttributes),
		!sameSet(have.SortableAttributes, want.SortableAttributes),
		!sameSet(have.StopWords, want.StopWords),
		!sameSynonyms(have.Synonyms, want.Synonyms),
		!sameTypo(have.TypoTolerance, want.TypoTolerance),
		have.Pagination == nil || *have.Pagination != *want.Pagination,
		!sameFaceting(have.Faceting, want.Faceting),
		!sameLocalized(have.LocalizedAttributes, want.LocalizedAttributes):
		return false
	}
	return true
}

// normRules returns rules with "attribute" written as the two rules it
// stands for since Meilisearch 1.36, so that a server showing either form
// is not updated on every Open.
func normRules(rules []string) []string {
	var out []string
	for _, r := range rules {
		if r == "attribute" {
			out = append(out, "attributeRank", "wordPosition")
		} else {
			out = append(out, r)
		}
	}
	return out
}

// sameSet reports whether a and b hold the same strings, ignoring order,
// case and repeats.
func sameSet(a, b []string) bool { return slices.Equal(normSet(a), normSet(b)) }

func normSet(vs []string) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, strings.ToLower(v))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func sameSynonyms(a, b map[string][]string) bool {
	norm := func(m map[string][]string) map[string]string {
		sets := map[string][]string{}
		for k, v := range m {
			sets[strings.ToLower(k)] = append(sets[strings.ToLower(k)], v...)
		}
		out := make(map[string]string, len(sets))
		for k, v := range sets {
			out[k] = strings.Join(normSet(v), "\x00")
		}
		return out
	}
	return maps.Equal(norm(a), norm(b))
}

func sameTypo(a, b *meilisearch.TypoTolerance) bool {
	return a != nil && a.Enabled == b.Enabled && a.MinWordSizeForTypos == b.MinWordSizeForTypos &&
		a.DisableOnNumbers == b.DisableOnNumbers && sameSet(a.DisableOnWords, b.DisableOnWords) &&
		sameSet(a.DisableOnAttributes, b.DisableOnAttributes)
}

func sameFaceting(a, b *meilisearch.Faceting) bool {
	return a != nil && a.MaxValuesPerFacet == b.MaxValuesPerFacet && maps.Equal(a.SortFacetValuesBy, b.SortFacetValuesBy)
}

func sameLocalized(a, b []*meilisearch.LocalizedAttributes) bool {
	return slices.EqualFunc(a, b, func(x, y *meilisearch.LocalizedAttributes) bool {
		return x != nil && y != nil && slices.Equal(x.Locales, y.Locales) &&
			slices.Equal(x.AttributePatterns, y.AttributePatterns)
	})
}
