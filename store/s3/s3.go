// Package s3 implements municat.Store on an S3 bucket, with minio-go. It is
// made for MinIO, the object store municat runs with when its roles are
// spread over several machines, and works with other S3 servers.
//
// A missing object gives an error matching municat.ErrNotFound (and
// fs.ErrNotExist). A server that cannot be reached, or that refuses the
// credentials, gives one matching municat.ErrUnavailable that names the
// endpoint; no error ever holds the secret key.
//
// S3 stores "application/octet-stream" for a Put without a content type.
// List asks MinIO for each object's content type along with the listing;
// from a server that does not send it, List asks with one Stat per object.
package s3

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/municat/municat"
)

// Timeouts of the HTTP transport. A request as a whole is bounded by its
// context; these bound the steps that could otherwise hang on a dead server.
const (
	dialTimeout           = 5 * time.Second
	tlsHandshakeTimeout   = 10 * time.Second
	responseHeaderTimeout = 30 * time.Second
	idleConnTimeout       = 90 * time.Second
)

// maxRetries is how often minio-go tries a request that failed for a reason
// that may pass. Few, so that a dead server is reported within seconds.
const maxRetries = 3

// partSize is the size of the parts of a multipart upload. A Put of unknown
// size buffers one part in memory; 16 MiB parts allow objects up to 160 GB.
const partSize = 16 << 20

// Config says where the bucket is and how to log in.
type Config struct {
	// Endpoint is the server's host and port, e.g. "minio.example:9000".
	Endpoint string
	// Bucket is the bucket the objects live in; Open creates it if missing.
	Bucket string
	// AccessKey and SecretKey are the credentials.
	AccessKey, SecretKey string
	// Secure selects HTTPS.
	Secure bool
	// Region is the bucket's region; empty for MinIO's default.
	Region string
}

// String describes the configuration without the secret key, so that a
// Config can be logged.
func (c Config) String() string {
	scheme := "http"
	if c.Secure {
		scheme = "https"
	}
	return fmt.Sprintf("s3 bucket %q at %s://%s (access key %q)", c.Bucket, scheme, c.Endpoint, c.AccessKey)
}

// Store is a municat.Store on an S3 bucket. It is safe for concurrent use.
type Store struct {
	client    *minio.Client
	core      minio.Core // for a Get in one request
	transport *http.Transport
	bucket    string
	endpoint  string
	secret    string
}

var _ municat.Store = (*Store)(nil)

// Open connects to the server in cfg and creates the bucket if it does not
// exist yet.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.Endpoint == "" || cfg.Bucket == "" {
		return nil, municat.Errorf(municat.EINVALID, "s3: endpoint and bucket must be set")
	}
	transport, err := minio.DefaultTransport(cfg.Secure)
	if err != nil {
		return nil, fmt.Errorf("s3: %w", err)
	}
	transport.DialContext = (&net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}).DialContext
	transport.TLSHandshakeTimeout = tlsHandshakeTimeout
	transport.ResponseHeaderTimeout = responseHeaderTimeout
	transport.IdleConnTimeout = idleConnTimeout
	transport.ExpectContinueTimeout = time.Second

	client, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:      credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:     cfg.Secure,
		Region:     cfg.Region,
		Transport:  transport,
		MaxRetries: maxRetries,
	})
	if err != nil {
		return nil, redact(municat.Errorf(municat.EINVALID, "s3: bad endpoint %q: %v", cfg.Endpoint, err), cfg.SecretKey)
	}
	client.SetAppInfo("municat", municat.Version)
	s := &Store{client: client, core: minio.Core{Client: client}, transport: transport, bucket: cfg.Bucket, endpoint: cfg.Endpoint, secret: cfg.SecretKey}
	if err := s.ensureBucket(ctx, cfg.Region); err != nil {
		transport.CloseIdleConnections()
		return nil, err
	}
	return s, nil
}

// ensureBucket creates the bucket unless it exists.
func (s *Store) ensureBucket(ctx context.Context, region string) error {
	exists, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return s.fail(ctx, "open bucket", "", err)
	}
	if exists {
		return nil
	}
	err = s.client.MakeBucket(ctx, s.bucket, minio.MakeBucketOptions{Region: region})
	if err != nil && minio.ToErrorResponse(err).Code != minio.BucketAlreadyOwnedByYou {
		return s.fail(ctx, "create bucket", "", err)
	}
	return nil
}

// Close closes the idle connections to the server.
func (s *Store) Close() error {
	s.transport.CloseIdleConnections()
	return nil
}

// fail turns an error of minio-go into a municat error: not found, server
// unavailable, or the context's error if it is done. The result never
// holds the secret key.
func (s *Store) fail(ctx context.Context, op, key string, err error) error {
	what := op
	if key != "" {
		what = fmt.Sprintf("%s %q", op, key)
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("s3: %s: %w", what, ctxErr)
	}
	var resp minio.ErrorResponse
	var netErr net.Error
	var urlErr *url.Error
	switch {
	case errors.As(err, &resp) && resp.Code == minio.NoSuchBucket:
		err = &municat.Error{Code: municat.EUNAVAILABLE, Message: fmt.Sprintf("s3: %s: bucket %q does not exist at %s", what, s.bucket, s.endpoint), Err: err}
	case errors.As(err, &resp) && (resp.Code == minio.NoSuchKey || resp.StatusCode == http.StatusNotFound):
		err = &municat.Error{Code: municat.ENOTFOUND, Message: fmt.Sprintf("object %q not found", key), Err: err}
	case errors.As(err, &resp) && (resp.StatusCode == http.StatusForbidden || resp.Code == minio.AccessDenied ||
		resp.Code == minio.InvalidAccessKeyID || resp.Code == minio.SignatureDoesNotMatch):
		err = &municat.Error{Code: municat.EUNAVAILABLE, Message: fmt.Sprintf("s3: %s: the object store at %s refused access; check the access and secret keys", what, s.endpoint), Err: err}
	case errors.As(err, &netErr), errors.As(err, &urlErr):
		err = &municat.Error{Code: municat.EUNAVAILABLE, Message: fmt.Sprintf("s3: %s: the object store at %s is unreachable", what, s.endpoint), Err: err}
	default:
		err = fmt.Errorf("s3: %s at %s: %w", what, s.endpoint, err)
	}
	return redact(err, s.secret)
}

// redact returns err, or if its text holds secret, an error with the same
// code whose text has the secret replaced.
func redact(err error, secret string) error {
	if err == nil || secret == "" || !strings.Contains(err.Error(), secret) {
		return err
	}
	msg := strings.ReplaceAll(err.Error(), secret, "[secret]")
	return &municat.Error{Code: municat.ErrorCode(err), Message: msg}
}
