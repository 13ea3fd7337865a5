package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/rdf"
)

// TestCatalogHarvestVisitsEveryDataset follows hydra:next from the first
// page, as ckanext-dcat and piveau do, while datasets change between the
// pages, and checks that every dataset is seen exactly once.
func TestCatalogHarvestVisitsEveryDataset(t *testing.T) {
	const n, perPage = 57, 10
	e := MustGenEnv(t, n)
	for _, f := range []rdf.Format{rdf.RDFXML, rdf.Turtle, rdf.JSONLD, rdf.NTriples} {
		t.Run(f.Ext(), func(t *testing.T) {
			seen := map[string]int{}
			target := fmt.Sprintf("/catalog.%s?per_page=%d", f.Ext(), perPage)
			pages := 0
			for target != "" {
				if pages++; pages > n {
					t.Fatal("paging does not end")
				}
				g, _ := MustGetRDF(t, e.app, target, f)
				for _, id := range catalogDatasets(t, g) {
					seen[id]++
				}
				h, ok := hydraBlock(t, g)
				if !ok || h.total != fmt.Sprint(n) {
					t.Fatalf("%s: paging block %+v", target, h)
				}
				if pages == 2 {
					touchDatasets(t, e)
				}
				next, ok := strings.CutPrefix(h.next, testBaseURL)
				if h.next != "" && !ok {
					t.Fatalf("next link %q is not on the portal", h.next)
				}
				target = next
			}
			if want := (n + perPage - 1) / perPage; pages != want {
				t.Errorf("%d pages, want %d", pages, want)
			}
			for _, id := range e.ids {
				if seen[id] != 1 {
					t.Errorf("dataset %s seen %d times", id, seen[id])
				}
			}
			if len(seen) != n {
				t.Errorf("%d datasets seen, want %d", len(seen), n)
			}
		})
	}
}

// touchDatasets changes every third dataset the way a harvest of the
// portal's own sources does: new title, new modification date.
func touchDatasets(tb testing.TB, e *genEnv) {
	tb.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	for i := 0; i < len(e.ids); i += 3 {
		d, err := e.catalog.Dataset(ctx, e.ids[i])
		MustOK(tb, err)
		d.Title = municat.Text{"de": "Aaa geändert " + d.Title["de"]}
		d.Modified = &now
		MustOK(tb, e.catalog.PutDataset(ctx, d))
		MustOK(tb, e.index.Index(ctx, d))
	}
}
