package searchtest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/municat/municat"
)

func testSort(t *testing.T, idx municat.Index) {
	ds := mustLoadOneByOne(t, idx)
	checkTestDataTies(t, ds)
	envi := map[string][]string{municat.FacetTheme: {"ENVI"}}
	since := medianModified(ds)
	tests := []struct {
		name string
		q    municat.Query
		want []string
	}{
		{"title", municat.Query{Sort: municat.SortTitle}, sortedIDs(ds, titleKey, false)},
		{"title desc", municat.Query{Sort: municat.SortTitle, Desc: true}, sortedIDs(ds, titleKey, true)},
		{"modified", municat.Query{Sort: municat.SortModified}, sortedIDs(ds, modifiedKey, false)},
		{"modified desc", municat.Query{Sort: municat.SortModified, Desc: true}, sortedIDs(ds, modifiedKey, true)},
		{"issued", municat.Query{Sort: municat.SortIssued}, sortedIDs(ds, issuedKey, false)},
		{"issued desc", municat.Query{Sort: municat.SortIssued, Desc: true}, sortedIDs(ds, issuedKey, true)},
		{"relevance without text is newest first", municat.Query{}, sortedIDs(ds, modifiedKey, true)},
		{"relevance named", municat.Query{Sort: municat.SortRelevance}, sortedIDs(ds, modifiedKey, true)},
		{"filtered by title", municat.Query{Sort: municat.SortTitle, Filters: envi}, sortedIDs(filtered(ds, envi), titleKey, false)},
		{"filtered by modified desc", municat.Query{Sort: municat.SortModified, Desc: true, Filters: envi},
			sortedIDs(filtered(ds, envi), modifiedKey, true)},
		{"id", municat.Query{Sort: municat.SortID}, sortedIDs(ds, idKey, false)},
		{"id desc", municat.Query{Sort: municat.SortID, Desc: true}, sortedIDs(ds, idKey, true)},
		{"id with text", municat.Query{Sort: municat.SortID, Text: "Musterstadt"}, nil},
		{"modified since", municat.Query{Sort: municat.SortID, ModifiedSince: since}, sortedIDs(modifiedSince(ds, since), idKey, false)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.PerPage = all
			if tt.want == nil {
				tt.q.Sort = municat.SortRelevance
				tt.want = hitIDs(MustSearch(t, idx, tt.q))
				slices.Sort(tt.want)
				tt.q.Sort = municat.SortID
			}
			if got := hitIDs(MustSearch(t, idx, tt.q)); !slices.Equal(got, tt.want) {
				t.Errorf("Search(%s):\n got %v\nwant %v", describe(tt.q), got, tt.want)
			}
		})
	}
}

// checkTestDataTies makes sure the test data has equal sort keys, so that
// the sort checks prove the id tiebreaker.
func checkTestDataTies(t *testing.T, ds []*municat.Dataset) {
	t.Helper()
	titles, dates := map[string]int{}, map[int64]int{}
	for _, d := range ds {
		titles[titleKey(d)]++
		dates[modifiedKey(d)]++
	}
	equalTitles, equalDates := 0, 0
	for _, n := range titles {
		if n > 1 {
			equalTitles++
		}
	}
	for _, n := range dates {
		if n > 1 {
			equalDates++
		}
	}
	if equalTitles == 0 || equalDates < 2 {
		t.Fatalf("test data: %d titles and %d dates shared by several datasets; want ties to check the id order", equalTitles, equalDates)
	}
}

func testPagination(t *testing.T, idx municat.Index) {
	mustLoadOneByOne(t, idx)
	queries := []municat.Query{
		{},
		{Sort: municat.SortTitle},
		{Sort: municat.SortTitle, Desc: true},
		{Sort: municat.SortModified},
		{Sort: municat.SortModified, Desc: true},
		{Text: "Musterstadt"},
		{Text: "Musterstadt", Sort: municat.SortTitle},
		{Filters: map[string][]string{municat.FacetFormat: {"CSV"}}, Sort: municat.SortTitle},
	}
	for _, q := range queries {
		for _, perPage := range []int{1, 4, 7} {
			t.Run(fmt.Sprintf("%s/%d", describe(q), perPage), func(t *testing.T) {
				checkPages(t, idx, q, perPage)
			})
		}
	}
}

// checkPages pages through q with perPage hits per page and compares the
// pages with the result on one large page.
func checkPages(t *testing.T, idx municat.Index, q municat.Query, perPage int) {
	q.Page, q.PerPage = 1, all
	full := MustSearch(t, idx, q)
	want := hitIDs(full)
	if len(want) < 3 {
		t.Fatalf("Search(%s): %d hits, too few to check paging", describe(q), len(want))
	}
	var got []string
	pages := (len(want) + perPage - 1) / perPage
	for page := 1; page <= pages+1; page++ {
		q.Page, q.PerPage = page, perPage
		res := MustSearch(t, idx, q)
		if res.Total != full.Total {
			t.Errorf("page %d: Total %d, want %d", page, res.Total, full.Total)
		}
		wantLen := min(perPage, max(len(want)-(page-1)*perPage, 0))
		if len(res.Hits) != wantLen {
			t.Errorf("page %d: %d hits, want %d", page, len(res.Hits), wantLen)
		}
		got = append(got, hitIDs(res)...)
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages together:\n got %v\nwant %v", got, want)
	}
	q.Page = pages + 10
	if res := MustSearch(t, idx, q); len(res.Hits) != 0 || res.Total != full.Total {
		t.Errorf("page beyond the end: hits %v, Total %d; want none, Total %d", hitIDs(res), res.Total, full.Total)
	}
}

// testConcurrent searches while datasets are indexed and deleted (run it
// with the race detector).
func testConcurrent(t *testing.T, idx municat.Index) {
	ds := Datasets()
	n := len(published(ds))
	ctx := context.Background()
	done := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 4 {
		wg.Go(func() {
			queries := []municat.Query{
				{Text: "Musterstadt"},
				{Filters: map[string][]string{municat.FacetTheme: {"TRAN"}}},
				{Sort: municat.SortTitle, PerPage: 5},
				{Text: "Haltestellen", Sort: municat.SortModified, Desc: true},
			}
			for j := i; ; j++ {
				res, err := idx.Search(ctx, queries[j%len(queries)])
				if err != nil {
					errs <- err
					return
				}
				if res.Total > n {
					errs <- fmt.Errorf("got Total %d, more than the %d datasets", res.Total, n)
					return
				}
				select {
				case <-done:
					return
				default:
				}
			}
		})
	}
	for _, d := range ds {
		if err := idx.Index(ctx, d); err != nil {
			t.Errorf("Index(%s): %v", d.ID, err)
		}
	}
	if err := idx.Delete(ctx, idBaumkataster); err != nil {
		t.Errorf("Delete: %v", err)
	}
	MustIndex(t, idx, ds[0])
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent Search: %v", err)
	}
	if got := MustCount(t, idx); got != n {
		t.Errorf("Count after concurrent indexing = %d, want %d", got, n)
	}
}

// idKey is the key SortID orders by.
func idKey(d *municat.Dataset) string { return d.ID }

// medianModified returns the median modification date of ds, so that a
// ModifiedSince filter at it splits the data.
func medianModified(ds []*municat.Dataset) time.Time {
	var dates []time.Time
	for _, d := range ds {
		if d.Modified != nil {
			dates = append(dates, *d.Modified)
		}
	}
	slices.SortFunc(dates, time.Time.Compare)
	return dates[len(dates)/2]
}

// modifiedSince returns the published datasets of ds modified at or after t.
func modifiedSince(ds []*municat.Dataset, t time.Time) []*municat.Dataset {
	var out []*municat.Dataset
	for _, d := range ds {
		if d.Modified != nil && !d.Modified.Before(t) {
			out = append(out, d)
		}
	}
	return out
}

// testAfter checks keyset paging: following After from page to page gives
// the same datasets as the id order, and Total and facets count every
// match on every page.
func testAfter(t *testing.T, idx municat.Index) {
	ds := mustLoadOneByOne(t, idx)
	for _, desc := range []bool{false, true} {
		want := sortedIDs(ds, idKey, desc)
		var got []string
		after := ""
		for range len(want) + 1 {
			page := 1
			if after != "" {
				page = 7 // ignored with After
			}
			res := MustSearch(t, idx, municat.Query{Sort: municat.SortID, Desc: desc, After: after, Page: page, PerPage: 3})
			if res.Total != len(want) {
				t.Fatalf("desc=%v after %q: Total %d, want %d", desc, after, res.Total, len(want))
			}
			if len(res.Facets[municat.FacetTheme]) == 0 {
				t.Fatalf("desc=%v after %q: no theme facet", desc, after)
			}
			if len(res.Hits) == 0 {
				break
			}
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			after = res.Hits[len(res.Hits)-1].ID
		}
		if !slices.Equal(got, want) {
			t.Errorf("desc=%v: keyset pages gave\n %v\nwant\n %v", desc, got, want)
		}
	}
	if _, err := idx.Search(context.Background(), municat.Query{Sort: municat.SortTitle, After: "x"}); municat.ErrorCode(err) != municat.EINVALID {
		t.Errorf("After with sort by title: err %v, want EINVALID", err)
	}
}
