package demotest_test

import (
	"context"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/demotest"
)

func TestMustLoadIndexesEveryDataset(t *testing.T) {
	ctx := context.Background()
	cat, idx := demotest.MustLoad(t)
	n := 0
	if err := cat.Datasets(ctx, func(*municat.Dataset) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	got, err := idx.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 || got != n {
		t.Errorf("%d datasets indexed, %d in the catalogue; want them all", got, n)
	}
}
