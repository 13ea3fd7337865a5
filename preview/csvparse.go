package preview

import (
	"bufio"
	"errors"
	"io"
	"unicode/utf8"
)

// errRecordTooLong is returned by recordReader.next for a record longer
// than its limit.
var errRecordTooLong = errors.New("record too long")

// recordReader is a lenient CSV record reader (RFC 4180 with lazy quotes,
// like encoding/csv with LazyQuotes) that bounds memory: a record may not
// exceed maxRecord bytes, and each field keeps at most MaxCellChars+1
// characters (enough for the caller to see that it was longer) and each
// record at most MaxColumns+1 fields.
//
// It works on bytes: the separators, quotes and line ends are ASCII and never
// occur inside a multi-byte UTF-8 sequence.
type recordReader struct {
	r         *bufio.Reader
	sep       byte
	maxRecord int

	store  bool // keep field values (else only count fields)
	fields []string
	field  []byte
	runes  int // characters in field
	nf     int // number of fields in the record, including dropped ones
	size   int // bytes of the record read so far
}

func newRecordReader(r *bufio.Reader, sep byte, maxRecord int) *recordReader {
	return &recordReader{r: r, sep: sep, maxRecord: maxRecord}
}

// next reads the next non-empty record. With store false the field values
// are not kept (only counted, see count). terminated is false when the
// record ended at the end of input rather than at a line end. It returns
// io.EOF when no record is left and errRecordTooLong when the record is
// longer than maxRecord; the returned slice is reused by the next call.
func (p *recordReader) next(store bool) (fields []string, terminated bool, err error) {
	for {
		fields, terminated, err = p.read(store)
		switch {
		case err != nil:
			return nil, false, err
		case p.size == 0 && !terminated:
			return nil, false, io.EOF
		case p.size > 0:
			return fields, terminated, nil
		}
		// An empty line: skip it.
	}
}

// count returns the number of fields of the last record, including the
// ones beyond MaxColumns that were dropped.
func (p *recordReader) count() int { return p.nf }

func (p *recordReader) read(store bool) ([]string, bool, error) {
	p.store = store
	p.fields = p.fields[:0]
	p.field = p.field[:0]
	p.runes, p.nf, p.size = 0, 0, 0
	quoted, atStart := false, true
	for {
		b, err := p.r.ReadByte()
		if err != nil {
			if err != io.EOF {
				return nil, false, err
			}
			if p.size > 0 {
				p.endField(store)
			}
			return p.fields, false, nil
		}
		p.size++
		if p.size > p.maxRecord {
			return nil, false, errRecordTooLong
		}
		switch {
		case atStart && b == '"':
			quoted, atStart = true, false
		case quoted && b == '"':
			n, err := p.r.Peek(1)
			switch {
			case err == nil && n[0] == '"':
				_, _ = p.r.ReadByte()
				p.size++
				p.add('"')
			case err != nil || n[0] == p.sep || n[0] == '\n' || n[0] == '\r':
				quoted = false // closing quote; the separator or line end follows
			default:
				p.add('"') // lazy: a stray quote inside a quoted field
			}
		case quoted && b == '\r':
			if n, err := p.r.Peek(1); err == nil && n[0] == '\n' {
				continue // CRLF inside a quoted field becomes LF
			}
			p.add(b)
		case quoted:
			p.add(b)
		case b == p.sep:
			p.endField(store)
			atStart = true
		case b == '\n':
			return p.endLine(store, 1), true, nil
		case b == '\r':
			if n, err := p.r.Peek(1); err == nil && n[0] == '\n' {
				_, _ = p.r.ReadByte()
				return p.endLine(store, 1), true, nil
			} else if err != nil {
				p.size-- // a trailing "\r" at the end of input is no content
				continue
			}
			p.add(b)
			atStart = false
		default:
			p.add(b)
			atStart = false
		}
	}
}

// endLine ends the record at a line end of n bytes. A line holding nothing
// but its line end is marked empty by a size of 0.
func (p *recordReader) endLine(store bool, n int) []string {
	if p.size == n {
		p.size = 0
		return nil
	}
	p.endField(store)
	return p.fields
}

// add appends b to the current field unless the field is already longer
// than the cell limit.
func (p *recordReader) add(b byte) {
	if !p.store {
		return
	}
	if utf8.RuneStart(b) {
		p.runes++
	}
	if p.runes > MaxCellChars+1 || p.nf >= MaxColumns+1 {
		return
	}
	p.field = append(p.field, b)
}

func (p *recordReader) endField(store bool) {
	if store && p.nf < MaxColumns+1 {
		p.fields = append(p.fields, string(p.field))
	}
	p.nf++
	p.field = p.field[:0]
	p.runes = 0
}
