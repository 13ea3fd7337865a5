package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/rdf"
	"github.com/municat/municat/search/bleve"
	"github.com/municat/municat/server"
	"github.com/municat/municat/store/fs"
)

// benchCatalogSize is the number of datasets BenchmarkCatalogExport
// exports per round: two full pages.
const benchCatalogSize = 2000

// nextLink finds the next page in a Link header.
var nextLink = regexp.MustCompile(`<([^>]+)>;\s*rel="?next"?`)

// BenchmarkCatalogExport exports a catalogue of benchCatalogSize datasets
// in an fs store with a Bleve index, page by page at the largest page
// size, over a real connection, following the next links as a harvester
// does, and reports datasets/s. One op is the whole catalogue.
//
//	go test ./server -run '^$' -bench CatalogExport -benchtime 5x
func BenchmarkCatalogExport(b *testing.B) {
	base := MustServeFSCatalog(b, benchCatalogSize)
	for _, f := range []rdf.Format{rdf.Turtle, rdf.RDFXML} {
		for _, coding := range []string{"identity", "gzip"} {
			b.Run(f.Ext()+"/"+coding, func(b *testing.B) {
				client := &http.Client{Transport: &http.Transport{DisableCompression: coding == "identity"}}
				var sent int64
				for b.Loop() {
					sent += mustFetchAllPages(b, client, base, f)
				}
				b.ReportMetric(float64(benchCatalogSize)*float64(b.N)/b.Elapsed().Seconds(), "datasets/s")
				b.ReportMetric(float64(sent)/float64(b.N)/benchCatalogSize, "bytes/dataset")
			})
		}
	}
}

// MustServeFSCatalog writes n generated datasets to an fs store in a
// temporary directory, indexes them in a Bleve index there and serves the
// catalogue; it returns the server's URL.
func MustServeFSCatalog(tb testing.TB, n int) string {
	tb.Helper()
	ctx := context.Background()
	dir := tb.TempDir()
	st, err := fs.Open(dir + "/store")
	MustOK(tb, err)
	tb.Cleanup(func() { st.Close() })
	idx, err := bleve.Open(dir + "/index")
	MustOK(tb, err)
	tb.Cleanup(func() { idx.Close() })
	cat := catalog.New(st)
	MustOK(tb, cat.PutOrganization(ctx, &municat.Organization{ID: "stadt-musterstadt", Name: "Stadt Musterstadt", AGS: "03241001"}))
	batch := make([]*municat.Dataset, 0, 500)
	for i := range n {
		d := genDataset(i)
		MustOK(tb, cat.PutDataset(ctx, d))
		if batch = append(batch, d); len(batch) == cap(batch) || i == n-1 {
			MustOK(tb, idx.Index(ctx, batch...))
			batch = batch[:0]
		}
	}
	app := server.New(server.Config{
		Catalog: cat, Index: idx, BaseURL: testBaseURL,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	return MustServe(tb, app)
}

// mustFetchAllPages fetches every page of the catalogue at base in format
// f, MaxCatalogPerPage datasets a page, and returns the bytes received.
func mustFetchAllPages(tb testing.TB, client *http.Client, base string, f rdf.Format) int64 {
	tb.Helper()
	var sent int64
	target := fmt.Sprintf("%s/catalog.%s?per_page=%d", base, f.Ext(), server.MaxCatalogPerPage)
	for target != "" {
		resp, err := client.Get(target)
		MustOK(tb, err)
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			tb.Fatalf("GET %s: status %d, %v", target, resp.StatusCode, err)
		}
		sent += n
		target = ""
		if m := nextLink.FindStringSubmatch(resp.Header.Get("Link")); m != nil {
			target = base + m[1][len(testBaseURL):]
		}
	}
	return sent
}
