package indexer_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/indexer"
)

func TestFollowAppliesOtherWriters(t *testing.T) {
	cat := newCatalog(t, 3)
	ctx := context.Background()
	idx := newCounting(newDiskIndex(t))
	f := indexer.New(cat, idx, nil)
	f.Writer = "server-2"
	cursorFile := filepath.Join(t.TempDir(), "index.cursor")
	startFollow(t, f, cursorFile) // no cursor: rebuilds, then follows
	waitFor(t, "the follower's first rebuild", func() bool { return hasID(t, idx, "d002") })

	w := newLogWriter(cat, "harvester-1")
	mustPublish(t, cat, "new", municat.Published)
	start := time.Now()
	if err := w.Apply(ctx, []string{"new"}, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a dataset another process indexed", func() bool { return hasID(t, idx, "new") })
	t.Logf("applied after %v (interval %v)", time.Since(start).Round(time.Millisecond), followInterval)

	mustPublish(t, cat, "d001", municat.Withdrawn)
	if err := w.Apply(ctx, nil, []string{"d001"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a dataset another process withdrew is removed", func() bool { return !hasID(t, idx, "d001") })

	// Its own entries the follower applied in Apply already: it skips
	// them. "mine" is applied once, by Apply; "theirs", logged after it,
	// shows that the follower has read past "mine".
	mustPublish(t, cat, "mine", municat.Published)
	mustPublish(t, cat, "theirs", municat.Published)
	if err := f.Apply(ctx, []string{"mine"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := w.Apply(ctx, []string{"theirs"}, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the entry after the follower's own", func() bool { return hasID(t, idx, "theirs") })
	if n := idx.count("mine"); n != 1 {
		t.Errorf("the follower's own entry was indexed %d times, want once (by Apply)", n)
	}
	if n := idx.count("theirs"); n != 1 {
		t.Errorf("another writer's entry was indexed %d times, want once", n)
	}
}

func TestFollowResumesFromCursor(t *testing.T) {
	cat := newCatalog(t, 2)
	ctx := context.Background()
	disk := newDiskIndex(t)
	cursorFile := filepath.Join(t.TempDir(), "index.cursor")
	w := newLogWriter(cat, "harvester-1")

	first := indexer.New(cat, disk, nil)
	stop := startFollow(t, first, cursorFile)
	mustPublish(t, cat, "before", municat.Published)
	if err := w.Apply(ctx, []string{"before"}, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the entry before the restart", func() bool { return hasID(t, disk, "before") })
	// The follower's first rebuild may have indexed "before" already:
	// wait until its cursor records the entry as handled.
	var beforeKey string
	for k, c := range mustChanges(t, cat) {
		if slices.Contains(c.Changed, "before") {
			beforeKey = k
		}
	}
	waitFor(t, "the cursor records the entry before the restart", func() bool { return cursorHas(t, cursorFile, beforeKey) })
	stop()

	// While the follower is down, another entry is written.
	mustPublish(t, cat, "during", municat.Published)
	if err := w.Apply(ctx, []string{"during"}, nil); err != nil {
		t.Fatal(err)
	}
	idx := newCounting(disk)
	second := indexer.New(cat, idx, nil) // a new process: no rebuild of its own
	startFollow(t, second, cursorFile)
	waitFor(t, "the entry written while the follower was down", func() bool { return hasID(t, idx, "during") })
	if n := idx.count("before"); n != 0 {
		t.Errorf("the entry applied before the restart was applied again (%d), or the index rebuilt", n)
	}
	if n := idx.count("d000"); n != 0 {
		t.Errorf("the follower rebuilt the index after a restart with a cursor")
	}
}

func TestFollowAppliesLateEntryWithinWindow(t *testing.T) {
	cat := newCatalog(t, 1)
	ctx := context.Background()
	idx := newDiskIndex(t)
	f := indexer.New(cat, idx, nil)
	startFollow(t, f, filepath.Join(t.TempDir(), "index.cursor"))
	// Wait until the cursor is past the present: an entry of now is then
	// found by reading back.
	w := newLogWriter(cat, "harvester-1")
	mustPublish(t, cat, "marker", municat.Published)
	if err := w.Apply(ctx, []string{"marker"}, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the marker entry", func() bool { return hasID(t, idx, "marker") })
	time.Sleep(5 * followInterval)

	// A writer whose clock is 10 s behind (or whose write took 10 s)
	// writes an entry that sorts before the follower's cursor.
	late := newLogWriter(cat, "harvester-2")
	late.Now = func() time.Time { return time.Now().Add(-10 * time.Second) }
	mustPublish(t, cat, "late", municat.Published)
	if err := late.Apply(ctx, []string{"late"}, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "an entry that landed 10 s behind the cursor", func() bool { return hasID(t, idx, "late") })
}

func TestFollowPrunesOldEntries(t *testing.T) {
	cat := newCatalog(t, 1)
	ctx := context.Background()
	old := newLogWriter(cat, "harvester-1")
	old.Now = func() time.Time { return time.Now().Add(-25 * time.Hour) }
	if err := old.Apply(ctx, []string{"d000"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := newLogWriter(cat, "harvester-1").Apply(ctx, []string{"d000"}, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(mustChanges(t, cat)); n != 2 {
		t.Fatalf("%d entries before pruning, want 2", n)
	}
	f := indexer.New(cat, newDiskIndex(t), nil)
	f.PruneLog = true
	startFollow(t, f, filepath.Join(t.TempDir(), "index.cursor"))
	waitFor(t, "the entry older than the retention is deleted", func() bool { return len(mustChanges(t, cat)) == 1 })
	for _, c := range mustChanges(t, cat) {
		if time.Since(c.Time) > time.Hour {
			t.Errorf("the entry kept is the old one (%v)", c.Time)
		}
	}
}

func TestFollowRebuildsWhenCursorTooOld(t *testing.T) {
	cat := newCatalog(t, 2)
	idx := newDiskIndex(t)
	// The index lacks "unlogged", which was written without an entry (or
	// whose entry was deleted while the follower was down).
	mustPublish(t, cat, "unlogged", municat.Published)
	cursorFile := filepath.Join(t.TempDir(), "index.cursor")
	b, _ := json.Marshal(map[string]any{"position": time.Now().Add(-25 * time.Hour)})
	if err := os.WriteFile(cursorFile, b, 0o644); err != nil {
		t.Fatal(err)
	}
	f := indexer.New(cat, idx, nil)
	start := time.Now()
	stop := startFollow(t, f, cursorFile)
	waitFor(t, "the rebuild after a cursor older than the retention", func() bool { return hasID(t, idx, "unlogged") })
	stop()
	var cur struct{ Position time.Time }
	b, err := os.ReadFile(cursorFile)
	if err == nil {
		err = json.Unmarshal(b, &cur)
	}
	if err != nil {
		t.Fatal(err)
	}
	if cur.Position.Before(start.Add(-time.Second)) {
		t.Errorf("cursor after the rebuild at %v, want after %v", cur.Position, start)
	}
}

func TestFollowAfterReindex(t *testing.T) {
	cat := newCatalog(t, 2)
	ctx := context.Background()
	disk := newDiskIndex(t)
	cursorFile := filepath.Join(t.TempDir(), "index.cursor")
	// `municat reindex`: a rebuild, then the cursor at its start.
	r := indexer.New(cat, disk, nil)
	if err := r.SaveRebuildCursor(cursorFile); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cursorFile); !os.IsNotExist(err) {
		t.Fatalf("a cursor was saved without a rebuild (%v)", err)
	}
	if _, err := r.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	if err := r.SaveRebuildCursor(cursorFile); err != nil {
		t.Fatal(err)
	}
	mustPublish(t, cat, "after", municat.Published)
	if err := newLogWriter(cat, "harvester-1").Apply(ctx, []string{"after"}, nil); err != nil {
		t.Fatal(err)
	}
	// The next serve follows from the rebuild, without a rebuild of its own.
	idx := newCounting(disk)
	startFollow(t, indexer.New(cat, idx, nil), cursorFile)
	waitFor(t, "the entry after the reindex", func() bool { return hasID(t, idx, "after") })
	if n := idx.count("d000"); n != 0 {
		t.Error("the follower rebuilt the index that reindex had just built")
	}
}

func TestCatchUpAppliesOthersAndSavesCursor(t *testing.T) {
	cat := newCatalog(t, 2)
	ctx := context.Background()
	idx := newCounting(newDiskIndex(t))
	x := indexer.New(cat, idx, nil)
	x.Writer = "harvest-command"
	cursorFile := filepath.Join(t.TempDir(), "index.cursor")
	if _, err := x.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}

	other := newLogWriter(cat, "harvester-1")
	mustPublish(t, cat, "theirs", municat.Published)
	if err := other.Apply(ctx, []string{"theirs"}, nil); err != nil {
		t.Fatal(err)
	}
	mustPublish(t, cat, "mine", municat.Published)
	if err := x.Apply(ctx, []string{"mine"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := x.CatchUp(ctx, cursorFile); err != nil {
		t.Fatal(err)
	}
	if !hasID(t, idx, "theirs") {
		t.Error("CatchUp did not apply another writer's entry")
	}
	if n := idx.count("mine"); n != 1 {
		t.Errorf("own entry indexed %d times, want once (by Apply)", n)
	}
	if _, err := os.Stat(cursorFile); err != nil {
		t.Fatalf("no cursor saved: %v", err)
	}

	// A second process starting from the saved cursor has nothing to do:
	// it neither rebuilds nor applies the entries again.
	next := indexer.New(cat, idx, nil)
	next.Writer = "serve"
	if err := next.CatchUp(ctx, cursorFile); err != nil {
		t.Fatal(err)
	}
	if n := idx.count("theirs"); n != 1 {
		t.Errorf("another writer's entry indexed %d times after the cursor was saved, want once", n)
	}
}

// cursorHas reports whether the cursor file records the change log entry
// key as handled.
func cursorHas(t *testing.T, cursorFile, key string) bool {
	t.Helper()
	b, err := os.ReadFile(cursorFile)
	if errors.Is(err, os.ErrNotExist) {
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Applied map[string]int64 `json:"applied"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return false // written between two reads? the next one tells
	}
	_, ok := c.Applied[key]
	return ok
}
