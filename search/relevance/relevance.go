// Package relevance measures how well a search index ranks German municipal
// datasets: a set of queries a citizen would type, each with hand-made
// relevance judgments over the demo catalogue (package demo), and the
// metrics nDCG@10 and recall@10 over them.
//
// A backend's test calls Check with an empty index; Check loads the demo
// catalogue, runs every query, logs a table per query category and fails
// when the means fall below the backend's thresholds:
//
//	func TestGermanRelevance(t *testing.T) {
//		relevance.Check(t, newIndex(t), 0.80, 0.85)
//	}
//
// The judgments live in testdata/queries.json; testdata/README.md says how
// they were made and what the grades mean.
package relevance

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Grades of a judgment. A dataset without a judgment is not relevant.
const (
	// Useful marks a dataset the searcher would be glad to see further down.
	Useful = 1
	// Wanted marks a dataset that answers the query.
	Wanted = 2
)

// Query categories of the German set.
const (
	CategoryExact      = "exact"      // title words as written
	CategoryTypo       = "typo"       // one or two letters wrong, missing or swapped
	CategoryUmlaut     = "umlaut"     // ae/oe/ue, dots left off, ss and ß
	CategoryCompound   = "compound"   // a part of a compound, or parts of one
	CategoryInflection = "inflection" // plural, singular, other word forms
	CategorySynonym    = "synonym"    // abbreviations and other words
	CategoryMultiword  = "multiword"  // several words
	CategoryEnglish    = "english"    // English queries
)

// Categories lists the query categories in report order.
var Categories = []string{
	CategoryExact, CategoryTypo, CategoryUmlaut, CategoryCompound,
	CategoryInflection, CategorySynonym, CategoryMultiword, CategoryEnglish,
}

// Query is a search text with its relevance judgments.
type Query struct {
	// Text is what the searcher types.
	Text string `json:"q"`
	// Category is one of Categories.
	Category string `json:"category"`
	// Relevant maps the id of each relevant dataset to its grade, Useful or
	// Wanted.
	Relevant map[string]int `json:"relevant"`
	// Note explains a judgment that is not obvious from the titles.
	Note string `json:"note,omitempty"`
}

// Set is a query set.
type Set struct {
	// About says how the judgments were made and what the grades mean.
	About []string `json:"about"`
	// Queries are the judged queries.
	Queries []Query `json:"queries"`
}

//go:embed testdata/queries.json
var germanSet []byte

// German returns the German query set over the demo catalogue, a new copy
// on every call.
func German() *Set {
	s, err := Parse(bytes.NewReader(germanSet))
	if err != nil {
		panic("relevance: embedded query set: " + err.Error())
	}
	return s
}

// Parse reads a query set in the JSON shape of testdata/queries.json and
// checks it: every query has a text, a known category and at least one
// judgment, and every grade is Useful or Wanted.
func Parse(r io.Reader) (*Set, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var s Set
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("relevance: parse query set: %w", err)
	}
	known := map[string]bool{}
	for _, c := range Categories {
		known[c] = true
	}
	seen := map[string]bool{}
	for i, q := range s.Queries {
		switch {
		case strings.TrimSpace(q.Text) == "":
			return nil, fmt.Errorf("relevance: query %d has no text", i+1)
		case seen[q.Text]:
			return nil, fmt.Errorf("relevance: query %q appears twice", q.Text)
		case !known[q.Category]:
			return nil, fmt.Errorf("relevance: query %q: unknown category %q", q.Text, q.Category)
		case len(q.Relevant) == 0:
			return nil, fmt.Errorf("relevance: query %q has no relevant dataset", q.Text)
		}
		seen[q.Text] = true
		for id, g := range q.Relevant {
			if g != Useful && g != Wanted {
				return nil, fmt.Errorf("relevance: query %q: grade %d of %s is neither 1 nor 2", q.Text, g, id)
			}
		}
	}
	return &s, nil
}
