package preview

import (
	"runtime"
	"strings"
	"testing"
)

// TestGeoJSONDeepNesting feeds the GeoJSON preview geometry and properties
// nested just below encoding/json's limit of 10,000 levels (nested
// GeometryCollections, deep coordinate arrays, deep properties) and far
// above it: nothing may crash or allocate without bound, and the too-deep
// document must be refused.
func TestGeoJSONDeepNesting(t *testing.T) {
	deep := strings.Repeat("[", 9_990) + "1" + strings.Repeat("]", 9_990)
	collections := strings.Repeat(`{"type":"GeometryCollection","geometries":[`, 3_000) + `{"type":"Point","coordinates":[1,2]}` + strings.Repeat(`]}`, 3_000)
	for name, doc := range map[string]string{
		"coordinates": `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1},"geometry":{"type":"Polygon","coordinates":` + deep + `}}]}`,
		"collections": `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":` + collections + `}]}`,
		"properties":  `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":` + deep + `},"geometry":{"type":"Point","coordinates":[1,2]}}]}`,
		"bare":        `{"type":"GeometryCollection","geometries":[` + collections + `]}`,
	} {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, _ = GeoJSON(strings.NewReader(doc), GeoOptions{MaxFeatures: 200, MaxVertices: 5000})
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<20 {
				t.Fatalf("%d bytes allocated %d MB", len(doc), alloc>>20)
			}
		})
	}
	tooDeep := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":` +
		strings.Repeat("[", 200_000) + strings.Repeat("]", 200_000) + `}}]}`
	if _, err := GeoJSON(strings.NewReader(tooDeep), GeoOptions{MaxFeatures: 200, MaxVertices: 5000}); err == nil {
		t.Fatal("200,000 levels of nesting accepted")
	}
}
