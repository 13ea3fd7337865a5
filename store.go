package municat

import (
	"context"
	"io"
	"time"
	"unicode/utf8"
)

// ObjectInfo describes one object in a Store.
type ObjectInfo struct {
	// Key is the object's key, e.g. "datasets/stadt.abc.json".
	Key string
	// Size is the length in bytes.
	Size int64
	// Modified is when the object was last written.
	Modified time.Time
	// ContentType is the media type given at Put ("" if none was stored).
	ContentType string
}

// Store is the object store: the source of truth for everything municat
// holds. Keys are slash-separated paths of printable characters with no
// empty, "." or ".." segment and no leading slash (see ValidKey).
//
// Every implementation passes the shared suite in store/storetest.
type Store interface {
	// Put writes the object at key from r, replacing any existing one. The
	// write is atomic: a reader sees the old object or the whole new one,
	// never a part; a failed Put leaves the old object in place. size is the
	// length of r, or -1 if unknown. Put returns ErrInvalid for a bad key.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	// Get opens the object at key. The caller closes the reader. It returns
	// an error matching ErrNotFound (and fs.ErrNotExist) if there is none.
	Get(ctx context.Context, key string) (io.ReadCloser, ObjectInfo, error)
	// Stat describes the object at key, or returns an error matching
	// ErrNotFound.
	Stat(ctx context.Context, key string) (ObjectInfo, error)
	// Delete removes the object at key. Deleting a missing key is not an
	// error.
	Delete(ctx context.Context, key string) error
	// List calls fn for every object whose key starts with prefix, in
	// ascending byte order of keys, and stops at fn's first error, which it
	// returns. A prefix matching nothing is not an error.
	List(ctx context.Context, prefix string, fn func(ObjectInfo) error) error
	// Close releases the store's resources.
	Close() error
}

// ValidKey reports whether key is a valid store key: valid UTF-8 of at most
// 900 bytes, no control characters or backslashes, and no empty, "." or ".."
// segment.
func ValidKey(key string) bool {
	if key == "" || len(key) > 900 || key[0] == '/' || key[len(key)-1] == '/' || !utf8.ValidString(key) {
		return false
	}
	start := 0
	for i := 0; i <= len(key); i++ {
		if i < len(key) && key[i] != '/' {
			c := key[i]
			if c < 0x20 || c == 0x7f || c == '\\' {
				return false
			}
			continue
		}
		seg := key[start:i]
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
		start = i + 1
	}
	return true
}

// CheckKey returns an error matching ErrInvalid unless key is a valid store
// key (see ValidKey).
func CheckKey(key string) error {
	if !ValidKey(key) {
		return Errorf(EINVALID, "invalid key %q", key)
	}
	return nil
}

// ContextReader returns a reader of r that fails with ctx's error once ctx is
// done, so that a store stops copying a canceled Put.
func ContextReader(ctx context.Context, r io.Reader) io.Reader { return ctxReader{ctx, r} }

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

// Read reads from the wrapped reader, failing with ctx's error once ctx is
// done.
func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
