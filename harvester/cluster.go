package harvester

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/municat/municat"
)

// DefaultLeaseTTL is the Cluster's LeaseTTL unless it sets one.
const DefaultLeaseTTL = 30 * time.Second

// schedulerLease is the name of the lease whose holder fires the schedule.
const schedulerLease = "scheduler"

// Cluster is how the processes sharing one store agree on who does what:
// one of them fires the schedule (the leader), one at a time harvests a
// source. Its zero value is a process alone with its store: no leases.
type Cluster struct {
	// Leases grants the leases; nil for a single process.
	Leases municat.Leaser
	// Holder names this process in the leases it takes (see NewHolderID).
	Holder string
	// LeaseTTL is how long a lease lasts unless renewed; a lease is renewed
	// every third of it (DefaultLeaseTTL if 0).
	LeaseTTL time.Duration
}

// NewHolderID returns a holder id that names this process among all that
// share a store: host name, process id and a random suffix, e.g.
// "web1-4711-3f2a9c".
func NewHolderID() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "host"
	}
	var b [3]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

func (c Cluster) ttl() time.Duration { return cmp.Or(c.LeaseTTL, DefaultLeaseTTL) }

// harvestLease is the name of the lease of a run of the source.
func harvestLease(sourceID string) string { return "harvest/" + sourceID }

// errLeaseLost is the cause of a run cancelled because its lease was lost.
var errLeaseLost = errors.New("harvester: the run's lease was lost")

// keepLease renews l every third of the TTL until ctx ends, and calls lost
// once when l was lost: another holder took it, or renewing failed until
// it expired. It returns when ctx ends or after lost.
func (c Cluster) keepLease(ctx context.Context, l *municat.Lease, log *slog.Logger, lost func()) {
	ttl := c.ttl()
	expires := l.Expires
	t := time.NewTicker(ttl / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		rctx, cancel := context.WithTimeout(ctx, ttl/3)
		err := c.Leases.RenewLease(rctx, l, ttl)
		cancel()
		switch {
		case err == nil:
			expires = l.Expires
		case ctx.Err() != nil:
			return
		case errors.Is(err, municat.ErrConflict):
			log.Error("the lease of the run was lost to another process", "lease", l.Name, "err", err)
			lost()
			return
		case !time.Now().Before(expires):
			log.Error("the lease of the run could not be renewed before it expired", "lease", l.Name, "err", err)
			lost()
			return
		default:
			log.Warn("renewing the lease of the run failed; trying again", "lease", l.Name, "expires", expires, "err", err)
		}
	}
}

// releaseLease gives l up on a context of its own, so that it is
// released also after ctx was cancelled.
func (c Cluster) releaseLease(ctx context.Context, l *municat.Lease, log *slog.Logger) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer cancel()
	if err := c.Leases.ReleaseLease(rctx, l); err != nil {
		log.Warn("releasing a lease failed; it lapses by itself", "lease", l.Name, "expires", l.Expires, "err", err)
	}
}

// leaseLostMessage is the Error of a run cancelled because its lease was
// lost.
const leaseLostMessage = "Der Lauf wurde abgebrochen, weil municat die Quelle nicht mehr für sich reservieren konnte (der Speicher war zu lange nicht erreichbar oder ein anderer municat-Prozess hat die Quelle übernommen)."

// tickSkew is how far the clocks of processes sharing a store may differ
// for the check whether a tick ran already.
const tickSkew = time.Second

// errTickDone is returned by a scheduled run whose tick another process
// ran already.
var errTickDone = errors.New("harvester: the tick was run already")

// holdRunLease takes the lease of a run of the source (see takeRunLease)
// and keeps it renewed. The context it returns is ctx, cancelled with the
// cause errLeaseLost if the lease is lost; release stops renewing and
// releases the lease.
func (r *Runner) holdRunLease(ctx context.Context, sourceID string, tick *time.Time) (leaseCtx context.Context, release func(), err error) {
	l, err := r.takeRunLease(ctx, sourceID, tick)
	if err != nil {
		return nil, nil, err
	}
	leaseCtx, lost := context.WithCancelCause(ctx)
	keepCtx, stopKeeping := context.WithCancel(context.WithoutCancel(ctx))
	kept := make(chan struct{})
	go func() {
		defer close(kept)
		r.Cluster.keepLease(keepCtx, l, r.logger().With("source", sourceID), func() { lost(errLeaseLost) })
	}()
	return leaseCtx, func() {
		stopKeeping()
		<-kept
		lost(nil)
		r.Cluster.releaseLease(ctx, l, r.logger())
	}, nil
}

// takeRunLease takes the lease of a run of the source. For a scheduled
// run (tick not nil) it then checks whether the tick's run is recorded
// already, and if so releases the lease and returns errTickDone.
func (r *Runner) takeRunLease(ctx context.Context, sourceID string, tick *time.Time) (*municat.Lease, error) {
	l, err := r.Cluster.Leases.TakeLease(ctx, harvestLease(sourceID), r.Cluster.Holder, r.Cluster.ttl())
	if errors.Is(err, municat.ErrConflict) {
		return nil, municat.Errorf(municat.ECONFLICT, "Die Quelle %q wird gerade von einem anderen municat-Prozess geerntet; ein zweiter Lauf wurde nicht gestartet.", sourceID)
	}
	if err != nil {
		return nil, fmt.Errorf("harvester: source %s: take the lease: %w", sourceID, err)
	}
	if tick == nil {
		return l, nil
	}
	done, err := r.tickDone(ctx, sourceID, *tick)
	if err == nil && done {
		err = errTickDone
	}
	if err != nil {
		r.Cluster.releaseLease(ctx, l, r.logger())
		return nil, err
	}
	return l, nil
}

// tickDone reports whether a run of the source for the tick is recorded.
// It reads the runs that started since shortly before the tick, newest
// first: usually one or two.
func (r *Runner) tickDone(ctx context.Context, sourceID string, tick time.Time) (bool, error) {
	done := false
	err := r.Catalog.EachRun(ctx, sourceID, func(run *municat.Run) bool {
		if run.Scheduled != nil && run.Scheduled.Equal(tick) {
			done = true
			return false
		}
		return !run.Started.Before(tick.Add(-tickSkew))
	})
	if err != nil {
		return false, fmt.Errorf("harvester: source %s: read the last runs: %w", sourceID, err)
	}
	return done, nil
}

// Leader reports whether this process fires the schedule: always without
// leases, else while it holds the lease "scheduler".
func (s *Scheduler) Leader() bool {
	if s.runner.Cluster.Leases == nil {
		return true
	}
	until := s.leaderUntil.Load()
	return until != 0 && time.Now().UnixNano() < until
}

// lead bids for the scheduler lease and keeps it, every third of its TTL,
// until Stop; then it releases it.
func (s *Scheduler) lead() {
	defer close(s.leadDone)
	cl := s.runner.Cluster
	t := time.NewTicker(cl.ttl() / 3)
	defer t.Stop()
	var l *municat.Lease
	for {
		l = s.keepLead(l)
		select {
		case <-s.ctx.Done():
			if l != nil {
				s.setLeader(nil)
				cl.releaseLease(s.ctx, l, s.log)
			}
			return
		case <-t.C:
		}
	}
}

// keepLead takes the scheduler lease (l nil) or renews it and returns it,
// or nil if this process does not hold it.
func (s *Scheduler) keepLead(l *municat.Lease) *municat.Lease {
	cl := s.runner.Cluster
	ttl := cl.ttl()
	ctx, cancel := context.WithTimeout(s.ctx, ttl/3)
	defer cancel()
	var err error
	if l == nil {
		l, err = cl.Leases.TakeLease(ctx, schedulerLease, cl.Holder, ttl)
	} else {
		err = cl.Leases.RenewLease(ctx, l, ttl)
	}
	switch {
	case err == nil:
		s.setLeader(l)
		return l
	case s.ctx.Err() != nil:
		return l // stopping: lead releases it
	case errors.Is(err, municat.ErrConflict):
		s.setLeader(nil)
		return nil
	case l != nil && time.Now().Before(l.Expires):
		s.log.Warn("renewing the scheduler lease failed; trying again", "expires", l.Expires, "err", err)
		return l
	case l != nil:
		s.log.Warn("the scheduler lease expired: renewing it failed", "err", err)
	default:
		s.log.Warn("taking the scheduler lease failed", "err", err)
	}
	s.setLeader(nil)
	return nil
}

// setLeader records that this process holds l, or no scheduler lease if l
// is nil, and logs when that changes.
func (s *Scheduler) setLeader(l *municat.Lease) {
	var until int64
	if l != nil {
		until = l.Expires.UnixNano()
	}
	was := s.leaderUntil.Swap(until) != 0
	switch {
	case l != nil && !was:
		s.log.Info("this process now fires the harvest schedule (leader)", "holder", s.runner.Cluster.Holder, "lease_ttl", s.runner.Cluster.ttl())
	case l == nil && was:
		s.log.Info("this process no longer fires the harvest schedule", "holder", s.runner.Cluster.Holder)
	}
}
