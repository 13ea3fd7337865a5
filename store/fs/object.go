package fs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path"
	"syscall"

	"github.com/municat/municat"
)

// magic starts the header line of every object file.
const magic = "municat/1 "

// maxContentType is the longest content type a header holds.
const maxContentType = 1000

// header returns the header line for an object of the given content type.
func header(contentType string) string { return magic + contentType + "\n" }

// object is an open object file.
type object struct {
	f           *os.File
	info        municat.ObjectInfo
	headerBytes int64
}

// openObject opens the object file of key and reads its header. It returns
// an error matching municat.ErrNotFound if key names no object, including
// when it names a directory.
func (s *Store) openObject(key string) (*object, error) {
	name := path.Join(objectsDir, key)
	// Lstat first, so that only regular files count as objects, as in List.
	fi, err := s.root.Lstat(name)
	if err != nil || !fi.Mode().IsRegular() {
		if err == nil || isNotExist(err) {
			return nil, municat.NotFound("object %q not found", key)
		}
		return nil, fmt.Errorf("fs: %q: %w", key, err)
	}
	f, err := s.root.Open(name)
	if err != nil {
		if isNotExist(err) {
			return nil, municat.NotFound("object %q not found", key)
		}
		return nil, fmt.Errorf("fs: %q: %w", key, err)
	}
	o, err := readObject(f, key)
	if err != nil {
		f.Close()
		return nil, err
	}
	return o, nil
}

// readObject reads the header of the object file f, which holds key.
func readObject(f *os.File, key string) (*object, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("fs: %q: %w", key, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, municat.NotFound("object %q not found", key)
	}
	buf := make([]byte, min(fi.Size(), int64(len(magic)+maxContentType+1)))
	n, err := f.ReadAt(buf, 0)
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("fs: %q: %w", key, err)
	}
	buf = buf[:n]
	end := bytes.IndexByte(buf, '\n')
	if !bytes.HasPrefix(buf, []byte(magic)) || end < 0 {
		return nil, fmt.Errorf("fs: %s is not a municat object (it has no header line); remove it or write it with Put", f.Name())
	}
	return &object{
		f:           f,
		headerBytes: int64(end + 1),
		info: municat.ObjectInfo{
			Key:         key,
			Size:        fi.Size() - int64(end+1),
			Modified:    fi.ModTime(),
			ContentType: string(buf[len(magic):end]),
		},
	}, nil
}

// reader reads the bytes of an object after its header.
type reader struct {
	*io.SectionReader
	f *os.File
}

// Close closes the object file.
func (r reader) Close() error { return r.f.Close() }

// Get opens the object at key.
func (s *Store) Get(ctx context.Context, key string) (io.ReadCloser, municat.ObjectInfo, error) {
	if err := municat.CheckKey(key); err != nil {
		return nil, municat.ObjectInfo{}, err
	}
	if err := ctx.Err(); err != nil {
		return nil, municat.ObjectInfo{}, fmt.Errorf("fs: get %q: %w", key, err)
	}
	o, err := s.openObject(key)
	if err != nil {
		return nil, municat.ObjectInfo{}, err
	}
	return reader{io.NewSectionReader(o.f, o.headerBytes, o.info.Size), o.f}, o.info, nil
}

// Stat describes the object at key.
func (s *Store) Stat(ctx context.Context, key string) (municat.ObjectInfo, error) {
	if err := municat.CheckKey(key); err != nil {
		return municat.ObjectInfo{}, err
	}
	if err := ctx.Err(); err != nil {
		return municat.ObjectInfo{}, fmt.Errorf("fs: stat %q: %w", key, err)
	}
	o, err := s.openObject(key)
	if err != nil {
		return municat.ObjectInfo{}, err
	}
	o.f.Close()
	return o.info, nil
}

// Delete removes the object at key and then the directories above it that
// are left empty.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := municat.CheckKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("fs: delete %q: %w", key, err)
	}
	name := path.Join(objectsDir, key)
	fi, err := s.root.Lstat(name)
	switch {
	case isNotExist(err):
		return nil
	case err != nil:
		return fmt.Errorf("fs: delete %q: %w", key, err)
	case fi.IsDir():
		return nil // a directory is no object
	}
	if err := s.root.Remove(name); err != nil && !isNotExist(err) {
		return fmt.Errorf("fs: delete %q: %w", key, err)
	}
	for dir := path.Dir(name); dir != objectsDir; dir = path.Dir(dir) {
		if s.root.Remove(dir) != nil {
			break // not empty, or gone already
		}
	}
	return nil
}

// isNotExist reports whether err says a file is missing, also when a part of
// its path is a file or is too long to exist.
func isNotExist(err error) bool {
	return errors.Is(err, iofs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) ||
		errors.Is(err, syscall.ENAMETOOLONG)
}
