package harvester

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/municat/municat"
)

// Limits of outgoing requests.
const (
	// DefaultMaxBytes caps the size of one response body. A page of a
	// paged API (CKAN at rows=1000 ≈ 10–20 MB) fits; a source whose single
	// document is bigger should page, or have its fetcher's MaxBytes raised.
	DefaultMaxBytes int64 = 32 << 20
	// DefaultRetries is how often GetBody tries again after a 5xx answer,
	// a 429 or a network failure.
	DefaultRetries = 2
	// DefaultBackoff is the wait before the first retry; it doubles for each
	// further one.
	DefaultBackoff = 2 * time.Second
	// MaxRetryAfter is the longest Retry-After wait GetBody honours; a
	// source asking for a longer one fails the request.
	MaxRetryAfter = 2 * time.Minute
	// maxRedirects caps the redirects one request follows.
	maxRedirects = 5
)

// NewHTTPClient returns the HTTP client for harvesting: with timeouts for
// dialling, the TLS handshake, the response header and the whole request, a
// cap on connections per host, at most 5 redirects, a polite Transport
// without cache, and the address guard of GuardedDialer with no internal
// network allowed.
func NewHTTPClient() *http.Client { return NewHTTPClientWith(&Transport{}) }

// NewHTTPClientWith returns the HTTP client for harvesting over t (see
// NewHTTPClient); t.Base, if nil, is set to a transport with the harvest
// timeouts whose dialer refuses internal addresses outside t.AllowNets (see
// GuardedDialer). Share one client between all sources, so that its
// politeness per host holds across them.
func NewHTTPClientWith(t *Transport) *http.Client {
	if t.Base == nil {
		t.Base = GuardedTransport(cmp.Or(t.HostConns, DefaultHostConns), t.AllowNets)
	}
	return &http.Client{
		Transport: t,
		Timeout:   10 * time.Minute,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("more than %d redirects", maxRedirects)
			}
			return nil
		},
	}
}

// GuardedTransport returns the transport with the harvest timeouts, keeping
// hostConns idle connections per host, that connects only to addresses
// GuardedDialer(allow) lets through. It uses a proxy from the environment
// (HTTPS_PROXY, HTTP_PROXY, NO_PROXY); the guard then checks the proxy's
// address, and the proxy must refuse internal addresses itself. It sets no
// cap on connections per host: the Transport over it holds that limit
// (HostConns), and a second, lower one here would silently override a
// configured higher one.
func GuardedTransport(hostConns int, allow []netip.Prefix) *http.Transport {
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           GuardedDialer(allow).DialContext,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: 2 * time.Minute, // a search over a big catalogue may take a while
		ExpectContinueTimeout: time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   hostConns,
	}
	return transport
}

// GetOptions tune GetBody; the zero value means the defaults.
type GetOptions struct {
	// MaxBytes caps the body (DefaultMaxBytes if 0).
	MaxBytes int64
	// Accept is the Accept header ("application/json" if empty).
	Accept string
	// Retries is how often to try again (DefaultRetries if 0, none if
	// negative).
	Retries int
	// Backoff is the wait before the first retry (DefaultBackoff if 0).
	Backoff time.Duration
	// FinalURL, if not nil, receives the URL the body came from after
	// redirects: the base that relative links in the body resolve against.
	FinalURL *string
}

// GetBody fetches rawURL with a GET request, sending User-Agent
// municat/<version>, and returns the body and its media type. It reads at
// most opts.MaxBytes: a bigger body gives an error matching
// municat.ErrTooLarge. An answer other than 2xx, a timeout or a network
// failure gives an error matching municat.ErrUnavailable whose message
// names the status and the address in German; 5xx and 429 answers, timeouts
// and network failures are retried with a growing wait, honouring
// Retry-After up to MaxRetryAfter. A cancelled ctx ends it at once.
func GetBody(ctx context.Context, client *http.Client, rawURL string, opts GetOptions) ([]byte, string, error) {
	if client == nil {
		client = http.DefaultClient
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, "", municat.Errorf(municat.EINVALID, "Die Adresse %q ist keine gültige Web-Adresse", rawURL)
	}
	var body []byte
	var ctype string
	err = retry(ctx, opts.Retries, opts.Backoff, func() error {
		var err error
		body, ctype, err = getOnce(ctx, client, u, opts)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return body, ctype, nil
}

// retry calls attempt until it succeeds, fails for good, or retries (see
// GetOptions.Retries) are used up. It retries an *attemptError marked
// retry, after backoff doubled per attempt with jitter (a random half of
// the wait added), or after the Retry-After the source asked for; a source
// asking for more than MaxRetryAfter fails at once. A cancelled ctx ends it
// with ctx's error.
func retry(ctx context.Context, retries int, backoff time.Duration, attempt func() error) error {
	if retries == 0 {
		retries = DefaultRetries
	}
	if backoff <= 0 {
		backoff = DefaultBackoff
	}
	for n := 0; ; n++ {
		err := attempt()
		var ae *attemptError
		if err == nil || !errors.As(err, &ae) || !ae.retry || n >= retries {
			return err
		}
		if ae.retryAfter > MaxRetryAfter {
			return &municat.Error{
				Code:    municat.EUNAVAILABLE,
				Message: fmt.Sprintf("%s; sie bat, es erst in %s erneut zu versuchen", ae.err.Message, ae.retryAfter.Round(time.Second)),
				Err:     ae.err.Err,
			}
		}
		delay := backoff << n
		delay += rand.N(delay/2 + 1)
		if ae.retryAfter > 0 {
			delay = ae.retryAfter
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// maxErrorBody is how much of the body of a failed response a StatusError
// keeps.
const maxErrorBody = 4 << 10

// StatusError is the cause of GetBody's error for an answer other than
// 2xx (errors.As finds it): the status, the address (without password) and
// the start of the body, in which many APIs explain the failure.
type StatusError struct {
	// Status is the HTTP status code.
	Status int
	// URL is the requested address, with any password masked.
	URL string
	// Body is the first 4 KiB of the response body.
	Body []byte
}

// Error returns e.g. "HTTP 404 from https://…".
func (e *StatusError) Error() string { return fmt.Sprintf("HTTP %d from %s", e.Status, e.URL) }

// attemptError is a failed attempt of GetBody.
type attemptError struct {
	err        *municat.Error
	retry      bool
	retryAfter time.Duration
}

// Error returns the message of the failed attempt.
func (e *attemptError) Error() string { return e.err.Error() }

// Unwrap returns the municat error of the attempt.
func (e *attemptError) Unwrap() error { return e.err }

func unavailable(retry bool, cause error, format string, args ...any) *attemptError {
	return &attemptError{
		err:   &municat.Error{Code: municat.EUNAVAILABLE, Message: fmt.Sprintf(format, args...), Err: cause},
		retry: retry,
	}
}

// getOnce makes one attempt of GetBody.
func getOnce(ctx context.Context, client *http.Client, u *url.URL, opts GetOptions) ([]byte, string, error) {
	shown := u.Redacted()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, "", municat.Errorf(municat.EINVALID, "Die Adresse %q ist keine gültige Web-Adresse", shown)
	}
	req.Header.Set("User-Agent", municat.UserAgent())
	accept := opts.Accept
	if accept == "" {
		accept = "application/json"
	}
	req.Header.Set("Accept", accept)
	resp, err := client.Do(req)
	if err != nil {
		return nil, "", transportError(ctx, err, shown)
	}
	defer resp.Body.Close()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		head, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		retry := resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests
		ae := unavailable(retry, &StatusError{Status: resp.StatusCode, URL: shown, Body: head}, "Die Quelle antwortete mit HTTP %d auf %s", resp.StatusCode, shown)
		ae.retryAfter = retryAfter(resp.Header.Get("Retry-After"), time.Now())
		return nil, "", ae
	}
	limit := opts.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	if resp.ContentLength > limit {
		return nil, "", tooLarge(shown, limit)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if errors.Is(err, io.ErrUnexpectedEOF) && ctx.Err() == nil {
		return nil, "", unavailable(true, err, "Die Antwort von %s brach vorzeitig ab (%s von angekündigten %d Bytes erhalten)", shown, byteSize(int64(len(body))), resp.ContentLength)
	}
	if err != nil {
		return nil, "", transportError(ctx, err, shown)
	}
	if int64(len(body)) > limit {
		return nil, "", tooLarge(shown, limit)
	}
	if opts.FinalURL != nil {
		*opts.FinalURL = u.String()
		if resp.Request != nil && resp.Request.URL != nil {
			*opts.FinalURL = resp.Request.URL.String()
		}
	}
	return body, resp.Header.Get("Content-Type"), nil
}

func tooLarge(shown string, limit int64) error {
	return municat.Errorf(municat.ETOOLARGE, "Die Antwort von %s ist größer als die erlaubten %s; bitte die Seitengröße der Quelle verkleinern oder die Grenze erhöhen", shown, byteSize(limit))
}

// transportError classifies a failure to get or read a response.
func transportError(ctx context.Context, err error, shown string) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var be *BlockedAddressError
	if errors.As(err, &be) {
		return blocked(err, be, shown)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) {
		return unavailable(true, err, "Die Quelle antwortete nicht rechtzeitig auf %s", shown)
	}
	return unavailable(true, err, "Die Quelle ist unter %s nicht erreichbar", shown)
}

// retryAfter reads a Retry-After header (seconds or an HTTP date); 0 if
// absent or invalid.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(min(s, 1<<20)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// byteSize writes n as e.g. "64 MiB" or "1000 Bytes".
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d Bytes", n)
}
