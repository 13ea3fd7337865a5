package harvester_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/internal/syncbuf"
	"github.com/municat/municat/store/fs"
)

// clusterTTL is the lease time of the tests: a run of a killed process is
// marked within about twice that.
const clusterTTL = time.Second

// proc is one municat process of a test cluster: its runner and
// scheduler over the shared store, and its log.
type proc struct {
	name   string
	runner *harvester.Runner
	sched  *harvester.Scheduler
	logs   *syncbuf.Buffer
	fetch  *fakeFetcher
}

// MustCluster returns n processes over one fs store and leaser (the
// store's own if leases is nil), each scheduling sources, not started.
func MustCluster(t *testing.T, leases municat.Leaser, n int, sources ...municat.Source) []*proc {
	t.Helper()
	st, err := fs.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if leases == nil {
		leases = st
	}
	var procs []*proc
	for i := range n {
		p := &proc{name: fmt.Sprintf("p%d", i+1), logs: &syncbuf.Buffer{}, fetch: &fakeFetcher{pages: [][]harvester.Record{{rec("a", "A")}}}}
		log := slog.New(slog.NewTextHandler(p.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		p.runner = &harvester.Runner{
			Catalog:  catalog.New(st),
			Fetchers: map[string]harvester.Fetcher{"fake": p.fetch},
			Logger:   log,
			Cluster:  harvester.Cluster{Leases: leases, Holder: p.name, LeaseTTL: clusterTTL},
		}
		p.sched, err = harvester.NewScheduler(p.runner, sources, nil, log)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.Stop(t) })
		procs = append(procs, p)
	}
	return procs
}

// Stop stops the process's scheduler.
func (p *proc) Stop(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := p.sched.Stop(ctx); err != nil {
		t.Errorf("%s: Stop: %v", p.name, err)
	}
}

// scheduledRuns returns the finished runs of the source that a tick
// started, by their tick, oldest first, and fails on a tick run twice.
func scheduledRuns(t *testing.T, cat *catalog.Catalog, sourceID string) []*municat.Run {
	t.Helper()
	runs, err := cat.Runs(context.Background(), sourceID)
	if err != nil {
		t.Fatal(err)
	}
	var out []*municat.Run
	seen := map[time.Time]string{}
	for _, r := range runs {
		if r.Scheduled == nil || r.Finished == nil {
			continue
		}
		if other, ok := seen[r.Scheduled.UTC()]; ok {
			t.Fatalf("tick %s ran twice: runs %s and %s", r.Scheduled.Format(time.RFC3339), other, r.ID)
		}
		seen[r.Scheduled.UTC()] = r.ID
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *municat.Run) int { return a.Scheduled.Compare(*b.Scheduled) })
	return out
}

// waitFor polls cond until it holds or d passed, then fails with what.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// leader returns the processes that are leaders.
func leaders(procs []*proc) []string {
	var out []string
	for _, p := range procs {
		if p.sched.Leader() {
			out = append(out, p.name)
		}
	}
	return out
}

// checkNoGaps fails if the ticks of runs are not one second apart.
func checkNoGaps(t *testing.T, runs []*municat.Run, procs ...*proc) {
	t.Helper()
	var logs strings.Builder
	for _, p := range procs {
		logs.WriteString(p.logs.String())
	}
	skipped := 0
	for i := 1; i < len(runs); i++ {
		for tick := runs[i-1].Scheduled.Add(time.Second); tick.Before(*runs[i].Scheduled); tick = tick.Add(time.Second) {
			// A tick that comes while the previous run still goes on (a
			// loaded machine) is skipped by design, and logged with its
			// instant; any other missing tick was lost.
			if skippedTick(logs.String(), tick) {
				skipped++
				continue
			}
			t.Errorf("tick %s between %s and %s has no run and was not skipped for a run going on (a tick was missed)",
				tick.Format(time.RFC3339), runs[i-1].Scheduled.Format(time.RFC3339), runs[i].Scheduled.Format(time.RFC3339))
		}
	}
	if skipped > 0 {
		t.Logf("%d of %d ticks skipped because the previous run still went on", skipped, len(runs)+skipped)
	}
}

// skippedTick reports whether logs hold the line of a tick skipped because
// the previous run of its source still went on.
func skippedTick(logs string, tick time.Time) bool {
	for line := range strings.Lines(logs) {
		if strings.Contains(line, "previous run of the source is still going on") && strings.Contains(line, "tick="+tick.UTC().Format(time.RFC3339)) {
			return true
		}
	}
	return false
}

// TestClusterRunsEachTickOnce runs two processes with one schedule: one of
// them leads and runs every tick once; when it stops, the other takes over
// within two lease times and goes on, and no tick runs twice.
func TestClusterRunsEachTickOnce(t *testing.T) {
	for name, leases := range testLeasers() {
		t.Run(name, func(t *testing.T) { testRunsEachTickOnce(t, leases) })
	}
}

func testRunsEachTickOnce(t *testing.T, leases municat.Leaser) {
	src := municat.Source{ID: "tick", Type: "fake", URL: "https://fake.example", Organization: "org", Schedule: "@every 1s"}
	procs := MustCluster(t, leases, 2, src)
	for _, p := range procs {
		p.sched.Start()
	}
	cat := procs[0].runner.Catalog
	waitFor(t, 5*time.Second, "a leader", func() bool { return len(leaders(procs)) == 1 })
	first := leaders(procs)[0]
	waitFor(t, 30*time.Second, "12 scheduled runs", func() bool { return len(scheduledRuns(t, cat, src.ID)) >= 12 })
	if got := leaders(procs); len(got) != 1 || got[0] != first {
		t.Fatalf("leaders %v, want only %s (no hand-over while it runs)", got, first)
	}
	before := scheduledRuns(t, cat, src.ID)
	checkNoGaps(t, before, procs...)
	var lead, other *proc
	for _, p := range procs {
		if p.name == first {
			lead = p
		} else {
			other = p
		}
	}
	if n := other.fetch.Calls(); n != 0 {
		t.Errorf("%s ran %d harvests without being the leader", other.name, n)
	}
	if !strings.Contains(lead.logs.String(), "now fires the harvest schedule") {
		t.Errorf("%s did not log that it leads:\n%s", lead.name, lead.logs.String())
	}

	stopped := time.Now()
	lead.Stop(t)
	waitFor(t, 2*clusterTTL+time.Second, "the other process to lead", other.sched.Leader) // generous: a loaded machine
	t.Logf("%s led %s after the leader stopped", other.name, time.Since(stopped))
	waitFor(t, 30*time.Second, "4 runs of the new leader", func() bool { return len(scheduledRuns(t, cat, src.ID)) >= len(before)+4 })
	after := scheduledRuns(t, cat, src.ID) // fails on a tick run twice
	if n := other.fetch.Calls(); n < 4 {
		t.Errorf("%s ran %d harvests after the hand-over, want at least 4", other.name, n)
	}
	checkNoGaps(t, after[len(before)+1:], procs...) // the hand-over itself may miss a tick
	if lead.sched.Leader() {
		t.Error("the stopped process still says it leads")
	}
}

// TestClusterTwoLeadersRunEachTickOnce makes both processes leaders at
// once (the scheduler lease is granted to both, as when a leader that
// hung comes back after another took over): both fire every tick, and
// each tick runs once all the same. The second takes its leases a little
// later, so that it finds the first's run of the tick finished.
func TestClusterTwoLeadersRunEachTickOnce(t *testing.T) {
	leases := newMemLeaser()
	leases.shared["scheduler"] = true
	leases.slow["p2"] = 400 * time.Millisecond
	src := municat.Source{ID: "twice", Type: "fake", URL: "https://fake.example", Organization: "org", Schedule: "@every 1s"}
	procs := MustCluster(t, leases, 2, src)
	for _, p := range procs {
		p.sched.Start()
	}
	waitFor(t, 5*time.Second, "two leaders", func() bool { return len(leaders(procs)) == 2 })
	cat := procs[0].runner.Catalog
	waitFor(t, 30*time.Second, "10 scheduled runs", func() bool { return len(scheduledRuns(t, cat, src.ID)) >= 10 })
	runs := scheduledRuns(t, cat, src.ID) // fails on a tick run twice
	checkNoGaps(t, runs, procs...)
	if total := procs[0].fetch.Calls() + procs[1].fetch.Calls(); total > len(runs)+2 { // +2: runs going on
		t.Errorf("%d harvests for %d ticks", total, len(runs))
	}
	logs := procs[0].logs.String() + procs[1].logs.String()
	if !strings.Contains(logs, "another process ran this tick") {
		t.Errorf("no tick was left to the other leader; logs:\n%s", logs)
	}
}

// TestClusterRunNowWhileAnotherProcessRuns starts a run by hand in one
// process while another runs the source: it is refused with ErrConflict
// and a message that names the other process.
func TestClusterRunNowWhileAnotherProcessRuns(t *testing.T) {
	for name, leases := range testLeasers() {
		t.Run(name, func(t *testing.T) { testRunNowWhileAnotherProcessRuns(t, leases) })
	}
}

// testLeasers returns the Leasers the quick cluster tests run with: the
// one in memory and (nil) the fs store's own.
func testLeasers() map[string]municat.Leaser {
	return map[string]municat.Leaser{"mem": newMemLeaser(), "fs": nil}
}

func testRunNowWhileAnotherProcessRuns(t *testing.T, leases municat.Leaser) {
	src := municat.Source{ID: "busy", Type: "fake", URL: "https://fake.example", Organization: "org"}
	procs := MustCluster(t, leases, 2, src)
	p1, p2 := procs[0], procs[1]
	p1.fetch.block, p1.fetch.enter = make(chan struct{}), make(chan struct{}, 1)
	ended := make(chan *harvester.Result, 1)
	go func() {
		res, err := p1.runner.Run(context.Background(), &src, harvester.RunOptions{})
		if err != nil {
			t.Errorf("p1: Run: %v", err)
		}
		ended <- res
	}()
	MustReceive(t, p1.fetch.enter, 5*time.Second, "p1's run")
	_, err := p2.sched.RunNow(src.ID)
	if !errors.Is(err, municat.ErrConflict) || !strings.Contains(err.Error(), "anderen municat-Prozess") {
		t.Errorf("RunNow in p2 while p1 runs: %v, want ErrConflict naming another process", err)
	}
	if n := p2.fetch.Calls(); n != 0 {
		t.Errorf("p2 fetched %d times", n)
	}
	close(p1.fetch.block)
	res := MustReceive(t, ended, 10*time.Second, "p1's run to end")
	if res.Run.Status != municat.RunSucceeded {
		t.Fatalf("p1's run: %s %s", res.Run.Status, res.Run.Error)
	}
	// Once p1 released the source, p2 may run it.
	id, err := p2.sched.RunNow(src.ID)
	if err != nil || id == "" {
		t.Fatalf("RunNow in p2 after p1's run: %q, %v", id, err)
	}
}

// TestClusterLeaderOutOfReachHandsOver cuts the leader off the leases (a
// process that hangs or lost the store): it stops firing when its lease
// expires, the other process takes over, and no tick runs twice.
func TestClusterLeaderOutOfReachHandsOver(t *testing.T) {
	leases := newMemLeaser()
	src := municat.Source{ID: "cut", Type: "fake", URL: "https://fake.example", Organization: "org", Schedule: "@every 1s"}
	procs := MustCluster(t, leases, 2, src)
	for _, p := range procs {
		p.sched.Start()
	}
	waitFor(t, 5*time.Second, "a leader", func() bool { return len(leaders(procs)) == 1 })
	lead, other := procs[0], procs[1]
	if !lead.sched.Leader() {
		lead, other = other, lead
	}
	cat := lead.runner.Catalog
	waitFor(t, 10*time.Second, "3 scheduled runs", func() bool { return len(scheduledRuns(t, cat, src.ID)) >= 3 })
	leases.SetDown(lead.name, true)
	cut := time.Now()
	waitFor(t, 2*clusterTTL+2*time.Second, "the other process to lead", func() bool {
		return other.sched.Leader() && !lead.sched.Leader()
	})
	t.Logf("%s led %s after %s was cut off", other.name, time.Since(cut), lead.name)
	n := len(scheduledRuns(t, cat, src.ID))
	waitFor(t, 10*time.Second, "3 runs after the hand-over", func() bool { return len(scheduledRuns(t, cat, src.ID)) >= n+3 })
	leases.SetDown(lead.name, false)
	time.Sleep(clusterTTL)
	if got := leaders(procs); len(got) != 1 || got[0] != other.name {
		t.Errorf("leaders %v once the first is back, want only %s", got, other.name)
	}
	scheduledRuns(t, cat, src.ID) // fails on a tick run twice
	if !strings.Contains(lead.logs.String(), "no longer fires the harvest schedule") {
		t.Errorf("%s did not log that it stepped down:\n%s", lead.name, lead.logs.String())
	}
}
