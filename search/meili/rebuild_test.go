package meili

import (
	"context"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/municat/municat"
)

// docIDs returns the sorted dataset ids of the fake's index uid.
func docIDs(f *fakeServer, uid string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	ix := f.indexes[uid]
	if ix == nil {
		return nil
	}
	var ids []string
	for _, d := range ix.docs {
		ids = append(ids, d["id"].(string))
	}
	slices.Sort(ids)
	return ids
}

func TestRebuildCreatesFillsSwapsAndDeletes(t *testing.T) {
	f := newFake(t)
	x := f.open(t, f.config())
	ds := testDatasets()
	ctx := context.Background()
	if err := x.Index(ctx, ds["musterstadt.kitas"], ds["stadtwerke.haltestellen"]); err != nil {
		t.Fatal(err)
	}
	f.takeCalls()

	b, err := x.StartRebuild(ctx)
	if err != nil {
		t.Fatalf("StartRebuild: %v", err)
	}
	if _, err := x.StartRebuild(ctx); municat.ErrorCode(err) != municat.ECONFLICT {
		t.Errorf("second StartRebuild: %v, want ECONFLICT", err)
	}
	if err := b.Index(ctx, ds["musterstadt.baumkataster"], ds["musterstadt.parkscheinautomaten"]); err != nil {
		t.Fatalf("build Index: %v", err)
	}
	// A change during the rebuild reaches the live index and the build.
	if err := x.Index(ctx, ds["beispielkreis.luftqualitaet"]); err != nil {
		t.Fatal(err)
	}
	if err := x.Delete(ctx, "stadtwerke.haltestellen"); err != nil {
		t.Fatal(err)
	}
	// Searches still read the live index.
	if n, _ := x.Count(ctx); n != 2 {
		t.Errorf("Count during the rebuild = %d, want 2 (the old content)", n)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	calls := f.takeCalls()
	want := []string{
		"DELETE /indexes/datasets_v1_next",
		"POST /indexes",
		"PATCH /indexes/datasets_v1_next/settings",
		"POST /indexes/datasets_v1_next/documents",
		"POST /indexes/datasets_v1/documents",
		"POST /indexes/datasets_v1_next/documents",
		"POST /indexes/datasets_v1/documents/delete-batch",
		"POST /indexes/datasets_v1_next/documents/delete-batch",
		"GET /indexes/datasets_v1/stats",
		"POST /swap-indexes",
		"DELETE /indexes/datasets_v1_next",
	}
	if got := paths(calls); !slices.Equal(got, want) {
		t.Fatalf("requests:\n got %v\nwant %v", got, want)
	}
	if got := calls[1].Body; !jsonEqual(got, map[string]any{"uid": "datasets_v1_next", "primaryKey": "key"}) {
		t.Errorf("staging create body %v", got)
	}
	if got := calls[3].Body.([]any); len(got) != 1 || got[0].(map[string]any)["id"] != "musterstadt.baumkataster" {
		t.Errorf("build documents %v, want only the listed one", got)
	}
	if got := calls[9].Body; !jsonEqual(got, []any{map[string]any{"indexes": []string{"datasets_v1", "datasets_v1_next"}, "rename": false}}) {
		t.Errorf("swap body %v", got)
	}
	if got, want := docIDs(f, "datasets_v1"), []string{"beispielkreis.luftqualitaet", "musterstadt.baumkataster"}; !slices.Equal(got, want) {
		t.Errorf("live index after the swap holds %v, want %v", got, want)
	}
	if f.index("datasets_v1_next") != nil {
		t.Errorf("staging index left behind")
	}
	if err := b.Abort(ctx); err != nil {
		t.Errorf("Abort after Commit: %v", err)
	}
	if err := b.Commit(ctx); municat.ErrorCode(err) != municat.ECONFLICT {
		t.Errorf("second Commit: %v, want ECONFLICT", err)
	}
	if calls := f.takeCalls(); len(calls) != 0 {
		t.Errorf("closed build sent %v", paths(calls))
	}
	// Writes after the commit go to the live index only.
	if err := x.Index(ctx, ds["musterstadt.kitas"]); err != nil {
		t.Fatal(err)
	}
	if got := paths(f.takeCalls()); !slices.Equal(got, []string{"POST /indexes/datasets_v1/documents"}) {
		t.Errorf("write after commit: %v", got)
	}
}

func TestRebuildAbortKeepsLiveIndex(t *testing.T) {
	f := newFake(t)
	x := f.open(t, f.config())
	ctx := context.Background()
	ds := testDatasets()
	if err := x.Index(ctx, ds["musterstadt.kitas"]); err != nil {
		t.Fatal(err)
	}
	// A staging index left by a crash is deleted first.
	f.addIndex("datasets_v1_next", "key", nil, map[string]any{"key": "stale", "id": "stale"})
	f.takeCalls()
	b, err := x.StartRebuild(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := docIDs(f, "datasets_v1_next"); len(got) != 0 {
		t.Errorf("fresh build holds %v", got)
	}
	if err := b.Index(ctx, ds["musterstadt.baumkataster"]); err != nil {
		t.Fatal(err)
	}
	if err := b.Abort(ctx); err != nil {
		t.Fatalf("Abort: %v", err)
	}
	if err := b.Abort(ctx); err != nil {
		t.Errorf("second Abort: %v", err)
	}
	want := []string{"DELETE /indexes/datasets_v1_next", "POST /indexes", "PATCH /indexes/datasets_v1_next/settings",
		"POST /indexes/datasets_v1_next/documents", "DELETE /indexes/datasets_v1_next"}
	if got := paths(f.takeCalls()); !slices.Equal(got, want) {
		t.Errorf("requests:\n got %v\nwant %v", got, want)
	}
	if got := docIDs(f, "datasets_v1"); !slices.Equal(got, []string{"musterstadt.kitas"}) {
		t.Errorf("live index after Abort holds %v", got)
	}
	if err := b.Index(ctx, ds["musterstadt.kitas"]); municat.ErrorCode(err) != municat.ECONFLICT {
		t.Errorf("Index into an aborted build: %v, want ECONFLICT", err)
	}
	if _, err := x.StartRebuild(ctx); err != nil {
		t.Errorf("StartRebuild after Abort: %v", err)
	}
}

func TestUpgradeReadsOlderVersionUntilCommit(t *testing.T) {
	f := newFake(t)
	old := []map[string]any{{"key": "a", "id": "a"}, {"key": "b", "id": "b"}, {"key": "c", "id": "c"}}
	f.addIndex("datasets_v0", "key", nil, old...)
	f.addIndex("other_datasets_v0", "key", nil) // another prefix: not touched
	x := f.open(t, f.config())
	ctx := context.Background()
	if !x.Created() {
		t.Fatalf("Created() = false for the new version")
	}
	if n, _ := x.Count(ctx); n != 3 {
		t.Errorf("Count before the rebuild = %d, want 3 from datasets_v0", n)
	}
	if ids, _ := x.IDs(ctx); !slices.Equal(ids, []string{"a", "b", "c"}) {
		t.Errorf("IDs before the rebuild = %v", ids)
	}
	f.takeCalls()
	if _, err := x.Search(ctx, municat.Query{}); err != nil {
		t.Fatal(err)
	}
	if got := paths(f.takeCalls()); !slices.Equal(got, []string{"POST /indexes/datasets_v0/search"}) {
		t.Errorf("search before the rebuild: %v", got)
	}
	b, err := x.StartRebuild(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Index(ctx, testDatasets()["musterstadt.kitas"]); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := x.Count(ctx); n != 1 {
		t.Errorf("Count after the commit = %d, want 1", n)
	}
	f.mu.Lock()
	uids := slices.Sorted(maps.Keys(f.indexes))
	f.mu.Unlock()
	if want := []string{"datasets_v1", "other_datasets_v0"}; !slices.Equal(uids, want) {
		t.Errorf("indexes after the commit: %v, want %v", uids, want)
	}
}

// TestConcurrentUse searches, writes and rebuilds at once (run it with the
// race detector).
func TestConcurrentUse(t *testing.T) {
	f := newFake(t)
	x := f.open(t, f.config())
	ctx := context.Background()
	ds := testDatasets()
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if _, err := x.Search(ctx, municat.Query{Text: "Umwelt"}); err != nil {
					t.Errorf("Search: %v", err)
					return
				}
				if _, err := x.Count(ctx); err != nil {
					t.Errorf("Count: %v", err)
					return
				}
			}
		})
	}
	b, err := x.StartRebuild(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var writers sync.WaitGroup
	for _, id := range []string{"musterstadt.kitas", "musterstadt.baumkataster", "stadtwerke.haltestellen"} {
		writers.Go(func() {
			if err := x.Index(ctx, ds[id]); err != nil {
				t.Errorf("Index: %v", err)
			}
		})
	}
	if err := b.Index(ctx, ds["beispielkreis.luftqualitaet"]); err != nil {
		t.Error(err)
	}
	writers.Wait()
	if err := b.Commit(ctx); err != nil {
		t.Error(err)
	}
	close(done)
	wg.Wait()
	want := []string{"beispielkreis.luftqualitaet", "musterstadt.baumkataster", "musterstadt.kitas", "stadtwerke.haltestellen"}
	if got := docIDs(f, "datasets_v1"); !slices.Equal(got, want) {
		t.Errorf("live index after the rebuild holds %v, want %v", got, want)
	}
}
