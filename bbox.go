package municat

import (
	"encoding/json"
	"math"
)

// maxGeoJSONDepth bounds how deep GeoJSONBounds descends; real GeoJSON
// (a geometry collection in a feature collection) needs about 11 levels.
const maxGeoJSONDepth = 16

// NewBoundingBox returns the box with the given bounds if it is a valid
// WGS84 rectangle — finite, within ±180° and ±90°, west not east of east
// and south not north of north — else nil.
func NewBoundingBox(west, south, east, north float64) *BoundingBox {
	for _, v := range []float64{west, south, east, north} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
	}
	if west < -180 || east > 180 || south < -90 || north > 90 || west > east || south > north {
		return nil
	}
	return &BoundingBox{West: west, South: south, East: east, North: north}
}

// BoundsOf returns the bounding box of points given as (longitude,
// latitude), or nil if there are none or they are no WGS84 degrees.
func BoundsOf(points [][2]float64) *BoundingBox {
	if len(points) == 0 {
		return nil
	}
	w, s, e, n := points[0][0], points[0][1], points[0][0], points[0][1]
	for _, p := range points[1:] {
		w, e = math.Min(w, p[0]), math.Max(e, p[0])
		s, n = math.Min(s, p[1]), math.Max(n, p[1])
	}
	return NewBoundingBox(w, s, e, n)
}

// GeoJSONBounds returns the bounds of every position in a decoded GeoJSON
// value — a geometry, feature or feature collection (walking its
// coordinates, geometry, geometries and features members), or a bare
// coordinates array — or nil if it holds none or they are no WGS84
// degrees (a projected CRS). Numbers may be float64 or json.Number.
func GeoJSONBounds(v any) *BoundingBox {
	var points [][2]float64
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > maxGeoJSONDepth {
			return
		}
		switch x := v.(type) {
		case []any:
			if len(x) >= 2 {
				lon, ok1 := jsonNumber(x[0])
				lat, ok2 := jsonNumber(x[1])
				if ok1 && ok2 {
					points = append(points, [2]float64{lon, lat})
					return
				}
			}
			for _, item := range x {
				walk(item, depth+1)
			}
		case map[string]any:
			for _, k := range []string{"coordinates", "geometry", "geometries", "features"} {
				walk(x[k], depth+1)
			}
		}
	}
	walk(v, 0)
	return BoundsOf(points)
}

// jsonNumber returns a decoded JSON number as a float.
func jsonNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}
