package tabular_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/store/fs"
	"github.com/municat/municat/tabular"
)

// fixtures is the directory of the municipal CSV files.
const fixtures = "../testdata/fixtures/municipal-data"

// MustService returns a Service over a file store in a temporary
// directory, and its catalog.
func MustService(tb testing.TB) (*tabular.Service, *catalog.Catalog) {
	tb.Helper()
	st, err := fs.Open(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	cat := catalog.New(st)
	return tabular.New(cat, tabular.Options{}), cat
}

// MustPutFile stores data as the file of distribution "d1" of a new
// dataset id with the given format and returns the dataset.
func MustPutFile(tb testing.TB, cat *catalog.Catalog, id, name, format string, data []byte) *municat.Dataset {
	tb.Helper()
	ctx := context.Background()
	key, err := cat.PutFile(ctx, id, "d1", name, bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		tb.Fatal(err)
	}
	d := &municat.Dataset{ID: id, Title: municat.Text{"de": id}, State: municat.Published,
		Distributions: []municat.Distribution{{ID: "d1", AccessURL: "https://example.org/" + name, Format: format, FileKey: key}}}
	if err := cat.PutDataset(ctx, d); err != nil {
		tb.Fatal(err)
	}
	return d
}

// MustFixture reads a municipal CSV fixture.
func MustFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(fixtures, name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// MustTable processes the file and opens its table.
func MustTable(tb testing.TB, svc *tabular.Service, d *municat.Dataset) *tabular.Table {
	tb.Helper()
	ctx := context.Background()
	st, err := svc.Process(ctx, d.ID, "d1")
	if err != nil {
		tb.Fatal(err)
	}
	if st.State != tabular.Ready {
		tb.Fatalf("state %q, error %q", st.State, st.Error)
	}
	t, err := svc.Open(ctx, d, &d.Distributions[0])
	if err != nil {
		tb.Fatal(err)
	}
	return t
}
