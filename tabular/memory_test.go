package tabular_test

import (
	"context"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/tabular"
)

// heapPeak samples runtime.MemStats.HeapInuse while it runs.
type heapPeak struct {
	stop chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	peak uint64
}

func startHeapPeak() *heapPeak {
	h := &heapPeak{stop: make(chan struct{})}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			h.mu.Lock()
			h.peak = max(h.peak, ms.HeapInuse)
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

// take returns the peak since the last call and starts a new one.
func (h *heapPeak) take() uint64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	p := h.peak
	h.peak = 0
	return p
}

func (h *heapPeak) close() { close(h.stop); h.wg.Wait() }

// bigRows makes a generated CSV of about 310 MB.
const bigRows = 2_450_000

// maxHeapInuse is the bound of the heap in use while a 300 MB file is
// processed and queried: flat, independent of the file's size.
const maxHeapInuse = 64 << 20

func TestBigCSVMemoryIsFlat(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("300 MB: not with -short or -race (scripts/test.sh runs it without -race)")
	}
	ctx := context.Background()
	svc, cat := MustService(t)
	gen := newGenerator(bigRows)
	start := time.Now()
	key, err := cat.PutFile(ctx, "gross", "d1", "haushalt.csv", gen, -1, "text/csv")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated %d rows, %.1f MB in %v", bigRows, float64(gen.n)/1e6, time.Since(start).Round(time.Millisecond))
	d := &municat.Dataset{ID: "gross", Title: municat.Text{"de": "Haushalt"}, State: municat.Published,
		Distributions: []municat.Distribution{{ID: "d1", AccessURL: "https://example.org/h.csv", Format: "CSV", FileKey: key}}}
	if err := cat.PutDataset(ctx, d); err != nil {
		t.Fatal(err)
	}

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	baseline := ms.HeapInuse
	peak := startHeapPeak()
	defer peak.close()
	start = time.Now()
	st, err := svc.Process(ctx, "gross", "d1")
	if err != nil || st.State != tabular.Ready {
		t.Fatalf("process: %v %+v", err, st)
	}
	took := time.Since(start)
	procPeak := peak.take()
	t.Logf("processed %d rows in %v: %.1f MB/s (file read twice), peak HeapInuse %.1f MiB",
		st.Rows, took.Round(time.Millisecond), float64(gen.n)/1e6/took.Seconds(), float64(procPeak)/(1<<20))
	if st.Rows != bigRows {
		t.Fatalf("%d rows, want %d", st.Rows, bigRows)
	}
	tab, err := svc.Open(ctx, d, &d.Distributions[0])
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]tabular.Type{}
	for _, c := range tab.Schema.Columns {
		types[c.Key] = c.Type
	}
	want := map[string]tabular.Type{"id": tabular.Integer, "datum": tabular.Date, "betrag_eur": tabular.Number,
		"kategorie": tabular.Text, "menge": tabular.Integer, "aktiv": tabular.Boolean, "bemerkung": tabular.Text}
	for k, typ := range want {
		if types[k] != typ {
			t.Errorf("column %s: type %q, want %q", k, types[k], typ)
		}
	}

	// Filtered and sorted: Brücken with menge >= 900, highest betrag first.
	parse := func(param, value string) tabular.Filter {
		f, err := tab.Schema.ParseFilter(param, value)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	srt, err := tab.Schema.ParseSort("-betrag_eur")
	if err != nil {
		t.Fatal(err)
	}
	q := tabular.Query{Filters: []tabular.Filter{parse("kategorie__eq", "Brücken"), parse("menge__ge", "900")}, Sort: srt, Limit: 100}
	wantTop, wantIDs := bigExpectations()
	runtime.GC() // the garbage of bigExpectations is not the query's
	peak.take()
	start = time.Now()
	page, err := tab.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	sortedLatency := time.Since(start)
	if len(page.Rows) != 100 || page.Next == "" {
		t.Fatalf("%d rows, next %q", len(page.Rows), page.Next)
	}
	for i, row := range page.Rows {
		if row[0].(int64) != wantTop[i].id || row[2].(float64) != float64(wantTop[i].cents)/100 {
			t.Fatalf("sorted row %d: %v, want id %d betrag %d cents", i, row, wantTop[i].id, wantTop[i].cents)
		}
	}
	// The second page continues exactly.
	q.Cursor = page.Next
	start = time.Now()
	page2, err := tab.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	sortedNext := time.Since(start)
	if page2.Rows[0][0].(int64) != wantTop[100].id {
		t.Fatalf("second page starts with %v, want id %d", page2.Rows[0], wantTop[100].id)
	}
	queryPeak := peak.take()

	// A paged walk in file order: Schulen, aktiv, menge < 100.
	q = tabular.Query{Filters: []tabular.Filter{parse("kategorie__eq", "Schulen"), parse("aktiv__eq", "ja"), parse("menge__lt", "100")}, Limit: 100}
	var got []int64
	var slowest time.Duration
	runtime.GC()
	peak.take()
	start = time.Now()
	pages := 0
	for {
		t0 := time.Now()
		p, err := tab.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		slowest = max(slowest, time.Since(t0))
		pages++
		for _, r := range p.Rows {
			got = append(got, r[0].(int64))
			if !strings.Contains(r[3].(string), "Schulen") || r[5] != true || r[4].(int64) >= 100 {
				t.Fatalf("row %v does not pass the filters", r)
			}
		}
		if p.Next == "" {
			break
		}
		q.Cursor = p.Next
	}
	walk := time.Since(start)
	walkPeak := peak.take()
	if !slices.Equal(got, wantIDs) {
		t.Fatalf("walk: %d ids, want %d", len(got), len(wantIDs))
	}
	t.Logf("sorted query (2 filters, top 100 of %d): %v, next page %v; walk of %d pages (%d rows): %v, slowest page %v",
		len(wantTop), sortedLatency.Round(time.Millisecond), sortedNext.Round(time.Millisecond), pages, len(got), walk.Round(time.Millisecond), slowest.Round(time.Millisecond))
	t.Logf("peak HeapInuse: processing %.1f MiB, sorted queries %.1f MiB, walk %.1f MiB (bound %d MiB; %.1f MiB before processing); GOGC %d",
		float64(procPeak)/(1<<20), float64(queryPeak)/(1<<20), float64(walkPeak)/(1<<20), maxHeapInuse>>20, float64(baseline)/(1<<20), debug.SetGCPercent(100))
	for name, p := range map[string]uint64{"processing": procPeak, "sorted query": queryPeak, "walk": walkPeak} {
		if p > maxHeapInuse {
			t.Errorf("%s: peak HeapInuse %.1f MiB, over %d MiB", name, float64(p)/(1<<20), maxHeapInuse>>20)
		}
	}
}

// bigExpectations computes, from the generator alone, the rows of the
// sorted query (Brücken, menge >= 900, highest betrag first, ties in file
// order) and the ids of the walk (Schulen, aktiv, menge < 100).
func bigExpectations() ([]genRow, []int64) {
	var top []genRow
	var ids []int64
	for i := range int64(bigRows) {
		r := makeRow(i)
		if r.kategorie == "Brücken" && r.menge >= 900 {
			top = append(top, r)
		}
		if r.kategorie == "Schulen" && r.aktiv && r.menge < 100 {
			ids = append(ids, r.id)
		}
	}
	slices.SortStableFunc(top, func(a, b genRow) int {
		switch {
		case a.cents > b.cents:
			return -1
		case a.cents < b.cents:
			return 1
		}
		return 0
	})
	return top, ids
}
