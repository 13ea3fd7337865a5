package municat_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/municat/municat"
)

// TestNewRunIDSortsInStartOrder: ids of runs started within one second
// (a fake clock makes them equal) still sort in the order they were
// issued, so the newest run of a source is the one started last.
func TestNewRunIDSortsInStartOrder(t *testing.T) {
	shape := regexp.MustCompile(`^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$`)
	at := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	last := ""
	for i := range 2000 {
		id := municat.NewRunID(at)
		if !shape.MatchString(id) {
			t.Fatalf("id %q has not the shape of a run id", id)
		}
		if id <= last {
			t.Fatalf("id %d %q sorts before the one issued before it, %q", i, id, last)
		}
		last = id
	}
	if next := municat.NewRunID(at.Add(time.Second)); next <= last {
		t.Errorf("an id of the next second %q sorts before %q", next, last)
	}
}
