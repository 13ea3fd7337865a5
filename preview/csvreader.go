package preview

import (
	"io"
	"strings"
	"unicode/utf8"
)

// CSVReader reads a whole CSV (or TSV) file record by record, with the
// encoding, separator and header detection of CSV but without a limit on
// the length of the file: memory is bounded per record (MaxLineBytes,
// MaxColumns, MaxCellChars), not by the file.
type CSVReader struct {
	rr        *recordReader
	cr        *byteCounter
	header    []string
	encoding  string
	separator string
	cellsCut  bool
	row       []string
}

// NewCSVReader detects the encoding and separator of r from its first
// 64 KiB (as CSV does), reads the header row and returns a reader of the
// data rows. It returns the errors of CSV: ErrNotText, ErrHTML, ErrEmpty,
// ErrLineTooLong for a header longer than MaxLineBytes, ErrRead.
func NewCSVReader(r io.Reader) (*CSVReader, error) {
	cr := &byteCounter{r: r}
	src, enc, sep, sepLine, err := openText(cr, nil)
	if err != nil {
		return nil, err
	}
	c := &CSVReader{rr: newRecordReader(src, sep, MaxLineBytes), cr: cr, encoding: enc.name, separator: string(sep)}
	if sepLine {
		if _, _, err := c.rr.next(false); err != nil && err != io.EOF {
			return nil, csvErr(err)
		}
	}
	header, _, err := c.rr.next(true)
	switch {
	case err == io.EOF:
		return nil, ErrEmpty
	case err != nil:
		return nil, csvErr(err)
	}
	c.header = c.copyRow(header, nil)
	return c, nil
}

// Header returns the cells of the header row.
func (c *CSVReader) Header() []string { return c.header }

// Encoding returns the detected encoding, as Table.Encoding.
func (c *CSVReader) Encoding() string { return c.encoding }

// Separator returns the detected separator, as Table.Separator.
func (c *CSVReader) Separator() string { return c.separator }

// BytesRead returns the number of input bytes read so far (read ahead in
// blocks, so it runs slightly ahead of the records returned).
func (c *CSVReader) BytesRead() int64 { return c.cr.n }

// CellsCut reports whether a cell longer than MaxCellChars was cut so far.
func (c *CSVReader) CellsCut() bool { return c.cellsCut }

// Next returns the next data record, with invalid UTF-8 replaced and cells
// cut to MaxCellChars; rows may differ in length from the header. The slice
// is reused by the next call. At the end it returns io.EOF; a record longer
// than MaxLineBytes gives ErrLineTooLong, a read failure ErrRead.
func (c *CSVReader) Next() ([]string, error) {
	fields, _, err := c.rr.next(true)
	if err != nil {
		if err == io.EOF {
			return nil, io.EOF
		}
		return nil, csvErr(err)
	}
	c.row = c.copyRow(fields, c.row[:0])
	return c.row, nil
}

// copyRow appends the cleaned fields to dst, capped at MaxColumns.
func (c *CSVReader) copyRow(fields, dst []string) []string {
	if len(fields) > MaxColumns {
		fields = fields[:MaxColumns]
	}
	for _, f := range fields {
		if !utf8.ValidString(f) {
			f = strings.ToValidUTF8(f, "\uFFFD")
		}
		if len(f) > MaxCellChars && utf8.RuneCountInString(f) > MaxCellChars {
			f = cut(f, MaxCellChars)
			c.cellsCut = true
		}
		dst = append(dst, f)
	}
	return dst
}

// byteCounter counts the bytes read from r.
type byteCounter struct {
	r io.Reader
	n int64
}

func (c *byteCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
