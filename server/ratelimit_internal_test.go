package server

import (
	"fmt"
	"runtime"
	"testing"
	"time"
)

var t0 = time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)

func TestLimiterBucket(t *testing.T) {
	l := newLimiter(60, 10) // one request per second refills
	now := t0
	for i := 59; i >= 0; i-- {
		d := l.take("a", now)
		if !d.allowed || d.remaining != i || d.limit != 60 {
			t.Fatalf("request %d: %+v, want allowed with %d remaining", 60-i, d, i)
		}
	}
	d := l.take("a", now)
	if d.allowed || d.remaining != 0 || d.retryAfter != time.Second || d.reset != time.Minute {
		t.Fatalf("over the budget: %+v, want refused, retry after 1s, full in 1m", d)
	}
	if d := l.take("b", now); !d.allowed || d.remaining != 59 {
		t.Fatalf("another client: %+v, want its own budget", d)
	}
	now = now.Add(time.Second)
	if d := l.take("a", now); !d.allowed || d.remaining != 0 {
		t.Fatalf("a second later: %+v, want one request allowed", d)
	}
	now = now.Add(30 * time.Second)
	if d := l.take("a", now); !d.allowed || d.remaining != 29 {
		t.Fatalf("30s later: %+v, want 29 remaining", d)
	}
	now = now.Add(time.Hour)
	if d := l.take("a", now); !d.allowed || d.remaining != 59 || d.reset != time.Second {
		t.Fatalf("an hour later: %+v, want a full bucket less one", d)
	}
}

func TestLimiterOff(t *testing.T) {
	if l := newLimiter(budget(-1, 100), 0); l != nil {
		t.Fatal("a negative budget must switch the limit off")
	}
	if l := newLimiter(budget(0, 100), 0); l == nil || l.limit != 100 {
		t.Fatal("budget 0 must give the default")
	}
}

func TestLimiterEvictsLeastRecentlySeen(t *testing.T) {
	l := newLimiter(10, 3)
	now := t0
	for _, k := range []string{"a", "b", "c"} {
		l.take(k, now)
		l.take(k, now) // two used of ten: not idle
	}
	l.take("a", now) // a is now the most recently seen, b the least
	l.take("d", now)
	if n := l.size(); n != 3 {
		t.Fatalf("%d clients tracked, want 3", n)
	}
	if d := l.take("a", now); d.remaining != 6 {
		t.Fatalf("a was forgotten: %+v", d)
	}
	if d := l.take("b", now); d.remaining != 9 {
		t.Fatalf("b, the least recently seen, was kept: %+v", d)
	}
}

func TestLimiterDropsIdleClients(t *testing.T) {
	l := newLimiter(10, 1000)
	for i := range 100 {
		l.take(fmt.Sprint("idle", i), t0)
	}
	now := t0.Add(2 * time.Minute) // every bucket is full again
	for i := range 100 {
		l.take(fmt.Sprint("new", i), now)
	}
	if n := l.size(); n > 100+2 {
		t.Fatalf("%d clients tracked; the idle ones should have gone as new ones came", n)
	}
}

// TestRateLimitClientsMemoryIsFlat sends requests of far more distinct
// clients than the limiter tracks: once the map has reached its working
// size (the first MaxRateLimitClients entries and the first evictions),
// the heap stays where it is, a million clients later.
func TestRateLimitClientsMemoryIsFlat(t *testing.T) {
	if testing.Short() || raceDetector {
		t.Skip("sends a million requests; the race detector distorts allocation (run without -race)")
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapInuse
	}
	l := newLimiter(DefaultReadsPerMinute, MaxRateLimitClients)
	before := heap()
	key := func(i int) string { return fmt.Sprintf("ip:10.%d.%d.%d", i>>16&255, i>>8&255, i&255) }
	const clients = 1_000_000
	var full, warm, peak uint64
	for i := range clients {
		l.take(key(i), t0)
		switch {
		case i+1 == MaxRateLimitClients:
			full = heap()
		case i+1 == 2*MaxRateLimitClients:
			warm = heap()
		case i > 2*MaxRateLimitClients && i%100_000 == 0:
			peak = max(peak, heap())
		}
	}
	peak = max(peak, heap())
	if n := l.size(); n != MaxRateLimitClients {
		t.Fatalf("%d clients tracked, want %d", n, MaxRateLimitClients)
	}
	t.Logf("heap: %.1f MiB for the first %d clients (%.0f B each), %.1f MiB after %d, peak %.1f MiB up to %d clients",
		mib(full-before), MaxRateLimitClients, float64(full-before)/MaxRateLimitClients,
		mib(warm-before), 2*MaxRateLimitClients, mib(peak-before), clients)
	if grown := int64(peak) - int64(warm); grown > 1<<20 {
		t.Fatalf("heap grew by %.1f MiB from %d to %d clients; want flat", mib(uint64(grown)), 2*MaxRateLimitClients, clients)
	}
	if peak-before > 16<<20 {
		t.Fatalf("the limiter takes %.1f MiB; want < 16 MiB", mib(peak-before))
	}
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

func BenchmarkLimiterTake(b *testing.B) {
	l := newLimiter(DefaultReadsPerMinute, MaxRateLimitClients)
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = fmt.Sprint("ip:192.0.2.", i)
	}
	now := t0
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		l.take(keys[i%len(keys)], now)
	}
}
