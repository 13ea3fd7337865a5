package harvester_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
)

// startRun writes the record of a run of the source as a process does when
// it starts one, holding the source's lease as holder for ttl.
func startRun(t *testing.T, cat *catalog.Catalog, leases municat.Leaser, sourceID, holder string, ttl time.Duration) *municat.Run {
	t.Helper()
	if _, err := leases.TakeLease(context.Background(), "harvest/"+sourceID, holder, ttl); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	run := &municat.Run{ID: municat.NewRunID(now), SourceID: sourceID, Started: now, Updated: now, Status: municat.RunRunning}
	if err := cat.PutRun(context.Background(), run); err != nil {
		t.Fatal(err)
	}
	return run
}

// runStatus returns the stored status of the run.
func runStatus(t *testing.T, cat *catalog.Catalog, run *municat.Run) municat.RunStatus {
	t.Helper()
	runs, err := cat.Runs(context.Background(), run.SourceID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range runs {
		if r.ID == run.ID {
			return r.Status
		}
	}
	t.Fatalf("run %s not stored", run.ID)
	return ""
}

// TestClusterMarkInterruptedAtStart marks at start-up only the runs whose
// lease could be taken: a run whose process still holds it goes on.
func TestClusterMarkInterruptedAtStart(t *testing.T) {
	for name, leases := range testLeasers() {
		t.Run(name, func(t *testing.T) { testMarkInterruptedAtStart(t, leases) })
	}
}

func testMarkInterruptedAtStart(t *testing.T, leases municat.Leaser) {
	procs := MustCluster(t, leases, 1)
	cat := procs[0].runner.Catalog
	leases = procs[0].runner.Cluster.Leases
	alive := startRun(t, cat, leases, "alive", "other", time.Hour)
	dead := startRun(t, cat, leases, "dead", "gone", time.Millisecond)
	time.Sleep(5 * time.Millisecond) // let the lease of dead lapse
	n, err := procs[0].runner.MarkInterrupted(context.Background())
	if err != nil {
		t.Fatalf("MarkInterrupted: %v", err)
	}
	if got := runStatus(t, cat, alive); got != municat.RunRunning {
		t.Errorf("the run whose lease is held: %s, want running", got)
	}
	if got := runStatus(t, cat, dead); got != municat.RunInterrupted {
		t.Errorf("the run whose lease lapsed: %s, want interrupted", got)
	}
	if n != 1 {
		t.Errorf("MarkInterrupted marked %d runs, want 1", n)
	}
}

// TestClusterLeaderMarksRunsOfKilledProcesses has the leader find the run
// of a process that was killed (its lease is no longer renewed): it is
// marked interrupted within about two lease times, while the run of a
// process that renews its lease is left alone.
func TestClusterLeaderMarksRunsOfKilledProcesses(t *testing.T) {
	leases := newMemLeaser()
	procs := MustCluster(t, leases, 1)
	cat := procs[0].runner.Catalog
	alive := startRun(t, cat, leases, "alive", "other", clusterTTL)
	killed := startRun(t, cat, leases, "killed", "gone", clusterTTL)
	ctx, stopRenewing := context.WithCancel(context.Background())
	defer stopRenewing()
	go func() { // the live process renews its lease
		l, err := leases.TakeLease(ctx, "harvest/alive", "other", clusterTTL)
		for err == nil && ctx.Err() == nil {
			time.Sleep(clusterTTL / 3)
			err = leases.RenewLease(ctx, l, clusterTTL)
		}
	}()
	procs[0].sched.Start()
	killedAt := time.Now()
	// About 2×TTL; the bound is generous for a loaded machine.
	waitFor(t, 2*clusterTTL+3*time.Second, "the killed process's run to be marked", func() bool {
		return runStatus(t, cat, killed) == municat.RunInterrupted
	})
	t.Logf("marked %s after the kill", time.Since(killedAt))
	time.Sleep(2 * clusterTTL) // more checks of the leader
	if got := runStatus(t, cat, alive); got != municat.RunRunning {
		t.Errorf("the run whose lease is renewed: %s, want running", got)
	}
}

// TestClusterRunLosesLease takes the lease of a run going on away (another
// process took it over, or the store stayed out of reach until it
// lapsed): the run is cancelled and recorded as failed, saying why.
func TestClusterRunLosesLease(t *testing.T) {
	for _, tt := range []struct {
		name string
		lose func(*memLeaser)
	}{
		{"taken over", func(m *memLeaser) { m.Steal("harvest/lose", "thief") }},
		{"store out of reach", func(m *memLeaser) { m.SetDown("p1", true) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			leases := newMemLeaser()
			src := municat.Source{ID: "lose", Type: "fake", URL: "https://fake.example", Organization: "org"}
			p := MustCluster(t, leases, 1, src)[0]
			p.fetch.block, p.fetch.enter = make(chan struct{}), make(chan struct{}, 1)
			ended := make(chan *harvester.Result, 1)
			go func() {
				res, _ := p.runner.Run(context.Background(), &src, harvester.RunOptions{})
				ended <- res
			}()
			MustReceive(t, p.fetch.enter, 5*time.Second, "the run")
			lost := time.Now()
			tt.lose(leases)
			res := MustReceive(t, ended, 2*clusterTTL+5*time.Second, "the run to be cancelled")
			t.Logf("cancelled %s after the lease was lost", time.Since(lost))
			if res == nil || res.Run.Status != municat.RunFailed || !strings.Contains(res.Run.Error, "reservieren") {
				t.Fatalf("run after losing its lease: %+v, want failed saying the lease was lost", res)
			}
			leases.SetDown("p1", false)
			MustStoredRun(t, p.runner.Catalog, res.Run)
		})
	}
}
