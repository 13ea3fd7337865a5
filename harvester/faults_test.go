package harvester_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/ckan"
	"github.com/municat/municat/harvester/dcat"
	"github.com/municat/municat/internal/faultserver"
	"github.com/municat/municat/store/fs"
)

// faultMaxBytes is the size cap of the fetchers in the fault suite. The
// default (harvester.DefaultMaxBytes, 64 MiB) is above the 50 MB body of
// the huge-body fault, which it would read whole; 16 MiB shows the cap.
const faultMaxBytes = 16 << 20

// faultMaxPages is the loop guard of the fetchers in the fault suite.
const faultMaxPages = 20

// faultListings are the datasets of the fixture listings per source type,
// read from the files by hand: remote id and title. The last one of each
// is the one the source drops before the second run.
var faultListings = map[string][][2]string{
	// testdata/fixtures/ckan/demo_ckan_package_search_rows3_start0.json
	municat.SourceCKAN: {
		{"62513382-3b26-4bc8-9096-40b6ce8383c0", "100 Validated Species of Plants"},
		{"9c3036b8-f6ac-4a4e-9036-5a3cc90c3900", "規管海外物業銷售"},
		{"17be64bb-da74-4195-9bb8-565c39846af2", "2016 Regione Asia Est Oceania * Classi di età"},
	},
	// testdata/fixtures/dcat/catalog-endpoint.rdf
	municat.SourceDCAT: {
		{"http://data.example-domain.de/dataset/63961baa-2fd0-40d4-9242-4a9640ff5f1e", "Aktuelle Ausschreibungen nach VOL, VOB, VOF oder für Interessenbekundungsverfahren"},
		{"http://data.example-domain.de/dataset/0ee2fe79-fc37-400d-a8ca-4915b0295aec", "Europawahl 2009 - Ebene: SPD, Gewinne und Verluste gegenüber Europawahl 2004 in %-Punkten (VG)"},
		{"http://data.example-domain.de/dataset/4ade8a03-2801-471a-8f7f-97c70265e7eb", "Testdatensatz Lizenz Offenheit"},
		{"http://data.example-domain.de/dataset/bd2d4fa6-e9ad-470d-888b-5eb1378d39e9", "Naturräume Geest und Marsch"},
		{"http://data.example-domain.de/dataset/3ca58f59-adfd-4ae7-a277-1707973fd755", "Testdatensatz DCATde Migration"},
		{"http://data.example-domain.de/dataset/b5882a57-d142-4930-9290-b12bbb6e3f0c", "Titel"},
	},
}

// faultEnv is a runner over a file store harvesting one source served by a
// fault server.
type faultEnv struct {
	kind   string // municat.SourceCKAN or municat.SourceDCAT
	srv    *faultserver.Server
	docs   *faultserver.Docs
	path   string // the path of the listing, where faults are set
	cat    *catalog.Catalog
	runner *harvester.Runner
	src    *municat.Source
}

// MustFaultEnv returns an env for a CKAN or DCAT source served from the
// fixtures, whose fetchers use the harvest HTTP client and retry twice after 5 ms, cap a body at
// faultMaxBytes and a listing at faultMaxPages pages.
func MustFaultEnv(tb testing.TB, kind string) *faultEnv {
	tb.Helper()
	st, err := fs.Open(tb.TempDir())
	if err != nil {
		tb.Fatalf("fs.Open: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	// The harvest client without its politeness delay between requests,
	// which would make the 20-page cases take 5 s.
	client := harvester.NewHTTPClientWith(&harvester.Transport{HostDelay: -1, AllowNets: loopbackNets})
	tb.Cleanup(client.CloseIdleConnections)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e := &faultEnv{kind: kind, cat: catalog.New(st)}
	var f harvester.Fetcher
	switch kind {
	case municat.SourceCKAN:
		e.docs, e.path = faultserver.CKAN(tb), faultserver.SearchPath
		f = &ckan.Fetcher{Client: client, MaxBytes: faultMaxBytes, MaxPages: faultMaxPages, Retries: 2, Backoff: 5 * time.Millisecond}
	case municat.SourceDCAT:
		e.docs, e.path = faultserver.DCAT(tb), faultserver.CatalogPath
		f = &dcat.Fetcher{Client: client, MaxBytes: faultMaxBytes, MaxPages: faultMaxPages, Retries: 2, Backoff: 5 * time.Millisecond, Logger: log}
	default:
		tb.Fatalf("no fault env for %q", kind)
	}
	e.srv = faultserver.New(tb, e.docs)
	e.runner = &harvester.Runner{Catalog: e.cat, Fetchers: map[string]harvester.Fetcher{kind: f}, Logger: log}
	e.src = &municat.Source{ID: "faulty", Type: kind, URL: e.srv.URL, Organization: "stadt-demo"}
	if kind == municat.SourceDCAT {
		e.src.URL += faultserver.CatalogPath
	}
	return e
}

// MustDropLast makes the source list every dataset of faultListings but the
// last one, as if it was deleted at the source.
func MustDropLast(tb testing.TB, e *faultEnv) {
	tb.Helper()
	doc, _ := e.docs.Get(e.path)
	listing := faultListings[e.kind]
	dropped := listing[len(listing)-1][0]
	switch e.kind {
	case municat.SourceCKAN:
		var v map[string]any
		if err := json.Unmarshal(doc.Body, &v); err != nil {
			tb.Fatal(err)
		}
		result := v["result"].(map[string]any)
		var kept []any
		for _, p := range result["results"].([]any) {
			if p.(map[string]any)["id"] != dropped {
				kept = append(kept, p)
			}
		}
		result["results"], result["count"] = kept, len(kept)
		b, err := json.Marshal(v)
		if err != nil {
			tb.Fatal(err)
		}
		doc.Body = b
	case municat.SourceDCAT:
		s := string(doc.Body)
		start := strings.Index(s, `<dcat:dataset>
      <dcat:Dataset rdf:about="`+dropped+`">`)
		end := strings.Index(s[max(start, 0):], "</dcat:dataset>")
		total := `#integer">6</hydra:totalItems>`
		if start < 0 || end < 0 || !strings.Contains(s, total) {
			tb.Fatalf("the catalogue fixture changed: %s or its totalItems not found", dropped)
		}
		s = s[:start] + s[start+end+len("</dcat:dataset>"):]
		doc.Body = []byte(strings.Replace(s, total, `#integer">5</hydra:totalItems>`, 1))
	}
	e.docs.Put(e.path, doc)
}

// MustPublished checks that exactly the datasets of the listing of kind are
// stored for the source, with their titles, all published except the
// withdrawn ones.
func MustPublished(tb testing.TB, e *faultEnv, withdrawn ...string) {
	tb.Helper()
	stored := MustSourceDatasets(tb, e.cat, e.src.ID)
	listing := faultListings[e.kind]
	if len(stored) != len(listing) {
		tb.Errorf("%d datasets stored, want %d", len(stored), len(listing))
	}
	for _, rt := range listing {
		d := stored[municat.DatasetID(e.src.ID, rt[0])]
		if d == nil {
			tb.Errorf("dataset %s not stored", rt[0])
			continue
		}
		want := municat.Published
		for _, w := range withdrawn {
			if w == rt[0] {
				want = municat.Withdrawn
			}
		}
		if d.State != want || d.Title.String() != rt[1] || d.RemoteID != rt[0] {
			tb.Errorf("dataset %s: state %q, title %q; want %q, %q", rt[0], d.State, d.Title.String(), want, rt[1])
		}
	}
}

// TestRunFaults harvests a source cleanly, then with a fault switched on.
// Before the second run the source drops one dataset, so a run that took a
// broken listing as complete would withdraw it (or all). What each fault
// must do to the second run:
//
//	fault                            source  second run
//	HTTP 500 twice, then OK          CKAN    succeeds after 2 retries (3 requests); the dropped dataset is withdrawn
//	HTTP 503 once, Retry-After: 1    CKAN    succeeds; the retry came ≥ 1 s after the 503
//	HTTP 500 forever                 CKAN    fails after 3 requests, naming HTTP 500
//	no answer (hang)                 CKAN    fails by the run's time limit (1 s), within 5 s
//	body cut after half              CKAN    fails after 3 requests (each retried): source not reachable
//	malformed JSON                   CKAN    fails: not a JSON object
//	malformed XML                    DCAT    fails: cannot be read as RDF/XML
//	50 MB body, chunked              CKAN    fails: larger than 16 MiB; far less than 50 MB was sent
//	50 MB body, Content-Length       CKAN    fails: larger than 16 MiB; far less than 50 MB was sent
//	endless paging (count)           CKAN    fails by the loop guard after 20 pages
//	endless hydra:next               DCAT    fails by the loop guard after 20 pages
//	one byte every 50 ms             CKAN    fails by the run's time limit (1 s), within 5 s
//
// Every failed run: status failed, a German message, nothing withdrawn, the
// datasets of the first run all still published.
func TestRunFaults(t *testing.T) {
	t.Parallel()
	const huge = 50_000_000
	for _, c := range []struct {
		name     string
		kind     string
		fault    faultserver.Fault
		timeout  time.Duration // of the second run; 0: the default
		ok       bool          // the second run succeeds
		msg      string        // in Run.Error of a failed run
		requests int           // for the listing in the second run; 0: not checked
		pages    int           // of the second run
		check    func(t *testing.T, e *faultEnv, took time.Duration)
	}{
		{name: "500 twice then recovery", kind: municat.SourceCKAN, fault: faultserver.FailN(http.StatusInternalServerError, 2),
			ok: true, requests: 3, pages: 1},
		{name: "503 with Retry-After", kind: municat.SourceCKAN, fault: faultserver.FailNRetryAfter(http.StatusServiceUnavailable, 1, "1"),
			ok: true, requests: 2, pages: 1, check: func(t *testing.T, e *faultEnv, _ time.Duration) {
				times := e.srv.Times(e.path)
				if wait := times[len(times)-1].Sub(times[len(times)-2]); wait < time.Second {
					t.Errorf("the retry came %v after the 503, want ≥ 1s (Retry-After)", wait)
				}
			}},
		{name: "500 forever", kind: municat.SourceCKAN, fault: faultserver.Fail(http.StatusInternalServerError),
			msg: "Die Quelle antwortete mit HTTP 500 auf http://", requests: 3},
		{name: "hang", kind: municat.SourceCKAN, fault: faultserver.Hang(), timeout: time.Second,
			msg: "Der Lauf überschritt das Zeitlimit", requests: 1, check: within(time.Second, 5*time.Second)},
		{name: "truncated body", kind: municat.SourceCKAN, fault: faultserver.Truncate(),
			msg: "brach vorzeitig ab", requests: 3},
		{name: "malformed JSON", kind: municat.SourceCKAN, fault: faultserver.MalformedJSON(),
			msg: "ist kein gültiges JSON-Objekt", requests: 1},
		{name: "malformed XML", kind: municat.SourceDCAT, fault: faultserver.MalformedXML(),
			msg: "ließ sich nicht als RDF/XML lesen", requests: 1},
		{name: "50 MB body chunked", kind: municat.SourceCKAN, fault: faultserver.Huge(huge),
			msg: "größer als die erlaubten 16 MiB", requests: 1, check: sentBelow(huge)},
		{name: "50 MB body declared", kind: municat.SourceCKAN, fault: faultserver.HugeDeclared(huge),
			msg: "größer als die erlaubten 16 MiB", requests: 1, check: sentBelow(huge)},
		{name: "endless paging CKAN", kind: municat.SourceCKAN, fault: faultserver.EndlessNext(),
			msg: "lieferte nach 20 Seiten noch immer Datensätze", requests: faultMaxPages, pages: faultMaxPages},
		{name: "endless hydra:next", kind: municat.SourceDCAT, fault: faultserver.EndlessNext(),
			msg: "endete nach 20 Seiten noch immer nicht", requests: faultMaxPages, pages: faultMaxPages},
		{name: "slow drip", kind: municat.SourceCKAN, fault: faultserver.SlowDrip(50 * time.Millisecond), timeout: time.Second,
			msg: "Der Lauf überschritt das Zeitlimit", requests: 1, check: within(time.Second, 5*time.Second)},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := MustFaultEnv(t, c.kind)
			listing := faultListings[c.kind]
			n := len(listing)
			dropped := listing[n-1][0]

			res, err := e.runner.Run(context.Background(), e.src, harvester.RunOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Run.Status != municat.RunSucceeded || res.Run.Counts.Added != n {
				t.Fatalf("clean run: %s %+v %q, want succeeded with %d added", res.Run.Status, res.Run.Counts, res.Run.Error, n)
			}
			MustPublished(t, e)

			MustDropLast(t, e)
			e.srv.Set(e.path, c.fault)
			before := e.srv.Requests(e.path)
			start := time.Now()
			res, err = e.runner.Run(context.Background(), e.src, harvester.RunOptions{Timeout: c.timeout})
			took := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			run := res.Run
			MustStoredRun(t, e.cat, run)
			if got := e.srv.Requests(e.path) - before; c.requests != 0 && got != c.requests {
				t.Errorf("%d requests for the listing, want %d", got, c.requests)
			}
			if run.Pages != c.pages {
				t.Errorf("%d pages, want %d", run.Pages, c.pages)
			}
			if c.ok {
				want := municat.RunCounts{Unchanged: n - 1, Withdrawn: 1}
				if run.Status != municat.RunSucceeded || unflagged(run.Counts) != want || run.Error != "" {
					t.Errorf("second run: %s %+v %q, want succeeded with %+v", run.Status, run.Counts, run.Error, want)
				}
				if len(res.Withdrawn) != 1 || res.Withdrawn[0] != municat.DatasetID(e.src.ID, dropped) {
					t.Errorf("withdrawn %v, want the dropped %s", res.Withdrawn, dropped)
				}
				MustPublished(t, e, dropped)
			} else {
				if run.Status != municat.RunFailed || !strings.Contains(run.Error, c.msg) {
					t.Errorf("second run: %s %q, want failed with %q", run.Status, run.Error, c.msg)
				}
				if !strings.Contains(run.Error, "zurückgezogen") {
					t.Errorf("the message %q does not say whether anything was withdrawn", run.Error)
				}
				if run.Counts.Withdrawn != 0 || len(res.Withdrawn) != 0 || run.Counts.Added != 0 || run.Counts.Updated != 0 {
					t.Errorf("failed run: %+v, withdrawn %v; want nothing withdrawn or written", run.Counts, res.Withdrawn)
				}
				MustPublished(t, e)
			}
			if c.check != nil {
				c.check(t, e, took)
			}
		})
	}
}

// within checks that the run took at least min and at most max.
func within(lo, hi time.Duration) func(*testing.T, *faultEnv, time.Duration) {
	return func(t *testing.T, _ *faultEnv, took time.Duration) {
		if took < lo || took > hi {
			t.Errorf("the run took %v, want between %v and %v", took, lo, hi)
		}
	}
}

// sentBelow checks, once the server has stopped answering, that it wrote
// fewer than n body bytes: the client stopped reading at its cap and did
// not take in the whole body.
func sentBelow(n int64) func(*testing.T, *faultEnv, time.Duration) {
	return func(t *testing.T, e *faultEnv, _ time.Duration) {
		deadline := time.Now().Add(5 * time.Second)
		for e.srv.Active() > 0 {
			if time.Now().After(deadline) {
				t.Fatal("the server still streams the huge body after the run")
			}
			time.Sleep(10 * time.Millisecond)
		}
		if sent := e.srv.Sent(e.path); sent >= n {
			t.Errorf("the server sent %d bytes, the whole body of %d", sent, n)
		} else {
			t.Logf("the server could send %d of %d bytes before the client hung up", sent, n)
		}
	}
}

// TestSchedulerHangingSourceDoesNotStopOthers schedules two CKAN sources on
// one host every second, sharing the production HTTP client (with its
// politeness per host): one hangs, the other is healthy. The healthy one
// goes on running while the other is stuck; the hanging one is freed by its
// run time limit (Source.Timeout, 5 s) and recorded as failed, its ticks
// meanwhile are skipped, and Stop ends its next run at once, recorded as
// interrupted.
//
// It measures the schedule, so it does not run in parallel with the
// package's parallel tests (some of which stream 16 MiB under -race). The
// time limit leaves room for a loaded machine, where one run of the healthy
// source may take longer than a second and skip a tick.
func TestSchedulerHangingSourceDoesNotStopOthers(t *testing.T) {
	const limit = 5 * time.Second
	docs := faultserver.CKAN(t)
	search, _ := docs.Get(faultserver.SearchPath)
	docs.Put("/hanging"+faultserver.SearchPath, search)
	docs.Put("/healthy"+faultserver.SearchPath, search)
	srv := faultserver.New(t, docs)
	hangPath := "/hanging" + faultserver.SearchPath
	srv.Set(hangPath, faultserver.Hang())

	st, err := fs.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cat := catalog.New(st)
	client := harvester.NewHTTPClientWith(&harvester.Transport{AllowNets: loopbackNets})
	t.Cleanup(client.CloseIdleConnections)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	runner := &harvester.Runner{
		Catalog:  cat,
		Fetchers: map[string]harvester.Fetcher{municat.SourceCKAN: &ckan.Fetcher{Client: client, Backoff: 5 * time.Millisecond}},
		Logger:   log,
	}
	sources := []municat.Source{
		{ID: "hanging", Type: municat.SourceCKAN, URL: srv.URL + "/hanging", Organization: "stadt-demo", Schedule: "@every 1s", Timeout: limit.String()},
		{ID: "healthy", Type: municat.SourceCKAN, URL: srv.URL + "/healthy", Organization: "stadt-demo", Schedule: "@every 1s"},
	}
	results := make(chan *harvester.Result, 100)
	s, err := harvester.NewScheduler(runner, sources, func(res *harvester.Result) { results <- res }, log)
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	stopped := false
	defer func() {
		if !stopped {
			_ = s.Stop(context.Background())
		}
	}()

	// Wait until the first hanging run failed and the next one hangs.
	var healthy, hanging []*municat.Run
	deadline := time.After(4 * limit)
	for len(hanging) < 1 || srv.Requests(hangPath) < 2 {
		select {
		case res := <-results:
			if res.Run.SourceID == "healthy" {
				healthy = append(healthy, res.Run)
			} else {
				hanging = append(hanging, res.Run)
			}
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatalf("after %v: %d healthy runs, %d hanging runs finished, %d hanging requests", 4*limit, len(healthy), len(hanging), srv.Requests(hangPath))
		}
	}

	stuck := hanging[0]
	MustStoredRun(t, cat, stuck)
	if stuck.Status != municat.RunFailed || !strings.Contains(stuck.Error, "Zeitlimit") || stuck.Counts.Withdrawn != 0 {
		t.Errorf("hanging run: %s %+v %q; want failed by the time limit", stuck.Status, stuck.Counts, stuck.Error)
	}
	if took := stuck.Finished.Sub(stuck.Started); took < limit || took > limit+3*time.Second {
		t.Errorf("the hanging run ended after %v, want its time limit of %v", took, limit)
	}
	during := 0
	for i, run := range healthy {
		MustStoredRun(t, cat, run)
		if run.Status != municat.RunSucceeded || run.Counts.Added+run.Counts.Unchanged != 3 {
			t.Errorf("healthy run %d: %s %+v %q", i+1, run.Status, run.Counts, run.Error)
		}
		if run.Started.After(stuck.Started) && run.Started.Before(*stuck.Finished) {
			during++
		}
	}
	if during < 2 {
		t.Errorf("%d healthy runs started while the other source hung for %v (%v–%v), want ≥ 2 (one a second, or every other one on a loaded machine)", during, limit, stuck.Started, stuck.Finished)
		for _, run := range healthy {
			t.Logf("healthy run %v–%v", run.Started, run.Finished)
		}
	}

	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = s.Stop(ctx)
	stopped = true
	if took := time.Since(start); err != nil || took > 2*time.Second {
		t.Fatalf("Stop: %v after %v, want nil at once", err, took)
	}
	close(results)
	var last *municat.Run
	for res := range results {
		if res.Run.SourceID == "hanging" {
			last = res.Run
		}
	}
	if last == nil || last.Status != municat.RunInterrupted || last.Error == "" || last.Finished == nil {
		t.Fatalf("the hanging run at Stop: %+v, want interrupted with a message", last)
	}
	MustStoredRun(t, cat, last)
	runs, err := cat.Runs(context.Background(), "hanging")
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || srv.Requests(hangPath) != 2 {
		t.Errorf("%d runs of the hanging source recorded, %d requests; want 2 each (the ticks while it hung skipped)", len(runs), srv.Requests(hangPath))
	}
}
