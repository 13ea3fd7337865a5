package preview

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// checkTable asserts the invariants every Table keeps, whatever the input.
func checkTable(t *testing.T, tab *Table, limit int) {
	t.Helper()
	if len(tab.Columns) > MaxColumns || len(tab.Rows) > limit {
		t.Fatalf("%d columns, %d rows", len(tab.Columns), len(tab.Rows))
	}
	check := func(cells []string) {
		if len(cells) != len(tab.Columns) {
			t.Fatalf("row of %d cells, %d columns", len(cells), len(tab.Columns))
		}
		for _, c := range cells {
			if !utf8.ValidString(c) || utf8.RuneCountInString(c) > MaxCellChars+1 {
				t.Fatalf("cell %q", c)
			}
		}
	}
	check(tab.Columns)
	for _, r := range tab.Rows {
		check(r)
	}
	if tab.Truncated && (!tab.HasMore || tab.Stopped == nil) {
		t.Fatalf("Truncated without HasMore and Stopped: %+v", tab)
	}
}

func FuzzCSV(f *testing.F) {
	for _, name := range []string{"bietigheim-bissingen.csv", "neckarsulm.csv"} {
		data, err := os.ReadFile(filepath.Join(fixtures, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, 0, 3, int64(0))
	}
	f.Add([]byte("a,b\n\"x;y\",2\n"), 0, 5, int64(0))
	f.Add([]byte("sep=|\na|b\n"), 1, 1, int64(7))
	f.Add([]byte("\xff\xfea\x00;\x00b\x00"), 0, 1, int64(0))
	f.Add([]byte("\xef\xbb\xbfa;\"b\r\n\"\"c\";d\r"), 0, 2, int64(9))
	f.Fuzz(func(t *testing.T, data []byte, offset, limit int, maxBytes int64) {
		opt := Options{Offset: offset % 1000, Limit: limit, MaxBytes: maxBytes % (1 << 20)}
		tab, err := CSV(bytes.NewReader(data), opt)
		if err != nil {
			if tab != nil {
				t.Fatal("table and error")
			}
			return
		}
		checkTable(t, tab, opt.limit())
		if tab.BytesRead > int64(len(data)) {
			t.Fatalf("read %d of %d bytes", tab.BytesRead, len(data))
		}
	})
}

func FuzzGeoJSON(f *testing.F) {
	for _, name := range []string{"jena.geojson"} {
		data, err := os.ReadFile(filepath.Join(fixtures, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:25833"}},"features":[{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[400000,5800000],[401000,5800000],[401000,5801000],[400000,5800000]],[[400100,5800100],[400200,5800100],[400200,5800200],[400100,5800100]]]]},"properties":{"a":[1,{"b":null}]}}]}`))
	f.Add([]byte(`{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"LineString","coordinates":[[1,2],[1,2]]}]}`))
	f.Add([]byte(`{"type":"Feature","geometry":{"type":"Point","crs":{"type":"EPSG","properties":{"code":"3857"}},"coordinates":[1e6,6e6]},"properties":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := GeoJSON(bytes.NewReader(data), GeoOptions{MaxFeatures: 200, MaxVertices: 5000})
		if err != nil {
			return
		}
		if m.Drawn > 200 || m.Vertices > 5000 || m.Drawn > m.Features {
			t.Fatalf("drawn %d vertices %d features %d", m.Drawn, m.Vertices, m.Features)
		}
		if b := m.BBox; b != nil {
			for _, v := range []float64{b.West, b.South, b.East, b.North} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("bbox %+v", *b)
				}
			}
			if b.West < -180 || b.East > 180 || b.South < -90 || b.North > 90 || b.West > b.East || b.South > b.North {
				t.Fatalf("bbox %+v", *b)
			}
			BBoxSVG(*b, 300, 200)
		}
		checkTable(t, m.Properties, MaxLimit)
		v := m.SVG(300, 200)
		for _, c := range v.Circles {
			if c.CX < 0 || c.CX > 300 || c.CY < 0 || c.CY > 200 {
				t.Fatalf("circle %+v", c)
			}
		}
	})
}

func FuzzXLSX(f *testing.F) {
	f.Add(workbook(f, 3))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := XLSX(bytes.NewReader(data), Options{Limit: 5})
		if err != nil {
			return
		}
		checkTable(t, tab, 5)
	})
}
