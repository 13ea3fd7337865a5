package server

import (
	"io"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"
	"github.com/klauspost/compress/gzip"
)

// streamBrotliWindow is the brotli window (log2 bytes) of a compressed
// stream: 256 KiB instead of the default 4 MiB, so that a stream's
// compressor stays small while many harvesters page through the
// catalogue at once.
const streamBrotliWindow = 18

// streamCoding chooses the content coding of a streamed answer whose
// Content-Type is set, by Accept-Encoding as compress does, and sets
// Content-Encoding and Vary; "" means the identity. The handler then
// sends encodeStream(body, coding).
func streamCoding(c *fiber.Ctx) string {
	if !compressible(string(c.Response().Header.ContentType())) {
		return ""
	}
	c.Vary(fiber.HeaderAcceptEncoding)
	coding := negotiateEncoding(c.Get(fiber.HeaderAcceptEncoding))
	if coding != "" {
		c.Set(fiber.HeaderContentEncoding, coding)
	}
	return coding
}

// encodeStream returns src compressed with coding ("br" or "gzip") as it
// is read. The compressed stream is ended properly only when src ends
// with io.EOF: if src fails, so does the returned reader, without the
// compressor's trailer, so that a client sees a broken transfer rather
// than a complete document (see catalogStream). Closing the returned
// reader (fasthttp does when the client goes away) closes src.
//
// A failure of src flushes what was compressed so far: the client gets
// the part of the document made before the failure, as with the identity,
// and then a broken transfer.
func encodeStream(src io.ReadCloser, coding string) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		var enc streamEncoder
		if coding == codingBrotli {
			enc = brotli.NewWriterOptions(pw, brotli.WriterOptions{Quality: brotliLevel, LGWin: streamBrotliWindow})
		} else {
			enc, _ = gzip.NewWriterLevel(pw, gzipLevel) // the level is valid
		}
		_, err := io.Copy(enc, src)
		if err == nil {
			err = enc.Close()
		} else {
			// What was made before the failure goes out, without the end.
			_ = enc.Flush()
		}
		pw.CloseWithError(err)
	}()
	return &encodedStream{PipeReader: pr, src: src}
}

// streamEncoder is a brotli or gzip writer.
type streamEncoder interface {
	io.WriteCloser
	Flush() error
}

// encodedStream is the reader encodeStream returns.
type encodedStream struct {
	*io.PipeReader
	src io.Closer
}

// Close stops the compression and closes the source.
func (s *encodedStream) Close() error {
	s.PipeReader.Close()
	return s.src.Close()
}
