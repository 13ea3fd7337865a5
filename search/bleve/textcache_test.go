package bleve

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/municat/municat"
)

// TestTextCacheEvictsAndInvalidates checks the bookkeeping of the cache:
// the least recently used entries go first when it is full, and a result
// of another index state replaces the entries unless it is older.
func TestTextCacheEvictsAndInvalidates(t *testing.T) {
	hits := make([]textHit, 10)
	size := entrySize("a", hits)
	c := newTextCache(2 * size)
	st := cacheState{gen: 1, segments: []segmentState{{id: 1, live: 10}}}
	c.put("a", st, hits)
	c.put("b", st, hits)
	if _, ok := c.get("a", st); !ok { // a is now used more recently than b
		t.Fatal("a missing")
	}
	c.put("c", st, hits)
	if _, ok := c.get("b", st); ok {
		t.Error("b, the least recently used, still cached")
	}
	if _, ok := c.get("a", st); !ok {
		t.Error("a evicted")
	}
	if c.bytes != 2*size {
		t.Errorf("bytes %d, want %d", c.bytes, 2*size)
	}

	merged := cacheState{gen: 1, segments: []segmentState{{id: 2, live: 10}}}
	if _, ok := c.get("a", merged); ok {
		t.Error("a found for another snapshot")
	}
	newer := cacheState{gen: 2, segments: merged.segments}
	c.put("a", newer, hits)
	c.put("c", st, hits) // computed before the change: not stored
	if _, ok := c.get("c", newer); ok {
		t.Error("c of an older generation found")
	}
	if _, ok := c.get("a", newer); !ok || c.lru.Len() != 1 {
		t.Errorf("after a change: a cached %v, %d entries, want only a", ok, c.lru.Len())
	}
	c.put("big", newer, make([]textHit, 100))
	if _, ok := c.get("big", newer); ok {
		t.Error("an entry larger than the cache was stored")
	}
}

// TestCachedSearchDuringWrites searches while datasets are written, for the
// race detector, and then checks that no match cached during the writes
// outlives them.
func TestCachedSearchDuringWrites(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 3))
	idx, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	var datasets []*municat.Dataset
	for i := range 200 {
		datasets = append(datasets, eqDataset(r, i))
	}
	texts := []string{"Haltestellen", "Bus Verkehr", "Radwege", "Umwelt Daten", "Kita"}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for g := range 3 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := idx.Search(ctx, municat.Query{Text: texts[(g+i)%len(texts)]}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	for i := 0; i < len(datasets); i += 10 {
		if err := idx.Index(ctx, datasets[i:i+10]...); err != nil {
			t.Fatal(err)
		}
		if err := idx.Delete(ctx, fmt.Sprintf("ds-%03d", r.IntN(i+10))); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	for i, text := range texts {
		compareSearch(t, idx, i, municat.Query{Text: text, PerPage: 1000})
	}
}
