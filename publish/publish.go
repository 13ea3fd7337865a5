// Package publish lets a municipality's editors write their own datasets:
// create, update and withdraw them, upload files as versions of a
// distribution, and schedule a dataset or a file version for publication at
// a given minute. Every change is checked (Check), written to the
// catalogue, mirrored into the search index and recorded in the audit log.
//
// The scheduled publications are released by PublishDue, which Run calls at
// every minute boundary.
package publish

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/municat/municat/catalog"
	"github.com/municat/municat/indexer"
)

// DefaultMaxUpload is the size limit of an uploaded file when
// Config.MaxUpload is 0: 100 MiB.
const DefaultMaxUpload = 100 << 20

// Config configures a Service.
type Config struct {
	// Catalog is where datasets, files, the publish queue and the audit log
	// are stored.
	Catalog *catalog.Catalog
	// Indexer mirrors every change of what is listed into the search
	// index; nil leaves the index alone.
	Indexer *indexer.Indexer
	// Now returns the current time; time.Now if nil.
	Now func() time.Time
	// Logger receives errors of the publication job; slog.Default if nil.
	Logger *slog.Logger
	// MaxUpload is the largest file Upload accepts, in bytes;
	// DefaultMaxUpload if 0.
	MaxUpload int64
	// TempDir is where uploads are buffered while they are checked;
	// os.TempDir() if "".
	TempDir string
	// OnFile, if set, is called after a file became the current file of a
	// distribution (an upload released at once, or a scheduled version
	// released), e.g. to make its table for the rows API. It runs in the
	// caller's goroutine and should return quickly.
	OnFile func(ctx context.Context, datasetID, distID string)
}

// Service creates, changes and publishes the datasets of organisations.
// It is safe for concurrent use.
type Service struct {
	cat       *catalog.Catalog
	idx       *indexer.Indexer
	now       func() time.Time
	log       *slog.Logger
	maxUpload int64
	tempDir   string
	onFile    func(ctx context.Context, datasetID, distID string)

	// mu serialises the read-modify-write of dataset records and the
	// choice of new ids.
	mu sync.Mutex
}

// New returns a Service configured by cfg.
func New(cfg Config) *Service {
	s := &Service{
		cat:       cfg.Catalog,
		idx:       cfg.Indexer,
		now:       cfg.Now,
		log:       cfg.Logger,
		maxUpload: cfg.MaxUpload,
		tempDir:   cfg.TempDir,
		onFile:    cfg.OnFile,
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.maxUpload <= 0 {
		s.maxUpload = DefaultMaxUpload
	}
	if s.tempDir == "" {
		s.tempDir = os.TempDir()
	}
	return s
}

// MaxUpload returns the largest file Upload accepts, in bytes.
func (s *Service) MaxUpload() int64 { return s.maxUpload }

// fileArrived calls the OnFile hook, if any.
func (s *Service) fileArrived(ctx context.Context, datasetID, distID string) {
	if s.onFile != nil {
		s.onFile(ctx, datasetID, distID)
	}
}
