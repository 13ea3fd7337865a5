//go:build !race

package faults

// raceEnabled reports whether the tests run with the race detector.
const raceEnabled = false
