package harvester_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// pageFetcher emits fixed pages, then returns err.
type pageFetcher struct {
	pages []*harvester.Page
	err   error
}

func (f *pageFetcher) Fetch(ctx context.Context, src *municat.Source, emit func(*harvester.Page) error) error {
	for _, p := range f.pages {
		if err := emit(p); err != nil {
			return err
		}
	}
	return f.err
}

// TestRunSuperseded: a record that a later page supersedes (a newer copy of
// the same dataset under another remote id) is withdrawn at the end of a
// complete run, also when the run added it itself; a failed run withdraws
// nothing.
func TestRunSuperseded(t *testing.T) {
	f := &pageFetcher{pages: []*harvester.Page{
		{URL: "p1", Body: []byte("1"), Records: []harvester.Record{rec("old", "Alt"), rec("b", "B")}},
		{URL: "p2", Body: []byte("2"), Records: []harvester.Record{rec("new", "Neu")}, Superseded: []string{"old", "never-listed"}},
	}}
	r, src, _ := MustFakeEnv(t, nil)
	r.Fetchers["fake"] = f

	res, err := r.Run(context.Background(), src, harvester.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c := unflagged(res.Run.Counts); res.Run.Status != municat.RunSucceeded || c != (municat.RunCounts{Added: 2, Withdrawn: 1}) {
		t.Fatalf("run %s %+v, want 2 added and 1 withdrawn (added, then superseded): each record counted once", res.Run.Status, c)
	}
	if !slices.Equal(res.Withdrawn, []string{"fake.old"}) {
		t.Errorf("withdrawn %v, want [fake.old]", res.Withdrawn)
	}
	ds := MustSourceDatasets(t, r.Catalog, src.ID)
	for id, want := range map[string]municat.PublicationState{"fake.old": municat.Withdrawn, "fake.b": municat.Published, "fake.new": municat.Published} {
		if d := ds[id]; d == nil || d.State != want {
			t.Errorf("%s: %v, want %s", id, d, want)
		}
	}

	// The next run lists "old" first again, the source fails later: the
	// superseding stays undone only in a complete run.
	f.pages[0].Records = []harvester.Record{rec("old", "Alt"), rec("b", "B"), rec("new", "Neu")}
	f.pages[1] = &harvester.Page{URL: "p2", Body: []byte("2"), Superseded: []string{"b"}}
	f.err = municat.Errorf(municat.EUNAVAILABLE, "Seite 3 fehlt")
	res, err = r.Run(context.Background(), src, harvester.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Run.Status != municat.RunFailed || res.Run.Counts.Withdrawn != 0 || len(res.Withdrawn) != 0 {
		t.Fatalf("failed run: %s %+v, withdrawn %v; want failed, nothing withdrawn", res.Run.Status, res.Run.Counts, res.Withdrawn)
	}
	if d := MustDataset(t, r.Catalog, "fake.b"); d.State != municat.Published {
		t.Errorf("b was withdrawn by a failed run")
	}
	if d := MustDataset(t, r.Catalog, "fake.old"); d.State != municat.Published {
		t.Errorf("old, listed again, is %s; want published again", d.State)
	}

	// A dry run counts the withdrawal but writes nothing.
	f.err = nil
	res, err = r.Run(context.Background(), src, harvester.RunOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if c := unflagged(res.Run.Counts); c != (municat.RunCounts{Unchanged: 2, Withdrawn: 1}) {
		t.Errorf("dry run %+v, want 2 unchanged, 1 withdrawn (the superseded one)", c)
	}
	if d := MustDataset(t, r.Catalog, "fake.b"); d.State != municat.Published {
		t.Errorf("a dry run withdrew b")
	}
}

// TestRunRecordWithoutRemoteIDKeepsItsMessage: the fetcher's explanation
// of a record without any id reaches the run.
func TestRunRecordWithoutRemoteIDKeepsItsMessage(t *testing.T) {
	f := &fakeFetcher{pages: [][]harvester.Record{{rec("a", "A"), {Err: errors.New("Der Datensatz „X“ hat weder eine IRI noch eine Kennung.")}, {}}}}
	r, src, _ := MustFakeEnv(t, f)
	res, err := r.Run(context.Background(), src, harvester.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	errs := res.Run.RecordErrors
	if unflagged(res.Run.Counts) != (municat.RunCounts{Added: 1, Failed: 2}) || len(errs) != 2 ||
		errs[0].Message != "Der Datensatz „X“ hat weder eine IRI noch eine Kennung." ||
		errs[1].Message != "Der Datensatz hat an der Quelle keine Kennung und wurde übersprungen." {
		t.Errorf("counts %+v, record errors %+v", res.Run.Counts, errs)
	}
}
