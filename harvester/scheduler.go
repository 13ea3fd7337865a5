package harvester

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/municat/municat"
)

// Scheduler runs each source with a Schedule on its cron schedule, in the
// source's time zone (municat.DefaultTimeZone unless it names another). A
// tick that comes while the previous run of the source is still going on is
// skipped with a log line; the Runner's per-source lock also keeps a run by
// hand and a scheduled run apart.
//
// The Scheduler keeps the latest record of every source it was given
// (NewScheduler, Set) and runs that one: a change of the source takes effect
// at the next tick, and a tick of a paused source does nothing. Its methods
// are safe for concurrent use.
//
// With the Runner's Cluster.Leases set, several processes sharing a store
// may each run a Scheduler over the same sources: the one that holds the
// lease "scheduler" (the leader, see Leader) fires the ticks, and a tick
// whose run is recorded already is not run again, so each tick runs once
// also while leadership passes from one process to another.
type Scheduler struct {
	runner   *Runner
	onResult func(*Result)
	log      *slog.Logger
	cron     *cron.Cron

	ctx    context.Context // cancelled by Stop, ends the runs going on
	cancel context.CancelFunc

	mu       sync.Mutex
	sources  map[string]*entry // by source id
	stopping bool              // Stop was called: RunNow starts nothing
	runs     sync.WaitGroup    // runs started by RunNow

	leaderUntil atomic.Int64  // with leases: the scheduler lease's expiry (Unix ns) while held, else 0
	leadDone    chan struct{} // closed when the leading goroutine ended; nil if none started
}

// entry is the latest record of one source and its cron entry.
type entry struct {
	src municat.Source
	// spec and zone are the schedule and time zone the cron entry runs;
	// id is 0 if the source is not scheduled.
	spec, zone string
	id         cron.EntryID
}

// NewScheduler returns a Scheduler for the sources that have a Schedule;
// the others are harvested only by hand (see RunNow). onResult, if not
// nil, is called after every run with its Result (e.g. to update the
// search index). It returns an error matching municat.ErrInvalid if a
// schedule or time zone is invalid or the runner has no Fetcher for a
// source's type.
func NewScheduler(runner *Runner, sources []municat.Source, onResult func(*Result), logger *slog.Logger) (*Scheduler, error) {
	if logger == nil {
		logger = slog.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Scheduler{
		runner:   runner,
		onResult: onResult,
		log:      logger,
		cron:     cron.New(cron.WithLogger(cronLogger{logger}), cron.WithChain(cron.Recover(cronLogger{logger}))),
		ctx:      ctx,
		cancel:   cancel,
		sources:  map[string]*entry{},
	}
	for _, src := range sources {
		if err := s.Set(src); err != nil {
			cancel()
			return nil, err
		}
	}
	// Runs of other processes sharing the store that died or hang are
	// failed once they showed no sign of life for longer than any run may
	// take.
	s.cron.Schedule(cron.Every(time.Minute), cron.FuncJob(func() {
		if s.Leader() {
			s.failStale(s.maxRunAge())
		}
	}))
	if runner.Cluster.Leases != nil {
		// Runs of processes that died are marked interrupted once their
		// lease lapsed.
		s.cron.Schedule(cron.Every(runner.Cluster.ttl()), cron.FuncJob(func() {
			if s.Leader() {
				s.markInterrupted()
			}
		}))
	}
	return s, nil
}

// maxRunAge is how long a run may show no sign of life before it counts
// as stale: longer than the time limit of any source known (the Runner's
// default if none is), plus the grace a stuck run gets.
func (s *Scheduler) maxRunAge() time.Duration {
	s.mu.Lock()
	longest := time.Duration(0)
	for _, e := range s.sources {
		longest = max(longest, s.runner.timeout(&e.src, RunOptions{}))
	}
	if len(s.sources) == 0 {
		longest = s.runner.timeout(&municat.Source{}, RunOptions{})
	}
	s.mu.Unlock()
	return longest + cmp.Or(s.runner.StuckGrace, DefaultStuckGrace) + time.Minute
}

// failStale fails the stale runs in the catalogue (see FailStale).
func (s *Scheduler) failStale(maxAge time.Duration) {
	n, err := FailStale(s.ctx, s.runner.Catalog, maxAge, s.runner.now())
	if err != nil {
		s.log.Error("checking for stuck harvest runs failed", "err", err)
	}
	if n > 0 {
		s.log.Warn("stuck harvest runs marked failed", "runs", n, "max_age", maxAge)
	}
}

// Start starts the schedule in the background and, with leases, the
// bid for leadership.
func (s *Scheduler) Start() {
	s.cron.Start()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.runner.Cluster.Leases != nil && s.leadDone == nil && !s.stopping {
		s.leadDone = make(chan struct{})
		go s.lead()
	}
}

// Stop stops the schedule, cancels the runs going on, scheduled or started
// with RunNow (their records are finished as interrupted), gives up the
// leadership, and waits for them to end or ctx to be done, whose error it
// then returns.
func (s *Scheduler) Stop(ctx context.Context) error {
	jobsDone := s.cron.Stop() // done when the running jobs have returned
	s.mu.Lock()
	s.stopping = true
	leadDone := s.leadDone
	s.mu.Unlock()
	if leadDone == nil {
		leadDone = make(chan struct{})
		close(leadDone)
	}
	s.cancel()
	runsDone := make(chan struct{})
	go func() {
		s.runs.Wait()
		close(runsDone)
	}()
	for _, done := range []<-chan struct{}{jobsDone.Done(), runsDone, leadDone} {
		select {
		case <-done:
		case <-ctx.Done():
			return fmt.Errorf("harvester: scheduler stop: %w", ctx.Err())
		}
	}
	return nil
}

// run is the job of one source for the tick at tick (nil if unknown):
// one run, skipped if one is going on or the tick ran already.
func (s *Scheduler) run(src *municat.Source, tick *time.Time) {
	if s.ctx.Err() != nil {
		return
	}
	res, err := s.runner.run(s.ctx, src, RunOptions{}, tick)
	if errors.Is(err, errTickDone) {
		s.log.Debug("scheduled harvest skipped: another process ran this tick", "source", src.ID, "tick", tickText(tick))
		return
	}
	if errors.Is(err, municat.ErrConflict) {
		s.log.Warn("scheduled harvest skipped: the previous run of the source is still going on", "source", src.ID, "tick", tickText(tick), "err", err)
		return
	}
	if err != nil {
		s.log.Error("scheduled harvest failed", "source", src.ID, "err", err)
	}
	if res != nil && s.onResult != nil {
		s.onResult(res)
	}
}

// tickText writes the instant of a tick for the log (RFC 3339, UTC), or
// "" if it is unknown.
func tickText(tick *time.Time) string {
	if tick == nil {
		return ""
	}
	return tick.UTC().Format(time.RFC3339)
}

// cronLogger passes the cron library's log lines to slog: its routine lines
// at debug level, a recovered panic of a run as an error.
type cronLogger struct{ log *slog.Logger }

// Info logs a routine line of the cron library at debug level.
func (l cronLogger) Info(msg string, keysAndValues ...any) {
	l.log.Debug("cron: "+msg, keysAndValues...)
}

// Error logs an error of the cron library, such as a recovered panic of a
// run, at error level.
func (l cronLogger) Error(err error, msg string, keysAndValues ...any) {
	l.log.Error("cron: "+msg, append(keysAndValues, "err", err)...)
}
