// Package meili implements municat.Index and municat.Rebuilder on a
// Meilisearch server, for installations that run several municat processes
// or want a search engine beside them.
//
// It needs Meilisearch 1.18 or newer: the SDK's index swap sends the
// "rename" field (1.18), string comparisons in filters back keyset paging
// (1.15), typoTolerance.disableOnNumbers is set (1.15), localizedAttributes
// (1.10), showRankingScore and sortFacetValuesBy (1.3). Open checks the
// version.
//
// One index holds the listed datasets, named IndexPrefix+"datasets_v"+
// SchemaVersion; its settings (see Settings) and documents (see document.go)
// are declared here. Its primary key is "key", the dataset id escaped into
// the characters Meilisearch allows in a document id (dataset ids contain
// dots, which it refuses); the field "id" holds the dataset id itself for
// filtering, sorting and the hits. Writes wait until Meilisearch has applied them, so a
// search right after Index sees the change. Where Meilisearch behaves
// differently from what municat.Index promises, Search bridges the gap (see
// search.go): score ties are ordered by id across page boundaries, keyset
// paging double-checks the engine's string comparison, a query of stop words
// only matches everything.
//
// Known differences from the Bleve backend: Meilisearch does not stem, it
// finds other word forms through prefix search and typo tolerance; facet
// values differing only in case are one value; Total is capped at
// MaxTotalHits; dates are compared in whole seconds.
package meili

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"github.com/municat/municat"
)

// Defaults of Config.
const (
	// DefaultTimeout bounds one request.
	DefaultTimeout = 10 * time.Second
	// DefaultTaskTimeout bounds the wait for one write task.
	DefaultTaskTimeout = 2 * time.Minute
	// DefaultBatchSize is the number of documents sent per request.
	DefaultBatchSize = 1000
)

// minVersion is the oldest Meilisearch release this package works with.
var minVersion = [2]int{1, 18}

// taskPollInterval is how often a task is polled while waiting for it.
var taskPollInterval = 50 * time.Millisecond

// Config says how to reach the Meilisearch server.
type Config struct {
	// URL is the server's base URL, e.g. "http://127.0.0.1:7700".
	URL string
	// Key is the API key; it needs the rights to search, write documents
	// and manage indexes (a master or admin key).
	Key string
	// IndexPrefix is put before the index uid, so that several catalogues
	// can share one server. Letters, digits, '-' and '_' only.
	IndexPrefix string
	// Timeout bounds each request (DefaultTimeout if 0).
	Timeout time.Duration
	// TaskTimeout bounds the wait for one write task (DefaultTaskTimeout if 0).
	TaskTimeout time.Duration
	// BatchSize is the number of documents sent per request
	// (DefaultBatchSize if 0).
	BatchSize int
	// HTTPClient, if set, is used for all requests.
	HTTPClient *http.Client
}

// Index is a municat.Index on a Meilisearch index. It is safe for
// concurrent use.
type Index struct {
	cfg     Config
	server  string // the URL, for messages
	client  meilisearch.ServiceManager
	uid     string // the live index of SchemaVersion
	created bool

	// writeMu is held (read) while a write enqueues its tasks and (write)
	// while a rebuild is started or swapped in, so that no write is split
	// across a swap.
	writeMu sync.RWMutex
	build   *build // the open rebuild, or nil

	mu      sync.Mutex
	readUID string   // the index searches read: uid, or an older version until a rebuild is committed
	older   []string // uids of older schema versions, newest first
	closed  bool
}

var (
	_ municat.Index     = (*Index)(nil)
	_ municat.Rebuilder = (*Index)(nil)
)

// validUID matches what Meilisearch accepts as an index uid.
var validUID = regexp.MustCompile(`^[A-Za-z0-9_-]{0,300}$`)

// ValidIndexPrefix reports whether p can start an index uid: letters,
// digits, '-' and '_' only, short enough to leave room for the rest.
func ValidIndexPrefix(p string) bool { return validUID.MatchString(p) }

// Created reports whether Open created the index: it is empty and should be
// rebuilt from the store.
func (x *Index) Created() bool { return x.created }

// UID returns the uid of the index of the current schema version.
func (x *Index) UID() string { return x.uid }

// reading returns the uid searches read.
func (x *Index) reading() string {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.readUID
}

// Health reports whether the server is available and the index answers;
// for a readiness probe.
func (x *Index) Health(ctx context.Context) error {
	rctx, cancel := context.WithTimeout(ctx, x.cfg.Timeout)
	defer cancel()
	h, err := x.client.Health(rctx)
	if err != nil {
		return x.fail(ctx, "health check", err)
	}
	if h.Status != "available" {
		return &municat.Error{Code: municat.EUNAVAILABLE, Message: unavailableMessage,
			Err: fmt.Errorf("meilisearch at %s is not available (health status %q)", x.server, h.Status)}
	}
	uid := x.reading()
	if _, err := x.client.Index(uid).GetStats(rctx, nil); err != nil {
		return x.fail(ctx, "reading the stats of "+uid, err)
	}
	return nil
}

// Count returns the number of indexed datasets.
func (x *Index) Count(ctx context.Context) (int, error) {
	uid := x.reading()
	rctx, cancel := context.WithTimeout(ctx, x.cfg.Timeout)
	defer cancel()
	st, err := x.client.Index(uid).GetStats(rctx, nil)
	if err != nil {
		return 0, x.fail(ctx, "reading the stats of "+uid, err)
	}
	return int(st.NumberOfDocuments), nil
}

// idPageSize is the number of ids IDs reads per request.
const idPageSize = 10000

// IDs returns the ids of all indexed datasets, sorted. It pages through the
// documents with only their id; a dataset written meanwhile may be missed or
// listed twice by the paging, which the caller's reconciliation tolerates.
func (x *Index) IDs(ctx context.Context) ([]string, error) {
	uid := x.reading()
	var ids []string
	for offset := int64(0); ; offset += idPageSize {
		var res meilisearch.DocumentsResult
		rctx, cancel := context.WithTimeout(ctx, x.cfg.Timeout)
		err := x.client.Index(uid).GetDocuments(rctx, &meilisearch.DocumentsQuery{Offset: offset, Limit: idPageSize, Fields: []string{fieldID}}, &res)
		cancel()
		if err != nil {
			return nil, x.fail(ctx, "listing the documents of "+uid, err)
		}
		for _, hit := range res.Results {
			id, err := hitID(hit[fieldID])
			if err != nil {
				return nil, fmt.Errorf("meilisearch at %s: listing the documents of %s: %w", x.server, uid, err)
			}
			ids = append(ids, id)
		}
		if len(res.Results) < idPageSize {
			break
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// Close releases the client's idle connections. The index stays on the
// server. Closing it again does nothing.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.closed {
		x.closed = true
		x.client.Close()
	}
	return nil
}
