package relevance

import (
	"math"
	"slices"
)

// K is the cut-off of the metrics: the first page a searcher looks at.
const K = 10

// DCG returns the discounted cumulative gain of the first k of hits: the
// sum over ranks i (from 1) of (2^grade − 1) / log2(i+1). A hit without a
// grade gains nothing; a repeated hit counts once, at its first rank.
func DCG(hits []string, grades map[string]int, k int) float64 {
	var dcg float64
	seen := map[string]bool{}
	for i, id := range hits[:min(len(hits), k)] {
		if seen[id] {
			continue
		}
		seen[id] = true
		dcg += gain(grades[id]) / math.Log2(float64(i+2))
	}
	return dcg
}

// NDCG returns the normalised DCG of the first k of hits: DCG divided by
// the DCG of the ideal ranking, all judged datasets by grade descending.
// It is 1 for the ideal ranking, 0 when no relevant dataset is among the
// first k, and 0 when grades holds no relevant dataset.
func NDCG(hits []string, grades map[string]int, k int) float64 {
	ideal := idealDCG(grades, k)
	if ideal == 0 {
		return 0
	}
	return DCG(hits, grades, k) / ideal
}

// Recall returns the share of the relevant datasets (grade 1 or more) that
// are among the first k of hits; 0 when grades holds none.
func Recall(hits []string, grades map[string]int, k int) float64 {
	relevant := 0
	for _, g := range grades {
		if g > 0 {
			relevant++
		}
	}
	if relevant == 0 {
		return 0
	}
	found := map[string]bool{}
	for _, id := range hits[:min(len(hits), k)] {
		if grades[id] > 0 {
			found[id] = true
		}
	}
	return float64(len(found)) / float64(relevant)
}

// idealDCG returns the DCG of the judged datasets ranked by grade, best
// first, cut at k.
func idealDCG(grades map[string]int, k int) float64 {
	var gs []int
	for _, g := range grades {
		if g > 0 {
			gs = append(gs, g)
		}
	}
	slices.SortFunc(gs, func(a, b int) int { return b - a })
	var dcg float64
	for i, g := range gs[:min(len(gs), k)] {
		dcg += gain(g) / math.Log2(float64(i+2))
	}
	return dcg
}

// gain returns the gain 2^grade − 1 of a grade; 0 for 0 or less.
func gain(grade int) float64 {
	if grade <= 0 {
		return 0
	}
	return math.Exp2(float64(grade)) - 1
}
