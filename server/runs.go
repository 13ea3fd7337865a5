package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// RunReport is a harvest run as the API shows it: the run record with its
// duration and the number of its record errors and warnings. In lists the
// errors and warnings themselves are left out; GET
// /api/v1/sources/{id}/runs/{run} has them.
type RunReport struct {
	*municat.Run
	// Seconds is how long the run took; absent while it runs.
	Seconds *float64 `json:"seconds,omitempty"`
	// RecordErrorCount and RecordWarningCount count the run's record errors
	// and warnings as listed (capped, with a closing "… and N more" entry).
	RecordErrorCount   int `json:"record_error_count"`
	RecordWarningCount int `json:"record_warning_count"`
}

// newRunReport returns the report of run, with its record errors and
// warnings if full.
func newRunReport(run *municat.Run, full bool) *RunReport {
	r := &RunReport{RecordErrorCount: len(run.RecordErrors), RecordWarningCount: len(run.RecordWarnings)}
	if run.Finished != nil {
		s := run.Finished.Sub(run.Started).Seconds()
		r.Seconds = &s
	}
	if !full {
		short := *run
		short.RecordErrors, short.RecordWarnings = nil, nil
		run = &short
	}
	r.Run = run
	return r
}

// SourceStatus is a harvest source as the API shows it on its own: its
// settings (secrets masked), when it runs next, and how its last runs went.
type SourceStatus struct {
	*municat.Source
	// NextRun is the next scheduled run; absent for a source harvested
	// only by hand.
	NextRun *time.Time `json:"next_run,omitempty"`
	// LastRun is the newest run.
	LastRun *RunReport `json:"last_run,omitempty"`
	// LastSuccess is when the newest succeeded run finished.
	LastSuccess *time.Time `json:"last_success,omitempty"`
	// LastError is the error of the newest finished run (not a dry run) if
	// it did not succeed.
	LastError string `json:"last_error,omitempty"`
}

// getSource answers GET /api/v1/sources/{id}. It reads the runs back from
// the newest only as far as the last success.
func (h *handlers) getSource(c *fiber.Ctx) error {
	ctx := c.UserContext()
	src, err := h.cfg.Catalog.Source(ctx, param(c, "id"))
	if err != nil {
		return err
	}
	st := &SourceStatus{Source: maskSource(src), NextRun: nextRun(src, time.Now())}
	finished := false
	err = h.cfg.Catalog.EachRun(ctx, src.ID, func(run *municat.Run) bool {
		if st.LastRun == nil {
			st.LastRun = newRunReport(run, false)
		}
		// A run going on does not hide that the one before it failed.
		if !finished && run.Status != municat.RunRunning && !run.DryRun {
			finished = true
			if run.Status != municat.RunSucceeded {
				st.LastError = run.Error
			}
		}
		if run.Status == municat.RunSucceeded && !run.DryRun {
			st.LastSuccess = run.Finished
			return false
		}
		return true
	})
	if err != nil {
		return err
	}
	return sendJSON(c, st)
}

// nextRun returns the next time src is scheduled after now, nil if it has
// no (valid) schedule.
func nextRun(src *municat.Source, now time.Time) *time.Time {
	if src.Schedule == "" {
		return nil
	}
	loc, err := time.LoadLocation(src.Location())
	if err != nil {
		return nil
	}
	sched, err := municat.ParseSchedule(src.Schedule, loc)
	if err != nil {
		return nil
	}
	next := sched.Next(now)
	if next.IsZero() {
		return nil
	}
	return &next
}

// listRuns answers GET /api/v1/sources/{id}/runs with the source's runs,
// newest first, without their record errors, or 404 for an unknown
// source.
func (h *handlers) listRuns(c *fiber.Ctx) error {
	ctx := c.UserContext()
	src, err := h.cfg.Catalog.Source(ctx, param(c, "id"))
	if err != nil {
		return err
	}
	runs, err := h.cfg.Catalog.Runs(ctx, src.ID)
	if err != nil {
		return err
	}
	reports := make([]*RunReport, len(runs))
	for i, run := range runs {
		reports[i] = newRunReport(run, false)
	}
	return sendJSON(c, newList(reports))
}

// getRun answers GET /api/v1/sources/{id}/runs/{run} with the full report
// of one run.
func (h *handlers) getRun(c *fiber.Ctx) error {
	ctx := c.UserContext()
	src, err := h.cfg.Catalog.Source(ctx, param(c, "id"))
	if err != nil {
		return err
	}
	run, err := h.cfg.Catalog.Run(ctx, src.ID, param(c, "run"))
	if err != nil {
		return err
	}
	if run.Finished != nil { // a finished run's report does not change
		setLastModified(c, *run.Finished, time.Now())
	}
	return sendJSON(c, newRunReport(run, true))
}
