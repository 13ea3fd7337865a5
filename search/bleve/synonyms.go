package bleve

import (
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
)

// synonymTable finds the synonyms of query words (see german.Synonyms).
// Words are compared in their German analysis, so that "Kitas", "KITA" and
// "Kita" are the same word; a group word of several tokens ("E-Auto")
// matches the same tokens in a row.
type synonymTable struct {
	// alternatives maps a group word, its German terms joined by spaces,
	// to the other words of its group (or groups).
	alternatives map[string][]synonym
	// maxTokens is the number of tokens of the longest group word.
	maxTokens int
}

// synonym is a word of a synonym group, analysed.
type synonym struct {
	// terms is its German analysis: stemmed terms, usually one.
	terms []string
}

// key returns the lookup key of a word's German terms.
func (s synonym) key() string { return strings.Join(s.terms, " ") }

// newSynonymTable analyses groups with the German analyzer de.
func newSynonymTable(groups [][]string, de analysis.Analyzer) *synonymTable {
	t := &synonymTable{alternatives: map[string][]synonym{}}
	for _, group := range groups {
		var words []synonym
		for _, w := range group {
			s := synonym{terms: terms(de, w)}
			if len(s.terms) == 0 || slices.ContainsFunc(words, func(o synonym) bool { return o.key() == s.key() }) {
				continue // a stop word, or the same word in another form
			}
			words = append(words, s)
			t.maxTokens = max(t.maxTokens, len(s.terms))
		}
		for _, w := range words {
			for _, o := range words {
				if o.key() != w.key() && !slices.ContainsFunc(t.alternatives[w.key()], func(a synonym) bool { return a.key() == o.key() }) {
					t.alternatives[w.key()] = append(t.alternatives[w.key()], o)
				}
			}
		}
	}
	return t
}

// match returns the number of words at the start of words (given as their
// German terms, "" for a stop word) that form a group word, longest first,
// and that word's synonyms; 0 and nil when the first word starts none.
func (t *synonymTable) match(words []string) (int, []synonym) {
	for n := min(t.maxTokens, len(words)); n > 0; n-- {
		if slices.Contains(words[:n], "") {
			continue
		}
		if alts, ok := t.alternatives[strings.Join(words[:n], " ")]; ok {
			return n, alts
		}
	}
	return 0, nil
}

// terms returns the terms a makes of s.
func terms(a analysis.Analyzer, s string) []string {
	var out []string
	for _, tok := range a.Analyze([]byte(s)) {
		out = append(out, string(tok.Term))
	}
	return out
}
