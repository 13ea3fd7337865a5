package publish

import (
	"context"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// save writes d, which was old (nil for a new dataset), with its entry in
// the publish queue, and mirrors the change into the search index. A new
// queue entry is written before the record and an old one removed after
// it, so that a failure in between leaves at worst an entry the job drops.
func (s *Service) save(ctx context.Context, old, d *municat.Dataset) error {
	oldPub, newPub := schedule(old), schedule(d)
	same := oldPub != nil && newPub != nil && oldPub.At.Equal(newPub.At)
	if newPub != nil && !same {
		if err := s.cat.PutPublication(ctx, newPub); err != nil {
			return err
		}
	}
	if err := s.cat.PutDataset(ctx, d); err != nil {
		if newPub != nil && !same {
			s.dropPublication(ctx, newPub)
		}
		return err
	}
	if oldPub != nil && !same {
		s.dropPublication(ctx, oldPub)
	}
	s.reindex(ctx, old, d)
	return nil
}

// schedule returns the queue entry of a scheduled dataset, else nil.
func schedule(d *municat.Dataset) *catalog.Publication {
	if d == nil || d.State != municat.Scheduled || d.PublishAt == nil {
		return nil
	}
	return &catalog.Publication{At: *d.PublishAt, Dataset: d.ID}
}

// dropPublication removes a queue entry; a failure is logged, as the job
// drops entries that no longer match their dataset.
func (s *Service) dropPublication(ctx context.Context, p *catalog.Publication) {
	if err := s.cat.DeletePublication(context.WithoutCancel(ctx), p); err != nil {
		s.log.Error("removing a scheduled publication failed", "dataset", p.Dataset, "at", p.At, "err", err)
	}
}

// reindex brings the search index up to date with d, which was old (nil
// for a new dataset). The store is the truth and the change is written: a
// failure is logged, and the next rebuild of the index repairs it.
func (s *Service) reindex(ctx context.Context, old, d *municat.Dataset) {
	if s.idx == nil {
		return
	}
	var changed, withdrawn []string
	switch {
	case d.Listed():
		changed = []string{d.ID}
	case old != nil && old.Listed():
		withdrawn = []string{d.ID}
	default:
		return
	}
	if err := s.idx.Apply(context.WithoutCancel(ctx), changed, withdrawn); err != nil {
		s.log.Error("updating the search index failed; a rebuild repairs it", "dataset", d.ID, "err", err)
	}
}
