//go:build !race

package auth

// raceEnabled is true when the tests run under the race detector.
const raceEnabled = false
