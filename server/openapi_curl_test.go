package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat/internal/apitest"
	"github.com/municat/municat/internal/demotest"
	"github.com/municat/municat/server"
	"github.com/municat/municat/server/openapi"
	"github.com/municat/municat/tabular"
)

// codeSample is one curl example of the description with the paths of
// the operations that show it (several when paths share one operation,
// as CKAN's /api/action alias and the catalogue's extensions do).
type codeSample struct {
	method, source string
	paths          []string
}

// codeSamples returns the x-codeSamples of every operation.
func codeSamples(tb testing.TB) []codeSample {
	tb.Helper()
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	MustOK(tb, json.Unmarshal(openapi.JSON(), &doc))
	var out []codeSample
	seen := map[string]int{}
	for path, item := range doc.Paths {
		for method, raw := range item {
			var op struct {
				Samples []struct{ Lang, Source string } `json:"x-codeSamples"`
			}
			if method == "parameters" || json.Unmarshal(raw, &op) != nil {
				continue
			}
			for _, s := range op.Samples {
				key := strings.ToUpper(method) + " " + s.Source
				if i, ok := seen[key]; ok {
					out[i].paths = append(out[i].paths, path)
					continue
				}
				seen[key] = len(out)
				out = append(out, codeSample{strings.ToUpper(method), s.Source, []string{path}})
			}
		}
	}
	for i := range out {
		slices.Sort(out[i].paths)
	}
	return out
}

// sampleURL finds the quoted URL of a sample.
var sampleURL = regexp.MustCompile(`'(\{\{BASE\}\}[^']*)'`)

// tablePath is a path of the row API, whose table is made before the
// example runs.
var tablePath = regexp.MustCompile(`^/api/v1/datasets/([^/]+)/distributions/([^/]+)/(rows|schema|aggregates)$`)

// TestCurlExamplesAgainstTheDemo runs every curl example of the
// description (x-codeSamples), as a reader would copy it, with the real
// curl against the demo catalogue served on a local port: each must exit 0
// (curl -f: no HTTP error) with an answer that is valid against the
// description.
func TestCurlExamplesAgainstTheDemo(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("curl is not installed; the examples of the API reference are not run")
	}
	samples := codeSamples(t)
	if len(samples) < 5 {
		t.Fatalf("%d curl examples in the description, want the read routes to have them", len(samples))
	}
	base, tables := mustServeDemo(t)
	for _, s := range samples {
		t.Run(s.method+" "+s.paths[0], func(t *testing.T) {
			runSample(t, curl, base, tables, s)
		})
	}
}

// mustServeDemo serves the demo catalogue (with the row API) on a port of
// 127.0.0.1 and returns its base URL and table service.
func mustServeDemo(tb testing.TB) (string, *tabular.Service) {
	tb.Helper()
	cat, idx := demotest.MustLoad(tb)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	MustOK(tb, err)
	base := "http://" + ln.Addr().String()
	tables := tabular.New(cat, tabular.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	go tables.Start(ctx)
	app := server.New(server.Config{Catalog: cat, Index: idx, BaseURL: base, Tables: tables,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	done := make(chan error, 1)
	go func() { done <- app.Listener(ln) }()
	tb.Cleanup(func() {
		MustOK(tb, app.ShutdownWithContext(context.Background()))
		if err := <-done; err != nil && !errors.Is(err, net.ErrClosed) {
			tb.Errorf("serve: %v", err)
		}
	})
	return base, tables
}

// runSample runs one example and checks its answer; the table of an
// example of the row API is made first.
func runSample(tb testing.TB, curl, base string, tables *tabular.Service, s codeSample) {
	tb.Helper()
	m := sampleURL.FindStringSubmatch(s.source)
	switch {
	case !strings.HasPrefix(s.source, "curl "):
		tb.Fatalf("example %q does not start with curl", s.source)
	case m == nil:
		tb.Fatalf("example %q has no quoted URL starting with {{BASE}}", s.source)
	case strings.ContainsAny(sampleURL.ReplaceAllString(s.source, ""), "|;&`$<>\n"):
		// Outside the quoted URL these would be shell operators.
		tb.Fatalf("example %q is not one curl command", s.source)
	}
	target := strings.Replace(m[1], "{{BASE}}", base, 1)
	req := httptest.NewRequest(s.method, target, nil)
	if !slices.ContainsFunc(s.paths, func(p string) bool { return newAPIRoute(req.URL.Path).matches(newAPIRoute(p)) }) {
		tb.Fatalf("example %q calls %s, not %s", s.source, req.URL.Path, strings.Join(s.paths, " or "))
	}
	if t := tablePath.FindStringSubmatch(req.URL.Path); t != nil {
		if _, err := tables.Process(context.Background(), t[1], t[2]); err != nil {
			tb.Fatalf("making the table of %s/%s: %v", t[1], t[2], err)
		}
	}
	dir := tb.TempDir()
	command := strings.ReplaceAll(s.source, "{{BASE}}", base) + " -D " + filepath.Join(dir, "headers")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", command)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(curl)+":"+os.Getenv("PATH"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("%s: %v\n%s", command, err, stderr.Bytes())
	}
	resp := mustReadHeaders(tb, filepath.Join(dir, "headers"))
	body := stdout.Bytes()
	if out := outputFile(s.source); out != "" {
		var err error
		body, err = os.ReadFile(filepath.Join(dir, out))
		MustOK(tb, err)
	}
	if len(body) == 0 {
		tb.Errorf("%s: empty answer", command)
	}
	if err := apitest.Check(req, resp, body); err != nil {
		tb.Errorf("%s:\n%v", command, err)
	}
}

// outputOption finds a sample's -o option.
var outputOption = regexp.MustCompile(` -o (\S+)`)

// outputFile returns the file name of a sample's -o option, "" without.
func outputFile(source string) string {
	if m := outputOption.FindStringSubmatch(source); m != nil {
		return m[1]
	}
	return ""
}

// mustReadHeaders reads the status and headers curl wrote with -D (of the
// last response, if curl followed a redirect).
func mustReadHeaders(tb testing.TB, name string) *http.Response {
	tb.Helper()
	raw, err := os.ReadFile(name)
	MustOK(tb, err)
	blocks := strings.Split(strings.TrimSpace(strings.ReplaceAll(string(raw), "\r\n", "\n")), "\n\n")
	resp, err := http.ReadResponse(bufio.NewReader(strings.NewReader(strings.ReplaceAll(blocks[len(blocks)-1], "\n", "\r\n")+"\r\n\r\n")), nil)
	if err != nil {
		tb.Fatalf("headers %q: %v", raw, err)
	}
	return resp
}
