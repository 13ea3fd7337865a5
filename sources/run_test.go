package sources_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// TestRunNow starts a run in the background: the record exists when it
// returns, the run succeeds and stores the datasets, a second start while
// it runs is a conflict.
func TestRunNow(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	src := e.source("demo-ckan")
	src.Schedule = "täglich um 03:00"
	e.MustCreate(t, src)
	if _, err := e.svc.SetPaused(ctx, demoAdmin, "demo-ckan", true); err != nil {
		t.Fatal(err)
	}
	gate := make(chan struct{})
	e.ckan.OnRequest(func(int) { <-gate })

	id, err := e.svc.RunNow(ctx, demoEditor, "demo-ckan")
	if err != nil {
		t.Fatalf("RunNow of a paused source: %v", err)
	}
	run, err := e.cat.Run(ctx, "demo-ckan", id)
	if err != nil || run.Status != municat.RunRunning {
		t.Fatalf("run record when RunNow returned: %+v, %v; want running", run, err)
	}
	_, err = e.svc.RunNow(ctx, demoEditor, "demo-ckan")
	MustCode(t, "second RunNow", err, municat.ECONFLICT, "wird gerade schon geerntet")
	_, err = e.svc.DryRun(ctx, demoEditor, "demo-ckan")
	MustCode(t, "DryRun during a run", err, municat.ECONFLICT, "wird gerade schon geerntet")
	close(gate)

	res := MustReceive(t, e.results, 10*time.Second, "the run's result")
	if res.Run.ID != id || res.Run.Status != municat.RunSucceeded || res.Run.Counts.Added == 0 {
		t.Fatalf("run %s: %s %+v %q; want %s succeeded", res.Run.ID, res.Run.Status, res.Run.Counts, res.Run.Error, id)
	}
	stored, err := e.cat.Run(ctx, "demo-ckan", id)
	if err != nil || stored.Status != municat.RunSucceeded || stored.Counts != res.Run.Counts {
		t.Errorf("stored run %+v, %v", stored, err)
	}
	for _, dsID := range res.Changed {
		d, err := e.cat.Dataset(ctx, dsID)
		if err != nil || d.SourceID != "demo-ckan" || d.Organization != "stadt-demo" {
			t.Errorf("dataset %s: %+v, %v", dsID, d, err)
		}
	}
	if len(res.Changed) != len(e.ckan.IDs()) {
		t.Errorf("%d datasets stored, want the portal's %d", len(res.Changed), len(e.ckan.IDs()))
	}
	if a := e.Audit(t)[0]; a.Action != "source.run" || a.Actor != "account:ede" || !strings.Contains(a.Summary, id) {
		t.Errorf("audit %+v, want source.run by ede naming the run", a)
	}
}

// TestPausedSourceIsNotRun: ticks of a paused source do nothing; once it
// is resumed they run again. The source comes from the configuration
// file, whose schedules may be as short as a second.
func TestPausedSourceIsNotRun(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	src := e.source("sekuendlich")
	src.Schedule, src.Managed = "@every 1s", municat.ManagedByConfig
	if err := e.cat.PutSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	if err := e.sched.Set(*src); err != nil { // as serve does at its start
		t.Fatal(err)
	}
	MustReceive(t, e.results, 3*time.Second, "a scheduled run")
	if _, err := e.svc.SetPaused(ctx, demoAdmin, "sekuendlich", true); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // a run started before the pause may end
	for len(e.results) > 0 {
		<-e.results
	}
	requests := e.ckan.Requests()
	select {
	case res := <-e.results:
		t.Fatalf("run %s of the paused source at %v", res.Run.ID, res.Run.Started)
	case <-time.After(2200 * time.Millisecond): // two ticks
	}
	if n := e.ckan.Requests(); n != requests {
		t.Errorf("%d requests to the paused source, want none", n-requests)
	}
	if _, err := e.svc.SetPaused(ctx, demoAdmin, "sekuendlich", false); err != nil {
		t.Fatal(err)
	}
	MustReceive(t, e.results, 3*time.Second, "a run after resuming")
	if a := e.Audit(t); a[0].Action != "source.resume" || a[1].Action != "source.pause" {
		t.Errorf("audit %s, %s; want source.resume after source.pause", a[0].Action, a[1].Action)
	}
}

// TestDryRunWritesNothing: a dry run reports what a run would add and
// writes nothing but its audit entry.
func TestDryRunWritesNothing(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	e.MustCreate(t, e.source("demo-ckan"))
	before := e.Keys(t)
	audits := len(e.Audit(t))
	res, err := e.svc.DryRun(ctx, demoEditor, "demo-ckan")
	if err != nil {
		t.Fatalf("DryRun: %v", err)
	}
	if res.Run.Status != municat.RunSucceeded || !res.Run.DryRun || res.Run.Counts.Added != len(e.ckan.IDs()) || len(res.Changes) != len(e.ckan.IDs()) {
		t.Errorf("dry run %s %+v, %d changes; want %d to add", res.Run.Status, res.Run.Counts, len(res.Changes), len(e.ckan.IDs()))
	}
	for _, c := range res.Changes {
		if c.Action != harvester.ChangeAdd || c.Title == "" {
			t.Errorf("change %+v, want an add with a title", c)
		}
	}
	if after := e.Keys(t); !slices.Equal(before, after) {
		t.Errorf("the dry run wrote: before %v, after %v", before, after)
	}
	if a := e.Audit(t); len(a) != audits+1 || a[0].Action != "source.dryrun" || !strings.Contains(a[0].Summary, "neu") {
		t.Errorf("audit %+v, want one source.dryrun more", a[0])
	}
}

// TestConnection tests a source before it exists: the first page of a
// live portal, a German message for a dead one, and nothing written.
func TestConnection(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	before := e.Keys(t)
	p, err := e.svc.Test(ctx, demoEditor, e.source(""))
	if err != nil {
		t.Fatalf("Test: %v", err)
	}
	if p.Pages != 1 || p.Records == 0 || len(p.Sample) == 0 || len(p.Sample) > 5 {
		t.Errorf("probe %+v, want the first page with titles", p)
	}

	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	src := e.source("")
	src.URL = dead.URL
	_, err = e.svc.Test(ctx, demoEditor, src)
	MustCode(t, "dead URL", err, municat.EUNAVAILABLE, "Die Quelle ist unter "+dead.URL)

	bad := e.source("")
	bad.Type, bad.URL = "gopher", "gopher://x"
	_, err = e.svc.Test(ctx, demoEditor, bad)
	MustFields(t, "bad source", err, "type", "url")
	if after := e.Keys(t); !slices.Equal(before, after) {
		t.Errorf("testing wrote: before %v, after %v", before, after)
	}
	if a := e.Audit(t); len(a) != 0 {
		t.Errorf("testing wrote audit entries: %+v", a)
	}
}
