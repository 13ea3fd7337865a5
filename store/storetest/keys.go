package storetest

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// invalidKeys are keys every store must refuse with ErrInvalid.
var invalidKeys = []string{
	"", "/", "/a", "a/", "a//b", "a/../b", "..", ".", "./a", "a/.", "a/..",
	"../escape", "a\\b", "..\\escape", "a\x00b", "a\nb", "a\tb", "a\x7fb",
	"a\x1b[0m", "bad-utf8/\xff\xfe", strings.Repeat("k", 901),
}

func testInvalidKeys(t *testing.T, s municat.Store) {
	ctx := context.Background()
	for _, key := range invalidKeys {
		err := s.Put(ctx, key, bytes.NewReader([]byte("x")), 1, "text/plain")
		checkInvalid(t, "Put", key, err)
		rc, _, err := s.Get(ctx, key)
		if err == nil {
			rc.Close()
		}
		checkInvalid(t, "Get", key, err)
		_, err = s.Stat(ctx, key)
		checkInvalid(t, "Stat", key, err)
		checkInvalid(t, "Delete", key, s.Delete(ctx, key))
	}
	if got := keys(MustList(t, s, "")); len(got) != 0 {
		t.Errorf("invalid keys left objects behind: %q", got)
	}
}

// checkInvalid fails tb unless err matches municat.ErrInvalid.
func checkInvalid(tb testing.TB, op, key string, err error) {
	tb.Helper()
	if !errors.Is(err, municat.ErrInvalid) {
		tb.Errorf("%s(%q): %v, want an error matching municat.ErrInvalid", op, key, err)
	}
}

// unusualKeys are valid keys with characters that need escaping somewhere:
// in a URL, a shell, a file name or XML.
var unusualKeys = []string{
	"files/x/Straßen liste.csv",
	"a b/c d",
	"dots/..hidden",
	"dots/.hidden",
	"dots/a.b.c",
	"dots/...",
	"dots/trailing.",
	"umlaut/äöü ÄÖÜ ß",
	"emoji/🙂",
	"sym/+&=;,@$!'()",
	"sym/100%.txt",
	"sym/%2F%2e%2e",
	"sym/?#[]",
	"sym/a:b",
	"sym/<tag>&amp;\"q\"",
	"sym/~tilde*",
}

func testUnusualKeys(t *testing.T, s municat.Store) {
	for _, key := range unusualKeys {
		MustPut(t, s, key, []byte("content of "+key), "text/csv")
	}
	for _, key := range unusualKeys {
		got, info := MustGet(t, s, key)
		if string(got) != "content of "+key {
			t.Errorf("Get(%q) = %q", key, got)
		}
		checkInfo(t, "Get", info, key, int64(len(got)), "text/csv", time.Time{}, time.Time{})
		checkInfo(t, "Stat", MustStat(t, s, key), key, int64(len(got)), "text/csv", time.Time{}, time.Time{})
	}
	want := slices.Clone(unusualKeys)
	slices.Sort(want)
	if got := keys(MustList(t, s, "")); !slices.Equal(got, want) {
		t.Errorf("List(\"\") =\n%q\nwant\n%q", got, want)
	}
	for _, key := range unusualKeys {
		if err := s.Delete(context.Background(), key); err != nil {
			t.Errorf("Delete(%q): %v", key, err)
		}
		MustNotExist(t, s, key)
	}
}

func testLongKey(t *testing.T, s municat.Store) {
	seg := strings.Repeat("s", 200)
	key := strings.Join([]string{seg, seg, seg, seg, strings.Repeat("t", 96)}, "/")
	if len(key) != 900 {
		t.Fatalf("test key has %d bytes, want 900", len(key))
	}
	MustPut(t, s, key, []byte("long"), "text/plain")
	if got, _ := MustGet(t, s, key); string(got) != "long" {
		t.Errorf("Get(900-byte key) = %q, want %q", got, "long")
	}
	if got := keys(MustList(t, s, seg+"/")); !slices.Equal(got, []string{key}) {
		t.Errorf("List of the long key's first segment = %q", got)
	}
}
