package bleve

import (
	"bytes"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/query"
)

// German compounds. "Kommunalwahl" should be found by "Wahl", and
// "Straßenbäume" should find "Bäume an Straßen". The parts field holds, for
// each stemmed word of the German text and the keywords, its beginnings and
// ends of minPart letters or more (kommunalwahl: komm, kommu, …, wahl,
// lwahl, …): a query word found there is a part of a compound, usually its
// head (the end) or its first part. A long query word is in turn cut in two
// and both parts looked for (appendSplits). Parts match at a low boost, so
// that whole words rank first.
//
// Beginnings and ends cost far less than all inner n-grams (two terms per
// letter instead of one per pair of letters) and match fewer unrelated
// words; the middle part of a three-part compound is not found.

// partsFilter is the token filter of analyzerParts.
const partsFilter = "municat_parts"

// The lengths of the parts. Shorter words are not looked up as parts:
// three letters ("Rat", "Bad") begin or end too many unrelated words.
// Parts longer than maxPart are not indexed.
const (
	minPart = 4
	maxPart = 24
)

func init() {
	if err := registry.RegisterTokenFilter(partsFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return partsTokenFilter{}, nil
	}); err != nil {
		panic(err)
	}
}

// partsTokenFilter replaces each term by itself and its beginnings and ends
// of minPart to maxPart letters.
type partsTokenFilter struct{}

// Filter returns the parts of the terms of input. The parts share the bytes
// of their term, so no filter may follow this one.
func (partsTokenFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(input))
	for _, t := range input {
		out = append(out, t)
		term := t.Term
		if !isASCII(term) { // rare: terms are folded to ASCII where possible
			runes := bytes.Runes(term)
			for size := minPart; size < len(runes) && size <= maxPart; size++ {
				out = appendPart(out, t, []byte(string(runes[:size])))
				out = appendPart(out, t, []byte(string(runes[len(runes)-size:])))
			}
			continue
		}
		for size := minPart; size < len(term) && size <= maxPart; size++ {
			out = appendPart(out, t, term[:size])
			out = appendPart(out, t, term[len(term)-size:])
		}
	}
	return out
}

// appendPart appends a copy of t with the term part.
func appendPart(ts analysis.TokenStream, t *analysis.Token, part []byte) analysis.TokenStream {
	p := *t
	p.Term = part
	return append(ts, &p)
}

// isASCII reports whether b holds ASCII only.
func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// appendParts appends a term query on the parts field for term with boost,
// if term is between minPart and maxPart letters long.
func appendParts(qs []query.Query, term string, boost float64) []query.Query {
	if n := utf8.RuneCountInString(term); n < minPart || n > maxPart {
		return qs
	}
	tq := query.NewTermQuery(term)
	tq.SetField(fieldParts)
	tq.SetBoost(boost)
	return append(qs, tq)
}

// appendSplits appends, for a word long enough to be a compound, a query
// per way to cut its stem in two parts of minPart letters or more: both
// parts must match, each as a word or a part of one. "Straßenbäume" so
// finds "Bäume an Straßen", "Glascontainer" finds "Altglas" with
// "Container".
func (x *Index) appendSplits(qs []query.Query, stem string) []query.Query {
	runes := []rune(stem)
	for cut := minPart; cut <= len(runes)-minPart; cut++ {
		var conj []query.Query
		for _, part := range []string{string(runes[:cut]), string(runes[cut:])} {
			disj := appendParts(nil, part, partsBoost)
			for _, t := range terms(x.analyzers[analyzerDE], part) {
				if t != part {
					disj = appendParts(disj, t, partsBoost)
				}
				disj = appendTerms(disj, t, splitFields)
			}
			if len(disj) == 0 {
				conj = nil // a stop word
				break
			}
			conj = append(conj, query.NewDisjunctionQuery(disj))
		}
		if len(conj) == 2 {
			qs = append(qs, query.NewConjunctionQuery(conj))
		}
	}
	return qs
}
