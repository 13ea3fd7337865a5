package harvester

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/dcat"
)

// maxRecordErrors caps the record errors kept in a run record, so that a
// source whose every record is broken does not make the record huge.
const maxRecordErrors = 200

// known is what a run needs to know of a dataset already in the catalogue.
type known struct {
	hash        string
	published   bool
	state       municat.PublicationState
	withdrawnAt *time.Time
	refs        []catalog.ClaimRef // the keys it is matched by for duplicates
}

// harvest is the state of one run.
type harvest struct {
	cat  *catalog.Catalog
	src  *municat.Source
	run  *municat.Run
	opts RunOptions
	log  *slog.Logger
	now  time.Time // the Harvested time of what this run writes
	res  *Result

	org      *municat.Organization // the source's organisation, for the DCAT-AP.de check (nil if unknown)
	existing map[string]known      // datasets of the source before the run
	foreign  map[string]bool       // ids under the source's prefix that belong to no source or another
	seen     map[string]bool       // dataset ids the source listed in this run
	counted  map[string]*int       // the counter each listed id went into, so a superseded one can be taken out
	flagged  map[string]bool       // listed ids counted as flagged
	omitted  int                   // record errors beyond maxRecordErrors
	unnamed  int                   // record warnings beyond maxRecordErrors
	recheck  []string              // ids marked duplicates by landing page alone
	// reindexAll: the source's previous run did not succeed (it died, or
	// its change for the search index may not have been recorded), so
	// unchanged datasets go to the indexer too.
	reindexAll bool

	clock        func() time.Time // the Runner's clock, for the run's sign of life
	archiveAfter time.Duration    // how long a dataset stays withdrawn before it is archived
	abandoned    atomic.Bool      // set when the Runner gave up on the run
	mu           sync.Mutex       // guards last
	last         progress         // the progress to report if the run gets stuck

	onFile func(ctx context.Context, datasetID, distID string) // Runner.OnFile
}

// do runs the steps of a harvest; its error decides the run's status.
func (h *harvest) do(ctx context.Context, f Fetcher) error {
	if err := h.load(ctx); err != nil {
		return err
	}
	h.seen, h.counted, h.flagged = map[string]bool{}, map[string]*int{}, map[string]bool{}
	if err := f.Fetch(ctx, h.src, func(p *Page) error { return h.page(ctx, p) }); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(h.seen) == 0 && !h.opts.AllowEmpty {
		if n := h.published(); n > 0 {
			return municat.Errorf(municat.EUNAVAILABLE, "Die Quelle lieferte keinen einzigen Datensatz, obwohl %d Datensätze von ihr veröffentlicht sind. Das deutet auf eine Störung der Quelle hin", n)
		}
	}
	if err := h.recheckDuplicates(ctx); err != nil {
		return err
	}
	if err := h.withdrawMissing(ctx); err != nil {
		return err
	}
	return h.archiveExpired(ctx)
}

// load reads the ids, hashes and states of the source's datasets. Only
// those are kept in memory, not the records.
func (h *harvest) load(ctx context.Context) error {
	org, err := h.cat.Organization(ctx, h.src.Organization)
	switch {
	case err == nil:
		h.org = org
	case !errors.Is(err, municat.ErrNotFound):
		return &storeError{fmt.Errorf("read organisation %s: %w", h.src.Organization, err)}
	}
	h.existing = map[string]known{}
	h.foreign = map[string]bool{}
	err = h.cat.SourceDatasets(ctx, h.src.ID, func(d *municat.Dataset) error {
		if d.SourceID != h.src.ID {
			h.foreign[d.ID] = true
			return nil
		}
		k := known{hash: d.ContentHash, published: d.IsPublished(), state: d.State, withdrawnAt: d.WithdrawnAt, refs: catalog.ClaimRefs(d)}
		if k.withdrawnAt == nil && d.State == municat.Withdrawn {
			k.withdrawnAt = d.Harvested // withdrawn before withdrawal times were kept
		}
		h.existing[d.ID] = k
		return nil
	})
	if err != nil {
		return &storeError{fmt.Errorf("list datasets: %w", err)}
	}
	return nil
}

// published counts the source's published datasets before the run.
func (h *harvest) published() int {
	n := 0
	for _, k := range h.existing {
		if k.published {
			n++
		}
	}
	return n
}

// page stores one page as fetched and applies its records.
func (h *harvest) page(ctx context.Context, p *Page) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	h.run.Pages++
	if err := h.alive(); err != nil {
		return err
	}
	if !h.opts.DryRun {
		ext := p.Ext
		if ext == "" {
			ext = "raw"
		}
		if _, err := h.cat.PutRaw(ctx, h.src.ID, h.run.ID, h.run.Pages, ext, p.ContentType, p.Body); err != nil {
			return &storeError{fmt.Errorf("store page %d: %w", h.run.Pages, err)}
		}
	}
	for _, remoteID := range p.Superseded {
		h.supersede(remoteID)
	}
	var writes []*recordWrite
	for _, rec := range p.Records {
		if w := h.record(rec); w != nil {
			writes = append(writes, w)
		}
	}
	if err := h.dedupe(ctx, writes); err != nil {
		return err
	}
	if err := h.write(ctx, writes); err != nil {
		return err
	}
	h.log.Debug("page harvested", "page", h.run.Pages, "url", LogURL(p.URL), "records", len(p.Records))
	// The run record after each page shows progress, and its time of
	// writing shows the run is alive.
	return h.putRun(ctx)
}

// record applies one record to the run's counts and returns the dataset
// to write if it is new or changed (or withdrawn before); nil if it is
// unchanged or cannot be used (then it is counted as failed). The page
// writes what record returns, after dedupe (see page).
func (h *harvest) record(rec Record) *recordWrite {
	if rec.RemoteID == "" {
		msg := "Der Datensatz hat an der Quelle keine Kennung und wurde übersprungen."
		if rec.Err != nil {
			msg = rec.Err.Error()
		}
		h.fail("", msg, rec.Link)
		return nil
	}
	id := municat.DatasetID(h.src.ID, rec.RemoteID)
	if h.seen[id] {
		h.log.Debug("record listed twice, counted once", "remote_id", rec.RemoteID, "dataset", id)
		return nil
	}
	// A record that fails below is still at the source: marking it seen
	// keeps its last good version published instead of withdrawing it.
	h.seen[id] = true
	switch {
	case rec.Err != nil:
		h.fail(rec.RemoteID, rec.Err.Error(), rec.Link)
		return nil
	case rec.Dataset == nil:
		h.fail(rec.RemoteID, "Der Datensatz ist leer und wurde übersprungen.", rec.Link)
		return nil
	case h.foreign[id]:
		h.fail(rec.RemoteID, fmt.Sprintf("Die Kennung %q gehört schon einem Datensatz, der nicht aus dieser Quelle stammt; der Datensatz wurde übersprungen.", id), rec.Link)
		return nil
	}
	d := *rec.Dataset
	d.ID, d.SourceID, d.RemoteID = id, h.src.ID, rec.RemoteID
	d.Organization = h.src.Organization
	d.State = municat.Published
	d.Harvested, d.WithdrawnAt, d.DuplicateOf = nil, nil, ""
	d.ContentHash = d.Hash()
	if err := d.Validate(); err != nil {
		h.fail(rec.RemoteID, err.Error(), rec.Link)
		return nil
	}
	h.checkDCAT(&d)
	old, ok := h.existing[id]
	switch {
	case ok && old.published && old.hash == d.ContentHash:
		h.count(id, &h.run.Counts.Unchanged)
		if h.reindexAll && !h.opts.DryRun {
			h.changed(id)
		}
		return nil
	case ok:
		h.count(id, &h.run.Counts.Updated)
		h.change(ChangeUpdate, &d)
	default:
		h.count(id, &h.run.Counts.Added)
		h.change(ChangeAdd, &d)
	}
	w := &recordWrite{d: &d, refs: catalog.ClaimRefs(&d), oldRefs: old.refs, files: rec.Files}
	// A record written now is the source's dataset even if it was not in
	// the catalogue before: should a later page supersede it, the
	// withdrawal at the end must see it.
	h.existing[id] = known{hash: d.ContentHash, published: true, state: municat.Published, refs: w.refs}
	return w
}

// filesArrived calls the OnFile hook for each distribution of d whose
// current file is one of files.
func (h *harvest) filesArrived(ctx context.Context, d *municat.Dataset, files []File) {
	if h.onFile == nil {
		return
	}
	for _, dist := range d.Distributions {
		for _, f := range files {
			if dist.FileKey != "" && f.Key == dist.FileKey {
				h.onFile(ctx, d.ID, dist.ID)
				break
			}
		}
	}
}

// putFiles stores the data files a record brings along.
func (h *harvest) putFiles(ctx context.Context, files []File) error {
	for _, f := range files {
		r, err := f.Open()
		if err != nil {
			return fmt.Errorf("open file for %s: %w", f.Key, err)
		}
		err = h.cat.Store.Put(ctx, f.Key, r, f.Size, f.ContentType)
		r.Close()
		if err != nil {
			return &storeError{fmt.Errorf("store file %s: %w", f.Key, err)}
		}
	}
	return nil
}

// count adds the record id to counter c and remembers which it was.
func (h *harvest) count(id string, c *int) {
	*c++
	h.counted[id] = c
}

// supersede counts the record with remoteID, emitted earlier in this run,
// as not listed: a newer record of the same dataset replaced it, so a
// complete run withdraws it. It leaves the count it went into (and the
// flagged count), so that every record is counted once, by what becomes
// of it.
func (h *harvest) supersede(remoteID string) {
	id := municat.DatasetID(h.src.ID, remoteID)
	if !h.seen[id] {
		return
	}
	delete(h.seen, id)
	if c := h.counted[id]; c != nil {
		*c--
		delete(h.counted, id)
	}
	if h.flagged[id] {
		h.run.Counts.Flagged--
		delete(h.flagged, id)
		h.run.RecordWarnings = slices.DeleteFunc(h.run.RecordWarnings, func(w municat.RecordError) bool { return w.RemoteID == remoteID })
	}
	h.log.Debug("record superseded by a newer duplicate", "remote_id", remoteID, "dataset", id)
}

// fail counts a record as failed and lists why, with a link to the
// original record if there is one.
func (h *harvest) fail(remoteID, msg, link string) {
	h.run.Counts.Failed++
	h.log.Warn("record skipped", "remote_id", remoteID, "problem", msg)
	if len(h.run.RecordErrors) >= maxRecordErrors {
		h.omitted++
		return
	}
	h.run.RecordErrors = append(h.run.RecordErrors, municat.RecordError{RemoteID: remoteID, Message: msg, Link: link})
}

// checkDCAT checks d against DCAT-AP.de as municat will publish it. A
// record with violations is published all the same, never dropped: it is
// counted as flagged and named in the run's RecordWarnings with its first
// violation, and its validation report lists them all.
func (h *harvest) checkDCAT(d *municat.Dataset) {
	var first *dcat.Problem
	violations := 0
	for _, p := range dcat.Check(d, h.org) {
		if p.Severity == dcat.Violation {
			if first == nil {
				first = &p
			}
			violations++
		}
	}
	if violations == 0 {
		return
	}
	h.run.Counts.Flagged++
	h.flagged[d.ID] = true
	h.log.Info("record breaks DCAT-AP.de rules; published anyway", "remote_id", d.RemoteID, "violations", violations, "first", first.Message)
	if len(h.run.RecordWarnings) >= maxRecordErrors {
		h.unnamed++
		return
	}
	msg := fmt.Sprintf("Veröffentlicht, aber nicht DCAT-AP.de-konform (%d Fehler). %s: %s Alle Fehler: /api/v1/datasets/%s/validation", violations, first.Field, first.Message, d.ID)
	h.run.RecordWarnings = append(h.run.RecordWarnings, municat.RecordError{RemoteID: d.RemoteID, Message: msg})
}

// closeRecordErrors notes how many record errors and warnings were left
// out.
func (h *harvest) closeRecordErrors() {
	if h.omitted > 0 {
		h.run.RecordErrors = append(h.run.RecordErrors, municat.RecordError{
			Message: fmt.Sprintf("… und %d weitere fehlerhafte Datensätze (siehe Protokoll).", h.omitted),
		})
		h.omitted = 0
	}
	if h.unnamed > 0 {
		h.run.RecordWarnings = append(h.run.RecordWarnings, municat.RecordError{
			Message: fmt.Sprintf("… und %d weitere Datensätze mit DCAT-AP.de-Fehlern (siehe Protokoll).", h.unnamed),
		})
		h.unnamed = 0
	}
}
