// Package storetest is the acceptance suite for municat.Store: every backend
// runs Run unchanged, so that callers can rely on the contract written on the
// interface whatever store they are given.
//
// A backend's test is a few lines:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) municat.Store {
//			s, err := fs.Open(t.TempDir())
//			if err != nil {
//				t.Fatal(err)
//			}
//			return s
//		})
//	}
//
// Run calls newStore once per sub-test and expects an empty store each time;
// it closes the store when the sub-test ends.
//
// One latitude is allowed: a Put with an empty content type may read back as
// "" or as "application/octet-stream", the default S3 servers store.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"testing"
	"time"

	"github.com/municat/municat"
)

// Run runs the acceptance suite against the stores newStore returns.
func Run(t *testing.T, newStore func(t *testing.T) municat.Store) {
	open := func(t *testing.T) municat.Store {
		t.Helper()
		s := newStore(t)
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
		return s
	}
	tests := []struct {
		name string
		fn   func(*testing.T, municat.Store)
	}{
		{"PutGetRoundTrip", testPutGet},
		{"Overwrite", testOverwrite},
		{"UnknownSize", testUnknownSize},
		{"EmptyObject", testEmptyObject},
		{"EmptyContentType", testEmptyContentType},
		{"MissingKey", testMissing},
		{"Delete", testDelete},
		{"FileAndDirectoryKeys", testFileAndDirectory},
		{"ListSortedByKey", testListOrder},
		{"ListPrefix", testListPrefix},
		{"ListStopsAtFirstError", testListStops},
		{"InvalidKeys", testInvalidKeys},
		{"UnusualKeys", testUnusualKeys},
		{"LongKey", testLongKey},
		{"FailedPutKeepsOldObject", testFailedPut},
		{"ConcurrentPuts", testConcurrentPuts},
		{"CanceledContext", testCanceled},
		{"CancelDuringPut", testCancelDuringPut},
		{"LargeObject", testLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, open(t))
		})
	}
}

// MustPut writes data at key with a known size, failing tb on error.
func MustPut(tb testing.TB, s municat.Store, key string, data []byte, contentType string) {
	tb.Helper()
	if err := s.Put(context.Background(), key, bytes.NewReader(data), int64(len(data)), contentType); err != nil {
		tb.Fatalf("Put(%q): %v", key, err)
	}
}

// MustGet reads the whole object at key, failing tb on error.
func MustGet(tb testing.TB, s municat.Store, key string) ([]byte, municat.ObjectInfo) {
	tb.Helper()
	rc, info, err := s.Get(context.Background(), key)
	if err != nil {
		tb.Fatalf("Get(%q): %v", key, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		tb.Fatalf("Get(%q): read: %v", key, err)
	}
	return data, info
}

// MustStat describes the object at key, failing tb on error.
func MustStat(tb testing.TB, s municat.Store, key string) municat.ObjectInfo {
	tb.Helper()
	info, err := s.Stat(context.Background(), key)
	if err != nil {
		tb.Fatalf("Stat(%q): %v", key, err)
	}
	return info
}

// MustList returns every object under prefix in the order List gives them,
// failing tb on error.
func MustList(tb testing.TB, s municat.Store, prefix string) []municat.ObjectInfo {
	tb.Helper()
	var infos []municat.ObjectInfo
	err := s.List(context.Background(), prefix, func(info municat.ObjectInfo) error {
		infos = append(infos, info)
		return nil
	})
	if err != nil {
		tb.Fatalf("List(%q): %v", prefix, err)
	}
	return infos
}

// MustNotExist fails tb unless Stat and Get both report key as missing, with
// an error matching municat.ErrNotFound and fs.ErrNotExist.
func MustNotExist(tb testing.TB, s municat.Store, key string) {
	tb.Helper()
	ctx := context.Background()
	_, err := s.Stat(ctx, key)
	checkNotFound(tb, "Stat", key, err)
	rc, _, err := s.Get(ctx, key)
	if err == nil {
		rc.Close()
	}
	checkNotFound(tb, "Get", key, err)
}

// keys returns the keys of infos.
func keys(infos []municat.ObjectInfo) []string {
	ks := make([]string, len(infos))
	for i, info := range infos {
		ks[i] = info.Key
	}
	return ks
}

// checkInfo compares info with what was put; a zero Modified window skips the
// time check.
func checkInfo(tb testing.TB, op string, info municat.ObjectInfo, key string, size int64, contentType string, before, after time.Time) {
	tb.Helper()
	if info.Key != key {
		tb.Errorf("%s(%q): Key = %q", op, key, info.Key)
	}
	if info.Size != size {
		tb.Errorf("%s(%q): Size = %d, want %d", op, key, info.Size, size)
	}
	if !sameContentType(info.ContentType, contentType) {
		tb.Errorf("%s(%q): ContentType = %q, want %q", op, key, info.ContentType, contentType)
	}
	if before.IsZero() {
		return
	}
	// S3 keeps Last-Modified to the second; allow for that and a little skew.
	const slack = 2 * time.Second
	if info.Modified.Before(before.Add(-slack)) || info.Modified.After(after.Add(slack)) {
		tb.Errorf("%s(%q): Modified = %v, want between %v and %v", op, key, info.Modified, before, after)
	}
}

// sameContentType reports whether got is what a Put with want stores.
func sameContentType(got, want string) bool {
	return got == want || want == "" && got == "application/octet-stream"
}

// checkNotFound fails tb unless err is a not-found error.
func checkNotFound(tb testing.TB, op, key string, err error) {
	tb.Helper()
	switch {
	case err == nil:
		tb.Errorf("%s(%q): no error, want not found", op, key)
	case !errors.Is(err, municat.ErrNotFound):
		tb.Errorf("%s(%q): error %v does not match municat.ErrNotFound", op, key, err)
	case !errors.Is(err, fs.ErrNotExist):
		tb.Errorf("%s(%q): error %v does not match fs.ErrNotExist", op, key, err)
	}
}
