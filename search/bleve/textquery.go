package bleve

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Relevance. A text query matches when every word of it (stop words left
// out) matches one of the fields below; the score adds up the matching
// fields, weighted by these boosts: title > keywords > description >
// publisher.
const (
	boostTitle       = 4.0
	boostKeywords    = 3.0
	boostDescription = 1.5
	boostPublisher   = 1.0
	// fuzzyFactor scales the boosts for matches with one typo. Bleve divides
	// their score by edit distance+1 as well, so exact matches rank first.
	fuzzyFactor = 0.3
	// minFuzzyLen is the shortest analysed term that may match with a typo.
	minFuzzyLen = 5
	// prefixFactor scales the boosts for prefix matches of the last word
	// (search as you type).
	prefixFactor = 0.3
	// minPrefixLen is the shortest last word that is also matched as prefix.
	minPrefixLen = 3
	// synonymFactor scales the boosts for matches of a synonym of a word
	// (see german.Synonyms), so that the word itself ranks first.
	synonymFactor = 0.5
	// splitFactor scales the boosts for matches of the parts of a compound
	// query word as words of their own.
	splitFactor = 0.3
	// partsBoost is the boost of a query word found as the beginning or the
	// end of a longer word of the German text (see compound.go).
	partsBoost = 0.3 * boostTitle
	// maxWords is the number of words of a text query that are used; the
	// rest is ignored, so a pasted page cannot make a huge query.
	maxWords = 32
)

// fieldBoost is a text field with its boost.
type fieldBoost struct {
	field string
	boost float64
}

// The text fields per analysis, with their boosts.
var (
	germanFields = []fieldBoost{
		{fieldTitleDE, boostTitle}, {fieldKeywords, boostKeywords},
		{fieldDescriptionDE, boostDescription}, {fieldPublisherText, boostPublisher},
	}
	englishFields = []fieldBoost{{fieldTitleEN, boostTitle}, {fieldDescriptionEN, boostDescription}}
	otherFields   = []fieldBoost{{fieldTitleOther, boostTitle}, {fieldDescOther, boostDescription}}
	// prefix matching looks at titles and keywords only.
	germanPrefixFields  = []fieldBoost{{fieldTitleDE, boostTitle}, {fieldKeywords, boostKeywords}}
	englishPrefixFields = []fieldBoost{{fieldTitleEN, boostTitle}}
	// synonyms are looked for in the German text, not the publisher.
	synonymFields = scaled(germanFields[:3], synonymFactor)
	// the unstemmed German title and keywords, for typos.
	wordsFields = []fieldBoost{{fieldWords, boostTitle}}
	// the parts of a compound query word are looked for in the German text.
	splitFields = scaled(germanFields[:3], splitFactor)
)

// scaled returns fields with their boosts multiplied by factor.
func scaled(fields []fieldBoost, factor float64) []fieldBoost {
	out := make([]fieldBoost, len(fields))
	for i, f := range fields {
		out[i] = fieldBoost{f.field, f.boost * factor}
	}
	return out
}

var wordTokenizer = unicode.NewUnicodeTokenizer()

// queryWord is a word of a text query in each analysis.
type queryWord struct {
	de, en, other string // stemmed German, stemmed English, folded
	plain         string // folded, not stemmed (German normalisation)
	last          bool   // the last word of the query
}

// stop reports whether w is a stop word in German or English.
func (w queryWord) stop() bool { return w.de == "" || w.en == "" }

// parsedText is a text query analysed: its units and its key. A unit is a
// word, or a run of words that is a word of a synonym group (such as
// "E-Auto"), with the synonyms; stop words outside such runs are left out.
// The key holds the analysed forms of every word, which are all the query
// is built from: texts with the same key make the same query.
type parsedText struct {
	units []textUnit
	key   string
}

// textUnit is a word, or a run of words, of a text query, with the words of
// its synonym group.
type textUnit struct {
	words []queryWord
	alts  []synonym
}

// parseText analyses text for textQuery. A text without units (only stop
// words) matches everything.
func (x *Index) parseText(text string) parsedText {
	tokens := wordTokenizer.Tokenize([]byte(text))
	tokens = tokens[:min(len(tokens), maxWords)]
	words := make([]queryWord, len(tokens))
	des := make([]string, len(tokens))
	var key strings.Builder
	for i, tok := range tokens {
		words[i] = x.analyseWord(tok.Term, i == len(tokens)-1)
		des[i] = words[i].de
		// The last word is the last of the key: no flag needed.
		for _, form := range []string{words[i].de, words[i].en, words[i].other, words[i].plain} {
			key.WriteString(form)
			key.WriteByte(0)
		}
		key.WriteByte(1)
	}
	p := parsedText{key: key.String()}
	for i := 0; i < len(words); {
		n, alts := x.synonyms.match(des[i:])
		if n <= 1 {
			if !words[i].stop() {
				p.units = append(p.units, textUnit{words[i : i+1], alts})
			}
			i++
			continue
		}
		p.units = append(p.units, textUnit{words[i : i+n], alts})
		i += n
	}
	return p
}

// textQuery returns the query for the user's text, or nil when it has no
// words but stop words (which then matches everything).
func (x *Index) textQuery(text string) query.Query { return x.buildQuery(x.parseText(text)) }

// buildQuery returns the query of p, or nil when p has no units.
//
// Each word becomes a disjunction (see wordClauses); the words are combined
// with AND. A word, or a run of words, that is a word of a synonym group
// also matches the group's other words, at a lower boost; a run of words
// then matches either all its words or a synonym.
func (x *Index) buildQuery(p parsedText) query.Query {
	var conj []query.Query
	for _, u := range p.units {
		if len(u.words) == 1 {
			disj := x.wordClauses(u.words[0])
			disj = appendSynonyms(disj, u.alts)
			conj = append(conj, query.NewDisjunctionQuery(disj))
			continue
		}
		var unit []query.Query
		for _, w := range u.words {
			if !w.stop() {
				unit = append(unit, query.NewDisjunctionQuery(x.wordClauses(w)))
			}
		}
		disj := appendSynonyms(nil, u.alts)
		if len(unit) > 0 {
			disj = append(disj, query.NewConjunctionQuery(unit))
		}
		conj = append(conj, query.NewDisjunctionQuery(disj))
	}
	if len(conj) == 0 {
		return nil
	}
	return query.NewConjunctionQuery(conj)
}

// analyseWord returns word in each analysis.
func (x *Index) analyseWord(word []byte, last bool) queryWord {
	first := func(analyzer string) string {
		ts := x.analyzers[analyzer].Analyze(word)
		if len(ts) == 0 {
			return ""
		}
		return string(ts[0].Term)
	}
	return queryWord{
		de:    first(analyzerDE),
		en:    first(analyzerEN),
		other: first(analyzerFold),
		plain: first(analyzerPrefixDE),
		last:  last,
	}
}

// wordClauses returns the disjuncts of one query word: its German analysis
// against the German fields, its English analysis against the English ones,
// its folded form against the fields of other languages; for analysed terms
// of minFuzzyLen or more, the same with one typo allowed at a low boost,
// and the unstemmed word with one typo against the unstemmed German words
// (the stemmer may cut a word with a typo differently: "Veranstaltungskalnder"
// is stemmed to "veranstaltungskalnd", "Veranstaltungskalender" to
// "veranstaltungskal"); for the last word, a prefix match at a low boost;
// and the word as a part of compounds, or its parts (see compound.go).
func (x *Index) wordClauses(w queryWord) []query.Query {
	var disj []query.Query
	disj = appendTerms(disj, w.de, germanFields)
	disj = appendTerms(disj, w.en, englishFields)
	disj = appendTerms(disj, w.other, otherFields)
	disj = appendFuzzy(disj, w.de, germanFields)
	disj = appendFuzzy(disj, w.en, englishFields)
	if w.plain != w.de { // else the fuzzy query on the stem covers it
		disj = appendFuzzy(disj, w.plain, wordsFields)
	}
	if w.last {
		disj = appendPrefix(disj, w.plain, germanPrefixFields)
		disj = appendPrefix(disj, w.other, englishPrefixFields)
	}
	disj = appendParts(disj, w.de, partsBoost)
	disj = x.appendSplits(disj, w.de)
	return disj
}

// appendSynonyms appends the queries for the synonyms alts of a word: a
// term query per field for a one-term synonym, a conjunction of them for
// a synonym of several terms.
func appendSynonyms(qs []query.Query, alts []synonym) []query.Query {
	for _, alt := range alts {
		if len(alt.terms) == 1 {
			qs = appendTerms(qs, alt.terms[0], synonymFields)
			qs = appendParts(qs, alt.terms[0], partsBoost*synonymFactor)
			continue
		}
		var conj []query.Query
		for _, t := range alt.terms {
			conj = append(conj, query.NewDisjunctionQuery(appendTerms(nil, t, synonymFields)))
		}
		qs = append(qs, query.NewConjunctionQuery(conj))
	}
	return qs
}

// appendTerms appends a term query for term on each of fields.
func appendTerms(qs []query.Query, term string, fields []fieldBoost) []query.Query {
	if term == "" {
		return qs
	}
	for _, f := range fields {
		tq := query.NewTermQuery(term)
		tq.SetField(f.field)
		tq.SetBoost(f.boost)
		qs = append(qs, tq)
	}
	return qs
}

// appendFuzzy appends a query for term with one typo on each of fields, if
// term is long enough.
func appendFuzzy(qs []query.Query, term string, fields []fieldBoost) []query.Query {
	if utf8.RuneCountInString(term) < minFuzzyLen {
		return qs
	}
	for _, f := range fields {
		fq := query.NewFuzzyQuery(term)
		fq.SetFuzziness(1)
		fq.SetField(f.field)
		fq.SetBoost(f.boost * fuzzyFactor)
		qs = append(qs, fq)
	}
	return qs
}

// appendPrefix appends a prefix query for prefix on each of fields.
func appendPrefix(qs []query.Query, prefix string, fields []fieldBoost) []query.Query {
	if utf8.RuneCountInString(prefix) < minPrefixLen {
		return qs
	}
	for _, f := range fields {
		pq := query.NewPrefixQuery(prefix)
		pq.SetField(f.field)
		pq.SetBoost(f.boost * prefixFactor)
		qs = append(qs, pq)
	}
	return qs
}
