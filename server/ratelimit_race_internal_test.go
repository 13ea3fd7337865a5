//go:build race

package server

// raceDetector reports whether the internal tests run with -race.
const raceDetector = true
