package harvester

import (
	"context"
	"fmt"
	"slices"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/internal/parallel"
)

// How many store operations a page runs at a time. Every write waits for
// the disk (fs syncs each object) or a round trip (S3); running several at
// once lets them overlap, while the decisions stay sequential and in page
// order (record, dedupe).
const (
	// claimWorkers is how many claim keys a page updates at a time.
	claimWorkers = 8
	// recordWriters is how many datasets a page writes at a time.
	recordWriters = 8
)

// recordWrite is a dataset of a page that the run writes: new, changed or
// published again.
type recordWrite struct {
	d       *municat.Dataset
	refs    []catalog.ClaimRef  // the keys d carries (catalog.ClaimRefs)
	oldRefs []catalog.ClaimRef  // the keys its stored version carried
	files   []File              // Record.Files
	sets    []*catalog.ClaimSet // the claim sets of refs as d sees them (dedupe)
	written bool                // set by write once the record is stored
}

// claimOp is what one dataset of a page does to a claim key.
type claimOp struct {
	w   *recordWrite
	ref int // the index of the key in w.refs for an added claim; -1 for a dropped one
}

// keyClaims is what the datasets of a page do to one claim key, in page
// order.
type keyClaims struct {
	ref catalog.ClaimRef
	ops []claimOp
}

// pageClaims groups the claim changes of a page's writes by key, keeping
// page order within each key: first the keys a dataset no longer carries
// are dropped (not in a dry run), then its keys are claimed.
func (h *harvest) pageClaims(writes []*recordWrite) []*keyClaims {
	byRef := map[catalog.ClaimRef]*keyClaims{}
	var keys []*keyClaims
	add := func(ref catalog.ClaimRef, op claimOp) {
		k := byRef[ref]
		if k == nil {
			k = &keyClaims{ref: ref}
			byRef[ref] = k
			keys = append(keys, k)
		}
		k.ops = append(k.ops, op)
	}
	for _, w := range writes {
		w.sets = make([]*catalog.ClaimSet, len(w.refs))
		if !h.opts.DryRun {
			for _, ref := range w.oldRefs {
				if !slices.Contains(w.refs, ref) {
					add(ref, claimOp{w: w, ref: -1})
				}
			}
		}
		for i, ref := range w.refs {
			add(ref, claimOp{w: w, ref: i})
		}
	}
	return keys
}

// applyClaims reads the claim set of k's key once, applies k's changes in
// order, giving each dataset that claims the key a copy of the set as it
// is right after its own claim, and writes the set back once (not in a dry
// run: there every dataset sees the set as stored).
func (h *harvest) applyClaims(ctx context.Context, k *keyClaims) error {
	if h.opts.DryRun {
		set, err := h.cat.Claims(ctx, k.ref)
		if err != nil {
			return &storeError{fmt.Errorf("claims of %s: %w", k.ops[0].w.d.ID, err)}
		}
		for _, op := range k.ops {
			op.w.sets[op.ref] = set
		}
		return nil
	}
	_, err := h.cat.UpdateClaims(ctx, k.ref, func(s *catalog.ClaimSet) bool {
		changed := false
		for _, op := range k.ops {
			if op.ref < 0 {
				changed = s.Remove(op.w.d.ID) || changed
				continue
			}
			changed = s.Add(catalog.Claim{Dataset: op.w.d.ID, Source: h.src.ID, Since: h.now}) || changed
			seen := *s
			seen.Claims = slices.Clone(s.Claims)
			op.w.sets[op.ref] = &seen
		}
		return changed
	})
	if err != nil {
		return &storeError{fmt.Errorf("claims of %s: %w", k.ops[0].w.d.ID, err)}
	}
	return nil
}

// write stores the datasets of a page (not in a dry run), with the files
// they bring along, several at a time, and then notes those written in
// page order. It returns the error of the first dataset in page order that
// could not be written; datasets not yet started by then are skipped.
func (h *harvest) write(ctx context.Context, writes []*recordWrite) error {
	if h.opts.DryRun || len(writes) == 0 {
		return nil
	}
	err := parallel.ForEach(len(writes), recordWriters, func(i int) error {
		w := writes[i]
		if err := h.alive(); err != nil {
			return err
		}
		now := h.now
		w.d.Harvested = &now
		if err := h.putFiles(ctx, w.files); err != nil {
			return err
		}
		if err := h.cat.PutDataset(ctx, w.d); err != nil {
			return &storeError{fmt.Errorf("write dataset %s: %w", w.d.ID, err)}
		}
		w.written = true
		return nil
	})
	for _, w := range writes {
		if w.written {
			h.changed(w.d.ID)
			h.filesArrived(ctx, w.d, w.files)
		}
	}
	return err
}
