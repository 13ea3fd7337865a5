package main

import (
	"net"
	"strings"
	"testing"
	"time"
)

// closedPort returns the address of a loopback port nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// TestMeilisearchUnreachable starts serve and reindex against a Meilisearch
// URL nothing answers: each must fail with one clear line on stderr.
func TestMeilisearchUnreachable(t *testing.T) {
	old := storeStartupWait
	storeStartupWait = 1500 * time.Millisecond
	t.Cleanup(func() { storeStartupWait = old })

	url := "http://" + closedPort(t)
	e := env{
		"MUNICAT_DATA_DIR":    t.TempDir(),
		"MUNICAT_LISTEN":      "127.0.0.1:0",
		"MUNICAT_SEARCH_TYPE": "meilisearch",
		"MUNICAT_MEILI_URL":   url,
		"MUNICAT_MEILI_KEY":   "secret-master-key",
	}
	for _, args := range [][]string{{"serve"}, {"reindex"}} {
		start := time.Now()
		r := mustRun(t, e, args...)
		if r.code != exitFailed {
			t.Errorf("%s: exit %d, want %d\n%s", args[0], r.code, exitFailed, r.stderr)
		}
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if len(lines) != 1 {
			t.Errorf("%s: %d lines on stderr, want one:\n%s", args[0], len(lines), r.stderr)
		}
		last := lines[len(lines)-1]
		if !strings.HasPrefix(last, "municat: open search index: ") || !strings.Contains(last, url) || !strings.Contains(last, "not reachable") {
			t.Errorf("%s: stderr %q, want one line naming the search index, %s and that it is not reachable", args[0], last, url)
		}
		if strings.Contains(r.stderr, "secret-master-key") {
			t.Errorf("%s: the API key is printed: %s", args[0], r.stderr)
		}
		if args[0] == "serve" && time.Since(start) < storeStartupWait {
			t.Errorf("serve gave up after %v, before waiting %v for the server", time.Since(start), storeStartupWait)
		}
	}
}
