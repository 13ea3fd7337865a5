package municat

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RunStatus is the state of a harvest run.
type RunStatus string

// The run states.
const (
	RunRunning   RunStatus = "running"
	RunSucceeded RunStatus = "succeeded"
	RunFailed    RunStatus = "failed"
	// RunInterrupted marks a run that was still "running" when municat
	// started again: the process died during it.
	RunInterrupted RunStatus = "interrupted"
)

// Run is one harvest of one source.
type Run struct {
	// ID sorts in start order, e.g. "20261125T135000Z-3f2a9c".
	ID string `json:"id"`
	// SourceID is the id of the harvested source.
	SourceID string `json:"source"`
	// Started and Finished bound the run; Finished is nil while it runs.
	Started  time.Time  `json:"started"`
	Finished *time.Time `json:"finished,omitempty"`
	// Updated is when the record was last written; a running run writes it
	// after every page, so an old Updated means the run is stuck or its
	// process died.
	Updated time.Time `json:"updated"`
	// Status is running, succeeded, failed or interrupted.
	Status RunStatus `json:"status"`
	// DryRun runs fetch and map but write no dataset.
	DryRun bool `json:"dry_run,omitempty"`
	// Scheduled is the instant of the schedule's tick that started the
	// run, the same in every process sharing the store (nil for a run
	// started by hand): a tick whose run is recorded already is not run
	// again when two processes fire it.
	Scheduled *time.Time `json:"scheduled,omitempty"`
	// Pages is how many pages were fetched.
	Pages int `json:"pages"`
	// Counts counts what the run did to the datasets of the source.
	Counts RunCounts `json:"counts"`
	// Error says why the run failed, in words for the data officer.
	Error string `json:"error,omitempty"`
	// RecordErrors are problems with single records; the run goes on past them.
	RecordErrors []RecordError `json:"record_errors,omitempty"`
	// RecordWarnings name the records published although they break
	// DCAT-AP.de rules (Counts.Flagged), with the first problem of each; the
	// dataset's validation report lists them all.
	RecordWarnings []RecordError `json:"record_warnings,omitempty"`
}

// RunCounts counts what a run did to the datasets of its source.
type RunCounts struct {
	// Added counts datasets new to the catalogue.
	Added int `json:"added"`
	// Updated counts datasets whose content changed or that came back
	// after a withdrawal.
	Updated int `json:"updated"`
	// Unchanged counts datasets with the same content hash as before.
	Unchanged int `json:"unchanged"`
	// Withdrawn counts datasets that vanished from the source.
	Withdrawn int `json:"withdrawn"`
	// Archived counts datasets that stayed withdrawn longer than the grace
	// period and were archived.
	Archived int `json:"archived"`
	// Failed counts records that could not be used.
	Failed int `json:"failed"`
	// Flagged counts the records of the run (added, updated or unchanged)
	// that break DCAT-AP.de rules: they are published all the same, and
	// RecordWarnings says what to fix at the source.
	Flagged int `json:"flagged"`
}

// RecordError is a problem with one record of a run.
type RecordError struct {
	// RemoteID is the record's id at the source, if it has one.
	RemoteID string `json:"remote_id,omitempty"`
	// Message says in plain German what is wrong and what to do.
	Message string `json:"message"`
	// Link is the address of the original record at the source, if known.
	Link string `json:"link,omitempty"`
}

// RunSummary is the one-line JSON summary `municat harvest` prints last.
type RunSummary struct {
	// Run and Source are the run's and the source's ids.
	Run    string `json:"run"`
	Source string `json:"source"`
	// Status is the run's final status.
	Status RunStatus `json:"status"`
	// Error says why a failed run failed.
	Error string `json:"error,omitempty"`
	// Pages is how many pages were fetched.
	Pages int `json:"pages"`
	// Seconds is how long the run took.
	Seconds float64 `json:"seconds"`
	RunCounts
}

// Summary returns the run's summary.
func (r *Run) Summary() RunSummary {
	s := RunSummary{Run: r.ID, Source: r.SourceID, Status: r.Status, Error: r.Error, Pages: r.Pages, RunCounts: r.Counts}
	if r.Finished != nil {
		s.Seconds = r.Finished.Sub(r.Started).Seconds()
	}
	return s
}

// NewRunID returns a run id for a run started at t: the UTC time to the
// second and a six-digit hex suffix, so ids sort in start order. The
// suffix is random (below 800000), but within one process an id never
// sorts before the one issued before it in the same second: "the newest
// run" of a source is the one started last even when several start
// within a second.
func NewRunID(t time.Time) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	b[0] &= 0x7f // room above for the ids issued later in the same second
	prefix := t.UTC().Format("20060102T150405Z") + "-"
	id := prefix + hex.EncodeToString(b[:])
	lastRunID.Lock()
	defer lastRunID.Unlock()
	if last := lastRunID.id; id <= last && strings.HasPrefix(last, prefix) {
		n, err := strconv.ParseUint(last[len(prefix):], 16, 32)
		if err == nil && n < 0xffffff {
			id = prefix + fmt.Sprintf("%06x", n+1)
		}
	}
	lastRunID.id = id
	return id
}

// lastRunID is the id NewRunID issued last.
var lastRunID struct {
	sync.Mutex
	id string
}
