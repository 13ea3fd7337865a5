package datajson

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"
)

// deepJSON returns n nested JSON arrays around a number.
func deepJSON(n int) string { return strings.Repeat("[", n) + "1" + strings.Repeat("]", n) }

// TestParseDeepNesting feeds data.json nested just below encoding/json's
// limit of 10,000 levels, in the fields the mapper walks (spatial,
// publisher, distribution) and in a GeoJSON string it parses again, and far
// above the limit: nothing may crash or allocate without bound, and the
// too-deep document must be refused.
func TestParseDeepNesting(t *testing.T) {
	deep := deepJSON(9_990)
	geo, _ := json.Marshal(`{"type":"Polygon","coordinates":` + deep + `}`)
	pub := strings.Repeat(`{"name":"x","subOrganizationOf":`, 4_000) + `{}` + strings.Repeat(`}`, 4_000)
	body := `{"dataset":[{"identifier":"a","title":"t","description":` + deep + `,"spatial":` + deep + `,"keyword":` + deep +
		`,"publisher":` + pub + `,"distribution":` + deep + `},{"identifier":"b","title":"t","spatial":` + string(geo) + `}]}`
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _ = Parse([]byte(body), "https://example.org/data.json", "")
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<20 {
		t.Fatalf("%d bytes allocated %d MB", len(body), alloc>>20)
	}
	if _, err := Parse([]byte(`{"dataset":[{"identifier":"a","title":`+deepJSON(200_000)+`}]}`), "https://example.org/data.json", ""); err == nil {
		t.Fatal("200,000 levels of nesting accepted")
	}
}
