package harvester_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/internal/syncbuf"
)

// MustReceive waits for a value of ch, failing the test after d.
func MustReceive[T any](t *testing.T, ch <-chan T, d time.Duration, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// TestSchedulerRunsAndSkipsOverlap schedules a source every second whose
// first run hangs for more than a tick: the ticks meanwhile are skipped,
// and the schedule goes on once the run ends.
func TestSchedulerRunsAndSkipsOverlap(t *testing.T) {
	f := &fakeFetcher{
		pages: [][]harvester.Record{{rec("a", "A")}},
		block: make(chan struct{}),
		enter: make(chan struct{}, 10),
	}
	r, src, _ := MustFakeEnv(t, f)
	src.Schedule = "@every 1s"
	var logs syncbuf.Buffer
	results := make(chan *harvester.Result, 10)
	s, err := harvester.NewScheduler(r, []municat.Source{*src, {ID: "by-hand", Type: "fake"}},
		func(res *harvester.Result) { results <- res }, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	defer s.Stop(context.Background())

	MustReceive(t, f.enter, 3*time.Second, "the first scheduled run")
	deadline := time.Now().Add(3 * time.Second)
	for !strings.Contains(logs.String(), "scheduled harvest skipped") {
		if time.Now().After(deadline) {
			t.Fatalf("no skipped tick logged while the first run hangs; log:\n%s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "source="+src.ID) {
		t.Errorf("the skip line does not name the source:\n%s", logs.String())
	}
	if n := f.Calls(); n != 1 {
		t.Fatalf("%d fetches while the first run hangs, want 1", n)
	}
	close(f.block)
	res := MustReceive(t, results, 3*time.Second, "the first run's result")
	if res.Run.Status != municat.RunSucceeded || res.Run.Counts.Added != 1 {
		t.Errorf("first run: %s %+v", res.Run.Status, res.Run.Counts)
	}
	MustReceive(t, f.enter, 3*time.Second, "the next scheduled run")
	res = MustReceive(t, results, 3*time.Second, "the next run's result")
	if res.Run.Counts.Unchanged != 1 {
		t.Errorf("next run: %+v, want 1 unchanged", res.Run.Counts)
	}
	if !strings.Contains(logs.String(), "time_zone="+municat.DefaultTimeZone) {
		t.Errorf("the schedule is not in %s:\n%s", municat.DefaultTimeZone, logs.String())
	}
}

// TestSchedulerStopInterruptsRuns stops the scheduler during a run: the run
// is cancelled and recorded as interrupted.
func TestSchedulerStopInterruptsRuns(t *testing.T) {
	f := &fakeFetcher{block: make(chan struct{}), enter: make(chan struct{}, 10)}
	r, src, _ := MustFakeEnv(t, f)
	src.Schedule = "@every 1s"
	src.TimeZone = "America/New_York"
	results := make(chan *harvester.Result, 10)
	s, err := harvester.NewScheduler(r, []municat.Source{*src}, func(res *harvester.Result) { results <- res }, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	MustReceive(t, f.enter, 3*time.Second, "the scheduled run")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Stop(ctx); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	res := MustReceive(t, results, time.Second, "the stopped run's result")
	if res.Run.Status != municat.RunInterrupted {
		t.Errorf("stopped run: %s, want interrupted", res.Run.Status)
	}
	MustStoredRun(t, r.Catalog, res.Run)
}

func TestNewSchedulerRejects(t *testing.T) {
	r, _, _ := MustFakeEnv(t, &fakeFetcher{})
	for _, src := range []municat.Source{
		{ID: "a", Type: "fake", Schedule: "every day"},
		{ID: "b", Type: "fake", Schedule: "@daily", TimeZone: "Europe/Nowhere"},
		{ID: "c", Type: "csw", Schedule: "@daily"},
	} {
		if _, err := harvester.NewScheduler(r, []municat.Source{src}, nil, nil); !errors.Is(err, municat.ErrInvalid) {
			t.Errorf("NewScheduler(%+v): error %v, want ErrInvalid", src, err)
		}
	}
}
