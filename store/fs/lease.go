package fs

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"time"

	"github.com/municat/municat"
)

var _ municat.Leaser = (*Store)(nil)

// locksDir is the directory of lock files inside the store's root.
const locksDir = ".locks"

// maxLeaseObject bounds the size of a lease object read.
const maxLeaseObject = 64 << 10

// TakeLease takes the lease called name for holder until ttl from now; see
// municat.Leaser.
//
// The state of the lease called name is the JSON object leases/<name>,
// written with Put. TakeLease, RenewLease and ReleaseLease each read,
// check and write it while holding an exclusive OS lock on the file
// .locks/<name, escaped>.lock in the store's directory, outside objects/,
// so that List never shows it. The lock is held for the one operation only
// (milliseconds), so a process that dies holding a lease blocks the others
// until the lease expires, no longer.
//
// On Linux and the BSDs (macOS included) the lock is flock(2), which
// excludes other processes and, since each operation opens the lock file
// anew, other goroutines. Elsewhere (Windows) the lock excludes only the
// goroutines of one process: there, processes must not share a store's
// directory if they rely on leases.
//
// Version is a random token stored with the state and replaced on every
// write; renewing and releasing check it under the lock.
//
// As with any keys here, the lease objects of "a" and "a/b" cannot both
// exist: taking the second fails with ErrConflict (see the package doc).
func (s *Store) TakeLease(ctx context.Context, name, holder string, ttl time.Duration) (*municat.Lease, error) {
	if err := municat.CheckLease(name, holder, ttl); err != nil {
		return nil, err
	}
	var l *municat.Lease
	err := s.withLeaseLock(ctx, name, func() error {
		cur, found, err := s.readLease(ctx, name)
		if err != nil {
			return err
		}
		if found && cur.Holder != holder && time.Now().Before(cur.Expires) {
			return municat.LeaseHeldError(name, cur.Holder, cur.Expires)
		}
		st := municat.NewLeaseRecord(name, holder, ttl)
		if err := s.writeLease(ctx, st); err != nil {
			return err
		}
		l = &municat.Lease{Name: name, Holder: holder, Expires: st.Expires, Version: st.Token}
		return nil
	})
	return l, err
}

// RenewLease extends l to ttl from now; see municat.Leaser.
func (s *Store) RenewLease(ctx context.Context, l *municat.Lease, ttl time.Duration) error {
	if l == nil || ttl <= 0 {
		return municat.Errorf(municat.EINVALID, "Ungültige Verlängerung einer Sperre: keine Sperre oder keine Dauer.")
	}
	if l.Version == "" || !municat.ValidKey(municat.LeaseKey(l.Name)) {
		return municat.LeaseLostError(l.Name)
	}
	return s.withLeaseLock(ctx, l.Name, func() error {
		cur, found, err := s.readLease(ctx, l.Name)
		if err != nil {
			return err
		}
		if !found || cur.Token != l.Version {
			return municat.LeaseLostError(l.Name)
		}
		st := municat.NewLeaseRecord(l.Name, l.Holder, ttl)
		if err := s.writeLease(ctx, st); err != nil {
			return err
		}
		l.Expires, l.Version = st.Expires, st.Token
		return nil
	})
}

// ReleaseLease gives l up, writing a state without holder that has
// expired already; see municat.Leaser.
func (s *Store) ReleaseLease(ctx context.Context, l *municat.Lease) error {
	if l == nil {
		return municat.Errorf(municat.EINVALID, "Keine Sperre zum Freigeben angegeben.")
	}
	if l.Version == "" || !municat.ValidKey(municat.LeaseKey(l.Name)) {
		return nil // released or lost already
	}
	return s.withLeaseLock(ctx, l.Name, func() error {
		cur, found, err := s.readLease(ctx, l.Name)
		if err != nil {
			return err
		}
		if found && cur.Token == l.Version {
			if err := s.writeLease(ctx, municat.NewLeaseRecord(l.Name, "", 0)); err != nil {
				return err
			}
		}
		l.Version = ""
		return nil
	})
}

// readLease reads the state of the lease name; found is false if there is
// none.
func (s *Store) readLease(ctx context.Context, name string) (st municat.LeaseRecord, found bool, err error) {
	key := municat.LeaseKey(name)
	rc, _, err := s.Get(ctx, key)
	if municat.ErrorCode(err) == municat.ENOTFOUND {
		return municat.LeaseRecord{}, false, nil
	} else if err != nil {
		return municat.LeaseRecord{}, false, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxLeaseObject))
	if err != nil {
		return municat.LeaseRecord{}, false, fmt.Errorf("fs: read lease %q: %w", key, err)
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return municat.LeaseRecord{}, false, fmt.Errorf("fs: object %q holds no lease (%v); delete it to free the lease", key, err)
	}
	return st, true, nil
}

// writeLease writes st to its lease object.
func (s *Store) writeLease(ctx context.Context, st municat.LeaseRecord) error {
	data, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return s.Put(ctx, municat.LeaseKey(st.Name), bytes.NewReader(data), int64(len(data)), "application/json")
}

// lockFile returns the name, inside the store's root, of the lock file of
// the lease name: its escaped name, or a hash of it if that is too long.
func lockFile(name string) string {
	file := url.PathEscape(name)
	if len(file) > 200 {
		sum := sha256.Sum256([]byte(name))
		file = hex.EncodeToString(sum[:])
	}
	return locksDir + "/" + file + ".lock"
}
