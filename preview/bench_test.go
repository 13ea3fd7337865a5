package preview

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func readFixture(b *testing.B, name string) []byte {
	data, err := os.ReadFile(filepath.Join(fixtures, name))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkCSVFriedrichshafen previews the first page (50 rows) of a 442 KB
// UTF-8 file with BOM (only its first 64 KiB are read).
func BenchmarkCSVFriedrichshafen(b *testing.B) {
	data := readFixture(b, "friedrichshafen_easypark.csv")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CSV(bytes.NewReader(data), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCSVFriedrichshafenLastPage reads the whole file to its last
// page.
func BenchmarkCSVFriedrichshafenLastPage(b *testing.B) {
	data := readFixture(b, "friedrichshafen_easypark.csv")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		tab, err := CSV(bytes.NewReader(data), Options{Offset: 1 << 20})
		if err != nil || tab.HasMore {
			b.Fatal(err)
		}
	}
}

// BenchmarkGeoJSONFreiburgSVG parses the 139 KB Freiburg file and renders
// its SVG markup; it reports the markup size.
func BenchmarkGeoJSONFreiburgSVG(b *testing.B) {
	data := readFixture(b, "freiburg_disabled_static.geojson")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var size int
	for b.Loop() {
		m, err := GeoJSON(bytes.NewReader(data), GeoOptions{})
		if err != nil {
			b.Fatal(err)
		}
		size = len(render(b, m.SVG(600, 400)))
	}
	b.ReportMetric(float64(size), "svg-bytes")
}

// BenchmarkXLSX previews a generated workbook of 1000 rows.
func BenchmarkXLSX(b *testing.B) {
	data := workbook(b, 1000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := XLSX(bytes.NewReader(data), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
