package dcat_test

import (
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester/dcat"
	"github.com/municat/municat/internal/dcattest"
	"github.com/municat/municat/internal/fetchtest"
)

// fetch runs f over a source at url and collects the pages.
func fetch(t *testing.T, f *dcat.Fetcher, url string) (*fetchtest.Result, error) {
	t.Helper()
	return fetchtest.Run(t, f, fetchtest.Source(municat.SourceDCAT, url, nil))
}

// quick returns a fetcher that does not wait long before retries.
func quick() *dcat.Fetcher {
	return &dcat.Fetcher{Backoff: time.Millisecond, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// servePaged puts ds on srv as pages of perPage datasets in style st, page
// i at path(i), its next link written as link(i+1), and returns the URL of
// the first page.
func servePaged(srv *dcattest.Server, ds []dcattest.Dataset, perPage int, st dcattest.Style, ctype string, total int, path, link func(i int) string) string {
	n := (len(ds) + perPage - 1) / perPage
	for i := 1; i <= n; i++ {
		p := dcattest.Page{Self: srv.URL + path(i), TotalItems: total, Datasets: ds[(i-1)*perPage : min(i*perPage, len(ds))]}
		if i < n {
			p.Next = link(i + 1)
		}
		srv.Put(path(i), dcattest.Doc{ContentType: ctype, Body: dcattest.Turtle(srv.URL+"/catalog", p, st)})
	}
	return srv.URL + path(1)
}

// queryPath returns page paths like "/catalog.ttl?page=2".
func queryPath(name string) func(int) string {
	return func(i int) string { return fmt.Sprintf("/%s?page=%d", name, i) }
}

// unflagged returns c without the count of records flagged for DCAT-AP.de
// problems, for tests about other counts (see TestRunFlagsDCATViolations).
func unflagged(c municat.RunCounts) municat.RunCounts {
	c.Flagged = 0
	return c
}
