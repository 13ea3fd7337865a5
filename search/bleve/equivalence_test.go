package bleve

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// eqWords are the words the random datasets and queries are made of.
var eqWords = []string{
	"Haltestellen", "Baumkataster", "Schulen", "Haushalt", "Wahlergebnisse", "Bevölkerung",
	"Radwege", "Luftqualität", "Kita", "Gewerbe", "Ladestationen", "Friedhof", "Stadt",
	"Bus", "Daten", "der", "und", "Umwelt", "Verkehr", "Parkplätze", "Bäume", "Energie",
}

// eqDataset returns a random dataset i.
func eqDataset(r *rand.Rand, i int) *municat.Dataset {
	pick := func(vs []string, n int) []string {
		var out []string
		for range n {
			out = append(out, vs[r.IntN(len(vs))])
		}
		return out
	}
	words := func(n int) string { return strings.Join(pick(eqWords, n), " ") }
	date := func() *time.Time {
		if r.IntN(5) == 0 {
			return nil
		}
		t := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(30)) * 24 * time.Hour)
		return &t
	}
	d := &municat.Dataset{
		ID:          fmt.Sprintf("ds-%03d", i),
		Title:       municat.Text{"de": words(1 + r.IntN(3))},
		Description: municat.NewText(words(r.IntN(12))),
		Keywords:    pick(eqWords, r.IntN(4)),
		Themes:      pick([]string{"TRAN", "ENVI", "EDUC", "ECON", "GOVE"}, r.IntN(3)),
		License:     pick([]string{"", "dl-by-de/2.0", "cc-by/4.0", "cc-zero/1.0"}, 1)[0],
		Modified:    date(),
		Issued:      date(),
		State:       municat.Published,
	}
	if r.IntN(4) == 0 {
		d.Title["en"] = words(2)
	}
	if org := pick([]string{"", "stadt-a", "stadt-b", "kreis-c"}, 1)[0]; org != "" {
		d.Organization = org
		d.Publisher = &municat.Agent{Name: municat.NewText("Verwaltung " + org)}
	}
	for _, f := range pick([]string{"CSV", "JSON", "PDF", "WMS"}, r.IntN(4)) {
		d.Distributions = append(d.Distributions, municat.Distribution{Format: f})
	}
	return d
}

// eqQuery returns a random query.
func eqQuery(r *rand.Rand) municat.Query {
	q := municat.Query{Filters: map[string][]string{}}
	switch r.IntN(4) {
	case 1:
		q.Text = eqWords[r.IntN(len(eqWords))]
	case 2:
		q.Text = eqWords[r.IntN(len(eqWords))] + " " + eqWords[r.IntN(len(eqWords))]
	case 3:
		w := []rune(eqWords[r.IntN(len(eqWords))])
		if len(w) > 5 {
			w = append(w[:2], w[3:]...) // a typo
		}
		q.Text = string(w)
	}
	if r.IntN(3) == 0 {
		q.Filters[municat.FacetTheme] = []string{[]string{"TRAN", "ENVI", "NONE"}[r.IntN(3)], "EDUC"}[:1+r.IntN(2)]
	}
	if r.IntN(4) == 0 {
		q.Filters[municat.FacetFormat] = []string{"CSV"}
	}
	if r.IntN(5) == 0 {
		q.Filters[municat.FacetKeyword] = []string{"Daten", "Bus"}
	}
	if r.IntN(5) == 0 {
		q.ModifiedSince = time.Date(2020, 1, 1+r.IntN(30), 0, 0, 0, 0, time.UTC)
	}
	q.Sort = []string{"", municat.SortRelevance, municat.SortTitle, municat.SortModified, municat.SortIssued, municat.SortID}[r.IntN(6)]
	q.Desc = r.IntN(2) == 0
	q.Page, q.PerPage = r.IntN(4), []int{0, 1, 5, 20, 50}[r.IntN(5)]
	q.FacetSize = r.IntN(4)
	if q.Sort == municat.SortID && r.IntN(2) == 0 {
		q.After = fmt.Sprintf("ds-%03d", r.IntN(150))
	}
	return q
}

// TestSearchEqualsBleve checks that Search, computing filters, facets, sorts
// and pages from the columns, gives the result of Bleve's own facets and
// sorts, for random datasets and queries, in memory and reopened from disk.
func TestSearchEqualsBleve(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(9, 9))
	dir := t.TempDir()
	idx, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var datasets []*municat.Dataset
	for i := range 150 {
		datasets = append(datasets, eqDataset(r, i))
	}
	if err := idx.Index(ctx, datasets[:100]...); err != nil {
		t.Fatal(err)
	}
	// Updates, deletions and a dataset withdrawn, in later segments.
	if err := idx.Index(ctx, datasets[100:]...); err != nil {
		t.Fatal(err)
	}
	if err := idx.Index(ctx, eqDataset(r, 7), eqDataset(r, 120)); err != nil {
		t.Fatal(err)
	}
	if err := idx.Delete(ctx, "ds-003", "ds-110"); err != nil {
		t.Fatal(err)
	}
	withdrawn := eqDataset(r, 42)
	withdrawn.State = municat.Withdrawn
	if err := idx.Index(ctx, withdrawn); err != nil {
		t.Fatal(err)
	}
	compare := func(idx *Index) {
		for i := range 400 {
			compareSearch(t, idx, i, eqQuery(r))
		}
	}
	compare(idx)
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	idx, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	compare(idx)
}

// compareSearch fails t unless Search answers q, query number i, as
// searchBleve does.
func compareSearch(t *testing.T, idx *Index, i int, q municat.Query) {
	t.Helper()
	ctx := context.Background()
	want, err := idx.searchBleve(ctx, q)
	if err != nil {
		t.Fatalf("query %d %+v: bleve: %v", i, q, err)
	}
	got, err := idx.Search(ctx, q)
	if err != nil {
		t.Fatalf("query %d %+v: %v", i, q, err)
	}
	if got.Total != want.Total {
		t.Fatalf("query %d %+v: total %d, want %d", i, q, got.Total, want.Total)
	}
	for _, name := range municat.FacetNames {
		if !slices.Equal(got.Facets[name], want.Facets[name]) {
			t.Fatalf("query %d %+v: facet %s %v, want %v", i, q, name, got.Facets[name], want.Facets[name])
		}
	}
	if !slices.EqualFunc(got.Hits, want.Hits, func(a, b municat.Hit) bool {
		return a.ID == b.ID && a.Score == b.Score
	}) {
		t.Fatalf("query %d %+v:\n got %v\nwant %v", i, q, got.Hits, want.Hits)
	}
}

// TestCachedSearchEqualsBleve checks that Search answers from the cache of
// text matches as Bleve does: random queries from a small set, so that
// their texts repeat with other filters, sorts and pages, interleaved with
// updates, deletions and withdrawals that must invalidate the cache.
func TestCachedSearchEqualsBleve(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(7, 7))
	idx, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	var datasets []*municat.Dataset
	for i := range 120 {
		datasets = append(datasets, eqDataset(r, i))
	}
	if err := idx.Index(ctx, datasets...); err != nil {
		t.Fatal(err)
	}
	var texts []string
	for len(texts) < 8 {
		if q := eqQuery(r); q.Text != "" {
			texts = append(texts, q.Text)
		}
	}
	hits := 0
	for i := range 600 {
		switch r.IntN(25) {
		case 0:
			if err := idx.Index(ctx, eqDataset(r, r.IntN(150))); err != nil {
				t.Fatal(err)
			}
		case 1:
			if err := idx.Delete(ctx, fmt.Sprintf("ds-%03d", r.IntN(150))); err != nil {
				t.Fatal(err)
			}
		case 2:
			d := eqDataset(r, r.IntN(150))
			d.State = municat.Withdrawn
			if err := idx.Index(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		q := eqQuery(r)
		q.Text = texts[r.IntN(len(texts))]
		if idx.cachedText(q.Text) {
			hits++
		}
		compareSearch(t, idx, i, q)
	}
	// About one search in eight follows a change, and merges change the
	// segments too: a loose bound, that the cache is used at all.
	if hits < 150 {
		t.Errorf("%d of 600 searches found their text in the cache, want 150 or more", hits)
	}
}
