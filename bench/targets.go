package bench

import (
	"fmt"
	"slices"
	"strconv"
)

// Target is one of issue 9's targets: a figure compared with a bound.
type Target struct {
	// Figure is the name of the figure the target is about.
	Figure string
	// AtLeast is true for "≥ Bound" (throughput), false for "≤ Bound".
	AtLeast bool
	// Bound is the value to reach, in the figure's unit.
	Bound float64
	// Sizes are the catalogue sizes the target applies to; all if empty.
	Sizes []int
}

// Catalogue sizes the targets name.
const (
	size100k = 100_000
	size1M   = 1_000_000
)

// sizesUpTo100k are the sizes the size-independent targets apply to: at
// 1M the issue asks only that the run completes.
var sizesUpTo100k = []int{10_000, size100k}

// Targets are the targets of issue 9 on the 2-core reference machine.
var Targets = []Target{
	{Figure: "harvest.ckan.fs.seconds", Bound: 60, Sizes: []int{size100k}},
	{Figure: "search.portal.c8.rps", AtLeast: true, Bound: 1000, Sizes: sizesUpTo100k},
	{Figure: "search.portal.c8.p99", Bound: 25, Sizes: sizesUpTo100k},
	{Figure: "search.browse.c1.p50", Bound: 5, Sizes: sizesUpTo100k},
	{Figure: "ratio.oneword.api_raw", AtLeast: true, Bound: 80, Sizes: sizesUpTo100k},
	{Figure: "ratio.demo_hello", AtLeast: true, Bound: 30, Sizes: sizesUpTo100k},
	{Figure: "export.ttl.rate", AtLeast: true, Bound: 5000, Sizes: []int{size100k}},
	{Figure: "export.rdf.rate", AtLeast: true, Bound: 5000, Sizes: []int{size100k}},
	{Figure: "export.peak_rss", Bound: 300, Sizes: []int{size100k}},
	{Figure: "serve.idle_rss", Bound: 250, Sizes: []int{size100k}},
	{Figure: "serve.cold_start", Bound: 2000, Sizes: sizesUpTo100k},
	{Figure: "run.completed", AtLeast: true, Bound: 1, Sizes: []int{size1M}},
}

// String returns the target as the report shows it, e.g. "≥ 1000".
func (t Target) String() string {
	op := "≤"
	if t.AtLeast {
		op = "≥"
	}
	return op + " " + strconv.FormatFloat(t.Bound, 'f', -1, 64)
}

// Met reports whether value reaches the target.
func (t Target) Met(value float64) bool {
	if t.AtLeast {
		return value >= t.Bound
	}
	return value <= t.Bound
}

// appliesTo reports whether the target applies to a catalogue of n datasets.
func (t Target) appliesTo(n int) bool {
	return len(t.Sizes) == 0 || slices.Contains(t.Sizes, n)
}

// ApplyTargets sets Target and Met of the figures the targets for a
// catalogue of n datasets name, and returns the targets whose figure was
// not measured.
func ApplyTargets(fs Figures, n int) (missing []string) {
	for _, t := range Targets {
		if !t.appliesTo(n) {
			continue
		}
		i := slices.IndexFunc(fs, func(f Figure) bool { return f.Name == t.Figure })
		if i < 0 {
			missing = append(missing, fmt.Sprintf("%s (%s)", t.Figure, t))
			continue
		}
		met := t.Met(fs[i].Value)
		fs[i].Target, fs[i].Met = t.String(), &met
	}
	return missing
}
