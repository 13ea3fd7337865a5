// Package demotest loads the demo catalogue (package demo) into a new file
// store and an in-memory Bleve index, for the tests of the packages that
// search and show it (search/suggest, server, frontend).
package demotest

import (
	"context"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/demo"
	"github.com/municat/municat/search/bleve"
	"github.com/municat/municat/store/fs"
)

// MustLoad returns the demo catalogue, loaded into a new file store, and a
// new in-memory index of it (MustIndex). Both are closed when the test
// ends.
func MustLoad(tb testing.TB) (*catalog.Catalog, *bleve.Index) {
	tb.Helper()
	cat := MustCatalog(tb)
	return cat, MustIndex(tb, cat)
}

// MustCatalog returns the demo catalogue, loaded into a new file store in a
// temporary directory that is closed when the test ends.
func MustCatalog(tb testing.TB) *catalog.Catalog {
	tb.Helper()
	st, err := fs.Open(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	cat := catalog.New(st)
	if _, err := demo.Load(context.Background(), cat); err != nil {
		tb.Fatal(err)
	}
	return cat
}

// MustIndex returns a new in-memory index holding every dataset of cat,
// indexed in one batch; it is closed when the test ends.
func MustIndex(tb testing.TB, cat *catalog.Catalog) *bleve.Index {
	tb.Helper()
	ctx := context.Background()
	idx, err := bleve.NewMemory()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idx.Close() })
	var all []*municat.Dataset
	if err := cat.Datasets(ctx, func(d *municat.Dataset) error { all = append(all, d); return nil }); err != nil {
		tb.Fatal(err)
	}
	if err := idx.Index(ctx, all...); err != nil {
		tb.Fatal(err)
	}
	return idx
}
