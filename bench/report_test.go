package bench

import (
	"strings"
	"testing"
	"time"
)

func TestSizeLabel(t *testing.T) {
	for n, want := range map[int]string{10_000: "10k", 100_000: "100k", 1_000_000: "1M", 300: "300", 2500: "2500"} {
		if got := SizeLabel(n); got != want {
			t.Errorf("SizeLabel(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestResultRoundTripAndMarkdown(t *testing.T) {
	dir := t.TempDir()
	met := true
	for _, r := range []*Result{
		{Size: "100k", N: 100_000, Seed: 1, Date: time.Date(2026, 12, 4, 22, 0, 0, 0, time.UTC), Command: "municat-bench -n 100000",
			Figures: Figures{{Name: "serve.cold_start", Value: 812.5, Unit: UnitMillis, Target: "≤ 2000", Met: &met}}},
		{Size: "10k", N: 10_000, Seed: 1, Command: "municat-bench -n 10000", Machine: Machine{CPU: "Test CPU", Cores: 2},
			Figures: Figures{
				{Name: "harvest.ckan.fs.rate", Value: 1234.5, Unit: UnitDatasets, Note: "harvested and searchable"},
				{Name: "search.portal.c8.rps", Value: 900, Unit: UnitRequests},
				{Name: "search.portal.c8.p50", Value: 3.2, Unit: UnitMillis},
				{Name: "ratio.demo_hello", Value: 41.5, Unit: UnitPercent, Note: "demo ÷ hello"},
			}},
	} {
		if _, err := WriteResult(dir, r); err != nil {
			t.Fatal(err)
		}
	}
	rs, err := ReadResults(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Size != "10k" || rs[1].Size != "100k" {
		t.Fatalf("ReadResults: %d results, want 10k then 100k", len(rs))
	}
	if f, ok := rs[1].Figures.Get("serve.cold_start"); !ok || f.Met == nil || !*f.Met || f.Value != 812.5 {
		t.Errorf("cold start did not survive the round trip: %+v", f)
	}
	md := Markdown(rs)
	for _, want := range []string{
		"go run ./cmd/municat-bench", "noisy",
		"## 10k datasets", "## 100k datasets", "`municat-bench -n 10000`", "Test CPU, 2 cores",
		"| `harvest.ckan.fs.rate` — harvested and searchable | 1234.5 datasets/s |  |  |",
		"| `serve.cold_start` | 812.5 ms | ≤ 2000 | yes |",
		"- `ratio.demo_hello` — demo ÷ hello: **41.5 %**",
		"| search.portal | 8 | 900 | 3.2 |  |  |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Index(md, "## 10k") > strings.Index(md, "## 100k") {
		t.Error("sections are not ordered by size")
	}
}

func TestRound(t *testing.T) {
	for in, want := range map[float64]float64{1234.5678: 1235, 3.14159: 3.142, 0.012345: 0.01235, 0: 0} {
		if got := round(in); got != want {
			t.Errorf("round(%g) = %g, want %g", in, got, want)
		}
	}
}
