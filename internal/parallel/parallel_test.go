package parallel_test

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/municat/municat/internal/parallel"
)

func TestForEachCallsEveryIndexWithinTheBound(t *testing.T) {
	var running, most atomic.Int32
	seen := make([]atomic.Int32, 100)
	err := parallel.ForEach(len(seen), 3, func(i int) error {
		now := running.Add(1)
		for m := most.Load(); now > m && !most.CompareAndSwap(m, now); m = most.Load() {
		}
		seen[i].Add(1)
		running.Add(-1)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range seen {
		if n := seen[i].Load(); n != 1 {
			t.Errorf("index %d called %d times", i, n)
		}
	}
	if m := most.Load(); m > 3 {
		t.Errorf("%d calls at once, want at most 3", m)
	}
}

func TestForEachReturnsTheLowestFailure(t *testing.T) {
	err := parallel.ForEach(50, 4, func(i int) error {
		if i == 7 || i == 30 {
			return fmt.Errorf("index %d", i)
		}
		return nil
	})
	if err == nil || (err.Error() != "index 7" && err.Error() != "index 30") {
		t.Fatalf("err %v, want a failure", err)
	}
	if err := parallel.ForEach(0, 4, func(int) error { return errors.New("never") }); err != nil {
		t.Fatalf("no work: %v", err)
	}
}
