package server_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/municat/municat/rdf"
)

// liveHeapMetric is the heap the last GC found live. Sampling it (with
// frequent GCs) measures what the server holds while it exports, not the
// garbage it leaves.
const liveHeapMetric = "/gc/heap/live:bytes"

// heapSampler records the peak live heap while it runs.
type heapSampler struct {
	stop chan struct{}
	done sync.WaitGroup
	mu   sync.Mutex
	peak uint64
}

func liveHeap() uint64 {
	s := []metrics.Sample{{Name: liveHeapMetric}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func startHeapSampler() *heapSampler {
	h := &heapSampler{stop: make(chan struct{})}
	h.done.Add(1)
	go func() {
		defer h.done.Done()
		tick := time.NewTicker(200 * time.Microsecond)
		defer tick.Stop()
		for {
			h.mu.Lock()
			h.peak = max(h.peak, liveHeap())
			h.mu.Unlock()
			select {
			case <-h.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return h
}

// takePeak returns the peak since the last call and starts a new one.
func (h *heapSampler) takePeak() uint64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	p := max(h.peak, liveHeap())
	h.peak = 0
	return p
}

func (h *heapSampler) close() { close(h.stop); h.done.Wait() }

// exportStats are the figures of one export of a whole catalogue.
type exportStats struct {
	datasets, pages int
	bytes           int64
	// search is the largest growth of the live heap over the heap before
	// the export while the index searched a page; stream the largest while
	// the server wrote one (reading each dataset, encoding it).
	search, stream uint64
	duration       time.Duration
}

func (s exportStats) String() string {
	return fmt.Sprintf("%d datasets, %d pages, %.1f MiB sent, peak heap growth while streaming %.2f MiB, while searching %.2f MiB, %.2f pages/s",
		s.datasets, s.pages, float64(s.bytes)/(1<<20), mib(s.stream), mib(s.search), float64(s.pages)/s.duration.Seconds())
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

// floorMiB is the heap growth below which the measurement cannot tell two
// exports apart.
const floorMiB = 4.0

// pageBoundMiB bounds the heap growth while a page of 1,000 datasets
// streams: such a page is about 40 MiB of Turtle (60 MiB of RDF/XML), so a
// server that built the page in memory would need several times that.
const pageBoundMiB = 16.0

// mustExport fetches every page of the catalogue of e over a real
// connection, rounds times, following the next links as a harvester does,
// and measures the server's
// live heap, separately for the search of each page and for the streaming
// after it.
func mustExport(tb testing.TB, e *genEnv, f rdf.Format, perPage, rounds int) exportStats {
	tb.Helper()
	base := MustServe(tb, e.app)
	client := &http.Client{Timeout: 5 * time.Minute}
	// The next links carry the last id of the page as after (keyset
	// paging): page n asks for the datasets after the id that ends page
	// n-1, as a harvester following hydra:next does.
	sorted := slices.Sorted(slices.Values(e.ids))
	get := func(page int) int64 {
		after := ""
		if page > 1 {
			after = "&after=" + url.QueryEscape(sorted[(page-1)*perPage-1])
		}
		resp, err := client.Get(fmt.Sprintf("%s/catalog.%s?per_page=%d&page=%d%s", base, f.Ext(), perPage, page, after))
		if err != nil {
			tb.Fatal(err)
		}
		defer resp.Body.Close()
		n, err := io.Copy(io.Discard, resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			tb.Fatalf("page %d: status %d, %v", page, resp.StatusCode, err)
		}
		return n
	}
	get(1) // warm up: the exporter cache, the connection, the pools

	// Frequent collections make the live-heap samples fine-grained.
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	before := liveHeap()
	sampler := startHeapSampler()
	defer sampler.close()
	growth := func() uint64 { return max(sampler.takePeak(), before) - before }
	pages := (len(e.ids) + perPage - 1) / perPage
	stats := exportStats{datasets: len(e.ids), pages: pages * rounds}
	searched := func() { stats.search = max(stats.search, growth()) }
	e.searched.Store(&searched)
	defer e.searched.Store(nil)

	start := time.Now()
	for i := range stats.pages {
		page := i%pages + 1
		growth()
		stats.bytes += get(page)
		stats.stream = max(stats.stream, growth())
	}
	stats.duration = time.Since(start)
	return stats
}

// TestCatalogExportMemoryIsFlat exports a catalogue of 10,000 datasets
// page by page (1,000 a page) and checks that while the server streams a
// page its live heap grows no more than for a catalogue of 1,000 datasets
// (exported as many times, so both runs sample as many pages), and stays
// far below the size of a page: datasets are read and encoded one at a
// time. With -short or -race the large catalogue has
// 3,000 datasets and only Turtle is measured.
//
// The live heap is sampled at the end of frequent collections; what a page
// allocates during a collection counts as live, so growth of a few MiB is
// noise of the measurement, not memory the server holds; ratios treat
// growth below floorMiB as floorMiB.
//
// The search of each page is measured apart and only logged. The next
// links page by key (after), so the search of a deep page costs what the
// first page costs; a client that jumps to page n by number makes
// search/bleve collect all hits up to the end of that page (from+size).
func TestCatalogExportMemoryIsFlat(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector slows a page of 1,000 datasets to seconds and distorts allocation; run without -race")
	}
	large, formats := 10000, []rdf.Format{rdf.Turtle, rdf.RDFXML}
	if testing.Short() {
		large, formats = 3000, formats[:1]
	}
	const perPage = 1000
	rounds := large / 1000
	small, big := MustGenEnv(t, 1000), MustGenEnv(t, large)
	for _, f := range formats {
		t.Run(f.Ext(), func(t *testing.T) {
			pages100 := mustExport(t, small, f, 100, rounds)
			s := mustExport(t, small, f, perPage, rounds)
			b := mustExport(t, big, f, perPage, 1)
			t.Logf("export %s 1k, per_page=100: %v", f.Ext(), pages100)
			t.Logf("export %s 1k ×%d: %v", f.Ext(), rounds, s)
			t.Logf("export %s %dk: %v", f.Ext(), large/1000, b)
			if ratio := mib(b.stream) / max(mib(s.stream), floorMiB); ratio >= 1.5 {
				t.Errorf("heap growth while streaming: %.2f MiB for %d datasets, %.2f MiB for 1000: ratio %.2f, want < 1.5",
					mib(b.stream), large, mib(s.stream), ratio)
			}
			if got := mib(max(s.stream, b.stream)); got >= pageBoundMiB {
				t.Errorf("heap growth while streaming pages of 1000: %.2f MiB, want < %.0f MiB (a page held in memory is several times that)", got, pageBoundMiB)
			}
		})
	}
}
