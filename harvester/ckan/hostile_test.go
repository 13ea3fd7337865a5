package ckan

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"
)

// deepJSON returns n nested JSON arrays around a number.
func deepJSON(n int) string { return strings.Repeat("[", n) + "1" + strings.Repeat("]", n) }

// TestDecodeSearchDeepNesting feeds the CKAN decoder and mapper JSON nested
// just below encoding/json's limit of 10,000 levels, in the package and in
// the JSON strings the mapper parses again (spatial extras), and far above
// it: nothing may crash or allocate without bound, and the too-deep body
// must be refused.
func TestDecodeSearchDeepNesting(t *testing.T) {
	const u = "https://ckan.example.org/api/3/action/package_search"
	deep := deepJSON(9_990)
	spatial, _ := json.Marshal(`{"type":"Polygon","coordinates":` + deep + `}`)
	pkg := `{"id":"a","name":"a","title":"t","notes":` + deep + `,"tags":` + deep + `,"extras":[{"key":"spatial","value":` + string(spatial) + `}],"resources":[{"url":"https://x.example/a.csv","format":` + deep + `}]}`
	body := `{"success":true,"result":{"count":1,"results":[` + pkg + `]}}`
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if res, err := decodeSearch([]byte(body), u); err == nil {
		for _, raw := range res.results {
			record(raw, testSite)
		}
	}
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<20 {
		t.Fatalf("%d bytes allocated %d MB", len(body), alloc>>20)
	}
	tooDeep := `{"success":true,"result":{"count":1,"results":[{"id":"a","notes":` + deepJSON(200_000) + `}]}}`
	if _, err := decodeSearch([]byte(tooDeep), u); err == nil {
		t.Fatal("200,000 levels of nesting accepted")
	}
}
