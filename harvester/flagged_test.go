package harvester_test

import (
	"context"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// TestRunFlagsDCATViolations checks that records breaking DCAT-AP.de
// rules are published all the same, counted as flagged and named in the
// run with what to fix.
func TestRunFlagsDCATViolations(t *testing.T) {
	good := &municat.Dataset{
		Title: municat.NewText("Baumkataster"), Description: municat.NewText("Alle Stadtbäume."),
		Publisher: &municat.Agent{Name: municat.NewText("Stadt Musterstadt")},
		License:   "dl-by-de/2.0",
		Distributions: []municat.Distribution{{
			ID: "csv", AccessURL: "https://example.org/baeume.csv", Format: "CSV",
		}},
	}
	noLicense := *good
	noLicense.License = ""
	f := &fakeFetcher{pages: [][]harvester.Record{{
		{RemoteID: "gut", Dataset: good},
		{RemoteID: "ohne-lizenz", Dataset: &noLicense},
	}}}
	r, src, _ := MustFakeEnv(t, f)
	res, err := r.Run(context.Background(), src, harvester.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Run.Counts
	if c.Added != 2 || c.Failed != 0 || c.Flagged != 1 {
		t.Fatalf("counts %+v, want 2 added, 0 failed, 1 flagged", c)
	}
	w := res.Run.RecordWarnings
	if len(w) != 1 || w[0].RemoteID != "ohne-lizenz" || !strings.Contains(w[0].Message, "license") ||
		!strings.Contains(w[0].Message, "Lizenz") || !strings.Contains(w[0].Message, "/validation") {
		t.Fatalf("record warnings %+v, want one for ohne-lizenz naming the licence and the validation report", w)
	}
	d := MustDataset(t, r.Catalog, municat.DatasetID(src.ID, "ohne-lizenz"))
	if !d.IsPublished() {
		t.Errorf("flagged dataset state %q, want published", d.State)
	}
	// The flag is about the content, not about a change: an unchanged
	// re-harvest flags it again.
	res, err = r.Run(context.Background(), src, harvester.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c := res.Run.Counts; c.Unchanged != 2 || c.Flagged != 1 {
		t.Fatalf("second run counts %+v, want 2 unchanged, 1 flagged", c)
	}
}

// TestRunSupersededNotFlagged: a flagged record that a newer duplicate
// replaces leaves the flagged count and the warnings with it.
func TestRunSupersededNotFlagged(t *testing.T) {
	good := &municat.Dataset{
		Title: municat.NewText("Baumkataster"), Description: municat.NewText("Alle Stadtbäume."),
		Publisher: &municat.Agent{Name: municat.NewText("Stadt Musterstadt")},
		License:   "dl-by-de/2.0",
	}
	old := *good
	old.Description = nil
	f := &pageFetcher{pages: []*harvester.Page{
		{URL: "p1", Body: []byte("1"), Records: []harvester.Record{{RemoteID: "alt", Dataset: &old}}},
		{URL: "p2", Body: []byte("2"), Records: []harvester.Record{{RemoteID: "neu", Dataset: good}}, Superseded: []string{"alt"}},
	}}
	r, src, _ := MustFakeEnv(t, nil)
	r.Fetchers["fake"] = f
	res, err := r.Run(context.Background(), src, harvester.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c := res.Run.Counts; c != (municat.RunCounts{Added: 1, Withdrawn: 1}) || len(res.Run.RecordWarnings) != 0 {
		t.Fatalf("counts %+v, warnings %+v; want 1 added, 1 withdrawn, nothing flagged", c, res.Run.RecordWarnings)
	}
}
