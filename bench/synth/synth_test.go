package synth_test

import (
	"reflect"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/municat/municat"
	"github.com/municat/municat/bench/synth"
	"github.com/municat/municat/dcat"
)

func TestDatasetsAreValidAndRealistic(t *testing.T) {
	g := synth.Generator{N: 3000, Seed: 1}
	orgs := map[string]bool{}
	for _, o := range g.Organizations() {
		orgs[o.ID] = true
	}
	ids := map[string]bool{}
	formats := map[string]int{}
	for i := range g.N {
		d := g.Dataset(i)
		if err := d.Validate(); err != nil {
			t.Fatalf("dataset %d: %v", i, err)
		}
		if ids[d.ID] {
			t.Fatalf("dataset %d: id %s twice", i, d.ID)
		}
		ids[d.ID] = true
		if n := utf8.RuneCountInString(d.Title.String()); n < 20 || n > 90 {
			t.Errorf("dataset %d: title %q has %d characters, want 20–90", i, d.Title.String(), n)
		}
		if n := len(d.Description.String()); n < 150 || n > 1500 {
			t.Errorf("dataset %d: description has %d bytes, want 150–1500", i, n)
		}
		if n := len(d.Distributions); n < 1 || n > 5 {
			t.Errorf("dataset %d: %d distributions, want 1–5", i, n)
		}
		if n := len(d.Keywords); n < 3 || n > 8 {
			t.Errorf("dataset %d: %d keywords %v, want 3–8", i, n, d.Keywords)
		}
		if n := len(d.Themes); n < 1 || n > 2 {
			t.Errorf("dataset %d: themes %v, want 1–2", i, d.Themes)
		}
		if _, ok := dcat.LicenseFor(d.License); !ok {
			t.Errorf("dataset %d: licence %q is not in the dcat-ap.de list", i, d.License)
		}
		if !orgs[d.Organization] || d.Organization != g.OrganizationOf(i) {
			t.Errorf("dataset %d: organisation %q unknown or not OrganizationOf", i, d.Organization)
		}
		if d.RemoteID != g.RemoteID(i) || d.ID != municat.DatasetID(synth.SourceID, d.RemoteID) {
			t.Errorf("dataset %d: remote id %s, id %s do not match RemoteID %s", i, d.RemoteID, d.ID, g.RemoteID(i))
		}
		if k, ok := g.IndexOf(d.RemoteID); !ok || k != i {
			t.Errorf("IndexOf(%s) = %d, %v; want %d", d.RemoteID, k, ok, i)
		}
		if d.Modified.Before(*d.Issued) || d.Issued.Year() < 2015 || d.Modified.Year() > 2026 {
			t.Errorf("dataset %d: issued %v, modified %v", i, d.Issued, d.Modified)
		}
		for _, dist := range d.Distributions {
			formats[dist.Format]++
			if !strings.HasPrefix(dist.AccessURL, "https://daten.example/"+d.Organization+"/") || dist.MediaType == "" || dist.Title.IsEmpty() {
				t.Errorf("dataset %d: distribution %+v", i, dist)
			}
		}
	}
	if formats["CSV"] <= formats["XML"] || formats["WMS_SRVC"] == 0 || len(formats) < 8 {
		t.Errorf("formats not skewed as on portals: %v", formats)
	}
	if _, ok := g.IndexOf("00000000-0000-4000-8000-000000000001"); ok {
		t.Error("IndexOf accepts a remote id the generator never made")
	}
}

func TestDatasetDependsOnlyOnSeedAndIndex(t *testing.T) {
	a, b := synth.Generator{N: 100, Seed: 7}, synth.Generator{N: 1_000_000, Seed: 7}
	for _, i := range []int{0, 1, 42, 99} {
		if !reflect.DeepEqual(a.Dataset(i), b.Dataset(i)) {
			t.Errorf("dataset %d differs between two generators with the same seed", i)
		}
	}
	other := synth.Generator{N: 100, Seed: 8}
	if reflect.DeepEqual(a.Dataset(3), other.Dataset(3)) {
		t.Error("dataset 3 is the same for seeds 7 and 8")
	}
}

func TestOrganizationsAreValidAndZipfSpread(t *testing.T) {
	g := synth.Generator{N: 20000, Seed: 1}
	orgs := g.Organizations()
	if len(orgs) != synth.OrganizationCount {
		t.Fatalf("%d organisations, want %d", len(orgs), synth.OrganizationCount)
	}
	seen := map[string]bool{}
	for _, o := range orgs {
		if err := o.Validate(); err != nil {
			t.Errorf("organisation %s: %v", o.ID, err)
		}
		if seen[o.ID] {
			t.Errorf("organisation id %s twice", o.ID)
		}
		seen[o.ID] = true
	}
	count := map[string]int{}
	for i := range g.N {
		count[g.OrganizationOf(i)]++
	}
	small := 0
	for _, o := range orgs {
		if count[o.ID] < g.N/400 {
			small++
		}
	}
	if top := count[orgs[0].ID]; top < g.N/10 || small < len(orgs)/3 {
		t.Errorf("biggest publisher has %d of %d datasets, %d organisations have few; want a Zipf-like spread", top, g.N, small)
	}
}

func TestQueriesMatchDatasets(t *testing.T) {
	g := synth.Generator{N: 2000, Seed: 3}
	q := g.Queries()
	if len(q.OneWord) < 10 || len(q.TwoWords) < 5 || len(q.Typos) < 5 || len(q.Themes) < 10 || len(q.Words) != len(q.Themes) {
		t.Fatalf("queries too few: %+v", q)
	}
	texts := make([]string, g.N)
	themes := make([][]string, g.N)
	for i := range g.N {
		d := g.Dataset(i)
		texts[i] = d.Title.String() + " " + d.Description.String()
		themes[i] = d.Themes
	}
	matches := func(words []string, theme string) bool {
	next:
		for i, text := range texts {
			for _, w := range words {
				if !strings.Contains(text, w) {
					continue next
				}
			}
			if theme == "" || strings.Contains(strings.Join(themes[i], " "), theme) {
				return true
			}
		}
		return false
	}
	for _, w := range q.OneWord {
		if !matches([]string{w}, "") {
			t.Errorf("one word %q matches no dataset", w)
		}
	}
	for _, w := range q.TwoWords {
		if !matches(strings.Fields(w), "") {
			t.Errorf("two words %q match no dataset", w)
		}
	}
	for k, w := range q.Words {
		if !matches([]string{w}, q.Themes[k]) {
			t.Errorf("word %q matches no dataset of theme %s", w, q.Themes[k])
		}
	}
	for _, typo := range q.Typos {
		if matches([]string{typo}, "") {
			t.Errorf("typo %q is a word of the catalogue", typo)
		}
	}
	t.Logf("queries: %+v", q)
}

// BenchmarkDataset reports datasets per second of wall time and, because
// the benchmark machines are shared, per second of the process's CPU time
// (garbage collection included).
func BenchmarkDataset(b *testing.B) {
	g := synth.Generator{N: 1_000_000, Seed: 1}
	b.ReportAllocs()
	cpu := cpuTime()
	i := 0
	for b.Loop() {
		g.Dataset(i % g.N)
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "datasets/s")
	b.ReportMetric(float64(b.N)/(cpuTime()-cpu).Seconds(), "datasets/cpu-s")
}

// BenchmarkDatasetParallel makes datasets on every core, as a harness
// filling a catalogue or a stand-in serving pages concurrently does.
func BenchmarkDatasetParallel(b *testing.B) {
	g := synth.Generator{N: 1_000_000, Seed: 1}
	b.ReportAllocs()
	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			g.Dataset(int(next.Add(1)) % g.N)
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "datasets/s")
}

// cpuTime returns the CPU time the process used so far.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
