package harvester

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/municat/municat"
)

// DefaultArchiveAfter is how long a withdrawn dataset stays withdrawn (its
// page reachable with a banner) before a run archives it, unless the
// Runner says otherwise.
const DefaultArchiveAfter = 30 * 24 * time.Hour

// withdrawMissing withdraws every published dataset of the source that the
// complete listing did not contain. Only do calls it, after Fetch returned
// nil.
func (h *harvest) withdrawMissing(ctx context.Context) error {
	ids := make([]string, 0, len(h.existing))
	for id, k := range h.existing {
		if k.published && !h.seen[id] {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return err
		}
		done, err := h.setState(ctx, id, municat.Withdrawn)
		if err != nil {
			return err
		}
		if done {
			h.run.Counts.Withdrawn++
		}
	}
	return nil
}

// archiveExpired archives the source's datasets that have been withdrawn
// for longer than the grace period. Only do calls it, after a complete
// listing: a dataset listed again was republished by then.
func (h *harvest) archiveExpired(ctx context.Context) error {
	var ids []string
	for id, k := range h.existing {
		if k.state == municat.Withdrawn && !h.seen[id] && k.withdrawnAt != nil && h.now.Sub(*k.withdrawnAt) >= h.archiveAfter {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return err
		}
		done, err := h.setState(ctx, id, municat.Archived)
		if err != nil {
			return err
		}
		if done {
			h.run.Counts.Archived++
		}
	}
	return nil
}

// setState withdraws or archives the dataset with id, and reports false if
// it is no longer in the catalogue (deleted by hand meanwhile). A dry run
// reads the dataset but writes nothing.
func (h *harvest) setState(ctx context.Context, id string, state municat.PublicationState) (bool, error) {
	d, err := h.cat.Dataset(ctx, id)
	if errors.Is(err, municat.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, &storeError{fmt.Errorf("read dataset %s: %w", id, err)}
	}
	action := ChangeWithdraw
	if state == municat.Archived {
		action = ChangeArchive
	}
	h.change(action, d)
	if h.opts.DryRun {
		return true, nil
	}
	if err := h.alive(); err != nil {
		return false, err
	}
	wasPublished := d.IsPublished()
	d.State = state
	now := h.now
	d.Harvested = &now
	if d.WithdrawnAt == nil {
		d.WithdrawnAt = &now
	}
	if err := h.cat.PutDataset(ctx, d); err != nil {
		return false, &storeError{fmt.Errorf("set dataset %s %s: %w", id, state, err)}
	}
	if wasPublished {
		h.withdrawn(id)
		h.log.Info("dataset withdrawn: no longer at its source", "dataset", id)
		if err := h.releaseClaims(ctx, d); err != nil {
			return false, err
		}
	} else {
		h.log.Info("dataset archived: withdrawn longer than the grace period", "dataset", id, "grace", h.archiveAfter)
	}
	return true, nil
}

// withdrawnNote says how many datasets a failed run withdrew: none, unless
// it failed while withdrawing.
func (h *harvest) withdrawnNote() string {
	return withdrawnNote(len(h.res.Withdrawn))
}

func withdrawnNote(n int) string {
	switch n {
	case 0:
		return "Es wurde nichts zurückgezogen."
	case 1:
		return "1 Datensatz war schon zurückgezogen, bevor der Fehler auftrat."
	default:
		return fmt.Sprintf("%d Datensätze waren schon zurückgezogen, bevor der Fehler auftrat.", n)
	}
}
