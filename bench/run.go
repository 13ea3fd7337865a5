// Package bench is municat's benchmark harness: it serves a synthetic
// catalogue (package bench/synth) from loopback CKAN and DCAT-AP stand-ins
// (bench/standin), harvests it with the real municat binary into fresh data
// directories, and measures harvest, reindex, cold start, memory, the DCAT-AP
// export and search load through the HTTP API — in the same run as the
// baselines it reports ratios to: the raw Bleve engine (bench/rawbleve) and
// a Fiber hello-world. Command municat-bench runs it and writes the results
// and BENCHMARKS.md.
package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/municat/municat/bench/synth"
)

// Options configure a harness run.
type Options struct {
	// N is the number of synthetic datasets; Seed the generator's seed.
	N    int
	Seed uint64
	// Duration is how long each load runs.
	Duration time.Duration
	// Clients are the client counts of the search load (1, 8, 32).
	Clients []int
	// RepoDir is the root of the municat repository (the binary is built
	// from ./cmd/municat there unless MunicatBin is set).
	RepoDir string
	// MunicatBin is a prebuilt municat binary (tests); built if empty.
	MunicatBin string
	// HelloCommand starts the Fiber hello-world server; the harness appends
	// "-listen ADDR". Skipped if empty.
	HelloCommand []string
	// MinIO is the minio binary for the S3 configuration; the step is
	// skipped if empty, with MinIOSkipped as the reason.
	MinIO        string
	MinIOSkipped string
	// MinION is the size of the catalogue harvested into MinIO (N if 0):
	// the S3 store is much slower, and the CI smoke may cap it.
	MinION int
	// ProfileDir receives CPU and heap profiles of the municat processes;
	// none if empty.
	ProfileDir string
	// SkipDemo leaves out the demo catalogue step.
	SkipDemo bool
	// IdleWait is how long the server idles before its idle RSS is read
	// (2 s if 0).
	IdleWait time.Duration
	// Log receives progress lines.
	Log io.Writer
}

// runner holds the state of one run.
type runner struct {
	Options
	gen     synth.Generator
	work    string // temporary directory of the run
	bin     string // municat binary
	client  *http.Client
	figures Figures
	notes   []string
}

// Run runs every step and returns the figures with targets applied. A
// step's failure ends the run with an error naming the step.
func Run(ctx context.Context, opts Options) (*Result, error) {
	work, err := os.MkdirTemp("", "municat-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	r := &runner{Options: opts, gen: synth.Generator{N: opts.N, Seed: opts.Seed}, work: work, bin: opts.MunicatBin}
	r.client = NewHTTPClient(max(32, maxOf(opts.Clients)))
	if r.Log == nil {
		r.Log = io.Discard
	}
	result := &Result{Size: SizeLabel(opts.N), N: opts.N, Seed: opts.Seed, Date: time.Now().UTC(), Machine: ThisMachine()}
	start := time.Now()
	steps := []struct {
		name string
		run  func(context.Context) error
	}{
		{"build", r.build},
		{"harvest+index+serve+export+search (fs)", r.fsSteps},
		{"raw engine", r.rawEngine},
		{"hello-world ceiling", r.hello},
		{"demo catalogue", r.demo},
		{"MinIO", r.minio},
	}
	for _, s := range steps {
		t0 := time.Now()
		r.logf("== %s", s.name)
		if err := s.run(ctx); err != nil {
			return nil, fmt.Errorf("im Schritt %q: %w", s.name, err)
		}
		r.logf("   %s done in %.1f s", s.name, time.Since(t0).Seconds())
	}
	r.ratios()
	r.figures.Add("run.seconds", time.Since(start).Seconds(), UnitSeconds, "wall time of the whole run")
	r.figures = append(r.figures, Figure{Name: "run.completed", Value: 1, Unit: "", Note: "1 when every step completed"})
	for _, m := range ApplyTargets(r.figures, opts.N) {
		r.notes = append(r.notes, "Target not measured in this run: "+m)
	}
	result.Figures, result.Notes = r.figures, r.notes
	return result, nil
}

// build builds the municat binary unless one was given.
func (r *runner) build(ctx context.Context) error {
	if r.bin != "" {
		return nil
	}
	r.bin = filepath.Join(r.work, "municat")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", r.bin, "./cmd/municat")
	cmd.Dir = r.RepoDir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/municat: %w\n%s", err, out)
	}
	return nil
}

// profileEnv returns the environment that makes a municat process write
// its profiles as ProfileDir/<name>.{cpu,heap}.pprof.
func (r *runner) profileEnv(name string) []string {
	if r.ProfileDir == "" {
		return nil
	}
	base := filepath.Join(r.ProfileDir, SizeLabel(r.N)+"-"+name)
	return []string{"MUNICAT_CPU_PROFILE=" + base + ".cpu.pprof", "MUNICAT_HEAP_PROFILE=" + base + ".heap.pprof"}
}

// dir makes a fresh directory in the run's work directory.
func (r *runner) dir(name string) (string, error) {
	d := filepath.Join(r.work, name)
	return d, os.MkdirAll(d, 0o755)
}

// logf prints a progress line.
func (r *runner) logf(format string, args ...any) {
	fmt.Fprintf(r.Log, format+"\n", args...)
}

// note records a remark on the run.
func (r *runner) note(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	r.notes = append(r.notes, s)
	r.logf("   note: %s", s)
}

// maxOf returns the largest of ns, 0 if none.
func maxOf(ns []int) int {
	m := 0
	for _, n := range ns {
		m = max(m, n)
	}
	return m
}
