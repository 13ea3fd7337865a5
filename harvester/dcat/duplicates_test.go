package dcat_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/internal/dcattest"
	"github.com/municat/municat/store/fs"
)

func day(d int) time.Time { return time.Date(2025, 3, d, 12, 0, 0, 0, time.UTC) }

// copyOf returns a dataset with the identifier "X" under the IRI suffix
// iri, modified on the given day of March 2025 (0: no date).
func copyOf(iri string, modified int) dcattest.Dataset {
	d := dcattest.Dataset{IRI: "https://k.example/dataset/" + iri, Identifier: "X", Title: "Kopie " + iri}
	if modified > 0 {
		d.Modified = day(modified)
	}
	return d
}

// serveCopies serves the pages of datasets, in the CKANDCAT style.
func serveCopies(srv *dcattest.Server, pages ...[]dcattest.Dataset) string {
	for i, ds := range pages {
		p := dcattest.Page{Self: fmt.Sprintf("%s/c.ttl?page=%d", srv.URL, i+1), TotalItems: -1, Datasets: ds}
		if i < len(pages)-1 {
			p.Next = fmt.Sprintf("c.ttl?page=%d", i+2)
		}
		srv.Put(fmt.Sprintf("/c.ttl?page=%d", i+1), dcattest.Doc{ContentType: "text/turtle", Body: dcattest.Turtle(srv.URL+"/", p, dcattest.CKANDCAT)})
	}
	return srv.URL + "/c.ttl?page=1"
}

func iri(s string) string { return "https://k.example/dataset/" + s }

// TestFetchDuplicates: several IRIs with one dct:identifier end as one
// record, the newest by dct:modified, the first on a tie; across pages a
// newer copy supersedes the one emitted before.
func TestFetchDuplicates(t *testing.T) {
	other := dcattest.Dataset{IRI: iri("other"), Identifier: "Y", Title: "Anderer"}
	tests := []struct {
		name       string
		pages      [][]dcattest.Dataset
		ids        []string // records emitted, in order
		superseded []string
	}{
		{"newer on a later page", [][]dcattest.Dataset{{copyOf("a", 1), other}, {copyOf("b", 2)}}, []string{iri("a"), iri("other"), iri("b")}, []string{iri("a")}},
		{"older on a later page", [][]dcattest.Dataset{{copyOf("a", 2)}, {other, copyOf("b", 1)}}, []string{iri("a"), iri("other")}, nil},
		{"tie: the first stays", [][]dcattest.Dataset{{copyOf("a", 2)}, {copyOf("b", 2)}}, []string{iri("a")}, nil},
		{"no date loses to a date", [][]dcattest.Dataset{{copyOf("a", 0)}, {copyOf("b", 1)}}, []string{iri("a"), iri("b")}, []string{iri("a")}},
		{"newer later on the same page", [][]dcattest.Dataset{{copyOf("a", 1), other, copyOf("b", 3)}}, []string{iri("other"), iri("b")}, nil},
		{"three copies over three pages", [][]dcattest.Dataset{{copyOf("a", 1)}, {copyOf("b", 3)}, {copyOf("c", 2), copyOf("a", 1)}}, []string{iri("a"), iri("b")}, []string{iri("a")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := dcattest.New(t)
			got, err := fetch(t, quick(), serveCopies(srv, tt.pages...))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.IDs, tt.ids) || !slices.Equal(got.Superseded, tt.superseded) {
				t.Errorf("records %v superseded %v; want %v and %v", got.IDs, got.Superseded, tt.ids, tt.superseded)
			}
		})
	}
}

// TestRunDuplicatesAndFailure runs the fetcher in a real Runner: the older
// copy of a duplicate, emitted first, is withdrawn at the end of the
// complete run; a run failing on page 2 withdraws nothing.
func TestRunDuplicatesAndFailure(t *testing.T) {
	st, err := fs.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := dcattest.New(t)
	f := quick()
	f.Retries = -1
	r := &harvester.Runner{Catalog: catalog.New(st), Fetchers: map[string]harvester.Fetcher{municat.SourceDCAT: f}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ds := dcattest.Datasets("https://k.example", 4)
	start := serveCopies(srv, []dcattest.Dataset{ds[0], ds[1]}, []dcattest.Dataset{ds[2], ds[3]})
	src := &municat.Source{ID: "kat", Type: municat.SourceDCAT, URL: start, Organization: "stadt"}
	id := func(iri string) string { return municat.DatasetID(src.ID, iri) }

	res, err := r.Run(context.Background(), src, harvester.RunOptions{})
	if err != nil || res.Run.Status != municat.RunSucceeded || unflagged(res.Run.Counts) != (municat.RunCounts{Added: 4}) || res.Run.Pages != 2 {
		t.Fatalf("first run: %v %+v %s", err, res.Run.Counts, res.Run.Error)
	}

	// ds[3] becomes a newer copy of ds[0] (same identifier, later date),
	// listed after it.
	dup := ds[3]
	dup.Identifier, dup.Modified = ds[0].Identifier, ds[0].Modified.Add(time.Hour)
	serveCopies(srv, []dcattest.Dataset{ds[0], ds[1]}, []dcattest.Dataset{ds[2], dup})
	res, err = r.Run(context.Background(), src, harvester.RunOptions{})
	if err != nil || res.Run.Status != municat.RunSucceeded {
		t.Fatalf("second run: %v %s", err, res.Run.Error)
	}
	if c := unflagged(res.Run.Counts); c != (municat.RunCounts{Unchanged: 2, Updated: 1, Withdrawn: 1}) || !slices.Equal(res.Withdrawn, []string{id(ds[0].IRI)}) {
		t.Fatalf("second run %+v, withdrawn %v; want ds 1 withdrawn, ds 4 updated", c, res.Withdrawn)
	}
	published := 0
	err = r.Catalog.SourceDatasets(context.Background(), src.ID, func(d *municat.Dataset) error {
		if d.IsPublished() {
			published++
			if d.Identifier == ds[0].Identifier && d.RemoteID != dup.IRI {
				t.Errorf("identifier %s published as %s, want the newer %s", d.Identifier, d.RemoteID, dup.IRI)
			}
		}
		return nil
	})
	if err != nil || published != 3 {
		t.Fatalf("%d published (%v), want 3", published, err)
	}

	// Page 2 fails: the run fails and ds 2 … 4 stay published although
	// only page 1 was read.
	serveCopies(srv, []dcattest.Dataset{ds[1]}, []dcattest.Dataset{ds[2], dup})
	srv.FailAfter(1, 500)
	res, err = r.Run(context.Background(), src, harvester.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Run.Status != municat.RunFailed || res.Run.Counts.Withdrawn != 0 || len(res.Withdrawn) != 0 {
		t.Fatalf("failing run: %s %+v; want failed, nothing withdrawn", res.Run.Status, res.Run.Counts)
	}
	for _, d := range []dcattest.Dataset{ds[1], ds[2], dup} {
		got, err := r.Catalog.Dataset(context.Background(), id(d.IRI))
		if err != nil || !got.IsPublished() {
			t.Errorf("%s: %v %v, want published", d.IRI, err, got)
		}
	}
}

// TestFetchBlankNodes: a blank-node dataset is known by its
// dct:identifier; one without is listed as a record error in German.
func TestFetchBlankNodes(t *testing.T) {
	srv := dcattest.New(t)
	ds := []dcattest.Dataset{{Identifier: "kita-2024", Title: "Kitas"}, {Title: "Namenlos"}, {IRI: iri("ok"), Title: "Mit IRI"}}
	got, err := fetch(t, quick(), serveCopies(srv, ds))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.IDs, []string{"kita-2024", iri("ok")}) || len(got.Errs) != 1 {
		t.Fatalf("records %v, %d errors; want kita-2024 and the IRI, 1 error", got.IDs, len(got.Errs))
	}
	if e := got.Errs[0]; e.RemoteID != "" || municat.ErrorMessage(e.Err) == "" ||
		!containsAll(e.Err.Error(), "„Namenlos“", "weder eine IRI", "dct:identifier") {
		t.Errorf("record error %q", e.Err)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
