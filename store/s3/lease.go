package s3

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/municat/municat"
)

var _ municat.Leaser = (*Store)(nil)

// maxLeaseObject bounds the size of a lease object read.
const maxLeaseObject = 64 << 10

// leaseTries is how often TakeLease starts over when the lease object
// vanishes between a refused create and the read (someone deleted it).
const leaseTries = 3

// TakeLease takes the lease called name for holder until ttl from now; see
// municat.Leaser.
//
// The state of the lease called name is the JSON object leases/<name>,
// written only with conditional PUTs. Taking a free lease creates it with If-None-Match: *; renewing, releasing and
// taking over a lapsed lease overwrite it with If-Match on the ETag read or
// last written. Of two processes racing, the server lets one write and
// answers the other 412 Precondition Failed, which becomes ErrConflict.
//
// Each state holds a random token, so that no two states have the same
// bytes, and hence the same ETag, and so that a write refused only because
// it was a repeat of one that landed (its reply lost) is recognised as
// landed. A released lease stays in the bucket as
// a state with no holder that has expired.
func (s *Store) TakeLease(ctx context.Context, name, holder string, ttl time.Duration) (*municat.Lease, error) {
	if err := municat.CheckLease(name, holder, ttl); err != nil {
		return nil, err
	}
	key := municat.LeaseKey(name)
	for range leaseTries {
		st := municat.NewLeaseRecord(name, holder, ttl)
		etag, err := s.putLease(ctx, key, st, func(o *minio.PutObjectOptions) { o.SetMatchETagExcept("*") })
		if err == nil {
			return &municat.Lease{Name: name, Holder: holder, Expires: st.Expires, Version: etag}, nil
		}
		if !refused(err) {
			return nil, s.fail(ctx, "take lease", key, err)
		}
		cur, curETag, err := s.readLease(ctx, key)
		if municat.ErrorCode(err) == municat.ENOTFOUND {
			continue // deleted since: try to create it again
		} else if err != nil {
			return nil, err
		}
		if cur.Token == st.Token {
			// The create landed, but its reply was lost and the repeat
			// minio-go sent was refused: the record is this very write.
			return &municat.Lease{Name: name, Holder: holder, Expires: st.Expires, Version: curETag}, nil
		}
		if cur.Holder != holder && time.Now().Before(cur.Expires) {
			return nil, municat.LeaseHeldError(name, cur.Holder, cur.Expires)
		}
		// Ours, or lapsed: overwrite the very state just read.
		st = municat.NewLeaseRecord(name, holder, ttl)
		etag, err = s.putLease(ctx, key, st, func(o *minio.PutObjectOptions) { o.SetMatchETag(curETag) })
		if refused(err) {
			etag, err = s.landedOr(ctx, key, st, err)
		}
		if refused(err) || isMissing(err) {
			return nil, raceError(name)
		} else if err != nil {
			return nil, s.fail(ctx, "take lease", key, err)
		}
		return &municat.Lease{Name: name, Holder: holder, Expires: st.Expires, Version: etag}, nil
	}
	return nil, raceError(name)
}

// RenewLease extends l to ttl from now; see municat.Leaser.
func (s *Store) RenewLease(ctx context.Context, l *municat.Lease, ttl time.Duration) error {
	if l == nil || ttl <= 0 {
		return municat.Errorf(municat.EINVALID, "Ungültige Verlängerung einer Sperre: keine Sperre oder keine Dauer.")
	}
	if l.Version == "" || !municat.ValidKey(municat.LeaseKey(l.Name)) {
		return municat.LeaseLostError(l.Name)
	}
	key := municat.LeaseKey(l.Name)
	st := municat.NewLeaseRecord(l.Name, l.Holder, ttl)
	etag, err := s.putLease(ctx, key, st, func(o *minio.PutObjectOptions) { o.SetMatchETag(l.Version) })
	if refused(err) {
		etag, err = s.landedOr(ctx, key, st, err)
	}
	switch {
	case refused(err) || isMissing(err):
		return municat.LeaseLostError(l.Name)
	case err != nil:
		return s.fail(ctx, "renew lease", key, err)
	}
	l.Expires, l.Version = st.Expires, etag
	return nil
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
	key := municat.LeaseKey(l.Name)
	st := municat.NewLeaseRecord(l.Name, "", 0)
	_, err := s.putLease(ctx, key, st, func(o *minio.PutObjectOptions) { o.SetMatchETag(l.Version) })
	if err != nil && !refused(err) && !isMissing(err) {
		return s.fail(ctx, "release lease", key, err)
	}
	l.Version = ""
	return nil
}

// putLease writes st at key with the condition that cond sets and returns
// the new ETag. It returns minio-go's error unchanged.
func (s *Store) putLease(ctx context.Context, key string, st municat.LeaseRecord, cond func(*minio.PutObjectOptions)) (string, error) {
	data, err := json.Marshal(st)
	if err != nil {
		return "", err
	}
	opts := minio.PutObjectOptions{ContentType: "application/json"}
	cond(&opts)
	info, err := s.client.PutObject(ctx, s.bucket, key, bytes.NewReader(data), int64(len(data)), opts)
	if err != nil {
		return "", err
	}
	return info.ETag, nil
}

// landed reports whether the lease record at key is st, and its ETag: a
// conditional write refused (412) may be the repeat of one that landed.
// When the connection drops after the server wrote the object but before
// its reply arrived, minio-go sends the PUT again, and the server refuses
// the repeat because the ETag it names is gone (or, for If-None-Match,
// because the object now exists). Each record's token is new, so a record
// holding st's token is that write.
func (s *Store) landed(ctx context.Context, key string, st municat.LeaseRecord) (string, bool) {
	cur, etag, err := s.readLease(ctx, key)
	if err != nil || cur.Token != st.Token {
		return "", false
	}
	return etag, true
}

// landedOr returns the ETag of st at key if the refused write of st
// landed after all (see landed), or refusal.
func (s *Store) landedOr(ctx context.Context, key string, st municat.LeaseRecord, refusal error) (string, error) {
	if etag, ok := s.landed(ctx, key, st); ok {
		return etag, nil
	}
	return "", refusal
}

// readLease reads the lease state at key and its ETag.
func (s *Store) readLease(ctx context.Context, key string) (municat.LeaseRecord, string, error) {
	body, info, _, err := s.core.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return municat.LeaseRecord{}, "", s.fail(ctx, "read lease", key, err)
	}
	defer body.Close()
	data, err := io.ReadAll(io.LimitReader(body, maxLeaseObject))
	if err != nil {
		return municat.LeaseRecord{}, "", s.fail(ctx, "read lease", key, err)
	}
	var st municat.LeaseRecord
	if err := json.Unmarshal(data, &st); err != nil {
		return municat.LeaseRecord{}, "", fmt.Errorf("s3: object %q holds no lease (%v); delete it to free the lease", key, err)
	}
	return st, info.ETag, nil
}

// refused reports whether err is the server's refusal of a conditional
// write: 412 Precondition Failed, or 409 when two conditional writes of
// the object overlapped (as S3 answers).
func refused(err error) bool {
	var resp minio.ErrorResponse
	return errors.As(err, &resp) && (resp.Code == minio.PreconditionFailed ||
		resp.StatusCode == http.StatusPreconditionFailed || resp.StatusCode == http.StatusConflict)
}

// isMissing reports whether err says the object does not exist.
func isMissing(err error) bool {
	var resp minio.ErrorResponse
	return errors.As(err, &resp) && (resp.Code == minio.NoSuchKey || resp.StatusCode == http.StatusNotFound)
}

// raceError says that another process took the lease name first.
func raceError(name string) error {
	return municat.Errorf(municat.ECONFLICT, "Die Sperre %q hat gerade ein anderer Prozess genommen.", name)
}
