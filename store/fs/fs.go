// Package fs implements municat.Store on a local directory, for a
// single-machine installation.
//
// The directory holds these subdirectories:
//
//	objects/<key>   one regular file per object
//	tmp/            files being written by Put
//	.locks/         lock files of leases (see TakeLease), made on first use
//
// Each object file starts with a one-line header, "municat/1 " followed by
// the content type and a newline, and then the object's bytes. Keeping the
// content type inside the file, rather than in a sidecar, makes a Put one
// rename: a reader can never see new bytes with an old content type, and two
// concurrent Puts cannot end with the bytes of one and the type of the other.
// The price is that the files are not plain copies of the objects; strip the
// first line to get one (tail -n +2).
//
// Put writes to a temporary file in tmp/, syncs it, and renames it over
// objects/<key>, so that a reader sees the old object or the whole new one,
// and a failed Put leaves nothing behind. tmp/ lies on the same file system
// as objects/ (rename stays atomic) and outside the key space, so no key can
// collide with a temporary file and List never sees one. Open removes
// temporary files older than a day, left by a crash.
//
// All file access goes through an os.Root, so no key and no symbolic link
// inside the directory can reach a file outside it.
//
// A file system cannot hold a file and a directory of the same name, so "a"
// and "a/b" cannot both be objects here: the second Put returns an error
// matching municat.ErrConflict. Segments longer than 255 bytes are refused
// with municat.ErrInvalid.
package fs

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path"
	"strings"
	"syscall"
	"time"

	"github.com/municat/municat"
)

// Directory names inside the store's root.
const (
	objectsDir = "objects"
	tmpDir     = "tmp"
)

// staleTemp is how old a temporary file must be for Open to remove it.
const staleTemp = 24 * time.Hour

// maxSegment is the longest file name most file systems accept.
const maxSegment = 255

// Store is a municat.Store on a local directory. It is safe for concurrent
// use, also by several processes sharing the directory.
type Store struct {
	root *os.Root
}

var _ municat.Store = (*Store)(nil)

// Open opens the store in the directory dir, creating it if needed.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("fs: open store: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("fs: open store: %w", err)
	}
	for _, d := range []string{objectsDir, tmpDir} {
		if err := root.MkdirAll(d, 0o755); err != nil {
			root.Close()
			return nil, fmt.Errorf("fs: open store %s: %w", dir, err)
		}
	}
	s := &Store{root: root}
	if err := s.removeStaleTemp(time.Now().Add(-staleTemp)); err != nil {
		root.Close()
		return nil, fmt.Errorf("fs: open store %s: %w", dir, err)
	}
	return s, nil
}

// Close releases the store's directory handle.
func (s *Store) Close() error { return s.root.Close() }

// removeStaleTemp removes temporary files last written before cutoff.
func (s *Store) removeStaleTemp(cutoff time.Time) error {
	d, err := s.root.Open(tmpDir)
	if err != nil {
		return err
	}
	defer d.Close()
	entries, err := d.ReadDir(-1)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.ModTime().Before(cutoff) {
			s.root.Remove(path.Join(tmpDir, e.Name()))
		}
	}
	return nil
}

// Put writes the object at key from r, atomically; see the package doc.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) (err error) {
	if err := municat.CheckKey(key); err != nil {
		return err
	}
	if err := checkContentType(contentType); err != nil {
		return err
	}
	for seg := range strings.SplitSeq(key, "/") {
		if len(seg) > maxSegment {
			return municat.Errorf(municat.EINVALID, "key %q: segment longer than %d bytes", key, maxSegment)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("fs: put %q: %w", key, err)
	}
	tmp, err := s.writeTemp(ctx, r, size, contentType)
	if err != nil {
		return fmt.Errorf("fs: put %q: %w", key, err)
	}
	defer func() {
		if err != nil {
			s.root.Remove(tmp)
		}
	}()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("fs: put %q: %w", key, err)
	}
	return s.commit(tmp, key)
}

// writeTemp writes the header and r to a new, synced temporary file and
// returns its name.
func (s *Store) writeTemp(ctx context.Context, r io.Reader, size int64, contentType string) (_ string, err error) {
	name := path.Join(tmpDir, rand.Text()+".tmp")
	f, err := s.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			f.Close()
			s.root.Remove(name)
		}
	}()
	if _, err := io.WriteString(f, header(contentType)); err != nil {
		return "", err
	}
	n, err := io.Copy(f, municat.ContextReader(ctx, r))
	if err != nil {
		return "", err
	}
	if size >= 0 && n != size {
		return "", municat.Errorf(municat.EINVALID, "read %d bytes, but the size given was %d", n, size)
	}
	if err := f.Sync(); err != nil {
		return "", err
	}
	return name, f.Close()
}

// commit renames the temporary file tmp to the object file of key and syncs
// the directory, so that the rename survives a crash.
func (s *Store) commit(tmp, key string) error {
	name := path.Join(objectsDir, key)
	dir := path.Dir(name)
	// The directory usually exists: rename first and make the directory
	// only when it is missing. A concurrent Delete may remove an empty
	// parent directory between MkdirAll and Rename; try again then.
	err := s.root.Rename(tmp, name)
	for try := 0; try < 5 && errors.Is(err, iofs.ErrNotExist); try++ {
		if err = s.root.MkdirAll(dir, 0o755); err != nil {
			break
		}
		err = s.root.Rename(tmp, name)
	}
	switch {
	case errors.Is(err, syscall.ENOTDIR), errors.Is(err, syscall.EEXIST),
		errors.Is(err, syscall.EISDIR), errors.Is(err, syscall.ENOTEMPTY):
		return &municat.Error{
			Code:    municat.ECONFLICT,
			Message: fmt.Sprintf("key %q clashes with another key: the file store cannot hold both an object and keys below it", key),
			Err:     err,
		}
	case err != nil:
		return fmt.Errorf("fs: put %q: %w", key, err)
	}
	if d, err := s.root.Open(dir); err == nil {
		err = d.Sync()
		d.Close()
		if err != nil {
			return fmt.Errorf("fs: put %q: sync directory: %w", key, err)
		}
	}
	return nil
}

// checkContentType returns an ErrInvalid error if contentType cannot be kept
// in the one-line header.
func checkContentType(contentType string) error {
	if len(contentType) > maxContentType {
		return municat.Errorf(municat.EINVALID, "content type longer than %d bytes", maxContentType)
	}
	for i := 0; i < len(contentType); i++ {
		if c := contentType[i]; c < 0x20 || c == 0x7f {
			return municat.Errorf(municat.EINVALID, "invalid content type %q", contentType)
		}
	}
	return nil
}
