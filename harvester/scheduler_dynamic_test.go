package harvester_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/internal/syncbuf"
)

// recordingFetcher emits one page and remembers the sources it was called
// with; it waits for gate first if gate is not nil.
type recordingFetcher struct {
	mu    sync.Mutex
	seen  []municat.Source
	gate  chan struct{}
	enter chan string // gets the source's name when Fetch starts, if not nil
}

func (f *recordingFetcher) Fetch(ctx context.Context, src *municat.Source, emit func(*harvester.Page) error) error {
	f.mu.Lock()
	f.seen = append(f.seen, *src)
	gate, enter := f.gate, f.enter
	f.mu.Unlock()
	if enter != nil {
		enter <- src.Name
	}
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return emit(&harvester.Page{URL: src.URL, Body: []byte("p"), Ext: "txt", Records: []harvester.Record{rec("a", "A")}})
}

func (f *recordingFetcher) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.seen)
}

// MustDynamicEnv returns a scheduler over a file store with a recording
// fetcher for the type "fake", its results on a channel and its log.
func MustDynamicEnv(t *testing.T, f *recordingFetcher, sources ...municat.Source) (*harvester.Scheduler, *harvester.Runner, chan *harvester.Result, *syncbuf.Buffer) {
	t.Helper()
	r, _, _ := MustFakeEnv(t, nil)
	r.Fetchers = map[string]harvester.Fetcher{"fake": f}
	results := make(chan *harvester.Result, 20)
	var logs syncbuf.Buffer
	s, err := harvester.NewScheduler(r, sources, func(res *harvester.Result) { results <- res }, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return s, r, results, &logs
}

// TestSchedulerSetAndPause adds a source after the start, changes it and
// pauses it: each tick runs the latest record, a paused source is skipped.
func TestSchedulerSetAndPause(t *testing.T) {
	t.Parallel()
	f := &recordingFetcher{enter: make(chan string, 20)}
	s, _, results, logs := MustDynamicEnv(t, f)
	src := municat.Source{ID: "dyn", Type: "fake", URL: "https://dyn.example", Organization: "org", Name: "first", Schedule: "@every 1s"}
	if err := s.Set(src); err != nil {
		t.Fatal(err)
	}
	if got := MustReceive(t, f.enter, 3*time.Second, "the first scheduled run"); got != "first" {
		t.Errorf("the first run had the source named %q, want first", got)
	}
	MustReceive(t, results, 3*time.Second, "the first result")

	src.Paused = true
	src.Name = "second"
	if err := s.Set(src); err != nil {
		t.Fatal(err)
	}
	drain(f.enter, results) // a tick may have started just before
	calls := f.Calls()
	deadline := time.Now().Add(3 * time.Second)
	for !strings.Contains(logs.String(), "scheduled harvest skipped: the source is paused") {
		if time.Now().After(deadline) {
			t.Fatalf("no skipped tick of the paused source logged:\n%s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := f.Calls(); n != calls {
		t.Errorf("%d runs of the paused source, want none", n-calls)
	}
	if got, ok := s.Source("dyn"); !ok || !got.Paused || got.Name != "second" {
		t.Errorf("Source(dyn) = %+v, %v; want the paused record", got, ok)
	}

	src.Paused = false
	src.Name = "third"
	if err := s.Set(src); err != nil {
		t.Fatal(err)
	}
	if got := MustReceive(t, f.enter, 3*time.Second, "the run after resuming"); got != "third" {
		t.Errorf("the run after resuming had the source named %q, want third", got)
	}
	MustReceive(t, results, 3*time.Second, "the result after resuming")
}

// TestSchedulerRemove: a removed source never runs again.
func TestSchedulerRemove(t *testing.T) {
	t.Parallel()
	f := &recordingFetcher{enter: make(chan string, 20)}
	src := municat.Source{ID: "dyn", Type: "fake", URL: "https://dyn.example", Organization: "org", Schedule: "@every 1s"}
	s, _, results, _ := MustDynamicEnv(t, f, src)
	MustReceive(t, f.enter, 3*time.Second, "the first scheduled run")
	MustReceive(t, results, 3*time.Second, "the first result")
	s.Remove("dyn")
	drain(f.enter, results)
	calls := f.Calls()
	time.Sleep(1500 * time.Millisecond) // a tick at least
	if n := f.Calls(); n != calls {
		t.Errorf("%d runs of the removed source, want none", n-calls)
	}
	if _, ok := s.Source("dyn"); ok {
		t.Error("the removed source is still kept")
	}
	if _, err := s.RunNow("dyn"); !errors.Is(err, municat.ErrNotFound) {
		t.Errorf("RunNow of the removed source: %v, want ErrNotFound", err)
	}
}

// drain empties the channels of what came in by now.
func drain(enter chan string, results chan *harvester.Result) {
	time.Sleep(100 * time.Millisecond)
	for {
		select {
		case <-enter:
		case <-results:
		default:
			return
		}
	}
}

// TestSchedulerSetRejects: an invalid source is refused and the old record
// and schedule stay.
func TestSchedulerSetRejects(t *testing.T) {
	f := &recordingFetcher{}
	good := municat.Source{ID: "keep", Type: "fake", URL: "https://keep.example", Organization: "org", Schedule: "0 3 * * *", Name: "good"}
	s, _, _, _ := MustDynamicEnv(t, f, good)
	for _, bad := range []municat.Source{
		{ID: "keep", Type: "fake", Schedule: "every day"},
		{ID: "keep", Type: "fake", Schedule: "@daily", TimeZone: "Europe/Nowhere"},
		{ID: "keep", Type: "csw", Schedule: "@daily"},
		{ID: "Not Valid", Type: "fake"},
	} {
		if err := s.Set(bad); !errors.Is(err, municat.ErrInvalid) {
			t.Errorf("Set(%+v): %v, want ErrInvalid", bad, err)
		}
	}
	if got, ok := s.Source("keep"); !ok || got.Name != "good" || got.Schedule != "0 3 * * *" {
		t.Errorf("after refused changes: %+v, %v; want the good record", got, ok)
	}
}

// TestSchedulerRunNow starts runs by hand: the run record exists when
// RunNow returns, onResult gets the run, a second start while one runs is
// a conflict, a paused source runs by hand, and Stop interrupts the run.
func TestSchedulerRunNow(t *testing.T) {
	f := &recordingFetcher{gate: make(chan struct{})}
	paused := municat.Source{ID: "hand", Type: "fake", URL: "https://hand.example", Organization: "org", Paused: true, Schedule: "0 3 * * *"}
	s, r, results, _ := MustDynamicEnv(t, f, paused)

	id, err := s.RunNow("hand")
	if err != nil {
		t.Fatalf("RunNow: %v", err)
	}
	run, err := r.Catalog.Run(context.Background(), "hand", id)
	if err != nil {
		t.Fatalf("the run record %s is not stored when RunNow returns: %v", id, err)
	}
	if run.Status != municat.RunRunning {
		t.Errorf("stored run %s is %s, want running", id, run.Status)
	}
	if _, err := s.RunNow("hand"); !errors.Is(err, municat.ErrConflict) {
		t.Errorf("second RunNow during a run: %v, want ErrConflict", err)
	}
	close(f.gate)
	res := MustReceive(t, results, 3*time.Second, "the result of the run by hand")
	if res.Run.ID != id || res.Run.Status != municat.RunSucceeded || res.Run.Counts.Added != 1 {
		t.Errorf("result: %s %s %+v, want run %s succeeded with 1 added", res.Run.ID, res.Run.Status, res.Run.Counts, id)
	}
	MustStoredRun(t, r.Catalog, res.Run)

	// A run that is over in no time still gives its id.
	id2, err := s.RunNow("hand")
	if err != nil || id2 == "" || id2 == id {
		t.Fatalf("second RunNow: %q, %v; want a new run id", id2, err)
	}
	if res := MustReceive(t, results, 3*time.Second, "the second result"); res.Run.ID != id2 {
		t.Errorf("second result is run %s, want %s", res.Run.ID, id2)
	}
	if _, err := s.RunNow("nobody"); !errors.Is(err, municat.ErrNotFound) {
		t.Errorf("RunNow of an unknown source: %v, want ErrNotFound", err)
	}
}

// TestSchedulerStopEndsRunNow: Stop cancels a run started by hand, waits
// for it, and RunNow starts nothing afterwards.
func TestSchedulerStopEndsRunNow(t *testing.T) {
	f := &recordingFetcher{gate: make(chan struct{})}
	r, _, _ := MustFakeEnv(t, nil)
	r.Fetchers = map[string]harvester.Fetcher{"fake": f}
	results := make(chan *harvester.Result, 5)
	s, err := harvester.NewScheduler(r, []municat.Source{{ID: "hand", Type: "fake", URL: "https://hand.example", Organization: "org"}},
		func(res *harvester.Result) { results <- res }, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	id, err := s.RunNow("hand")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Stop(ctx); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	select {
	case res := <-results: // Stop waited for the run and its onResult
		if res.Run.ID != id || res.Run.Status != municat.RunInterrupted {
			t.Errorf("stopped run %s: %s, want %s interrupted", res.Run.ID, res.Run.Status, id)
		}
	default:
		t.Fatal("Stop returned before the run by hand ended")
	}
	if _, err := s.RunNow("hand"); !errors.Is(err, municat.ErrUnavailable) {
		t.Errorf("RunNow after Stop: %v, want ErrUnavailable", err)
	}
}
