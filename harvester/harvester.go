// Package harvester pulls dataset metadata from the systems of a source into
// the catalogue, on a schedule or by hand.
//
// The package is independent of the source type: a Fetcher per type (see
// harvester/ckan) lists the source page by page and maps its records to
// datasets; the Runner does everything else once, for every type:
//
//   - one run per source at a time (a second one gets municat.ErrConflict);
//   - every page is stored exactly as fetched, so a run can be replayed;
//   - a dataset keeps its id on every run (municat.DatasetID), and a remote id
//     seen twice in one run counts once, so re-harvests make no duplicates;
//   - a dataset is written only when its content hash changed;
//   - a dataset that vanished from its source is withdrawn only after a
//     complete, successful run, never after a failed or partial one;
//   - one record that cannot be mapped or fails validation is listed in the
//     run and skipped; the run goes on;
//   - every run has a time limit, and its record is finished even when it
//     fails or is cancelled; a run that does not stop at its limit is
//     given up, recorded as failed and its source freed (Runner.StuckGrace);
//   - a dataset withdrawn longer than a grace period is archived
//     (Runner.ArchiveAfter), and comes back if its source lists it again;
//   - the same dataset reached through two sources (same identifier or
//     landing page) is listed once: the later one is marked DuplicateOf the
//     first (see dedupe.go).
package harvester

import (
	"context"
	"io"
	"time"

	"github.com/municat/municat"
)

// DefaultRunTimeout is the time limit of a run unless RunOptions says
// otherwise.
const DefaultRunTimeout = 2 * time.Hour

// Fetcher lists the datasets of one type of source.
type Fetcher interface {
	// Fetch lists every dataset of src, page by page, and calls emit once
	// per page in order. It returns nil only when the listing was fetched
	// completely; it returns an error when any page failed, the source
	// reported more records than it delivered, a page came back empty too
	// early, or the paging did not end. Then the run is not complete and
	// nothing is withdrawn. A record that cannot be mapped is not an error
	// of Fetch: it goes into the page as a Record with Err set. Fetch
	// returns emit's first error unchanged and stops.
	Fetch(ctx context.Context, src *municat.Source, emit func(*Page) error) error
}

// Page is one response of a source, as fetched, with the records mapped
// from it.
type Page struct {
	// URL is where the page was fetched from.
	URL string
	// Body is the response body exactly as fetched.
	Body []byte
	// ContentType is the media type of Body, e.g. "application/json".
	ContentType string
	// Ext is the file extension Body is stored with, e.g. "json"
	// ("raw" if empty).
	Ext string
	// Records are the records of the page, in the page's order.
	Records []Record
	// Superseded lists the remote ids of records emitted on earlier pages
	// of this run that a record of this page replaces: the same dataset
	// listed under another remote id in a newer version (DCAT duplicates by
	// dct:identifier). The Runner counts them as not listed, so that a
	// complete run withdraws them; their counts (added, updated,
	// unchanged) stay as they were.
	Superseded []string
}

// Record is one dataset of a page.
type Record struct {
	// RemoteID is the dataset's id at the source. It is stable across runs
	// and decides the dataset's id in the catalogue.
	RemoteID string
	// Dataset is the mapped dataset; the Runner sets its ID, SourceID,
	// RemoteID, Organization, State, ContentHash and Harvested.
	Dataset *municat.Dataset
	// Err says why the record could not be mapped. The record is counted as
	// failed and listed in the run's RecordErrors; it is not withdrawn,
	// because it is still at the source.
	Err error
	// Link is the address of the original record at the source (a
	// package_show, GetRecordById or landing-page URL), listed with a record
	// error so the data officer can open it. Optional.
	Link string
	// Files are data files of the dataset that the Runner stores, before it
	// writes the dataset, when the record is written at all (not in a dry
	// run, not when the dataset is unchanged). The file source uses them for
	// new versions of its file.
	Files []File
}

// File is a data file a Record brings along.
type File struct {
	// Key is the store key to write, e.g. catalog.FileVersionKey(...).
	Key string
	// ContentType is the media type of the file.
	ContentType string
	// Size is the file's length in bytes.
	Size int64
	// Open returns the file's content; the Runner closes it.
	Open func() (io.ReadCloser, error)
}

// RunOptions tune one run.
type RunOptions struct {
	// DryRun fetches and maps every page and reports what would change
	// (Result.Changes, the run's counts) but writes nothing, not even the
	// run record.
	DryRun bool
	// Timeout is the time limit of the run; if 0, the source's Timeout,
	// else the Runner's, else DefaultRunTimeout.
	Timeout time.Duration
	// AllowEmpty lets a run that found no dataset at all withdraw every
	// dataset of the source. Without it such a run fails: an empty listing
	// is far more often a broken source (an emptied search index) than a
	// source that really deleted everything.
	AllowEmpty bool
}

// Result is what a run did, for the caller and the indexer.
type Result struct {
	// Run is the run record as written last.
	Run *municat.Run
	// Changed lists the ids of the datasets the run added, updated or
	// republished, in the order of the listing (the datasets of a page are
	// written several at a time, but listed here in page order).
	Changed []string
	// Withdrawn lists the ids of the datasets the run withdrew.
	Withdrawn []string
	// Changes lists what the run did, or in a dry run would do, to each
	// dataset it added, updated, withdrew or archived, in order.
	Changes []Change
}
