package storetest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/municat/municat"
)

// opaqueReader hides the concrete type of a reader, so that a backend cannot
// learn its length by type assertion.
type opaqueReader struct{ r io.Reader }

// Read reads from the wrapped reader.
func (o opaqueReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func testPutGet(t *testing.T, s municat.Store) {
	const key = "datasets/stadt.abc.json"
	data := []byte(`{"title":"Haushaltsplan 2026"}`)
	before := time.Now()
	MustPut(t, s, key, data, "application/json")
	after := time.Now()

	got, info := MustGet(t, s, key)
	if !bytes.Equal(got, data) {
		t.Errorf("Get(%q) = %q, want %q", key, got, data)
	}
	checkInfo(t, "Get", info, key, int64(len(data)), "application/json", before, after)
	checkInfo(t, "Stat", MustStat(t, s, key), key, int64(len(data)), "application/json", before, after)
}

func testOverwrite(t *testing.T, s municat.Store) {
	const key = "a/b.txt"
	MustPut(t, s, key, []byte("the first, longer version"), "text/plain")
	first := MustStat(t, s, key)
	time.Sleep(10 * time.Millisecond)
	second := []byte("second")
	MustPut(t, s, key, second, "text/csv; charset=utf-8")

	got, info := MustGet(t, s, key)
	if !bytes.Equal(got, second) {
		t.Errorf("Get after overwrite = %q, want %q", got, second)
	}
	checkInfo(t, "Get", info, key, int64(len(second)), "text/csv; charset=utf-8", time.Time{}, time.Time{})
	if info.Modified.Before(first.Modified) {
		t.Errorf("Modified went back from %v to %v", first.Modified, info.Modified)
	}
	if n := len(MustList(t, s, "")); n != 1 {
		t.Errorf("List after overwrite: %d objects, want 1", n)
	}
}

func testUnknownSize(t *testing.T, s municat.Store) {
	const key = "stream/unknown.bin"
	data := bytes.Repeat([]byte("0123456789"), 10_000)
	err := s.Put(context.Background(), key, opaqueReader{bytes.NewReader(data)}, -1, "application/octet-stream")
	if err != nil {
		t.Fatalf("Put(size -1): %v", err)
	}
	got, info := MustGet(t, s, key)
	if !bytes.Equal(got, data) {
		t.Errorf("Get after Put(size -1): %d bytes, want %d equal bytes", len(got), len(data))
	}
	checkInfo(t, "Get", info, key, int64(len(data)), "application/octet-stream", time.Time{}, time.Time{})
}

func testEmptyObject(t *testing.T, s municat.Store) {
	for _, size := range []int64{0, -1} {
		const key = "empty"
		if err := s.Put(context.Background(), key, opaqueReader{bytes.NewReader(nil)}, size, "text/plain"); err != nil {
			t.Fatalf("Put(empty, size %d): %v", size, err)
		}
		got, info := MustGet(t, s, key)
		if len(got) != 0 {
			t.Errorf("Get(empty) = %q, want nothing", got)
		}
		checkInfo(t, "Get", info, key, 0, "text/plain", time.Time{}, time.Time{})
	}
}

func testEmptyContentType(t *testing.T, s municat.Store) {
	MustPut(t, s, "no-type", []byte("x"), "")
	_, info := MustGet(t, s, "no-type")
	checkInfo(t, "Get", info, "no-type", 1, "", time.Time{}, time.Time{})
	checkInfo(t, "Stat", MustStat(t, s, "no-type"), "no-type", 1, "", time.Time{}, time.Time{})
}

func testMissing(t *testing.T, s municat.Store) {
	MustNotExist(t, s, "never/written.json")
	// A key that is only a prefix of other keys names no object either.
	MustPut(t, s, "dir/sub/file.txt", []byte("x"), "text/plain")
	MustNotExist(t, s, "dir")
	MustNotExist(t, s, "dir/sub")
	MustNotExist(t, s, "dir/sub/file")
	MustNotExist(t, s, "dir/sub/file.txt/deeper")
}

func testDelete(t *testing.T, s municat.Store) {
	ctx := context.Background()
	MustPut(t, s, "del/x/1", []byte("one"), "text/plain")
	MustPut(t, s, "del/x1", []byte("two"), "text/plain")
	MustPut(t, s, "del/y", []byte("three"), "text/plain")

	if err := s.Delete(ctx, "del/x/1"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	MustNotExist(t, s, "del/x/1")
	if err := s.Delete(ctx, "del/x/1"); err != nil {
		t.Errorf("Delete of a deleted key: %v, want nil", err)
	}
	if err := s.Delete(ctx, "never/there"); err != nil {
		t.Errorf("Delete of a missing key: %v, want nil", err)
	}
	// Deleting a key that is only a prefix of others removes nothing.
	if err := s.Delete(ctx, "del"); err != nil {
		t.Errorf("Delete of a prefix: %v, want nil", err)
	}
	got := keys(MustList(t, s, ""))
	if want := []string{"del/x1", "del/y"}; !slices.Equal(got, want) {
		t.Errorf("List after Delete = %q, want %q", got, want)
	}
	// The key can be written again after it was deleted.
	MustPut(t, s, "del/x/1", []byte("again"), "text/plain")
	if got, _ := MustGet(t, s, "del/x/1"); string(got) != "again" {
		t.Errorf("Get after re-Put = %q, want %q", got, "again")
	}
}

// testFileAndDirectory checks keys where one is a directory of the other. A
// backend may refuse the second with ErrConflict (a file system cannot hold
// both), but must not lose or corrupt the first.
func testFileAndDirectory(t *testing.T, s municat.Store) {
	for _, tc := range []struct{ first, second string }{
		{"d/e", "d"},
		{"f", "f/g"},
	} {
		MustPut(t, s, tc.first, []byte("first"), "text/plain")
		err := s.Put(context.Background(), tc.second, bytes.NewReader([]byte("second")), 6, "text/plain")
		switch {
		case err == nil:
			t.Logf("the store holds both %q and %q", tc.first, tc.second)
			if got, _ := MustGet(t, s, tc.second); string(got) != "second" {
				t.Errorf("Get(%q) = %q, want %q", tc.second, got, "second")
			}
		case !errors.Is(err, municat.ErrConflict):
			t.Errorf("Put(%q) next to %q: %v, want nil or municat.ErrConflict", tc.second, tc.first, err)
		default:
			t.Logf("the store refuses %q next to %q: %v", tc.second, tc.first, err)
			MustNotExist(t, s, tc.second)
		}
		if got, _ := MustGet(t, s, tc.first); string(got) != "first" {
			t.Errorf("Get(%q) = %q, want %q", tc.first, got, "first")
		}
	}
}
