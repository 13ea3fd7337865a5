package relevance_test

import (
	"math"
	"testing"

	"github.com/municat/municat/search/relevance"
)

// grades is the judgment of the hand-computed examples below.
var grades = map[string]int{"a": relevance.Wanted, "b": relevance.Useful, "c": relevance.Wanted}

// idealDCG is the DCG of the ideal ranking a, c, b of grades:
// 3/log2(2) + 3/log2(3) + 1/log2(4).
var idealDCG = 3 + 3/math.Log2(3) + 0.5

func TestDCG(t *testing.T) {
	tests := []struct {
		name string
		hits []string
		k    int
		want float64
	}{
		{"none", nil, 10, 0},
		{"unjudged only", []string{"x", "y"}, 10, 0},
		// gain 2^1−1 = 1 at rank 1, nothing at 2, 2^2−1 = 3 at rank 3.
		{"mixed", []string{"b", "x", "a"}, 10, 1 + 3/math.Log2(4)},
		{"cut at k", []string{"b", "x", "a"}, 2, 1},
		{"ideal", []string{"a", "c", "b"}, 10, idealDCG},
		{"repeat counts once", []string{"a", "a", "c"}, 10, 3 + 3/math.Log2(4)},
	}
	for _, tt := range tests {
		if got := relevance.DCG(tt.hits, grades, tt.k); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s: DCG(%v, k=%d) = %.6f, want %.6f", tt.name, tt.hits, tt.k, got, tt.want)
		}
	}
}

func TestNDCG(t *testing.T) {
	tests := []struct {
		name   string
		hits   []string
		grades map[string]int
		k      int
		want   float64
	}{
		{"ideal", []string{"a", "c", "b", "x"}, grades, 10, 1},
		{"ideal, other order of equal grades", []string{"c", "a", "b"}, grades, 10, 1},
		{"mixed", []string{"b", "x", "a"}, grades, 10, 2.5 / idealDCG},
		{"none relevant", []string{"x", "y"}, grades, 10, 0},
		{"no judgments", []string{"a"}, map[string]int{}, 10, 0},
		// At k=1 the ideal DCG is that of one wanted dataset, 3.
		{"k=1", []string{"b"}, grades, 1, 1.0 / 3},
		// More judged datasets than k: the ideal holds the k best.
		{"ideal cut at k", []string{"a", "c"}, grades, 2, 1},
	}
	for _, tt := range tests {
		if got := relevance.NDCG(tt.hits, tt.grades, tt.k); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s: NDCG(%v, k=%d) = %.6f, want %.6f", tt.name, tt.hits, tt.k, got, tt.want)
		}
	}
	// The example in numbers, so that a wrong gain or discount cannot
	// cancel out in both the DCG and its ideal.
	if got := relevance.NDCG([]string{"b", "x", "a"}, grades, 10); math.Abs(got-0.463582) > 1e-6 {
		t.Errorf("NDCG = %.6f, want 0.463582", got)
	}
}

func TestRecall(t *testing.T) {
	tests := []struct {
		hits []string
		k    int
		want float64
	}{
		{[]string{"b", "x", "a"}, 10, 2.0 / 3},
		{[]string{"b", "x", "a"}, 2, 1.0 / 3},
		{[]string{"a", "a", "a"}, 10, 1.0 / 3},
		{[]string{"c", "b", "a"}, 10, 1},
		{nil, 10, 0},
	}
	for _, tt := range tests {
		if got := relevance.Recall(tt.hits, grades, tt.k); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("Recall(%v, k=%d) = %.6f, want %.6f", tt.hits, tt.k, got, tt.want)
		}
	}
	if got := relevance.Recall([]string{"a"}, nil, 10); got != 0 {
		t.Errorf("Recall without judgments = %v, want 0", got)
	}
}
