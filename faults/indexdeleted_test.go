package faults

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestIndexDeleted deletes the search index of a stopped process: the next
// start rebuilds it from the store, with the same answers to the same
// searches.
func TestIndexDeleted(t *testing.T) {
	m := startMinIO(t)
	src := newCKAN(t, 30, 10, 200)
	config := writeConfig(t, src.URL, "")
	env := baseEnv(t, m.env())

	h := startProc(t, "harvest", env, "harvest", "--config", config, sourceID)
	if code := h.wait(2 * time.Minute); code != 0 {
		t.Fatalf("municat harvest exited with %d:\n%s", code, tail(h.logPath, 8<<10))
	}
	queries := []string{"", "q=Fehlertest", "q=Datensatz+17", "q=Lorem", "sort=title", "sort=-modified&per_page=5&page=2", "per_page=7&page=3"}
	results := func(p *proc) []string {
		t.Helper()
		var out []string
		for _, q := range queries {
			total, ids, err := p.search(q)
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			out = append(out, fmt.Sprintf("%s → %d %v", q, total, ids))
		}
		return out
	}
	p := startProc(t, "serve", env, "serve", "--config", config)
	p.waitReady(2 * time.Minute)
	before := results(p)
	if n, _, _ := p.search(""); n != len(src.IDs()) {
		t.Fatalf("search finds %d datasets, the source holds %d", n, len(src.IDs()))
	}
	p.stop()

	index := filepath.Join(env["MUNICAT_DATA_DIR"], "index")
	if _, err := os.Stat(index); err != nil {
		t.Fatalf("no index directory to delete: %v", err)
	}
	if err := os.RemoveAll(index); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	p.launch()
	p.waitReady(2 * time.Minute)
	rebuilt := time.Since(start)
	after := results(p)
	if !reflect.DeepEqual(before, after) {
		t.Errorf("search results changed by the rebuild:\nbefore %v\nafter  %v", before, after)
	}
	if _, err := os.Stat(index); err != nil {
		t.Errorf("the index was not written again: %v", err)
	}
	t.Logf("measure: test=IndexDeleted datasets=%d queries=%d ready_after_rebuild_ms=%d equal=%v",
		len(src.IDs()), len(queries), rebuilt.Milliseconds(), reflect.DeepEqual(before, after))
}
