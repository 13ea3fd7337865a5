package suggest

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/municat/municat"
)

// vocabularySize is the number of values per facet read for the vocabulary.
// Backends may return fewer (Meilisearch caps facet values per index); the
// facets of each search's matches make up for the rarer values.
const vocabularySize = 5000

// vocabulary holds the keywords and organisations of the whole catalogue.
type vocabulary struct {
	keywords terms
	orgs     terms
}

// vocabularyCache keeps the vocabulary for Config.VocabularyAge.
type vocabularyCache struct {
	mu   sync.Mutex
	v    *vocabulary
	read time.Time
}

// term is a keyword or an organisation with its number of datasets.
type term struct {
	// value is the facet value: the keyword, or the organisation's id.
	value string
	// text is what is shown: the keyword, or the organisation's name.
	text  string
	count int
	words folded
}

// terms are the keywords or the organisations of the catalogue.
type terms struct {
	typ  string
	list []term
	// byValue maps a facet value to its index in list.
	byValue map[string]int
}

// add appends a term.
func (t *terms) add(value, text string, count int) {
	if t.byValue == nil {
		t.byValue = map[string]int{}
	}
	t.byValue[value] = len(t.list)
	t.list = append(t.list, term{value: value, text: text, count: count, words: fold(text)})
}

// completing returns the terms that complete q, most datasets first, ties
// by text: those of the catalogue, and those of the matches of q that the
// catalogue's list lacks. The text of such a value is the value itself, or
// name(value) if name is not nil ("" leaves the value out). A term counted
// in both has the larger count: the vocabulary may be up to a minute old.
func (t *terms) completing(q folded, matches []municat.FacetValue, name func(value string) (string, error)) ([]candidate, error) {
	found := map[string]candidate{}
	add := func(value, text string, count int, words folded) {
		if !words.completes(q) {
			return
		}
		key := words.key()
		// Two spellings of one word (a keyword in two cases): the one of
		// more datasets.
		if c, ok := found[key]; ok && (c.Count > count || c.Count == count && c.Text <= text) {
			return
		}
		s := Suggestion{Type: t.typ, Text: text, Count: count}
		if t.typ == TypeOrganization {
			s.Organization = value
		}
		found[key] = candidate{Suggestion: s, key: key}
	}
	for _, tm := range t.list {
		add(tm.value, tm.text, tm.count, tm.words)
	}
	for _, m := range matches {
		if i, known := t.byValue[m.Value]; known {
			// Counted again since the vocabulary was read.
			tm := t.list[i]
			add(tm.value, tm.text, m.Count, tm.words)
			continue
		}
		text := m.Value
		if name != nil {
			var err error
			if text, err = name(m.Value); err != nil {
				return nil, err
			}
		}
		if text != "" {
			add(m.Value, text, m.Count, fold(text))
		}
	}
	out := make([]candidate, 0, len(found))
	for _, c := range found {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b candidate) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Text, b.Text); c != 0 {
			return c
		}
		return cmp.Compare(a.Organization, b.Organization)
	})
	return out, nil
}

// vocabulary returns the catalogue's keywords and organisations, read again
// when older than Config.VocabularyAge.
func (s *Suggester) vocabulary(ctx context.Context) (*vocabulary, error) {
	c := &s.vocab
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.v != nil && time.Since(c.read) < s.cfg.VocabularyAge {
		return c.v, nil
	}
	res, err := s.cfg.Index.Search(ctx, municat.Query{PerPage: 1, FacetSize: vocabularySize})
	if err != nil {
		return nil, err
	}
	v := &vocabulary{keywords: terms{typ: TypeKeyword}, orgs: terms{typ: TypeOrganization}}
	for _, fv := range res.Facets[municat.FacetKeyword] {
		v.keywords.add(fv.Value, fv.Value, fv.Count)
	}
	for _, fv := range res.Facets[municat.FacetOrganization] {
		name, err := s.organizationName(ctx, fv.Value)
		if err != nil {
			return nil, err
		}
		if name != "" {
			v.orgs.add(fv.Value, name, fv.Count)
		}
	}
	c.v, c.read = v, time.Now()
	return v, nil
}

// organizationName returns the name of the organisation with id, or "" if
// the catalogue has no such organisation (or it has no name).
func (s *Suggester) organizationName(ctx context.Context, id string) (string, error) {
	o, err := s.cfg.Catalog.Organization(ctx, id)
	if errors.Is(err, municat.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return o.Name, nil
}
