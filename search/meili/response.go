package meili

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/municat/municat"
)

// searchHit is one hit of a search answer: the dataset id and, if it was
// asked for, the ranking score.
type searchHit struct {
	ID    string
	Score float64
	// HasScore reports whether the answer had a _rankingScore.
	HasScore bool
}

// searchAnswer is what Search reads from a Meilisearch search response.
type searchAnswer struct {
	Hits []searchHit
	// TotalHits is the exhaustive number of matches (asked for with page
	// and hitsPerPage), or -1 when the answer has none.
	TotalHits int
	// Facets maps a facet field to its values and counts.
	Facets map[string]map[string]int
}

// parseSearchAnswer reads a search response. Every hit must have a string
// id; scores must be finite numbers; counts must not be negative.
func parseSearchAnswer(raw []byte) (*searchAnswer, error) {
	var r struct {
		Hits []struct {
			ID    json.RawMessage `json:"id"`
			Score json.RawMessage `json:"_rankingScore"`
		} `json:"hits"`
		TotalHits         *int64                      `json:"totalHits"`
		FacetDistribution map[string]map[string]int64 `json:"facetDistribution"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("unreadable search answer: %w", err)
	}
	if r.Hits == nil {
		return nil, errors.New("search answer without hits")
	}
	out := &searchAnswer{Hits: make([]searchHit, 0, len(r.Hits)), TotalHits: -1}
	for i, h := range r.Hits {
		id, err := hitID(h.ID)
		if err != nil {
			return nil, fmt.Errorf("search answer, hit %d: %w", i, err)
		}
		hit := searchHit{ID: id}
		if s := h.Score; len(s) > 0 && string(s) != "null" {
			if err := json.Unmarshal(s, &hit.Score); err != nil || math.IsNaN(hit.Score) || math.IsInf(hit.Score, 0) {
				return nil, fmt.Errorf("search answer, hit %d: _rankingScore %s is no number", i, s)
			}
			hit.HasScore = true
		}
		out.Hits = append(out.Hits, hit)
	}
	if r.TotalHits != nil {
		if *r.TotalHits < 0 || *r.TotalHits > math.MaxInt32 {
			return nil, fmt.Errorf("search answer: totalHits %d is out of range", *r.TotalHits)
		}
		out.TotalHits = int(*r.TotalHits)
	}
	out.Facets = make(map[string]map[string]int, len(r.FacetDistribution))
	for field, values := range r.FacetDistribution {
		m := make(map[string]int, len(values))
		for v, n := range values {
			if n < 0 || n > math.MaxInt32 {
				return nil, fmt.Errorf("search answer: facet %s value %q has the count %d", field, v, n)
			}
			m[v] = int(n)
		}
		out.Facets[field] = m
	}
	return out, nil
}

// hitID reads the id field of a hit, which must be a non-empty string.
func hitID(raw json.RawMessage) (string, error) {
	if len(raw) == 0 {
		return "", errors.New("hit without id")
	}
	var id string
	if err := json.Unmarshal(raw, &id); err != nil {
		return "", fmt.Errorf("hit id %s is no string", raw)
	}
	if id == "" {
		return "", errors.New("hit with an empty id")
	}
	return id, nil
}

// facetValues returns the facets of municat.FacetNames from the facet
// distribution of an answer: every facet present (empty if it has no
// values), values by count descending then value ascending, at most size.
func facetValues(dist map[string]map[string]int, size int) map[string][]municat.FacetValue {
	out := make(map[string][]municat.FacetValue, len(municat.FacetNames))
	for _, name := range municat.FacetNames {
		values := []municat.FacetValue{}
		for v, n := range dist[facetFields[name]] {
			if n > 0 {
				values = append(values, municat.FacetValue{Value: v, Count: n})
			}
		}
		slices.SortFunc(values, func(a, b municat.FacetValue) int {
			if c := cmp.Compare(b.Count, a.Count); c != 0 {
				return c
			}
			return cmp.Compare(a.Value, b.Value)
		})
		out[name] = values[:min(size, len(values))]
	}
	return out
}
