package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/municat/municat/bench"
)

// TestMain lets the test binary serve as the hello-world server the
// harness re-executes ("hello -listen ADDR").
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "hello" {
		if err := serveHello(os.Args[2:], os.Stderr); err != nil {
			os.Exit(exitFailed)
		}
		return
	}
	os.Exit(m.Run())
}

// TestSmallRun runs the whole harness on 300 datasets with very short
// loads (without MinIO) and checks the results file and the report.
func TestSmallRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs municat")
	}
	out := t.TempDir()
	md := filepath.Join(out, "BENCHMARKS.md")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-n", "200", "-duration", "50ms", "-idle", "100ms", "-minio=false", "-repo", "../..", "-out", out, "-markdown", md}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
	res, err := bench.ReadResult(filepath.Join(out, "results-200.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{
		"harvest.ckan.fs.rate", "harvest.dcat.fs.rate", "reindex.rate", "serve.cold_start", "serve.idle_rss",
		"export.ttl.rate", "export.rdf.rate", "export.peak_rss", "search.portal.c8.p99", "search.page.c32.rps",
		"raw.oneword.c8.rps", "hello.c8.rps", "demo.oneword.c8.rps", "ratio.oneword.api_raw", "ratio.demo_hello",
	} {
		if f, ok := res.Figures.Get(name); !ok || f.Value <= 0 {
			t.Errorf("figure %s missing or not positive: %+v", name, f)
		}
	}
	if res.N != 200 || res.Commit == "" || res.Machine.Cores == 0 || !strings.Contains(res.Command, "-n 200") {
		t.Errorf("run description incomplete: n %d, commit %q, machine %+v, command %q", res.N, res.Commit, res.Machine, res.Command)
	}
	report, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(report), "## 200 datasets") || !strings.Contains(stdout.String(), "search.portal.c8.rps") {
		t.Errorf("report or printed table lacks the run:\n%s", report)
	}

	// The same figures pass a check against themselves and fail one against
	// a record five times better than they are.
	var w bytes.Buffer
	if code := checkAgainst(&w, res, res, 5); code != exitOK {
		t.Errorf("check against itself: exit %d\n%s", code, w.String())
	}
	better := *res
	better.Figures = append(bench.Figures(nil), res.Figures...)
	for i := range better.Figures {
		if better.Figures[i].Name == "search.detail.c8.rps" {
			better.Figures[i].Value *= 6
		}
	}
	w.Reset()
	if code := checkAgainst(&w, &better, res, 5); code != exitFailed || !strings.Contains(w.String(), "search.detail.c8.rps") {
		t.Errorf("check against a record 6× better: exit %d\n%s", code, w.String())
	}
}
