package standin_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/bench/standin"
	"github.com/municat/municat/bench/synth"
	"github.com/municat/municat/harvester/ckan"
)

// benchPages gets page after page of the stand-in h at url(k) and
// reports the datasets per second it serves and the bytes per dataset.
func benchPages(b *testing.B, h http.Handler, perPage int, url func(srv string, k int) string) {
	srv := httptest.NewServer(h)
	defer srv.Close()
	var bytes int64
	k := 0
	for b.Loop() {
		resp, err := http.Get(url(srv.URL, k))
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("page %d: status %d, %v", k, resp.StatusCode, err)
		}
		bytes += n
		k++
	}
	b.ReportMetric(float64(b.N*perPage)/b.Elapsed().Seconds(), "datasets/s")
	b.ReportMetric(float64(bytes)/float64(b.N*perPage), "bytes/dataset")
}

func BenchmarkCKANPage(b *testing.B) {
	g := synth.Generator{N: 1_000_000, Seed: 1}
	benchPages(b, standin.CKAN(g), standin.CKANMaxRows, func(srv string, k int) string {
		return srv + "/api/3/action/package_search?rows=1000&start=" + strconv.Itoa(k*1000%g.N)
	})
}

func BenchmarkDCATPage(b *testing.B) {
	g := synth.Generator{N: 1_000_000, Seed: 1}
	benchPages(b, standin.DCAT(g, 100), 100, func(srv string, k int) string {
		return srv + "/catalog.ttl?page=" + strconv.Itoa(1+k%(g.N/100))
	})
}

// BenchmarkHarvestCKAN harvests 2000 datasets from the CKAN stand-in
// into a fresh file catalogue with the real Runner (without the search
// index), to show what the stand-in leaves to the harvester.
func BenchmarkHarvestCKAN(b *testing.B) {
	g := synth.Generator{N: 2000, Seed: 1}
	for b.Loop() {
		MustHarvest(b, standin.CKAN(g), municat.SourceCKAN, "", &ckan.Fetcher{})
	}
	b.ReportMetric(float64(b.N*g.N)/b.Elapsed().Seconds(), "datasets/s")
}
