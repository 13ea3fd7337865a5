// Package upload reads request bodies as streams with a cap, so that no
// request fills the server's memory. The Fiber app runs with
// StreamRequestBody: a body arrives as a stream (c.Context().RequestBodyStream())
// unless something already read it into memory (then c.Request().Body()
// holds it). Reader, Read and Form read either kind; Multipart reads an
// upload form, spooling its one file part to a temporary file.
//
// A handler must never call c.Body(), c.FormValue or c.BodyParser on a
// streamed body: they read all of it into memory, however large.
package upload

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// drainedKey marks in c.Locals that the request body was read to its end.
type drainedKey struct{}

// TooLarge returns the error of a request body over limit bytes.
func TooLarge(limit int64) *municat.Error {
	return municat.Errorf(municat.ETOOLARGE, "Der Inhalt der Anfrage ist größer als die erlaubten %s. Bitte senden Sie weniger Daten auf einmal.", FormatSize(limit))
}

// FileTooLarge returns the error of an uploaded file over limit bytes.
func FileTooLarge(limit int64) *municat.Error {
	return municat.Errorf(municat.ETOOLARGE, "Die Datei ist größer als die erlaubten %s. Bitte teilen Sie die Daten auf mehrere Dateien auf oder packen Sie sie (z. B. als ZIP).", FormatSize(limit))
}

// FormatSize returns a byte count as people read it, in binary units with
// the German decimal comma: 1048576 → "1 MB", 1572864 → "1,5 MB",
// 65536 → "64 KB", 100 → "100 Bytes".
func FormatSize(n int64) string {
	unit := func(size int64, name string) string {
		if n%size == 0 {
			return fmt.Sprintf("%d %s", n/size, name)
		}
		return strings.Replace(fmt.Sprintf("%.1f %s", float64(n)/float64(size), name), ".", ",", 1)
	}
	switch {
	case n >= 1<<30:
		return unit(1<<30, "GB")
	case n >= 1<<20:
		return unit(1<<20, "MB")
	case n >= 1<<10:
		return unit(1<<10, "KB")
	case n == 1:
		return "1 Byte"
	}
	return fmt.Sprintf("%d Bytes", n)
}

// Reader returns the request body as a reader that fails with tooLarge
// (TooLarge(limit) if nil) once more than limit bytes have been read; the
// bytes up to the limit are returned first. A compressed body
// (Content-Encoding) fails with EINVALID: its size after unpacking is not
// known.
func Reader(c *fiber.Ctx, limit int64, tooLarge error) io.Reader {
	if tooLarge == nil {
		tooLarge = TooLarge(limit)
	}
	if enc := strings.TrimSpace(c.Get(fiber.HeaderContentEncoding)); enc != "" && !strings.EqualFold(enc, "identity") {
		return errReader{municat.Errorf(municat.EINVALID, "Komprimierte Anfragen (Content-Encoding: %s) werden nicht angenommen. Bitte senden Sie den Inhalt unkomprimiert.", enc)}
	}
	if n := int64(c.Request().Header.ContentLength()); n > limit {
		return errReader{tooLarge}
	}
	var body io.Reader
	if s := c.Context().RequestBodyStream(); s != nil {
		body = s
	} else {
		body = bytes.NewReader(c.Request().Body())
	}
	return &capped{r: body, left: limit, tooLarge: tooLarge, eof: func() { c.Locals(drainedKey{}, true) }}
}

// Read returns the whole request body, at most limit bytes, or
// TooLarge(limit).
//
// It allocates little more than the body: a body of known length once, a
// chunked one in pieces of readPiece bytes joined at the end, so that a
// refused body costs at most limit bytes of memory.
func Read(c *fiber.Ctx, limit int64) ([]byte, error) {
	r := Reader(c, limit, nil)
	if n := c.Request().Header.ContentLength(); n >= 0 && int64(n) <= limit {
		b := make([]byte, n)
		if _, err := io.ReadFull(r, b); err != nil {
			if err == io.ErrUnexpectedEOF || err == io.EOF {
				return nil, municat.Errorf(municat.EINVALID, "Die Anfrage kam nicht vollständig an. Bitte senden Sie sie erneut.")
			}
			return nil, err
		}
		// Read on to EOF (or past the cap): the body ends where announced.
		if _, err := r.Read(make([]byte, 1)); err != io.EOF {
			return nil, err
		}
		return b, nil
	}
	var pieces [][]byte
	for {
		piece := make([]byte, readPiece)
		n, err := io.ReadFull(r, piece)
		pieces = append(pieces, piece[:n])
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	return bytes.Join(pieces, nil), nil
}

// readPiece is the size of the pieces Read reads a chunked body in.
const readPiece = 32 << 10

// AllowTime lets the rest of the request body arrive within d from now.
// The server's read timeout counts from the start of the request, which is
// too short for a large file over a slow line; call AllowTime once the
// request is authorised, so that no anonymous client holds a connection
// that long.
//
// Timeout is the usual d: long enough for 100 MB over a slow line.
func AllowTime(c *fiber.Ctx, d time.Duration) {
	if conn := c.Context().Conn(); conn != nil {
		_ = conn.SetReadDeadline(time.Now().Add(d))
	}
}

// Finish is called when a request is answered: if part of a streamed body
// was not read, it asks for the connection to be closed after the answer,
// so that the unread rest is not taken for the next request on it.
func Finish(c *fiber.Ctx) {
	if c.Context().RequestBodyStream() != nil && c.Locals(drainedKey{}) == nil {
		c.Context().SetConnectionClose()
	}
}

// capped reads from r at most left bytes and then fails with tooLarge if
// there is more; it calls eof when r ends within the cap.
type capped struct {
	r        io.Reader
	left     int64
	tooLarge error
	eof      func()
	err      error
}

// Read reads from the underlying reader within the cap.
func (c *capped) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if c.left <= 0 {
		// At the cap: one more byte means the body is too large.
		var one [1]byte
		n, err := io.ReadFull(c.r, one[:])
		if n > 0 {
			c.err = c.tooLarge
		} else {
			c.err = c.end(err)
		}
		return 0, c.err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if err != nil {
		c.err = c.end(err)
		return n, c.err
	}
	return n, nil
}

// end maps the end of the underlying reader: EOF marks the body drained;
// any other error means the body did not arrive whole (the client went away
// or a chunk was malformed).
func (c *capped) end(err error) error {
	if err == io.EOF {
		c.eof()
		return io.EOF
	}
	return &municat.Error{Code: municat.EINVALID, Message: "Die Anfrage kam nicht vollständig an. Bitte senden Sie sie erneut.", Err: err}
}

// errReader fails every read with err.
type errReader struct{ err error }

// Read returns the error.
func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// Timeout is how long an authorised upload may take to arrive (see
// AllowTime).
const Timeout = 15 * time.Minute
