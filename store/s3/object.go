package s3

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/minio/minio-go/v7"

	"github.com/municat/municat"
)

// Put writes the object at key from r. S3 makes the write atomic: a failed
// upload leaves the old object in place.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if err := municat.CheckKey(key); err != nil {
		return err
	}
	if err := checkContentType(contentType); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("s3: put %q: %w", key, err)
	}
	_, err := s.client.PutObject(ctx, s.bucket, key, municat.ContextReader(ctx, r), size, minio.PutObjectOptions{
		ContentType: contentType,
		PartSize:    partSize,
	})
	if err != nil {
		return s.fail(ctx, "put", key, err)
	}
	return nil
}

// Get opens the object at key. It sends the request before it returns, so
// that a missing object is reported here and not at the first Read.
func (s *Store) Get(ctx context.Context, key string) (io.ReadCloser, municat.ObjectInfo, error) {
	if err := municat.CheckKey(key); err != nil {
		return nil, municat.ObjectInfo{}, err
	}
	if err := ctx.Err(); err != nil {
		return nil, municat.ObjectInfo{}, fmt.Errorf("s3: get %q: %w", key, err)
	}
	// One GET request, whose answer holds the object's description and its
	// bytes: minio-go's lazy Object would send a second request for the
	// bytes, which fails if the object was replaced in between.
	body, st, _, err := s.core.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, municat.ObjectInfo{}, s.fail(ctx, "get", key, err)
	}
	info := objectInfo(st)
	info.Key = key
	return body, info, nil
}

// Stat describes the object at key.
func (s *Store) Stat(ctx context.Context, key string) (municat.ObjectInfo, error) {
	if err := municat.CheckKey(key); err != nil {
		return municat.ObjectInfo{}, err
	}
	if err := ctx.Err(); err != nil {
		return municat.ObjectInfo{}, fmt.Errorf("s3: stat %q: %w", key, err)
	}
	st, err := s.client.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return municat.ObjectInfo{}, s.fail(ctx, "stat", key, err)
	}
	return objectInfo(st), nil
}

// Delete removes the object at key; S3 reports no error for a missing one.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := municat.CheckKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("s3: delete %q: %w", key, err)
	}
	if err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil {
		return s.fail(ctx, "delete", key, err)
	}
	return nil
}

// List calls fn for every object whose key starts with prefix. S3 lists keys
// in ascending byte order (of their UTF-8 encoding), which is the order the
// contract asks for.
func (s *Store) List(ctx context.Context, prefix string, fn func(municat.ObjectInfo) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("s3: list %q: %w", prefix, err)
	}
	// The part of a key before its last "/" is a valid key itself; a prefix
	// whose part before its last "/" is not one matches nothing, and MinIO
	// refuses some such prefixes, e.g. with "//".
	if i := strings.LastIndexByte(prefix, '/'); i >= 0 && municat.CheckKey(prefix[:i]) != nil {
		return nil
	}
	listCtx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the listing when fn fails
	opts := minio.ListObjectsOptions{Prefix: prefix, Recursive: true, WithMetadata: true}
	for obj := range s.client.ListObjectsIter(listCtx, s.bucket, opts) {
		if obj.Err != nil {
			return s.fail(ctx, "list", prefix, obj.Err)
		}
		info := municat.ObjectInfo{Key: obj.Key, Size: obj.Size, Modified: obj.LastModified}
		if ct, ok := lookup(obj.UserMetadata, "Content-Type"); ok {
			info.ContentType = ct
		} else {
			// Not MinIO: the listing holds no metadata.
			st, err := s.Stat(ctx, obj.Key)
			if municat.ErrorCode(err) == municat.ENOTFOUND {
				continue // deleted since it was listed
			} else if err != nil {
				return err
			}
			info = st
		}
		if err := fn(info); err != nil {
			return err
		}
	}
	return nil
}

// objectInfo converts minio-go's description of an object.
func objectInfo(st minio.ObjectInfo) municat.ObjectInfo {
	return municat.ObjectInfo{Key: st.Key, Size: st.Size, Modified: st.LastModified, ContentType: st.ContentType}
}

// lookup returns the value of the metadata entry name, ignoring case.
func lookup(m minio.StringMap, name string) (string, bool) {
	for k, v := range m {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

// checkContentType returns an ErrInvalid error if contentType cannot be sent
// as an HTTP header value.
func checkContentType(contentType string) error {
	for i := 0; i < len(contentType); i++ {
		if c := contentType[i]; c < 0x20 || c == 0x7f {
			return municat.Errorf(municat.EINVALID, "invalid content type %q", contentType)
		}
	}
	return nil
}
