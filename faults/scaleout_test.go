package faults

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// TestScaleOut runs a process of role harvester and one of role server
// (with its own Bleve index) on one bucket: what the harvester harvests
// becomes searchable on the server within seconds, through the change log,
// and the server harvests nothing itself.
func TestScaleOut(t *testing.T) {
	m := startMinIO(t)
	st := m.open()
	src := newCKAN(t, 20, 10, 300)
	config := writeConfig(t, src.URL, "@every 2s")
	h := startProc(t, "harvester", baseEnv(t, m.env(), map[string]string{"MUNICAT_ROLE": "harvester"}), "serve", "--config", config)
	s := startProc(t, "server", baseEnv(t, m.env(), map[string]string{"MUNICAT_ROLE": "server"}), "serve", "--config", config)
	h.waitReady(2 * time.Minute)
	s.waitReady(2 * time.Minute)

	// visible waits until the server's search finds n datasets and
	// returns how long after the run's end that was.
	visible := func(n int, run runRecord) time.Duration {
		t.Helper()
		eventually(t, time.Minute, fmt.Sprintf("the server's search finds %d datasets", n), func() (bool, string) {
			got, _, err := s.search("")
			return err == nil && got == n, fmt.Sprintf("%d, %v", got, err)
		})
		if run.Finished == nil {
			return -1
		}
		return time.Since(*run.Finished)
	}
	waitRun := func(after string, added int) runRecord {
		t.Helper()
		var found runRecord
		eventually(t, time.Minute, fmt.Sprintf("a successful run adding %d datasets", added), func() (bool, string) {
			runs, err := readRuns(t, st)
			if err != nil {
				return false, err.Error()
			}
			for _, r := range runs {
				if r.ID > after && r.Status == municat.RunSucceeded && r.Counts.Added == added {
					found = r
					return true, ""
				}
			}
			return false, describeRuns(runs)
		})
		return found
	}
	first := waitRun("", len(src.IDs()))
	firstLag := visible(len(src.IDs()), first)

	src.add(t, 20, 30, 300)
	second := waitRun(first.ID, 10)
	secondLag := visible(len(src.IDs()), second)
	var d municat.Dataset
	if err := s.getJSON("/api/v1/datasets/"+municat.DatasetID(sourceID, "faults-0029"), &d); err != nil {
		t.Errorf("the server does not show a dataset of the second run: %v", err)
	}
	if n := strings.Count(tail(s.logPath, 1<<20), `msg="harvest run started"`); n > 0 {
		t.Errorf("the process of role server started %d harvest runs", n)
	}
	t.Logf("measure: test=ScaleOut roles=harvester+server first_run_datasets=%d first_visible_after_run_ms=%d second_run_added=%d second_visible_after_run_ms=%d",
		first.Counts.Added, firstLag.Milliseconds(), second.Counts.Added, secondLag.Milliseconds())
}
