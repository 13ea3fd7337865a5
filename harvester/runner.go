package harvester

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// finishTimeout bounds the final write of a run record, which runs on a
// fresh context so that a cancelled or timed-out run is still recorded.
const finishTimeout = 30 * time.Second

// DefaultStuckGrace is the Runner's StuckGrace unless it sets one.
const DefaultStuckGrace = 30 * time.Second

// Runner runs harvests: it fetches a source with the Fetcher of its type and
// writes what changed to the catalogue. A Runner is safe for concurrent use;
// it runs at most one harvest per source at a time. It must not be copied
// after first use.
type Runner struct {
	// Catalog is where datasets, raw pages and run records are written.
	Catalog *catalog.Catalog
	// Fetchers maps a source type (e.g. municat.SourceCKAN) to its Fetcher.
	Fetchers map[string]Fetcher
	// Logger receives one line per run and per problem (slog.Default if nil).
	Logger *slog.Logger
	// Now returns the current time (time.Now if nil).
	Now func() time.Time
	// Timeout is the time limit of a run whose source sets none
	// (DefaultRunTimeout if 0).
	Timeout time.Duration
	// StuckGrace is how long a run may go on past its time limit before the
	// Runner gives it up: records it as failed, frees its source and fences
	// off anything it still tries to write (DefaultStuckGrace if 0).
	StuckGrace time.Duration
	// ArchiveAfter is how long a dataset stays withdrawn before a run of
	// its source archives it (DefaultArchiveAfter if 0).
	ArchiveAfter time.Duration
	// OnFile, if set, is called for every distribution whose current file
	// a run stored (Record.Files), after the dataset was written, e.g. to
	// make its table for the rows API. It should return quickly.
	OnFile func(ctx context.Context, datasetID, distID string)
	// Cluster coordinates the runs with the other processes sharing the
	// store: with Leases set, a run holds the lease of its source from
	// before its run record is written until after the final one is, and
	// no other process runs the source meanwhile. Its zero value is a
	// process alone with its store.
	Cluster Cluster

	mu      sync.Mutex
	running map[string]bool // source ids with a run going on
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Runner) logger() *slog.Logger {
	if r.Logger != nil {
		return r.Logger
	}
	return slog.Default()
}

// acquire marks a run of the source as going on, and reports whether no
// other was.
func (r *Runner) acquire(sourceID string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running[sourceID] {
		return false
	}
	if r.running == nil {
		r.running = map[string]bool{}
	}
	r.running[sourceID] = true
	return true
}

func (r *Runner) release(sourceID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.running, sourceID)
}

// Run harvests src once; see the package doc for what a run guarantees.
//
// Run returns an error matching municat.ErrConflict if a run of the same
// source is going on in this Runner or, with Cluster.Leases, in another
// process, and municat.ErrInvalid for a source it cannot run; then no run
// record is written. Once the run record is written, a failure of the
// source or of the store does not make Run return an error: it returns the
// Result, whose Run has status failed (or interrupted when ctx was
// cancelled) and a message for the data officer; so does a run that lost
// its lease (see Cluster) and was cancelled. Run returns an error besides
// the Result only when the final run record could not be written.
func (r *Runner) Run(ctx context.Context, src *municat.Source, opts RunOptions) (*Result, error) {
	return r.run(ctx, src, opts, nil)
}

// run is Run; a scheduled run gets the instant of its tick and returns
// errTickDone, writing nothing, if another process ran that tick already.
func (r *Runner) run(ctx context.Context, src *municat.Source, opts RunOptions, tick *time.Time) (*Result, error) {
	if src == nil || !municat.ValidID(src.ID) {
		return nil, municat.Errorf(municat.EINVALID, "Die Quelle hat keine gültige Kennung.")
	}
	fetcher := r.Fetchers[src.Type]
	if fetcher == nil {
		return nil, municat.Errorf(municat.EINVALID, "Für den Quelltyp %q der Quelle %q gibt es keinen Harvester.", src.Type, src.ID)
	}
	if !r.acquire(src.ID) {
		return nil, municat.Errorf(municat.ECONFLICT, "Die Quelle %q wird gerade schon geerntet; ein zweiter Lauf wurde nicht gestartet.", src.ID)
	}
	defer r.release(src.ID)
	if !opts.DryRun && r.Cluster.Leases != nil {
		leaseCtx, releaseLease, err := r.holdRunLease(ctx, src.ID, tick)
		if err != nil {
			return nil, err
		}
		defer releaseLease() // after the final run record is written
		ctx = leaseCtx
	}

	started := r.now()
	run := &municat.Run{
		ID:       municat.NewRunID(started),
		SourceID: src.ID,
		Started:  started,
		Updated:  started,
		Status:   municat.RunRunning,
		DryRun:   opts.DryRun,
	}
	if tick != nil {
		t := tick.UTC()
		run.Scheduled = &t
	}
	log := r.logger().With("source", src.ID, "run", run.ID)
	reindexAll := false
	if !opts.DryRun {
		reindexAll = r.previousRunUnfinished(ctx, src.ID, log)
		if err := r.Catalog.PutRun(ctx, run); err != nil {
			return nil, fmt.Errorf("harvester: source %s: write run record: %w", src.ID, err)
		}
	}
	log.Info("harvest run started", "type", src.Type, "url", LogURL(src.URL), "dry_run", opts.DryRun)

	timeout := r.timeout(src, opts)
	runCtx, cancel := context.WithTimeout(withDryRun(ctx, opts.DryRun), timeout)
	defer cancel()
	h := &harvest{
		cat:          r.Catalog,
		src:          src,
		run:          run,
		opts:         opts,
		log:          log,
		now:          started,
		clock:        r.now,
		archiveAfter: cmp.Or(r.ArchiveAfter, DefaultArchiveAfter),
		res:          &Result{Run: run},
		onFile:       r.OnFile,
		reindexAll:   reindexAll,
	}
	h.keepProgress()
	done := make(chan error, 1)
	go func() { done <- h.do(runCtx, fetcher) }()
	res := h.res
	err, stuck := r.wait(runCtx, done)
	switch {
	case stuck:
		// The run's goroutine is still going: report its last progress,
		// never the state it is changing.
		h.abandoned.Store(true)
		p := h.lastProgress()
		run = p.run
		res = &Result{Run: run, Changed: p.changed, Withdrawn: p.withdrawn, Changes: p.changes}
		run.Status = municat.RunFailed
		if ctx.Err() != nil && !errors.Is(context.Cause(ctx), errLeaseLost) {
			run.Status = municat.RunInterrupted
		}
		run.Error = fmt.Sprintf("Der Lauf reagierte nach Ablauf seines Zeitlimits von %s nicht mehr und wurde aufgegeben; die Quelle ist für den nächsten Lauf wieder frei. %s", germanDuration(timeout), withdrawnNote(len(p.withdrawn)))
	case err == nil:
		run.Status = municat.RunSucceeded
	case errors.Is(context.Cause(ctx), errLeaseLost):
		run.Status = municat.RunFailed
		run.Error = leaseLostMessage + " " + h.withdrawnNote()
	case ctx.Err() != nil:
		run.Status = municat.RunInterrupted
		run.Error = "Der Lauf wurde abgebrochen, weil municat beendet wurde. " + h.withdrawnNote()
	case errors.Is(runCtx.Err(), context.DeadlineExceeded):
		run.Status = municat.RunFailed
		run.Error = fmt.Sprintf("Der Lauf überschritt das Zeitlimit von %s und wurde abgebrochen. %s", germanDuration(timeout), h.withdrawnNote())
	default:
		run.Status = municat.RunFailed
		run.Error = failureMessage(err) + " " + h.withdrawnNote()
	}
	if !stuck {
		h.closeRecordErrors()
	}
	finished := r.now()
	run.Finished = &finished
	run.Updated = finished

	attrs := []any{"status", run.Status, "pages", run.Pages, "added", run.Counts.Added, "updated", run.Counts.Updated,
		"unchanged", run.Counts.Unchanged, "withdrawn", run.Counts.Withdrawn, "archived", run.Counts.Archived,
		"failed", run.Counts.Failed, "seconds", finished.Sub(started).Seconds()}
	switch {
	case stuck:
		log.Error("harvest run given up: it did not stop at its time limit", attrs...)
	case err != nil:
		log.Error("harvest run failed", append(attrs, "err", err)...)
	default:
		log.Info("harvest run finished", attrs...)
	}
	if opts.DryRun {
		return res, nil
	}
	fctx, fcancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer fcancel()
	if err := r.putFinalRun(fctx, run, log); err != nil {
		log.Error("writing the finished run record failed", "err", err)
		return res, fmt.Errorf("harvester: source %s: write run record %s: %w", src.ID, run.ID, err)
	}
	return res, nil
}

// putFinalRun writes the finished run record, trying again every second
// until ctx ends: a store that was out of reach when the run failed
// because of it is often back within seconds, and a record left
// "running" would only be marked interrupted later, without the reason.
func (r *Runner) putFinalRun(ctx context.Context, run *municat.Run, log *slog.Logger) error {
	for attempt := 1; ; attempt++ {
		err := r.Catalog.PutRun(ctx, run)
		if err == nil {
			if attempt > 1 {
				log.Info("finished run record written after the store came back", "attempts", attempt)
			}
			return nil
		}
		if attempt == 1 {
			log.Warn("writing the finished run record failed; trying again", "err", err)
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Second):
		}
	}
}

// previousRunUnfinished reports whether the newest run record of the
// source did not end in success: that run may have died (SIGKILL, a lost
// lease) after writing datasets but before their change reached the
// search index, so the next run hands every dataset it sees to the
// indexer, unchanged ones too. A record that cannot be read counts as
// unfinished: indexing again is only work.
func (r *Runner) previousRunUnfinished(ctx context.Context, sourceID string, log *slog.Logger) bool {
	// Run ids sort by their start to the second, so among runs of other
	// processes started within the same second the newest is the one
	// with the latest start.
	var newest *municat.Run
	err := r.Catalog.EachRun(ctx, sourceID, func(run *municat.Run) bool {
		if run.DryRun {
			return true
		}
		if newest != nil && runSecond(run.ID) != runSecond(newest.ID) {
			return false
		}
		if newest == nil || run.Started.After(newest.Started) {
			newest = run
		}
		return true
	})
	unfinished := newest != nil && newest.Status != municat.RunSucceeded
	if err != nil && !errors.Is(err, municat.ErrNotFound) {
		log.Warn("reading the previous run failed; this run indexes every dataset it sees", "err", err)
		return true
	}
	if unfinished {
		log.Info("the previous run did not succeed; this run indexes every dataset it sees, unchanged ones too")
	}
	return unfinished
}

// runSecond returns the start time, to the second, that run id id
// begins with.
func runSecond(id string) string {
	return id[:min(len(id), len("20060102T150405Z"))]
}

// timeout returns the time limit of a run of src.
func (r *Runner) timeout(src *municat.Source, opts RunOptions) time.Duration {
	return cmp.Or(opts.Timeout, src.RunTimeout(), r.Timeout, DefaultRunTimeout)
}

// wait waits for the run's result on done. Once runCtx is done, the run
// has StuckGrace to return; if it does not, wait reports it stuck.
func (r *Runner) wait(runCtx context.Context, done <-chan error) (err error, stuck bool) {
	select {
	case err := <-done:
		return err, false
	case <-runCtx.Done():
	}
	t := time.NewTimer(cmp.Or(r.StuckGrace, DefaultStuckGrace))
	defer t.Stop()
	select {
	case err := <-done:
		return err, false
	case <-t.C:
		return nil, true
	}
}

// storeError is a failure to read or write the catalogue during a run.
type storeError struct{ err error }

// Error returns the cause's message prefixed with "store: ".
func (e *storeError) Error() string { return "store: " + e.err.Error() }

// Unwrap returns the cause.
func (e *storeError) Unwrap() error { return e.err }

// failureMessage says in plain German why a run failed, without internal
// details (they are logged).
func failureMessage(err error) string {
	var se *storeError
	var me *municat.Error
	switch {
	case errors.As(err, &se):
		return "Der Lauf wurde abgebrochen, weil der Speicher nicht gelesen oder beschrieben werden konnte (Einzelheiten im Protokoll)."
	case errors.As(err, &me) && me.Message != "":
		return sentence(me.Message)
	}
	return "Der Lauf brach mit einem internen Fehler ab (Einzelheiten im Protokoll)."
}

// sentence returns s ending in a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	switch s[len(s)-1] {
	case '.', '!', '?':
		return s
	}
	return s + "."
}

// germanDuration writes d as e.g. "2 Stunden" or "90 Sekunden".
func germanDuration(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		if d == time.Hour {
			return "1 Stunde"
		}
		return fmt.Sprintf("%d Stunden", d/time.Hour)
	case d%time.Minute == 0:
		if d == time.Minute {
			return "1 Minute"
		}
		return fmt.Sprintf("%d Minuten", d/time.Minute)
	case d == time.Second:
		return "1 Sekunde"
	case d%time.Second == 0:
		return fmt.Sprintf("%d Sekunden", d/time.Second)
	}
	return strings.Replace(strconv.FormatFloat(d.Seconds(), 'f', -1, 64), ".", ",", 1) + " Sekunden"
}
