package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Process is a subprocess the harness started: the municat server, MinIO or
// the hello-world server.
type Process struct {
	// Started is when the process was started.
	Started time.Time
	cmd     *exec.Cmd
	out     *bytes.Buffer
	exited  chan struct{}
	err     error // Wait's result, valid once exited is closed
}

// StartProcess starts bin with args and extra environment variables; its
// output is kept for error messages. The kernel kills it should the harness
// die.
func StartProcess(bin string, args, env []string) (*Process, error) {
	p := &Process{cmd: exec.Command(bin, args...), out: &bytes.Buffer{}, exited: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdout = &lockedWriter{w: p.out}
	p.cmd.Stderr = p.cmd.Stdout
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	p.Started = time.Now()
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

// PID returns the process id.
func (p *Process) PID() int { return p.cmd.Process.Pid }

// Output returns the last 4 KiB of the process's output.
func (p *Process) Output() string {
	w := p.cmd.Stdout.(*lockedWriter)
	w.mu.Lock()
	defer w.mu.Unlock()
	b := p.out.Bytes()
	if len(b) > 4096 {
		b = b[len(b)-4096:]
	}
	return string(b)
}

// Stop ends the process with SIGTERM (so it writes its profiles) and kills
// it if it has not exited after timeout.
func (p *Process) Stop(timeout time.Duration) error {
	select {
	case <-p.exited:
		return nil
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
		return nil
	case <-time.After(timeout):
		_ = p.cmd.Process.Kill()
		<-p.exited
		return fmt.Errorf("process %d did not stop within %v after SIGTERM", p.PID(), timeout)
	}
}

// WaitReady polls url every 5 ms until it answers 200 and returns the time
// from the process start; it fails when the process exits or timeout passes.
func (p *Process) WaitReady(ctx context.Context, url string, timeout time.Duration) (time.Duration, error) {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(timeout)
	for {
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(p.Started), nil
			}
		}
		select {
		case <-p.exited:
			return 0, fmt.Errorf("process exited before %s answered 200: %v\n%s", url, p.err, p.Output())
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("%s did not answer 200 within %v\n%s", url, timeout, p.Output())
		}
	}
}

// MemoryMB returns a memory figure of the process from /proc/PID/status in
// MiB: "VmRSS" (resident now) or "VmHWM" (peak resident).
func (p *Process) MemoryMB(field string) (float64, error) {
	v := procField("/proc/"+strconv.Itoa(p.PID())+"/status", field)
	kb, err := strconv.Atoi(strings.TrimSuffix(v, " kB"))
	if err != nil {
		return 0, fmt.Errorf("%s of process %d: %q", field, p.PID(), v)
	}
	return float64(kb) / 1024, nil
}

// RunTimed runs bin with args and environment to its end and returns its
// wall time and stdout; a failure carries the output.
func RunTimed(ctx context.Context, bin string, args, env []string) (time.Duration, string, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	if err != nil {
		return elapsed, stdout.String(), fmt.Errorf("%s %s: %w\n%s%s", bin, strings.Join(args, " "), err, tail(stdout.String()), tail(stderr.String()))
	}
	return elapsed, stdout.String(), nil
}

// LastLine returns the last non-empty line of out.
func LastLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[len(lines)-1]
}

// FreeAddr returns a 127.0.0.1 address whose port is free at the moment.
func FreeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// tail returns the last 2 KiB of s.
func tail(s string) string {
	if len(s) > 2048 {
		return "…" + s[len(s)-2048:]
	}
	return s
}

// lockedWriter serialises writes of a process's stdout and stderr.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// Write writes b under the lock.
func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
