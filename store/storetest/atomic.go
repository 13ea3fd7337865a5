package storetest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/municat/municat"
)

// errBroken is the error failingReader returns.
var errBroken = errors.New("storetest: source broke off")

// failingReader returns the first n bytes of data, then errBroken.
type failingReader struct {
	data []byte
	n    int
}

// Read returns the first n bytes of data, then fails with errBroken.
func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errBroken
	}
	k := copy(p, f.data[:min(len(f.data), f.n)])
	f.data, f.n = f.data[k:], f.n-k
	return k, nil
}

func testFailedPut(t *testing.T, s municat.Store) {
	const key = "atomic/obj"
	old := []byte("the old, whole object")
	MustPut(t, s, key, old, "text/plain")
	data := bytes.Repeat([]byte("new!"), 75_000)
	for _, size := range []int64{int64(len(data)), -1} {
		for _, k := range []string{key, "atomic/new"} {
			r := &failingReader{data: data, n: 100_000}
			err := s.Put(context.Background(), k, r, size, "application/x-new")
			if err == nil {
				t.Fatalf("Put(%q, size %d) from a reader that fails: no error", k, size)
			}
		}
		got, info := MustGet(t, s, key)
		if !bytes.Equal(got, old) {
			t.Errorf("after a failed Put (size %d), Get = %d bytes %.20q…, want the old object", size, len(got), got)
		}
		checkInfo(t, "Get", info, key, int64(len(old)), "text/plain", time.Time{}, time.Time{})
		MustNotExist(t, s, "atomic/new")
	}
	if got := keys(MustList(t, s, "")); !slices.Equal(got, []string{key}) {
		t.Errorf("List after failed Puts = %q, want only %q", got, key)
	}
}

// wholeValue returns the letter c of a value written by testConcurrentPuts
// and whether data is such a value, whole.
func wholeValue(data []byte) (byte, bool) {
	if len(data) < 1 {
		return 0, false
	}
	c := data[0]
	return c, len(data) == valueSize(c) && bytes.Count(data, data[:1]) == len(data)
}

// valueSize is the length of the value written with letter c.
func valueSize(c byte) int { return 64<<10 + int(c) }

func testConcurrentPuts(t *testing.T, s municat.Store) {
	const key = "concurrent/value"
	const writers, rounds = 8, 3
	ctx := context.Background()
	done := make(chan struct{})
	var readers, wg sync.WaitGroup
	for range 2 {
		readers.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				rc, info, err := s.Get(ctx, key)
				if errors.Is(err, municat.ErrNotFound) {
					continue
				} else if err != nil {
					t.Errorf("concurrent Get: %v", err)
					return
				}
				data, err := io.ReadAll(rc)
				rc.Close()
				if c, ok := wholeValue(data); err != nil || !ok || info.ContentType != "text/x-"+string(c) {
					t.Errorf("concurrent Get saw a partial value: %d bytes, %q, err %v", len(data), info.ContentType, err)
					return
				}
			}
		})
	}
	for i := range writers {
		c := byte('a' + i)
		value := bytes.Repeat([]byte{c}, valueSize(c))
		wg.Go(func() {
			for range rounds {
				if err := s.Put(ctx, key, bytes.NewReader(value), int64(len(value)), "text/x-"+string(c)); err != nil {
					t.Errorf("concurrent Put: %v", err)
				}
			}
		})
	}
	wg.Wait()
	close(done)
	readers.Wait()

	data, info := MustGet(t, s, key)
	c, ok := wholeValue(data)
	if !ok {
		t.Fatalf("after concurrent Puts, Get = %d bytes, not one whole value", len(data))
	}
	checkInfo(t, "Get", info, key, int64(valueSize(c)), "text/x-"+string(c), time.Time{}, time.Time{})
}

func testCanceled(t *testing.T, s municat.Store) {
	MustPut(t, s, "c/keep", []byte("keep"), "text/plain")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	err := s.Put(ctx, "c/new", bytes.NewReader([]byte("x")), 1, "text/plain")
	checkCanceled(t, "Put", err)
	rc, _, err := s.Get(ctx, "c/keep")
	if err == nil {
		rc.Close()
	}
	checkCanceled(t, "Get", err)
	_, err = s.Stat(ctx, "c/keep")
	checkCanceled(t, "Stat", err)
	checkCanceled(t, "Delete", s.Delete(ctx, "c/keep"))
	calls := 0
	err = s.List(ctx, "", func(municat.ObjectInfo) error { calls++; return nil })
	checkCanceled(t, "List", err)
	if calls > 0 {
		t.Errorf("List with a canceled context called fn %d times", calls)
	}

	MustNotExist(t, s, "c/new")
	if got, _ := MustGet(t, s, "c/keep"); string(got) != "keep" {
		t.Errorf("Get(c/keep) = %q after canceled calls, want %q", got, "keep")
	}
}

// checkCanceled fails tb unless err matches context.Canceled.
func checkCanceled(tb testing.TB, op string, err error) {
	tb.Helper()
	if !errors.Is(err, context.Canceled) {
		tb.Errorf("%s with a canceled context: %v, want an error matching context.Canceled", op, err)
	}
}

// cancelingReader gives size bytes and calls cancel once it has given some.
type cancelingReader struct {
	size, given int
	cancel      context.CancelFunc
}

// Read gives zero bytes, size in all and at most 32 KiB per call, and
// calls cancel once more than 64 KiB have been given.
func (c *cancelingReader) Read(p []byte) (int, error) {
	if c.given >= c.size {
		return 0, io.EOF
	}
	n := min(len(p), c.size-c.given, 32<<10)
	clear(p[:n])
	c.given += n
	if c.given > 64<<10 {
		c.cancel()
	}
	return n, nil
}

func testCancelDuringPut(t *testing.T, s municat.Store) {
	const key = "cancel/obj"
	MustPut(t, s, key, []byte("old"), "text/plain")
	const size = 1 << 20
	for _, declared := range []int64{size, -1} {
		ctx, cancel := context.WithCancel(context.Background())
		err := s.Put(ctx, key, &cancelingReader{size: size, cancel: cancel}, declared, "application/x-new")
		cancel()
		checkCanceled(t, "Put", err)
		if got, _ := MustGet(t, s, key); string(got) != "old" {
			t.Errorf("after a Put canceled midway (size %d), Get = %d bytes, want the old object", declared, len(got))
		}
	}
}

func testLarge(t *testing.T, s municat.Store) {
	data := make([]byte, 5<<20+7)
	rand.NewChaCha8([32]byte{1}).Read(data)
	for _, tc := range []struct {
		key  string
		size int64
	}{{"large/known", int64(len(data))}, {"large/unknown", -1}} {
		err := s.Put(context.Background(), tc.key, opaqueReader{bytes.NewReader(data)}, tc.size, "application/octet-stream")
		if err != nil {
			t.Fatalf("Put(%q, size %d): %v", tc.key, tc.size, err)
		}
		got, info := MustGet(t, s, tc.key)
		if !bytes.Equal(got, data) {
			t.Errorf("Get(%q): %d bytes differ from the %d put", tc.key, len(got), len(data))
		}
		checkInfo(t, "Get", info, tc.key, int64(len(data)), "application/octet-stream", time.Time{}, time.Time{})
	}
}
