package harvester

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/municat/municat"
)

// The actions of a Change.
const (
	ChangeAdd      = "add"
	ChangeUpdate   = "update"
	ChangeWithdraw = "withdraw"
	ChangeArchive  = "archive"
)

// Change is one thing a run did (or, in a dry run, would do) to a dataset
// of its source.
type Change struct {
	// Action is ChangeAdd, ChangeUpdate, ChangeWithdraw or ChangeArchive.
	Action string `json:"action"`
	// ID is the dataset's id.
	ID string `json:"id"`
	// Title is the dataset's title, for people reading a dry run.
	Title string `json:"title,omitempty"`
}

// errAbandoned stops the work of a run the Runner gave up on (see
// Runner.StuckGrace): nothing more may be written for it.
var errAbandoned = errors.New("harvester: run abandoned after its time limit")

// progress is what the Runner may report of a run it gives up on: the run
// record as last written and what was written up to then. The slices are
// only ever appended to, so a copy of their headers stays valid.
type progress struct {
	run                *municat.Run
	changed, withdrawn []string
	changes            []Change
}

// alive returns errAbandoned once the Runner gave up on the run.
func (h *harvest) alive() error {
	if h.abandoned.Load() {
		return errAbandoned
	}
	return nil
}

// putRun writes the run record (not in a dry run), with the time of
// writing as the run's sign of life, and keeps it as the progress to
// report should the run get stuck.
func (h *harvest) putRun(ctx context.Context) error {
	if err := h.alive(); err != nil {
		return err
	}
	h.run.Updated = h.clock()
	h.keepProgress()
	if h.opts.DryRun {
		return nil
	}
	if err := h.cat.PutRun(ctx, h.run); err != nil {
		return &storeError{fmt.Errorf("write run record: %w", err)}
	}
	return nil
}

// keepProgress records the run's progress for lastProgress.
func (h *harvest) keepProgress() {
	run := *h.run
	run.RecordErrors = slices.Clone(run.RecordErrors)
	run.RecordWarnings = slices.Clone(run.RecordWarnings)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.last = progress{run: &run, changed: h.res.Changed, withdrawn: h.res.Withdrawn, changes: h.res.Changes}
}

// lastProgress returns the progress kept last, with a copy of its run.
func (h *harvest) lastProgress() progress {
	h.mu.Lock()
	defer h.mu.Unlock()
	p := h.last
	run := *p.run
	p.run = &run
	return p
}

// change notes what the run does to a dataset.
func (h *harvest) change(action string, d *municat.Dataset) {
	h.res.Changes = append(h.res.Changes, Change{Action: action, ID: d.ID, Title: d.Title.Get("de")})
}

// changed notes a dataset written, for the indexer.
func (h *harvest) changed(id string) { h.res.Changed = append(h.res.Changed, id) }

// withdrawn notes a dataset withdrawn, for the indexer.
func (h *harvest) withdrawn(id string) { h.res.Withdrawn = append(h.res.Withdrawn, id) }

// dryRunKey marks the context of a dry run, so that the HTTP layer does
// not write its cache either.
type dryRunKey struct{}

// withDryRun returns ctx marked as a dry run's if dry.
func withDryRun(ctx context.Context, dry bool) context.Context {
	if !dry {
		return ctx
	}
	return context.WithValue(ctx, dryRunKey{}, true)
}

// IsDryRun reports whether ctx is the context of a dry run: code that
// would write anything besides the Runner's own writes must not.
func IsDryRun(ctx context.Context) bool {
	dry, _ := ctx.Value(dryRunKey{}).(bool)
	return dry
}
