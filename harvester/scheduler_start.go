package harvester

import (
	"context"
	"time"

	"github.com/municat/municat"
)

// startWait bounds how long Start waits for the run record of the run it
// started to appear.
const startWait = 30 * time.Second

// Start runs src as Run does, in the background, and returns the run's id
// as soon as its run record is written (or the run ended). done, if not
// nil, is called once when the background run ends, with what Run
// returned; when the run did not start (a run of the source is going on,
// or the source cannot be run) Start returns that error and done gets it
// with a nil Result. Dry runs, which write no run record, are refused.
//
// Start returns an error matching municat.ErrConflict if a run of the
// source is going on in this Runner and municat.ErrInvalid for a source
// the Runner cannot run.
func (r *Runner) Start(ctx context.Context, src *municat.Source, opts RunOptions, done func(*Result, error)) (runID string, err error) {
	finish := func(res *Result, err error) {
		if done != nil {
			done(res, err)
		}
	}
	switch {
	case opts.DryRun:
		err = municat.Errorf(municat.EINVALID, "Ein Probelauf wird nicht im Hintergrund gestartet.")
	case src == nil || !municat.ValidID(src.ID):
		err = municat.Errorf(municat.EINVALID, "Die Quelle hat keine gültige Kennung.")
	case r.Fetchers[src.Type] == nil:
		err = municat.Errorf(municat.EINVALID, "Für den Quelltyp %q der Quelle %q gibt es keinen Harvester.", src.Type, src.ID)
	case r.isRunning(src.ID):
		err = municat.Errorf(municat.ECONFLICT, "Die Quelle %q wird gerade schon geerntet; ein zweiter Lauf wurde nicht gestartet.", src.ID)
	}
	if err != nil {
		finish(nil, err)
		return "", err
	}
	started := r.now()
	before, err := r.recentRuns(ctx, src.ID, started)
	if err != nil {
		finish(nil, err)
		return "", err
	}

	type outcome struct {
		res *Result
		err error
	}
	ended := make(chan outcome, 1)
	go func() {
		res, err := r.Run(ctx, src, opts)
		ended <- outcome{res, err}
		finish(res, err)
	}()
	endedWith := func(o outcome) (string, error) {
		if o.res != nil {
			return o.res.Run.ID, nil // finished already; a failed final write is logged
		}
		return "", o.err
	}
	deadline := time.Now().Add(startWait)
	for delay := 2 * time.Millisecond; ; delay = min(2*delay, 100*time.Millisecond) {
		select {
		case o := <-ended:
			return endedWith(o)
		case <-time.After(delay):
		}
		id, err := r.newRun(ctx, src.ID, started, before)
		if err != nil {
			r.logger().Warn("looking for the record of a run started by hand failed", "source", src.ID, "err", err)
		}
		if id != "" {
			// A run that lost the race for the source to another (a
			// scheduled tick) has returned by now: say so, not the
			// other run's id.
			select {
			case o := <-ended:
				return endedWith(o)
			default:
				return id, nil
			}
		}
		if time.Now().After(deadline) {
			return "", municat.Errorf(municat.EUNAVAILABLE, "Der Lauf der Quelle %q wurde gestartet, sein Protokoll ist aber noch nicht zu sehen; bitte sehen Sie gleich in der Liste der Läufe nach.", src.ID)
		}
	}
}

// isRunning reports whether a run of the source is going on.
func (r *Runner) isRunning(sourceID string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.running[sourceID]
}

// recentRuns returns the ids of the source's stored runs that started
// within a second before since or later: the runs newRun must not take for
// the new one.
func (r *Runner) recentRuns(ctx context.Context, sourceID string, since time.Time) (map[string]bool, error) {
	seen := map[string]bool{}
	err := r.Catalog.EachRun(ctx, sourceID, func(run *municat.Run) bool {
		if run.Started.Before(since.Add(-time.Second)) {
			return false
		}
		seen[run.ID] = true
		return true
	})
	return seen, err
}

// newRun returns the id of a run record of the source that started at
// since or later and is not in before, or "".
func (r *Runner) newRun(ctx context.Context, sourceID string, since time.Time, before map[string]bool) (string, error) {
	var id string
	err := r.Catalog.EachRun(ctx, sourceID, func(run *municat.Run) bool {
		if run.Started.Before(since.Add(-time.Second)) {
			return false // run ids sort by their start, to the second
		}
		if !before[run.ID] && !run.Started.Before(since) && !run.DryRun {
			id = run.ID
			return false
		}
		return true
	})
	return id, err
}
