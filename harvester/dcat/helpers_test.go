package dcat_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/dcat"
	"github.com/municat/municat/internal/dcattest"
)

// fetched is what one Fetch emitted.
type fetched struct {
	pages      []*harvester.Page
	ids        []string // remote ids of the records without error, in order
	titles     map[string]string
	errs       []harvester.Record
	superseded []string
}

// fetch runs f over a source at url and collects the pages.
func fetch(t *testing.T, f *dcat.Fetcher, url string) (*fetched, error) {
	t.Helper()
	src := &municat.Source{ID: "test", Type: municat.SourceDCAT, URL: url, Organization: "test"}
	out := &fetched{titles: map[string]string{}}
	err := f.Fetch(context.Background(), src, func(p *harvester.Page) error {
		out.pages = append(out.pages, p)
		out.superseded = append(out.superseded, p.Superseded...)
		for _, r := range p.Records {
			if r.Err != nil {
				out.errs = append(out.errs, r)
				continue
			}
			out.ids = append(out.ids, r.RemoteID)
			out.titles[r.RemoteID] = r.Dataset.Title.String()
		}
		return nil
	})
	return out, err
}

// quick returns a fetcher that does not wait long before retries.
func quick() *dcat.Fetcher {
	return &dcat.Fetcher{Backoff: time.Millisecond, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// MustFailWith checks that err is a run-ending error whose message
// contains want.
func MustFailWith(tb testing.TB, err error, want string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("no error, want one saying %q", want)
	}
	tb.Logf("error: %s", municat.ErrorMessage(err))
	if !strings.Contains(municat.ErrorMessage(err), want) {
		tb.Fatalf("error %q, want one saying %q", err, want)
	}
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
