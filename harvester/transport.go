package harvester

import (
	"bytes"
	"cmp"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/municat/municat/catalog"
)

// Politeness and caching defaults of a Transport.
const (
	// DefaultHostConns is how many requests a Transport sends to one host
	// at a time.
	DefaultHostConns = 2
	// DefaultHostDelay is the least time between the starts of two
	// requests to one host.
	DefaultHostDelay = 250 * time.Millisecond
	// DefaultMaxCachedBody is the largest body a Transport keeps for
	// conditional requests.
	DefaultMaxCachedBody int64 = 8 << 20
)

// RevalidatedHeader is set on a response a Transport answered from its
// cache after the source said 304 Not Modified.
const RevalidatedHeader = "X-Municat-Revalidated"

// Transport is the http.RoundTripper of harvest requests. It is polite to
// municipal servers — at most HostConns requests to one host at a time, and
// HostDelay between the starts of two — and, with a Cache, makes GET
// requests conditional: it remembers each response's ETag and
// Last-Modified per URL in the catalogue and, when the source answers 304
// Not Modified, returns the remembered body as a 200 with
// RevalidatedHeader set. Requests that carry their own validators pass
// through uncached, as do those asking Cache-Control: no-store. Nothing is
// cached for a dry run (see IsDryRun).
type Transport struct {
	// Base sends the requests (http.DefaultTransport if nil;
	// NewHTTPClientWith sets it to GuardedTransport(HostConns, AllowNets)).
	Base http.RoundTripper
	// AllowNets are the internal networks (loopback, private, link-local,
	// CGNAT) the guarded Base that NewHTTPClientWith sets may connect to;
	// none if empty. It has no effect on a Base set by the caller.
	AllowNets []netip.Prefix
	// HostConns caps concurrent requests per host (DefaultHostConns if 0).
	HostConns int
	// HostDelay spaces request starts per host (DefaultHostDelay if 0, none
	// if negative).
	HostDelay time.Duration
	// Cache keeps responses for conditional requests (none if nil).
	Cache *catalog.Catalog
	// MaxCachedBody is the largest body kept (DefaultMaxCachedBody if 0).
	MaxCachedBody int64
	// Logger receives cache failures, which never fail a request.
	Logger *slog.Logger

	mu    sync.Mutex
	hosts map[string]*hostGate
}

// hostGate is the politeness state of one host.
type hostGate struct {
	slots chan struct{}
	mu    sync.Mutex
	next  time.Time // the earliest start of the next request
}

func (t *Transport) gate(host string) *hostGate {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.hosts == nil {
		t.hosts = map[string]*hostGate{}
	}
	g := t.hosts[host]
	if g == nil {
		g = &hostGate{slots: make(chan struct{}, cmp.Or(t.HostConns, DefaultHostConns))}
		t.hosts[host] = g
	}
	return g
}

// enter waits for a free slot and the politeness delay of g.
func (t *Transport) enter(ctx context.Context, g *hostGate) error {
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	delay := cmp.Or(t.HostDelay, DefaultHostDelay)
	if delay < 0 {
		return nil
	}
	g.mu.Lock()
	now := time.Now()
	start := now
	if g.next.After(now) {
		start = g.next
	}
	g.next = start.Add(delay)
	g.mu.Unlock()
	if wait := start.Sub(now); wait > 0 {
		timer := time.NewTimer(wait)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-ctx.Done():
			<-g.slots
			return ctx.Err()
		}
	}
	return nil
}

// RoundTrip sends req politely and, for a GET, conditionally.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	g := t.gate(req.URL.Host)
	if err := t.enter(ctx, g); err != nil {
		return nil, err
	}
	release := sync.OnceFunc(func() { <-g.slots })
	mine := t.Cache != nil && req.Method == http.MethodGet && req.Header.Get("If-None-Match") == "" &&
		req.Header.Get("If-Modified-Since") == "" && req.Header.Get("Range") == "" &&
		!strings.Contains(req.Header.Get("Cache-Control"), "no-store")
	var cached *catalog.CachedResponse
	if mine {
		cached = t.cached(req)
	}
	if cached != nil {
		req = req.Clone(ctx)
		if cached.ETag != "" {
			req.Header.Set("If-None-Match", cached.ETag)
		}
		if cached.LastModified != "" {
			req.Header.Set("If-Modified-Since", cached.LastModified)
		}
	}
	resp, err := cmp.Or[http.RoundTripper](t.Base, http.DefaultTransport).RoundTrip(req)
	if err != nil {
		release()
		return nil, err
	}
	if resp.StatusCode == http.StatusNotModified && cached != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
		resp.Body.Close()
		release()
		return revalidated(req, resp, cached), nil
	}
	resp.Body = &gatedBody{ReadCloser: resp.Body, release: release}
	if mine && t.cacheable(req, resp) {
		resp.Body = &cachingBody{ReadCloser: resp.Body, t: t, ctx: ctx, limit: cmp.Or(t.MaxCachedBody, DefaultMaxCachedBody), url: req.URL, entry: catalog.CachedResponse{
			ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"),
			ContentType: resp.Header.Get("Content-Type"),
		}}
	}
	return resp, nil
}

// cached returns the cached response for a conditional GET of req, or nil.
func (t *Transport) cached(req *http.Request) *catalog.CachedResponse {
	c, err := t.Cache.CachedResponse(req.Context(), req.URL.String())
	if err != nil {
		t.logger().Warn("reading the harvest cache failed; fetching in full", "url", withoutQuery(req.URL), "err", err)
		return nil
	}
	return c
}

// cacheable reports whether resp, the answer to a GET the Transport may
// cache, is worth keeping for conditional requests.
func (t *Transport) cacheable(req *http.Request, resp *http.Response) bool {
	return resp.StatusCode == http.StatusOK &&
		(resp.Header.Get("ETag") != "" || resp.Header.Get("Last-Modified") != "") &&
		resp.ContentLength <= cmp.Or(t.MaxCachedBody, DefaultMaxCachedBody) && !IsDryRun(req.Context())
}

func (t *Transport) logger() *slog.Logger { return cmp.Or(t.Logger, slog.Default()) }

// revalidated returns the cached response as the answer to req.
func revalidated(req *http.Request, notModified *http.Response, c *catalog.CachedResponse) *http.Response {
	h := http.Header{}
	h.Set("Content-Type", c.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(c.Body)))
	h.Set(RevalidatedHeader, "1")
	for _, k := range []string{"ETag", "Last-Modified", "Date"} {
		if v := notModified.Header.Get(k); v != "" {
			h.Set(k, v)
		}
	}
	return &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK, Proto: notModified.Proto, ProtoMajor: notModified.ProtoMajor, ProtoMinor: notModified.ProtoMinor,
		Header: h, Body: io.NopCloser(bytes.NewReader(c.Body)), ContentLength: int64(len(c.Body)), Request: req,
	}
}

// gatedBody frees the host's slot when the body is closed.
type gatedBody struct {
	io.ReadCloser
	release func()
}

// Close closes the body and frees the slot.
func (b *gatedBody) Close() error {
	defer b.release()
	return b.ReadCloser.Close()
}

// cachingBody keeps what is read of a body and caches it once it was read
// to the end, complete and within the limit.
type cachingBody struct {
	io.ReadCloser
	t     *Transport
	ctx   context.Context
	limit int64
	buf   bytes.Buffer
	over  bool
	url   *url.URL
	entry catalog.CachedResponse
}

// Read reads from the body, keeping what it read; at the end it caches it.
func (b *cachingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if !b.over {
		if int64(b.buf.Len()+n) > b.limit {
			b.over = true
			b.buf = bytes.Buffer{}
		} else {
			b.buf.Write(p[:n])
		}
	}
	if err == io.EOF && !b.over {
		b.over = true // cache once
		b.entry.Body = b.buf.Bytes()
		b.entry.Stored = time.Now().UTC()
		if perr := b.t.Cache.PutCachedResponse(context.WithoutCancel(b.ctx), b.url.String(), &b.entry); perr != nil {
			b.t.logger().Warn("keeping a response for conditional requests failed", "url", withoutQuery(b.url), "err", perr)
		}
	}
	return n, err
}

// withoutQuery returns u for a log line: without its query, which may hold
// an API key, and without a password.
func withoutQuery(u *url.URL) string {
	v := *u
	v.RawQuery, v.ForceQuery = "", false
	return v.Redacted()
}
