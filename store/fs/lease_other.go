//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package fs

import (
	"context"
	"fmt"
)

// leaseLock excludes lease operations of the goroutines of this process
// from each other. Without flock(2) this fallback does not exclude other
// processes; see the lease documentation in lease.go.
var leaseLock = make(chan struct{}, 1)

// withLeaseLock runs fn while holding the process-wide lease lock. Waiting
// for it ends when ctx is done.
func (s *Store) withLeaseLock(ctx context.Context, name string, fn func() error) error {
	select {
	case leaseLock <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("fs: lease %q: %w", name, ctx.Err())
	}
	defer func() { <-leaseLock }()
	return fn()
}
