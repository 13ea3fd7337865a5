package ods_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester/ods"
)

// wantIncomplete fails t unless err marks the listing incomplete
// (ErrUnavailable) and its message contains every part.
func wantIncomplete(t *testing.T, err error, parts ...string) {
	t.Helper()
	if !errors.Is(err, municat.ErrUnavailable) {
		t.Fatalf("error %v, want ErrUnavailable", err)
	}
	for _, part := range parts {
		if !strings.Contains(municat.ErrorMessage(err), part) {
			t.Errorf("message %q lacks %q", municat.ErrorMessage(err), part)
		}
	}
}

func TestFetchEmptyPageTooEarly(t *testing.T) {
	p := newPortal(t)
	p.pages[2] = []byte(`{"total_count":5,"results":[]}`)
	got, err := fetch(t, quick(), p.URL, pageSize2)
	wantIncomplete(t, err, "ab Datensatz 2 keine Datensätze mehr", "5")
	if len(got.AllIDs) != 2 {
		t.Errorf("%d records before the empty page, want 2", len(got.AllIDs))
	}
}

func TestFetchPageRepeated(t *testing.T) {
	p := newPortal(t)
	p.search = func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, p.pages[0]) } // ignores offset
	got, err := fetch(t, quick(), p.URL, pageSize2)
	wantIncomplete(t, err, "Seite 2", "dieselben Datensätze wie Seite 1", "offset")
	if len(got.Pages) != 1 {
		t.Errorf("%d pages emitted, want 1 (the repeat is not emitted)", len(got.Pages))
	}
}

func TestFetchCountChanges(t *testing.T) {
	p := newPortal(t)
	p.pages[2] = withTotal(t, p.pages[2], 6)
	_, err := fetch(t, quick(), p.URL, pageSize2)
	wantIncomplete(t, err, "von 5 auf 6")
}

func TestFetchMaxPages(t *testing.T) {
	p := newPortal(t)
	_, err := fetch(t, &ods.Fetcher{MaxPages: 2}, p.URL, pageSize2)
	wantIncomplete(t, err, "nach 2 Seiten")
	if n := len(p.Requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestFetchEndlessPaging(t *testing.T) {
	p := newPortal(t)
	p.search = func(w http.ResponseWriter, r *http.Request) { // always one more, new dataset
		off := offsetOf(r)
		writeJSON(w, 200, []byte(fmt.Sprintf(`{"total_count":9000,"results":%s}`, syntheticDatasets(off, 1))))
	}
	_, err := fetch(t, &ods.Fetcher{MaxPages: 50}, p.URL, nil)
	wantIncomplete(t, err, "nach 50 Seiten")
}

func TestFetchFewerDistinctThanCounted(t *testing.T) {
	p := newPortal(t)
	p.search = func(w http.ResponseWriter, r *http.Request) {
		// Page 2 repeats the second dataset of page 1: a dataset inserted
		// before it shifted the pages.
		pages := map[int]string{0: "[0,1]", 2: "[1,2]", 4: "[3]"}
		var ids []int
		_ = json.Unmarshal([]byte(pages[offsetOf(r)]), &ids)
		var b strings.Builder
		for i, id := range ids {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"dataset_id":"ds-%d","metas":{"default":{"title":"D %d"}}}`, id, id)
		}
		writeJSON(w, 200, []byte(`{"total_count":5,"results":[`+b.String()+`]}`))
	}
	got, err := fetch(t, quick(), p.URL, pageSize2)
	wantIncomplete(t, err, "5 Datensätze", "nur 4 verschiedene")
	if len(got.Pages) != 3 {
		t.Errorf("%d pages, want 3", len(got.Pages))
	}
}

func TestFetchJustBelowSearchWindowPages(t *testing.T) {
	const window, total = 100, 99
	p := newPortal(t)
	p.search = func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, syntheticPage(r, total)) }
	exported := false
	p.export = func(w http.ResponseWriter, r *http.Request) { exported = true; http.NotFound(w, r) }
	got, err := fetch(t, ods.WithSearchWindow(quick(), window), p.URL, map[string]string{"page_size": "10"})
	if err != nil || len(got.AllIDs) != total {
		t.Fatalf("%d records, error %v; want %d", len(got.AllIDs), err, total)
	}
	if exported || len(got.Pages) != 10 {
		t.Errorf("export used: %v, pages %d; want paging in 10 pages", exported, len(got.Pages))
	}
	for _, u := range p.Requests() {
		off, _ := strconv.Atoi(u.Query().Get("offset"))
		lim, _ := strconv.Atoi(u.Query().Get("limit"))
		if lim < 1 || lim > 10 || off+lim >= window {
			t.Errorf("request offset %d limit %d leaves the search window", off, lim)
		}
	}
	if last := p.Requests()[9].Query(); last.Get("offset") != "90" || last.Get("limit") != "9" {
		t.Errorf("last request %v, want offset 90 limit 9", last)
	}
}

func TestFetchSearchWindowUsesExport(t *testing.T) {
	const window, total = 100, 100
	p := newPortal(t)
	p.search = func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, syntheticPage(r, total)) }
	p.export = func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, syntheticDatasets(0, total)) }
	got, err := fetch(t, ods.WithSearchWindow(quick(), window), p.URL, map[string]string{"where": "has_records", "apikey": "k3y"})
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if len(got.Pages) != 1 || len(got.AllIDs) != total {
		t.Fatalf("%d pages, %d records; want the export as 1 page of %d", len(got.Pages), len(got.AllIDs), total)
	}
	reqs := p.Requests()
	if len(reqs) != 2 || reqs[1].Path != "/api/explore/v2.1/catalog/exports/json" {
		t.Fatalf("requests %v, want one search page, then the export", reqs)
	}
	if q := reqs[1].Query(); q.Get("where") != "has_records" || q.Get("apikey") != "k3y" || q.Get("order_by") != "dataset_id" || q.Has("limit") || q.Has("offset") {
		t.Errorf("export query %v, want the filters, order and key, without limit and offset", q)
	}
	if pg := got.Pages[0]; !strings.HasPrefix(pg.URL, p.URL+"/api/explore/v2.1/catalog/exports/json?") || strings.Contains(pg.URL, "k3y") {
		t.Errorf("export page URL %s", pg.URL)
	}
}

// TestFetchRealSearchWindow checks the boundary at Opendatasoft's 10 000
// with faked counts: 9 999 is paged, 10 000 and more are exported.
func TestFetchRealSearchWindow(t *testing.T) {
	for _, tt := range []struct {
		total  int
		export bool
	}{{9999, false}, {10000, true}, {10001, true}} {
		p := newPortal(t)
		p.pages[0] = withTotal(t, p.pages[0], tt.total)
		_, err := fetch(t, quick(), p.URL, nil)
		if err == nil {
			t.Fatalf("total %d: no error, though the fixtures hold 5 datasets", tt.total)
		}
		reqs := p.Requests()
		if len(reqs) != 2 {
			t.Fatalf("total %d: %d requests, want 2", tt.total, len(reqs))
		}
		if exported := reqs[1].Path == "/api/explore/v2.1/catalog/exports/json"; exported != tt.export {
			t.Errorf("total %d: second request %s, want export %v", tt.total, reqs[1], tt.export)
		}
		if l := reqs[0].Query().Get("limit"); l != "100" {
			t.Errorf("total %d: first limit %s", tt.total, l)
		}
	}
}

func TestFetchExportOfFixtures(t *testing.T) {
	p := newPortal(t)
	viaPages, err := fetch(t, quick(), p.URL, pageSize2)
	if err != nil {
		t.Fatal(err)
	}
	p.pages[0] = withTotal(t, p.pages[0], 12000) // fake: more than the search window
	got, err := fetch(t, quick(), p.URL, pageSize2)
	// The export holds 5 datasets, the search claimed 12000: incomplete.
	wantIncomplete(t, err, "12000", "nur 5")
	if len(got.Pages) != 1 || string(got.Pages[0].Body) != string(MustReadFixture(t, exportFixture)) {
		t.Fatalf("want the export emitted as it was served")
	}
	for _, id := range fixtureIDs {
		a, b := got.AllByID[id].Dataset, viaPages.AllByID[id].Dataset
		if a == nil || b == nil || a.Hash() != b.Hash() {
			t.Errorf("%s maps differently from the export than from the search", id)
		}
	}
}

func TestFetchExportTooLarge(t *testing.T) {
	p := newPortal(t)
	p.search = func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, syntheticPage(r, 200)) }
	p.export = func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, syntheticDatasets(0, 200)) }
	_, err := fetch(t, ods.WithSearchWindow(&ods.Fetcher{MaxBytes: 4096}, 100), p.URL, map[string]string{"page_size": "1"})
	if !errors.Is(err, municat.ErrTooLarge) {
		t.Fatalf("error %v, want ErrTooLarge", err)
	}
	for _, part := range []string{"Katalog-Export", "where", "refine"} {
		if !strings.Contains(municat.ErrorMessage(err), part) {
			t.Errorf("message %q lacks %q", municat.ErrorMessage(err), part)
		}
	}
}
