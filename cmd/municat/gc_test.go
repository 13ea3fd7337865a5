package main

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestMemoryLimitFollowsTheLiveHeap(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	live := make([]byte, 300<<20) // more than serveMemoryLimit
	for i := range live {
		live[i] = 1
	}
	runtime.GC()
	limit := setMemoryLimit()
	runtime.KeepAlive(live)
	if limit < int64(len(live))+memoryHeadroom(int64(len(live))) {
		t.Errorf("limit %d MiB with %d MiB live, want at least live + %d MiB", limit>>20, len(live)>>20, memoryHeadroom(int64(len(live)))>>20)
	}
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("runtime limit %d, want %d", got, limit)
	}
}

func TestMemoryHeadroomGrowsWithTheHeap(t *testing.T) {
	for _, tc := range []struct{ live, want int64 }{
		{0, serveMemoryHeadroom},
		{100 << 20, serveMemoryHeadroom},
		{1 << 30, 512 << 20}, // 1M datasets: half the live heap
	} {
		if got := memoryHeadroom(tc.live); got != tc.want {
			t.Errorf("memoryHeadroom(%d MiB) = %d MiB, want %d MiB", tc.live>>20, got>>20, tc.want>>20)
		}
	}
}
