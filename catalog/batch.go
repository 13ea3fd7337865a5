package catalog

import (
	"context"
	"errors"
	"log/slog"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/parallel"
)

// readConcurrency is how many records DatasetsByID reads at once.
const readConcurrency = 8

// DatasetsByID reads the datasets with the given ids, several at a time, and
// returns those found in the order of ids and the ids that have no record
// (an index that lags behind the store yields such ids).
func (c *Catalog) DatasetsByID(ctx context.Context, ids []string) (found []*municat.Dataset, missing []string, err error) {
	records := make([]*municat.Dataset, len(ids))
	errs := make([]error, len(ids))
	_ = parallel.ForEach(len(ids), readConcurrency, func(i int) error {
		records[i], errs[i] = c.Dataset(ctx, ids[i])
		return nil
	})
	found = make([]*municat.Dataset, 0, len(ids))
	for i, d := range records {
		switch {
		case errors.Is(errs[i], municat.ErrNotFound):
			missing = append(missing, ids[i])
		case errs[i] != nil:
			return nil, nil, errs[i]
		default:
			found = append(found, d)
		}
	}
	return found, missing, nil
}

// HitDatasets reads the datasets of search hits, in hit order. A hit whose
// record is gone (the index lags behind the store) is logged and left out.
func (c *Catalog) HitDatasets(ctx context.Context, hits []municat.Hit, log *slog.Logger) ([]*municat.Dataset, error) {
	ids := make([]string, len(hits))
	for i, hit := range hits {
		ids[i] = hit.ID
	}
	found, missing, err := c.DatasetsByID(ctx, ids)
	for _, id := range missing {
		log.Warn("search hit missing in the store; the index needs a rebuild", "dataset", id)
	}
	return found, err
}

// HitSummaries returns the datasets of search hits for a result list, in
// hit order: the index's projections (municat.Hit.Dataset) when every hit
// carries one, so no record is read, else the records from the store as
// HitDatasets reads them. A projection holds only what a list shows; use
// HitDatasets where the whole record is needed.
func (c *Catalog) HitSummaries(ctx context.Context, hits []municat.Hit, log *slog.Logger) ([]*municat.Dataset, error) {
	datasets := make([]*municat.Dataset, 0, len(hits))
	for _, hit := range hits {
		if hit.Dataset == nil {
			return c.HitDatasets(ctx, hits, log)
		}
		datasets = append(datasets, hit.Dataset)
	}
	return datasets, nil
}
