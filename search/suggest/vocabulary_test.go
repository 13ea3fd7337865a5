package suggest_test

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/search/suggest"
)

// A dataset indexed after the vocabulary was read is counted from the
// matches until the vocabulary is read again.
func TestSuggestFreshCounts(t *testing.T) {
	e := MustDemo(t)
	s := e.suggester()
	ctx := context.Background()
	MustSuggest(t, s, suggest.Request{Text: "Radverk"})
	d := &municat.Dataset{
		ID: "radwege", Title: municat.Text{"de": "Radwegenetz"}, Keywords: []string{"Radverkehr", "Zebrastreifen"},
		Organization: "stadtwerke-birkenhude", State: municat.Published,
	}
	MustOK(t, e.catalog.PutDataset(ctx, d))
	MustOK(t, e.index.Index(ctx, d))
	got := MustSuggest(t, s, suggest.Request{Text: "Radverk"})
	if want := keyword("Radverkehr", 5); !contains(got, want) {
		t.Errorf("after indexing: %+v, want %+v", got, want)
	}
	got = MustSuggest(t, s, suggest.Request{Text: "zebra"})
	if want := keyword("Zebrastreifen", 1); !contains(got, want) {
		t.Errorf("new keyword: %+v, want %+v", got, want)
	}
	// The organisation count comes from the vocabulary: the old one until
	// it is read again.
	if got := MustSuggest(t, s, suggest.Request{Text: "Stadtwerke"}); !contains(got, org("Stadtwerke Birkenhude GmbH", "stadtwerke-birkenhude", 8)) {
		t.Errorf("cached vocabulary: %+v", got)
	}
	if got := MustSuggest(t, e.suggester(1), suggest.Request{Text: "Stadtwerke"}); !contains(got, org("Stadtwerke Birkenhude GmbH", "stadtwerke-birkenhude", 9)) {
		t.Errorf("vocabulary read again: %+v", got)
	}
}

// contains reports whether list holds s.
func contains(list []suggest.Suggestion, s suggest.Suggestion) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

// An organisation without a record is not suggested. A dataset hit
// without a record is suggested from the index's projection (as the search
// lists it), and its title then stands for the equal keyword.
func TestSuggestMissingRecords(t *testing.T) {
	e := MustDemo(t)
	ctx := context.Background()
	MustOK(t, e.index.Index(ctx, &municat.Dataset{
		ID: "geister", Title: municat.Text{"de": "Geisterbahn"}, Keywords: []string{"Geisterbahn"},
		Organization: "geisterbetrieb", State: municat.Published,
	}))
	got := MustSuggest(t, e.suggester(), suggest.Request{Text: "Geist"})
	if want := []suggest.Suggestion{title("Geisterbahn", "geister")}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// backend names municat.Index for embedding: a field named Index would
// hide the method.
type backend = municat.Index

// failingIndex is an index whose searches fail.
type failingIndex struct{ backend }

var errIndexDown = errors.New("index down")

// Search fails.
func (failingIndex) Search(context.Context, municat.Query) (*municat.SearchResult, error) {
	return nil, errIndexDown
}

func TestSuggestIndexError(t *testing.T) {
	e := MustDemo(t)
	s := suggest.New(suggest.Config{Index: failingIndex{e.index}, Catalog: e.catalog})
	if _, err := s.Suggest(context.Background(), suggest.Request{Text: "Rad"}); !errors.Is(err, errIndexDown) {
		t.Errorf("err %v, want %v", err, errIndexDown)
	}
	// Too short to search: no error.
	if got := MustSuggest(t, s, suggest.Request{Text: "R"}); len(got) != 0 {
		t.Errorf("got %+v", got)
	}
}

func TestSuggestConcurrent(t *testing.T) {
	e := MustDemo(t)
	s := e.suggester(1)
	var wg sync.WaitGroup
	for _, q := range []string{"Rad", "Stadt", "Wahl", "moorg", "oeff", "Ra"} {
		wg.Go(func() {
			for range 5 {
				if _, err := s.Suggest(context.Background(), suggest.Request{Text: q}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
}
