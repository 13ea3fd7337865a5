package publish

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// jobDelay is how long after a minute boundary the job runs, so that a
// publication due at that minute is due by every clock reading.
const jobDelay = 200 * time.Millisecond

// PublishDue releases every queued publication due at now: a scheduled
// dataset becomes published (Issued set if it was not), a scheduled file
// version becomes its distribution's current file. Each release writes the
// record, updates the search index, records an audit entry of "system" and
// removes the queue entry. An entry whose dataset changed meanwhile (no
// longer scheduled for that minute) is removed without a release. It
// returns the number released; a failed entry stays queued for the next
// run and its error is returned with the others.
func (s *Service) PublishDue(ctx context.Context) (released int, err error) {
	var due []*catalog.Publication
	if err := s.cat.DuePublications(ctx, s.now(), func(p *catalog.Publication) error {
		due = append(due, p)
		return nil
	}); err != nil {
		return 0, fmt.Errorf("publish: list due publications: %w", err)
	}
	var errs []error
	for _, pub := range due {
		if ctx.Err() != nil {
			errs = append(errs, ctx.Err())
			break
		}
		ok, err := s.releaseDue(ctx, pub)
		if err != nil {
			errs = append(errs, fmt.Errorf("publish: release %s at %s: %w", pub.Dataset, pub.At.Format(time.RFC3339), err))
			continue
		}
		if ok {
			released++
		}
	}
	return released, errors.Join(errs...)
}

// releaseDue releases one queue entry and reports whether it released
// anything.
func (s *Service) releaseDue(ctx context.Context, pub *catalog.Publication) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, err := s.cat.Dataset(ctx, pub.Dataset)
	if errors.Is(err, municat.ErrNotFound) {
		return false, s.cat.DeletePublication(ctx, pub)
	}
	if err != nil {
		return false, err
	}
	now := s.now().UTC()
	d := clone(old)
	var summary string
	var ok bool
	if pub.Distribution == "" {
		ok = d.State == municat.Scheduled && d.PublishAt != nil && d.PublishAt.Equal(pub.At)
		if ok {
			d.State, d.PublishAt, d.WithdrawnAt = municat.Published, nil, nil
			if d.Issued == nil {
				d.Issued = &now
			}
			summary = "Datensatz „" + d.Title.String() + "“ wie geplant veröffentlicht."
		}
	} else if dist := distribution(d, pub.Distribution); dist != nil {
		ok = release(dist, pub.Version, pub.At, now)
		if ok {
			d.Modified = &now
			summary = fmt.Sprintf("Version %s der Distribution %q wie geplant veröffentlicht.", pub.Version, dist.ID)
		}
	}
	if !ok {
		return false, s.cat.DeletePublication(ctx, pub)
	}
	if err := s.cat.PutDataset(ctx, d); err != nil {
		return false, err
	}
	s.reindex(ctx, old, d)
	if pub.Distribution != "" {
		s.fileArrived(ctx, d.ID, pub.Distribution)
	}
	s.audit(ctx, nil, "dataset.publish", d.Organization, datasetObject(d.ID), summary, changedFields(old, d))
	if err := s.cat.DeletePublication(context.WithoutCancel(ctx), pub); err != nil {
		// Released already: the next run finds the entry stale and drops it.
		s.log.Error("removing a released publication from the queue failed", "dataset", pub.Dataset, "err", err)
	}
	return true, nil
}

// Run calls PublishDue at once and then just after every minute boundary
// until ctx ends. Errors are logged; Run never stops before ctx ends.
func (s *Service) Run(ctx context.Context) { s.RunWhile(ctx, nil) }

// RunWhile is Run, except that it skips a round while active, if not nil,
// returns false, and asks again every second: of several processes sharing
// a store, only the one that leads releases the publications, and one that
// takes the lead runs a round at once.
func (s *Service) RunWhile(ctx context.Context, active func() bool) {
	for {
		wait := time.Second
		if active == nil || active() {
			n, err := s.runOnce(ctx)
			if err != nil && ctx.Err() == nil {
				s.log.Error("scheduled publication failed", "released", n, "err", err)
			} else if n > 0 {
				s.log.Info("scheduled publications released", "released", n)
			}
			now := s.now()
			wait = now.Truncate(time.Minute).Add(time.Minute + jobDelay).Sub(now)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// runOnce calls PublishDue and turns a panic into an error, so that one bad
// record cannot stop the job.
func (s *Service) runOnce(ctx context.Context) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("publish: panic: %v", r)
		}
	}()
	return s.PublishDue(ctx)
}
