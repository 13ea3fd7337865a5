package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/demo"
	"github.com/municat/municat/frontend"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/search/suggest"
	"github.com/municat/municat/server"
)

// cmdServe runs the server, the harvest scheduler and the indexer in one
// process until ctx ends.
func cmdServe(ctx context.Context, args []string, stderr io.Writer, getenv func(string) string) error {
	f := newFlags("serve", stderr)
	withDemo := f.set.Bool("demo", false, "load the bundled demo catalogue")
	cfg, err := f.load(args, getenv)
	if err != nil {
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
	a, err := openApp(ctx, cfg, stderr, storeStartupWait)
	if err != nil {
		return err
	}
	defer a.Close()
	log := a.logger
	if err := harvester.MarkInterrupted(ctx, a.catalog); err != nil {
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
	go func() {
		var err error
		if *withDemo {
			_, err = a.indexer.Rebuild(ctx)
		} else {
			err = a.ensureIndex(ctx)
		}
		if err != nil {
			log.Error("building the search index failed; run 'municat reindex'", "err", err)
			return
		}
		indexReady.Store(true)
	}()

	runner := a.newRunner()
	notifier := a.newNotifier()
	sched, err := harvester.NewScheduler(runner, cfg.Sources, func(res *harvester.Result) {
		if err := a.indexer.Apply(context.WithoutCancel(ctx), res.Changed, res.Withdrawn); err != nil {
			log.Error("indexing after a run failed", "source", res.Run.SourceID, "run", res.Run.ID, "err", err)
		}
		a.notifyRun(context.WithoutCancel(ctx), notifier, res)
	}, log)
	if err != nil {
		return err
	}
	sched.Start()
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if err := sched.Stop(stopCtx); err != nil {
			log.Error("stopping the scheduler", "err", err)
		}
	}()

	exporter, err := newExporter(ctx, cfg, a.catalog)
	if err != nil {
		return err
	}
	// One Suggester for the API and the pages: it keeps the catalogue's
	// keywords and organisations, read once a minute.
	suggester := suggest.New(suggest.Config{Index: a.index, Catalog: a.catalog, Logger: log})
	web := server.New(server.Config{
		DCAT:      exporter,
		Catalog:   a.catalog,
		Index:     a.index,
		BaseURL:   cfg.BaseURL,
		Logger:    log,
		Version:   municat.Version,
		Suggester: suggester,
		Ready: func(ctx context.Context) error {
			if !indexReady.Load() {
				return errors.New("search index is still being built")
			}
			return a.ready(ctx)
		},
	})
	if err := frontend.Register(web, frontend.Config{
		Catalog: a.catalog, Index: a.index, BaseURL: cfg.BaseURL, Logger: log,
		SiteName: exporter.Catalog.Title, Suggester: suggester,
		Statements: map[string]municat.Text{
			frontend.StatementImprint:       cfg.Pages.Imprint,
			frontend.StatementPrivacy:       cfg.Pages.Privacy,
			frontend.StatementAccessibility: cfg.Pages.Accessibility,
		},
	}); err != nil {
		return err
	}

	errc := make(chan error, 1)
	go func() { errc <- web.Listen(cfg.Listen) }()
	log.Info("municat is serving", "listen", cfg.Listen, "base_url", cfg.BaseURL, "store", cfg.Store.Type, "data_dir", cfg.DataDir, "version", municat.Version)
	select {
	case err := <-errc:
		return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	return web.ShutdownWithTimeout(10 * time.Second)
}
