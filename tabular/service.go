package tabular

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/preview"
)

// TablesPrefix is the key prefix of all tables in the store.
const TablesPrefix = "tables/"

// Options configure a Service. The zero value is ready to use.
type Options struct {
	// Workers is the number of files processed at once (default 2).
	Workers int
	// ProgressInterval is how often the status of a running job is written
	// (default 2 s).
	ProgressInterval time.Duration
	// QueryTimeout limits one query (default DefaultQueryTimeout).
	QueryTimeout time.Duration
	// MaxPageBytes caps the cell text of one page of rows held in memory
	// (default MaxPageBytes).
	MaxPageBytes int
	// MaxXLSXBytes is the largest XLSX file processed (default
	// preview.DefaultXLSXReaderMaxBytes).
	MaxXLSXBytes int64
	// Logger receives failures; slog.Default() if nil.
	Logger *slog.Logger
}

// job is a distribution to process.
type job struct {
	dataset, dist string
}

// Service makes tables of the CSV and XLSX files municat holds, in the
// background, and opens them for queries.
type Service struct {
	cat *catalog.Catalog
	opt Options
	log *slog.Logger

	mu      sync.Mutex
	queue   []job
	pending map[job]bool // queued or running in this process
	wake    chan struct{}
	tables  map[string]*Table // ready tables by prefix
}

// New returns a Service over the catalog's store. Call Start to run its
// workers; until then Enqueue only queues.
func New(cat *catalog.Catalog, opt Options) *Service {
	if opt.Workers <= 0 {
		opt.Workers = 2
	}
	if opt.ProgressInterval <= 0 {
		opt.ProgressInterval = 2 * time.Second
	}
	if opt.QueryTimeout <= 0 {
		opt.QueryTimeout = DefaultQueryTimeout
	}
	if opt.MaxPageBytes <= 0 {
		opt.MaxPageBytes = MaxPageBytes
	}
	if opt.MaxXLSXBytes <= 0 {
		opt.MaxXLSXBytes = preview.DefaultXLSXReaderMaxBytes
	}
	s := &Service{cat: cat, opt: opt, log: opt.Logger, pending: map[job]bool{}, wake: make(chan struct{}, 1), tables: map[string]*Table{}}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s
}

// IsTabular reports whether dist is a CSV or XLSX file.
func IsTabular(dist *municat.Distribution) bool {
	k := preview.Kind(dist.Format, dist.MediaType, dist.FileKey)
	return k == preview.KindCSV || k == preview.KindXLSX
}

// Prefix returns the store prefix of the table of a file version:
// tables/{dataset}/{dist}/{fingerprint}/.
func Prefix(datasetID, distID, fingerprint string) string {
	return TablesPrefix + datasetID + "/" + distID + "/" + fingerprint + "/"
}

// tableFormat is bumped when the stored form changes, so that every table
// is made anew.
const tableFormat = "v1"

// fingerprint identifies the distribution's current file: its checksum, or
// else its key, size and modification time in the store.
func (s *Service) fingerprint(ctx context.Context, dist *municat.Distribution) (string, int64, error) {
	info, err := s.cat.Store.Stat(ctx, dist.FileKey)
	if err != nil {
		if municat.ErrorCode(err) == municat.ENOTFOUND {
			return "", 0, ErrNoFile
		}
		return "", 0, err
	}
	h := sha256.New()
	if dist.Checksum != nil && dist.Checksum.Value != "" {
		fmt.Fprintf(h, "%s:%s", dist.Checksum.Algorithm, dist.Checksum.Value)
	} else {
		fmt.Fprintf(h, "%s\x00%d\x00%d", dist.FileKey, info.Size, info.Modified.UnixNano())
	}
	return tableFormat + "-" + hex.EncodeToString(h.Sum(nil))[:24], info.Size, nil
}

// locate checks dist and returns its table's prefix, fingerprint and file size.
func (s *Service) locate(ctx context.Context, datasetID string, dist *municat.Distribution) (prefix, fp string, size int64, err error) {
	if !IsTabular(dist) {
		return "", "", 0, ErrNotTabular
	}
	if dist.FileKey == "" {
		return "", "", 0, ErrNoFile
	}
	if fp, size, err = s.fingerprint(ctx, dist); err != nil {
		return "", "", 0, err
	}
	prefix = Prefix(datasetID, dist.ID, fp)
	if !municat.ValidKey(prefix + "status.json") {
		return "", "", 0, ErrNotTabular
	}
	return prefix, fp, size, nil
}

// readStatus reads the status below prefix; State is "" if there is none.
func (s *Service) readStatus(ctx context.Context, prefix string) (Status, error) {
	var st Status
	err := getJSON(ctx, s.cat.Store, prefix+"status.json", &st)
	if municat.ErrorCode(err) == municat.ENOTFOUND {
		return Status{}, nil
	}
	return st, err
}

// Status returns the processing state of the table of dist's current file
// (State "" if it was never queued), ErrNotTabular or ErrNoFile.
func (s *Service) Status(ctx context.Context, d *municat.Dataset, dist *municat.Distribution) (Status, error) {
	prefix, _, _, err := s.locate(ctx, d.ID, dist)
	if err != nil {
		return Status{}, err
	}
	return s.readStatus(ctx, prefix)
}

// Open returns the ready table of dist's current file. If there is none
// yet it queues the file and returns a *PendingError, as it does while the
// table is queued or processed; a file that could not be processed gives
// a *FailedError; ErrNotTabular and ErrNoFile say why there is no table.
func (s *Service) Open(ctx context.Context, d *municat.Dataset, dist *municat.Distribution) (*Table, error) {
	prefix, fp, _, err := s.locate(ctx, d.ID, dist)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	t := s.tables[prefix]
	s.mu.Unlock()
	if t != nil {
		return t, nil
	}
	st, err := s.readStatus(ctx, prefix)
	if err != nil {
		return nil, err
	}
	switch st.State {
	case Ready:
		t, err := openTable(ctx, s.cat.Store, prefix)
		if err != nil {
			return nil, err
		}
		t.timeout, t.maxPage = s.opt.QueryTimeout, s.opt.MaxPageBytes
		s.mu.Lock()
		if len(s.tables) >= 64 {
			clear(s.tables)
		}
		s.tables[prefix] = t
		s.mu.Unlock()
		return t, nil
	case Failed:
		return nil, &FailedError{Status: st}
	}
	if st, err = s.markQueued(ctx, d.ID, dist.ID, prefix, fp, st); err != nil {
		return nil, err
	}
	return nil, &PendingError{Status: st}
}

// markQueued writes a Queued status below prefix if st is none and pushes the
// job of a queued or unfinished table; it returns the status.
func (s *Service) markQueued(ctx context.Context, datasetID, distID, prefix, fp string, st Status) (Status, error) {
	if st.State == "" {
		now := time.Now().UTC()
		st = Status{Dataset: datasetID, Distribution: distID, Fingerprint: fp, State: Queued, Queued: &now}
		if err := putJSON(ctx, s.cat.Store, prefix+"status.json", &st); err != nil {
			return st, err
		}
	}
	if st.State == Queued || st.State == Processing {
		s.push(job{datasetID, distID})
	}
	return st, nil
}

// Enqueue queues the current file of a distribution for processing unless
// its table exists. It matches the OnFile hooks of package publish and
// harvester; failures are logged.
func (s *Service) Enqueue(ctx context.Context, datasetID, distID string) {
	if err := s.enqueue(ctx, datasetID, distID); err != nil && !errors.Is(err, ErrNotTabular) && !errors.Is(err, ErrNoFile) {
		s.log.Warn("tabular: cannot queue file", "dataset", datasetID, "distribution", distID, "err", err)
	}
}

func (s *Service) enqueue(ctx context.Context, datasetID, distID string) error {
	d, dist, err := s.distribution(ctx, datasetID, distID)
	if err != nil {
		return err
	}
	prefix, fp, _, err := s.locate(ctx, d.ID, dist)
	if err != nil {
		return err
	}
	st, err := s.readStatus(ctx, prefix)
	if err != nil {
		return err
	}
	_, err = s.markQueued(ctx, d.ID, dist.ID, prefix, fp, st)
	return err
}

// distribution reads the dataset and finds the distribution.
func (s *Service) distribution(ctx context.Context, datasetID, distID string) (*municat.Dataset, *municat.Distribution, error) {
	d, err := s.cat.Dataset(ctx, datasetID)
	if err != nil {
		return nil, nil, err
	}
	for i := range d.Distributions {
		if d.Distributions[i].ID == distID {
			return d, &d.Distributions[i], nil
		}
	}
	return nil, nil, municat.NotFound("Der Datensatz %q hat keine Distribution %q.", datasetID, distID)
}

// Process makes the table of a distribution's current file now, in the
// calling goroutine, and returns its final status. A file that cannot be
// read as a table gives a Failed status and a nil error; the error is for
// store failures and ctx.
func (s *Service) Process(ctx context.Context, datasetID, distID string) (Status, error) {
	d, dist, err := s.distribution(ctx, datasetID, distID)
	if err != nil {
		return Status{}, err
	}
	prefix, fp, size, err := s.locate(ctx, d.ID, dist)
	if err != nil {
		return Status{}, err
	}
	st, err := s.readStatus(ctx, prefix)
	if err != nil {
		return Status{}, err
	}
	if st.State == Ready || st.State == Failed {
		return st, nil
	}
	now := time.Now().UTC()
	st = Status{Dataset: d.ID, Distribution: dist.ID, Fingerprint: fp, State: Processing, Queued: st.Queued, Started: &now, BytesTotal: 2 * size}
	if err := putJSON(ctx, s.cat.Store, prefix+"status.json", &st); err != nil {
		return st, err
	}
	last := time.Now()
	b := &builder{store: s.cat.Store, prefix: prefix, size: size,
		open: func() (*opened, error) { return s.openFile(ctx, dist) },
		progress: func(done, rows int64) {
			if time.Since(last) < s.opt.ProgressInterval {
				return
			}
			last = time.Now()
			st.BytesDone, st.Rows = min(done, st.BytesTotal), rows
			if err := putJSON(ctx, s.cat.Store, prefix+"status.json", &st); err != nil {
				s.log.Warn("tabular: cannot write progress", "key", prefix, "err", err)
			}
		}}
	schema, err := b.build(ctx)
	if err == nil {
		schema.Fingerprint = fp
		err = putJSON(ctx, s.cat.Store, prefix+"schema.json", schema)
	}
	if ctx.Err() != nil {
		return st, ctx.Err() // stays Processing: resumed by the next Start
	}
	end := time.Now().UTC()
	st.Finished = &end
	if err != nil {
		var me *municat.Error
		if !errors.As(err, &me) || me.Code == municat.EINTERNAL {
			s.log.Error("tabular: processing failed", "dataset", d.ID, "distribution", dist.ID, "err", err)
		}
		st.State, st.Error = Failed, municat.ErrorMessage(err)
		if st.Error == "Interner Fehler." {
			st.Error = "Die Datei konnte nicht gelesen werden."
		}
	} else {
		st.State, st.Rows, st.BytesDone = Ready, schema.Rows, st.BytesTotal
	}
	if st.State == Ready {
		s.removeOld(ctx, d.ID, dist.ID, prefix)
	}
	if err := putJSON(ctx, s.cat.Store, prefix+"status.json", &st); err != nil {
		return st, err
	}
	return st, nil
}

// removeOld deletes the tables of earlier versions of the file.
func (s *Service) removeOld(ctx context.Context, datasetID, distID, keep string) {
	var old []string
	err := s.cat.Store.List(ctx, TablesPrefix+datasetID+"/"+distID+"/", func(info municat.ObjectInfo) error {
		if !strings.HasPrefix(info.Key, keep) {
			old = append(old, info.Key)
		}
		return nil
	})
	for _, k := range old {
		if err == nil {
			err = s.cat.Store.Delete(ctx, k)
		}
	}
	if err != nil {
		s.log.Warn("tabular: cannot remove old tables", "dataset", datasetID, "distribution", distID, "err", err)
	}
}

// openFile opens the distribution's file with the reader of its kind.
func (s *Service) openFile(ctx context.Context, dist *municat.Distribution) (*opened, error) {
	r, _, err := s.cat.Store.Get(ctx, dist.FileKey)
	if err != nil {
		return nil, err
	}
	if preview.Kind(dist.Format, dist.MediaType, dist.FileKey) == preview.KindXLSX {
		x, err := preview.NewXLSXReader(io.LimitReader(r, s.opt.MaxXLSXBytes+1), s.opt.MaxXLSXBytes)
		r.Close()
		if err != nil {
			return nil, err
		}
		return &opened{rowSource: x, close: x.Close, meta: func(sc *Schema) {
			sc.Format, sc.Sheet = preview.KindXLSX, x.Sheet()
		}}, nil
	}
	c, err := preview.NewCSVReader(r)
	if err != nil {
		r.Close()
		return nil, err
	}
	return &opened{rowSource: c, close: r.Close, meta: func(sc *Schema) {
		sc.Format, sc.Encoding, sc.Separator, sc.CellsCut = preview.KindCSV, c.Encoding(), c.Separator(), c.CellsCut()
	}}, nil
}
