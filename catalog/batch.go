package catalog

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"github.com/municat/municat"
)

// readConcurrency is how many records DatasetsByID reads at once.
const readConcurrency = 8

// DatasetsByID reads the datasets with the given ids, several at a time, and
// returns those found in the order of ids and the ids that have no record
// (an index that lags behind the store yields such ids).
func (c *Catalog) DatasetsByID(ctx context.Context, ids []string) (found []*municat.Dataset, missing []string, err error) {
	records := make([]*municat.Dataset, len(ids))
	errs := make([]error, len(ids))
	sem := make(chan struct{}, readConcurrency)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			records[i], errs[i] = c.Dataset(ctx, id)
		}()
	}
	wg.Wait()
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
