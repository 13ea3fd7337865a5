package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/ckan"
	"github.com/municat/municat/harvester/csw"
	"github.com/municat/municat/harvester/datajson"
	"github.com/municat/municat/harvester/dcat"
	"github.com/municat/municat/harvester/file"
	"github.com/municat/municat/harvester/ods"
	"github.com/municat/municat/harvester/socrata"
	"github.com/municat/municat/indexer"
	"github.com/municat/municat/server"
	"github.com/municat/municat/store/fs"
	"github.com/municat/municat/store/s3"
)

// app holds the components one command works with.
type app struct {
	cfg     *Config
	logger  *slog.Logger
	store   municat.Store
	catalog *catalog.Catalog
	index   municat.Index
	// indexCreated reports that the index was new when opened: it must be
	// built from the store.
	indexCreated bool
	indexer      *indexer.Indexer
	// holder names this process among all sharing the store: in leases
	// and as the writer of the change log.
	holder string
}

// newFetchers returns the harvesters of every source type this build knows;
// logger receives what a fetcher reports besides the run (slog.Default if
// nil).
func newFetchers(client *http.Client, cat *catalog.Catalog, logger *slog.Logger) map[string]harvester.Fetcher {
	return map[string]harvester.Fetcher{
		municat.SourceCKAN:     &ckan.Fetcher{Client: client},
		municat.SourceDCAT:     &dcat.Fetcher{Client: client, Logger: logger},
		municat.SourceODS:      &ods.Fetcher{Client: client},
		municat.SourceCSW:      &csw.Fetcher{Client: client},
		municat.SourceDataJSON: &datajson.Fetcher{Client: client},
		municat.SourceSocrata:  &socrata.Fetcher{Client: client},
		municat.SourceFile:     &file.Fetcher{Client: fileClient(client), Catalog: cat},
	}
}

// fileClient returns client with a longer time limit per request, for
// the data files of file sources (up to harvester.DefaultMaxFileBytes): it
// shares client's transport, so politeness per host holds across both.
func fileClient(client *http.Client) *http.Client {
	if client == nil {
		return nil
	}
	c := *client
	c.Timeout = time.Hour
	return &c
}

// sourceTypes lists the source types this build can harvest, sorted.
func sourceTypes() []string {
	var types []string
	for t := range newFetchers(nil, nil, nil) {
		types = append(types, t)
	}
	sort.Strings(types)
	return types
}

// commandFlags parses the flags common to all commands.
type commandFlags struct {
	set    *flag.FlagSet
	config *string
}

func newFlags(name string, stderr io.Writer) commandFlags {
	set := flag.NewFlagSet(name, flag.ContinueOnError)
	set.SetOutput(stderr)
	return commandFlags{set: set, config: set.String("config", "", "YAML configuration `FILE`")}
}

// load parses args, which must leave exactly one operand per name in
// operands (none if it is empty), and loads the configuration.
func (f commandFlags) load(args []string, getenv func(string) string, operands ...string) (*Config, error) {
	if err := f.set.Parse(args); err != nil {
		return nil, &usageError{msg: err.Error()}
	}
	if n := f.set.NArg(); n != len(operands) {
		if len(operands) == 0 {
			return nil, &usageError{msg: f.set.Name() + " takes no arguments"}
		}
		return nil, &usageError{msg: fmt.Sprintf("%s needs exactly %d argument(s): %s", f.set.Name(), len(operands), strings.Join(operands, " "))}
	}
	return LoadConfig(*f.config, getenv)
}

func newLogger(level string, w io.Writer) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

// storeStartupWait is how long `serve` waits for an S3 or Meilisearch
// server that is not answering yet (docker compose starts them and municat
// at once). It is a variable so that tests can shorten it.
var storeStartupWait = 20 * time.Second

// openStore opens the configured object store, retrying an unavailable S3
// server for up to wait.
func openStore(ctx context.Context, cfg *Config, wait time.Duration) (municat.Store, error) {
	switch cfg.Store.Type {
	case "s3":
		s := cfg.Store.S3
		c := s3.Config{Endpoint: s.Endpoint, Bucket: s.Bucket, AccessKey: s.AccessKey, SecretKey: s.SecretKey, Secure: s.Secure, Region: s.Region}
		deadline := time.Now().Add(wait)
		for {
			st, err := s3.Open(ctx, c)
			if err == nil || !errors.Is(err, municat.ErrUnavailable) || time.Now().After(deadline) {
				return st, err
			}
			select {
			case <-ctx.Done():
				return nil, err
			case <-time.After(time.Second):
			}
		}
	default:
		return fs.Open(filepath.Join(cfg.DataDir, "store"))
	}
}

// openApp opens the store and the index and writes the configured
// organisations and sources into the store, which they are the truth for.
// The store is retried for up to storeWait if it is not answering yet.
func openApp(ctx context.Context, cfg *Config, stderr io.Writer, storeWait time.Duration) (*app, error) {
	a, err := openStoreApp(ctx, cfg, stderr, storeWait)
	if err != nil {
		return nil, err
	}
	idx, created, err := openIndex(ctx, cfg, storeWait)
	if err != nil {
		a.Close()
		return nil, err
	}
	a.index, a.indexCreated = idx, created
	a.indexer.Index = idx
	return a, nil
}

// openStoreApp is openApp without the index, for a process that has none
// (role harvester): its indexer writes only the change log.
func openStoreApp(ctx context.Context, cfg *Config, stderr io.Writer, storeWait time.Duration) (*app, error) {
	a := &app{cfg: cfg, logger: newLogger(cfg.LogLevel, stderr), holder: harvester.NewHolderID()}
	st, err := openStore(ctx, cfg, storeWait)
	if err != nil {
		return nil, fmt.Errorf("open %s store: %w", cfg.Store.Type, err)
	}
	a.store = st
	a.catalog = catalog.New(st)
	if err := a.syncConfig(ctx); err != nil {
		a.Close()
		return nil, err
	}
	a.indexer = indexer.New(a.catalog, nil, a.logger)
	a.indexer.Writer = a.holder
	// Every process may prune: deleting is idempotent, and a cluster of
	// harvesters and servers with Bleve has no indexer to do it.
	a.indexer.PruneLog = true
	return a, nil
}

func (a *app) syncConfig(ctx context.Context) error {
	for i := range a.cfg.Organizations {
		a.cfg.Organizations[i].Managed = municat.ManagedByConfig
		if err := a.catalog.PutOrganization(ctx, &a.cfg.Organizations[i]); err != nil {
			return fmt.Errorf("store organisation %s: %w", a.cfg.Organizations[i].ID, err)
		}
	}
	for i := range a.cfg.Sources {
		src := &a.cfg.Sources[i]
		src.Managed = municat.ManagedByConfig
		// Pausing is done in the administration, also for configured
		// sources: the stored flag survives a restart.
		if old, err := a.catalog.Source(ctx, src.ID); err == nil {
			src.Paused = old.Paused
		} else if !errors.Is(err, municat.ErrNotFound) {
			return fmt.Errorf("read source %s: %w", src.ID, err)
		}
		if err := a.catalog.PutSource(ctx, src); err != nil {
			return fmt.Errorf("store source %s: %w", src.ID, err)
		}
	}
	return nil
}

// ensureIndex rebuilds the index from the store if it was just created.
func (a *app) ensureIndex(ctx context.Context) error {
	if !a.indexCreated {
		return nil
	}
	a.logger.Info("search index is new; building it from the store")
	_, err := a.indexer.Rebuild(ctx)
	return err
}

// ready reports whether the store and the index answer (the store only
// without an index). A store that does not answer while the index does
// is a server.DegradedError: searches still work.
func (a *app) ready(ctx context.Context) error {
	storeErr := a.storeReady(ctx)
	if a.index == nil {
		return storeErr
	}
	if h, ok := a.index.(healthChecker); ok {
		if err := h.Health(ctx); err != nil {
			return indexDown(err, storeErr)
		}
	} else if _, err := a.index.Count(ctx); err != nil {
		return indexDown(err, storeErr)
	}
	if storeErr != nil {
		return &server.DegradedError{Err: storeErr}
	}
	return nil
}

// indexDown returns the error of an index that does not answer, naming
// the store's error too if there is one.
func indexDown(err, storeErr error) error {
	if storeErr != nil {
		return fmt.Errorf("index: %w; %w", err, storeErr)
	}
	return fmt.Errorf("index: %w", err)
}

// storeReady reports whether the store answers.
func (a *app) storeReady(ctx context.Context) error {
	if _, err := a.store.Stat(ctx, "municat-readiness-probe"); err != nil && !errors.Is(err, municat.ErrNotFound) {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// newRunner returns a harvest runner over the app's catalogue, its sources
// sharing one polite, caching HTTP client.
func (a *app) newRunner() *harvester.Runner {
	client := harvester.NewHTTPClientWith(a.newTransport())
	leases, _ := a.store.(municat.Leaser)
	return &harvester.Runner{
		// Runs of a source in processes sharing the store exclude each
		// other through the store's leases.
		Cluster:      harvester.Cluster{Leases: leases, Holder: a.holder, LeaseTTL: a.cfg.Cluster.LeaseTTL},
		Catalog:      a.catalog,
		Fetchers:     newFetchers(client, a.catalog, a.logger),
		Logger:       a.logger,
		Now:          time.Now,
		Timeout:      a.cfg.Harvest.RunTimeout,
		ArchiveAfter: a.cfg.Harvest.ArchiveAfter,
	}
}

// Close closes the index and the store.
func (a *app) Close() {
	if a.index != nil {
		if err := a.index.Close(); err != nil {
			a.logger.Error("close index", "err", err)
		}
	}
	if a.store != nil {
		if err := a.store.Close(); err != nil {
			a.logger.Error("close store", "err", err)
		}
	}
}
