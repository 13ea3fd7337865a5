package publish_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/municat/municat/indexer"
	"github.com/municat/municat/publish"
)

// fileCalls records the calls of the OnFile hook.
type fileCalls struct {
	mu    sync.Mutex
	calls []string
}

func (f *fileCalls) record(_ context.Context, datasetID, distID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, datasetID+"/"+distID)
}

func (f *fileCalls) take() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.calls
	f.calls = nil
	return c
}

func TestOnFileIsCalledWhenAFileBecomesCurrent(t *testing.T) {
	e := newEnv(t, 0, nil)
	calls := &fileCalls{}
	e.svc = publish.New(publish.Config{Catalog: e.cat, Indexer: indexer.New(e.cat, e.idx, quiet), Logger: quiet,
		Now: e.clock.Now, TempDir: e.tmp, OnFile: calls.record})
	ctx := context.Background()
	d := e.published(t, "Bäume")
	e.clock.Set(start.Add(time.Minute))
	if _, _, err := e.svc.Upload(ctx, anna, d.ID, csvUpload("", "Art;Jahr\nLinde;1990\n")); err != nil {
		t.Fatal(err)
	}
	if got := calls.take(); !slices.Equal(got, []string{d.ID + "/baeume-csv"}) {
		t.Fatalf("after upload: %v", got)
	}
	// The same bytes again make no new file.
	if _, _, err := e.svc.Upload(ctx, anna, d.ID, csvUpload("baeume-csv", "Art;Jahr\nLinde;1990\n")); err != nil {
		t.Fatal(err)
	}
	// A version scheduled for later arrives when it is released.
	later := start.Add(time.Hour)
	u := csvUpload("baeume-csv", "Art;Jahr\nEiche;2001\n")
	u.PublishAt = &later
	if _, _, err := e.svc.Upload(ctx, anna, d.ID, u); err != nil {
		t.Fatal(err)
	}
	if got := calls.take(); len(got) != 0 {
		t.Fatalf("before release: %v", got)
	}
	e.clock.Set(later)
	if n, err := e.svc.PublishDue(ctx); n != 1 || err != nil {
		t.Fatalf("PublishDue: %d %v", n, err)
	}
	if got := calls.take(); !slices.Equal(got, []string{d.ID + "/baeume-csv"}) {
		t.Fatalf("after release: %v", got)
	}
}
