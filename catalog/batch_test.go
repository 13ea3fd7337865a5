package catalog_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/municat/municat"
)

func TestHitSummariesUseProjections(t *testing.T) {
	ctx := context.Background()
	cat := mustCatalog(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := cat.PutDataset(ctx, &municat.Dataset{ID: "stored", Title: municat.NewText("aus dem Speicher")}); err != nil {
		t.Fatal(err)
	}
	projected := &municat.Dataset{ID: "projected", Title: municat.NewText("aus dem Index")}
	got, err := cat.HitSummaries(ctx, []municat.Hit{{ID: "projected", Dataset: projected}}, log)
	if err != nil || len(got) != 1 || got[0] != projected {
		t.Fatalf("every hit projected: got %v, %v; want the projection, no store read", got, err)
	}
	// One hit without a projection: all are read from the store, in hit
	// order, the missing one left out.
	got, err = cat.HitSummaries(ctx, []municat.Hit{{ID: "stored"}, {ID: "projected", Dataset: projected}}, log)
	if err != nil || len(got) != 1 || got[0].ID != "stored" || got[0].Title.Get("de") != "aus dem Speicher" {
		t.Fatalf("mixed hits: got %v, %v; want the stored record only", got, err)
	}
}
