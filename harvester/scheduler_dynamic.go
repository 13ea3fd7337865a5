package harvester

import (
	"maps"
	"slices"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/municat/municat"
)

// Set adds the source to the Scheduler or replaces its record, so that the
// next tick runs src as given (or skips it, if src is paused). A source
// without a Schedule is kept for RunNow but not scheduled. It returns an
// error matching municat.ErrInvalid, as NewScheduler does, if the id,
// schedule or time zone is invalid or the runner has no Fetcher for the
// source's type; the old record and entry then stay.
func (s *Scheduler) Set(src municat.Source) error {
	if !municat.ValidID(src.ID) {
		return municat.Errorf(municat.EINVALID, "Die Quelle hat keine gültige Kennung: %q.", src.ID)
	}
	var sched cron.Schedule
	var zone string
	if src.Schedule != "" {
		if s.runner.Fetchers[src.Type] == nil {
			return municat.Errorf(municat.EINVALID, "Für den Quelltyp %q der Quelle %q gibt es keinen Harvester.", src.Type, src.ID)
		}
		loc, err := time.LoadLocation(src.Location())
		if err != nil {
			return municat.Errorf(municat.EINVALID, "Die Zeitzone %q der Quelle %q ist unbekannt.", src.Location(), src.ID)
		}
		if sched, err = municat.ParseSchedule(src.Schedule, loc); err != nil {
			return municat.Errorf(municat.EINVALID, "Der Zeitplan %q der Quelle %q ist ungültig: %v", src.Schedule, src.ID, err)
		}
		zone = loc.String()
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.sources[src.ID]
	if e == nil {
		e = &entry{}
		s.sources[src.ID] = e
	}
	e.src = cloneSource(src)
	if e.id != 0 && e.spec == src.Schedule && e.zone == zone {
		return nil // same times: keep the entry, whose next run stays
	}
	if e.id != 0 {
		s.cron.Remove(e.id)
		e.id, e.spec, e.zone = 0, "", ""
	}
	if sched == nil {
		return nil
	}
	id := src.ID
	e.id = s.cron.Schedule(sched, cron.FuncJob(func() { s.tick(id) }))
	e.spec, e.zone = src.Schedule, zone
	s.log.Info("harvest scheduled", "source", src.ID, "schedule", src.Schedule, "time_zone", zone, "paused", src.Paused)
	return nil
}

// Remove forgets the source and takes it off the schedule; a run going on
// goes on.
func (s *Scheduler) Remove(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.sources[id]
	if e == nil {
		return
	}
	if e.id != 0 {
		s.cron.Remove(e.id)
		s.log.Info("harvest unscheduled", "source", id)
	}
	delete(s.sources, id)
}

// Source returns the latest record of the source the Scheduler keeps, and
// whether it keeps one.
func (s *Scheduler) Source(id string) (municat.Source, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.sources[id]
	if e == nil {
		return municat.Source{}, false
	}
	return cloneSource(e.src), true
}

// tick is the job of a scheduled source: one run of its latest record,
// unless it is paused or this process is not the leader.
func (s *Scheduler) tick(id string) {
	if !s.Leader() {
		s.log.Debug("scheduled harvest left to the leading process", "source", id)
		return
	}
	s.mu.Lock()
	e := s.sources[id]
	var src municat.Source
	var eid cron.EntryID
	if e != nil {
		src, eid = cloneSource(e.src), e.id
	}
	s.mu.Unlock()
	if e == nil {
		return
	}
	if src.Paused {
		s.log.Info("scheduled harvest skipped: the source is paused", "source", id)
		return
	}
	// The entry's scheduled instant, not the clock: the same in every
	// process, so that a tick fired by two is recognised as one.
	var tick *time.Time
	if at := s.cron.Entry(eid).Prev; !at.IsZero() {
		t := at.UTC()
		tick = &t
	}
	s.run(&src, tick)
}

// RunNow starts a run of the source the Scheduler keeps by id in the
// background, also when the source is paused or has no schedule, and
// returns the run's id once its run record exists; the Scheduler's
// onResult is called when the run ends, and Stop cancels it. It returns
// an error matching municat.ErrConflict if a run of the source is going
// on, municat.ErrNotFound if the Scheduler does not keep the source, and
// municat.ErrUnavailable once Stop was called.
func (s *Scheduler) RunNow(id string) (runID string, err error) {
	src, ok := s.Source(id)
	if !ok {
		return "", municat.NotFound("Quelle %q nicht gefunden.", id)
	}
	s.mu.Lock()
	if s.stopping {
		s.mu.Unlock()
		return "", municat.Errorf(municat.EUNAVAILABLE, "municat wird gerade beendet; bitte starten Sie den Lauf gleich noch einmal.")
	}
	s.runs.Add(1)
	s.mu.Unlock()
	return s.runner.Start(s.ctx, &src, RunOptions{}, func(res *Result, err error) {
		defer s.runs.Done()
		if err != nil && res == nil {
			return // not started: RunNow returns the error
		}
		if err != nil {
			s.log.Error("harvest run by hand failed", "source", id, "err", err)
		}
		if s.onResult != nil {
			s.onResult(res)
		}
	})
}

// cloneSource returns a copy of src that shares no map, slice or pointer
// with it.
func cloneSource(src municat.Source) municat.Source {
	src.Options = maps.Clone(src.Options)
	if src.Notify != nil {
		n := *src.Notify
		n.Email = slices.Clone(n.Email)
		if n.OnRecovery != nil {
			v := *n.OnRecovery
			n.OnRecovery = &v
		}
		src.Notify = &n
	}
	return src
}
