package server

import (
	"sync"
	"time"
)

// Defaults of the API rate limits, per client and minute.
const (
	// DefaultReadsPerMinute is the budget of GET and HEAD requests.
	DefaultReadsPerMinute = 1200
	// DefaultWritesPerMinute is the budget of all other requests.
	DefaultWritesPerMinute = 120
	// MaxRateLimitClients bounds the clients the rate limit tracks per
	// budget; beyond it, the least recently seen client is forgotten (and
	// starts again with a full budget).
	MaxRateLimitClients = 50000
)

// rateWindow is the window the budgets are given for.
const rateWindow = time.Minute

// RateLimitConfig sets the API rate limits per client: a client is an API
// token (by its id), a signed-in account, or else the client address
// (fiber.Ctx.IP, as the sign-in limit of package auth counts it; behind a
// reverse proxy the proxy must pass the client address, or every
// anonymous client shares one budget).
//
// Each budget is a token bucket that holds a minute's requests and refills
// evenly over the minute: a client may send its whole budget at once and
// then one request every minute/budget.
type RateLimitConfig struct {
	// Reads is the budget of GET and HEAD requests (and of the CKAN Action
	// API's POST requests) per minute: 0 means DefaultReadsPerMinute, a
	// negative value no limit.
	Reads int
	// Writes is the budget of all other requests per minute (POST, PUT,
	// PATCH, DELETE, except the CKAN Action API's POST, which reads): 0
	// means DefaultWritesPerMinute, negative no limit.
	Writes int
	// MaxClients bounds the clients tracked per budget; 0 means
	// MaxRateLimitClients.
	MaxClients int
	// Clock returns the current time; nil means time.Now. Tests set it to
	// move time on without waiting.
	Clock func() time.Time
}

// budget returns the budget n stands for: def for 0, 0 (off) for a
// negative n.
func budget(n, def int) int {
	switch {
	case n == 0:
		return def
	case n < 0:
		return 0
	}
	return n
}

// limiter is the token bucket of one budget for every client, in the form
// of the generic cell rate algorithm: a client's whole state is the time
// its bucket is full again (tat); a client whose tat has passed has a full
// bucket and needs no entry. Entries form a list by last use, so that the
// least recently seen client is dropped first when MaxClients is reached.
type limiter struct {
	limit    int           // requests per window: the bucket's size
	interval time.Duration // time one request takes to refill
	capacity time.Duration // limit × interval: a full bucket's worth
	max      int           // clients tracked at most

	mu      sync.Mutex
	clients map[string]*client
	// head is the most recently seen client, tail the least.
	head, tail *client
}

// client is the bucket of one client.
type client struct {
	key        string
	tat        time.Time // when the bucket is full again
	prev, next *client
}

// decision is the outcome of one request against a budget, for the
// RateLimit-* headers.
type decision struct {
	allowed bool
	// limit is the bucket's size.
	limit int
	// remaining is how many more requests the bucket holds now.
	remaining int
	// reset is how long until the bucket is full again.
	reset time.Duration
	// retryAfter is, for a refused request, how long until one is allowed.
	retryAfter time.Duration
}

// newLimiter returns the limiter of limit requests per rateWindow, or nil
// if limit is 0 (no limit).
func newLimiter(limit, maxClients int) *limiter {
	if limit <= 0 {
		return nil
	}
	if maxClients <= 0 {
		maxClients = MaxRateLimitClients
	}
	interval := rateWindow / time.Duration(limit)
	return &limiter{
		limit: limit, interval: interval, capacity: interval * time.Duration(limit), max: maxClients,
		clients: make(map[string]*client),
	}
}

// take counts one request of the client key at now, if its bucket allows
// it.
func (l *limiter) take(key string, now time.Time) decision {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.clients[key]
	tat := now
	if c != nil && c.tat.After(now) {
		tat = c.tat
	}
	next := tat.Add(l.interval)
	d := decision{limit: l.limit}
	if next.Sub(now) > l.capacity {
		d.reset = tat.Sub(now)
		d.retryAfter = next.Sub(now) - l.capacity
		return d
	}
	d.allowed = true
	d.reset = next.Sub(now)
	d.remaining = int((l.capacity - d.reset) / l.interval)
	if c == nil {
		c = l.add(key, now)
	} else {
		l.unlink(c)
	}
	c.tat = next
	l.pushFront(c)
	return d
}

// add makes the entry of key, first dropping the least recently seen
// client if the limiter is full. l.mu is held.
func (l *limiter) add(key string, now time.Time) *client {
	for len(l.clients) >= l.max && l.tail != nil {
		old := l.tail
		l.unlink(old)
		delete(l.clients, old.key)
	}
	// Clients whose buckets are full again carry no state: drop a few
	// from the tail on the way, so idle clients do not linger until the
	// map is full.
	for i := 0; i < 2 && l.tail != nil && !l.tail.tat.After(now); i++ {
		old := l.tail
		l.unlink(old)
		delete(l.clients, old.key)
	}
	c := &client{key: key}
	l.clients[key] = c
	return c
}

// unlink takes c out of the list. l.mu is held.
func (l *limiter) unlink(c *client) {
	if c.prev != nil {
		c.prev.next = c.next
	} else {
		l.head = c.next
	}
	if c.next != nil {
		c.next.prev = c.prev
	} else {
		l.tail = c.prev
	}
	c.prev, c.next = nil, nil
}

// pushFront makes c the most recently seen client. l.mu is held.
func (l *limiter) pushFront(c *client) {
	c.next = l.head
	if l.head != nil {
		l.head.prev = c
	}
	l.head = c
	if l.tail == nil {
		l.tail = c
	}
}

// size returns the number of clients tracked.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.clients)
}
