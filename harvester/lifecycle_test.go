package harvester_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/store/fs"
)

// stuckFetcher ignores its context: it waits for release, then emits one
// record, and reports emit's error on done.
type stuckFetcher struct {
	release chan struct{}
	done    chan error
}

func (f *stuckFetcher) Fetch(ctx context.Context, src *municat.Source, emit func(*harvester.Page) error) error {
	<-f.release
	err := emit(&harvester.Page{URL: "stuck://", Body: []byte("x"), Records: []harvester.Record{rec("late", "Spät")}})
	f.done <- err
	return err
}

// TestRunStuckIsGivenUp: a fetcher that ignores its time limit does not
// block its source: the Runner gives the run up after StuckGrace, records
// it as failed, frees the source, and nothing the run does later is
// written.
func TestRunStuckIsGivenUp(t *testing.T) {
	f := &stuckFetcher{release: make(chan struct{}), done: make(chan error, 1)}
	r, src, _ := MustFakeEnv(t, nil)
	r.Fetchers["fake"] = f
	r.StuckGrace = 100 * time.Millisecond
	start := time.Now()
	res, err := r.Run(context.Background(), src, harvester.RunOptions{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("Run returned after %s; want soon after timeout + grace", took)
	}
	if res.Run.Status != municat.RunFailed || !strings.Contains(res.Run.Error, "reagierte nach Ablauf seines Zeitlimits") {
		t.Fatalf("stuck run: %s %q", res.Run.Status, res.Run.Error)
	}
	runs, err := r.Catalog.Runs(context.Background(), src.ID)
	if err != nil || len(runs) != 1 || runs[0].Status != municat.RunFailed || runs[0].Finished == nil {
		t.Fatalf("stored runs %+v, %v; want the one run, failed and finished", runs, err)
	}
	// The source is free at once: a second run is not refused. It gets
	// stuck too (same fetcher) and is given up as well.
	res2, err := r.Run(context.Background(), src, harvester.RunOptions{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("second run refused: %v", err)
	}
	if res2.Run.Status != municat.RunFailed {
		t.Errorf("second run %s", res2.Run.Status)
	}
	// The stuck goroutines wake up: their writes are fenced off.
	close(f.release)
	for range 2 {
		if err := <-f.done; err == nil {
			t.Errorf("emit after the run was given up returned nil; want an error")
		}
	}
	if _, err := r.Catalog.Dataset(context.Background(), "fake.late"); !errors.Is(err, municat.ErrNotFound) {
		t.Errorf("dataset of an abandoned run was written: %v", err)
	}
	runs, _ = r.Catalog.Runs(context.Background(), src.ID)
	for _, run := range runs {
		if run.Status != municat.RunFailed {
			t.Errorf("run %s is %s after the stuck fetcher woke; want failed", run.ID, run.Status)
		}
	}
}

// clock is a settable time for runs.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// TestWithdrawnThenArchived: a dataset missing after a complete run is
// withdrawn (reachable, not listed), archived once the grace period passed
// (not before, and not by a failed run), and published again when its
// source lists it again.
func TestWithdrawnThenArchived(t *testing.T) {
	f := &fakeFetcher{pages: [][]harvester.Record{{rec("a", "A"), rec("b", "B")}}}
	r, src, _ := MustFakeEnv(t, f)
	c := &clock{t: time.Date(2026, 1, 1, 3, 0, 0, 0, time.UTC)}
	r.Now = c.now
	run := func() *harvester.Result {
		t.Helper()
		return mustRunSource(t, r, src)
	}
	run()
	f.pages = [][]harvester.Record{{rec("a", "A")}}
	c.t = c.t.Add(24 * time.Hour)
	withdrawnAt := c.t
	if res := run(); res.Run.Counts.Withdrawn != 1 || len(res.Withdrawn) != 1 {
		t.Fatalf("run 2: %+v", res.Run.Counts)
	}
	d := MustDataset(t, r.Catalog, "fake.b")
	if d.State != municat.Withdrawn || d.WithdrawnAt == nil || !d.WithdrawnAt.Equal(withdrawnAt) {
		t.Fatalf("b: %s withdrawn at %v; want withdrawn at %v", d.State, d.WithdrawnAt, withdrawnAt)
	}

	c.t = withdrawnAt.Add(harvester.DefaultArchiveAfter - time.Hour)
	if res := run(); res.Run.Counts.Archived != 0 {
		t.Fatalf("archived before the grace period ended: %+v", res.Run.Counts)
	}
	c.t = withdrawnAt.Add(harvester.DefaultArchiveAfter + time.Hour)
	f.err = municat.Errorf(municat.EUNAVAILABLE, "Seite 2 fehlt")
	if res := run(); res.Run.Status != municat.RunFailed || res.Run.Counts.Archived != 0 {
		t.Fatalf("failed run: %s %+v; want failed, nothing archived", res.Run.Status, res.Run.Counts)
	}
	f.err = nil
	res := run()
	if res.Run.Counts.Archived != 1 || len(res.Changes) != 1 || res.Changes[0] != (harvester.Change{Action: harvester.ChangeArchive, ID: "fake.b", Title: "B"}) {
		t.Fatalf("run after the grace period: %+v %+v", res.Run.Counts, res.Changes)
	}
	if d := MustDataset(t, r.Catalog, "fake.b"); d.State != municat.Archived {
		t.Fatalf("b is %s, want archived", d.State)
	}
	if res := run(); res.Run.Counts.Archived != 0 {
		t.Errorf("archived twice: %+v", res.Run.Counts)
	}

	f.pages = [][]harvester.Record{{rec("a", "A"), rec("b", "B")}}
	if res := run(); res.Run.Counts.Updated != 1 || len(res.Changed) != 1 || res.Changed[0] != "fake.b" {
		t.Fatalf("b listed again: %+v changed %v", res.Run.Counts, res.Changed)
	}
	if d := MustDataset(t, r.Catalog, "fake.b"); d.State != municat.Published || d.WithdrawnAt != nil {
		t.Errorf("b listed again is %s (withdrawn at %v); want published", d.State, d.WithdrawnAt)
	}
}

// TestRecordErrorLinksTheOriginal: a record error names the original
// record's address, so the data officer can open it.
func TestRecordErrorLinksTheOriginal(t *testing.T) {
	bad := harvester.Record{RemoteID: "x", Err: errors.New("Titel fehlt."), Link: "https://quelle.example/record/x"}
	f := &fakeFetcher{pages: [][]harvester.Record{{rec("a", "A"), bad}}}
	r, src, _ := MustFakeEnv(t, f)
	res, err := r.Run(context.Background(), src, harvester.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Run.Status != municat.RunSucceeded || len(res.Run.RecordErrors) != 1 {
		t.Fatalf("%s %+v", res.Run.Status, res.Run.RecordErrors)
	}
	if e := res.Run.RecordErrors[0]; e.RemoteID != "x" || e.Link != "https://quelle.example/record/x" || e.Message != "Titel fehlt." {
		t.Errorf("record error %+v", e)
	}
}

// twoSources returns a runner over one store with fake fetchers for the
// sources "stadt" (a city portal) and "land" (the state portal
// re-publishing it).
func twoSources(t *testing.T, city, state *fakeFetcher) (*harvester.Runner, *municat.Source, *municat.Source) {
	t.Helper()
	st, err := fs.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r := &harvester.Runner{
		Catalog:  catalog.New(st),
		Fetchers: map[string]harvester.Fetcher{"stadt": city, "land": state},
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	return r, &municat.Source{ID: "stadt", Type: "stadt", URL: "https://stadt.example", Organization: "stadt"},
		&municat.Source{ID: "land", Type: "land", URL: "https://land.example", Organization: "land"}
}

// dsRec returns a record with an identifier and a landing page.
func dsRec(remoteID, title, identifier, landing string) harvester.Record {
	r := rec(remoteID, title)
	r.Dataset.Identifier, r.Dataset.LandingPage = identifier, landing
	return r
}

// TestDuplicatesAcrossSources: the same dataset through two sources is
// listed once, under the source that had it first, matched by identifier
// or by landing page; a landing page that two datasets of one source share
// matches nothing; when the first is withdrawn, the other is listed again.
func TestDuplicatesAcrossSources(t *testing.T) {
	city := &fakeFetcher{pages: [][]harvester.Record{{
		dsRec("1", "Haushaltsplan 2026", "urn:stadt:haushalt-2026", ""),
		dsRec("2", "Baumkataster", "", "https://www.stadt.example/daten/baeume/"),
		dsRec("3", "Parkplätze", "", "https://stadt.example/portal"),
	}}}
	state := &fakeFetcher{pages: [][]harvester.Record{{
		dsRec("h", "Haushaltsplan 2026 (Stadt)", "URN:STADT:HAUSHALT-2026", "https://land.example/h"),
		dsRec("b", "Baumkataster Stadt", "land-b", "http://stadt.example/daten/baeume"),
		dsRec("p1", "Parkplätze", "land-p1", "https://stadt.example/portal"),
		dsRec("p2", "Radwege", "land-p2", "https://stadt.example/portal"),
		dsRec("own", "Landesdaten", "land-own", ""),
	}}}
	r, stadt, land := twoSources(t, city, state)
	ctx := context.Background()
	run := func(src *municat.Source) *harvester.Result {
		t.Helper()
		res, err := r.Run(ctx, src, harvester.RunOptions{})
		if err != nil || res.Run.Status != municat.RunSucceeded {
			t.Fatalf("run %s: %v %+v", src.ID, err, res.Run)
		}
		return res
	}
	run(stadt)
	run(land)
	want := map[string]string{"land.h": "stadt.1", "land.b": "stadt.2", "land.p1": "", "land.p2": "", "land.own": "",
		"stadt.1": "", "stadt.2": "", "stadt.3": ""}
	for id, dup := range want {
		d := MustDataset(t, r.Catalog, id)
		if d.DuplicateOf != dup || d.Listed() != (dup == "") {
			t.Errorf("%s: duplicate of %q (listed %v), want %q", id, d.DuplicateOf, d.Listed(), dup)
		}
	}
	also, err := r.Catalog.AlsoFrom(ctx, MustDataset(t, r.Catalog, "stadt.1"))
	if err != nil || len(also) != 1 || also[0].Dataset != "land.h" || also[0].Source != "land" {
		t.Errorf("stadt.1 also from %+v, %v; want land.h", also, err)
	}

	// An unchanged re-harvest changes nothing.
	if res := run(land); res.Run.Counts.Unchanged != 5 || len(res.Changed) != 0 {
		t.Errorf("re-harvest: %+v", res.Run.Counts)
	}
	// The city drops its budget: the state's copy is listed again.
	city.pages = [][]harvester.Record{city.pages[0][1:]}
	res := run(stadt)
	if res.Run.Counts.Withdrawn != 1 || !contains(res.Changed, "land.h") {
		t.Fatalf("city withdrew its budget: %+v changed %v; want land.h re-listed", res.Run.Counts, res.Changed)
	}
	if d := MustDataset(t, r.Catalog, "land.h"); !d.Listed() {
		t.Errorf("land.h not listed after stadt.1 was withdrawn (duplicate of %q)", d.DuplicateOf)
	}
	// It comes back: now the state's copy was there first.
	city.pages = [][]harvester.Record{append(city.pages[0], dsRec("1", "Haushaltsplan 2026", "urn:stadt:haushalt-2026", ""))}
	run(stadt)
	if d := MustDataset(t, r.Catalog, "stadt.1"); d.DuplicateOf != "land.h" || d.State != municat.Published {
		t.Errorf("stadt.1 back: %s, duplicate of %q; want published duplicate of land.h", d.State, d.DuplicateOf)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestFailStale: a run left "running" by a dead or hung process is failed
// once its record shows no sign of life for longer than maxAge; a live one
// is left alone.
func TestFailStale(t *testing.T) {
	r, _, _ := MustFakeEnv(t, &fakeFetcher{})
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	stale := &municat.Run{ID: municat.NewRunID(now.Add(-5 * time.Hour)), SourceID: "a", Started: now.Add(-5 * time.Hour), Updated: now.Add(-3 * time.Hour), Status: municat.RunRunning}
	live := &municat.Run{ID: municat.NewRunID(now.Add(-5 * time.Hour)), SourceID: "b", Started: now.Add(-5 * time.Hour), Updated: now.Add(-time.Minute), Status: municat.RunRunning}
	for _, run := range []*municat.Run{stale, live} {
		if err := r.Catalog.PutRun(ctx, run); err != nil {
			t.Fatal(err)
		}
	}
	n, err := harvester.FailStale(ctx, r.Catalog, 2*time.Hour, now)
	if err != nil || n != 1 {
		t.Fatalf("FailStale: %d, %v; want 1", n, err)
	}
	a, _ := r.Catalog.Runs(ctx, "a")
	b, _ := r.Catalog.Runs(ctx, "b")
	if a[0].Status != municat.RunFailed || a[0].Finished == nil || !strings.Contains(a[0].Error, "kein Lebenszeichen") {
		t.Errorf("stale run: %+v", a[0])
	}
	if b[0].Status != municat.RunRunning {
		t.Errorf("live run marked %s", b[0].Status)
	}
}

// TestRunAfterUnfinishedRunIndexesAll: the run after one that did not
// succeed hands every dataset it sees to the index, unchanged ones too
// (the unfinished run may have written them without indexing them); the
// run after a success hands over only what changed. "After" goes by start
// time: of two runs of other processes started within the same second,
// whose ids sort at random, the one started later counts.
func TestRunAfterUnfinishedRunIndexesAll(t *testing.T) {
	f := &fakeFetcher{pages: [][]harvester.Record{{rec("a", "A"), rec("b", "B")}}}
	r, src, _ := MustFakeEnv(t, f)
	c := &clock{t: time.Date(2026, 1, 1, 3, 0, 0, 0, time.UTC)}
	r.Now = c.now
	ctx := context.Background()
	changed := func() []string {
		t.Helper()
		return mustRunSource(t, r, src).Changed
	}
	if got := changed(); len(got) != 2 {
		t.Fatalf("first run changed %v, want both", got)
	}
	c.t = c.t.Add(time.Hour)
	if got := changed(); len(got) != 0 {
		t.Fatalf("run after a success changed %v, want none", got)
	}

	// Two runs of other processes in one second: the id that sorts first
	// started last, and it was killed.
	second := c.t.Add(time.Hour).Truncate(time.Second)
	killed := &municat.Run{ID: second.Format("20060102T150405Z") + "-000001", SourceID: src.ID,
		Started: second.Add(900 * time.Millisecond), Status: municat.RunInterrupted}
	earlier := &municat.Run{ID: second.Format("20060102T150405Z") + "-7fffff", SourceID: src.ID,
		Started: second.Add(100 * time.Millisecond), Status: municat.RunSucceeded}
	for _, run := range []*municat.Run{killed, earlier} {
		if err := r.Catalog.PutRun(ctx, run); err != nil {
			t.Fatal(err)
		}
	}
	c.t = second.Add(time.Minute)
	if got := changed(); len(got) != 2 {
		t.Errorf("run after a killed run changed %v, want both datasets", got)
	}
	c.t = c.t.Add(time.Hour)
	if got := changed(); len(got) != 0 {
		t.Errorf("run after that success changed %v, want none", got)
	}
}

// mustRunSource runs src with r and fails on an error.
func mustRunSource(t *testing.T, r *harvester.Runner, src *municat.Source) *harvester.Result {
	t.Helper()
	res, err := r.Run(context.Background(), src, harvester.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}
