package frontend_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkPages measures the server side of a page on the demo catalogue
// (89 datasets, fs store, in-memory Bleve): request to last byte through
// Fiber's in-memory test connection, so the figure includes routing and
// the response, not the network.
//
//	go test -run '^$' -bench Pages -benchtime 200x ./frontend
func BenchmarkPages(b *testing.B) {
	app := MustDemoApp(b)
	for _, bm := range []struct{ name, target string }{
		{"home", "/"},
		{"search", "/dataset"},
		{"search-text", "/dataset?q=Baum"},
		{"search-facets", "/dataset?theme=ENVI&format=CSV"},
		{"dataset", "/dataset/baumkataster"},
		{"preview-csv", "/dataset/fx-friedrichshafen/preview/data?page=2"},
		{"preview-geojson", "/dataset/fx-freiburg/preview/data"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				resp, err := app.Test(httptest.NewRequest(http.MethodGet, bm.target, nil), -1)
				if err != nil {
					b.Fatal(err)
				}
				n, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d", bm.target, resp.StatusCode)
				}
				b.SetBytes(n)
			}
		})
	}
}
