package faults

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// municatBin is the municat binary TestMain built for this run.
var municatBin string

// TestMain builds the municat binary once for all tests. Under the race
// detector (scripts/test.sh runs every package so, in parallel) the suite
// does not run: its time bounds assume an otherwise idle machine, and the
// processes it tests are not built with the detector anyway; `make
// fault-suite` runs it on its own.
func TestMain(m *testing.M) {
	if raceEnabled {
		fmt.Println("faults: skipped under the race detector; run make fault-suite")
		os.Exit(0)
	}
	dir, err := os.MkdirTemp("", "municat-faults-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	municatBin = filepath.Join(dir, "municat")
	build := exec.Command("go", "build", "-o", municatBin, "../cmd/municat")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "faults: building municat:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// long reports whether the long variant runs (MUNICAT_FAULTS_LONG=1).
func long() bool { return os.Getenv("MUNICAT_FAULTS_LONG") == "1" }

// proc is one municat process of a test, in its own process group.
type proc struct {
	t       *testing.T
	name    string
	args    []string
	env     []string
	base    string // http://127.0.0.1:port
	logPath string
	cmd     *exec.Cmd
	exited  chan struct{}
}

// startProc starts `municat args...` with the MUNICAT_* variables of env
// (MUNICAT_LISTEN is added on a free port) and kills it when the test ends;
// on failure the test shows the end of its log.
func startProc(t *testing.T, name string, env map[string]string, args ...string) *proc {
	t.Helper()
	addr := freeAddr(t)
	p := &proc{t: t, name: name, args: args, base: "http://" + addr,
		logPath: filepath.Join(t.TempDir(), name+".log")}
	p.env = append(os.Environ(), "MUNICAT_LISTEN="+addr)
	for k, v := range env {
		p.env = append(p.env, k+"="+v)
	}
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			t.Logf("log of %s, without routine lines:\n%s\n…\nlast part:\n%s", name, notable(p.logPath, 150), tail(p.logPath, 4<<10))
		}
	})
	p.launch()
	return p
}

// launch starts the process (again).
func (p *proc) launch() {
	p.t.Helper()
	logf, err := os.OpenFile(p.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		p.t.Fatal(err)
	}
	fmt.Fprintf(logf, "---- %s: %s %s\n", time.Now().Format(time.RFC3339Nano), p.name, strings.Join(p.args, " "))
	p.cmd = exec.Command(municatBin, p.args...)
	p.cmd.Env = p.env
	p.cmd.Stdout, p.cmd.Stderr = logf, logf
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := p.cmd.Start(); err != nil {
		logf.Close()
		p.t.Fatalf("start %s: %v", p.name, err)
	}
	exited := make(chan struct{})
	p.exited = exited
	go func(cmd *exec.Cmd) {
		cmd.Wait()
		logf.Close()
		close(exited)
	}(p.cmd)
}

// pid returns the process id.
func (p *proc) pid() int { return p.cmd.Process.Pid }

// running reports whether the process has not exited.
func (p *proc) running() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// kill kills the process group with SIGKILL and waits for the process.
func (p *proc) kill() {
	if p.cmd == nil || !p.running() {
		return
	}
	syscall.Kill(-p.pid(), syscall.SIGKILL)
	select {
	case <-p.exited:
	case <-time.After(30 * time.Second):
		p.t.Errorf("%s (pid %d) did not die of SIGKILL within 30 s", p.name, p.pid())
	}
}

// stop ends the process with SIGTERM as an operator would, and kills it if
// it has not ended within 30 s.
func (p *proc) stop() {
	if !p.running() {
		return
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(30 * time.Second):
		p.t.Errorf("%s did not stop within 30 s of SIGTERM", p.name)
		p.kill()
	}
}

// wait waits for a process that ends by itself (a command such as
// `municat harvest`) and returns its exit code.
func (p *proc) wait(limit time.Duration) int {
	p.t.Helper()
	select {
	case <-p.exited:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(limit):
		p.t.Fatalf("%s did not end within %v", p.name, limit)
		return -1
	}
}

// waitReady waits until GET /readyz answers 200.
func (p *proc) waitReady(limit time.Duration) {
	p.t.Helper()
	eventually(p.t, limit, p.name+" ready", func() (bool, string) {
		if !p.running() {
			p.t.Fatalf("%s exited while starting:\n%s", p.name, tail(p.logPath, 8<<10))
		}
		code, body, err := p.get("/readyz")
		return err == nil && code == http.StatusOK, fmt.Sprintf("%d %s %v", code, body, err)
	})
}

// client is the HTTP client of the tests; its time-out bounds every request.
var client = &http.Client{Timeout: 10 * time.Second}

// get fetches path from the process.
func (p *proc) get(path string) (int, []byte, error) {
	resp, err := client.Get(p.base + path)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

// getJSON fetches path, which must answer 200, into v.
func (p *proc) getJSON(path string, v any) error {
	code, body, err := p.get(path)
	if err != nil {
		return err
	}
	if code != http.StatusOK {
		return fmt.Errorf("GET %s: %d %s", path, code, body)
	}
	return json.Unmarshal(body, v)
}

// eventually polls cond every 100 ms until it holds or limit has passed,
// when it fails the test with what cond last said.
func eventually(t *testing.T, limit time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		ok, state := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v; last state: %s", what, limit, state)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// poll polls cond every 100 ms until it holds (true) or limit has passed
// (false).
func poll(limit time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
	return true
}

// freeAddr returns a 127.0.0.1 address free at the moment.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// tail returns the last n bytes of the file at path.
func tail(path string, n int64) string {
	f, err := os.Open(path)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > n {
		f.Seek(st.Size()-n, io.SeekStart)
	}
	b, _ := io.ReadAll(f)
	return string(b)
}

// routine matches the log lines of every run, left out by notable.
var routine = regexp.MustCompile(`msg="(index updated|harvest run started|harvest run finished)"`)

// notable returns the last n lines of the log at path that are not
// routine.
func notable(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if !routine.MatchString(l) {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// timeout returns a context that ends after d or with the test.
func timeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}
