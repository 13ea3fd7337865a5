package harvester

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/municat/municat"
)

// DefaultMaxFileBytes caps a data file Download fetches.
const DefaultMaxFileBytes int64 = 1 << 30

// DownloadOptions tune Download; the zero value means the defaults.
type DownloadOptions struct {
	// Dir is the directory of the temporary file (os.TempDir() if empty).
	Dir string
	// MaxBytes caps the file (DefaultMaxFileBytes if 0).
	MaxBytes int64
	// ETag and LastModified are the validators of the copy the caller
	// already holds, sent as If-None-Match and If-Modified-Since; empty
	// ones are not sent.
	ETag         string
	LastModified string
	// Accept is the Accept header ("*/*" if empty).
	Accept string
	// Retries is how often to try again (DefaultRetries if 0, none if
	// negative).
	Retries int
	// Backoff is the wait before the first retry (DefaultBackoff if 0).
	Backoff time.Duration
}

// Downloaded is a file Download fetched into a temporary file, or the
// answer that the caller's copy is still current.
type Downloaded struct {
	// Path is the temporary file; empty if NotModified or after Remove.
	Path string
	// Size is the file's length in bytes.
	Size int64
	// SHA256 is the lower-case hex SHA-256 of the file.
	SHA256 string
	// ContentType is the Content-Type the source sent, as sent.
	ContentType string
	// ETag and LastModified are the validators the source sent (on a 304,
	// the ones sent with the request if the answer had none).
	ETag         string
	LastModified string
	// FinalURL is the address the answer came from after redirects.
	FinalURL string
	// NotModified reports a 304 answer: the caller's copy is current and
	// there is no file.
	NotModified bool
}

// Remove deletes the temporary file, if there is one; it is safe to call
// more than once and on a nil Downloaded.
func (d *Downloaded) Remove() error {
	if d == nil || d.Path == "" {
		return nil
	}
	err := os.Remove(d.Path)
	d.Path = ""
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// Download fetches the file at rawURL with a GET request into a temporary
// file in opts.Dir, computing its SHA-256 and size while writing; the
// caller removes the file with Remove. It sends User-Agent
// municat/<version>, and If-None-Match and If-Modified-Since from opts: a
// 304 answer to such a conditional request gives a Downloaded with
// NotModified set and no file. A file bigger than opts.MaxBytes gives an
// error matching municat.ErrTooLarge; an answer other than 2xx, a body
// shorter than announced, a timeout or a network failure gives an error
// matching municat.ErrUnavailable with a German message naming the
// address. Failed attempts are retried as GetBody retries them, and no
// temporary file is left behind by a failure.
func Download(ctx context.Context, client *http.Client, rawURL string, opts DownloadOptions) (*Downloaded, error) {
	if client == nil {
		client = http.DefaultClient
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, municat.Errorf(municat.EINVALID, "Die Adresse %q ist keine gültige Web-Adresse", rawURL)
	}
	var d *Downloaded
	err = retry(ctx, opts.Retries, opts.Backoff, func() error {
		var err error
		d, err = downloadOnce(ctx, client, u, opts)
		return err
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// downloadOnce makes one attempt of Download.
func downloadOnce(ctx context.Context, client *http.Client, u *url.URL, opts DownloadOptions) (*Downloaded, error) {
	shown := u.Redacted()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, municat.Errorf(municat.EINVALID, "Die Adresse %q ist keine gültige Web-Adresse", shown)
	}
	req.Header.Set("User-Agent", municat.UserAgent())
	accept := opts.Accept
	if accept == "" {
		accept = "*/*"
	}
	req.Header.Set("Accept", accept)
	// The file is kept as a version, with its own validators: the
	// Transport's response cache need not keep a copy.
	req.Header.Set("Cache-Control", "no-store")
	conditional := opts.ETag != "" || opts.LastModified != ""
	if opts.ETag != "" {
		req.Header.Set("If-None-Match", opts.ETag)
	}
	if opts.LastModified != "" {
		req.Header.Set("If-Modified-Since", opts.LastModified)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, transportError(ctx, err, shown)
	}
	defer resp.Body.Close()

	d := &Downloaded{
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		FinalURL:     u.String(),
	}
	if resp.Request != nil && resp.Request.URL != nil {
		d.FinalURL = resp.Request.URL.String()
	}
	if resp.StatusCode == http.StatusNotModified && conditional {
		d.NotModified = true
		if d.ETag == "" {
			d.ETag = opts.ETag
		}
		if d.LastModified == "" {
			d.LastModified = opts.LastModified
		}
		return d, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
		retry := resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests
		ae := unavailable(retry, nil, "Die Quelle antwortete mit HTTP %d auf %s", resp.StatusCode, shown)
		ae.retryAfter = retryAfter(resp.Header.Get("Retry-After"), time.Now())
		return nil, ae
	}
	limit := opts.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxFileBytes
	}
	if resp.ContentLength > limit {
		return nil, fileTooLarge(shown, limit)
	}
	if err := d.write(ctx, resp, opts.Dir, limit, shown); err != nil {
		return nil, err
	}
	return d, nil
}

// write copies the body of resp into a new temporary file in dir and sets
// Path, Size and SHA256; on failure it leaves no file behind.
func (d *Downloaded) write(ctx context.Context, resp *http.Response, dir string, limit int64, shown string) (err error) {
	f, err := os.CreateTemp(dir, "municat-download-*")
	if err != nil {
		return fmt.Errorf("harvester: create temporary file: %w", err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("harvester: write temporary file: %w", cerr)
		}
		if err != nil {
			os.Remove(f.Name())
		}
	}()
	h := sha256.New()
	body := &readRecorder{r: io.LimitReader(resp.Body, limit+1)}
	n, err := io.Copy(io.MultiWriter(f, h), body)
	switch {
	case body.err != nil:
		return transportError(ctx, body.err, shown)
	case err != nil:
		return fmt.Errorf("harvester: write temporary file: %w", err)
	case n > limit:
		return fileTooLarge(shown, limit)
	case resp.ContentLength >= 0 && n != resp.ContentLength:
		return unavailable(true, io.ErrUnexpectedEOF, "Die Übertragung von %s brach nach %d von %d Bytes ab", shown, n, resp.ContentLength)
	}
	d.Path, d.Size, d.SHA256 = f.Name(), n, hex.EncodeToString(h.Sum(nil))
	return nil
}

// readRecorder remembers the first read error other than io.EOF, to tell
// a broken transfer from a failed write.
type readRecorder struct {
	r   io.Reader
	err error
}

// Read reads from the underlying reader and records its error.
func (r *readRecorder) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF && r.err == nil {
		r.err = err
	}
	return n, err
}

// fileTooLarge says that the file at shown exceeds limit. Unlike tooLarge
// it speaks of a file, not of a page of a listing.
func fileTooLarge(shown string, limit int64) error {
	return municat.Errorf(municat.ETOOLARGE, "Die Datei unter %s ist größer als die erlaubten %s; bitte die Datei verkleinern oder die Grenze für Dateien erhöhen", shown, byteSize(limit))
}
