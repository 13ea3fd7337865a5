package synth

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// picker draws values with fixed weights.
type picker struct {
	// values are the values, the most frequent first (nil when the
	// picker draws indexes only).
	values []string
	// cum are the cumulative weights.
	cum []int
}

// newPicker returns a picker of the weighted values, ordered by weight
// (then by value) so that it draws the same for every seed on every run.
func newPicker(weights map[string]int) picker {
	values := make([]string, 0, len(weights))
	for v := range weights {
		values = append(values, v)
	}
	slices.SortFunc(values, func(a, b string) int {
		return cmp.Or(cmp.Compare(weights[b], weights[a]), cmp.Compare(a, b))
	})
	w := make([]int, len(values))
	for k, v := range values {
		w[k] = weights[v]
	}
	return picker{values: values, cum: cumulate(w)}
}

// cumulate returns the running sums of w.
func cumulate(w []int) []int {
	cum := make([]int, len(w))
	sum := 0
	for k, x := range w {
		sum += x
		cum[k] = sum
	}
	return cum
}

// pick draws an index.
func (p picker) pick(r *rand.Rand) int {
	u := r.IntN(p.cum[len(p.cum)-1])
	k, _ := slices.BinarySearch(p.cum, u+1)
	return k
}

// value draws a value.
func (p picker) value(r *rand.Rand) string { return p.values[p.pick(r)] }
