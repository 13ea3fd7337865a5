// Package catalog reads and writes municat's records in a municat.Store
// under a fixed key layout. It is the only package that knows the layout:
//
//	organizations/{org}.json             an organisation
//	sources/{source}.json                a harvest source as configured
//	runs/{source}/{run}.json             a harvest run with counts and errors
//	raw/{source}/{run}/{page}.{ext}      a page exactly as fetched from the source
//	datasets/{dataset}.json              a normalised dataset record
//	files/{dataset}/{dist}/{name}        a data file municat holds itself
//	files/{dataset}/{dist}/{version}/{name}  a version of a harvested file
//	claims/{kind}/{hash}.json            the datasets carrying an identifier
//	                                     or landing page (duplicates)
//	httpcache/{hash}.json                a harvested response with its
//	                                     validators, for conditional GETs
//	accounts/{account}.json              a person who signs in
//	tokens/{sha256}.json                 an API token, under its secret's hash
//	sessions/{sha256}.json               a signed-in browser, likewise
//	audit/{day}/{time}-{rand}.json       one audit entry, never rewritten
//	publish/{minute}/{dataset}.json      a scheduled publication, due at minute
//
// A harvested dataset's id is "{source}.{remote}" (see municat.DatasetID), so
// the datasets of a source are the keys under "datasets/{source}.". Run ids
// sort in start order, so the runs of a source list oldest first.
package catalog

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/parallel"
)

// Key prefixes of the layout.
const (
	OrganizationsPrefix = "organizations/"
	SourcesPrefix       = "sources/"
	RunsPrefix          = "runs/"
	RawPrefix           = "raw/"
	DatasetsPrefix      = "datasets/"
	FilesPrefix         = "files/"
)

// maxRecordSize caps the size of a JSON record read back from the store.
const maxRecordSize = 64 << 20

// Catalog reads and writes records in a store.
type Catalog struct {
	// Store is the object store the records live in.
	Store municat.Store

	claimLocks [claimLockStripes]sync.Mutex // serialise UpdateClaims per key
}

// New returns a Catalog over s.
func New(s municat.Store) *Catalog { return &Catalog{Store: s} }

// DatasetKey returns the key of the dataset record with id.
func DatasetKey(id string) string { return DatasetsPrefix + id + ".json" }

// RunKey returns the key of a run record.
func RunKey(sourceID, runID string) string { return RunsPrefix + sourceID + "/" + runID + ".json" }

// RawKey returns the key of page number page (from 1) of a run, stored with
// the file extension ext (e.g. "json").
func RawKey(sourceID, runID string, page int, ext string) string {
	return fmt.Sprintf("%s%s/%s/%05d.%s", RawPrefix, sourceID, runID, page, ext)
}

// FileKey returns the key of a data file held for a distribution.
func FileKey(datasetID, distID, name string) string {
	name = strings.NewReplacer("/", "_", "\\", "_").Replace(name)
	if name == "" || name == "." || name == ".." {
		name = "data"
	}
	return FilesPrefix + datasetID + "/" + distID + "/" + name
}

func (c *Catalog) putJSON(ctx context.Context, key string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	return c.Store.Put(ctx, key, bytes.NewReader(b), int64(len(b)), "application/json")
}

func (c *Catalog) getJSON(ctx context.Context, key string, v any) error {
	r, _, err := c.Store.Get(ctx, key)
	if err != nil {
		return err
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, maxRecordSize+1))
	if err != nil {
		return fmt.Errorf("read %s: %w", key, err)
	}
	if len(b) > maxRecordSize {
		return &municat.Error{Code: municat.ETOOLARGE, Message: "record " + key + " is larger than 64 MiB"}
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decode %s: %w", key, err)
	}
	return nil
}

// getRecord reads the record of kind (a German noun for messages) with id at
// key. An invalid or unknown id gives a not-found error naming both.
func getRecord[T any](ctx context.Context, c *Catalog, kind, id string, valid bool, key string) (*T, error) {
	notFound := municat.NotFound("%s %q nicht gefunden.", kind, id)
	if !valid {
		return nil, notFound
	}
	v := new(T)
	if err := c.getJSON(ctx, key, v); err != nil {
		if errors.Is(err, municat.ErrNotFound) {
			return nil, notFound
		}
		return nil, err
	}
	return v, nil
}

// listChunk is how many keys listJSON reads ahead (readConcurrency at a
// time) before it calls fn with their records.
const listChunk = 256

// listJSON decodes every record under prefix whose key ends in .json, in key
// order, and calls fn with each. The records are read several at a time, a
// chunk of keys ahead of fn.
func listJSON[T any](ctx context.Context, c *Catalog, prefix string, fn func(*T) error) error {
	keys := make([]string, 0, listChunk)
	flush := func() error {
		defer func() { keys = keys[:0] }()
		records, err := readJSON[T](ctx, c, keys)
		if err != nil {
			return err
		}
		for _, v := range records {
			if v == nil {
				continue // deleted while listing
			}
			if err := fn(v); err != nil {
				return err
			}
		}
		return nil
	}
	err := c.Store.List(ctx, prefix, func(o municat.ObjectInfo) error {
		if path.Ext(o.Key) != ".json" {
			return nil
		}
		keys = append(keys, o.Key)
		if len(keys) < listChunk {
			return nil
		}
		return flush()
	})
	if err != nil {
		return err
	}
	return flush()
}

// readJSON reads the records at keys, readConcurrency at a time, in the
// order of keys; a record deleted meanwhile is nil.
func readJSON[T any](ctx context.Context, c *Catalog, keys []string) ([]*T, error) {
	records := make([]*T, len(keys))
	err := parallel.ForEach(len(keys), readConcurrency, func(i int) error {
		v := new(T)
		err := c.getJSON(ctx, keys[i], v)
		switch {
		case errors.Is(err, municat.ErrNotFound):
			return nil
		case err != nil:
			return err
		}
		records[i] = v
		return nil
	})
	return records, err
}

// listAll returns every record under prefix, in key order (see listJSON).
func listAll[T any](ctx context.Context, c *Catalog, prefix string) ([]*T, error) {
	var out []*T
	err := listJSON(ctx, c, prefix, func(v *T) error {
		out = append(out, v)
		return nil
	})
	return out, err
}

// PutDataset writes the dataset record. It validates the id only; content
// validation is the caller's choice.
func (c *Catalog) PutDataset(ctx context.Context, d *municat.Dataset) error {
	if !municat.ValidDatasetID(d.ID) {
		return municat.Errorf(municat.EINVALID, "Die Datensatz-Kennung %q ist ungültig.", d.ID)
	}
	return c.putJSON(ctx, DatasetKey(d.ID), d)
}

// Dataset reads the dataset with id, or returns an error matching
// municat.ErrNotFound.
func (c *Catalog) Dataset(ctx context.Context, id string) (*municat.Dataset, error) {
	return getRecord[municat.Dataset](ctx, c, "Datensatz", id, municat.ValidDatasetID(id), DatasetKey(id))
}

// Datasets calls fn with every dataset record, in id order.
func (c *Catalog) Datasets(ctx context.Context, fn func(*municat.Dataset) error) error {
	return listJSON(ctx, c, DatasetsPrefix, fn)
}

// SourceDatasets calls fn with every dataset record of the source, in id
// order.
func (c *Catalog) SourceDatasets(ctx context.Context, sourceID string, fn func(*municat.Dataset) error) error {
	return listJSON(ctx, c, DatasetsPrefix+sourceID+".", fn)
}

// PutOrganization writes the organisation record.
func (c *Catalog) PutOrganization(ctx context.Context, o *municat.Organization) error {
	if !municat.ValidID(o.ID) {
		return municat.Errorf(municat.EINVALID, "Die Organisations-Kennung %q ist ungültig.", o.ID)
	}
	return c.putJSON(ctx, OrganizationsPrefix+o.ID+".json", o)
}

// Organization reads the organisation with id, or returns an error matching
// municat.ErrNotFound.
func (c *Catalog) Organization(ctx context.Context, id string) (*municat.Organization, error) {
	return getRecord[municat.Organization](ctx, c, "Organisation", id, municat.ValidID(id), OrganizationsPrefix+id+".json")
}

// Organizations returns all organisations in id order.
func (c *Catalog) Organizations(ctx context.Context) ([]*municat.Organization, error) {
	return listAll[municat.Organization](ctx, c, OrganizationsPrefix)
}

// PutSource writes the source record.
func (c *Catalog) PutSource(ctx context.Context, s *municat.Source) error {
	if !municat.ValidID(s.ID) {
		return municat.Errorf(municat.EINVALID, "Die Quell-Kennung %q ist ungültig.", s.ID)
	}
	return c.putJSON(ctx, SourcesPrefix+s.ID+".json", s)
}

// Source reads the source with id, or returns an error matching
// municat.ErrNotFound.
func (c *Catalog) Source(ctx context.Context, id string) (*municat.Source, error) {
	return getRecord[municat.Source](ctx, c, "Quelle", id, municat.ValidID(id), SourcesPrefix+id+".json")
}

// Sources returns all sources in id order.
func (c *Catalog) Sources(ctx context.Context) ([]*municat.Source, error) {
	return listAll[municat.Source](ctx, c, SourcesPrefix)
}

// PutRun writes the run record.
func (c *Catalog) PutRun(ctx context.Context, r *municat.Run) error {
	return c.putJSON(ctx, RunKey(r.SourceID, r.ID), r)
}

// Runs returns the runs of a source, newest first.
func (c *Catalog) Runs(ctx context.Context, sourceID string) ([]*municat.Run, error) {
	var out []*municat.Run
	err := c.EachRun(ctx, sourceID, func(r *municat.Run) bool {
		out = append(out, r)
		return true
	})
	return out, err
}

// EachRun calls fn with the runs of a source, newest first, until fn
// returns false. It lists the run keys once and reads a run record only
// when fn asks for the next, so finding the last run or the last success
// does not read a long history.
func (c *Catalog) EachRun(ctx context.Context, sourceID string, fn func(*municat.Run) bool) error {
	if !municat.ValidID(sourceID) {
		return municat.NotFound("Quelle %q nicht gefunden.", sourceID)
	}
	var keys []string
	err := c.Store.List(ctx, RunsPrefix+sourceID+"/", func(o municat.ObjectInfo) error {
		if path.Ext(o.Key) == ".json" {
			keys = append(keys, o.Key)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := len(keys) - 1; i >= 0; i-- {
		r := &municat.Run{}
		if err := c.getJSON(ctx, keys[i], r); err != nil {
			if errors.Is(err, municat.ErrNotFound) {
				continue // deleted while listing
			}
			return err
		}
		if !fn(r) {
			return nil
		}
	}
	return nil
}

// PutRaw stores a page exactly as fetched and returns its key.
func (c *Catalog) PutRaw(ctx context.Context, sourceID, runID string, page int, ext, contentType string, body []byte) (string, error) {
	key := RawKey(sourceID, runID, page, ext)
	return key, c.Store.Put(ctx, key, bytes.NewReader(body), int64(len(body)), contentType)
}

// FileVersionKey returns the store key of one version of a distribution's
// file: files/{dataset}/{distribution}/{version}/{name}.
func FileVersionKey(datasetID, distID, versionID, name string) string {
	return FileKey(datasetID, distID+"/"+versionID, name)
}

// PutFile stores a data file for a distribution and returns its key.
func (c *Catalog) PutFile(ctx context.Context, datasetID, distID, name string, r io.Reader, size int64, contentType string) (string, error) {
	key := FileKey(datasetID, distID, name)
	return key, c.Store.Put(ctx, key, r, size, contentType)
}

// Run returns one run of a source.
func (c *Catalog) Run(ctx context.Context, sourceID, runID string) (*municat.Run, error) {
	valid := municat.ValidID(sourceID) && runIDPattern.MatchString(runID)
	return getRecord[municat.Run](ctx, c, "Lauf", runID, valid, RunKey(sourceID, runID))
}

// runIDPattern matches the run ids municat.NewRunID makes.
var runIDPattern = regexp.MustCompile(`^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$`)
