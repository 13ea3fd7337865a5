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
	if limit < int64(len(live))+serveMemoryHeadroom {
		t.Errorf("limit %d MiB with %d MiB live, want at least live + %d MiB", limit>>20, len(live)>>20, serveMemoryHeadroom>>20)
	}
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("runtime limit %d, want %d", got, limit)
	}
}
