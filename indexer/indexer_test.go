package indexer_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/indexer"
	"github.com/municat/municat/search/bleve"
	"github.com/municat/municat/store/fs"
)

// newCatalog returns a catalogue on a fresh fs store holding n published
// datasets d000… and one withdrawn dataset "gone".
func newCatalog(t *testing.T, n int) *catalog.Catalog {
	t.Helper()
	st, err := fs.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	cat := catalog.New(st)
	ctx := context.Background()
	for i := range n {
		d := &municat.Dataset{ID: fmt.Sprintf("d%03d", i), Title: municat.NewText(fmt.Sprintf("Datensatz %d", i)), State: municat.Published}
		if err := cat.PutDataset(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := cat.PutDataset(ctx, &municat.Dataset{ID: "gone", Title: municat.NewText("Zurückgezogen"), State: municat.Withdrawn}); err != nil {
		t.Fatal(err)
	}
	return cat
}

func newMemory(t *testing.T) *bleve.Index {
	t.Helper()
	idx, err := bleve.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idx.Close() })
	return idx
}

func mustIDs(t *testing.T, idx municat.Index) []string {
	t.Helper()
	ids, err := idx.IDs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestRebuildInPlace(t *testing.T) {
	cat := newCatalog(t, 7)
	idx := newMemory(t)
	ctx := context.Background()
	// A stale entry the store no longer has.
	if err := idx.Index(ctx, &municat.Dataset{ID: "stale", Title: municat.NewText("Alt")}); err != nil {
		t.Fatal(err)
	}
	x := indexer.New(cat, idx, nil)
	x.BatchSize = 3
	st, err := x.Rebuild(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st != (indexer.Stats{Indexed: 7, Removed: 1}) {
		t.Errorf("Stats = %+v, want 7 indexed, 1 removed", st)
	}
	if got := mustIDs(t, idx); len(got) != 7 || slices.Contains(got, "stale") || slices.Contains(got, "gone") {
		t.Errorf("IDs after rebuild = %v", got)
	}
}

// swapIndex is a municat.Rebuilder over two Bleve indexes: the live one
// answers, a build fills a new one and Commit swaps it in. It records the
// searches made while a build was open, to show they saw the old content.
type swapIndex struct {
	live municat.Index
	t    *testing.T

	mu       sync.Mutex
	building *swapBuild
	failOn   int // fail the build's n-th Index call (0: never)
}

type swapBuild struct {
	s     *swapIndex
	idx   *bleve.Index
	calls int
	done  bool
}

func (s *swapIndex) current() municat.Index {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.live
}

func (s *swapIndex) Index(ctx context.Context, ds ...*municat.Dataset) error {
	return s.current().Index(ctx, ds...)
}

func (s *swapIndex) Delete(ctx context.Context, ids ...string) error {
	return s.current().Delete(ctx, ids...)
}

func (s *swapIndex) Search(ctx context.Context, q municat.Query) (*municat.SearchResult, error) {
	return s.current().Search(ctx, q)
}

func (s *swapIndex) Count(ctx context.Context) (int, error) { return s.current().Count(ctx) }

func (s *swapIndex) IDs(ctx context.Context) ([]string, error) { return s.current().IDs(ctx) }

func (s *swapIndex) Close() error { return nil }

func (s *swapIndex) StartRebuild(context.Context) (municat.IndexBuild, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.building != nil {
		return nil, municat.Errorf(municat.ECONFLICT, "Es läuft schon ein Neuaufbau.")
	}
	s.building = &swapBuild{s: s, idx: newMemory(s.t)}
	return s.building, nil
}

func (b *swapBuild) Index(ctx context.Context, ds ...*municat.Dataset) error {
	b.calls++
	if b.calls == b.s.failOn {
		return errors.New("engine gave up")
	}
	// The live content is untouched while the build fills.
	if n, _ := b.s.current().Count(ctx); n == 0 {
		b.s.t.Errorf("live index empty during the build")
	}
	return b.idx.Index(ctx, ds...)
}

func (b *swapBuild) Commit(context.Context) error {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	b.s.live, b.s.building, b.done = b.idx, nil, true
	return nil
}

func (b *swapBuild) Abort(context.Context) error {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	if !b.done {
		b.s.building, b.done = nil, true
	}
	return nil
}

func TestRebuildOutOfPlace(t *testing.T) {
	cat := newCatalog(t, 7)
	live := newMemory(t)
	ctx := context.Background()
	if err := live.Index(ctx, &municat.Dataset{ID: "stale", Title: municat.NewText("Alt")}, &municat.Dataset{ID: "d000", Title: municat.NewText("Alt")}); err != nil {
		t.Fatal(err)
	}
	s := &swapIndex{live: live, t: t}
	x := indexer.New(cat, s, nil)
	x.BatchSize = 3
	st, err := x.Rebuild(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st != (indexer.Stats{Indexed: 7, Removed: 1}) {
		t.Errorf("Stats = %+v, want 7 indexed, 1 removed (the stale id)", st)
	}
	if s.current() == municat.Index(live) {
		t.Fatal("the build was not swapped in")
	}
	if got := mustIDs(t, s); len(got) != 7 || got[0] != "d000" || slices.Contains(got, "stale") {
		t.Errorf("IDs after the swap = %v", got)
	}

	// A failing build is dropped and the content stays.
	before := s.current()
	s.failOn = 2
	if _, err := x.Rebuild(ctx); err == nil {
		t.Fatal("Rebuild with a failing build: no error")
	}
	if s.current() != before || s.building != nil {
		t.Errorf("after a failed build: index swapped %v, build left open %v", s.current() != before, s.building != nil)
	}
	if got := mustIDs(t, s); len(got) != 7 {
		t.Errorf("IDs after a failed build = %v, want the 7 of before", got)
	}
}

func TestApply(t *testing.T) {
	cat := newCatalog(t, 4)
	idx := newMemory(t)
	ctx := context.Background()
	x := indexer.New(cat, idx, nil)
	if _, err := x.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	// d001 changed, "gone" is withdrawn in the store, "missing" was never
	// there, d002 was withdrawn by the run.
	if err := x.Apply(ctx, []string{"d001", "gone", "missing"}, []string{"d002"}); err != nil {
		t.Fatal(err)
	}
	if got, want := mustIDs(t, idx), []string{"d000", "d001", "d003"}; !slices.Equal(got, want) {
		t.Errorf("IDs after Apply = %v, want %v", got, want)
	}
}
