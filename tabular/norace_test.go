//go:build !race

package tabular_test

// raceEnabled reports whether the tests run with -race.
const raceEnabled = false
