package preview

import (
	"bufio"
	"bytes"
	"io"

	"golang.org/x/text/transform"
)

// sniffSize is the length of the prefix that encoding and separator
// detection look at.
const sniffSize = 64 << 10

// CSV returns one page of a CSV (or TSV) file: the header row as columns and
// up to opt.Limit data rows after skipping opt.Offset.
//
// The character encoding (UTF-8 with or without BOM, UTF-16 with BOM,
// otherwise Windows-1252) and the separator (";", ",", tab or "|") are
// detected from the first 64 KiB; an Excel "sep=" first line is honoured.
// Values are returned as text exactly as in the file; quoted fields may span
// lines; rows of different length are padded to the widest row.
//
// Reading stops after Offset+Limit+1 rows or opt.MaxBytes of input
// (default DefaultCSVMaxBytes), so r may be arbitrarily large; reaching the
// limit is reported in Table.Truncated, Table.Stopped and Table.HasMore, not
// as an error. A header longer than MaxLineBytes is ErrLineTooLong. Binary
// files give ErrNotText, HTML pages ErrHTML, files without any record
// ErrEmpty, read failures ErrRead.
func CSV(r io.Reader, opt Options) (*Table, error) {
	maxBytes := opt.MaxBytes
	if maxBytes <= 0 {
		maxBytes = DefaultCSVMaxBytes
	}
	lr := &limitReader{r: r, max: maxBytes}
	src, enc, sep, sepLine, err := openText(lr, func() bool { return lr.capped })
	if err != nil {
		return nil, err
	}
	rr := newRecordReader(src, sep, MaxLineBytes)
	b := &tableBuilder{t: &Table{Encoding: enc.name, Separator: string(sep), Offset: opt.offset()}}
	defer func() { b.t.BytesRead = lr.n }()

	if sepLine {
		if _, _, err := rr.next(false); err != nil && err != io.EOF {
			return nil, csvErr(err)
		}
	}
	header, terminated, err := rr.next(true)
	switch {
	case err == io.EOF:
		return nil, ErrEmpty
	case err != nil:
		return nil, csvErr(err)
	}
	b.t.Columns = b.row(header)
	if !terminated && lr.capped {
		b.stop(ErrSizeLimit)
		return b.finish(), nil
	}

	for i := 0; i < b.t.Offset; i++ {
		if !b.record(rr, lr, false) {
			return b.finish(), b.err
		}
	}
	for i := range opt.limit() {
		if i > 0 && b.full() {
			b.stop(ErrSizeLimit)
			return b.finish(), nil
		}
		if !b.record(rr, lr, true) {
			return b.finish(), b.err
		}
	}
	// One more record tells whether the file goes on.
	_, _, err = rr.next(false)
	switch {
	case err == nil || err == errRecordTooLong || (err == io.EOF && lr.capped):
		b.t.HasMore = true
	case err != io.EOF:
		return nil, csvErr(err)
	}
	return b.finish(), nil
}

// record reads the next record into the table (if store) and reports
// whether to go on. At the end of input or a limit it records why and
// returns false; b.err is set for read failures.
func (b *tableBuilder) record(rr *recordReader, lr *limitReader, store bool) bool {
	fields, terminated, err := rr.next(store)
	switch {
	case err == io.EOF && lr.capped:
		b.stop(ErrSizeLimit)
		return false
	case err == io.EOF:
		return false
	case err == errRecordTooLong:
		b.stop(ErrLineTooLong)
		return false
	case err != nil:
		b.err = csvErr(err)
		return false
	case !terminated && lr.capped:
		// The limit cut this record; it is incomplete.
		b.stop(ErrSizeLimit)
		return false
	}
	if store {
		b.t.Rows = append(b.t.Rows, b.row(fields))
	}
	return true
}

// stop marks the table as cut short for the given reason.
func (b *tableBuilder) stop(reason error) {
	b.t.Truncated, b.t.HasMore, b.t.Stopped = true, true, reason
}

func csvErr(err error) error {
	if err == errRecordTooLong {
		return ErrLineTooLong
	}
	return wrap(ErrRead, "", err)
}

// openText sniffs the encoding and separator of the text read from r (its
// first sniffSize bytes) and returns a reader of the text as UTF-8 without
// a byte order mark, the encoding, the separator and whether the first
// line only names the separator ("sep=;"). capped, if not nil, reports
// whether r stopped at a limit rather than at the file's end (then the
// sniffed prefix is not the whole file). It returns ErrRead, ErrEmpty,
// ErrNotText, ErrHTML and the errors of detectEncoding.
func openText(r io.Reader, capped func() bool) (src *bufio.Reader, enc textEncoding, sep byte, sepLine bool, err error) {
	br := bufio.NewReaderSize(r, sniffSize)
	prefix, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF {
		return nil, enc, 0, false, wrap(ErrRead, "", err)
	}
	if len(prefix) == 0 {
		return nil, enc, 0, false, ErrEmpty
	}
	complete := len(prefix) < sniffSize && (capped == nil || !capped())
	if enc, err = detectEncoding(prefix, complete); err != nil {
		return nil, enc, 0, false, err
	}
	text := enc.decodePrefix(prefix, complete)
	if looksBinary(text) {
		return nil, enc, 0, false, ErrNotText
	}
	if looksHTML(text) {
		return nil, enc, 0, false, ErrHTML
	}
	sep, sepLine = sniffSeparator(text, complete)
	if enc.decoder == nil {
		if _, err := br.Discard(enc.bom); err != nil {
			return nil, enc, 0, false, wrap(ErrRead, "", err)
		}
		return br, enc, sep, sepLine, nil
	}
	return bufio.NewReaderSize(transform.NewReader(br, enc.decoder), sniffSize), enc, sep, sepLine, nil
}

// limitReader reads at most max bytes from r. Once they are read it probes
// for one more byte to learn whether the input goes on (capped).
type limitReader struct {
	r      io.Reader
	max    int64
	n      int64 // bytes read from r
	capped bool  // r has more than max bytes
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.capped {
		return 0, io.EOF
	}
	if rest := l.max - l.n; rest > 0 {
		if int64(len(p)) > rest {
			p = p[:rest]
		}
		n, err := l.r.Read(p)
		l.n += int64(n)
		return n, err
	}
	var probe [1]byte
	for range 100 {
		n, err := l.r.Read(probe[:])
		l.n += int64(n)
		if n > 0 {
			l.capped = true
			return 0, io.EOF
		}
		if err != nil {
			return 0, err
		}
	}
	return 0, io.ErrNoProgress
}

// looksBinary reports whether text holds NUL bytes or more than 1 % other
// control characters.
func looksBinary(text []byte) bool {
	ctl := 0
	for _, c := range text {
		switch {
		case c == 0:
			return true
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1a:
			ctl++
		}
	}
	return ctl*100 > len(text)
}

// looksHTML reports whether text starts like an HTML page, typically an error
// page served instead of the data file.
func looksHTML(text []byte) bool {
	t := bytes.TrimLeft(text, " \t\r\n")
	t = t[:min(len(t), 14)]
	return bytes.HasPrefix(bytes.ToLower(t), []byte("<!doctype html")) || bytes.HasPrefix(bytes.ToLower(t), []byte("<html"))
}
