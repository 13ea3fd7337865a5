// Command municat-bench runs municat's benchmark harness (package bench)
// from the repository root and writes bench/results/results-<size>.json and
// BENCHMARKS.md:
//
//	go run ./cmd/municat-bench -n 10000             # 10k smoke; -n 100000, -n 1000000
//	go run ./cmd/municat-bench -n 10000 -duration 1s -check bench/results/results-10k.json -factor 5
//
// With -check it compares the run with a recorded one and exits 1 when a
// step fails or a figure is worse by more than -factor (see bench.Check:
// throughputs, ratios, p50 latencies, times and memory; not the baselines
// and not the p95/p99 tails); it then writes neither BENCHMARKS.md nor the
// recorded file. -minio-n caps the catalogue harvested into MinIO, the
// slowest step. "municat-bench hello -listen ADDR" (not listed) is the
// Fiber hello-world server the harness starts as its ceiling.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/municat/municat/bench"
	"github.com/municat/municat/internal/miniotest"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "hello" {
		if err := serveHello(os.Args[2:], os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "municat-bench hello:", err)
			os.Exit(exitFailed)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// flags are the command-line settings.
type flags struct {
	n        int
	seed     uint64
	duration time.Duration
	out      string
	check    string
	factor   float64
	profile  string
	minio    bool
	minioBin string
	// minioSkipped says why the MinIO step is skipped.
	minioSkipped string
	idle         time.Duration
	minioN       int
	demo         bool
	repo         string
	municat      string
	markdown     string
}

// parseFlags reads the command line.
func parseFlags(args []string, stderr io.Writer) (*flags, error) {
	f := &flags{}
	fs := flag.NewFlagSet("municat-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&f.n, "n", 10000, "number of synthetic datasets (10000, 100000, 1000000)")
	fs.Uint64Var(&f.seed, "seed", 1, "seed of the synthetic catalogue")
	fs.DurationVar(&f.duration, "duration", 3*time.Second, "how long each load runs")
	fs.StringVar(&f.out, "out", "", "directory for results-<size>.json (default bench/results; a temporary one with -check)")
	fs.StringVar(&f.check, "check", "", "compare with this recorded results file and fail when a figure is worse by more than -factor")
	fs.Float64Var(&f.factor, "factor", 5, "tolerated factor for -check")
	fs.StringVar(&f.profile, "profile", "", "directory for CPU and heap profiles of the municat processes")
	minioBin, minioMissing := miniotest.FindBinary()
	fs.BoolVar(&f.minio, "minio", minioBin != "", "also measure with MinIO as the store (default: when a minio binary is found)")
	fs.IntVar(&f.minioN, "minio-n", 0, "datasets harvested into MinIO (default: -n)")
	fs.DurationVar(&f.idle, "idle", 2*time.Second, "how long the server idles before its idle RSS is read")
	fs.BoolVar(&f.demo, "demo", true, "measure search on the demo catalogue")
	fs.StringVar(&f.repo, "repo", ".", "root of the municat repository")
	fs.StringVar(&f.municat, "municat", "", "prebuilt municat binary (default: go build ./cmd/municat)")
	fs.StringVar(&f.markdown, "markdown", "", "the report regenerated from all results files (default BENCHMARKS.md in -repo)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unerwartetes Argument %q", fs.Arg(0))
	}
	if f.n < 1 || f.minioN < 0 || f.duration <= 0 || f.factor < 1 {
		return nil, errors.New("-n und -duration müssen positiv sein, -minio-n darf nicht negativ sein, -factor muss mindestens 1 sein")
	}
	if f.minio && minioBin == "" {
		return nil, fmt.Errorf("-minio: %v", minioMissing)
	}
	switch {
	case !f.minio && minioBin == "":
		f.minioSkipped = minioMissing.Error()
	case !f.minio:
		f.minioSkipped = "-minio=false"
		minioBin = ""
	}
	if _, err := os.Stat(filepath.Join(f.repo, "go.mod")); err != nil {
		return nil, fmt.Errorf("%s ist nicht die Wurzel des municat-Repositorys (-repo)", f.repo)
	}
	f.minioBin = minioBin
	if f.markdown == "" {
		f.markdown = filepath.Join(f.repo, "BENCHMARKS.md")
	}
	return f, nil
}

// run runs the harness and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "municat-bench:", err)
		return exitUsage
	}
	var recorded *bench.Result
	if f.check != "" {
		if recorded, err = bench.ReadResult(f.check); err != nil {
			fmt.Fprintln(stderr, "municat-bench: aufgezeichnete Werte nicht lesbar:", err)
			return exitUsage
		}
		if recorded.N != f.n {
			fmt.Fprintf(stderr, "municat-bench: %s hält einen Lauf mit -n %d, nicht %d\n", f.check, recorded.N, f.n)
			return exitUsage
		}
	}
	out := f.out
	if out == "" && f.check != "" {
		tmp, err := os.MkdirTemp("", "municat-bench-check-")
		if err != nil {
			fmt.Fprintln(stderr, "municat-bench:", err)
			return exitFailed
		}
		defer os.RemoveAll(tmp)
		out = tmp
	} else if out == "" {
		out = filepath.Join(f.repo, "bench", "results")
	}
	if f.profile != "" {
		if err := os.MkdirAll(f.profile, 0o755); err != nil {
			fmt.Fprintln(stderr, "municat-bench:", err)
			return exitFailed
		}
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(stderr, "municat-bench:", err)
		return exitFailed
	}
	res, err := bench.Run(ctx, bench.Options{
		N: f.n, Seed: f.seed, Duration: f.duration, Clients: []int{1, 8, 32},
		RepoDir: f.repo, MunicatBin: f.municat, HelloCommand: []string{self, "hello"},
		MinIO: f.minioBin, MinIOSkipped: f.minioSkipped, MinION: f.minioN, IdleWait: f.idle, ProfileDir: f.profile, SkipDemo: !f.demo, Log: stderr,
	})
	if err != nil {
		fmt.Fprintln(stderr, "municat-bench: FEHLER:", err)
		return exitFailed
	}
	res.Command = strings.TrimSpace("go run ./cmd/municat-bench " + strings.Join(args, " "))
	res.Commit = bench.GitCommit(f.repo)
	printFigures(stdout, res)
	path, err := bench.WriteResult(out, res)
	if err != nil {
		fmt.Fprintln(stderr, "municat-bench:", err)
		return exitFailed
	}
	fmt.Fprintln(stdout, "Ergebnisse:", path)
	if f.profile != "" {
		printProfileHints(stdout, f.profile)
	}
	if recorded != nil {
		return checkAgainst(stdout, recorded, res, f.factor)
	}
	if err := writeMarkdown(f.markdown, out); err != nil {
		fmt.Fprintln(stderr, "municat-bench:", err)
		return exitFailed
	}
	return exitOK
}

// checkAgainst compares the run with the recorded one and prints one line
// per figure that is off by more than factor.
func checkAgainst(w io.Writer, recorded, res *bench.Result, factor float64) int {
	failures := bench.Check(recorded.Figures, res.Figures, factor)
	if len(failures) == 0 {
		fmt.Fprintf(w, "Prüfung bestanden: keine Kennzahl schlechter als Faktor %g gegenüber %s (%s).\n", factor, recorded.Size, recorded.Date.Format(time.DateOnly))
		return exitOK
	}
	fmt.Fprintf(w, "Prüfung fehlgeschlagen: %d Kennzahlen schlechter als Faktor %g gegenüber der Aufzeichnung:\n", len(failures), factor)
	for _, msg := range failures {
		fmt.Fprintln(w, "  -", msg)
	}
	return exitFailed
}

// writeMarkdown regenerates the report at path (BENCHMARKS.md) from every
// results file in dir.
func writeMarkdown(path, dir string) error {
	results, err := bench.ReadResults(dir)
	if err != nil {
		return err
	}
	return os.WriteFile(path, []byte(bench.Markdown(results)), 0o644)
}

// printFigures writes the figures as a table.
func printFigures(w io.Writer, res *bench.Result) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Kennzahl (%s, seed %d)\tWert\tEinheit\tZiel\terfüllt\n", res.Size, res.Seed)
	for _, fig := range res.Figures {
		met := ""
		if fig.Met != nil {
			met = map[bool]string{true: "ja", false: "NEIN"}[*fig.Met]
		}
		fmt.Fprintf(tw, "%s\t%g\t%s\t%s\t%s\n", fig.Name, fig.Value, fig.Unit, fig.Target, met)
	}
	tw.Flush()
	for _, n := range res.Notes {
		fmt.Fprintln(w, "Hinweis:", n)
	}
}

// printProfileHints names the pprof commands for the written profiles.
func printProfileHints(w io.Writer, dir string) {
	paths, _ := filepath.Glob(filepath.Join(dir, "*.pprof"))
	for _, p := range paths {
		fmt.Fprintf(w, "go tool pprof -top %s\n", p)
	}
}
