//go:build !race

package server_test

// raceEnabled reports whether the tests run with -race.
const raceEnabled = false
