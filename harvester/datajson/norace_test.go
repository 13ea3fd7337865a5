//go:build !race

package datajson

// raceEnabled is true when the tests run with the race detector, which
// slows them down too much for timing checks.
const raceEnabled = false
