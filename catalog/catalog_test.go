package catalog_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/store/fs"
)

func mustCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	st, err := fs.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return catalog.New(st)
}

func TestSourceDatasetsStayWithinTheirSource(t *testing.T) {
	ctx := context.Background()
	cat := mustCatalog(t)
	for _, id := range []string{municat.DatasetID("a", "x"), municat.DatasetID("ab", "y"), municat.DatasetID("a-b", "z"), "local"} {
		if err := cat.PutDataset(ctx, &municat.Dataset{ID: id, Title: municat.NewText(id)}); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	if err := cat.SourceDatasets(ctx, "a", func(d *municat.Dataset) error { got = append(got, d.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a.x"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("SourceDatasets(a) = %v, want %v", got, want)
	}
}

func TestRunsNewestFirst(t *testing.T) {
	ctx := context.Background()
	cat := mustCatalog(t)
	t0 := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
	var ids []string
	for i := 0; i < 3; i++ {
		r := &municat.Run{ID: municat.NewRunID(t0.Add(time.Duration(i) * time.Hour)), SourceID: "s", Status: municat.RunSucceeded}
		ids = append([]string{r.ID}, ids...)
		if err := cat.PutRun(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	runs, err := cat.Runs(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range runs {
		got = append(got, r.ID)
	}
	if !reflect.DeepEqual(got, ids) {
		t.Fatalf("Runs = %v, want %v", got, ids)
	}
}

func TestDatasetsByID(t *testing.T) {
	ctx := context.Background()
	cat := mustCatalog(t)
	for _, id := range []string{"b", "a", "c"} {
		if err := cat.PutDataset(ctx, &municat.Dataset{ID: id, Title: municat.NewText(id)}); err != nil {
			t.Fatal(err)
		}
	}
	found, missing, err := cat.DatasetsByID(ctx, []string{"c", "gone", "a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range found {
		got = append(got, d.ID)
	}
	if !reflect.DeepEqual(got, []string{"c", "a", "b"}) || !reflect.DeepEqual(missing, []string{"gone"}) {
		t.Fatalf("found %v missing %v", got, missing)
	}
}

func TestNotFoundAndInvalid(t *testing.T) {
	ctx := context.Background()
	cat := mustCatalog(t)
	if _, err := cat.Dataset(ctx, "nope"); !errors.Is(err, municat.ErrNotFound) {
		t.Fatalf("Dataset(nope) = %v, want not found", err)
	}
	if _, err := cat.Dataset(ctx, "../etc/passwd"); !errors.Is(err, municat.ErrNotFound) {
		t.Fatalf("Dataset(../etc/passwd) = %v, want not found", err)
	}
	if err := cat.PutDataset(ctx, &municat.Dataset{ID: "a/b"}); !errors.Is(err, municat.ErrInvalid) {
		t.Fatalf("PutDataset(a/b) = %v, want invalid", err)
	}
	if _, err := cat.Runs(ctx, "../x"); !errors.Is(err, municat.ErrNotFound) {
		t.Fatalf("Runs(../x) = %v, want not found", err)
	}
}
