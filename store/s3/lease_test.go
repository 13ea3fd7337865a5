package s3_test

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/municat/municat/internal/miniotest"
	"github.com/municat/municat/store/storetest"
)

// TestConditionalPut checks that the server honours the conditional PUTs
// the leases rest on: a server that ignored If-None-Match or If-Match would
// let two processes hold one lease.
func TestConditionalPut(t *testing.T) {
	cfg := miniotest.Start(t)
	s := MustOpen(t, cfg) // creates the bucket
	client, err := minio.New(cfg.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, "")})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	put := func(key, body string, cond func(*minio.PutObjectOptions)) (string, error) {
		var opts minio.PutObjectOptions
		if cond != nil {
			cond(&opts)
		}
		info, err := client.PutObject(ctx, cfg.Bucket, key, bytes.NewReader([]byte(body)), int64(len(body)), opts)
		return info.ETag, err
	}
	noneMatch := func(o *minio.PutObjectOptions) { o.SetMatchETagExcept("*") }
	match := func(etag string) func(*minio.PutObjectOptions) {
		return func(o *minio.PutObjectOptions) { o.SetMatchETag(etag) }
	}
	// checkRefused fails t unless err is a 412, or has one of the other
	// statuses allowed.
	checkRefused := func(op string, err error, allowed ...int) {
		t.Helper()
		status := minio.ToErrorResponse(err).StatusCode
		switch {
		case err == nil:
			t.Errorf("%s: succeeded, want it refused", op)
		case status != http.StatusPreconditionFailed && !slices.Contains(allowed, status):
			t.Errorf("%s: %v (status %d), want 412 Precondition Failed", op, err, status)
		}
	}

	etag, err := put("x", "first", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = put("x", "second", noneMatch)
	checkRefused("PUT with If-None-Match: * over an existing object", err)
	if got, _ := storetest.MustGet(t, s, "x"); string(got) != "first" {
		t.Errorf("after a refused PUT, the object holds %q, want %q", got, "first")
	}
	if _, err := put("y", "new", noneMatch); err != nil {
		t.Errorf("PUT with If-None-Match: * of a new object: %v", err)
	}
	_, err = put("x", "third", match("0123456789abcdef0123456789abcdef"))
	checkRefused("PUT with If-Match on a wrong ETag", err)
	if _, err := put("x", "fourth", match(etag)); err != nil {
		t.Errorf("PUT with If-Match on the current ETag: %v", err)
	}
	_, err = put("x", "fifth", match(etag))
	checkRefused("PUT with If-Match on the ETag replaced", err)
	_, err = put("missing", "sixth", match(etag))
	checkRefused("PUT with If-Match of a missing object", err, http.StatusNotFound)
	if got, _ := storetest.MustGet(t, s, "x"); string(got) != "fourth" {
		t.Errorf("after the conditional PUTs, the object holds %q, want %q", got, "fourth")
	}
	storetest.MustNotExist(t, s, "missing")
}
