package harvester

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/internal/parallel"
)

// dedupe sets DuplicateOf of each dataset of a page's writes when another
// source's dataset with the same identifier or landing page was in the
// catalogue first, and (unless in a dry run) records that it carries its
// keys, dropping keys it no longer carries (oldRefs). A key two datasets of
// one source share (a portal's start page as every dataset's landing page)
// matches nothing; since that may only show later in the run, a match by
// landing page alone is checked again at its end (recheckDuplicates).
//
// Each key is read and written once per page (see pageClaims), several
// keys at a time; every dataset sees its keys' claims as if the page's
// datasets had been applied one by one, in order.
func (h *harvest) dedupe(ctx context.Context, writes []*recordWrite) error {
	if len(writes) == 0 {
		return nil
	}
	keys := h.pageClaims(writes)
	err := parallel.ForEach(len(keys), claimWorkers, func(i int) error {
		if err := h.alive(); err != nil {
			return err
		}
		return h.applyClaims(ctx, keys[i])
	})
	if err != nil {
		return err
	}
	for _, w := range writes {
		canonical, byPage, err := h.canonicalIn(ctx, w.d, w.sets)
		if err != nil {
			return err
		}
		w.d.DuplicateOf = canonical
		if byPage {
			h.recheck = append(h.recheck, w.d.ID)
		}
		if canonical != "" {
			h.log.Info("dataset is a duplicate of another source's; shown once", "dataset", w.d.ID, "duplicate_of", canonical)
		}
	}
	return nil
}

// canonical returns the id of the published dataset of another source that
// carries one of d's keys and claimed it before d ("" if none), and whether
// it was found by the landing page alone.
func (h *harvest) canonical(ctx context.Context, d *municat.Dataset) (string, bool, error) {
	var sets []*catalog.ClaimSet
	for _, ref := range catalog.ClaimRefs(d) {
		set, err := h.cat.Claims(ctx, ref)
		if err != nil {
			return "", false, &storeError{fmt.Errorf("claims of %s: %w", d.ID, err)}
		}
		sets = append(sets, set)
	}
	return h.canonicalIn(ctx, d, sets)
}

// canonicalIn is canonical over the claim sets of d's keys, already read.
func (h *harvest) canonicalIn(ctx context.Context, d *municat.Dataset, sets []*catalog.ClaimSet) (string, bool, error) {
	type candidate struct {
		catalog.Claim
		byPage bool
	}
	var earlier []candidate
	for _, set := range sets {
		if set.Ambiguous() {
			continue
		}
		for _, cl := range set.Claims { // oldest first
			if cl.Dataset == d.ID {
				break
			}
			if cl.Source != h.src.ID {
				earlier = append(earlier, candidate{cl, set.Kind == catalog.ClaimLandingPage})
			}
		}
	}
	// By age; for the same dataset, a match by identifier first.
	slices.SortStableFunc(earlier, func(a, b candidate) int {
		if c := a.Since.Compare(b.Since); c != 0 || a.Dataset != b.Dataset {
			return c
		}
		if a.byPage == b.byPage {
			return 0
		}
		if b.byPage {
			return -1
		}
		return 1
	})
	for _, cl := range earlier {
		first, err := h.cat.Dataset(ctx, cl.Dataset)
		if errors.Is(err, municat.ErrNotFound) {
			continue
		}
		if err != nil {
			return "", false, &storeError{fmt.Errorf("read dataset %s: %w", cl.Dataset, err)}
		}
		id := first.ID
		if first.DuplicateOf != "" {
			id = first.DuplicateOf
		}
		if !first.IsPublished() || id == d.ID {
			continue
		}
		return id, cl.byPage, nil
	}
	return "", false, nil
}

// recheckDuplicates checks again, at the end of a run, the datasets it
// marked duplicates by landing page alone: a landing page another dataset
// of the source turned out to share later in the run matches nothing.
func (h *harvest) recheckDuplicates(ctx context.Context) error {
	if h.opts.DryRun {
		return nil
	}
	for _, id := range h.recheck {
		if err := h.alive(); err != nil {
			return err
		}
		d, err := h.cat.Dataset(ctx, id)
		if errors.Is(err, municat.ErrNotFound) {
			continue
		}
		if err != nil {
			return &storeError{fmt.Errorf("read dataset %s: %w", id, err)}
		}
		canonical, _, err := h.canonical(ctx, d)
		if err != nil {
			return err
		}
		if canonical == d.DuplicateOf {
			continue
		}
		d.DuplicateOf = canonical
		if err := h.cat.PutDataset(ctx, d); err != nil {
			return &storeError{fmt.Errorf("write dataset %s: %w", id, err)}
		}
		h.log.Info("duplicate checked again at the end of the run", "dataset", id, "duplicate_of", canonical)
	}
	return nil
}

// releaseClaims drops the keys of a dataset that was withdrawn, and shows
// the datasets of other sources that were hidden as its duplicates again:
// the oldest becomes the one shown, the others its duplicates.
func (h *harvest) releaseClaims(ctx context.Context, d *municat.Dataset) error {
	var rest []catalog.Claim
	for _, ref := range catalog.ClaimRefs(d) {
		set, err := h.cat.UpdateClaims(ctx, ref, func(s *catalog.ClaimSet) bool { return s.Remove(d.ID) })
		if err != nil {
			return &storeError{fmt.Errorf("drop claim of %s: %w", d.ID, err)}
		}
		rest = append(rest, set.Claims...)
	}
	slices.SortStableFunc(rest, func(a, b catalog.Claim) int { return a.Since.Compare(b.Since) })
	shown := ""
	seen := map[string]bool{}
	for _, cl := range rest {
		if seen[cl.Dataset] {
			continue
		}
		seen[cl.Dataset] = true
		dup, err := h.cat.Dataset(ctx, cl.Dataset)
		if errors.Is(err, municat.ErrNotFound) {
			continue
		}
		if err != nil {
			return &storeError{fmt.Errorf("read dataset %s: %w", cl.Dataset, err)}
		}
		if dup.DuplicateOf != d.ID || !dup.IsPublished() {
			continue
		}
		dup.DuplicateOf = shown
		if err := h.cat.PutDataset(ctx, dup); err != nil {
			return &storeError{fmt.Errorf("write dataset %s: %w", dup.ID, err)}
		}
		if shown == "" {
			shown = dup.ID
			h.log.Info("duplicate shown again: the dataset it duplicated was withdrawn", "dataset", dup.ID, "withdrawn", d.ID)
		}
		h.changed(dup.ID)
	}
	return nil
}
