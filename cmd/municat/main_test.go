package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/miniotest"
	"github.com/municat/municat/internal/syncbuf"
	"github.com/municat/municat/internal/webtest"
)

func TestMain(m *testing.M) { os.Exit(miniotest.Run(m)) }

// env is a test environment for run: MUNICAT_* variables by name.
type env map[string]string

// getenv returns the variable name of e; MUNICAT_HARVEST_ALLOW_NETS, unless
// e sets it (even to ""), opens loopback, where the tests' sources run.
func (e env) getenv(name string) string {
	if v, ok := e[name]; ok || name != "MUNICAT_HARVEST_ALLOW_NETS" {
		return v
	}
	return "127.0.0.0/8,::1/128"
}

// result is what one CLI invocation printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// lastLine returns the last non-empty line of stdout.
func (r result) lastLine() string {
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	return lines[len(lines)-1]
}

// mustRun runs the CLI in-process with args and e.
func mustRun(t *testing.T, e env, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr, e.getenv)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// mustHarvest runs `municat harvest` and decodes the summary on its last
// stdout line.
func mustHarvest(t *testing.T, e env, config, source string) (municat.RunSummary, result) {
	t.Helper()
	r := mustRun(t, e, "harvest", "--config", config, source)
	var s municat.RunSummary
	if err := json.Unmarshal([]byte(r.lastLine()), &s); err != nil {
		t.Fatalf("harvest: last stdout line is not a JSON summary: %v\nstdout: %s\nstderr: %s", err, r.stdout, r.stderr)
	}
	return s, r
}

// mustWriteFile writes content to a new file in dir and returns its path.
func mustWriteFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// freeAddr returns a free 127.0.0.1 address.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// testServer is a `municat serve` running in-process.
type testServer struct {
	base string
	stop func()
	logs *syncbuf.Buffer
}

// startServe runs `municat serve` with args until the test ends (or stop is
// called) and waits until /readyz answers 200, at most limit.
func startServe(t *testing.T, e env, limit time.Duration, args ...string) *testServer {
	t.Helper()
	addr := freeAddr(t)
	e2 := env{"MUNICAT_LISTEN": addr}
	for k, v := range e {
		e2[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	logs := &syncbuf.Buffer{}
	go func() {
		done <- run(ctx, append([]string{"serve"}, args...), io.Discard, logs, e2.getenv)
	}()
	s := &testServer{base: "http://" + addr, logs: logs}
	stopped := false
	s.stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited with %d\n%s", code, logs.String())
			}
		case <-time.After(30 * time.Second):
			t.Errorf("serve did not stop within 30 s")
		}
	}
	t.Cleanup(s.stop)
	deadline := time.Now().Add(limit)
	for {
		resp, err := http.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited early with %d\n%s", code, logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve not ready within %s\n%s", limit, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// mustGetJSON fetches path and decodes the JSON answer into v; it fails the
// test unless the status is want.
func (s *testServer) mustGetJSON(t *testing.T, path string, want int, v any) {
	t.Helper()
	resp, body := webtest.MustGet(t, s.base+path)
	if resp.StatusCode != want {
		t.Fatalf("GET %s = %d, want %d: %s", path, resp.StatusCode, want, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v: %s", path, err, body)
	}
}

// searchPage is the part of the search answer the tests read.
type searchPage struct {
	Total int `json:"total"`
	Items []struct {
		ID    string       `json:"id"`
		Title municat.Text `json:"title"`
	} `json:"items"`
	Facets map[string][]struct {
		Value string `json:"value"`
		Count int    `json:"count"`
	} `json:"facets"`
}

func (p searchPage) ids() []string {
	ids := make([]string, len(p.Items))
	for i, it := range p.Items {
		ids[i] = it.ID
	}
	return ids
}

func (p searchPage) has(id string) bool {
	for _, it := range p.Items {
		if it.ID == id {
			return true
		}
	}
	return false
}

func TestVersion(t *testing.T) {
	r := mustRun(t, env{}, "version")
	if r.code != 0 || !strings.Contains(r.stdout, municat.Version) {
		t.Fatalf("version = %d %q", r.code, r.stdout)
	}
	if r := mustRun(t, env{}, "frobnicate"); r.code != exitUsage {
		t.Fatalf("unknown command exit = %d, want %d", r.code, exitUsage)
	}
}

func ExampleLoadConfig() {
	c, err := LoadConfig("", env{"MUNICAT_LISTEN": "0.0.0.0:9000"}.getenv)
	fmt.Println(c.Listen, c.BaseURL, c.Store.Type, c.Search.Type, err)
	// Output: 0.0.0.0:9000 http://localhost:9000 fs bleve <nil>
}
