package municat_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/municat/municat"
)

func TestNewBoundingBox(t *testing.T) {
	if b := municat.NewBoundingBox(6.9, 50.9, 7.1, 51.0); b == nil || *b != (municat.BoundingBox{West: 6.9, South: 50.9, East: 7.1, North: 51.0}) {
		t.Errorf("valid box: %v", b)
	}
	for _, c := range [][4]float64{{7.1, 50.9, 6.9, 51}, {6.9, 51, 7.1, 50.9}, {-181, 0, 0, 1}, {0, 0, 1, 91}, {math.NaN(), 0, 1, 1}, {0, 0, math.Inf(1), 1}} {
		if b := municat.NewBoundingBox(c[0], c[1], c[2], c[3]); b != nil {
			t.Errorf("NewBoundingBox%v = %v, want nil", c, b)
		}
	}
}

func TestGeoJSONBounds(t *testing.T) {
	for in, want := range map[string]*municat.BoundingBox{
		`{"type":"Point","coordinates":[7,51]}`: {West: 7, South: 51, East: 7, North: 51},
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[7,51]},{"type":"LineString","coordinates":[[6,50],[8,52.5]]}]}}]}`: {West: 6, South: 50, East: 8, North: 52.5},
		`[[[6,50],[7,51]]]`: {West: 6, South: 50, East: 7, North: 51},
		`{"type":"Point","coordinates":[350000,5600000]}`: nil, // projected
		`{"type":"Point"}`:                          nil,
		`{"type":"Point","coordinates":["7","51"]}`: nil,
	} {
		dec := json.NewDecoder(strings.NewReader(in))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		got := municat.GeoJSONBounds(v)
		if (got == nil) != (want == nil) || got != nil && *got != *want {
			t.Errorf("GeoJSONBounds(%s) = %v, want %v", in, got, want)
		}
	}
}
