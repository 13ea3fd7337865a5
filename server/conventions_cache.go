package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// bufferedBody returns the body of a buffered answer with content, or nil
// for a streamed answer, an empty one (HEAD of a download or of the
// catalogue, which are not buffered for GET) and a file download
// (Content-Disposition), whose headers are the handler's business.
func bufferedBody(resp *fasthttp.Response) []byte {
	if resp.IsBodyStream() || len(resp.Header.Peek(fiber.HeaderContentDisposition)) > 0 {
		return nil
	}
	return resp.Body()
}

// bodyETag returns the weak entity tag of body: the 64-bit xxHash of it,
// in hex. A hash of the content needs no state and changes whenever the
// answer does, including when the same URL answers a token holder
// differently. xxHash rather than SHA-256 because it costs a tenth of the
// time on a large page and a collision is harmless: a client would keep
// its copy until the max-age ends, and nobody can make the server hash
// chosen content against a copy held by someone else. The tag is weak
// because the gzip, brotli and identity forms of the answer share it.
func bodyETag(body []byte) string {
	var b [3 + 16 + 1]byte
	out := append(b[:0], `W/"`...)
	out = strconv.AppendUint(out, xxhash.Sum64(body), 16)
	return string(append(out, '"'))
}

// conditional makes a buffered 200 answer to GET or HEAD conditional: it
// gets an ETag (bodyETag, unless the handler set one) and turns into 304
// when If-None-Match matches it, or, when there is no If-None-Match, when
// the handler set Last-Modified and If-Modified-Since is not before it
// (RFC 9110 section 13.2.2).
func conditional(c *fiber.Ctx) {
	resp := c.Response()
	if resp.StatusCode() != fiber.StatusOK {
		return
	}
	body := bufferedBody(resp)
	if len(body) == 0 {
		return
	}
	etag := string(resp.Header.Peek(fiber.HeaderETag))
	if etag == "" {
		etag = bodyETag(body)
		resp.Header.Set(fiber.HeaderETag, etag)
	}
	if inm := c.Get(fiber.HeaderIfNoneMatch); inm != "" {
		// Weak comparison (RFC 9110 section 13.1.2), as for GET it must be.
		if etagMatches(inm, strings.TrimPrefix(etag, "W/")) {
			notModified(resp)
		}
		return
	}
	if notModifiedSince(c.Get(fiber.HeaderIfModifiedSince), string(resp.Header.Peek(fiber.HeaderLastModified))) {
		notModified(resp)
	}
}

// notModifiedSince reports whether an If-Modified-Since value is a valid
// date not before lastModified (both HTTP dates, second precision).
func notModifiedSince(ims, lastModified string) bool {
	if ims == "" || lastModified == "" {
		return false
	}
	since, err := http.ParseTime(ims)
	if err != nil {
		return false
	}
	modified, err := http.ParseTime(lastModified)
	return err == nil && !modified.After(since)
}

// notModified turns the answer into 304 Not Modified: no body and no
// content headers; the validators, Cache-Control and Vary stay.
func notModified(resp *fasthttp.Response) {
	resp.SetStatusCode(fiber.StatusNotModified)
	resp.ResetBody()
	resp.Header.Del(fiber.HeaderContentType)
	resp.Header.SetNoDefaultContentType(true)
	resp.Header.Del(fiber.HeaderContentLength)
}

// setLastModified sets the Last-Modified header to t (in UTC, to the
// second), but never later than now: a date in the future (a source's
// clock) would keep If-Modified-Since from ever matching. A zero t sets
// nothing.
func setLastModified(c *fiber.Ctx, t, now time.Time) {
	if t.IsZero() {
		return
	}
	if t.After(now) {
		t = now
	}
	c.Set(fiber.HeaderLastModified, t.UTC().Format(http.TimeFormat))
}
