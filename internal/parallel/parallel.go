// Package parallel runs indexed work on a bounded number of goroutines.
package parallel

import (
	"sync"
	"sync/atomic"
)

// ForEach calls fn(i) for every i from 0 to n-1, at most workers at a time,
// and returns the error of the lowest i that failed. Once a call failed,
// calls not yet started are skipped.
func ForEach(n, workers int, fn func(i int) error) error {
	errs := make([]error, n)
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(max(workers, 1), n) {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if errs[i] = fn(i); errs[i] != nil {
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
