package faults

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// TestKillMidHarvest kills a process with SIGKILL while a run writes pages
// and starts it again on the same data directory and bucket: every object
// still parses, the killed run is marked interrupted, the next run
// succeeds, and every dataset published before the kill is still there and
// searchable.
func TestKillMidHarvest(t *testing.T) {
	m := startMinIO(t)
	st := m.open()
	src := newCKAN(t, 20, 2, 500)
	config := writeConfig(t, src.URL, "@every 2s")
	p := startProc(t, "serve", baseEnv(t, m.env()), "serve", "--config", config)
	p.waitReady(2 * time.Minute)

	// A first, fast run publishes the source.
	var runs []runRecord
	eventually(t, time.Minute, "a first successful run", func() (bool, string) {
		var err error
		runs, err = readRuns(t, st)
		return err == nil && len(runs) > 0 && hasStatus(runs, municat.RunSucceeded), fmt.Sprint(err, describeRuns(runs))
	})

	// The source grows and slows down: the next run lasts many seconds.
	src.add(t, 20, 60, 500)
	src.setDelay(300 * time.Millisecond)
	var victim runRecord
	eventually(t, time.Minute, "a slow run past its 15th page (writing new datasets)", func() (bool, string) {
		runs, err := readRuns(t, st)
		if err != nil {
			return false, err.Error()
		}
		if r := lastRun(runs); r != nil && r.Status == municat.RunRunning && r.Pages >= 15 {
			victim = *r
			return true, ""
		}
		return false, describeRuns(runs)
	})
	p.kill()
	killed := time.Now()
	before := publishedIDs(t, st)
	objects := checkObjects(t, st)

	src.setDelay(0)
	p.launch()
	p.waitReady(2 * time.Minute)
	var interruptedAfter, recoveredAfter time.Duration
	var victimNow runRecord
	var victimErr error
	if !poll(2*leaseTTL+30*time.Second, func() bool {
		victimErr = getJSON(t, st, catalog.RunKey(sourceID, victim.ID), &victimNow)
		interruptedAfter = time.Since(killed)
		return victimErr == nil && victimNow.Status == municat.RunInterrupted
	}) {
		interruptedAfter = -time.Millisecond // not marked
		t.Errorf("the killed run %s is not marked interrupted %v after the kill: status %q, %v", victim.ID, time.Since(killed).Round(time.Second), victimNow.Status, victimErr)
	}
	var next runRecord
	eventually(t, 2*time.Minute, "a successful run after the restart", func() (bool, string) {
		runs, err := readRuns(t, st)
		if err != nil {
			return false, err.Error()
		}
		for _, r := range runs {
			if r.ID > victim.ID && r.Status == municat.RunSucceeded {
				next = r
				return true, ""
			}
		}
		return false, describeRuns(runs)
	})
	if next.Finished != nil {
		recoveredAfter = next.Finished.Sub(killed)
	}
	objects += checkObjects(t, st)

	want := src.datasetIDs()
	var found map[string]bool
	var searchErr error
	poll(30*time.Second, func() bool {
		found, searchErr = p.searchAll()
		return searchErr == nil && len(found) == len(want)
	})
	if searchErr != nil {
		t.Fatalf("search after the restart: %v", searchErr)
	}
	var lost, missing []string
	for id := range before {
		if !found[id] {
			lost = append(lost, id)
		}
	}
	for _, id := range want {
		if !found[id] {
			missing = append(missing, id)
		}
	}
	sort.Strings(lost)
	if len(lost) > 0 {
		t.Errorf("%d datasets published before the kill are not found by search after it: %v", len(lost), lost)
	}
	if len(missing) > 0 {
		t.Errorf("search finds %d of the %d datasets of the source 30 s after the next successful run; missing: %v", len(found), len(want), missing)
	}
	t.Logf("measure: test=KillMidHarvest killed_at_page=%d published_before_kill=%d objects_checked=%d interrupted_after_ms=%d next_success_after_ms=%d next_run=%s datasets_after=%d lost=%d",
		victim.Pages, len(before), objects, interruptedAfter.Milliseconds(), recoveredAfter.Milliseconds(), next.ID, len(found), len(lost))
}

// hasStatus reports whether one of runs has status s.
func hasStatus(runs []runRecord, s municat.RunStatus) bool {
	for _, r := range runs {
		if r.Status == s {
			return true
		}
	}
	return false
}
