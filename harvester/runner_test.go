package harvester_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/internal/ckantest"
)

// TestRunLifecycle harvests the test portal four times: all new, all
// unchanged, one package deleted at the source, and the package back.
func TestRunLifecycle(t *testing.T) {
	e := MustEnv(t)
	fixtureIDs := MustFixturePackageIDs(t)
	n := len(fixtureIDs)
	if n != 4 {
		t.Fatalf("the fixtures hold %d packages, want 4 (3 searched, GovData, the demo show one is among the 3)", n)
	}
	ctx := context.Background()

	// 1. Everything is new.
	res := MustRun(t, e, harvester.RunOptions{})
	run := res.Run
	if run.Status != municat.RunSucceeded || unflagged(run.Counts) != (municat.RunCounts{Added: n}) {
		t.Fatalf("first run: %s %+v %q, want succeeded with %d added", run.Status, run.Counts, run.Error, n)
	}
	if wantPages := (n + 1) / 2; run.Pages != wantPages {
		t.Errorf("first run: %d pages, want %d", run.Pages, wantPages)
	}
	for page := 1; page <= run.Pages; page++ {
		r, info, err := e.store.Get(ctx, catalog.RawKey(e.src.ID, run.ID, page, "json"))
		if err != nil {
			t.Fatalf("raw page %d: %v", page, err)
		}
		body, _ := io.ReadAll(r)
		r.Close()
		if want := e.srv.SearchPage(2*(page-1), 2); !bytes.Equal(body, want) {
			t.Errorf("raw page %d is not the page as served:\n%s\nwant\n%s", page, body, want)
		}
		if !strings.HasPrefix(info.ContentType, "application/json") {
			t.Errorf("raw page %d content type %q", page, info.ContentType)
		}
	}
	stored := MustSourceDatasets(t, e.cat, e.src.ID)
	if len(stored) != n || len(res.Changed) != n {
		t.Fatalf("%d datasets stored, %d changed; want %d", len(stored), len(res.Changed), n)
	}
	for remote := range fixtureIDs {
		d := stored[municat.DatasetID(e.src.ID, remote)]
		if d == nil {
			t.Fatalf("package %s not stored", remote)
		}
		if d.State != municat.Published || d.ContentHash != d.Hash() || d.SourceID != e.src.ID || d.RemoteID != remote ||
			d.Organization != "stadt-demo" || d.Harvested == nil {
			t.Errorf("dataset %s: state %q, hash ok %v, source %q, remote %q, org %q, harvested %v",
				d.ID, d.State, d.ContentHash == d.Hash(), d.SourceID, d.RemoteID, d.Organization, d.Harvested)
		}
	}
	govID := municat.DatasetID(e.src.ID, ckantest.GovDataPackageID)
	before, err := e.store.Stat(ctx, catalog.DatasetKey(govID))
	if err != nil {
		t.Fatal(err)
	}

	// 2. Nothing changed: nothing is written but the run and its pages.
	e.store.Reset()
	res = MustRun(t, e, harvester.RunOptions{})
	if c := unflagged(res.Run.Counts); c != (municat.RunCounts{Unchanged: n}) || len(res.Changed) != 0 {
		t.Fatalf("second run: %+v, changed %v; want %d unchanged only", c, res.Changed, n)
	}
	if w := e.store.Puts(catalog.DatasetsPrefix); w != 0 {
		t.Errorf("second run wrote %d dataset records, want 0", w)
	}
	if after, _ := e.store.Stat(ctx, catalog.DatasetKey(govID)); !after.Modified.Equal(before.Modified) {
		t.Errorf("GovData record modified at %v, was %v", after.Modified, before.Modified)
	}

	// 3. A package deleted at the source is withdrawn, and kept.
	if !e.srv.Remove(ckantest.GovDataPackageID) {
		t.Fatal("GovData package not on the server")
	}
	e.store.Reset()
	res = MustRun(t, e, harvester.RunOptions{})
	if c := unflagged(res.Run.Counts); c != (municat.RunCounts{Unchanged: n - 1, Withdrawn: 1}) {
		t.Fatalf("third run: %+v, want %d unchanged, 1 withdrawn", c, n-1)
	}
	if len(res.Withdrawn) != 1 || res.Withdrawn[0] != govID || len(res.Changed) != 0 {
		t.Errorf("third run: withdrawn %v, changed %v; want [%s], none", res.Withdrawn, res.Changed, govID)
	}
	if w := e.store.Puts(catalog.DatasetsPrefix); w != 1 {
		t.Errorf("third run wrote %d dataset records, want 1", w)
	}
	if d := MustDataset(t, e.cat, govID); d.State != municat.Withdrawn || len(d.Distributions) != 3 {
		t.Errorf("withdrawn dataset: state %q, %d distributions; want withdrawn, kept whole", d.State, len(d.Distributions))
	}

	// 4. The package is back: republished, as an update.
	e.srv.Restore(ckantest.GovDataPackageID)
	res = MustRun(t, e, harvester.RunOptions{})
	if c := unflagged(res.Run.Counts); c != (municat.RunCounts{Unchanged: n - 1, Updated: 1}) {
		t.Fatalf("fourth run: %+v, want 1 updated", c)
	}
	if len(res.Changed) != 1 || res.Changed[0] != govID {
		t.Errorf("fourth run: changed %v, want [%s]", res.Changed, govID)
	}
	if d := MustDataset(t, e.cat, govID); d.State != municat.Published {
		t.Errorf("republished dataset: state %q", d.State)
	}
	if len(MustSourceDatasets(t, e.cat, e.src.ID)) != n {
		t.Error("the number of datasets changed: a duplicate was made")
	}
}

// TestRunFailedSourceWithdrawsNothing makes the source fail after a
// package was deleted there: a complete run would withdraw it (and, if the
// failure were taken for an empty listing, all of them).
func TestRunFailedSourceWithdrawsNothing(t *testing.T) {
	for _, c := range []struct {
		name      string
		failAfter int // good requests before the 500s
		wantPages int
	}{
		{"every request fails", 0, 0},
		{"second page fails", 1, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := MustEnv(t)
			MustRun(t, e, harvester.RunOptions{})
			ids := e.srv.IDs()
			e.srv.Remove(ids[len(ids)-1]) // a package of the last page
			e.srv.FailAfter(c.failAfter, http.StatusInternalServerError)
			e.store.Reset()

			res := MustRun(t, e, harvester.RunOptions{})
			run := res.Run
			if run.Status != municat.RunFailed || run.Counts.Withdrawn != 0 || len(res.Withdrawn) != 0 || run.Pages != c.wantPages {
				t.Fatalf("run %s, %d pages, %+v, withdrawn %v; want failed, %d pages, nothing withdrawn", run.Status, run.Pages, run.Counts, res.Withdrawn, c.wantPages)
			}
			for _, want := range []string{"HTTP 500", e.srv.URL + "/api/3/action/package_search", "Es wurde nichts zurückgezogen."} {
				if !strings.Contains(run.Error, want) {
					t.Errorf("run error %q does not contain %q", run.Error, want)
				}
			}
			if w := e.store.Puts(catalog.DatasetsPrefix); w != 0 {
				t.Errorf("the failed run wrote %d dataset records, want 0", w)
			}
			for id, d := range MustSourceDatasets(t, e.cat, e.src.ID) {
				if d.State != municat.Published {
					t.Errorf("dataset %s is %s after a failed run", id, d.State)
				}
			}
		})
	}
}

func TestRunGovDataDistributions(t *testing.T) {
	e := MustEnv(t)
	MustRun(t, e, harvester.RunOptions{})
	d := MustDataset(t, e.cat, municat.DatasetID(e.src.ID, ckantest.GovDataPackageID))
	have := map[string]bool{}
	for _, dist := range d.Distributions {
		have[dist.AccessURL] = true
	}
	urls := ckantest.GovDataResourceURLs(t)
	if len(urls) != 3 {
		t.Fatalf("%d resource URLs in the fixture, want 3", len(urls))
	}
	for _, u := range urls {
		if !have[u] {
			t.Errorf("resource URL %s is not among the distributions %v", u, have)
		}
	}
}

// TestRunConflict starts a second run of the source while the first waits
// for its first page.
func TestRunConflict(t *testing.T) {
	e := MustEnv(t)
	inFetch, release := make(chan struct{}), make(chan struct{})
	e.srv.OnRequest(func(n int) {
		if n == 1 { // only the first run's first request waits
			close(inFetch)
			<-release
		}
	})
	done := make(chan *harvester.Result)
	go func() {
		res, err := e.runner.Run(context.Background(), e.src, harvester.RunOptions{})
		if err != nil {
			t.Errorf("first run: %v", err)
		}
		done <- res
	}()
	<-inFetch
	_, err := e.runner.Run(context.Background(), e.src, harvester.RunOptions{})
	close(release)
	if !isConflict(err) {
		t.Errorf("second concurrent run: error %v, want ErrConflict", err)
	}
	if res := <-done; res == nil || res.Run.Status != municat.RunSucceeded {
		t.Fatalf("first run: %+v", res)
	}
	if runs, _ := e.cat.Runs(context.Background(), e.src.ID); len(runs) != 1 {
		t.Errorf("%d run records, want 1: the refused run writes none", len(runs))
	}
	// The lock is released: the next run goes ahead.
	MustRun(t, e, harvester.RunOptions{})
}

func TestRunResponseTooLarge(t *testing.T) {
	e := MustEnv(t)
	e.fetch.MaxBytes = 1000
	res := MustRun(t, e, harvester.RunOptions{})
	if res.Run.Status != municat.RunFailed || !strings.Contains(res.Run.Error, "größer als die erlaubten 1000 Bytes") {
		t.Fatalf("run %s %q, want failed: response too large", res.Run.Status, res.Run.Error)
	}
	if e.srv.Requests() != 1 {
		t.Errorf("%d requests, want 1: a too large response is not retried", e.srv.Requests())
	}
}

func TestRunDryRun(t *testing.T) {
	e := MustEnv(t)
	res := MustRun(t, e, harvester.RunOptions{DryRun: true})
	if res.Run.Status != municat.RunSucceeded || res.Run.Counts.Added != 4 || !res.Run.DryRun || len(res.Changed) != 0 {
		t.Fatalf("dry run: %s %+v changed %v", res.Run.Status, res.Run.Counts, res.Changed)
	}
	if len(res.Changes) != 4 || res.Changes[0].Action != harvester.ChangeAdd || res.Changes[0].Title == "" {
		t.Errorf("dry run changes %+v, want 4 additions with titles", res.Changes)
	}
	if n := e.store.Puts(""); n != 0 {
		t.Errorf("dry run wrote %d objects; want none, not even the run record", n)
	}
}

// TestRunEmptyListing: a source that suddenly lists nothing is far more
// often broken than empty, so nothing is withdrawn unless AllowEmpty.
func TestRunEmptyListing(t *testing.T) {
	e := MustEnv(t)
	MustRun(t, e, harvester.RunOptions{})
	for _, id := range e.srv.IDs() {
		e.srv.Remove(id)
	}
	res := MustRun(t, e, harvester.RunOptions{})
	if res.Run.Status != municat.RunFailed || res.Run.Counts.Withdrawn != 0 || !strings.Contains(res.Run.Error, "keinen einzigen Datensatz") {
		t.Fatalf("empty listing: %s %+v %q; want failed, nothing withdrawn", res.Run.Status, res.Run.Counts, res.Run.Error)
	}
	res = MustRun(t, e, harvester.RunOptions{AllowEmpty: true})
	if res.Run.Status != municat.RunSucceeded || res.Run.Counts.Withdrawn != 4 {
		t.Fatalf("empty listing allowed: %s %+v; want 4 withdrawn", res.Run.Status, res.Run.Counts)
	}
}
