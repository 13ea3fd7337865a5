package fetchtest_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/internal/fetchtest"
)

// fetcher emits its pages, then returns err.
type fetcher struct {
	pages []*harvester.Page
	err   error
}

func (f fetcher) Fetch(_ context.Context, _ *municat.Source, emit func(*harvester.Page) error) error {
	for _, p := range f.pages {
		if err := emit(p); err != nil {
			return err
		}
	}
	return f.err
}

func dataset(title string) *municat.Dataset {
	return &municat.Dataset{Title: municat.Text{"de": title}}
}

func TestRunCollectsWhatWasEmitted(t *testing.T) {
	bad := errors.New("kaputt")
	f := fetcher{pages: []*harvester.Page{
		{URL: "p1", Records: []harvester.Record{
			{RemoteID: "a", Dataset: dataset("A")},
			{RemoteID: "x", Err: bad},
		}},
		{URL: "p2", Superseded: []string{"a"}, Records: []harvester.Record{
			{RemoteID: "b", Dataset: dataset("B")},
			{RemoteID: "a", Dataset: dataset("A2")},
		}},
	}, err: municat.ErrUnavailable}
	got, err := fetchtest.Run(t, f, fetchtest.Source(municat.SourceCKAN, "https://example.org", nil))
	if !errors.Is(err, municat.ErrUnavailable) {
		t.Errorf("error %v, want the error of Fetch", err)
	}
	if len(got.Pages) != 2 || got.Pages[1].URL != "p2" {
		t.Errorf("pages %v, want both in order", got.Pages)
	}
	if len(got.Records) != 4 || !slices.Equal(got.AllIDs, []string{"a", "x", "b", "a"}) || len(got.AllByID) != 3 || got.AllByID["x"].Err != bad {
		t.Errorf("all records: %v, by id %v", got.AllIDs, got.AllByID)
	}
	if !slices.Equal(got.IDs, []string{"a", "b", "a"}) || len(got.ByID) != 2 || len(got.Errs) != 1 || got.Errs[0].RemoteID != "x" {
		t.Errorf("records %v, %d by id, errors %v", got.IDs, len(got.ByID), got.Errs)
	}
	if titles := got.Titles(); len(titles) != 2 || titles["a"] != "A2" || titles["b"] != "B" {
		t.Errorf("titles %v, want the last title of a and b", titles)
	}
	if !slices.Equal(got.Superseded, []string{"a"}) {
		t.Errorf("superseded %v", got.Superseded)
	}
}

func TestSource(t *testing.T) {
	src := fetchtest.Source(municat.SourceDCAT, "https://example.org/catalog", map[string]string{"k": "v"})
	if src.ID != fetchtest.SourceID || src.Organization != fetchtest.SourceID || src.Type != municat.SourceDCAT ||
		src.URL != "https://example.org/catalog" || src.Options["k"] != "v" {
		t.Errorf("source %+v", src)
	}
}

func TestMustFailWith(t *testing.T) {
	err := &municat.Error{Code: municat.EUNAVAILABLE, Message: "Seite 2 fehlt (HTTP 500)"}
	fetchtest.MustFailWith(t, err, "Seite 2", "HTTP 500")
	fetchtest.MustFailUnavailable(t, err, "HTTP 500")
}
