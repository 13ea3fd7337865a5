package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/demo"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/tabular"
)

// cmdServe runs the server, the harvest scheduler and the indexer in one
// process until ctx ends, or the part of them its role names (see
// roles.go).
func cmdServe(ctx context.Context, args []string, stderr io.Writer, getenv func(string) string) error {
	f := newFlags("serve", stderr)
	withDemo := f.set.Bool("demo", false, "load the bundled demo catalogue")
	role := f.set.String("role", "", "what this process runs: all, server, harvester or indexer (default: cluster.role)")
	cfg, err := f.load(args, getenv)
	if err != nil {
		return err
	}
	if err := applyRoleFlag(cfg, *role); err != nil {
		return err
	}
	if *withDemo && cfg.Catalog.Publisher == "" {
		cfg.Catalog.Publisher = demo.Publisher
	}
	if *withDemo && cfg.DataDir == defaultConfig().DataDir && cfg.Store.Type == "fs" {
		// A demo must not mix its datasets into a real ./data directory.
		dir, err := os.MkdirTemp("", "municat-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.DataDir = dir
	}
	a, err := openServeApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	log := a.logger
	tuneGC(ctx, log)
	if cfg.Cluster.Role == roleIndexer {
		return a.serveIndexer(ctx)
	}
	// Runs still marked running whose process is gone (with leases: whose
	// lease lapsed) are marked interrupted.
	if _, err := a.newRunner().MarkInterrupted(ctx); err != nil {
		return err
	}
	if *withDemo {
		st, err := demo.Load(ctx, a.catalog)
		if err != nil {
			return fmt.Errorf("load demo catalogue: %w", err)
		}
		log.Info("demo catalogue loaded", "datasets", st.Datasets, "organizations", st.Organizations, "files", st.Files)
	}

	var indexReady atomic.Bool
	a.startIndex(ctx, *withDemo, &indexReady)

	// Tables for the rows API are made in the background, from uploads,
	// harvested files and first requests; unfinished ones resume here.
	tables := tabular.New(a.catalog, tabular.Options{Logger: log, Workers: cfg.API.Tables.Workers, QueryTimeout: cfg.API.Tables.QueryTimeout})
	if err := tables.Start(ctx); err != nil {
		return fmt.Errorf("start the table workers: %w", err)
	}
	runner := a.newRunner()
	runner.OnFile = tables.Enqueue
	notifier := a.newNotifier()
	onResult := func(res *harvester.Result) {
		if err := a.indexer.Apply(context.WithoutCancel(ctx), res.Changed, res.Withdrawn); err != nil {
			log.Error("indexing after a run failed", "source", res.Run.SourceID, "run", res.Run.ID, "err", err)
		}
		a.notifyRun(context.WithoutCancel(ctx), notifier, res)
	}
	// The store is the truth for the sources: the configured ones were
	// written to it at start, the others were made in the administration.
	stored, err := a.catalog.Sources(ctx)
	if err != nil {
		return fmt.Errorf("read the sources: %w", err)
	}
	srcs := make([]municat.Source, len(stored))
	for i, s := range stored {
		srcs[i] = *s
	}
	sched, err := harvester.NewScheduler(runner, srcs, onResult, log)
	if err != nil {
		return err
	}
	if cfg.schedules() {
		sched.Start()
		go a.followSources(ctx, sched, srcs)
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if err := sched.Stop(stopCtx); err != nil {
			log.Error("stopping the scheduler", "err", err)
		}
	}()

	w, err := a.newServeWeb(ctx, webDeps{runner: runner, scheduler: sched, onResult: onResult, tables: tables, ready: func(ctx context.Context) error {
		if !indexReady.Load() {
			return errors.New("search index is still being built")
		}
		return a.ready(ctx)
	}})
	if err != nil {
		return err
	}
	web := w.app
	if *withDemo && w.auth != nil {
		if err := createDemoAccount(ctx, w, log); err != nil {
			return err
		}
	}
	// Scheduled datasets and file versions are released at their minute.
	jobCtx, stopJob := context.WithCancel(ctx)
	jobDone := make(chan struct{})
	go func() {
		defer close(jobDone)
		w.publish.RunWhile(jobCtx, sched.Leader) // one process releases them
	}()
	defer func() {
		stopJob()
		<-jobDone
	}()

	errc := make(chan error, 1)
	go func() { errc <- web.Listen(cfg.Listen) }()
	log.Info("municat is serving", "role", cfg.Cluster.Role, "listen", cfg.Listen, "base_url", cfg.BaseURL, "store", cfg.Store.Type, "data_dir", cfg.DataDir, "version", municat.Version)
	select {
	case err := <-errc:
		return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	return web.ShutdownWithTimeout(10 * time.Second)
}

// GC settings of serve unless GOGC or GOMEMLIMIT say otherwise. The live
// heap of a server is small next to what an export or a harvest allocates
// (hundreds of MB per second); at Go's default (GOGC=100) a small heap is
// collected every few hundred datasets and an export spends about half its
// CPU time collecting. A larger growth factor collects a fifth as often; a
// soft limit, raised with the live heap (the search index keeps a row per
// dataset in memory), keeps the heap near it all the same.
const (
	serveGCPercent   = 400
	serveMemoryLimit = 192 << 20
	// serveMemoryHeadroom is the least that is added to the live heap for
	// the soft limit; a large heap gets half its size (serveHeadroomDivisor)
	// on top, so that a collection is not due after every few MB
	// allocated: at 1M datasets (1 GB live) a fixed 64 MiB made the
	// collector run all the time (about half the CPU of searches and
	// exports).
	serveMemoryHeadroom = 64 << 20
	// serveHeadroomDivisor: the headroom is at least live heap / this.
	serveHeadroomDivisor = 2
	// memoryLimitEvery is how often the limit follows the live heap.
	memoryLimitEvery = 30 * time.Second
)

// tuneGC applies serveGCPercent and a soft memory limit of at least
// serveMemoryLimit, and at least the live heap plus memoryHeadroom,
// where the process environment, which the runtime reads, sets neither
// GOGC nor GOMEMLIMIT. The limit follows the live heap until ctx ends.
func tuneGC(ctx context.Context, log *slog.Logger) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(serveGCPercent)
	// Opening the index (its rows are decoded into memory) leaves garbage
	// several times the size of what stays; return it to the system now
	// rather than in the background over minutes.
	debug.FreeOSMemory()
	limit := setMemoryLimit()
	log.Debug("garbage collector tuned for serving", "gc_percent", serveGCPercent, "memory_limit_mib", limit>>20)
	go func() {
		t := time.NewTicker(memoryLimitEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				setMemoryLimit()
			}
		}
	}()
}

// setMemoryLimit sets the soft memory limit from the live heap of the
// last collection and returns it.
func setMemoryLimit() int64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	limit := int64(serveMemoryLimit)
	if sample[0].Value.Kind() == metrics.KindUint64 {
		live := int64(sample[0].Value.Uint64())
		limit = max(limit, live+memoryHeadroom(live))
	}
	debug.SetMemoryLimit(limit)
	return limit
}

// memoryHeadroom returns what the soft memory limit leaves above a live
// heap of live bytes: serveMemoryHeadroom, or live/serveHeadroomDivisor
// if that is more.
func memoryHeadroom(live int64) int64 {
	return max(serveMemoryHeadroom, live/serveHeadroomDivisor)
}

// createDemoAccount makes the instance administrator "demo" with a random
// password and logs both, so that the administration can be tried in the
// demo (whose data lives in a temporary directory).
func createDemoAccount(ctx context.Context, w *web, log *slog.Logger) error {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	password := base64.RawURLEncoding.EncodeToString(b[:])
	acc := &municat.Account{ID: "demo", Name: "Demo-Administration", InstanceAdmin: true}
	err := w.auth.CreateAccount(ctx, nil, acc, password)
	switch {
	case errors.Is(err, municat.ErrConflict):
		log.Info("demo: the account demo exists already; its password is unchanged")
		return nil
	case err != nil:
		return fmt.Errorf("demo account: %w", err)
	}
	log.Info("demo: sign in to the administration at /admin", "login", "demo", "password", password)
	return nil
}
