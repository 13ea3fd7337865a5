package relevance_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/demo"
	"github.com/municat/municat/search/relevance"
)

// TestGermanSet checks the embedded query set against the demo catalogue:
// its size, its categories, and that every judged dataset is listed there.
func TestGermanSet(t *testing.T) {
	set := relevance.German()
	if n := len(set.Queries); n < 45 {
		t.Errorf("German set has %d queries, want at least 45", n)
	}
	if len(set.About) == 0 || !strings.Contains(strings.Join(set.About, " "), "by hand") {
		t.Errorf("German set does not say how its judgments were made: %q", set.About)
	}
	_, datasets, err := demo.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, d := range datasets {
		listed[d.ID] = d.Listed()
	}
	perCategory := map[string]int{}
	severalWanted := 0
	for _, q := range set.Queries {
		perCategory[q.Category]++
		wanted := 0
		for id, g := range q.Relevant {
			if !listed[id] {
				t.Errorf("query %q judges %s, which is not a listed demo dataset", q.Text, id)
			}
			if g == relevance.Wanted {
				wanted++
			}
		}
		if wanted == 0 {
			t.Errorf("query %q has no dataset of grade %d", q.Text, relevance.Wanted)
		}
		if wanted >= 2 && wanted <= 5 {
			severalWanted++
		}
	}
	for _, c := range relevance.Categories {
		if perCategory[c] < 5 {
			t.Errorf("category %s has %d queries, want at least 5", c, perCategory[c])
		}
	}
	if severalWanted < 10 {
		t.Errorf("%d queries want 2 to 5 datasets, want at least 10 such queries", severalWanted)
	}
}

func TestParse(t *testing.T) {
	valid := `{"about": ["x"], "queries": [{"q": "Bäume", "category": "exact", "relevant": {"a": 2, "b": 1}}]}`
	set, err := relevance.Parse(strings.NewReader(valid))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(set.Queries) != 1 || set.Queries[0].Text != "Bäume" || set.Queries[0].Relevant["b"] != 1 {
		t.Errorf("Parse = %+v", set.Queries)
	}
	for name, in := range map[string]string{
		"no text":        `{"queries": [{"q": " ", "category": "exact", "relevant": {"a": 2}}]}`,
		"bad category":   `{"queries": [{"q": "x", "category": "misc", "relevant": {"a": 2}}]}`,
		"no judgment":    `{"queries": [{"q": "x", "category": "exact", "relevant": {}}]}`,
		"grade 0":        `{"queries": [{"q": "x", "category": "exact", "relevant": {"a": 0}}]}`,
		"grade 3":        `{"queries": [{"q": "x", "category": "exact", "relevant": {"a": 3}}]}`,
		"twice":          `{"queries": [{"q": "x", "category": "exact", "relevant": {"a": 2}}, {"q": "x", "category": "typo", "relevant": {"a": 2}}]}`,
		"unknown member": `{"queries": [{"q": "x", "category": "exact", "relevant": {"a": 2}, "grade": 2}]}`,
		"not JSON":       `queries`,
	} {
		if _, err := relevance.Parse(strings.NewReader(in)); err == nil {
			t.Errorf("Parse(%s): no error", name)
		}
	}
}

// fakeIndex answers each query text with fixed hits.
type fakeIndex struct {
	hits    map[string][]string
	indexed []*municat.Dataset
	queries []municat.Query
}

var _ municat.Index = (*fakeIndex)(nil)

func (f *fakeIndex) Delete(context.Context, ...string) error { return nil }
func (f *fakeIndex) Count(context.Context) (int, error)      { return len(f.indexed), nil }
func (f *fakeIndex) IDs(context.Context) ([]string, error)   { return nil, nil }
func (f *fakeIndex) Close() error                            { return nil }

func (f *fakeIndex) Search(_ context.Context, q municat.Query) (*municat.SearchResult, error) {
	f.queries = append(f.queries, q)
	if q.Text == "kaputt" {
		return nil, errors.New("broken")
	}
	res := &municat.SearchResult{Total: len(f.hits[q.Text])}
	for _, id := range f.hits[q.Text][:min(len(f.hits[q.Text]), q.PerPage)] {
		res.Hits = append(res.Hits, municat.Hit{ID: id})
	}
	return res, nil
}

func (f *fakeIndex) Index(_ context.Context, ds ...*municat.Dataset) error {
	f.indexed = append(f.indexed, ds...)
	return nil
}

func TestEvaluate(t *testing.T) {
	set := &relevance.Set{Queries: []relevance.Query{
		{Text: "eins", Category: relevance.CategoryExact, Relevant: grades},
		{Text: "zwei", Category: relevance.CategoryExact, Relevant: map[string]int{"a": 2}},
		{Text: "drei", Category: relevance.CategoryTypo, Relevant: map[string]int{"a": 2, "b": 2}},
	}}
	idx := &fakeIndex{hits: map[string][]string{
		"eins": {"b", "x", "a"},                                                    // nDCG 0.463582, recall 2/3
		"zwei": {"a"},                                                              // 1, 1
		"drei": {"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "a"}, // a is 11th: 0, 0
	}}
	r, err := relevance.Evaluate(context.Background(), idx, set)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range idx.queries {
		if q.PerPage != relevance.K || q.Sort != municat.SortRelevance {
			t.Errorf("query %+v, want %d per page sorted by relevance", q, relevance.K)
		}
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
	if len(r.Results) != 3 || !slices.Equal(r.Results[2].Hits, idx.hits["drei"][:10]) || r.Results[2].Total != 11 {
		t.Fatalf("results = %+v", r.Results)
	}
	for _, c := range []struct {
		name         string
		got          relevance.Scores
		n            int
		ndcg, recall float64
	}{
		{"overall", r.Overall, 3, (0.463582 + 1 + 0) / 3, (2.0/3 + 1 + 0) / 3},
		{"exact", r.Categories[relevance.CategoryExact], 2, (0.463582 + 1) / 2, (2.0/3 + 1) / 2},
		{"typo", r.Categories[relevance.CategoryTypo], 1, 0, 0},
	} {
		if c.got.Queries != c.n || !near(c.got.NDCG, c.ndcg) || !near(c.got.Recall, c.recall) {
			t.Errorf("%s = %+v, want %d queries, nDCG %.6f, recall %.6f", c.name, c.got, c.n, c.ndcg, c.recall)
		}
	}

	weak := r.Weak(0.5, 0.5)
	if len(weak) != 2 || weak[0].Query.Text != "drei" || weak[1].Query.Text != "eins" {
		t.Errorf("Weak(0.5, 0.5) = %v, want drei, eins", weak)
	}
	if s := weak[1].String(); !strings.Contains(s, `"eins"`) || !strings.Contains(s, "b[1] x a[2]") {
		t.Errorf("String() = %q, want the query and its hits with grades", s)
	}
	table := r.Table()
	for _, want := range []string{"exact", "typo", "overall", "0.488", "0.556"} {
		if !strings.Contains(table, want) {
			t.Errorf("Table() lacks %q:\n%s", want, table)
		}
	}
	if err := r.Check(0.48, 0.55); err != nil {
		t.Errorf("Check(0.48, 0.55) = %v, want nil", err)
	}
	err = r.Check(0.49, 0.56)
	if err == nil || !strings.Contains(err.Error(), "nDCG@10 = 0.488") || !strings.Contains(err.Error(), "recall@10 = 0.556") {
		t.Errorf("Check(0.49, 0.56) = %v, want both means named", err)
	}

	set.Queries = append(set.Queries, relevance.Query{Text: "kaputt", Category: relevance.CategoryExact, Relevant: grades})
	if _, err := relevance.Evaluate(context.Background(), idx, set); err == nil {
		t.Errorf("Evaluate with a failing search: no error")
	}
}

func TestLoadDemo(t *testing.T) {
	idx := &fakeIndex{}
	n, err := relevance.LoadDemo(context.Background(), idx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 85 || len(idx.indexed) != n {
		t.Errorf("LoadDemo passed %d datasets (reported %d), want the 85 of the demo catalogue", len(idx.indexed), n)
	}
}

// TestCheckPerfect runs Check on an index that ranks every query ideally.
func TestCheckPerfect(t *testing.T) {
	idx := &fakeIndex{hits: map[string][]string{}}
	for _, q := range relevance.German().Queries {
		var ids []string
		for id := range q.Relevant {
			ids = append(ids, id)
		}
		slices.SortFunc(ids, func(a, b string) int { return q.Relevant[b] - q.Relevant[a] })
		idx.hits[q.Text] = ids
	}
	r := relevance.Check(t, idx, 1, 1)
	if r.Overall.NDCG != 1 || r.Overall.Recall != 1 || len(r.Categories) != len(relevance.Categories) {
		t.Errorf("perfect ranking: %+v, want 1 and 1 in %d categories", r.Overall, len(relevance.Categories))
	}
}
