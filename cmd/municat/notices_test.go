package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/municat/municat/internal/ckantest"
)

// TestServeNotifiesFailedRuns: a scheduled source that fails sends its
// webhook a "run.failed" notice naming the run, once (repeated failures
// are held back), and the run report says why; when the source works
// again, a "run.recovered" notice follows.
func TestServeNotifiesFailedRuns(t *testing.T) {
	src := ckantest.New(t)
	src.FailWith(http.StatusNotFound) // not retried: the run fails at once
	var mu sync.Mutex
	var events []map[string]any
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var p map[string]any
		if err := json.Unmarshal(b, &p); err != nil {
			t.Errorf("webhook body %q: %v", b, err)
		}
		mu.Lock()
		events = append(events, p)
		mu.Unlock()
	}))
	defer hook.Close()
	config := mustWriteFile(t, t.TempDir(), "municat.yaml", fmt.Sprintf(`
organizations:
  - id: testland
    name: Testland
sources:
  - id: ckan-test
    name: Stadtportal
    type: ckan
    url: %s
    organization: testland
    schedule: "@every 1s"
    notify:
      webhook: %s/hook
`, src.URL, hook.URL))
	api := startServe(t, env{"MUNICAT_DATA_DIR": t.TempDir()}, 60*time.Second, "--config", config)
	defer api.stop()

	waitFor := func(what string, cond func([]map[string]any) bool) []map[string]any {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			mu.Lock()
			got := append([]map[string]any(nil), events...)
			mu.Unlock()
			if cond(got) {
				return got
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("no %s within 30 s; events %v", what, events)
		return nil
	}
	got := waitFor("failure notice", func(e []map[string]any) bool { return len(e) >= 1 })
	first := got[0]
	if link, _ := first["link"].(string); first["event"] != "run.failed" || first["source"] != "ckan-test" || link == "" {
		t.Fatalf("first notice %v", first)
	}
	// More failed runs on the 1 s schedule: held back.
	time.Sleep(3 * time.Second)
	mu.Lock()
	n := len(events)
	mu.Unlock()
	if n != 1 {
		t.Errorf("%d notices after repeated failures, want 1", n)
	}
	var status struct {
		LastError string `json:"last_error"`
	}
	api.mustGetJSON(t, "/api/v1/sources/ckan-test", http.StatusOK, &status)
	if status.LastError == "" {
		t.Errorf("source status shows no last error")
	}

	src.FailWith(0)
	got = waitFor("recovery notice", func(e []map[string]any) bool { return len(e) >= 2 })
	if got[1]["event"] != "run.recovered" {
		t.Errorf("second notice %v, want run.recovered", got[1])
	}
}
