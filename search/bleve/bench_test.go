package bleve_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/search/bleve"
)

// benchTopics are the building blocks of the generated datasets: a title
// word, a theme and keywords.
var benchTopics = []struct {
	title, theme string
	keywords     []string
}{
	{"Haltestellen", "TRAN", []string{"ÖPNV", "Bus"}},
	{"Baumkataster", "ENVI", []string{"Bäume", "Stadtgrün"}},
	{"Schulen", "EDUC", []string{"Bildung", "Schule"}},
	{"Haushaltsplan", "ECON", []string{"Haushalt", "Finanzen"}},
	{"Wahlergebnisse", "GOVE", []string{"Wahlen", "Politik"}},
	{"Bevölkerung", "SOCI", []string{"Einwohner", "Statistik"}},
	{"Radwege", "TRAN", []string{"Radverkehr", "Fahrrad"}},
	{"Luftqualität", "ENVI", []string{"Luft", "Umwelt"}},
	{"Kindertagesstätten", "EDUC", []string{"Kita", "Familie"}},
	{"Gewerbeanmeldungen", "ECON", []string{"Gewerbe", "Wirtschaft"}},
	{"Ladestationen", "TRAN", []string{"Elektromobilität", "Energie"}},
	{"Friedhöfe", "SOCI", []string{"Friedhof"}},
}

var (
	benchPlaces   = []string{"Musterstadt", "Kleinhausen", "Beispielkreis", "Neustadt", "Altdorf", "Bergheim", "Talhausen", "Seedorf"}
	benchFormats  = []string{"CSV", "GEOJSON", "PDF", "WMS_SRVC", "JSON", "XLSX"}
	benchLicenses = []string{"dl-by-de/2.0", "dl-zero-de/2.0", "cc-by/4.0", "cc-zero/1.0"}
)

// benchDatasets returns n generated German datasets, the same on every run.
func benchDatasets(n int) []*municat.Dataset {
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]*municat.Dataset, n)
	for i := range out {
		topic := benchTopics[r.IntN(len(benchTopics))]
		place := benchPlaces[r.IntN(len(benchPlaces))]
		year := 2015 + r.IntN(10)
		modified := base.Add(time.Duration(r.IntN(5*365*24)) * time.Hour)
		d := &municat.Dataset{
			ID:    fmt.Sprintf("%s.ds-%05d", strings.ToLower(place), i),
			Title: municat.Text{"de": fmt.Sprintf("%s %s %d", topic.title, place, year)},
			Description: municat.NewText(fmt.Sprintf(
				"Daten der Gemeinde %s zum Thema %s für das Jahr %d, jährlich aktualisiert und maschinenlesbar bereitgestellt.",
				place, topic.title, year)),
			Keywords:  append([]string{place}, topic.keywords...),
			Themes:    []string{topic.theme},
			Publisher: &municat.Agent{Name: municat.NewText("Gemeinde " + place)},
			License:   benchLicenses[r.IntN(len(benchLicenses))],
			Modified:  &modified,
		}
		for range 1 + r.IntN(3) {
			d.Distributions = append(d.Distributions, municat.Distribution{Format: benchFormats[r.IntN(len(benchFormats))]})
		}
		out[i] = d
	}
	return out
}

// benchSize returns the number of datasets of the benchmarks: 5,000, or
// MUNICAT_BENCH_DATASETS (e.g. 100000, GovData's size).
func benchSize(b *testing.B) int {
	n := 5000
	if v := os.Getenv("MUNICAT_BENCH_DATASETS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatalf("MUNICAT_BENCH_DATASETS: %v", err)
		}
	}
	return n
}

// heapInUse returns the live heap after a garbage collection, in MB.
func heapInUse() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

// processCPU returns the CPU time (user and system) the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSearch measures queries over generated datasets (5,000, or
// MUNICAT_BENCH_DATASETS) in an on-disk index, each with Search ("columns":
// facets, filters and sorts from the in-memory columns) and with Bleve's own
// facets and field sorts ("bleve"), in the same run. Search caches the
// matches of a text, so its runs after the first are warm; "cold" and
// "warm" (benchTextCache) measure both sides of the cache. It logs the time to
// index, to reopen the index (cold start) and the heap the reopened index
// holds.
func BenchmarkSearch(b *testing.B) {
	n := benchSize(b)
	ctx := context.Background()
	// MUNICAT_BENCH_DIR keeps the index between runs (it must hold the
	// same number of datasets).
	dir := os.Getenv("MUNICAT_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	idx, err := bleve.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	if idx.Created() {
		start := time.Now()
		if err := idx.Index(ctx, benchDatasets(n)...); err != nil {
			b.Fatal(err)
		}
		fmt.Printf("indexed %d datasets in %v\n", n, time.Since(start).Round(time.Millisecond))
	}
	if err := idx.Close(); err != nil {
		b.Fatal(err)
	}
	heapBefore := heapInUse()
	start := time.Now()
	idx, err = bleve.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer idx.Close()
	fmt.Printf("reopened %d datasets in %v; heap %.1f MB\n", n, time.Since(start).Round(time.Millisecond), heapInUse()-heapBefore)

	theme := func(code string) map[string][]string { return map[string][]string{municat.FacetTheme: {code}} }
	for _, bm := range []struct {
		name string
		q    municat.Query
	}{
		{"OneWord", municat.Query{Text: "Haltestellen"}},
		{"Typo", municat.Query{Text: "Haltestelen"}},
		// The portal's typical query: words, a theme filter, facets, 20 hits.
		{"Portal", municat.Query{Text: "Luftqualität Musterstadt", Filters: theme("ENVI")}},
		// Browsing without words: a filter, facets, the newest first.
		{"Browse", municat.Query{Filters: theme("TRAN"), Sort: municat.SortModified, Desc: true}},
		{"Filtered", municat.Query{Filters: map[string][]string{
			municat.FacetTheme:  {"TRAN"},
			municat.FacetFormat: {"CSV", "GEOJSON"},
		}}},
		{"WordAndFilter", municat.Query{Text: "Musterstadt", Filters: map[string][]string{
			municat.FacetLicense: {"dl-by-de/2.0"},
		}}},
		{"AllByTitle", municat.Query{Sort: municat.SortTitle}},
		// A long word that finds nothing: the cost of its expansions
		// (typos, compound parts) alone.
		{"NoMatch", municat.Query{Text: "Feuerwehrhaus"}},
	} {
		bm.q.PerPage = 20
		if bm.q.Text != "" {
			benchTextCache(b, idx, bm.name, bm.q)
		}
		for _, path := range []struct {
			name   string
			search func(context.Context, municat.Query) (*municat.SearchResult, error)
		}{{"bleve", idx.SearchBleve}, {"columns", idx.Search}} {
			b.Run(bm.name+"/"+path.name, func(b *testing.B) {
				var total int
				cpu := processCPU()
				for b.Loop() {
					res, err := path.search(ctx, bm.q)
					if err != nil {
						b.Fatal(err)
					}
					total = res.Total
				}
				b.ReportMetric(float64(total), "hits")
				// CPU time per query tells more than wall time on a
				// shared, busy machine.
				b.ReportMetric((processCPU()-cpu).Seconds()*1000/float64(b.N), "cpu-ms/op")
			})
			// Eight clients at once: throughput and, for Search, the
			// effect of admission control.
			b.Run(bm.name+"/"+path.name+"/8clients", func(b *testing.B) {
				b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if _, err := path.search(ctx, bm.q); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		}
	}
}

// benchTextCache measures q with Search the first time its text is searched
// ("cold": the cache of text matches emptied before each search) and when
// its text is cached ("warm", as when paging or choosing a facet).
func benchTextCache(b *testing.B, idx *bleve.Index, name string, q municat.Query) {
	ctx := context.Background()
	for _, cold := range []bool{true, false} {
		sub := name + "/warm"
		if cold {
			sub = name + "/cold"
		}
		b.Run(sub, func(b *testing.B) {
			var total int
			cpu := processCPU()
			for b.Loop() {
				if cold {
					idx.ClearTextCache()
				}
				res, err := idx.Search(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				total = res.Total
			}
			b.ReportMetric(float64(total), "hits")
			b.ReportMetric((processCPU()-cpu).Seconds()*1000/float64(b.N), "cpu-ms/op")
		})
	}
}
