package ckanapi_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// benchGet answers target through the whole server and fails on anything
// but 200.
func benchGet(b *testing.B, e *env, target string) {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	resp, err := e.app.Test(req, -1)
	if err != nil {
		b.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("%s: %d", target, resp.StatusCode)
	}
	b.SetBytes(n)
}

// BenchmarkActions measures the typical CKAN calls over the demo
// catalogue, through the whole server (middleware, index, store reads,
// JSON).
func BenchmarkActions(b *testing.B) {
	e := MustDemoEnv(b)
	for name, target := range map[string]string{
		"package_search_facets": "/api/3/action/package_search?" + url.Values{
			"fq": {"res_format:CSV"}, "rows": {"10"}, "facet.field": {`["organization","groups","tags","res_format","license_id"]`},
		}.Encode(),
		"package_search_rows100": "/api/3/action/package_search?rows=100&start=3",
		"package_show":           "/api/3/action/package_show?id=haushaltsplan-2025",
		"package_list":           "/api/3/action/package_list",
		"organization_list_all":  "/api/3/action/organization_list?all_fields=true",
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				benchGet(b, e, target)
			}
		})
	}
}
