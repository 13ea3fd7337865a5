package bleve_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/search/bleve"
)

// benchTopics are the building blocks of the generated datasets: a title
// word, a theme and keywords.
var benchTopics = []struct {
	title, theme string
	keywords     []string
}{
	{"Haltestellen", "TRAN", []string{"ÖPNV", "Bus"}},
	{"Baumkataster", "ENVI", []string{"Bäume", "Stadtgrün"}},
	{"Schulen", "EDUC", []string{"Bildung", "Schule"}},
	{"Haushaltsplan", "ECON", []string{"Haushalt", "Finanzen"}},
	{"Wahlergebnisse", "GOVE", []string{"Wahlen", "Politik"}},
	{"Bevölkerung", "SOCI", []string{"Einwohner", "Statistik"}},
	{"Radwege", "TRAN", []string{"Radverkehr", "Fahrrad"}},
	{"Luftqualität", "ENVI", []string{"Luft", "Umwelt"}},
	{"Kindertagesstätten", "EDUC", []string{"Kita", "Familie"}},
	{"Gewerbeanmeldungen", "ECON", []string{"Gewerbe", "Wirtschaft"}},
	{"Ladestationen", "TRAN", []string{"Elektromobilität", "Energie"}},
	{"Friedhöfe", "SOCI", []string{"Friedhof"}},
}

var (
	benchPlaces   = []string{"Musterstadt", "Kleinhausen", "Beispielkreis", "Neustadt", "Altdorf", "Bergheim", "Talhausen", "Seedorf"}
	benchFormats  = []string{"CSV", "GEOJSON", "PDF", "WMS_SRVC", "JSON", "XLSX"}
	benchLicenses = []string{"dl-by-de/2.0", "dl-zero-de/2.0", "cc-by/4.0", "cc-zero/1.0"}
)

// benchDatasets returns n generated German datasets, the same on every run.
func benchDatasets(n int) []*municat.Dataset {
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]*municat.Dataset, n)
	for i := range out {
		topic := benchTopics[r.IntN(len(benchTopics))]
		place := benchPlaces[r.IntN(len(benchPlaces))]
		year := 2015 + r.IntN(10)
		modified := base.Add(time.Duration(r.IntN(5*365*24)) * time.Hour)
		d := &municat.Dataset{
			ID:    fmt.Sprintf("%s.ds-%05d", strings.ToLower(place), i),
			Title: municat.Text{"de": fmt.Sprintf("%s %s %d", topic.title, place, year)},
			Description: municat.NewText(fmt.Sprintf(
				"Daten der Gemeinde %s zum Thema %s für das Jahr %d, jährlich aktualisiert und maschinenlesbar bereitgestellt.",
				place, topic.title, year)),
			Keywords:  append([]string{place}, topic.keywords...),
			Themes:    []string{topic.theme},
			Publisher: &municat.Agent{Name: municat.NewText("Gemeinde " + place)},
			License:   benchLicenses[r.IntN(len(benchLicenses))],
			Modified:  &modified,
		}
		for range 1 + r.IntN(3) {
			d.Distributions = append(d.Distributions, municat.Distribution{Format: benchFormats[r.IntN(len(benchFormats))]})
		}
		out[i] = d
	}
	return out
}

// BenchmarkSearch measures queries over 5,000 generated datasets in memory.
func BenchmarkSearch(b *testing.B) {
	idx, err := bleve.NewMemory()
	if err != nil {
		b.Fatal(err)
	}
	defer idx.Close()
	ctx := context.Background()
	start := time.Now()
	if err := idx.Index(ctx, benchDatasets(5000)...); err != nil {
		b.Fatal(err)
	}
	b.Logf("indexed 5,000 datasets in %v", time.Since(start).Round(time.Millisecond))

	for _, bm := range []struct {
		name string
		q    municat.Query
	}{
		{"OneWord", municat.Query{Text: "Haltestellen"}},
		{"Typo", municat.Query{Text: "Haltestelen"}},
		{"Filtered", municat.Query{Filters: map[string][]string{
			municat.FacetTheme:  {"TRAN"},
			municat.FacetFormat: {"CSV", "GEOJSON"},
		}}},
		{"WordAndFilter", municat.Query{Text: "Musterstadt", Filters: map[string][]string{
			municat.FacetLicense: {"dl-by-de/2.0"},
		}}},
		{"AllByTitle", municat.Query{Sort: municat.SortTitle}},
		// A long word that finds nothing: the cost of its expansions
		// (typos, compound parts) alone.
		{"NoMatch", municat.Query{Text: "Feuerwehrhaus"}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			bm.q.PerPage = 20
			var total int
			for b.Loop() {
				res, err := idx.Search(ctx, bm.q)
				if err != nil {
					b.Fatal(err)
				}
				total = res.Total
			}
			b.ReportMetric(float64(total), "hits")
		})
	}
}
