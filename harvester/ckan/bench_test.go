package ckan_test

import (
	"context"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/ckan"
	"github.com/municat/municat/indexer"
	"github.com/municat/municat/internal/miniotest"
	"github.com/municat/municat/search/bleve"
	"github.com/municat/municat/store/fs"
	"github.com/municat/municat/store/s3"
)

// benchDatasetsEnv names the environment variable that sets how many
// packages BenchmarkHarvestAndIndex harvests (default 1000, so that a plain
// `go test -bench` stays quick).
const benchDatasetsEnv = "MUNICAT_BENCH_DATASETS"

// BenchmarkHarvestAndIndex measures what `municat harvest` does with a fresh
// data directory: the real Runner harvests a generated CKAN portal on
// loopback into a file store, and the real indexer writes the changed
// datasets into an on-disk Bleve index. It reports datasets/s end to end
// and for each of the two steps.
//
//	MUNICAT_BENCH_DATASETS=10000 go test ./harvester/ckan -run '^$' -bench HarvestAndIndex -benchtime 1x
func BenchmarkHarvestAndIndex(b *testing.B) {
	benchHarvestAndIndex(b, func(dir string) municat.Store { return mustOpenFS(b, dir) })
}

// mustOpenFS opens a file store in dir/store.
func mustOpenFS(tb testing.TB, dir string) municat.Store {
	tb.Helper()
	st, err := fs.Open(filepath.Join(dir, "store"))
	if err != nil {
		tb.Fatalf("fs.Open: %v", err)
	}
	return st
}

// BenchmarkHarvestAndIndexS3 is BenchmarkHarvestAndIndex with the store in
// a real MinIO server (skipped without the minio binary, see miniotest).
func BenchmarkHarvestAndIndexS3(b *testing.B) {
	benchHarvestAndIndex(b, func(string) municat.Store {
		st, err := s3.Open(context.Background(), miniotest.Start(b))
		if err != nil {
			b.Fatalf("s3.Open: %v", err)
		}
		return st
	})
}

// benchHarvestAndIndex runs the benchmark over the stores openStore opens
// (one per run, given a fresh directory).
func benchHarvestAndIndex(b *testing.B, openStore func(dir string) municat.Store) {
	n := 1000
	if v := os.Getenv(benchDatasetsEnv); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			b.Fatalf("%s=%q: want a positive number", benchDatasetsEnv, v)
		}
	}
	portal := newSyntheticPortal(b, n)
	var harvestTime, indexTime, cpuTime time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		run := mustBenchRun(b, portal.URL, openStore)
		b.StartTimer()

		cpu0 := processCPU(b)
		t0 := time.Now()
		res, err := run.runner.Run(context.Background(), run.src, harvester.RunOptions{})
		if err != nil {
			b.Fatalf("Run: %v", err)
		}
		if res.Run.Status != municat.RunSucceeded || res.Run.Counts.Added != n {
			b.Fatalf("run %s, added %d of %d: %s %v", res.Run.Status, res.Run.Counts.Added, n, res.Run.Error, res.Run.RecordErrors)
		}
		t1 := time.Now()
		if err := run.indexer.Apply(context.Background(), res.Changed, res.Withdrawn); err != nil {
			b.Fatalf("Apply: %v", err)
		}
		t2 := time.Now()
		cpuTime += processCPU(b) - cpu0
		harvestTime += t1.Sub(t0)
		indexTime += t2.Sub(t1)

		b.StopTimer()
		if got, err := run.index.Count(context.Background()); err != nil || got != n {
			b.Fatalf("index holds %d datasets (%v), want %d", got, err, n)
		}
		run.close()
		b.StartTimer()
	}
	total := float64(n * b.N)
	b.ReportMetric(total/(harvestTime+indexTime).Seconds(), "datasets/s")
	b.ReportMetric(total/harvestTime.Seconds(), "harvest-datasets/s")
	b.ReportMetric(total/indexTime.Seconds(), "index-docs/s")
	// The machine may be shared: CPU time per dataset varies less with
	// other load than the rates do.
	b.ReportMetric(float64(cpuTime.Microseconds())/total, "cpu-µs/dataset")
}

// benchRun is a fresh municat as `municat harvest` wires it: file store,
// Bleve index on disk, caching polite transport without delay.
type benchRun struct {
	runner  *harvester.Runner
	indexer *indexer.Indexer
	index   *bleve.Index
	src     *municat.Source
	close   func()
}

// mustBenchRun returns a fresh benchRun with a CKAN source at portalURL,
// over the store openStore opens.
func mustBenchRun(tb testing.TB, portalURL string, openStore func(dir string) municat.Store) *benchRun {
	tb.Helper()
	dir := tb.TempDir()
	st := openStore(dir)
	idx, err := bleve.Open(filepath.Join(dir, "index"))
	if err != nil {
		tb.Fatalf("bleve.Open: %v", err)
	}
	ctx := context.Background()
	cat := catalog.New(st)
	org := &municat.Organization{ID: "bench", Name: "Landkreis Musterland", Homepage: "https://www.musterland.de", Email: "opendata@musterland.de"}
	if err := cat.PutOrganization(ctx, org); err != nil {
		tb.Fatalf("PutOrganization: %v", err)
	}
	src := &municat.Source{ID: "bench", Type: municat.SourceCKAN, URL: portalURL, Organization: org.ID}
	if err := cat.PutSource(ctx, src); err != nil {
		tb.Fatalf("PutSource: %v", err)
	}
	logger := slog.New(slog.DiscardHandler)
	client := harvester.NewHTTPClientWith(&harvester.Transport{HostDelay: -1, Cache: cat, Logger: logger, AllowNets: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}})
	return &benchRun{
		runner: &harvester.Runner{
			Catalog:  cat,
			Fetchers: map[string]harvester.Fetcher{municat.SourceCKAN: &ckan.Fetcher{Client: client}},
			Logger:   logger,
		},
		indexer: indexer.New(cat, idx, logger),
		index:   idx,
		src:     src,
		close: func() {
			if err := idx.Close(); err != nil {
				tb.Errorf("close index: %v", err)
			}
			if err := st.Close(); err != nil {
				tb.Errorf("close store: %v", err)
			}
			if err := os.RemoveAll(dir); err != nil {
				tb.Logf("remove %s: %v", dir, err)
			}
		},
	}
}

// TestSyntheticPortalHarvests shows that the benchmark's portal and wiring
// harvest and index every package, so the benchmark measures a working run.
func TestSyntheticPortalHarvests(t *testing.T) {
	const n = 250
	portal := newSyntheticPortal(t, n)
	run := mustBenchRun(t, portal.URL, func(dir string) municat.Store { return mustOpenFS(t, dir) })
	defer run.close()
	ctx := context.Background()
	res, err := run.runner.Run(ctx, run.src, harvester.RunOptions{})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if res.Run.Status != municat.RunSucceeded || res.Run.Counts.Added != n || len(res.Changed) != n {
		t.Fatalf("run %s: added %d, changed %d, want %d: %s %v", res.Run.Status, res.Run.Counts.Added, len(res.Changed), n, res.Run.Error, res.Run.RecordErrors)
	}
	if err := run.indexer.Apply(ctx, res.Changed, res.Withdrawn); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if got, err := run.index.Count(ctx); err != nil || got != n {
		t.Fatalf("index holds %d datasets (%v), want %d", got, err, n)
	}
	found, err := run.index.Search(ctx, municat.Query{Text: "Haushalt", PerPage: 5})
	if err != nil || found.Total == 0 {
		t.Fatalf("search Haushalt: %v hits, %v", found, err)
	}
	again, err := run.runner.Run(ctx, run.src, harvester.RunOptions{})
	if err != nil {
		t.Fatalf("second Run: %v", err)
	}
	if c := again.Run.Counts; c.Unchanged != n || c.Added+c.Updated+c.Withdrawn != 0 {
		t.Fatalf("second run counts %+v, want %d unchanged", c, n)
	}
}
