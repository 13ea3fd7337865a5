package suggest_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/internal/demotest"
	"github.com/municat/municat/search/bleve"
	"github.com/municat/municat/search/suggest"
)

// demoEnv is the demo catalogue in a file store and an in-memory index.
type demoEnv struct {
	catalog *catalog.Catalog
	index   *bleve.Index
}

// MustDemo returns the demo catalogue, loaded into a new file store and
// indexed in one batch.
func MustDemo(tb testing.TB) *demoEnv {
	tb.Helper()
	cat, idx := demotest.MustLoad(tb)
	return &demoEnv{catalog: cat, index: idx}
}

// suggester returns a Suggester over the environment.
func (e *demoEnv) suggester(age ...int) *suggest.Suggester {
	cfg := suggest.Config{Index: e.index, Catalog: e.catalog, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if len(age) > 0 {
		cfg.VocabularyAge = 1 // read again on every request
	}
	return suggest.New(cfg)
}

// MustOK fails the test on a non-nil error.
func MustOK(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// MustSuggest runs r and fails the test on an error.
func MustSuggest(tb testing.TB, s *suggest.Suggester, r suggest.Request) []suggest.Suggestion {
	tb.Helper()
	got, err := s.Suggest(context.Background(), r)
	if err != nil {
		tb.Fatalf("Suggest(%+v): %v", r, err)
	}
	if got == nil {
		tb.Fatalf("Suggest(%+v): nil, want a slice", r)
	}
	return got
}

// Shorthands for expected suggestions.
func title(text, id string) suggest.Suggestion {
	return suggest.Suggestion{Type: suggest.TypeTitle, Text: text, Dataset: id}
}

func keyword(text string, n int) suggest.Suggestion {
	return suggest.Suggestion{Type: suggest.TypeKeyword, Text: text, Count: n}
}

func org(text, id string, n int) suggest.Suggestion {
	return suggest.Suggestion{Type: suggest.TypeOrganization, Text: text, Organization: id, Count: n}
}

// The expectations below are read from demo/data/catalog.json.
func TestSuggest(t *testing.T) {
	s := MustDemo(t).suggester()
	tests := []struct {
		name string
		req  suggest.Request
		want []suggest.Suggestion
	}{
		{"prefix", suggest.Request{Text: "Radverk"}, []suggest.Suggestion{
			title("Radverkehrszählung 2025", "radverkehrszaehlung-2025"),
			title("Radverkehr: aktuelle Zählwerte", "radverkehr-aktuell"),
			keyword("Radverkehr", 4),
		}},
		{"titles, keywords by count, organisation by name", suggest.Request{Text: "Wahl"}, []suggest.Suggestion{
			title("Wahlbezirke und Wahllokale", "wahlbezirke"),
			title("Kommunalwahl 2021: Ergebnisse der Ratswahl nach Wahlbezirken", "wahlergebnisse-kommunalwahl-2021"),
			keyword("Wahlen", 3), keyword("Wahlbezirke", 2), keyword("Wahlergebnisse", 2), keyword("Wahllokal", 1),
			org("Stadt Birkenhude – Statistikstelle und Wahlamt", "birkenhude-statistik", 13),
		}},
		{"organisations by number of datasets", suggest.Request{Text: "moorg"}, []suggest.Suggestion{
			title("Volkshochschule Moorgeest: Kursprogramm", "vhs-kursprogramm"),
			org("Landkreis Moorgeest", "landkreis-moorgeest", 7),
			org("Abfallwirtschaftsbetrieb Landkreis Moorgeest", "awb-moorgeest", 3),
		}},
		{"organisation name the index does not search", suggest.Request{Text: "Stadtw"}, []suggest.Suggestion{
			title("Stadtwald Birkenhude: Forsteinrichtung", "stadtwald"),
			keyword("Stadtwald", 1),
			org("Stadtwerke Birkenhude GmbH", "stadtwerke-birkenhude", 8),
		}},
		{"ß typed as ss", suggest.Request{Text: "STRASSENV"}, []suggest.Suggestion{
			title("Straßenverzeichnis", "strassenverzeichnis"),
			keyword("Straßenverkehr", 1),
		}},
		{"ß typed as ß", suggest.Request{Text: "straßenv"}, []suggest.Suggestion{
			title("Straßenverzeichnis", "strassenverzeichnis"),
			keyword("Straßenverkehr", 1),
		}},
		{"umlaut spelled out", suggest.Request{Text: "oeffentliche"}, []suggest.Suggestion{
			title("Öffentliche Toiletten", "oeffentliche-toiletten"),
		}},
		{"umlaut without dots", suggest.Request{Text: "Ladesaul"}, []suggest.Suggestion{
			title("Ladesäulen für Elektrofahrzeuge", "ladesaeulen"),
			keyword("Ladesäulen", 1),
		}},
		{"words in any order, each a prefix", suggest.Request{Text: "2025 Haushalt"}, []suggest.Suggestion{
			title("Haushaltsplan 2025", "haushaltsplan-2025"),
		}},
		{"a word inside a keyword", suggest.Request{Text: "radw"}, []suggest.Suggestion{
			keyword("Weser-Radweg", 1),
		}},
		{"limit shared in turn", suggest.Request{Text: "Stadt", Limit: 3}, []suggest.Suggestion{
			title("Treibhausgasbilanz der Stadt Birkenhude", "co2-bilanz"),
			keyword("Stadtgrün", 2),
			org("Stadt Birkenhude", "stadt-birkenhude", 31),
		}},
		{"limit 1", suggest.Request{Text: "Stadt", Limit: 1}, []suggest.Suggestion{
			title("Treibhausgasbilanz der Stadt Birkenhude", "co2-bilanz"),
		}},
		{"keyword equal to a title once", suggest.Request{Text: "Baumkat"}, []suggest.Suggestion{
			title("Baumkataster", "baumkataster"),
		}},
		{"English titles", suggest.Request{Text: "2025", Lang: "en", Limit: 3}, []suggest.Suggestion{
			title("Budget 2025", "haushaltsplan-2025"),
			title("Bicycle counts 2025", "radverkehrszaehlung-2025"),
			title("Bathing water quality 2025", "badegewaesser"),
		}},
		{"German title when the English one does not complete", suggest.Request{Text: "Radverkehrsz", Lang: "en"}, []suggest.Suggestion{
			title("Radverkehrszählung 2025", "radverkehrszaehlung-2025"),
		}},
		{"English title when only it completes", suggest.Request{Text: "Tree reg"}, []suggest.Suggestion{
			title("Tree register", "baumkataster"),
		}},
		{"one letter", suggest.Request{Text: "R"}, []suggest.Suggestion{}},
		{"one letter and signs", suggest.Request{Text: "  r-!  "}, []suggest.Suggestion{}},
		{"nothing completes", suggest.Request{Text: "Zyxwv"}, []suggest.Suggestion{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MustSuggest(t, s, tt.req)
			if !reflect.DeepEqual(sortTitles(got), sortTitles(tt.want)) {
				t.Errorf("Suggest(%+v)\n got %+v\nwant %+v", tt.req, got, tt.want)
			}
		})
	}
}

// sortTitles returns list with its leading titles sorted by dataset id:
// their order is the index's ranking, which TestSuggestSearchOrder checks.
func sortTitles(list []suggest.Suggestion) []suggest.Suggestion {
	out := slices.Clone(list)
	n := 0
	for n < len(out) && out[n].Type == suggest.TypeTitle {
		n++
	}
	slices.SortFunc(out[:n], func(a, b suggest.Suggestion) int { return strings.Compare(a.Dataset, b.Dataset) })
	return out
}

// Titles come in the order of the index's hits, leaving out those whose
// title does not complete the text.
func TestSuggestSearchOrder(t *testing.T) {
	e := MustDemo(t)
	s := e.suggester()
	ctx := context.Background()
	for _, text := range []string{"Rad", "Wahl", "Stadt", "Bevölkerung", "2025"} {
		got := MustSuggest(t, s, suggest.Request{Text: text, Limit: suggest.MaxLimit})
		res, err := e.index.Search(ctx, municat.Query{Text: text, PerPage: 2 * suggest.MaxLimit})
		MustOK(t, err)
		rank := map[string]int{}
		for i, h := range res.Hits {
			rank[h.ID] = i + 1
		}
		last, titles := 0, 0
		for _, g := range got {
			if g.Type != suggest.TypeTitle {
				continue
			}
			titles++
			if rank[g.Dataset] <= last {
				t.Errorf("%q: %s at hit %d, after hit %d", text, g.Dataset, rank[g.Dataset], last)
			}
			last = rank[g.Dataset]
		}
		if titles < 2 {
			t.Errorf("%q: %d titles, want at least 2: %+v", text, titles, got)
		}
	}
}

// Two-letter texts are completed from the vocabulary, even where the index
// matches prefixes only from three letters on.
func TestSuggestTwoLetters(t *testing.T) {
	s := MustDemo(t).suggester()
	got := MustSuggest(t, s, suggest.Request{Text: "Ra", Limit: 3})
	want := []suggest.Suggestion{keyword("Radverkehr", 4), keyword("Rat", 3), keyword("Radboxen", 1)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestSuggestLimits(t *testing.T) {
	s := MustDemo(t).suggester()
	for _, tt := range []struct {
		limit, want int
	}{{0, suggest.DefaultLimit}, {-3, suggest.DefaultLimit}, {5, 5}, {100, suggest.MaxLimit}} {
		got := MustSuggest(t, s, suggest.Request{Text: "Stadt", Limit: tt.limit})
		if len(got) != tt.want {
			t.Errorf("limit %d: %d suggestions, want %d: %+v", tt.limit, len(got), tt.want, got)
		}
		seen := map[string]bool{}
		for _, g := range got {
			if seen[g.Text] {
				t.Errorf("limit %d: %q twice", tt.limit, g.Text)
			}
			seen[g.Text] = true
		}
	}
	// 14 + 44×2 = 102 bytes: too long.
	_, err := s.Suggest(context.Background(), suggest.Request{Text: "Haushaltsplan " + strings.Repeat("ä", 44)})
	if !errors.Is(err, municat.ErrInvalid) {
		t.Errorf("102 bytes: err %v, want EINVALID", err)
	}
	// 100 bytes once the spaces around are gone.
	if got := MustSuggest(t, s, suggest.Request{Text: "  Haushaltsplan   " + strings.Repeat("x", 86) + "  "}); len(got) != 0 {
		t.Errorf("100 bytes after normalising: %+v, want none", got)
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"  Rad  weg\t\n": "Rad weg",
		"":               "",
		"a\xffb":         "ab",
		"Straße":         "Straße",
	} {
		if got := suggest.Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}
