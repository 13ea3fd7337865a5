package bench

import (
	"fmt"
	"strings"
)

// noiseFloor is, per unit of a lower-is-better figure, the value below
// which a recorded figure is treated as this value before the factor is
// applied: a 0.3 ms p50 may well be 2 ms on a busy CI machine without
// anything being wrong.
var noiseFloor = map[string]float64{
	UnitMillis:  2,
	UnitSeconds: 1,
	UnitMB:      20,
}

// Check compares the figures of a run with recorded ones and returns one
// message per figure that is worse by more than factor: a throughput or
// ratio below recorded/factor, a latency, time or memory figure above
// recorded×factor (recorded values below the unit's noise floor count as
// the floor). Figures only one side has are not compared, nor are the
// baselines (raw engine, hello-world), which measure the machine rather
// than municat, nor the p95/p99 tails: a one-second load at one client has
// a few hundred requests, and its p99 is one stall of a shared machine; nor
// the latencies under concurrent load, which are queueing time (clients ÷
// throughput) and so repeat the throughput check with more noise.
func Check(recorded, current Figures, factor float64) []string {
	var failures []string
	for _, cur := range current {
		rec, ok := recorded.Get(cur.Name)
		if !ok || rec.Unit != cur.Unit || isBaseline(cur.Name) || isTail(cur.Name) || isQueued(cur.Name) {
			continue
		}
		if cur.HigherIsBetter() {
			if limit := rec.Value / factor; cur.Value < limit {
				failures = append(failures, fmt.Sprintf("%s: %s %s liegt unter %s (aufgezeichnet %s / Faktor %g)",
					cur.Name, format(cur.Value), cur.Unit, format(round(limit)), format(rec.Value), factor))
			}
			continue
		}
		base := max(rec.Value, noiseFloor[cur.Unit])
		if limit := base * factor; cur.Value > limit {
			failures = append(failures, fmt.Sprintf("%s: %s %s liegt über %s (aufgezeichnet %s × Faktor %g)",
				cur.Name, format(cur.Value), cur.Unit, format(round(limit)), format(rec.Value), factor))
		}
	}
	return failures
}

// isBaseline reports whether a figure measures a baseline, not municat.
func isBaseline(name string) bool {
	return strings.HasPrefix(name, "raw.") || strings.HasPrefix(name, "hello.")
}

// isTail reports whether a figure is a tail percentile of a load.
func isTail(name string) bool {
	return strings.HasSuffix(name, ".p95") || strings.HasSuffix(name, ".p99")
}

// isQueued reports whether a figure is a latency of a load with more than
// one client.
func isQueued(name string) bool {
	i := strings.LastIndex(name, ".c")
	return i >= 0 && !strings.HasPrefix(name[i:], ".c1.") && strings.HasSuffix(name, ".p50")
}
