package faults

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// TestStoreDown kills MinIO during a run and starts it again on the same
// port and files: the run fails with a message about the store, search
// answers from the index meanwhile and /readyz says "degraded"; once MinIO
// is back the next run succeeds and search matches the source.
func TestStoreDown(t *testing.T) {
	m := startMinIO(t)
	st := m.open()
	src := newCKAN(t, 20, 2, 500)
	config := writeConfig(t, src.URL, "@every 2s")
	p := startProc(t, "serve", baseEnv(t, m.env()), "serve", "--config", config)
	p.waitReady(2 * time.Minute)
	before := len(src.IDs())
	eventually(t, time.Minute, "search finds the source's datasets", func() (bool, string) {
		n, _, err := p.search("")
		return err == nil && n == before, fmt.Sprintf("%d of %d, %v", n, before, err)
	})

	// A slow run that writes new datasets, and MinIO killed during it.
	src.add(t, 20, 60, 500)
	src.setDelay(300 * time.Millisecond)
	var victim runRecord
	eventually(t, time.Minute, "a slow run past its 13th page", func() (bool, string) {
		runs, err := readRuns(t, st)
		if err != nil {
			return false, err.Error()
		}
		if r := lastRun(runs); r != nil && r.Status == municat.RunRunning && r.Pages >= 13 {
			victim = *r
			return true, ""
		}
		return false, describeRuns(runs)
	})
	m.kill()
	killed := time.Now()

	// Search answers from the index; /readyz says degraded.
	var searchOK, degraded time.Duration
	searchTotal := -1
	if !poll(30*time.Second, func() bool {
		n, _, err := p.search("")
		searchOK, searchTotal = time.Since(killed), n
		return err == nil
	}) {
		t.Errorf("search does not answer while the store is down")
	}
	if searchTotal < before {
		t.Errorf("search finds %d datasets while the store is down, want at least the %d of before", searchTotal, before)
	}
	var ready struct{ Status, Error string }
	if !poll(30*time.Second, func() bool {
		code, body, err := p.get("/readyz")
		degraded = time.Since(killed)
		ready.Status = fmt.Sprintf("%d %s %v", code, body, err)
		return err == nil && code == http.StatusOK && json.Unmarshal(body, &ready) == nil && ready.Status == "degraded"
	}) {
		t.Errorf("/readyz with the store down: %s, want 200 degraded", ready.Status)
	}
	// The run meets the dead store.
	eventually(t, 2*time.Minute, "the run failed (in the log)", func() (bool, string) {
		return strings.Contains(tail(p.logPath, 1<<20), `msg="harvest run failed"`), "no failed run in the log"
	})
	down := time.Since(killed)
	m.start()
	restarted := time.Now()
	src.setDelay(0)

	var victimNow runRecord
	var err error
	if !poll(30*time.Second, func() bool {
		err = getJSON(t, st, catalog.RunKey(sourceID, victim.ID), &victimNow)
		return err == nil && victimNow.Status != municat.RunRunning
	}) {
		t.Errorf("run %s that met the dead store is still %q 30 s after MinIO is back (%v)", victim.ID, victimNow.Status, err)
	} else if victimNow.Status != municat.RunFailed || !strings.Contains(victimNow.Error, "Speicher") {
		t.Errorf("run %s that met the dead store ended %q with %q, want failed with a message about the store (Speicher)", victim.ID, victimNow.Status, victimNow.Error)
	}
	var next runRecord
	eventually(t, 2*time.Minute, "a successful run after MinIO is back", func() (bool, string) {
		runs, err := readRuns(t, st)
		if err != nil {
			return false, err.Error()
		}
		for _, r := range runs {
			if r.Started.After(restarted) && r.Status == municat.RunSucceeded {
				next = r
				return true, ""
			}
		}
		return false, describeRuns(runs)
	})
	recovered := -time.Millisecond
	if next.Finished != nil {
		recovered = next.Finished.Sub(restarted)
	}
	want := len(src.IDs())
	eventually(t, 30*time.Second, "search finds every dataset of the source", func() (bool, string) {
		n, _, err := p.search("")
		return err == nil && n == want, fmt.Sprintf("%d of %d, %v", n, want, err)
	})
	eventually(t, time.Minute, "/readyz ready again", func() (bool, string) {
		code, body, err := p.get("/readyz")
		return err == nil && code == http.StatusOK && strings.Contains(string(body), `"ready"`), fmt.Sprintf("%d %s %v", code, body, err)
	})
	objects := checkObjects(t, st)
	t.Logf("measure: test=StoreDown killed_at_page=%d search_ok_after_ms=%d search_total_while_down=%d degraded_after_ms=%d store_down_ms=%d victim_status=%s success_after_restart_ms=%d next_run=%s datasets=%d objects_checked=%d",
		victim.Pages, searchOK.Milliseconds(), searchTotal, degraded.Milliseconds(), down.Milliseconds(), victimNow.Status, recovered.Milliseconds(), next.ID, want, objects)
	t.Logf("victim's message: %q", victimNow.Error)
}
