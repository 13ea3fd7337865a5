package rawbleve_test

import (
	"slices"
	"sync"
	"testing"

	"github.com/municat/municat/bench/rawbleve"
	"github.com/municat/municat/bench/synth"
)

// MustBuild builds the engine of g and closes it when the test ends.
func MustBuild(tb testing.TB, g synth.Generator) *rawbleve.Engine {
	tb.Helper()
	e, took, err := rawbleve.Build(g)
	if err != nil {
		tb.Fatalf("Build: %v", err)
	}
	tb.Cleanup(func() { e.Close() })
	tb.Logf("indexed %d datasets in %v (%.0f docs/s)", g.N, took, float64(g.N)/took.Seconds())
	return e
}

func TestQueriesCountWhatTheCatalogueHolds(t *testing.T) {
	g := synth.Generator{N: 2500, Seed: 2}
	e := MustBuild(t, g)
	q := g.Queries()
	perTheme := map[string]int{}
	for i := range g.N {
		for _, th := range g.Dataset(i).Themes {
			perTheme[th]++
		}
	}
	for k, theme := range q.Themes {
		browse, err := e.Browse(theme)
		if err != nil || browse != perTheme[theme] {
			t.Errorf("Browse(%s) = %d, %v; the catalogue holds %d", theme, browse, err, perTheme[theme])
		}
		portal, err := e.Portal(q.Words[k], theme)
		if err != nil || portal == 0 || portal > browse {
			t.Errorf("Portal(%q, %s) = %d, %v; want 1–%d", q.Words[k], theme, portal, err, browse)
		}
	}
	for _, w := range slices.Concat(q.OneWord, q.TwoWords) {
		if n, err := e.OneWord(w); err != nil || n == 0 {
			t.Errorf("OneWord(%q) = %d, %v; want matches", w, n, err)
		}
	}
	if n, err := e.OneWord("Quantenchromodynamik"); err != nil || n != 0 {
		t.Errorf("OneWord of a word the catalogue lacks = %d, %v; want 0", n, err)
	}
	if n, err := e.Browse("NOPE"); err != nil || n != 0 {
		t.Errorf("Browse of an unknown theme = %d, %v; want 0", n, err)
	}
}

func TestBuildAtDirectory(t *testing.T) {
	g := synth.Generator{N: 300, Seed: 4}
	e, _, err := rawbleve.BuildAt(g, t.TempDir()+"/index")
	if err != nil {
		t.Fatalf("BuildAt: %v", err)
	}
	defer e.Close()
	theme := g.Dataset(0).Themes[0]
	want := 0
	for i := range g.N {
		if slices.Contains(g.Dataset(i).Themes, theme) {
			want++
		}
	}
	if n, err := e.Browse(theme); err != nil || n != want {
		t.Errorf("Browse(%s) = %d, %v; want %d", theme, n, err, want)
	}
}

// benchN is the size of the benchmark catalogue.
const benchN = 10_000

var (
	benchOnce   sync.Once
	benchEngine *rawbleve.Engine
	benchErr    error
)

// benchEngineOf returns the benchmark engine, built once per process.
func benchEngineOf(b *testing.B) *rawbleve.Engine {
	benchOnce.Do(func() { benchEngine, _, benchErr = rawbleve.Build(synth.Generator{N: benchN, Seed: 1}) })
	if benchErr != nil {
		b.Fatalf("Build: %v", benchErr)
	}
	return benchEngine
}

func BenchmarkBuild(b *testing.B) {
	g := synth.Generator{N: 5000, Seed: 1}
	for b.Loop() {
		e, took, err := rawbleve.Build(g)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(g.N)/took.Seconds(), "docs/s")
		e.Close()
	}
}

// BenchmarkQueries runs the three queries on 10k datasets, from one
// goroutine and from GOMAXPROCS goroutines.
func BenchmarkQueries(b *testing.B) {
	e := benchEngineOf(b)
	q := synth.Generator{N: benchN, Seed: 1}.Queries()
	queries := map[string]func(k int) (int, error){
		"OneWord": func(k int) (int, error) { return e.OneWord(q.OneWord[k%len(q.OneWord)]) },
		"Portal":  func(k int) (int, error) { return e.Portal(q.Words[k%len(q.Words)], q.Themes[k%len(q.Themes)]) },
		"Browse":  func(k int) (int, error) { return e.Browse(q.Themes[k%len(q.Themes)]) },
	}
	for _, name := range []string{"OneWord", "Portal", "Browse"} {
		run := queries[name]
		b.Run(name, func(b *testing.B) {
			k := 0
			for b.Loop() {
				if _, err := run(k); err != nil {
					b.Fatal(err)
				}
				k++
			}
		})
		b.Run(name+"Parallel", func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				k := 0
				for pb.Next() {
					if _, err := run(k); err != nil {
						b.Error(err)
						return
					}
					k++
				}
			})
		})
	}
}
