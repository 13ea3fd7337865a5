package bleve

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// TestHitProjection checks the dataset a hit carries, in memory and after
// reopening the index from disk (the columns are then read from the stored
// rows).
func TestHitProjection(t *testing.T) {
	ctx := context.Background()
	modified := time.Date(2026, 1, 10, 8, 0, 0, 0, time.FixedZone("CET", 3600))
	long := strings.Repeat("Straßenbäume der Stadt mit Art und Standort. ", 20)
	d := &municat.Dataset{
		ID:            "stadt.baumkataster",
		Title:         municat.Text{"de": "Baumkataster", "en": "Tree register"},
		Description:   municat.Text{"de": long, "en": ""},
		Organization:  "stadt-musterstadt",
		Publisher:     &municat.Agent{Name: municat.NewText("Stadt Musterstadt"), Email: "info@example.de"},
		Themes:        []string{"ENVI"},
		Keywords:      []string{"Bäume", "Umwelt"},
		License:       "dl-by-de/2.0",
		Modified:      &modified,
		Distributions: []municat.Distribution{{Format: "CSV", AccessURL: "https://example.de/a.csv"}, {Format: "CSV"}, {Format: "GEOJSON"}},
	}
	mod := modified.UTC()
	want := &municat.Dataset{
		ID:            d.ID,
		Title:         d.Title,
		Description:   municat.Text{"de": municat.Shorten(long, descriptionLength)},
		Organization:  d.Organization,
		Publisher:     &municat.Agent{Name: d.Publisher.Name},
		Themes:        d.Themes,
		Keywords:      d.Keywords,
		License:       d.License,
		Modified:      &mod,
		Distributions: []municat.Distribution{{Format: "CSV"}, {Format: "GEOJSON"}},
	}
	dir := t.TempDir()
	idx, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.Index(ctx, d); err != nil {
		t.Fatal(err)
	}
	check := func(idx *Index) {
		t.Helper()
		res, err := idx.Search(ctx, municat.Query{Text: "Baumkataster"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 || !reflect.DeepEqual(res.Hits[0].Dataset, want) {
			t.Fatalf("hits %+v,\nwant the projection %+v", res.Hits, want)
		}
	}
	check(idx)
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	idx, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	check(idx)
}
