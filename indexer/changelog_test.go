package indexer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/indexer"
	"github.com/municat/municat/search/bleve"
)

// mustChanges returns the change log entries in the store, by key.
func mustChanges(t *testing.T, cat *catalog.Catalog) map[string]indexer.Change {
	t.Helper()
	ctx := context.Background()
	got := map[string]indexer.Change{}
	err := cat.Store.List(ctx, indexer.ChangesPrefix, func(o municat.ObjectInfo) error {
		rc, _, err := cat.Store.Get(ctx, o.Key)
		if err != nil {
			return err
		}
		defer rc.Close()
		var c indexer.Change
		if err := json.NewDecoder(rc).Decode(&c); err != nil {
			return fmt.Errorf("%s: %w", o.Key, err)
		}
		got[o.Key] = c
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// newLogWriter returns an Indexer without an index that writes the change
// log as writer (a harvester process).
func newLogWriter(cat *catalog.Catalog, writer string) *indexer.Indexer {
	x := indexer.New(cat, nil, nil)
	x.Writer = writer
	return x
}

func TestApplyWritesChangeLog(t *testing.T) {
	cat := newCatalog(t, 2)
	x := newLogWriter(cat, "harvester/1 a")
	before := time.Now()
	if err := x.Apply(context.Background(), []string{"d000", "d001"}, []string{"gone"}); err != nil {
		t.Fatal(err)
	}
	if err := x.Apply(context.Background(), nil, nil); err != nil {
		t.Fatal(err)
	}
	got := mustChanges(t, cat)
	if len(got) != 1 {
		t.Fatalf("entries = %v, want one (an empty Apply writes none)", got)
	}
	for key, c := range got {
		part := before.UTC().Format("2006-01-02T15")
		if !strings.HasPrefix(key, "changes/"+part+"/") && !strings.HasPrefix(key, "changes/"+time.Now().UTC().Format("2006-01-02T15")+"/") {
			t.Errorf("key %s is not in the hour partition of its time", key)
		}
		name := filepath.Base(key)
		if len(name) < 20 || name[19] != '-' || !strings.Contains(name, "-harvester_1_a-") {
			t.Errorf("key %s: want <19 digits>-<writer>-<random>.json", key)
		}
		if !slices.Equal(c.Changed, []string{"d000", "d001"}) || !slices.Equal(c.Withdrawn, []string{"gone"}) || c.Writer != "harvester/1 a" {
			t.Errorf("entry = %+v", c)
		}
		if c.Time.Before(before.Add(-time.Second)) || c.Time.After(time.Now().Add(time.Second)) {
			t.Errorf("entry time %v, want about now", c.Time)
		}
	}
}

func TestApplySplitsLargeChanges(t *testing.T) {
	cat := newCatalog(t, 0)
	x := newLogWriter(cat, "w")
	var changed, withdrawn []string
	for i := range 25_000 {
		changed = append(changed, fmt.Sprintf("c%05d", i))
	}
	for i := range 5 {
		withdrawn = append(withdrawn, fmt.Sprintf("w%d", i))
	}
	if err := x.Apply(context.Background(), changed, withdrawn); err != nil {
		t.Fatal(err)
	}
	got := mustChanges(t, cat)
	if len(got) != 3 {
		t.Fatalf("%d entries, want 3 of at most %d ids", len(got), indexer.MaxEntryIDs)
	}
	var gotChanged, gotWithdrawn []string
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range got {
			if !yield(k) {
				return
			}
		}
	}) {
		c := got[k]
		if n := len(c.Changed) + len(c.Withdrawn); n > indexer.MaxEntryIDs {
			t.Errorf("entry %s has %d ids", k, n)
		}
		gotChanged = append(gotChanged, c.Changed...)
		gotWithdrawn = append(gotWithdrawn, c.Withdrawn...)
	}
	if !slices.Equal(gotChanged, changed) || !slices.Equal(gotWithdrawn, withdrawn) {
		t.Errorf("entries hold %d changed, %d withdrawn ids, want %d, %d in order", len(gotChanged), len(gotWithdrawn), len(changed), len(withdrawn))
	}
}

// countingIndex is a real index that counts how often each id was passed
// to Index, to tell an entry applied from one skipped.
type countingIndex struct {
	inner  municat.Index
	counts chan map[string]int // holds the counts; a channel as a lock
}

func newCounting(idx municat.Index) *countingIndex {
	c := &countingIndex{inner: idx, counts: make(chan map[string]int, 1)}
	c.counts <- map[string]int{}
	return c
}

func (c *countingIndex) Index(ctx context.Context, ds ...*municat.Dataset) error {
	m := <-c.counts
	for _, d := range ds {
		m[d.ID]++
	}
	c.counts <- m
	return c.inner.Index(ctx, ds...)
}

func (c *countingIndex) Delete(ctx context.Context, ids ...string) error {
	return c.inner.Delete(ctx, ids...)
}

func (c *countingIndex) Search(ctx context.Context, q municat.Query) (*municat.SearchResult, error) {
	return c.inner.Search(ctx, q)
}

func (c *countingIndex) Count(ctx context.Context) (int, error) { return c.inner.Count(ctx) }

func (c *countingIndex) IDs(ctx context.Context) ([]string, error) { return c.inner.IDs(ctx) }

func (c *countingIndex) Close() error { return nil }

func (c *countingIndex) count(id string) int {
	m := <-c.counts
	defer func() { c.counts <- m }()
	return m[id]
}

// newDiskIndex opens a Bleve index in a fresh directory.
func newDiskIndex(t *testing.T) *bleve.Index {
	t.Helper()
	idx, err := bleve.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idx.Close() })
	return idx
}

// followInterval is short so that the tests are quick; the deadlines they
// wait for are many intervals, for a loaded machine.
const followInterval = 50 * time.Millisecond

// startFollow runs x.Follow until the returned stop is called (or the
// test ends); stop waits until Follow returned.
func startFollow(t *testing.T, x *indexer.Indexer, cursorFile string) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- x.Follow(ctx, cursorFile, followInterval) }()
	var stopped bool
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Follow: %v", err)
		}
	}
	t.Cleanup(stop)
	return stop
}

// waitFor polls cond until it holds or 15 s have passed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within 15 s: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// hasID reports whether idx holds id.
func hasID(t *testing.T, idx municat.Index, id string) bool {
	t.Helper()
	return slices.Contains(mustIDs(t, idx), id)
}

// mustPublish writes a published dataset with id into the catalogue.
func mustPublish(t *testing.T, cat *catalog.Catalog, id string, state municat.PublicationState) {
	t.Helper()
	if err := cat.PutDataset(context.Background(), &municat.Dataset{ID: id, Title: municat.NewText("Datensatz " + id), State: state}); err != nil {
		t.Fatal(err)
	}
}
