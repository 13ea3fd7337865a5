package harvester_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
)

// TestRunDuplicateAcrossPages lists one record on two pages (as offset
// paging does when the source changes mid-run): it is one dataset, counted
// once.
func TestRunDuplicateAcrossPages(t *testing.T) {
	f := &fakeFetcher{pages: [][]harvester.Record{
		{rec("a", "A"), rec("b", "B")},
		{rec("b", "B again"), rec("c", "C")},
	}}
	r, src, _ := MustFakeEnv(t, f)
	res, err := r.Run(context.Background(), src, harvester.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c := unflagged(res.Run.Counts); c != (municat.RunCounts{Added: 3}) || len(res.Changed) != 3 {
		t.Fatalf("counts %+v, changed %v; want 3 added", c, res.Changed)
	}
	if d := MustDataset(t, r.Catalog, "fake.b"); d.Title.String() != "B" {
		t.Errorf("dataset b has title %q, want the first listing's", d.Title)
	}
	res, _ = r.Run(context.Background(), src, harvester.RunOptions{})
	if c := unflagged(res.Run.Counts); c != (municat.RunCounts{Unchanged: 3}) {
		t.Errorf("second run: %+v, want 3 unchanged", c)
	}
	if got := len(MustSourceDatasets(t, r.Catalog, src.ID)); got != 3 {
		t.Errorf("%d datasets stored, want 3", got)
	}
}

// TestRunRecordErrors: a record that cannot be mapped or is invalid is
// counted and listed; the run goes on and does not withdraw it.
func TestRunRecordErrors(t *testing.T) {
	f := &fakeFetcher{pages: [][]harvester.Record{{rec("a", "A"), rec("b", "B"), rec("c", "C")}}}
	r, src, _ := MustFakeEnv(t, f)
	if res, _ := r.Run(context.Background(), src, harvester.RunOptions{}); res.Run.Counts.Added != 3 {
		t.Fatalf("first run: %+v", res.Run.Counts)
	}
	invalid := rec("c", "C")
	invalid.Dataset.Themes = []string{"NOPE"}
	f.pages = [][]harvester.Record{{
		rec("a", "A"),
		{RemoteID: "b", Err: errors.New("Das Feld resources ist kaputt.")},
		invalid,
		{RemoteID: "", Err: errors.New("ohne Kennung")},
		rec("d", "D"),
	}}
	res, err := r.Run(context.Background(), src, harvester.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	run := res.Run
	if run.Status != municat.RunSucceeded || unflagged(run.Counts) != (municat.RunCounts{Unchanged: 1, Added: 1, Failed: 3}) {
		t.Fatalf("run %s %+v, want succeeded, 1 unchanged, 1 added, 3 failed, 0 withdrawn", run.Status, run.Counts)
	}
	if len(run.RecordErrors) != 3 || run.RecordErrors[0].RemoteID != "b" || run.RecordErrors[0].Message != "Das Feld resources ist kaputt." ||
		run.RecordErrors[1].RemoteID != "c" || !strings.Contains(run.RecordErrors[1].Message, `Die Kategorie "NOPE" ist unbekannt`) {
		t.Errorf("record errors %+v", run.RecordErrors)
	}
	for _, id := range []string{"fake.b", "fake.c"} {
		if d := MustDataset(t, r.Catalog, id); d.State != municat.Published || d.Themes != nil {
			t.Errorf("%s: %s %v, want its last good version, published", id, d.State, d.Themes)
		}
	}
}

func TestRunTimeoutAndCancel(t *testing.T) {
	f := &fakeFetcher{block: make(chan struct{})} // never released
	r, src, _ := MustFakeEnv(t, f)

	res, err := r.Run(context.Background(), src, harvester.RunOptions{Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if res.Run.Status != municat.RunFailed || !strings.Contains(res.Run.Error, "Zeitlimit") || res.Run.Finished == nil {
		t.Errorf("timed-out run: %s %q finished %v; want failed by the time limit", res.Run.Status, res.Run.Error, res.Run.Finished)
	}
	MustStoredRun(t, r.Catalog, res.Run)

	ctx, cancel := context.WithCancel(context.Background())
	f.enter = make(chan struct{})
	go func() { <-f.enter; cancel() }()
	res, err = r.Run(ctx, src, harvester.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Run.Status != municat.RunInterrupted || res.Run.Finished == nil {
		t.Errorf("cancelled run: %s, finished %v; want interrupted", res.Run.Status, res.Run.Finished)
	}
	MustStoredRun(t, r.Catalog, res.Run) // written despite the cancelled context
}

func TestRunRefusals(t *testing.T) {
	r, _, store := MustFakeEnv(t, &fakeFetcher{})
	for _, s := range []*municat.Source{
		nil,
		{ID: "Bad ID", Type: "fake"},
		{ID: "other", Type: "csw"},
	} {
		if _, err := r.Run(context.Background(), s, harvester.RunOptions{}); !errors.Is(err, municat.ErrInvalid) {
			t.Errorf("Run(%+v): error %v, want ErrInvalid", s, err)
		}
	}
	if n := store.Puts(""); n != 0 {
		t.Errorf("refused runs wrote %d objects", n)
	}
}

func TestMarkInterrupted(t *testing.T) {
	r, src, _ := MustFakeEnv(t, &fakeFetcher{pages: [][]harvester.Record{{rec("a", "A")}}})
	ctx := context.Background()
	done, err := r.Run(ctx, src, harvester.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	left := &municat.Run{ID: municat.NewRunID(time.Now().Add(time.Minute)), SourceID: src.ID, Started: time.Now(), Status: municat.RunRunning}
	other := &municat.Run{ID: municat.NewRunID(time.Now()), SourceID: "other-source", Started: time.Now(), Status: municat.RunRunning}
	for _, run := range []*municat.Run{left, other} {
		if err := r.Catalog.PutRun(ctx, run); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.MarkInterrupted(ctx); err != nil {
		t.Fatal(err)
	}
	status := map[string]municat.RunStatus{}
	for _, s := range []string{src.ID, "other-source"} {
		runs, err := r.Catalog.Runs(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		for _, run := range runs {
			status[run.ID] = run.Status
			if run.Status == municat.RunInterrupted && run.Error == "" {
				t.Errorf("run %s interrupted without a message", run.ID)
			}
		}
	}
	if status[left.ID] != municat.RunInterrupted || status[other.ID] != municat.RunInterrupted || status[done.Run.ID] != municat.RunSucceeded {
		t.Errorf("statuses %v, want the two running ones interrupted, the finished one kept", status)
	}
}

// putFailer fails every Put under prefix.
type putFailer struct {
	*countingStore
	prefix string
}

func (p *putFailer) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if strings.HasPrefix(key, p.prefix) {
		return errors.New("disk full")
	}
	return p.countingStore.Put(ctx, key, r, size, contentType)
}

func TestRunStoreFailure(t *testing.T) {
	f := &fakeFetcher{pages: [][]harvester.Record{{rec("a", "A")}}}
	r, src, cs := MustFakeEnv(t, f)
	r.Catalog = catalog.New(&putFailer{countingStore: cs, prefix: catalog.DatasetsPrefix})
	res, err := r.Run(context.Background(), src, harvester.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Run.Status != municat.RunFailed || !strings.Contains(res.Run.Error, "Speicher") || strings.Contains(res.Run.Error, "disk full") {
		t.Errorf("run %s %q, want failed, naming the store without internal details", res.Run.Status, res.Run.Error)
	}
}
