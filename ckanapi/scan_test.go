package ckanapi_test

import (
	"context"
	"io"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/internal/demotest"
)

// countingStore counts the dataset records read from a store, and the
// listings of datasets and of organisations.
type countingStore struct {
	municat.Store
	reads, lists, orgLists atomic.Int64
}

// Get counts reads of dataset records.
func (s *countingStore) Get(ctx context.Context, key string) (io.ReadCloser, municat.ObjectInfo, error) {
	if strings.HasPrefix(key, catalog.DatasetsPrefix) {
		s.reads.Add(1)
	}
	return s.Store.Get(ctx, key)
}

// List counts listings of dataset and organisation records.
func (s *countingStore) List(ctx context.Context, prefix string, fn func(municat.ObjectInfo) error) error {
	if strings.HasPrefix(prefix, catalog.DatasetsPrefix) || strings.HasPrefix(catalog.DatasetsPrefix, prefix) {
		s.lists.Add(1)
	}
	if strings.HasPrefix(prefix, catalog.OrganizationsPrefix) || strings.HasPrefix(catalog.OrganizationsPrefix, prefix) {
		s.orgLists.Add(1)
	}
	return s.Store.List(ctx, prefix, fn)
}

// TestSearchReadsOnlyThePage checks that the actions search and count
// through the index: they read the records of the page they show and
// never list the store's datasets.
func TestSearchReadsOnlyThePage(t *testing.T) {
	demo := demotest.MustCatalog(t)
	idx := demotest.MustIndex(t, demo)
	st := &countingStore{Store: demo.Store}
	e := newEnv(t, catalog.New(st), idx, testBaseURL)
	for _, c := range []struct {
		target string
		reads  int64
	}{
		{"/api/3/action/package_search?" + url.Values{"rows": {"5"}, "start": {"3"}, "facet.field": {`["tags","organization"]`}}.Encode(), 5},
		{"/api/3/action/package_search?rows=0&fq=res_format:CSV", 0},
		{"/api/3/action/package_list", 0},
		{"/api/3/action/package_list?limit=7&offset=2", 0},
		{"/api/3/action/current_package_list_with_resources?limit=4", 4},
		{"/api/3/action/organization_list?all_fields=true", 0},
		{"/api/3/action/organization_show?id=stadt-birkenhude", 0},
		{"/api/3/action/group_list?all_fields=true", 0},
		{"/api/3/action/tag_list", 0},
		{"/api/3/action/package_show?id=haushaltsplan-2025", 1},
	} {
		st.reads.Store(0)
		st.lists.Store(0)
		st.orgLists.Store(0)
		var v any
		MustResult(t, e.MustGet(t, c.target), &v)
		if r, l := st.reads.Load(), st.lists.Load(); r != c.reads || l != 0 {
			t.Errorf("%s read %d dataset records and listed the datasets %d times; want %d and 0", c.target, r, l, c.reads)
		}
		// Only organization_list shows every organisation; the others
		// read those they show.
		if n := st.orgLists.Load(); n != 0 && !strings.Contains(c.target, "organization_list") {
			t.Errorf("%s listed the organisations %d times; want 0", c.target, n)
		}
	}
}
