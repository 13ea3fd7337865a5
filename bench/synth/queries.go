package synth

import (
	"cmp"
	"slices"
	"strings"
)

// Queries are realistic query inputs that match datasets of a catalogue.
type Queries struct {
	// OneWord are single words that occur in titles and descriptions,
	// e.g. "Baumkataster", the most frequent first.
	OneWord []string
	// TwoWords are a topic word and a place, e.g. "Radwege Hamburg"; both
	// occur together in at least one dataset.
	TwoWords []string
	// Typos are words of OneWord with one letter left out
	// ("Baumkatster"), which fuzzy matching should still find.
	Typos []string
	// Themes are the EU theme codes present, the most common first.
	Themes []string
	// Words are words for a portal query with a theme filter: Words[k]
	// occurs in datasets of theme Themes[k].
	Words []string
}

// querySample is the number of datasets Queries looks at.
const querySample = 2000

// maxQueries caps each list of Queries.
const maxQueries = 20

// maxPairsPerPlace caps the TwoWords naming one place, so that they name
// several.
const maxPairsPerPlace = 4

// Queries returns query inputs that match datasets of this catalogue,
// found in its first datasets (at most querySample).
func (g Generator) Queries() Queries {
	n := min(g.N, querySample)
	stemCount := map[string]int{}
	themeCount := map[string]int{}
	pairs := map[string]int{}                 // "stem place" → datasets
	themeStems := map[string]map[string]int{} // theme → stem → datasets
	for i := range n {
		d := g.Dataset(i)
		title := d.Title.String()
		t := topicOfTitle(title)
		if t == nil {
			continue
		}
		stemCount[t.stem]++
		for _, th := range d.Themes {
			themeCount[th]++
			if themeStems[th] == nil {
				themeStems[th] = map[string]int{}
			}
			themeStems[th][t.stem]++
		}
		place := d.Spatial.Names[0]
		if !strings.Contains(place, " ") && strings.Contains(title, place) {
			pairs[t.stem+" "+place]++
		}
	}
	var q Queries
	for _, s := range byCount(stemCount) {
		if !strings.Contains(s, "-") && len(q.OneWord) < maxQueries {
			q.OneWord = append(q.OneWord, s)
		}
	}
	perPlace := map[string]int{}
	for _, p := range byCount(pairs) {
		place := p[strings.LastIndexByte(p, ' ')+1:]
		if perPlace[place] < maxPairsPerPlace && len(q.TwoWords) < maxQueries {
			perPlace[place]++
			q.TwoWords = append(q.TwoWords, p)
		}
	}
	for _, w := range q.OneWord {
		if rs := []rune(w); len(rs) >= 7 {
			k := len(rs) * 2 / 3
			q.Typos = append(q.Typos, string(rs[:k])+string(rs[k+1:]))
		}
	}
	q.Themes = byCount(themeCount)
	used := map[string]bool{}
	for _, th := range q.Themes {
		word := ""
		for _, s := range byCount(themeStems[th]) {
			if !used[s] && !strings.Contains(s, "-") {
				word = s
				break
			}
		}
		if word == "" {
			word = byCount(themeStems[th])[0]
		}
		used[word] = true
		q.Words = append(q.Words, word)
	}
	return q
}

// topicOfTitle returns the topic whose stem the title contains.
func topicOfTitle(title string) *topic {
	for k := range topics {
		if strings.Contains(title, topics[k].stem) {
			return &topics[k]
		}
	}
	return nil
}

// byCount returns the keys of counts, the largest count first, then by
// key.
func byCount(counts map[string]int) []string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b)) })
	return keys
}
