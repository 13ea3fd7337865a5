package meili

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

func TestParseSearchAnswer(t *testing.T) {
	raw, err := os.ReadFile("testdata/search_page.json")
	if err != nil {
		t.Fatal(err)
	}
	a, err := parseSearchAnswer(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Hits) != 3 || a.Hits[1] != (searchHit{"beispielkreis.luftqualitaet", 0.8103, true}) || a.TotalHits != 3 {
		t.Errorf("answer %+v", a)
	}
	if a.Facets["format"]["GEOJSON"] != 1 || len(a.Facets["keyword"]) != 4 {
		t.Errorf("facets %v", a.Facets)
	}
	raw, err = os.ReadFile("testdata/search_offset.json")
	if err != nil {
		t.Fatal(err)
	}
	if a, err = parseSearchAnswer(raw); err != nil || a.TotalHits != -1 || a.Hits[0].ID != "musterstadt.toiletten" {
		t.Errorf("offset answer %+v, %v", a, err)
	}
	for _, bad := range []string{
		`{}`,
		`{"hits": [{"title": "no id"}]}`,
		`{"hits": [{"id": 12}]}`,
		`{"hits": [{"id": ""}]}`,
		`{"hits": [{"id": "a", "_rankingScore": "high"}]}`,
		`{"hits": [], "totalHits": -1}`,
		`{"hits": [], "facetDistribution": {"theme": {"ENVI": -2}}}`,
		`{"hits": [`,
		`[]`,
	} {
		if _, err := parseSearchAnswer([]byte(bad)); err == nil {
			t.Errorf("parseSearchAnswer(%s) succeeded", bad)
		}
	}
}

// FuzzParseSearchAnswer checks that no answer makes the parser panic and
// that what it accepts keeps the invariants Search relies on.
func FuzzParseSearchAnswer(f *testing.F) {
	for _, name := range []string{"search_page.json", "search_offset.json", "documents.json", "stats.json"} {
		raw, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte(`{"hits":[{"id":"a","_rankingScore":1e308}],"totalHits":1,"facetDistribution":{"theme":{"":0}}}`))
	f.Add([]byte(`{"hits":[{"id":"a","_rankingScore":null}],"totalHits":9223372036854775807}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		a, err := parseSearchAnswer(raw)
		if err != nil {
			return
		}
		if a.TotalHits < -1 {
			t.Fatalf("TotalHits %d", a.TotalHits)
		}
		for _, h := range a.Hits {
			if h.ID == "" || math.IsNaN(h.Score) || math.IsInf(h.Score, 0) {
				t.Fatalf("bad hit %+v", h)
			}
		}
		for field, values := range a.Facets {
			for v, n := range values {
				if n < 0 {
					t.Fatalf("facet %s value %q count %d", field, v, n)
				}
			}
		}
		if a.TotalHits < 0 {
			return
		}
		res, err := (&searcher{facetSize: 3}).result(a, a.Hits)
		if err != nil || len(res.Facets) != 6 || len(res.Hits) != len(a.Hits) || res.Total != a.TotalHits {
			t.Fatalf("result %+v, %v", res, err)
		}
		for name, values := range res.Facets {
			if values == nil || len(values) > 3 {
				t.Fatalf("facet %s = %v", name, values)
			}
		}
	})
}

func BenchmarkParseSearchAnswer(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"hits":[`)
	for i := range 1000 {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"id":"quelle.datensatz-%04d","_rankingScore":%g}`, i, 1-float64(i)/1000)
	}
	sb.WriteString(`],"totalHits":1000,"facetDistribution":{"keyword":{`)
	for i := range 1000 {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `"Wort %d":%d`, i, i%17)
	}
	sb.WriteString(`}}}`)
	raw := []byte(sb.String())
	if !json.Valid(raw) {
		b.Fatal("invalid benchmark input")
	}
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		a, err := parseSearchAnswer(raw)
		if err != nil {
			b.Fatal(err)
		}
		_ = facetValues(a.Facets, 20)
		_ = orderByScore(a.Hits)
	}
}
