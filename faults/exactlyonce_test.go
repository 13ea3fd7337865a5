package faults

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// tick is the interval of the schedule of TestExactlyOnce.
const tick = 2 * time.Second

// TestExactlyOnce runs three processes on one bucket with a source
// scheduled every 2 s: every tick is harvested by exactly one of them, with
// no tick left out; when the holder of the scheduler lease is killed,
// another process takes over within the lease time and two ticks, and
// still no tick runs twice.
func TestExactlyOnce(t *testing.T) {
	wantTicks, kills := 20, 1
	if long() {
		wantTicks, kills = 60, 3
	}
	m := startMinIO(t)
	st := m.open()
	src := newCKAN(t, 4, 1000, 200)
	config := writeConfig(t, src.URL, "@every 2s")
	var procs []*proc
	for i := range 3 {
		procs = append(procs, startProc(t, fmt.Sprintf("serve%d", i+1), baseEnv(t, m.env()), "serve", "--config", config))
	}
	for _, p := range procs {
		p.waitReady(2 * time.Minute)
	}

	ticks := waitTicks(t, st, wantTicks, time.Duration(wantTicks+30)*tick)
	first, last := checkTicks(t, ticks, time.Time{}, procs)
	t.Logf("measure: test=ExactlyOnce phase=steady processes=3 ticks=%d first=%s last=%s gaps=%d",
		len(ticks), first.Format(time.TimeOnly), last.Format(time.TimeOnly), gaps(ticks, first, last))

	alive := procs
	for k := range kills {
		holder, victim := leader(t, st, alive)
		victim.kill()
		killed := time.Now()
		alive = without(alive, victim)
		// A new holder, then a tick after the kill harvested.
		var newHolder string
		var takeover time.Duration
		eventually(t, leaseTTL+time.Minute, "another process holds the scheduler lease", func() (bool, string) {
			var l municat.Lease
			err := getJSON(t, st, "leases/scheduler", &l)
			newHolder, takeover = l.Holder, time.Since(killed)
			return err == nil && l.Holder != holder && l.Expires.After(time.Now()), fmt.Sprint(l.Holder, err)
		})
		var firstAfter time.Time
		eventually(t, leaseTTL+30*tick, "a tick after the kill harvested", func() (bool, string) {
			ticks = readTicks(t, st)
			for _, tk := range sortedTicks(ticks) {
				if tk.After(killed) {
					firstAfter = tk
					return true, ""
				}
			}
			return false, fmt.Sprintf("%d ticks", len(ticks))
		})
		if limit := killed.Add(leaseTTL + 2*tick); firstAfter.After(limit) {
			t.Errorf("first tick harvested after the kill is %s, %v after it; want within the lease time and two ticks (%v)",
				firstAfter.Format(time.TimeOnly), firstAfter.Sub(killed).Round(time.Millisecond), leaseTTL+2*tick)
		}
		// Some more ticks under the new holder, then no tick twice overall
		// and none left out since the takeover.
		ticks = waitTicks(t, st, len(ticks)+5, 30*tick)
		_, last = checkTicks(t, ticks, firstAfter, procs)
		t.Logf("measure: test=ExactlyOnce phase=kill%d killed=%s new_holder=%s lease_taken_after_ms=%d first_tick_after_kill_ms=%d missed_ticks=%d ticks_total=%d",
			k+1, holder, newHolder, takeover.Milliseconds(), firstAfter.Sub(killed).Milliseconds(), gaps(ticks, last, firstAfter), len(ticks))
		if len(alive) == 1 && k+1 < kills {
			// Keep two processes alive to kill one of.
			victim.launch()
			victim.waitReady(2 * time.Minute)
			alive = append(alive, victim)
		}
	}
}

// readTicks returns how many runs each schedule tick has; runs by hand
// (without a tick) fail the test.
func readTicks(t *testing.T, st municat.Store) map[time.Time]int {
	t.Helper()
	runs, err := readRuns(t, st)
	if err != nil {
		t.Fatalf("read the runs: %v", err)
	}
	ticks := map[time.Time]int{}
	for _, r := range runs {
		if r.Scheduled == "" {
			t.Fatalf("run %s has no schedule tick (\"scheduled\")", r.ID)
		}
		tk, err := time.Parse(time.RFC3339, r.Scheduled)
		if err != nil {
			t.Fatalf("run %s: scheduled %q: %v", r.ID, r.Scheduled, err)
		}
		ticks[tk.UTC()]++
	}
	return ticks
}

// waitTicks waits until at least n ticks have runs.
func waitTicks(t *testing.T, st municat.Store, n int, limit time.Duration) map[time.Time]int {
	t.Helper()
	var ticks map[time.Time]int
	eventually(t, limit, fmt.Sprintf("%d ticks harvested", n), func() (bool, string) {
		ticks = readTicks(t, st)
		return len(ticks) >= n, fmt.Sprintf("%d ticks", len(ticks))
	})
	return ticks
}

// sortedTicks returns the ticks in order.
func sortedTicks(ticks map[time.Time]int) []time.Time {
	var s []time.Time
	for tk := range ticks {
		s = append(s, tk)
	}
	sort.Slice(s, func(i, j int) bool { return s[i].Before(s[j]) })
	return s
}

// checkTicks fails the test for every tick run more than once, for ticks
// off the schedule's grid, and for ticks left out from since (or from the
// first) to the last, unless one of procs logged that it skipped the tick
// because the previous run still went on (on a loaded machine a run may
// outlast a tick; that is by design, not a tick lost); it returns the
// first and last tick.
func checkTicks(t *testing.T, ticks map[time.Time]int, since time.Time, procs []*proc) (first, last time.Time) {
	t.Helper()
	s := sortedTicks(ticks)
	for _, tk := range s {
		if n := ticks[tk]; n != 1 {
			t.Errorf("tick %s was harvested %d times", tk.Format(time.RFC3339), n)
		}
		if tk.UnixNano()%int64(tick) != 0 {
			t.Errorf("tick %s is not a multiple of %v since the epoch", tk.Format(time.RFC3339Nano), tick)
		}
	}
	first, last = s[0], s[len(s)-1]
	from := first
	if !since.IsZero() {
		from = since
	}
	var logs strings.Builder
	for _, p := range procs {
		b, _ := os.ReadFile(p.logPath)
		logs.Write(b)
	}
	var missing, skipped []string
	for tk := from; !tk.After(last); tk = tk.Add(tick) {
		if ticks[tk] != 0 {
			continue
		}
		if skippedTick(logs.String(), tk) {
			skipped = append(skipped, tk.Format(time.TimeOnly))
		} else {
			missing = append(missing, tk.Format(time.TimeOnly))
		}
	}
	if len(skipped) > 0 {
		t.Logf("ticks skipped because the previous run still went on: %v", skipped)
	}
	if len(missing) > 0 {
		t.Errorf("%d ticks between %s and %s not harvested (and not skipped for a run going on): %v", len(missing), from.Format(time.TimeOnly), last.Format(time.TimeOnly), missing)
	}
	return first, last
}

// skippedTick reports whether logs hold the line of a tick skipped because
// the previous run of its source still went on.
func skippedTick(logs string, tk time.Time) bool {
	for line := range strings.Lines(logs) {
		if strings.Contains(line, "previous run of the source is still going on") && strings.Contains(line, "tick="+tk.UTC().Format(time.RFC3339)) {
			return true
		}
	}
	return false
}

// gaps counts the ticks from first to last without a run.
func gaps(ticks map[time.Time]int, first, last time.Time) int {
	n := 0
	for tk := first; !tk.After(last); tk = tk.Add(tick) {
		if ticks[tk] == 0 {
			n++
		}
	}
	return n
}

// leader returns the holder of the scheduler lease and its process, found
// by the process id in the holder id (host-pid-random).
func leader(t *testing.T, st municat.Store, procs []*proc) (string, *proc) {
	t.Helper()
	var l municat.Lease
	var p *proc
	eventually(t, time.Minute, "a live holder of the scheduler lease", func() (bool, string) {
		if err := getJSON(t, st, "leases/scheduler", &l); err != nil {
			return false, err.Error()
		}
		parts := strings.Split(l.Holder, "-")
		if len(parts) < 3 {
			t.Fatalf("holder id %q has no process id", l.Holder)
		}
		pid, _ := strconv.Atoi(parts[len(parts)-2])
		for _, q := range procs {
			if q.pid() == pid && q.running() {
				p = q
				return l.Expires.After(time.Now()), ""
			}
		}
		return false, fmt.Sprintf("holder %s is none of the live processes", l.Holder)
	})
	return l.Holder, p
}

// without returns procs without p.
func without(procs []*proc, p *proc) []*proc {
	var out []*proc
	for _, q := range procs {
		if q != p {
			out = append(out, q)
		}
	}
	return out
}
