package auth

import (
	"sync"
	"time"
)

// maxLimiterKeys bounds the memory of the limiter: beyond it, keys without
// recent failures are dropped, and if that is not enough, the oldest half.
const maxLimiterKeys = 50000

// limiter counts failed logins per key (a client IP or a login name) in a
// sliding window.
type limiter struct {
	limit  int
	window time.Duration

	mu       sync.Mutex
	failures map[string][]time.Time // oldest first
}

func newLimiter(limit int, window time.Duration) *limiter {
	return &limiter{limit: limit, window: window, failures: map[string][]time.Time{}}
}

// attempt decides whether a login with keys may be tried at now. If any
// key has had limit failures within the window, it returns false and how
// long until the next attempt is allowed. Otherwise it counts the attempt
// as a failure of every key at once (so that parallel attempts cannot pass
// the limit while their passwords are being checked); succeeded takes it
// back.
func (l *limiter) attempt(now time.Time, keys ...string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var wait time.Duration
	for _, k := range keys {
		f := l.recent(k, now)
		if len(f) >= l.limit {
			// The attempt is allowed again when the failure that makes the
			// count reach the limit leaves the window.
			wait = max(wait, f[len(f)-l.limit].Add(l.window).Sub(now))
		}
	}
	if wait > 0 {
		return false, wait
	}
	if len(l.failures) >= maxLimiterKeys {
		l.prune(now)
	}
	for _, k := range keys {
		l.failures[k] = append(l.failures[k], now)
	}
	return true, 0
}

// succeeded takes back the failure attempt counted at now for key.
func (l *limiter) succeeded(now time.Time, key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.failures[key]
	for i := len(f) - 1; i >= 0; i-- {
		if f[i].Equal(now) {
			l.failures[key] = append(f[:i:i], f[i+1:]...)
			return
		}
	}
}

// reset forgets the failures of key (after a successful login).
func (l *limiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}

// recent returns the failures of k within the window, dropping older ones.
// l.mu is held.
func (l *limiter) recent(k string, now time.Time) []time.Time {
	f := l.failures[k]
	i := 0
	for i < len(f) && !f[i].Add(l.window).After(now) {
		i++
	}
	if i == len(f) {
		delete(l.failures, k)
		return nil
	}
	f = f[i:]
	l.failures[k] = f
	return f
}

// prune drops the keys without failures in the window, and if the map is
// still full, every other key. l.mu is held.
func (l *limiter) prune(now time.Time) {
	for k := range l.failures {
		l.recent(k, now)
	}
	if len(l.failures) < maxLimiterKeys {
		return
	}
	drop := len(l.failures) / 2
	for k := range l.failures {
		if drop == 0 {
			break
		}
		delete(l.failures, k)
		drop--
	}
}
