package bench

import (
	"math"
	"strings"
)

// Units of the figures.
const (
	UnitDatasets  = "datasets/s"  // harvest and export throughput
	UnitDocuments = "documents/s" // index throughput
	UnitRequests  = "req/s"       // request or query throughput
	UnitMillis    = "ms"          // latency or start time
	UnitSeconds   = "s"           // wall time of a step
	UnitMB        = "MB"          // memory (MiB)
	UnitPercent   = "%"           // a ratio of two throughputs
)

// Figure is one measured value of a run.
type Figure struct {
	// Name identifies the figure across runs, e.g. "search.portal.c8.rps".
	Name string `json:"name"`
	// Value is the measured value in Unit.
	Value float64 `json:"value"`
	// Unit is one of the Unit constants.
	Unit string `json:"unit"`
	// Target is the target for this size, e.g. "≥ 1000", if any.
	Target string `json:"target,omitempty"`
	// Met says whether Target is met; null without a target.
	Met *bool `json:"met"`
	// Note explains the figure in a few words.
	Note string `json:"note,omitempty"`
}

// HigherIsBetter reports whether a larger value of the figure is better
// (throughputs and ratios) rather than worse (latencies, times, memory).
func (f Figure) HigherIsBetter() bool {
	return f.Unit == UnitPercent || strings.HasSuffix(f.Unit, "/s")
}

// Figures is the ordered list of a run's figures.
type Figures []Figure

// Add appends a figure, rounding its value to a readable precision.
func (fs *Figures) Add(name string, value float64, unit, note string) {
	*fs = append(*fs, Figure{Name: name, Value: round(value), Unit: unit, Note: note})
}

// Get returns the figure called name.
func (fs Figures) Get(name string) (Figure, bool) {
	for _, f := range fs {
		if f.Name == name {
			return f, true
		}
	}
	return Figure{}, false
}

// round keeps four significant digits, at least two decimals below 10.
func round(v float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	digits := 4 - int(math.Floor(math.Log10(math.Abs(v)))) - 1
	digits = max(digits, 0)
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}
