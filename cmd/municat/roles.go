package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/publish"
	"github.com/municat/municat/server"
)

// What each role of `serve` runs (see ClusterConfig.Role):
//
//	role       web                schedule  index  change log
//	all        everything         yes       yes    writes, follows
//	server     everything         no        yes    writes, follows with Bleve only
//	harvester  /healthz, /readyz  yes       no     writes
//	indexer    /healthz, /readyz  no        yes    follows (Meilisearch only)
//
// A server runs harvests started by hand in the administration itself;
// the schedule fires only in processes of role all or harvester.

// applyRoleFlag sets the role from `serve --role` (if given) and checks
// that it fits the configuration.
func applyRoleFlag(cfg *Config, role string) error {
	if role == "" {
		return nil
	}
	if err := checkRole(role); err != nil {
		return &ConfigError{Key: "--role", Message: err.Error()}
	}
	cfg.Cluster.Role = role
	return cfg.checkRoleFits()
}

// hasIndex reports whether the role opens the search index.
func (c *Config) hasIndex() bool { return c.Cluster.Role != roleHarvester }

// servesWeb reports whether the role serves the whole web application
// (else only /healthz and /readyz).
func (c *Config) servesWeb() bool { return c.Cluster.Role == roleAll || c.Cluster.Role == roleServer }

// schedules reports whether the role fires the harvest schedule.
func (c *Config) schedules() bool {
	return c.Cluster.Role == roleAll || c.Cluster.Role == roleHarvester
}

// follows reports whether the role keeps its index up to date from the
// change log: a shared Meilisearch index is followed by the processes of
// role all and indexer, not by the servers that only search it.
func (c *Config) follows() bool {
	switch c.Cluster.Role {
	case roleAll, roleIndexer:
		return true
	case roleServer:
		return c.Search.Type == "bleve"
	}
	return false
}

// openServeApp opens what the role of `serve` needs: the store, and the
// index unless the role is harvester.
func openServeApp(ctx context.Context, cfg *Config, stderr io.Writer) (*app, error) {
	if !cfg.hasIndex() {
		return openStoreApp(ctx, cfg, stderr, storeStartupWait)
	}
	return openApp(ctx, cfg, stderr, storeStartupWait)
}

// startIndex builds the index in the background if it is new (or, with
// rebuild, in any case), sets ready once it is built, and then follows the
// change log if the role does, until ctx ends. Without an index, ready is
// set at once.
func (a *app) startIndex(ctx context.Context, rebuild bool, ready *atomic.Bool) {
	if a.index == nil {
		ready.Store(true)
		return
	}
	go func() {
		var err error
		if rebuild {
			_, err = a.indexer.Rebuild(ctx)
		} else {
			err = a.ensureIndex(ctx)
		}
		if err != nil {
			if ctx.Err() == nil {
				a.logger.Error("building the search index failed; run 'municat reindex'", "err", err)
			}
			return
		}
		ready.Store(true)
		if !a.cfg.follows() {
			return
		}
		if err := a.indexer.Follow(ctx, cursorFile(a.cfg), a.cfg.Cluster.FollowInterval); err != nil && ctx.Err() == nil {
			a.logger.Error("following the change log stopped; datasets changed by other processes are not indexed until a restart", "err", err)
		}
	}()
}

// newServeWeb returns the web application of the role: the whole one, or
// for role harvester only /healthz and /readyz (and the publication
// service, for releasing scheduled publications).
func (a *app) newServeWeb(ctx context.Context, deps webDeps) (*web, error) {
	if a.cfg.servesWeb() {
		return a.newWeb(ctx, deps)
	}
	return &web{
		app: server.NewHealth(server.Config{Version: municat.Version, Ready: deps.ready, Logger: a.logger}),
		publish: publish.New(publish.Config{Catalog: a.catalog, Indexer: a.indexer, Logger: a.logger,
			MaxUpload: a.cfg.Admin.maxUpload(), OnFile: deps.onFile()}),
	}, nil
}

// serveIndexer runs role indexer: it builds the index if it is new,
// follows the change log and answers /healthz and /readyz on cfg.Listen
// until ctx ends.
func (a *app) serveIndexer(ctx context.Context) error {
	var indexReady atomic.Bool
	a.startIndex(ctx, false, &indexReady)
	return a.listenHealth(ctx, func(ctx context.Context) error {
		if !indexReady.Load() {
			return errors.New("search index is still being built")
		}
		return a.ready(ctx)
	})
}

// listenHealth serves /healthz and /readyz on cfg.Listen until ctx ends.
func (a *app) listenHealth(ctx context.Context, ready func(context.Context) error) error {
	web := server.NewHealth(server.Config{Version: municat.Version, Ready: ready, Logger: a.logger})
	errc := make(chan error, 1)
	go func() { errc <- web.Listen(a.cfg.Listen) }()
	a.logger.Info("municat is serving", "role", a.cfg.Cluster.Role, "listen", a.cfg.Listen, "store", a.cfg.Store.Type, "search", a.cfg.Search.Type, "version", municat.Version)
	select {
	case err := <-errc:
		return fmt.Errorf("listen on %s: %w", a.cfg.Listen, err)
	case <-ctx.Done():
	}
	a.logger.Info("shutting down")
	return web.ShutdownWithTimeout(10 * time.Second)
}
