// Package suggest completes what a visitor types into the search box: with
// titles of matching datasets, with keywords and with organisations. It
// works on every search backend, through municat.Index alone:
//
//   - Titles come from a search for the typed text (the backends match its
//     last word as a prefix), in search order, read from the catalogue.
//   - Keywords and organisations come from facet values: those of the
//     matches of that search, and those of the whole catalogue (one search
//     without text, kept for a minute), because engines match a prefix
//     only from a few letters on and do not search organisation names.
//
// Every suggestion visibly completes what was typed: each typed word begins
// a word of it, ignoring case, accents and the spelling of umlauts ("stras"
// completes "Straßenverzeichnis", "oeff" and "off" complete "Öffentliche
// Toiletten"). A search hit whose title does not is left out.
package suggest

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// The types of suggestions.
const (
	// TypeTitle is the title of a dataset.
	TypeTitle = "title"
	// TypeKeyword is a keyword some datasets carry.
	TypeKeyword = "keyword"
	// TypeOrganization is the name of an organisation that publishes
	// datasets.
	TypeOrganization = "organization"
)

// Limits of a request.
const (
	// MinLetters is the number of letters or digits the text needs before
	// anything is suggested.
	MinLetters = 2
	// MaxQueryBytes caps the length of the text, in bytes, after Normalize.
	MaxQueryBytes = 100
	// DefaultLimit is the number of suggestions when Request.Limit is 0.
	DefaultLimit = 8
	// MaxLimit caps Request.Limit.
	MaxLimit = 20
	// DefaultVocabularyAge is how long the catalogue's keywords and
	// organisations are kept when Config.VocabularyAge is 0.
	DefaultVocabularyAge = time.Minute
)

const (
	// hitsPerTitle is how many search hits are read per title wanted: hits
	// whose title does not complete the text are left out.
	hitsPerTitle = 2
	// matchFacetSize is the number of facet values read from the matches
	// of the text.
	matchFacetSize = 100
)

// Suggestion is one completion of the typed text.
type Suggestion struct {
	// Type is TypeTitle, TypeKeyword or TypeOrganization.
	Type string `json:"type"`
	// Text is what to show and to put into the search box: the dataset's
	// title, the keyword, or the organisation's name.
	Text string `json:"text"`
	// Dataset is the id of the dataset whose title Text is; only for
	// TypeTitle.
	Dataset string `json:"dataset,omitempty"`
	// Organization is the id of the organisation named Text; only for
	// TypeOrganization.
	Organization string `json:"organization,omitempty"`
	// Count is the number of published datasets with the keyword, or of
	// the organisation; not set for TypeTitle.
	Count int `json:"count,omitempty"`
}

// Request is a text to complete.
type Request struct {
	// Text is what was typed so far.
	Text string
	// Limit is the largest number of suggestions wanted: DefaultLimit if 0,
	// at most MaxLimit.
	Limit int
	// Lang is the language of the titles to show first, e.g. "en"; German
	// if empty. A dataset without a title in Lang shows its German one,
	// else its first.
	Lang string
}

// Config configures a Suggester.
type Config struct {
	// Index is searched for the typed text.
	Index municat.Index
	// Catalog holds the datasets and organisations the suggestions name.
	Catalog *catalog.Catalog
	// Logger receives warnings about hits missing in the store;
	// slog.Default() if nil.
	Logger *slog.Logger
	// VocabularyAge is how long the catalogue's keywords and organisations
	// are kept before they are read again; DefaultVocabularyAge if 0.
	VocabularyAge time.Duration
}

// Suggester completes typed texts. It is safe for concurrent use; keep one
// per index, since it keeps the catalogue's vocabulary between requests.
type Suggester struct {
	cfg   Config
	log   *slog.Logger
	vocab vocabularyCache
}

// New returns a Suggester over the index and catalogue of cfg.
func New(cfg Config) *Suggester {
	s := &Suggester{cfg: cfg, log: cfg.Logger}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.cfg.VocabularyAge == 0 {
		s.cfg.VocabularyAge = DefaultVocabularyAge
	}
	return s
}

// Normalize returns text as Suggest reads it: valid UTF-8, without leading
// and trailing white space, and with each run of white space inside made one
// space.
func Normalize(text string) string {
	return strings.Join(strings.Fields(strings.ToValidUTF8(text, "")), " ")
}

// Suggest returns up to r.Limit suggestions for r.Text: titles first (in
// search order), then keywords, then organisations (each by their number of
// datasets, most first). When there are enough of each, the three share the
// places about equally; otherwise the others take the unused ones. No two
// suggestions have the same text, compared without case, accents and the
// spelling of umlauts: of a title and a keyword alike, the one taken first
// stays (usually the title).
//
// A text with fewer than MinLetters letters or digits gets no suggestions.
// A text longer than MaxQueryBytes is an EINVALID error; errors of the index
// or the catalogue are returned as they are.
func (s *Suggester) Suggest(ctx context.Context, r Request) ([]Suggestion, error) {
	text := Normalize(r.Text)
	if len(text) > MaxQueryBytes {
		return nil, municat.Errorf(municat.EINVALID, "Der Suchtext darf höchstens %d Bytes lang sein, nicht %d.", MaxQueryBytes, len(text))
	}
	limit := r.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	q := fold(text)
	if letterCount(text) < MinLetters || len(q.spelled) == 0 {
		return []Suggestion{}, nil
	}
	vocab, err := s.vocabulary(ctx)
	if err != nil {
		return nil, err
	}
	res, err := s.cfg.Index.Search(ctx, municat.Query{Text: text, PerPage: limit * hitsPerTitle, FacetSize: matchFacetSize})
	if err != nil {
		return nil, err
	}
	keywords, err := vocab.keywords.completing(q, res.Facets[municat.FacetKeyword], nil)
	if err != nil {
		return nil, err
	}
	orgs, err := vocab.orgs.completing(q, res.Facets[municat.FacetOrganization], func(id string) (string, error) {
		return s.organizationName(ctx, id)
	})
	if err != nil {
		return nil, err
	}
	titles, err := s.titles(ctx, res.Hits, q, r.Lang, titleShare(limit, len(keywords), len(orgs)), limit)
	if err != nil {
		return nil, err
	}
	return pick(limit, titles, keywords, orgs), nil
}

// titles returns the title suggestions of the hits that complete q, in hit
// order: at least want of them if the hits have as many. It reads the
// datasets of the hits in batches of batch, since most requests need fewer
// titles than hits.
func (s *Suggester) titles(ctx context.Context, hits []municat.Hit, q folded, lang string, want, batch int) ([]candidate, error) {
	if lang == "" {
		lang = municat.DefaultLanguage
	}
	var out []candidate
	for len(hits) > 0 && len(out) < want {
		n := min(batch, len(hits))
		datasets, err := s.cfg.Catalog.HitSummaries(ctx, hits[:n], s.log)
		if err != nil {
			return nil, err
		}
		hits = hits[n:]
		for _, d := range datasets {
			if c, ok := titleCandidate(d, q, lang); ok {
				out = append(out, c)
			}
		}
	}
	return out, nil
}

// titleCandidate returns the title suggestion of d: its title in lang if
// that completes q, else the first of its other titles that does.
func titleCandidate(d *municat.Dataset, q folded, lang string) (candidate, bool) {
	for _, t := range append([]string{d.Title.Get(lang)}, titleTexts(d.Title)...) {
		if f := fold(t); t != "" && f.completes(q) {
			return candidate{Suggestion: Suggestion{Type: TypeTitle, Text: t, Dataset: d.ID}, key: f.key()}, true
		}
	}
	return candidate{}, false
}

// titleTexts returns the texts of t in the order of their languages.
func titleTexts(t municat.Text) []string {
	langs := t.Languages()
	out := make([]string, len(langs))
	for i, l := range langs {
		out[i] = t[l]
	}
	return out
}

// candidate is a suggestion with its deduplication key.
type candidate struct {
	Suggestion
	key string
}

// titleShare returns how many titles pick takes from an endless list of
// titles next to keywords and organisations lists of the given lengths.
func titleShare(limit, keywords, orgs int) int {
	titles, others := 0, []int{keywords, orgs}
	for n := 0; n < limit; {
		titles++
		n++
		for i := range others {
			if n < limit && others[i] > 0 {
				others[i]--
				n++
			}
		}
	}
	return titles
}

// pick takes up to limit candidates from the lists, one from each list in
// turn, skipping texts taken before, and returns them grouped by list.
func pick(limit int, lists ...[]candidate) []Suggestion {
	taken := make([][]Suggestion, len(lists))
	next := make([]int, len(lists))
	seen := map[string]bool{}
	n := 0
	for more := true; more && n < limit; {
		more = false
		for i, list := range lists {
			for n < limit && next[i] < len(list) {
				c := list[next[i]]
				next[i]++
				if !seen[c.key] {
					seen[c.key] = true
					taken[i] = append(taken[i], c.Suggestion)
					n++
					more = true
					break
				}
			}
		}
	}
	out := make([]Suggestion, 0, n)
	for _, t := range taken {
		out = append(out, t...)
	}
	return out
}
