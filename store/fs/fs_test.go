package fs_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/store/fs"
	"github.com/municat/municat/store/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) municat.Store {
		return MustOpen(t, t.TempDir())
	})
}

func TestLeaser(t *testing.T) {
	storetest.RunLeaser(t, func(t *testing.T) municat.Leaser {
		return MustOpen(t, t.TempDir())
	})
}

// MustOpen opens a store in dir and closes it when tb ends.
func MustOpen(tb testing.TB, dir string) *fs.Store {
	tb.Helper()
	s, err := fs.Open(dir)
	if err != nil {
		tb.Fatalf("Open(%q): %v", dir, err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// mustReadDir returns the names in dir.
func mustReadDir(tb testing.TB, dir string) []string {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestOpenCreatesNestedRoot(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	s := MustOpen(t, dir)
	storetest.MustPut(t, s, "x", []byte("x"), "text/plain")
	if _, err := os.Stat(filepath.Join(dir, "objects", "x")); err != nil {
		t.Errorf("object file missing: %v", err)
	}
}

func TestFailedPutLeavesNoTempFile(t *testing.T) {
	dir := t.TempDir()
	s := MustOpen(t, dir)
	errBroken := errors.New("broken")
	r := &brokenReader{n: 100_000, err: errBroken}
	if err := s.Put(context.Background(), "a/b", r, -1, ""); !errors.Is(err, errBroken) {
		t.Errorf("Put from a broken reader: %v, want %v", err, errBroken)
	}
	if err := s.Put(context.Background(), "a/c", bytes.NewReader([]byte("short")), 10, ""); !errors.Is(err, municat.ErrInvalid) {
		t.Errorf("Put with a wrong size: %v, want municat.ErrInvalid", err)
	}
	if names := mustReadDir(t, filepath.Join(dir, "tmp")); len(names) != 0 {
		t.Errorf("tmp/ holds %q after failed Puts", names)
	}
}

// brokenReader gives n zero bytes, then err.
type brokenReader struct {
	n   int
	err error
}

func (b *brokenReader) Read(p []byte) (int, error) {
	if b.n == 0 {
		return 0, b.err
	}
	k := min(len(p), b.n)
	clear(p[:k])
	b.n -= k
	return k, nil
}

func TestOpenRemovesStaleTempFiles(t *testing.T) {
	dir := t.TempDir()
	MustOpen(t, dir)
	stale := filepath.Join(dir, "tmp", "stale.tmp")
	fresh := filepath.Join(dir, "tmp", "fresh.tmp")
	for _, name := range []string{stale, fresh} {
		if err := os.WriteFile(name, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-48 * time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	MustOpen(t, dir)
	if got := mustReadDir(t, filepath.Join(dir, "tmp")); len(got) != 1 || got[0] != "fresh.tmp" {
		t.Errorf("tmp/ after Open = %q, want only fresh.tmp", got)
	}
}

func TestDeleteRemovesEmptyDirectories(t *testing.T) {
	dir := t.TempDir()
	s := MustOpen(t, dir)
	storetest.MustPut(t, s, "a/b/c/d", []byte("x"), "")
	storetest.MustPut(t, s, "a/e", []byte("x"), "")
	if err := s.Delete(context.Background(), "a/b/c/d"); err != nil {
		t.Fatal(err)
	}
	if got := mustReadDir(t, filepath.Join(dir, "objects", "a")); len(got) != 1 || got[0] != "e" {
		t.Errorf("objects/a after Delete = %q, want only e", got)
	}
	if err := s.Delete(context.Background(), "a/e"); err != nil {
		t.Fatal(err)
	}
	if got := mustReadDir(t, filepath.Join(dir, "objects")); len(got) != 0 {
		t.Errorf("objects/ after deleting everything = %q, want empty", got)
	}
}

func TestSymlinkOutsideRoot(t *testing.T) {
	parent := t.TempDir()
	outside := filepath.Join(parent, "outside")
	if err := os.Mkdir(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("municat/1 text/plain\nsecret"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(parent, "store")
	s := MustOpen(t, dir)
	if err := os.Symlink(outside, filepath.Join(dir, "objects", "link")); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.Put(ctx, "link/x", bytes.NewReader([]byte("x")), 1, ""); err == nil {
		t.Error("Put through a symlink to outside the root succeeded")
	}
	if rc, _, err := s.Get(ctx, "link/secret"); err == nil {
		rc.Close()
		t.Error("Get through a symlink to outside the root succeeded")
	}
	if _, err := s.Stat(ctx, "link/secret"); err == nil {
		t.Error("Stat through a symlink to outside the root succeeded")
	}
	if err := s.Delete(ctx, "link/secret"); err == nil {
		if _, err := os.Stat(filepath.Join(outside, "secret")); err != nil {
			t.Errorf("Delete through a symlink removed a file outside the root: %v", err)
		}
	}
	if got := mustReadDir(t, outside); len(got) != 1 || got[0] != "secret" {
		t.Errorf("directory outside the root now holds %q", got)
	}
	var listed []string
	s.List(ctx, "", func(info municat.ObjectInfo) error {
		listed = append(listed, info.Key)
		return nil
	})
	if len(listed) != 0 {
		t.Errorf("List follows the symlink: %q", listed)
	}
}

func TestForeignFileIsReported(t *testing.T) {
	dir := t.TempDir()
	s := MustOpen(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "objects", "plain.txt"), []byte("no header"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := s.Stat(context.Background(), "plain.txt")
	if err == nil || !strings.Contains(err.Error(), "not a municat object") {
		t.Errorf("Stat of a file without header: %v, want an error saying it is not a municat object", err)
	}
}

func FuzzKey(f *testing.F) {
	for _, key := range []string{
		"a", "a/b", "../x", "a/../../x", "..", "/etc/passwd", "a//b", "a\\..\\..\\x",
		"link/x", "link/../x", ".../x", "..a/b", "a/..b", " ../x", "objects/../../x",
		"tmp/x", "%2e%2e/x", "\u2025/x", "a/\xff", "a\x00/x",
	} {
		f.Add(key)
	}
	parent := f.TempDir()
	outside := filepath.Join(parent, "outside")
	if err := os.Mkdir(outside, 0o755); err != nil {
		f.Fatal(err)
	}
	dir := filepath.Join(parent, "store")
	s := MustOpen(f, dir)
	link := filepath.Join(dir, "objects", "link")
	ctx := context.Background()

	f.Fuzz(func(t *testing.T, key string) {
		// A Put or Delete of the key "link" replaces the link; restore it.
		if _, err := os.Lstat(link); err != nil {
			if err := os.Symlink(outside, link); err != nil {
				t.Fatal(err)
			}
		}
		err := s.Put(ctx, key, bytes.NewReader([]byte("fuzz")), 4, "text/plain")
		if err == nil {
			if !municat.ValidKey(key) {
				t.Errorf("Put accepted the invalid key %q", key)
			}
			file := filepath.Join(dir, "objects", filepath.FromSlash(key))
			if rel, err := filepath.Rel(dir, file); err != nil || strings.HasPrefix(rel, "..") {
				t.Errorf("key %q maps to %s, outside the root", key, file)
			}
			if _, err := os.Lstat(file); err != nil {
				t.Errorf("key %q: object file %s: %v", key, file, err)
			}
			if err := s.Delete(ctx, key); err != nil {
				t.Errorf("Delete(%q): %v", key, err)
			}
		}
		if got := mustReadDir(t, parent); len(got) != 2 {
			t.Fatalf("key %q: the root's parent holds %q, want only outside and store", key, got)
		}
		if got := mustReadDir(t, outside); len(got) != 0 {
			t.Fatalf("key %q wrote %q outside the root", key, got)
		}
	})
}
