package fs_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/municat/municat"
)

// leaseChildEnv, set to a store's directory, makes
// TestLeaseAcrossProcesses run as one of the contending child processes.
const leaseChildEnv = "MUNICAT_FS_LEASE_CHILD"

// TestLeaseAcrossProcesses runs the test binary as several processes that
// contend for one lease in one store. Each winner marks its turn with a
// file that only one may create; two holders at once would collide there.
func TestLeaseAcrossProcesses(t *testing.T) {
	if dir := os.Getenv(leaseChildEnv); dir != "" {
		leaseChild(t, dir)
		return
	}
	if testing.Short() {
		t.Skip("starts child processes")
	}
	if runtime.GOOS == "windows" {
		t.Skip("on Windows, leases of the fs store exclude goroutines, not processes")
	}
	const children = 4
	dir := filepath.Join(t.TempDir(), "store")
	MustOpen(t, dir)
	cmds := make([]*exec.Cmd, children)
	outs := make([]*os.File, children)
	for i := range cmds {
		out, err := os.Create(filepath.Join(t.TempDir(), "out"))
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		cmd := exec.Command(os.Args[0], "-test.run=^TestLeaseAcrossProcesses$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), leaseChildEnv+"="+dir, "MUNICAT_FS_LEASE_HOLDER=child-"+strconv.Itoa(i))
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i], outs[i] = cmd, out
	}
	wins, conflicts := 0, 0
	result := regexp.MustCompile(`wins=(\d+) conflicts=(\d+)`)
	for i, cmd := range cmds {
		err := cmd.Wait()
		out, _ := os.ReadFile(outs[i].Name())
		if err != nil {
			t.Errorf("child %d: %v\n%s", i, err, out)
			continue
		}
		m := result.FindSubmatch(out)
		if m == nil {
			t.Errorf("child %d reported no result:\n%s", i, out)
			continue
		}
		w, _ := strconv.Atoi(string(m[1]))
		c, _ := strconv.Atoi(string(m[2]))
		wins, conflicts = wins+w, conflicts+c
	}
	t.Logf("%d processes: %d turns, %d refusals", children, wins, conflicts)
	if wins < children {
		t.Errorf("only %d turns in all, want at least one per process", wins)
	}
}

// leaseChild contends for the lease "job" in the store in dir, as one of
// the processes TestLeaseAcrossProcesses starts.
func leaseChild(t *testing.T, dir string) {
	s := MustOpen(t, dir)
	holder := os.Getenv("MUNICAT_FS_LEASE_HOLDER")
	marker := filepath.Join(filepath.Dir(dir), "turn")
	ctx := context.Background()
	wins, conflicts := 0, 0
	for deadline := time.Now().Add(3 * time.Second); wins < 25 && time.Now().Before(deadline); {
		l, err := s.TakeLease(ctx, "job", holder, time.Minute)
		if errors.Is(err, municat.ErrConflict) {
			conflicts++
			time.Sleep(time.Millisecond)
			continue
		} else if err != nil {
			t.Fatalf("TakeLease: %v", err)
		}
		wins++
		f, err := os.OpenFile(marker, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err != nil {
			t.Fatalf("%s took the lease while another process held it: %v", holder, err)
		}
		f.Close()
		time.Sleep(2 * time.Millisecond)
		if err := os.Remove(marker); err != nil {
			t.Fatal(err)
		}
		if err := s.ReleaseLease(ctx, l); err != nil {
			t.Fatalf("ReleaseLease: %v", err)
		}
	}
	fmt.Printf("wins=%d conflicts=%d\n", wins, conflicts)
}
