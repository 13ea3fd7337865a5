package datajson

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/municat/municat"
)

func TestSpatial(t *testing.T) {
	box := func(w, s, e, n float64) *municat.Spatial {
		return &municat.Spatial{BBox: &municat.BoundingBox{West: w, South: s, East: e, North: n}}
	}
	for _, tc := range []struct {
		in   string // JSON
		want *municat.Spatial
	}{
		{`"6.5735,46.3912,6.6069,46.4028"`, box(6.5735, 46.3912, 6.6069, 46.4028)},
		{`" -180.0, -90.0, 180.0, 90.0 "`, box(-180, -90, 180, 90)},
		{`"7 50 8 51"`, box(7, 50, 8, 51)},
		{`"50.7,7.1"`, box(7.1, 50.7, 7.1, 50.7)},
		{`"8,51,7,50"`, nil},
		{`"190,0,200,10"`, nil},
		{`"{{extent:computeSpatialProperty}}"`, nil},
		{`""`, nil},
		{`null`, nil},
		{`"Landkreis Musterland"`, &municat.Spatial{Names: []string{"Landkreis Musterland"}}},
		{`"http://sws.geonames.org/2950159/"`, &municat.Spatial{URIs: []string{"http://sws.geonames.org/2950159/"}}},
		{`{"type": "Point", "coordinates": [7.1, 50.7]}`, box(7.1, 50.7, 7.1, 50.7)},
		{`{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[7, 50], [8, 51]]}}`, box(7, 50, 8, 51)},
		{`{"type": "Polygon", "bbox": [1, 2, 3, 4], "coordinates": [[[0, 0], [9, 9]]]}`, box(1, 2, 3, 4)},
		{`"{\"type\":\"Polygon\",\"coordinates\":[[[7,50],[8,50],[8,51],[7,50]]]}"`, box(7, 50, 8, 51)},
		{`{"type": "Point", "coordinates": ["7", "50"]}`, nil},
		{`"POLYGON((7 50, 8 50, 8 51, 7 50))"`, box(7, 50, 8, 51)},
		{`"SRID=4326;MULTIPOINT Z ((7 50 1), (8 51 2))"`, box(7, 50, 8, 51)},
		{`"ENVELOPE(7, 8, 51, 50)"`, box(7, 50, 8, 51)},
		{`"POINT(abc)"`, nil},
		{`"<gml:Envelope><gml:lowerCorner>50 7</gml:lowerCorner></gml:Envelope>"`, nil},
		{`[7, 50, 8, 51]`, box(7, 50, 8, 51)},
		{`["Bonn", "http://sws.geonames.org/2946447/", "7,50,8,51"]`, &municat.Spatial{Names: []string{"Bonn"}, URIs: []string{"http://sws.geonames.org/2946447/"}, BBox: &municat.BoundingBox{West: 7, South: 50, East: 8, North: 51}}},
	} {
		var v any
		dec := json.NewDecoder(stringsReader(tc.in))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if got := spatial(v); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("spatial(%s) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}
