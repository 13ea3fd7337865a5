package relevance

import (
	"context"
	"fmt"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/demo"
)

// LoadDemo indexes the datasets of the demo catalogue into idx (the
// unlisted ones are left out by the index itself) and returns how many
// datasets it passed.
func LoadDemo(ctx context.Context, idx municat.Index) (int, error) {
	_, datasets, err := demo.Catalogue()
	if err != nil {
		return 0, fmt.Errorf("relevance: %w", err)
	}
	if err := idx.Index(ctx, datasets...); err != nil {
		return 0, fmt.Errorf("relevance: index the demo catalogue: %w", err)
	}
	return len(datasets), nil
}

// Check loads the demo catalogue into idx, evaluates the German query set
// on it and logs the means per category and the weakest queries. It fails
// tb when the overall mean nDCG@K is below minNDCG or the overall mean
// recall@K below minRecall. It returns the report, for checks of single
// categories.
func Check(tb testing.TB, idx municat.Index, minNDCG, minRecall float64) *Report {
	tb.Helper()
	ctx := context.Background()
	if _, err := LoadDemo(ctx, idx); err != nil {
		tb.Fatal(err)
	}
	r, err := Evaluate(ctx, idx, German())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Logf("German relevance over the demo catalogue:\n%s", r.Table())
	if weak := r.Weak(0.5, 0.5); len(weak) > 0 {
		tb.Logf("queries with nDCG@%d or recall@%d below 0.5:", K, K)
		for _, res := range weak {
			tb.Logf("  %s", res)
		}
	}
	if err := r.Check(minNDCG, minRecall); err != nil {
		tb.Error(err)
	}
	return r
}
