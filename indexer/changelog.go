package indexer

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/municat/municat"
)

// The change log tells the processes that keep an index of their own (or a
// shared one) what another process changed in the store. Every Apply of an
// Indexer with a Writer appends entries under ChangesPrefix; Follow reads
// them. An entry's key is time-ordered and partitioned by the hour (UTC):
//
//	changes/2026-12-05T06/<unix nanoseconds, 19 digits>-<writer>-<random>.json
//
// so that a follower lists only the partitions from its cursor on.
const (
	// ChangesPrefix is the key prefix of the change log.
	ChangesPrefix = "changes/"
	// MaxEntryIDs caps the ids (changed and withdrawn together) of one
	// entry; a larger Apply writes several entries.
	MaxEntryIDs = 10000
	// DefaultRetention is how long entries are kept before a follower
	// with PruneLog deletes them.
	DefaultRetention = 24 * time.Hour
	// partitionLayout names the hour partitions; it sorts like time.
	partitionLayout = "2006-01-02T15"
	// nanoDigits is the width of the time at the start of an entry's name.
	nanoDigits = 19
)

// Change is one entry of the change log.
type Change struct {
	// Changed are ids of datasets written (indexed as they are now in the
	// store).
	Changed []string `json:"changed,omitempty"`
	// Withdrawn are ids of datasets to remove from the index.
	Withdrawn []string `json:"withdrawn,omitempty"`
	// Writer is the Indexer.Writer of the process that wrote the entry.
	Writer string `json:"writer"`
	// Time is when the entry was written, by the writer's clock.
	Time time.Time `json:"time"`
}

// ChangeKey returns the store key of an entry written by writer at t.
// Characters of writer other than letters, digits, '.', '_' and '-' are
// replaced by '_'.
func ChangeKey(t time.Time, writer string) string {
	var r [4]byte
	_, _ = rand.Read(r[:])
	return fmt.Sprintf("%s%s/%0*d-%s-%s.json", ChangesPrefix, t.UTC().Format(partitionLayout), nanoDigits, t.UnixNano(), safeWriter(writer), hex.EncodeToString(r[:]))
}

// safeWriter returns writer with every character that is not a letter,
// digit, '.', '_' or '-' replaced by '_', so that it fits a key segment.
func safeWriter(writer string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			return r
		}
		return '_'
	}, writer)
}

// partitionPrefix returns the key prefix of the hour partition holding t.
func partitionPrefix(t time.Time) string {
	return ChangesPrefix + t.UTC().Format(partitionLayout) + "/"
}

// keyTime returns the time encoded in an entry's key; ok is false for a
// key that is not an entry's.
func keyTime(key string) (nanos int64, ok bool) {
	name := path.Base(key)
	if !strings.HasPrefix(key, ChangesPrefix) || len(name) < nanoDigits+1 || name[nanoDigits] != '-' {
		return 0, false
	}
	n, err := strconv.ParseInt(name[:nanoDigits], 10, 64)
	return n, err == nil
}

// keyWriter reports whether the entry at key was written by writer.
func keyWriter(key, writer string) bool {
	name := path.Base(key)
	return len(name) > nanoDigits && strings.HasPrefix(name[nanoDigits+1:], safeWriter(writer)+"-")
}

// writeLog appends the entries for one Apply to the change log: one entry
// unless there are more than MaxEntryIDs ids.
func (x *Indexer) writeLog(ctx context.Context, changed, withdrawn []string) error {
	for len(changed)+len(withdrawn) > 0 {
		c := Change{Writer: x.Writer, Time: x.now()}
		n := min(len(changed), MaxEntryIDs)
		c.Changed, changed = changed[:n], changed[n:]
		n = min(len(withdrawn), MaxEntryIDs-len(c.Changed))
		c.Withdrawn, withdrawn = withdrawn[:n], withdrawn[n:]
		b, err := json.Marshal(c)
		if err != nil {
			return err
		}
		key := ChangeKey(c.Time, x.Writer)
		if err := x.Catalog.Store.Put(ctx, key, bytes.NewReader(b), int64(len(b)), "application/json"); err != nil {
			return fmt.Errorf("write change log entry %s: %w", key, err)
		}
	}
	return nil
}

// readChange reads the entry at key.
func (x *Indexer) readChange(ctx context.Context, key string) (*Change, error) {
	rc, _, err := x.Catalog.Store.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var c Change
	if err := json.NewDecoder(rc).Decode(&c); err != nil {
		return nil, fmt.Errorf("read change log entry %s: %w", key, err)
	}
	return &c, nil
}

// errStopList ends a List early.
var errStopList = errors.New("stop listing")

// pruneLog deletes the entries older than the retention, oldest first, and
// returns how many it deleted.
func (x *Indexer) pruneLog(ctx context.Context) (int, error) {
	cutoff := x.now().Add(-x.retention()).UnixNano()
	var old []string
	err := x.Catalog.Store.List(ctx, ChangesPrefix, func(o municat.ObjectInfo) error {
		n, ok := keyTime(o.Key)
		if !ok {
			return nil
		}
		if n >= cutoff {
			return errStopList // keys sort by time: the rest is newer
		}
		old = append(old, o.Key)
		return nil
	})
	if err != nil && err != errStopList {
		return 0, err
	}
	for i, k := range old {
		if err := x.Catalog.Store.Delete(ctx, k); err != nil {
			return i, err
		}
	}
	return len(old), nil
}

func (x *Indexer) retention() time.Duration {
	if x.Retention > 0 {
		return x.Retention
	}
	return DefaultRetention
}

func (x *Indexer) now() time.Time {
	if x.Now != nil {
		return x.Now()
	}
	return time.Now()
}
