package meili

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/meilisearch/meilisearch-go"

	"github.com/municat/municat"
)

// States of a build.
const (
	buildOpen = iota
	buildCommitted
	buildAborted
	buildFailed // the swap failed; Abort drops the staging index
)

// build is an out-of-place rebuild: a staging index, uid+"_next", that is
// swapped with the live index on Commit.
type build struct {
	x   *Index
	uid string
	// ready is set (under x.writeMu) once the staging index exists with its
	// settings; from then on writes to the Index go to it too.
	ready bool

	mu    sync.Mutex // serialises Index, Commit and Abort
	state int
}

// StartRebuild creates a fresh, empty staging index with the settings (a
// staging index left by a crash is deleted first) and returns it as a build.
// Until the build is committed or aborted, Index and Delete apply to it too.
// A second StartRebuild while one is open is an ECONFLICT error.
func (x *Index) StartRebuild(ctx context.Context) (municat.IndexBuild, error) {
	x.writeMu.Lock()
	if x.build != nil {
		x.writeMu.Unlock()
		return nil, municat.Errorf(municat.ECONFLICT, "Der Suchindex wird bereits neu aufgebaut; ein weiterer Neuaufbau kann erst danach beginnen.")
	}
	b := &build{x: x, uid: x.uid + "_next"}
	x.build = b
	x.writeMu.Unlock()

	err := x.dropIndex(ctx, b.uid)
	if err == nil {
		err = x.createIndex(ctx, b.uid)
	}
	x.writeMu.Lock()
	if err != nil {
		x.build = nil
	} else {
		b.ready = true
	}
	x.writeMu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("start rebuilding the search index: %w", err)
	}
	return b, nil
}

// Index adds the listed datasets to the build; the others are left out.
func (b *build) Index(ctx context.Context, datasets ...*municat.Dataset) error {
	docs, _, err := plan(datasets, false)
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state != buildOpen {
		return municat.Errorf(municat.ECONFLICT, "Der Neuaufbau des Suchindex ist schon beendet.")
	}
	tasks, err := b.x.enqueue(ctx, b.uid, docs, nil, nil)
	if werr := b.x.waitAll(ctx, tasks); err == nil {
		err = werr
	}
	return err
}

// Commit swaps the staging index with the live one (one atomic Meilisearch
// task), so that searches see exactly the build from then on, and deletes
// the staging index, which now holds the old content, and the indexes of
// older schema versions. The build is closed afterwards. If only the
// clean-up fails, the build is in use and the error says so.
func (b *build) Commit(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state != buildOpen {
		return municat.Errorf(municat.ECONFLICT, "Der Neuaufbau des Suchindex ist schon beendet.")
	}
	x := b.x
	// No write may enqueue between the swap and the switch of its targets:
	// one enqueued before the swap reaches both indexes, one after it only
	// the live index, which then holds the build.
	x.writeMu.Lock()
	rctx, cancel := context.WithTimeout(ctx, x.cfg.Timeout)
	info, err := x.client.SwapIndexes(rctx, []*meilisearch.SwapIndexesParams{{Indexes: []string{x.uid, b.uid}}})
	cancel()
	if x.build == b {
		x.build = nil
	}
	x.writeMu.Unlock()
	if err := x.wait(ctx, "swapping "+b.uid+" with "+x.uid, info, err); err != nil {
		b.state = buildFailed
		return fmt.Errorf("swap in the rebuilt search index: %w", err)
	}
	b.state = buildCommitted

	x.mu.Lock()
	x.readUID = x.uid
	older := x.older
	x.older = nil
	x.mu.Unlock()
	var errs []error
	var left []string
	for _, uid := range append([]string{b.uid}, older...) {
		if err := x.dropIndex(ctx, uid); err != nil {
			errs = append(errs, err)
			if uid != b.uid {
				left = append(left, uid)
			}
		}
	}
	if len(errs) > 0 {
		x.mu.Lock()
		x.older = append(x.older, left...)
		x.mu.Unlock()
		return fmt.Errorf("the rebuilt search index is in use, but removing the old one failed: %w", errors.Join(errs...))
	}
	return nil
}

// Abort drops the build: the staging index is deleted and the live index
// stays as it is. Aborting a committed or aborted build does nothing.
func (b *build) Abort(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == buildCommitted || b.state == buildAborted {
		return nil
	}
	x := b.x
	x.writeMu.Lock()
	if x.build == b {
		x.build = nil
	}
	x.writeMu.Unlock()
	b.state = buildAborted
	if err := x.dropIndex(ctx, b.uid); err != nil {
		return fmt.Errorf("drop the unfinished search index build: %w", err)
	}
	return nil
}
