//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package fs

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// maxLockWait is the longest pause between two tries to take a lease's
// lock.
const maxLockWait = 20 * time.Millisecond

// withLeaseLock runs fn while holding the flock(2) of the lease name's
// lock file. Waiting for the lock ends when ctx is done. The lock file is
// opened anew for every call: flock excludes open file descriptions, so
// two goroutines exclude each other as two processes do.
func (s *Store) withLeaseLock(ctx context.Context, name string, fn func() error) error {
	if err := s.root.MkdirAll(locksDir, 0o755); err != nil {
		return fmt.Errorf("fs: lease %q: %w", name, err)
	}
	f, err := s.root.OpenFile(lockFile(name), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("fs: lease %q: %w", name, err)
	}
	defer f.Close() // closing the last descriptor releases the lock
	fd := int(f.Fd())
	for wait := time.Millisecond; ; wait = min(2*wait, maxLockWait) {
		err := syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			return fmt.Errorf("fs: lease %q: lock: %w", name, err)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("fs: lease %q: %w", name, ctx.Err())
		case <-t.C:
		}
	}
	defer syscall.Flock(fd, syscall.LOCK_UN)
	return fn()
}
