package frontend

import (
	"context"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/search/suggest"
)

// Limits of the suggestions.
const (
	// suggestions is the number of suggestions /suggest returns.
	suggestions = 8
	// vocabularyAge is how long the spelling vocabulary is kept.
	vocabularyAge = 5 * time.Minute
	// vocabularySize caps the keywords read into the vocabulary.
	vocabularySize = 5000
)

// suggest serves GET /suggest?q=: up to eight completions of what was typed
// so far (titles of matching datasets, keywords, organisations; see package
// search/suggest), as a JSON array of strings. The search page's script
// offers them in the search box's list; without the script the page works
// the same.
func (f *frontend) suggest(c *fiber.Ctx) error {
	l := f.locale(c)
	q := suggest.Normalize(c.Query("q"))
	texts := []string{}
	if len(q) <= suggest.MaxQueryBytes {
		found, err := f.cfg.Suggester.Suggest(c.UserContext(), suggest.Request{Text: q, Limit: suggestions, Lang: l.Lang})
		if err != nil {
			f.log.Error("suggestions failed", "query", q, "err", err)
			return c.Status(fiber.StatusServiceUnavailable).JSON(texts)
		}
		for _, s := range found {
			texts = append(texts, s.Text)
		}
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=60")
	c.Vary(fiber.HeaderAcceptLanguage)
	return c.JSON(texts)
}

// speller proposes spellings for searches that found nothing, from the
// words the catalogue uses: keywords, theme names and publishers, read from
// the index's facets and kept for a few minutes.
type speller struct {
	mu    sync.Mutex
	words map[string]int // lower-case word → number of datasets
	read  time.Time
}

// suggest returns text with each word the vocabulary lacks replaced by the
// closest word it has (at most one edit for short words, two for longer),
// or "" when nothing changed.
func (s *speller) suggest(ctx context.Context, idx municat.Index, text string) string {
	words := s.vocabulary(ctx, idx)
	if len(words) == 0 {
		return ""
	}
	changed := false
	var out []string
	for _, w := range strings.Fields(text) {
		lw := strings.ToLower(w)
		if _, ok := words[lw]; ok || utf8.RuneCountInString(lw) < 4 {
			out = append(out, w)
			continue
		}
		limit := 1
		if utf8.RuneCountInString(lw) >= 7 {
			limit = 2
		}
		best, bestDist, bestCount := "", limit+1, 0
		for cand, n := range words {
			d := editDistance(lw, cand, limit)
			if d > limit {
				continue
			}
			if d < bestDist || (d == bestDist && (n > bestCount || (n == bestCount && cand < best))) {
				best, bestDist, bestCount = cand, d, n
			}
		}
		if best == "" {
			out = append(out, w)
			continue
		}
		changed = true
		out = append(out, best)
	}
	if !changed {
		return ""
	}
	return strings.Join(out, " ")
}

// vocabulary returns the catalogue's words, read again when older than
// vocabularyAge.
func (s *speller) vocabulary(ctx context.Context, idx municat.Index) map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.words != nil && time.Since(s.read) < vocabularyAge {
		return s.words
	}
	res, err := idx.Search(ctx, municat.Query{PerPage: 1, FacetSize: vocabularySize})
	if err != nil {
		return s.words
	}
	words := map[string]int{}
	add := func(text string, n int) {
		for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }) {
			w = strings.ToLower(strings.Trim(w, "-"))
			if utf8.RuneCountInString(w) >= 3 {
				words[w] += n
			}
		}
	}
	for _, name := range []string{municat.FacetKeyword, municat.FacetPublisher} {
		for _, v := range res.Facets[name] {
			add(v.Value, v.Count)
		}
	}
	for _, v := range res.Facets[municat.FacetTheme] {
		if t, ok := municat.ThemeByCode(v.Value); ok {
			for _, label := range t.Label {
				add(label, v.Count)
			}
		}
	}
	s.words, s.read = words, time.Now()
	return words
}

// editDistance returns the Damerau-Levenshtein (optimal string alignment)
// distance of a and b in runes, or limit+1 once it is sure to exceed limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
