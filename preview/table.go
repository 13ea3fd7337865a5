package preview

import (
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"
)

// Limits shared by CSV and XLSX previews.
const (
	// DefaultLimit is the number of rows returned when Options.Limit is 0.
	DefaultLimit = 50
	// MaxLimit is the largest number of rows returned per page.
	MaxLimit = 500
	// MaxColumns is the number of columns kept; further columns are dropped
	// and Table.ColumnsCut is set.
	MaxColumns = 200
	// MaxCellChars is the number of characters kept per cell; longer cells
	// are cut and end with "…", and Table.CellsCut is set.
	MaxCellChars = 2000
	// MaxLineBytes is the largest CSV record, in bytes, the preview reads.
	MaxLineBytes = 1 << 20
	// DefaultCSVMaxBytes is the input read limit of CSV when
	// Options.MaxBytes is 0.
	DefaultCSVMaxBytes = 10 << 20
	// DefaultXLSXMaxBytes is the largest XLSX file previewed when
	// Options.MaxBytes is 0.
	DefaultXLSXMaxBytes = 20 << 20
	// maxPageBytes bounds the cell text of one page, so that 500 rows of
	// 200 long cells cannot make a huge page.
	maxPageBytes = 4 << 20
)

// Options control a CSV or XLSX preview. The zero value is ready to use.
type Options struct {
	// Offset is the number of data rows (after the header) to skip, for
	// pagination. Negative values count as 0.
	Offset int
	// Limit is the number of data rows to return: 0 (or less) means
	// DefaultLimit, more than MaxLimit means MaxLimit.
	Limit int
	// MaxBytes limits the input read. For CSV, reading stops there and the
	// table is marked Truncated (default DefaultCSVMaxBytes). For XLSX,
	// larger files are refused with ErrTooLarge (default
	// DefaultXLSXMaxBytes).
	MaxBytes int64
	// Sheet is the XLSX worksheet to show; empty means the first visible
	// one. Ignored for CSV.
	Sheet string
}

func (o Options) limit() int {
	switch {
	case o.Limit <= 0:
		return DefaultLimit
	case o.Limit > MaxLimit:
		return MaxLimit
	}
	return o.Limit
}

func (o Options) offset() int { return max(o.Offset, 0) }

// Table is one page of a tabular file.
type Table struct {
	// Columns are the cells of the header (first) row. It is padded with
	// empty names when data rows are wider.
	Columns []string
	// Rows are the data rows of this page; each has len(Columns) cells.
	Rows [][]string
	// Offset is the index of Rows[0] among all data rows (0-based).
	Offset int
	// HasMore is true when more data rows follow this page, or when reading
	// stopped early (Truncated) so that more may follow.
	HasMore bool
	// Truncated is true when reading stopped at a limit (MaxBytes, a record
	// longer than MaxLineBytes, or the page size) before the page was full
	// or the end of the file was seen.
	Truncated bool
	// Stopped says why reading stopped early: ErrSizeLimit or
	// ErrLineTooLong, nil if it did not.
	Stopped error
	// CellsCut is true when a cell was longer than MaxCellChars and cut.
	CellsCut bool
	// ColumnsCut is true when a row had more than MaxColumns cells.
	ColumnsCut bool
	// Encoding is the detected character encoding of a CSV file: "utf-8",
	// "utf-8-bom", "utf-16le", "utf-16be" or "windows-1252". Empty for XLSX.
	Encoding string
	// Separator is the detected CSV field separator: ";", ",", "\t" or "|".
	// Empty for XLSX.
	Separator string
	// Sheet is the name of the XLSX worksheet shown. Empty for CSV.
	Sheet string
	// Sheets are the names of all worksheets of an XLSX workbook, in order.
	Sheets []string
	// BytesRead is the number of input bytes read.
	BytesRead int64
}

// Width returns the number of columns.
func (t *Table) Width() int { return len(t.Columns) }

// tableBuilder collects header and rows under the cell and column caps.
type tableBuilder struct {
	t         *Table
	pageBytes int
	err       error // a read failure that ended the table
}

// cell returns s cut to MaxCellChars, with invalid UTF-8 replaced.
func (b *tableBuilder) cell(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if len(s) > MaxCellChars && utf8.RuneCountInString(s) > MaxCellChars {
		s = cut(s, MaxCellChars)
		b.t.CellsCut = true
	}
	b.pageBytes += len(s)
	return s
}

// row copies fields under the caps.
func (b *tableBuilder) row(fields []string) []string {
	if len(fields) > MaxColumns {
		fields = fields[:MaxColumns]
		b.t.ColumnsCut = true
	}
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = b.cell(f)
	}
	return out
}

// full reports whether the page holds as much text as it may.
func (b *tableBuilder) full() bool { return b.pageBytes > maxPageBytes }

// finish pads header and rows to the same width.
func (b *tableBuilder) finish() *Table {
	t := b.t
	w := len(t.Columns)
	for _, r := range t.Rows {
		w = max(w, len(r))
	}
	t.Columns = pad(t.Columns, w)
	for i, r := range t.Rows {
		t.Rows[i] = pad(r, w)
	}
	if t.Rows == nil {
		t.Rows = [][]string{}
	}
	return t
}

// sizeOf returns the size of r if r knows it (bytes.Reader, strings.Reader,
// io.SectionReader, os.File), so that a file too large can be refused
// before reading it.
func sizeOf(r io.Reader) (int64, bool) {
	switch s := r.(type) {
	case interface{ Size() int64 }:
		return s.Size(), true
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := s.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size(), true
		}
	}
	return 0, false
}

func pad(r []string, w int) []string {
	for len(r) < w {
		r = append(r, "")
	}
	return r
}
