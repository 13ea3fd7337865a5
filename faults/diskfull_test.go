package faults

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/store/fs"
)

// TestDiskFull harvests a source bigger than the disk of the fs store (a
// 3 MB tmpfs): the run fails with a German message about the store, every
// stored object still parses, the server still serves, and once the disk
// is bigger the next run succeeds.
func TestDiskFull(t *testing.T) {
	env := baseEnv(t)
	storeDir := filepath.Join(env["MUNICAT_DATA_DIR"], "store")
	if err := os.MkdirAll(storeDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", storeDir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (needs root): %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", "-l", storeDir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", storeDir, err, out)
		}
	})
	src := newCKAN(t, 150, 10, 20000) // about 3 MB of records, as much again of raw pages
	config := writeConfig(t, src.URL, "@every 2s")
	started := time.Now()
	p := startProc(t, "serve", env, "serve", "--config", config)
	p.waitReady(2 * time.Minute)

	st, err := fs.Open(storeDir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	eventually(t, 2*time.Minute, "the disk full (ENOSPC in the log)", func() (bool, string) {
		return strings.Contains(tail(p.logPath, 1<<20), "no space left on device"), "no ENOSPC yet"
	})
	full := time.Now()
	// The run that met the full disk should be recorded as failed.
	var failed runRecord
	var runs []runRecord
	if !poll(30*time.Second, func() bool {
		runs, err = readRuns(t, st)
		for _, r := range runs {
			if r.Status == municat.RunFailed {
				failed = r
				return true
			}
		}
		return false
	}) {
		t.Errorf("no run recorded as failed 30 s after the disk was full: %v %s", err, describeRuns(runs))
	} else if !strings.Contains(failed.Error, "Speicher") {
		t.Errorf("failed run says %q, want a message about the store (Speicher)", failed.Error)
	}
	var stuck []string // runs left "running" by the full disk
	for _, r := range runs {
		if r.Status == municat.RunRunning {
			stuck = append(stuck, r.ID)
		}
	}
	if strings.Contains(strings.ToLower(tail(p.logPath, 1<<20)), "panic") {
		t.Errorf("the log shows a panic")
	}
	objects := checkObjects(t, st)
	if code, body, err := p.get("/healthz"); err != nil || code != http.StatusOK {
		t.Errorf("/healthz on a full disk: %d %s %v", code, body, err)
	}
	searchable, _, err := p.search("")
	if err != nil {
		t.Errorf("search on a full disk: %v", err)
	}

	if out, err := exec.Command("mount", "-o", "remount,size=64m", storeDir).CombinedOutput(); err != nil {
		t.Fatalf("make the tmpfs bigger: %v: %s", err, out)
	}
	freed := time.Now()
	var next runRecord
	eventually(t, 2*time.Minute, "a successful run once the disk has room", func() (bool, string) {
		runs, err := readRuns(t, st)
		if err != nil {
			return false, err.Error()
		}
		for _, r := range runs {
			if r.Started.After(freed) && r.Status == municat.RunSucceeded {
				next = r
				return true, ""
			}
		}
		return false, describeRuns(runs)
	})
	recovered := time.Since(freed)
	objects += checkObjects(t, st)
	want := len(src.IDs())
	eventually(t, 30*time.Second, "search finds every dataset of the source", func() (bool, string) {
		n, _, err := p.search("")
		return err == nil && n == want, fmt.Sprintf("%d of %d, %v", n, want, err)
	})
	// Runs the full disk left "running" must not stay so once it has room.
	var stillRunning []string
	for _, id := range stuck {
		var r runRecord
		if err := getJSON(t, st, catalog.RunKey(sourceID, id), &r); err == nil && r.Status == municat.RunRunning {
			stillRunning = append(stillRunning, id)
		}
	}
	if len(stillRunning) > 0 {
		t.Errorf("runs %v that met the full disk are still recorded as running after a successful run", stillRunning)
	}
	t.Logf("measure: test=DiskFull disk_mb=3 full_after_ms=%d failed_run=%q stuck_runs=%d searchable_while_full=%d objects_checked=%d success_after_free_ms=%d next_run_added=%d datasets=%d",
		full.Sub(started).Milliseconds(), failed.ID, len(stuck), searchable, objects, recovered.Milliseconds(), next.Counts.Added, want)
	t.Logf("failed run's message: %q", failed.Error)
}
