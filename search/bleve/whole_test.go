package bleve

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/municat/municat"
)

// TestWholeCatalogueEqualsBleve checks the cached path of queries over every
// dataset (facets of all, keyset and page paging by id, both directions)
// against Bleve's own answers, also after changes that must invalidate it.
func TestWholeCatalogueEqualsBleve(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 4))
	idx, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	var datasets []*municat.Dataset
	for i := range 60 {
		datasets = append(datasets, eqDataset(r, i))
	}
	if err := idx.Index(ctx, datasets...); err != nil {
		t.Fatal(err)
	}
	n := 0
	check := func() {
		for _, desc := range []bool{false, true} {
			for _, perPage := range []int{1, 7, 1000} {
				for page := 1; page <= 3; page++ {
					compareSearch(t, idx, n, municat.Query{Sort: municat.SortID, Desc: desc, Page: page, PerPage: perPage, FacetSize: r.IntN(4)})
					n++
				}
				for _, after := range []string{"ds-000", "ds-017", "ds-0175", "ds-059", "ds-999", "a"} {
					compareSearch(t, idx, n, municat.Query{Sort: municat.SortID, Desc: desc, After: after, PerPage: perPage, FacetSize: 100})
					n++
				}
			}
			compareSearch(t, idx, n, municat.Query{Sort: municat.SortModified, Desc: desc, PerPage: 5, FacetSize: 2})
			n++
		}
	}
	check()
	// New, changed, deleted and withdrawn datasets change the cached facets
	// and id order.
	withdrawn := eqDataset(r, 5)
	withdrawn.State = municat.Withdrawn
	if err := idx.Index(ctx, eqDataset(r, 60), eqDataset(r, 61), eqDataset(r, 10), withdrawn); err != nil {
		t.Fatal(err)
	}
	if err := idx.Delete(ctx, "ds-020", fmt.Sprintf("ds-%03d", 59)); err != nil {
		t.Fatal(err)
	}
	check()
}
