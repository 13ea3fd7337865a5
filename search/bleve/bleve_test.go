package bleve_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/search/bleve"
	"github.com/municat/municat/search/searchtest"
)

func TestMemory(t *testing.T) {
	searchtest.Run(t, func(t *testing.T) municat.Index { return MustNewMemory(t) })
}

func TestDisk(t *testing.T) {
	searchtest.Run(t, func(t *testing.T) municat.Index { return MustOpen(t, t.TempDir()) })
}

// MustNewMemory returns a new in-memory index, closed when tb ends (closing
// twice is harmless).
func MustNewMemory(tb testing.TB) *bleve.Index {
	tb.Helper()
	idx, err := bleve.NewMemory()
	if err != nil {
		tb.Fatalf("NewMemory: %v", err)
	}
	tb.Cleanup(func() { _ = idx.Close() })
	return idx
}

// MustOpen opens the on-disk index under dir, closed when tb ends.
func MustOpen(tb testing.TB, dir string) *bleve.Index {
	tb.Helper()
	idx, err := bleve.Open(dir)
	if err != nil {
		tb.Fatalf("Open(%s): %v", dir, err)
	}
	tb.Cleanup(func() { _ = idx.Close() })
	return idx
}

// MustSearchIDs runs q and returns the ids of the hits.
func MustSearchIDs(tb testing.TB, idx municat.Index, q municat.Query) []string {
	tb.Helper()
	res := searchtest.MustSearch(tb, idx, q)
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out
}

func TestReopen(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "datasets_v"+strconv.Itoa(bleve.MappingVersion-1))
	if err := os.MkdirAll(old, 0o750); err != nil {
		t.Fatal(err)
	}

	idx := MustOpen(t, dir)
	if !idx.Created() {
		t.Errorf("Created() = false for a new directory, want true")
	}
	ds := searchtest.Datasets()
	searchtest.MustIndex(t, idx, ds...)
	want := searchtest.MustIDs(t, idx)
	if err := idx.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("index of an older mapping version not removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "datasets_v"+strconv.Itoa(bleve.MappingVersion))); err != nil {
		t.Errorf("index directory: %v", err)
	}

	again := MustOpen(t, dir)
	if again.Created() {
		t.Errorf("Created() = true on reopening, want false")
	}
	if got := searchtest.MustIDs(t, again); len(got) == 0 || !slices.Equal(got, want) {
		t.Errorf("IDs after reopening = %v, want %v", got, want)
	}
	if got := MustSearchIDs(t, again, municat.Query{Text: "Baumkataster"}); len(got) == 0 || got[0] != "musterstadt.baumkataster" {
		t.Errorf("search after reopening = %v, want the Baumkataster first", got)
	}
}

// TestGermanAndTypos checks what this backend does beyond the shared suite:
// folded spellings, typos, prefixes, stop words and AND across words.
func TestGermanAndTypos(t *testing.T) {
	idx := MustNewMemory(t)
	searchtest.MustIndex(t, idx, searchtest.Datasets()...)
	tests := []struct {
		text  string
		first string // "" for no hits
	}{
		{"strasse", "musterstadt.strassenverzeichnis"},
		{"STRASSEN", "musterstadt.strassenverzeichnis"},
		{"Bevoelkerung", "musterstadt.bevoelkerung"},
		{"Oeffnungszeiten", "kleinhausen.friedhoefe"},
		{"Baumkadaster", "musterstadt.baumkataster"},              // typo: wrong letter
		{"Naturschutzgebite", "beispielkreis.naturschutzgebiete"}, // typo: letter missing
		{"Ladestat", "stadtwerke.ladestationen"},                  // prefix of the last word
		{"die Bäume", "musterstadt.baumkataster"},                 // stop word left out
		{"the trees", "musterstadt.baumkataster"},                 // English stop word left out
		{"Haushaltsplan Kleinhausen", "kleinhausen.haushaltsplan-2024"},
		{"Baumkataster Kleinhausen", ""},  // every word must match
		{"und", "stadtwerke.parkhaeuser"}, // only stop words: all, newest first
	}
	for _, tt := range tests {
		got := MustSearchIDs(t, idx, municat.Query{Text: tt.text, PerPage: 100})
		switch {
		case tt.first == "" && len(got) != 0:
			t.Errorf("Search(%q) = %v, want none", tt.text, got)
		case tt.first != "" && (len(got) == 0 || got[0] != tt.first):
			t.Errorf("Search(%q) = %v, want %s first", tt.text, got, tt.first)
		}
	}
}

// TestExactBeforeFuzzy checks that an exact match ranks above a match with a
// typo, even when the typo match is in a stronger field.
func TestExactBeforeFuzzy(t *testing.T) {
	idx := MustNewMemory(t)
	searchtest.MustIndex(t, idx,
		&municat.Dataset{ID: "a.exact", Title: municat.NewText("Messdaten"), Description: municat.NewText("Pegelstände der Flüsse")},
		&municat.Dataset{ID: "b.typo", Title: municat.NewText("Pegelstämde")},
	)
	got := MustSearchIDs(t, idx, municat.Query{Text: "Pegelstände"})
	if !slices.Equal(got, []string{"a.exact", "b.typo"}) {
		t.Errorf("Search = %v, want the exact description match before the fuzzy title match", got)
	}
}

func TestLanguages(t *testing.T) {
	idx := MustNewMemory(t)
	searchtest.MustIndex(t, idx,
		&municat.Dataset{ID: "fr", Title: municat.Text{"fr": "Qualité de l'air", "": "Luftgüte"}},
		&municat.Dataset{ID: "none"},
	)
	for text, want := range map[string][]string{"qualite": {"fr"}, "Luftgüte": {"fr"}} {
		if got := MustSearchIDs(t, idx, municat.Query{Text: text}); !slices.Equal(got, want) {
			t.Errorf("Search(%q) = %v, want %v", text, got, want)
		}
	}
	// A dataset without title or date sorts last.
	if got := MustSearchIDs(t, idx, municat.Query{Sort: municat.SortTitle, Desc: true}); !slices.Equal(got, []string{"fr", "none"}) {
		t.Errorf("title desc = %v, want the dataset without title last", got)
	}
}

func TestInvalid(t *testing.T) {
	idx := MustNewMemory(t)
	if err := idx.Index(context.Background(), &municat.Dataset{Title: municat.NewText("Ohne ID")}); municat.ErrorCode(err) != municat.EINVALID {
		t.Errorf("Index without id: err = %v, want EINVALID", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := idx.Index(ctx, searchtest.Datasets()...); err == nil {
		t.Errorf("Index with a cancelled context: no error")
	}
}

// TestFieldBoosts checks the order of the fields: a word in the title ranks
// above the same word in the keywords, then the description, then the
// publisher's name, even where the weaker field is shorter.
func TestFieldBoosts(t *testing.T) {
	idx := MustNewMemory(t)
	searchtest.MustIndex(t, idx,
		&municat.Dataset{ID: "d.publisher", Title: municat.NewText("Messnetz"), Publisher: &municat.Agent{Name: municat.NewText("Pegelamt Pegel")}},
		&municat.Dataset{ID: "c.description", Title: municat.NewText("Messnetz"), Description: municat.NewText("Pegel und Abfluss")},
		&municat.Dataset{ID: "b.keywords", Title: municat.NewText("Messnetz"), Keywords: []string{"Pegel", "Abfluss", "Hochwasser"}},
		&municat.Dataset{ID: "a.title", Title: municat.NewText("Pegel, Abfluss und Niederschlag im Landkreis Beispielkreis")},
	)
	want := []string{"a.title", "b.keywords", "c.description", "d.publisher"}
	if got := MustSearchIDs(t, idx, municat.Query{Text: "Pegel"}); !slices.Equal(got, want) {
		t.Errorf("Search = %v, want %v", got, want)
	}
}

// TestStemmingBeyondTypos checks word forms that neither one typo nor a
// prefix joins (stemming alone does), in German and English.
func TestStemmingBeyondTypos(t *testing.T) {
	idx := MustNewMemory(t)
	searchtest.MustIndex(t, idx, searchtest.Datasets()...)
	for text, want := range map[string]string{
		"Stadtteil Bevölkerung": "musterstadt.bevoelkerung", // Stadtteilen
		"charge stations":       "stadtwerke.ladestationen", // charging
	} {
		if got := MustSearchIDs(t, idx, municat.Query{Text: text}); len(got) == 0 || got[0] != want {
			t.Errorf("Search(%q) = %v, want %s first", text, got, want)
		}
	}
}

// TestEqualScoresTie checks that datasets with the same text tie and come by
// id: unrounded, Bleve's scores of such twins can differ in the last bits.
func TestEqualScoresTie(t *testing.T) {
	idx := MustNewMemory(t)
	searchtest.MustIndex(t, idx, searchtest.Datasets()...)
	var want []string
	for _, id := range []string{"f.twin", "e.twin", "d.twin", "c.twin", "b.twin", "a.twin"} {
		searchtest.MustIndex(t, idx, &municat.Dataset{
			ID:          id,
			Title:       municat.Text{"de": "Spielplätze und Bolzplätze", "en": "Playgrounds"},
			Description: municat.NewText("Spielplätze mit Spielgeräten und Altersgruppe, Spielplatz-Paten."),
			Keywords:    []string{"Spielplatz", "Familie", "Spielplätze"},
		})
		want = append([]string{id}, want...)
	}
	if got := MustSearchIDs(t, idx, municat.Query{Text: "Spielplätze Familie"}); !slices.Equal(got, want) {
		t.Errorf("Search = %v, want %v", got, want)
	}
}

func TestPagingDefaults(t *testing.T) {
	idx := MustNewMemory(t)
	searchtest.MustIndex(t, idx, searchtest.Datasets()...)
	for _, tt := range []struct {
		q    municat.Query
		hits int
	}{
		{municat.Query{}, bleve.DefaultPerPage},
		{municat.Query{Page: -1, PerPage: -5}, bleve.DefaultPerPage},
		{municat.Query{Page: math.MaxInt, PerPage: 10}, 0},
		{municat.Query{Page: math.MaxInt / 2, PerPage: math.MaxInt}, 0},
		{municat.Query{Page: 2, PerPage: 20}, 5},
	} {
		res := searchtest.MustSearch(t, idx, tt.q)
		if len(res.Hits) != tt.hits || res.Total != 25 {
			t.Errorf("Search(page %d, per page %d): %d hits, Total %d; want %d, 25", tt.q.Page, tt.q.PerPage, len(res.Hits), res.Total, tt.hits)
		}
	}
}

// TestMixedBatch indexes published and withdrawn datasets in one call, as the
// indexer does after a harvest, across several Bleve batches.
func TestMixedBatch(t *testing.T) {
	idx, err := bleve.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	ctx := context.Background()
	var ds []*municat.Dataset
	for i := 0; i < 1200; i++ {
		d := &municat.Dataset{ID: fmt.Sprintf("d%04d", i), Title: municat.Text{"de": fmt.Sprintf("Datensatz %d", i)}, State: municat.Published}
		if i%3 == 0 {
			d.State = municat.Withdrawn
		}
		ds = append(ds, d)
	}
	for round := 0; round < 2; round++ {
		if err := idx.Index(ctx, ds...); err != nil {
			t.Fatal(err)
		}
	}
	n, err := idx.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 800 {
		t.Fatalf("Count = %d, want 800 published of 1200", n)
	}
}
