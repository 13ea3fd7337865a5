package harvester_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/ckan"
	"github.com/municat/municat/internal/ckantest"
	"github.com/municat/municat/store/fs"
)

// countingStore is a real store that counts the Puts per key, to show what
// a run wrote and what it did not.
type countingStore struct {
	municat.Store
	mu   sync.Mutex
	puts map[string]int
}

func (s *countingStore) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	s.mu.Lock()
	s.puts[key]++
	s.mu.Unlock()
	return s.Store.Put(ctx, key, r, size, contentType)
}

// Puts returns the number of Puts under prefix since the last Reset.
func (s *countingStore) Puts(prefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for k, c := range s.puts {
		if strings.HasPrefix(k, prefix) {
			n += c
		}
	}
	return n
}

// Reset sets the counters to zero.
func (s *countingStore) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.puts = map[string]int{}
}

// env is a runner over a file store, with a CKAN source served by ckantest.
type env struct {
	srv    *ckantest.Server
	store  *countingStore
	cat    *catalog.Catalog
	runner *harvester.Runner
	src    *municat.Source
	fetch  *ckan.Fetcher
}

// MustEnv returns an env whose test portal pages at most 2 packages.
func MustEnv(tb testing.TB) *env {
	tb.Helper()
	st, err := fs.Open(tb.TempDir())
	if err != nil {
		tb.Fatalf("fs.Open: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	cs := &countingStore{Store: st, puts: map[string]int{}}
	srv := ckantest.New(tb)
	srv.SetMaxRows(2)
	f := &ckan.Fetcher{Backoff: time.Millisecond}
	cat := catalog.New(cs)
	return &env{
		srv:   srv,
		store: cs,
		cat:   cat,
		runner: &harvester.Runner{
			Catalog:  cat,
			Fetchers: map[string]harvester.Fetcher{municat.SourceCKAN: f},
			Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		},
		src:   &municat.Source{ID: "demo", Type: municat.SourceCKAN, URL: srv.URL, Organization: "stadt-demo"},
		fetch: f,
	}
}

// MustRun runs the env's source and checks the run record in the store is
// the one returned, finished.
func MustRun(tb testing.TB, e *env, opts harvester.RunOptions) *harvester.Result {
	tb.Helper()
	res, err := e.runner.Run(context.Background(), e.src, opts)
	if err != nil {
		tb.Fatalf("Run: %v", err)
	}
	if !opts.DryRun {
		MustStoredRun(tb, e.cat, res.Run)
	}
	return res
}

// MustStoredRun checks that the stored record of run equals run and is
// finished.
func MustStoredRun(tb testing.TB, cat *catalog.Catalog, run *municat.Run) {
	tb.Helper()
	runs, err := cat.Runs(context.Background(), run.SourceID)
	if err != nil {
		tb.Fatalf("Runs: %v", err)
	}
	for _, r := range runs {
		if r.ID != run.ID {
			continue
		}
		if r.Finished == nil || r.Status != run.Status || r.Counts != run.Counts || r.Pages != run.Pages || r.Error != run.Error {
			tb.Fatalf("stored run %+v, returned %+v", r, run)
		}
		return
	}
	tb.Fatalf("run %s not stored", run.ID)
}

// MustDataset reads a dataset from the catalogue.
func MustDataset(tb testing.TB, cat *catalog.Catalog, id string) *municat.Dataset {
	tb.Helper()
	d, err := cat.Dataset(context.Background(), id)
	if err != nil {
		tb.Fatalf("Dataset(%s): %v", id, err)
	}
	return d
}

// MustSourceDatasets returns the datasets of the source by id.
func MustSourceDatasets(tb testing.TB, cat *catalog.Catalog, sourceID string) map[string]*municat.Dataset {
	tb.Helper()
	out := map[string]*municat.Dataset{}
	err := cat.SourceDatasets(context.Background(), sourceID, func(d *municat.Dataset) error {
		out[d.ID] = d
		return nil
	})
	if err != nil {
		tb.Fatalf("SourceDatasets: %v", err)
	}
	return out
}

// MustFixturePackageIDs counts the packages of the CKAN fixtures itself,
// without the test server: the ids of the search results and of each
// package_show response, once each.
func MustFixturePackageIDs(tb testing.TB) map[string]bool {
	tb.Helper()
	ids := map[string]bool{}
	var search struct {
		Result struct {
			Results []struct {
				ID string `json:"id"`
			} `json:"results"`
		} `json:"result"`
	}
	if err := json.Unmarshal(ckantest.ReadFixture(tb, ckantest.SearchFixture), &search); err != nil {
		tb.Fatal(err)
	}
	for _, p := range search.Result.Results {
		ids[p.ID] = true
	}
	for _, name := range []string{ckantest.DemoShowFixture, ckantest.GovDataShowFixture} {
		var show struct {
			Result struct {
				ID string `json:"id"`
			} `json:"result"`
		}
		if err := json.Unmarshal(ckantest.ReadFixture(tb, name), &show); err != nil {
			tb.Fatal(err)
		}
		ids[show.Result.ID] = true
	}
	return ids
}

// fakeFetcher emits fixed pages, or waits, as a test tells it.
type fakeFetcher struct {
	mu    sync.Mutex
	pages [][]harvester.Record
	err   error         // returned after the pages
	block chan struct{} // if not nil, Fetch waits for it (or ctx) first
	calls int
	enter chan struct{} // if not nil, gets a value when Fetch starts
}

func (f *fakeFetcher) Fetch(ctx context.Context, src *municat.Source, emit func(*harvester.Page) error) error {
	f.mu.Lock()
	f.calls++
	pages, ferr, block, enter := f.pages, f.err, f.block, f.enter
	f.mu.Unlock()
	if enter != nil {
		enter <- struct{}{}
	}
	if block != nil {
		select {
		case <-block:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for i, recs := range pages {
		if err := emit(&harvester.Page{URL: "fake://" + src.ID, Body: []byte{'p', byte('0' + i)}, Ext: "txt", Records: recs}); err != nil {
			return err
		}
	}
	return ferr
}

func (f *fakeFetcher) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// rec returns a record with a small valid dataset.
func rec(remoteID, title string) harvester.Record {
	return harvester.Record{RemoteID: remoteID, Dataset: &municat.Dataset{Title: municat.NewText(title)}}
}

// MustFakeEnv returns a runner over a file store with a fake fetcher for the
// source type "fake".
func MustFakeEnv(tb testing.TB, f *fakeFetcher) (*harvester.Runner, *municat.Source, *countingStore) {
	tb.Helper()
	st, err := fs.Open(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	cs := &countingStore{Store: st, puts: map[string]int{}}
	r := &harvester.Runner{
		Catalog:  catalog.New(cs),
		Fetchers: map[string]harvester.Fetcher{"fake": f},
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	return r, &municat.Source{ID: "fake", Type: "fake", URL: "https://fake.example", Organization: "org"}, cs
}

// isConflict reports whether err is the error of a second concurrent run.
func isConflict(err error) bool { return errors.Is(err, municat.ErrConflict) }

// unflagged returns c without the count of records flagged for DCAT-AP.de
// problems, for tests about other counts (see TestRunFlagsDCATViolations).
func unflagged(c municat.RunCounts) municat.RunCounts {
	c.Flagged = 0
	return c
}
