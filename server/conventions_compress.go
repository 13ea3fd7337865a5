package server

import (
	"bytes"
	"io"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"
	"github.com/klauspost/compress/gzip"
)

// minCompressSize is the smallest body that is compressed: below about a
// kilobyte the saving does not pay for the work and the headers.
const minCompressSize = 1024

// Compression levels for answers made per request, measured with
// BenchmarkConventions on a search page of 9.5 KiB (on a shared 2-vCPU
// machine): gzip 6 (klauspost) gives 1290 bytes in 40–55 µs; brotli (a
// pure Go port) 2 gives 1276 bytes in 100–125 µs, brotli 4 1235 bytes in
// 200–400 µs and brotli 5 1164 bytes in over 500 µs. Brotli 2 keeps
// brotli affordable for clients that prefer it; on a tie gzip is chosen
// (see negotiateEncoding).
const (
	brotliLevel = 2
	gzipLevel   = gzip.DefaultCompression
)

// Pools of compressors: a brotli or gzip writer holds tens of kilobytes
// of tables that are better reused than made per answer.
var (
	brotliWriters = sync.Pool{New: func() any { return brotli.NewWriterLevel(nil, brotliLevel) }}
	gzipWriters   = sync.Pool{New: func() any {
		w, err := gzip.NewWriterLevel(nil, gzipLevel)
		if err != nil {
			panic(err) // the level is a valid constant
		}
		return w
	}}
)

// encodeBody returns body compressed with coding ("br" or "gzip").
func encodeBody(coding string, body []byte) []byte {
	out := bytes.NewBuffer(make([]byte, 0, len(body)/4+64))
	var w interface {
		io.WriteCloser
		Reset(io.Writer)
	}
	switch coding {
	case codingBrotli:
		bw := brotliWriters.Get().(*brotli.Writer)
		defer brotliWriters.Put(bw)
		w = bw
	default:
		gw := gzipWriters.Get().(*gzip.Writer)
		defer gzipWriters.Put(gw)
		w = gw
	}
	w.Reset(out)
	// Writing to a bytes.Buffer cannot fail.
	_, _ = w.Write(body)
	_ = w.Close()
	return out.Bytes()
}

// Content codings of compressed answers.
const (
	codingBrotli = "br"
	codingGzip   = "gzip"
)

// compress compresses a buffered API answer of a text type (compressible)
// of at least minCompressSize bytes with the coding the client prefers
// (see negotiateEncoding) and adds "Vary: Accept-Encoding" to every answer
// of such a type. It leaves alone streamed answers (a handler that
// streams compresses with encodeStream), downloads, partial answers
// (206), answers without content and answers already encoded.
//
// The HTML pages are not compressed by municat: the administration's pages
// hold CSRF tokens next to text the user typed, which compression would
// expose to a BREACH attack. A reverse proxy may compress the public pages.
func compress(c *fiber.Ctx) {
	resp := c.Response()
	switch resp.StatusCode() {
	case fiber.StatusNoContent, fiber.StatusNotModified, fiber.StatusPartialContent:
		return
	}
	if !compressible(string(resp.Header.ContentType())) {
		return
	}
	c.Vary(fiber.HeaderAcceptEncoding)
	if len(resp.Header.Peek(fiber.HeaderContentEncoding)) > 0 || len(resp.Header.Peek(fiber.HeaderContentRange)) > 0 {
		return
	}
	body := bufferedBody(resp)
	if len(body) < minCompressSize {
		return
	}
	coding := negotiateEncoding(c.Get(fiber.HeaderAcceptEncoding))
	if coding == "" {
		return
	}
	resp.SetBodyRaw(encodeBody(coding, body))
	resp.Header.Set(fiber.HeaderContentEncoding, coding)
	// A strong tag names one byte sequence; the compressed one is
	// another, so a tag the handler set becomes weak.
	if etag := resp.Header.Peek(fiber.HeaderETag); len(etag) > 0 && etag[0] == '"' {
		resp.Header.Set(fiber.HeaderETag, "W/"+string(etag))
	}
}

// compressible reports whether answers of media type ct are worth
// compressing: text, JSON, XML and YAML, and the RDF formats, but not
// archives, spreadsheets (XLSX is a zip) or images.
func compressible(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	typ, sub, ok := strings.Cut(strings.ToLower(strings.TrimSpace(mt)), "/")
	switch {
	case !ok || !isToken(typ) || !isToken(sub):
		return false
	case typ == "text":
		return true
	case typ != "application":
		return false
	case strings.HasSuffix(sub, "+json"), strings.HasSuffix(sub, "+xml"), strings.HasSuffix(sub, "+yaml"):
		return true
	}
	switch sub {
	case "json", "xml", "yaml", "x-yaml", "n-triples", "n-quads", "trig", "x-ndjson", "javascript", "csv":
		return true
	}
	return false
}

// maxAcceptEncodings caps the entries of an Accept-Encoding header that
// negotiateEncoding looks at.
const maxAcceptEncodings = 32

// negotiateEncoding returns the content coding an Accept-Encoding header
// prefers among brotli and gzip ("br", "gzip"), or "" for the identity:
// the one with the higher weight (RFC 9110 section 12.5.3), gzip on a
// tie: at the level used here brotli costs two to three times the CPU of
// gzip for about 1 % fewer bytes on JSON (BenchmarkConventions), and a
// small portal's one machine should not pay that for every browser that
// offers both; "*" stands for every coding not named; weight 0
// refuses a coding. "x-gzip" counts as gzip. Malformed entries are
// skipped.
func negotiateEncoding(header string) string {
	if header == "" {
		return ""
	}
	br, gz, star := -1, -1, -1
	for i, part := range strings.Split(header, ",") {
		if i >= maxAcceptEncodings {
			break
		}
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		q, ok := codingWeight(params)
		if !ok {
			continue
		}
		switch name {
		case codingBrotli:
			br = max(br, q)
		case codingGzip, "x-gzip":
			gz = max(gz, q)
		case "*":
			star = max(star, q)
		}
	}
	if br < 0 {
		br = star
	}
	if gz < 0 {
		gz = star
	}
	switch {
	case gz > 0 && gz >= br:
		return codingGzip
	case br > 0:
		return codingBrotli
	}
	return ""
}

// codingWeight returns the weight of an Accept-Encoding entry from its
// parameters ("q=0.5"), in thousandths: 1000 without q, ok false for a
// malformed weight.
func codingWeight(params string) (q int, ok bool) {
	q = 1000
	for _, p := range strings.Split(params, ";") {
		k, v, _ := strings.Cut(p, "=")
		if !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		if q, ok = parseQValue(strings.TrimSpace(v)); !ok {
			return 0, false
		}
	}
	return q, true
}
