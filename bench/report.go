package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Result is the record of one harness run, written as results-<size>.json.
type Result struct {
	// Size is the size label, e.g. "10k".
	Size string `json:"size"`
	// N is the number of synthetic datasets.
	N int `json:"n"`
	// Seed is the generator's seed.
	Seed uint64 `json:"seed"`
	// Date is when the run started.
	Date time.Time `json:"date"`
	// Command is the exact command line.
	Command string `json:"command"`
	// Commit is the git commit measured.
	Commit string `json:"commit"`
	// Machine is where the run took place.
	Machine Machine `json:"machine"`
	// Figures are the measured values.
	Figures Figures `json:"figures"`
	// Notes are remarks on the run (skipped steps, settings).
	Notes []string `json:"notes,omitempty"`
}

// SizeLabel returns the label of a catalogue of n datasets: 10k, 100k, 1M.
func SizeLabel(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return strconv.Itoa(n/1_000_000) + "M"
	case n >= 1000 && n%1000 == 0:
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

// WriteResult writes r as dir/results-<size>.json and returns the path.
func WriteResult(dir string, r *Result) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "results-"+r.Size+".json")
	return path, os.WriteFile(path, append(b, '\n'), 0o644)
}

// ReadResult reads a results file.
func ReadResult(path string) (*Result, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Result
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}

// ReadResults reads every results-*.json in dir, smallest catalogue first.
func ReadResults(dir string) ([]*Result, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "results-*.json"))
	if err != nil {
		return nil, err
	}
	var rs []*Result
	for _, p := range paths {
		r, err := ReadResult(p)
		if err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	slices.SortFunc(rs, func(a, b *Result) int { return a.N - b.N })
	return rs, nil
}

// markdownIntro opens BENCHMARKS.md.
const markdownIntro = `# Benchmarks

Figures of municat at three catalogue sizes: 10k datasets (the CI smoke), 100k (GovData size) and 1M
(data.europa.eu size, run by hand). One command measures everything — harvest from a CKAN and a DCAT-AP
stand-in, reindex, cold start, idle RSS, the full DCAT-AP export, search load through the HTTP API, and in the
same run the raw Bleve engine and a Fiber hello-world as baselines:

    go run ./cmd/municat-bench -n 10000        # or -n 100000, -n 1000000; -profile DIR for CPU/heap profiles

The synthetic catalogue is deterministic (-seed). The figures come from a noisy, shared 2-core machine:
absolute times do not travel, the ratios to the baselines measured in the same run do. Rate limiting is off
(api.rate_limit reads/writes -1) and the harvester's per-host delay is 1 µs, since the stand-ins are local.
The raw figures are in bench/results/results-<size>.json; this file is regenerated from them. CI runs the 10k
smoke with ` + "`-duration 1s -check bench/results/results-10k.json -factor 5`" + `, which fails when a step errors or a
figure is more than 5× worse than recorded here (tails, latencies under concurrent load and baselines
excepted).
`

// Markdown returns BENCHMARKS.md for the results, one section per size.
func Markdown(results []*Result) string {
	var b strings.Builder
	b.WriteString(markdownIntro)
	for _, r := range results {
		writeSection(&b, r)
	}
	return b.String()
}

// writeSection writes the section of one run.
func writeSection(b *strings.Builder, r *Result) {
	fmt.Fprintf(b, "\n## %s datasets\n\n", r.Size)
	fmt.Fprintf(b, "- Date: %s; commit %s\n", r.Date.UTC().Format("2006-01-02 15:04 MST"), r.Commit)
	fmt.Fprintf(b, "- Machine: %s\n", r.Machine)
	fmt.Fprintf(b, "- Command: `%s`\n", r.Command)
	for _, n := range r.Notes {
		fmt.Fprintf(b, "- %s\n", n)
	}
	b.WriteString("\n| Figure | Value | Target | Met? |\n|---|---:|---|---|\n")
	for _, f := range r.Figures {
		if isLoadFigure(f.Name) && f.Target == "" {
			continue
		}
		fmt.Fprintf(b, "| %s | %s %s | %s | %s |\n", describe(f), format(f.Value), f.Unit, f.Target, metMark(f.Met))
	}
	writeRatios(b, r.Figures)
	writeLoadTable(b, r.Figures)
}

// writeRatios lists the ratios to the baselines on their own.
func writeRatios(b *strings.Builder, fs Figures) {
	var lines []string
	for _, f := range fs {
		if strings.HasPrefix(f.Name, "ratio.") {
			lines = append(lines, fmt.Sprintf("- %s: **%s %%**", describe(f), format(f.Value)))
		}
	}
	if len(lines) > 0 {
		b.WriteString("\nRatios (same run):\n\n" + strings.Join(lines, "\n") + "\n")
	}
}

// writeLoadTable writes the search and raw-engine load figures as one row
// per query kind and client count.
func writeLoadTable(b *strings.Builder, fs Figures) {
	type row struct{ rps, p50, p95, p99 string }
	rows := map[string]*row{}
	var order []string
	for _, f := range fs {
		if !isLoadFigure(f.Name) {
			continue
		}
		i := strings.LastIndexByte(f.Name, '.')
		key, stat := f.Name[:i], f.Name[i+1:]
		r := rows[key]
		if r == nil {
			r = &row{}
			rows[key] = r
			order = append(order, key)
		}
		v := format(f.Value)
		switch stat {
		case "rps":
			r.rps = v
		case "p50":
			r.p50 = v
		case "p95":
			r.p95 = v
		case "p99":
			r.p99 = v
		}
	}
	if len(order) == 0 {
		return
	}
	b.WriteString("\nLoad (closed loop, keep-alive; latencies in ms, exact percentiles of all requests):\n\n")
	b.WriteString("| Query | Clients | req/s | p50 | p95 | p99 |\n|---|---:|---:|---:|---:|---:|\n")
	for _, key := range order {
		r := rows[key]
		i := strings.LastIndexByte(key, '.')
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", key[:i], strings.TrimPrefix(key[i+1:], "c"), r.rps, r.p50, r.p95, r.p99)
	}
}

// isLoadFigure reports whether a figure belongs in the load table.
func isLoadFigure(name string) bool {
	return strings.HasPrefix(name, "search.") || strings.HasPrefix(name, "raw.") && !strings.HasPrefix(name, "raw.index") ||
		strings.HasPrefix(name, "hello.") || strings.HasPrefix(name, "demo.")
}

// describe returns the figure's name with its note.
func describe(f Figure) string {
	if f.Note == "" {
		return "`" + f.Name + "`"
	}
	return "`" + f.Name + "` — " + f.Note
}

// metMark renders Met.
func metMark(met *bool) string {
	switch {
	case met == nil:
		return ""
	case *met:
		return "yes"
	}
	return "**no**"
}

// format renders a value without trailing zeros.
func format(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
