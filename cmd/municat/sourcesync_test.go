package main

import (
	"context"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/store/fs"
)

// TestSyncSources: a process that fires the schedule takes up the sources
// another process's administration added, changed or deleted in the store.
func TestSyncSources(t *testing.T) {
	ctx := context.Background()
	st, err := fs.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	cat := catalog.New(st)
	put := func(s municat.Source) {
		t.Helper()
		s.Organization = "o"
		if err := cat.PutSource(ctx, &s); err != nil {
			t.Fatal(err)
		}
	}
	put(municat.Source{ID: "a", Type: municat.SourceCKAN, URL: "http://a.example", Schedule: "@daily"})
	runner := &harvester.Runner{Catalog: cat, Fetchers: newFetchers(nil, cat, nil)}
	sched, err := harvester.NewScheduler(runner, []municat.Source{{ID: "a", Type: municat.SourceCKAN, URL: "http://a.example", Schedule: "@daily", Organization: "o"}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{"a": true}

	// Another process adds "b" and pauses "a".
	put(municat.Source{ID: "a", Type: municat.SourceCKAN, URL: "http://a.example", Schedule: "@daily", Paused: true})
	put(municat.Source{ID: "b", Type: municat.SourceCKAN, URL: "http://b.example", Schedule: "@hourly"})
	if known, err = syncSources(ctx, cat, sched, known); err != nil {
		t.Fatal(err)
	}
	if a, ok := sched.Source("a"); !ok || !a.Paused {
		t.Errorf("source a after the sync: %+v %v, want paused", a, ok)
	}
	if b, ok := sched.Source("b"); !ok || b.Schedule != "@hourly" {
		t.Errorf("source b after the sync: %+v %v, want it scheduled hourly", b, ok)
	}

	// It deletes "a"; a source the scheduler refuses leaves the others set.
	if err := cat.DeleteSource(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	put(municat.Source{ID: "c", Type: "gopher", URL: "http://c.example", Schedule: "@daily"})
	if known, err = syncSources(ctx, cat, sched, known); err == nil {
		t.Error("a stored source of an unknown type: no error")
	}
	if _, ok := sched.Source("a"); ok {
		t.Error("source a deleted in the store is still scheduled")
	}
	if _, ok := sched.Source("b"); !ok || !known["b"] || known["a"] {
		t.Errorf("after the second sync: b kept %v, known %v", ok, known)
	}
}
