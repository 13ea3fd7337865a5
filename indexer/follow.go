package indexer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/municat/municat"
)

const (
	// FollowWindow is how far behind its cursor Follow reads the change
	// log again, for entries that land late (a writer's clock behind, a
	// slow write): an entry whose time is more than this before the moment
	// it becomes visible in the store can be missed.
	FollowWindow = 30 * time.Second
	// pruneEvery is how often Follow deletes expired entries.
	pruneEvery = 10 * time.Minute
	// saveEvery is how often Follow saves its cursor when it applied
	// nothing.
	saveEvery = 10 * time.Second
)

// cursor is what Follow keeps between polls and restarts.
type cursor struct {
	// Position is the follower's time when it last listed the log
	// completely: every entry up to FollowWindow before it is applied.
	Position time.Time `json:"position"`
	// Applied maps the keys of entries handled (applied or skipped as
	// the follower's own) whose time is within FollowWindow before
	// Position or later, to their times in Unix nanoseconds.
	Applied map[string]int64 `json:"applied,omitempty"`
}

// Follow keeps the index up to date with the change log until ctx ends:
// every interval it applies the entries that other writers appended since
// its cursor, in key order (its own entries it applied already), and then
// writes the cursor to cursorFile (atomically), so that a restart goes on
// where it stopped.
//
// Without a cursor it starts at the start of the last Rebuild of x (so the
// changes made during the rebuild are applied), or rebuilds the index
// first if x made none; with a cursor older than the retention (the
// entries it misses are deleted) it rebuilds too. With PruneLog it
// deletes expired entries every 10 minutes. Errors (a store that does not
// answer) are logged and the poll is repeated; Follow returns nil when ctx
// ends.
func (x *Indexer) Follow(ctx context.Context, cursorFile string, interval time.Duration) error {
	if x.Index == nil {
		return errors.New("follow the change log: no index to apply it to")
	}
	cur := x.startCursor(ctx, cursorFile)
	if cur == nil {
		return nil // ctx ended during a rebuild
	}
	var lastPrune, lastSave time.Time
	failing := false
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if x.PruneLog && time.Since(lastPrune) >= pruneEvery {
			lastPrune = time.Now()
			if n, err := x.pruneLog(ctx); err != nil && ctx.Err() == nil {
				x.Logger.Warn("deleting old change log entries failed; trying again later", "deleted", n, "err", err)
			} else if n > 0 {
				x.Logger.Info("old change log entries deleted", "deleted", n, "retention", x.retention())
			}
		}
		if x.now().Sub(cur.Position) > x.retention()-FollowWindow {
			x.Logger.Warn("the change log cursor is older than the log's retention; rebuilding the search index", "cursor", cur.Position)
			if cur = x.rebuildCursor(ctx); cur == nil {
				return nil
			}
		}
		applied, err := x.poll(ctx, cur)
		switch {
		case err != nil && ctx.Err() == nil && !failing:
			// Logged once, not every interval while the store is down.
			failing = true
			x.Logger.Warn("following the change log failed; trying again every interval", "err", err)
		case err == nil && failing:
			failing = false
			x.Logger.Info("following the change log again")
		}
		// The cursor is saved after every batch applied, and now and then
		// besides, so that a restart need not read much again.
		if applied > 0 || time.Since(lastSave) >= saveEvery {
			lastSave = time.Now()
			if err := writeCursor(cursorFile, cur); err != nil {
				x.Logger.Warn("saving the change log cursor failed", "file", cursorFile, "err", err)
			}
		}
		select {
		case <-ctx.Done():
			if err := writeCursor(cursorFile, cur); err != nil {
				x.Logger.Warn("saving the change log cursor failed", "file", cursorFile, "err", err)
			}
			return nil
		case <-t.C:
		}
	}
}

// startCursor returns the cursor Follow starts with (see Follow), or nil
// when ctx ends during a rebuild.
func (x *Indexer) startCursor(ctx context.Context, cursorFile string) *cursor {
	if at := x.rebuiltSince(); !at.IsZero() {
		x.Logger.Info("following the change log from the start of the index rebuild", "from", at)
		return &cursor{Position: at}
	}
	cur, err := readCursor(cursorFile)
	if err == nil {
		x.Logger.Info("following the change log", "from", cur.Position, "cursor", cursorFile)
		return cur
	}
	if !errors.Is(err, os.ErrNotExist) {
		x.Logger.Warn("the change log cursor is unreadable; rebuilding the search index", "file", cursorFile, "err", err)
	} else {
		x.Logger.Info("no change log cursor; rebuilding the search index before following the log", "file", cursorFile)
	}
	return x.rebuildCursor(ctx)
}

// rebuildCursor rebuilds the index, retrying failures every minute, and
// returns a cursor at the start of the rebuild, or nil when ctx ends.
func (x *Indexer) rebuildCursor(ctx context.Context) *cursor {
	for {
		start := x.now()
		_, err := x.Rebuild(ctx)
		if err == nil {
			return &cursor{Position: start}
		}
		if ctx.Err() != nil {
			return nil
		}
		x.Logger.Error("rebuilding the search index for the change log failed; trying again in a minute", "err", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Minute):
		}
	}
}

// poll applies the entries of the log that cur has not handled, in key
// order, moves cur on and returns how many entries it handled. After an
// error cur keeps what was applied before it, and its Position stays.
func (x *Indexer) poll(ctx context.Context, cur *cursor) (int, error) {
	now := x.now()
	from := cur.Position.Add(-FollowWindow)
	var keys []string
	for h := from.UTC().Truncate(time.Hour); !h.After(now.Add(FollowWindow)); h = h.Add(time.Hour) {
		err := x.Catalog.Store.List(ctx, partitionPrefix(h), func(o municat.ObjectInfo) error {
			if n, ok := keyTime(o.Key); ok && n >= from.UnixNano() {
				if _, done := cur.Applied[o.Key]; !done {
					keys = append(keys, o.Key)
				}
			}
			return nil
		})
		if err != nil {
			return 0, fmt.Errorf("list change log: %w", err)
		}
	}
	sort.Strings(keys)
	if cur.Applied == nil {
		cur.Applied = map[string]int64{}
	}
	for i, k := range keys {
		n, _ := keyTime(k)
		if x.Writer == "" || !keyWriter(k, x.Writer) {
			if err := x.applyEntry(ctx, k); err != nil {
				return i, err
			}
		}
		cur.Applied[k] = n
	}
	cur.Position = now
	for k, n := range cur.Applied {
		if n < now.Add(-FollowWindow).UnixNano() {
			delete(cur.Applied, k)
		}
	}
	return len(keys), nil
}

// applyEntry applies the entry at key to the index. A withdrawn id is
// read again like a changed one: entries may be applied out of order, and
// the store knows whether the dataset is listed now.
func (x *Indexer) applyEntry(ctx context.Context, key string) error {
	c, err := x.readChange(ctx, key)
	if errors.Is(err, municat.ErrNotFound) {
		return nil // deleted since listed: expired
	}
	if err != nil {
		return err
	}
	ids := append(append([]string(nil), c.Changed...), c.Withdrawn...)
	if err := x.applyIndex(ctx, ids, nil); err != nil {
		return fmt.Errorf("apply change log entry %s: %w", key, err)
	}
	x.Logger.Debug("change log entry applied", "key", key, "writer", c.Writer)
	return nil
}

// readCursor reads the cursor file at name.
func readCursor(name string) (*cursor, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if c.Position.IsZero() {
		return nil, fmt.Errorf("%s: no position", name)
	}
	return &c, nil
}

// writeCursor writes c to the file name atomically: to a temporary file
// in the same directory that is then renamed.
func writeCursor(name string, c *cursor) error {
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}

// SaveRebuildCursor writes a cursor at the start of x's last successful
// Rebuild to the file cursorFile, so that a later Follow of the rebuilt
// index goes on from there rather than from an older cursor (for
// `municat reindex`). Without a Rebuild it does nothing.
func (x *Indexer) SaveRebuildCursor(cursorFile string) error {
	at := x.rebuiltSince()
	if at.IsZero() {
		return nil
	}
	return writeCursor(cursorFile, &cursor{Position: at})
}

// CatchUp applies once what Follow would: the entries of other writers
// since the cursor in cursorFile (rebuilding the index first where Follow
// would), and saves the cursor. A command that changed the index and then
// exits (municat harvest) calls it, so that the next Follow does not
// apply the same changes again, nor rebuild for want of a cursor.
func (x *Indexer) CatchUp(ctx context.Context, cursorFile string) error {
	if x.Index == nil {
		return errors.New("catch up with the change log: no index to apply it to")
	}
	cur := x.startCursor(ctx, cursorFile)
	if cur == nil {
		return ctx.Err()
	}
	if _, err := x.poll(ctx, cur); err != nil {
		return fmt.Errorf("catch up with the change log: %w", err)
	}
	return writeCursor(cursorFile, cur)
}
