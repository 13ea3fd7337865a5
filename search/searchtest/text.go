package searchtest

import (
	"slices"
	"testing"

	"github.com/municat/municat"
)

func testText(t *testing.T, idx municat.Index) {
	ds := MustLoad(t, idx)
	tests := []struct {
		name, text string
		// first is the dataset that must rank first, if set; want lists
		// datasets that must be among the hits.
		first string
		want  []string
	}{
		{"title word", "Baumkataster", idBaumkataster, nil},
		{"keyword", "Elektromobilität", idLadestationen, nil},
		{"description word", "Stammumfang", idBaumkataster, nil},
		{"lower case", "baumkataster", idBaumkataster, nil},
		{"upper case", "BAUMKATASTER", idBaumkataster, nil},
		{"plural finds singular", "Schulen", idSchulen, nil},
		{"singular finds plural", "Haltestelle", idHaltestellen, nil},
		{"singular finds plural -se", "Wahlergebnis", idWahl, nil},
		{"umlaut", "Bevölkerung", idBevoelkerung, nil},
		{"umlaut upper case", "BEVÖLKERUNG", idBevoelkerung, nil},
		{"umlaut without dots", "bevolkerung", idBevoelkerung, nil},
		{"sharp s", "Straße", "", []string{idStrassen}},
		{"English plural", "trees", idBaumkataster, nil},
		{"English singular finds plural", "vehicle", idLadestationen, nil},
		{"English title only", "strategy", idOpenDataStrategy, nil},
		{"two words", "Haushaltsplan Kleinhausen", idHaushaltKlein, nil},
	}
	published := map[string]bool{}
	for _, d := range ds {
		published[d.ID] = true
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := MustSearch(t, idx, municat.Query{Text: tt.text, PerPage: all})
			got := hitIDs(res)
			if res.Total != len(got) {
				t.Errorf("Search(%q): Total %d, but %d hits on a page holding all", tt.text, res.Total, len(got))
			}
			if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
				t.Errorf("Search(%q) = %v, want %s first", tt.text, got, tt.first)
			}
			for _, id := range tt.want {
				if !slices.Contains(got, id) {
					t.Errorf("Search(%q) = %v, want %s among them", tt.text, got, id)
				}
			}
			for _, id := range got {
				if !published[id] {
					t.Errorf("Search(%q) found %s, which is not a published dataset", tt.text, id)
				}
			}
			if len(got) > len(ds)/2 {
				t.Errorf("Search(%q) found %d of %d datasets; the query should be selective", tt.text, len(got), len(ds))
			}
		})
	}

	res := MustSearch(t, idx, municat.Query{Text: "Flughafen", PerPage: all})
	if res.Total != 0 || len(res.Hits) != 0 {
		t.Errorf("Search(Flughafen): Total %d, hits %v; want none", res.Total, hitIDs(res))
	}
	for name, values := range res.Facets {
		if len(values) != 0 {
			t.Errorf("Search(Flughafen): facet %s = %v, want empty", name, values)
		}
	}
}

// testTextRelevance checks that a match in the title ranks above a match in
// the description only.
func testTextRelevance(t *testing.T, idx municat.Index) {
	MustLoad(t, idx)
	for _, tt := range []struct{ text, title, description string }{
		{"Naturschutzgebiete", idNaturschutz, idRadwege},
		{"Luftqualität", idLuft, idLaerm},
	} {
		res := MustSearch(t, idx, municat.Query{Text: tt.text, PerPage: all})
		got := hitIDs(res)
		ti, di := slices.Index(got, tt.title), slices.Index(got, tt.description)
		if ti < 0 || di < 0 || ti > di {
			t.Errorf("Search(%q) = %v, want %s (title match) before %s (description match)", tt.text, got, tt.title, tt.description)
		}
	}
}

// testRelevanceTies checks that datasets with the same score come by id:
// twins that differ only in their id, indexed in reverse id order.
func testRelevanceTies(t *testing.T, idx municat.Index) {
	MustLoad(t, idx)
	twin := func(id string) *municat.Dataset {
		d := Datasets()[0]
		d.ID = id
		d.Title = municat.Text{"de": "Spielplätze und Bolzplätze"}
		d.Description = municat.NewText("Spielplätze mit Spielgeräten und Altersgruppe.")
		d.Keywords = []string{"Spielplatz", "Familie"}
		return d
	}
	want := []string{"kleinhausen.spielplaetze", "musterstadt.spielplaetze", "stadtwerke.spielplaetze"}
	for _, id := range slices.Backward(want) {
		MustIndex(t, idx, twin(id))
	}
	for _, tt := range []struct {
		q    municat.Query
		want []string
	}{
		{municat.Query{Text: "Spielplätze"}, want},
		{municat.Query{Text: "Bolzplätze"}, want},
		{municat.Query{Text: "Spielplätze", Page: 2, PerPage: 1}, want[1:2]},
	} {
		if got := hitIDs(MustSearch(t, idx, tt.q)); !slices.Equal(got, tt.want) {
			t.Errorf("Search(%s) = %v, want %v", describe(tt.q), got, tt.want)
		}
	}
}

func testTextAndFilters(t *testing.T, idx municat.Index) {
	MustLoad(t, idx)
	for _, tt := range []struct {
		text    string
		filters map[string][]string
		want    []string
	}{
		{"Umwelt", map[string][]string{municat.FacetLicense: {ccBy}}, []string{idLuft}},
		{"Haushaltsplan", map[string][]string{municat.FacetPublisher: {kleinhausen}}, []string{idHaushaltKlein}},
		{"Haltestellen", map[string][]string{municat.FacetFormat: {"PDF"}}, nil},
	} {
		q := municat.Query{Text: tt.text, Filters: tt.filters, PerPage: all}
		res := MustSearch(t, idx, q)
		if got := sortedSet(hitIDs(res)); !slices.Equal(got, tt.want) || res.Total != len(tt.want) {
			t.Errorf("Search(%s) = %v (Total %d), want %v", describe(q), got, res.Total, tt.want)
		}
	}
}
