package preview

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits of the XLSX preview against zip bombs: the summed uncompressed size
// of all parts, the size of a part other than a worksheet or the shared
// strings (those are streamed or spill to temporary files), and the number
// of parts.
const (
	maxUnzipBytes = 256 << 20
	maxPartBytes  = 16 << 20
	maxZipEntries = 10000
	// maxEmptyRows bounds the empty rows skipped before the header and
	// looked through after the page to find whether data follows.
	maxEmptyRows = 10000
)

// encryptionInfo is the name of the stream an encrypted OOXML file holds
// in its OLE container, in UTF-16LE as the OLE directory stores it.
var encryptionInfo = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")

// XLSX returns one page of a worksheet of an XLSX workbook: the first
// non-empty row as columns and up to opt.Limit data rows after skipping
// opt.Offset. The worksheet is opt.Sheet or else the first visible one;
// Table.Sheets lists all. Cells are the formatted values as Excel shows them.
//
// An XLSX file is a zip archive whose directory sits at its end, so the file
// has to be read whole: XLSX reads at most opt.MaxBytes (default
// DefaultXLSXMaxBytes) from r and refuses larger files with ErrTooLarge
// without reading further (without reading at all if r has a Size method
// or is an *os.File). The signature takes an io.Reader rather than an
// io.ReaderAt because excelize reads the archive into memory anyway. The uncompressed size is checked from the zip
// directory before anything is unpacked, and the worksheet is then streamed
// row by row. Other files give ErrNotXLSX, password-protected ones
// ErrEncrypted, a missing sheet ErrNoSheet, an empty one ErrEmpty.
func XLSX(r io.Reader, opt Options) (tab *Table, err error) {
	maxBytes := opt.MaxBytes
	if maxBytes <= 0 {
		maxBytes = DefaultXLSXMaxBytes
	}
	f, size, err := openWorkbook(r, maxBytes, "angezeigt", "Ältere Excel-Dateien im XLS-Format kann die Vorschau nicht anzeigen.")
	if err != nil {
		return nil, err
	}
	// excelize is a large parser fed with untrusted input: a panic in it
	// must not take the server down.
	defer func() {
		if p := recover(); p != nil {
			tab, err = nil, wrap(ErrNotXLSX, "", fmt.Errorf("excelize panic: %v", p))
		}
	}()
	defer f.Close()

	sheets := f.GetSheetList()
	sheet, err := pickSheet(f, sheets, opt.Sheet)
	if err != nil {
		return nil, err
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, wrap(ErrNotXLSX, "", err)
	}
	defer rows.Close()
	b := &tableBuilder{t: &Table{Sheet: sheet, Sheets: sheets, Offset: opt.offset(), BytesRead: size}}
	if err := readSheet(b, rows, opt.limit()); err != nil {
		return nil, err
	}
	return b.finish(), nil
}

// openWorkbook reads a workbook of at most maxBytes from r and opens it
// with excelize after the zip-bomb checks. done ("angezeigt",
// "verarbeitet") and oldXLS complete the German messages of a file too
// large and of an old binary XLS file. It returns the file and its size.
func openWorkbook(r io.Reader, maxBytes int64, done, oldXLS string) (f *excelize.File, size int64, err error) {
	tooLarge := wrap(ErrTooLarge, fmt.Sprintf("Excel-Arbeitsmappen werden bis %s %s.", mib(maxBytes), done), nil)
	if size, ok := sizeOf(r); ok && size > maxBytes {
		return nil, 0, tooLarge
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	switch {
	case err != nil:
		return nil, 0, wrap(ErrRead, "", err)
	case int64(len(data)) > maxBytes:
		return nil, 0, tooLarge
	case len(data) == 0:
		return nil, 0, ErrEmpty
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")):
		// An OLE compound file: an encrypted XLSX or an old binary XLS.
		if bytes.Contains(data, encryptionInfo) {
			return nil, 0, ErrEncrypted
		}
		return nil, 0, wrap(ErrNotXLSX, oldXLS, nil)
	case !bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return nil, 0, ErrNotXLSX
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, 0, wrap(ErrNotXLSX, "", err)
	}
	if err := checkZip(zr); err != nil {
		return nil, 0, err
	}
	// excelize is a large parser fed with untrusted input: a panic in it
	// must not take the server down.
	defer func() {
		if p := recover(); p != nil {
			f, size, err = nil, 0, wrap(ErrNotXLSX, "", fmt.Errorf("excelize panic: %v", p))
		}
	}()
	f, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    maxUnzipBytes,
		UnzipXMLSizeLimit: maxPartBytes,
	})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookPassword) {
			return nil, 0, ErrEncrypted
		}
		return nil, 0, wrap(ErrNotXLSX, "", err)
	}
	return f, int64(len(data)), nil
}

// checkZip refuses archives that would unpack to too much data.
func checkZip(zr *zip.Reader) error {
	if len(zr.File) > maxZipEntries {
		return wrap(ErrTooLarge, fmt.Sprintf("Die Arbeitsmappe besteht aus mehr als %d Teilen.", maxZipEntries), nil)
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		name := strings.ToLower(strings.ReplaceAll(zf.Name, "\\", "/"))
		streamed := strings.HasPrefix(name, "xl/worksheets/sheet") || name == "xl/sharedstrings.xml"
		if total > maxUnzipBytes || !streamed && zf.UncompressedSize64 > maxPartBytes {
			return wrap(ErrTooLarge, fmt.Sprintf("Entpackt wäre die Arbeitsmappe größer als %s.", mib(maxUnzipBytes)), nil)
		}
	}
	return nil
}

// pickSheet returns the requested sheet, or the first visible one.
func pickSheet(f *excelize.File, sheets []string, want string) (string, error) {
	if len(sheets) == 0 {
		return "", ErrNoSheet
	}
	if want != "" {
		for _, s := range sheets {
			if s == want {
				return s, nil
			}
		}
		return "", wrap(ErrNoSheet, fmt.Sprintf("(gesucht: „%s“)", cut(want, 100)), nil)
	}
	for _, s := range sheets {
		if visible, err := f.GetSheetVisible(s); err == nil && visible {
			return s, nil
		}
	}
	return sheets[0], nil
}

// readSheet fills b from the streamed rows: header, Offset skipped rows, up
// to limit rows, then whether a non-empty row follows.
func readSheet(b *tableBuilder, rows *excelize.Rows, limit int) error {
	var header []string
	for i := 0; len(header) == 0; i++ {
		if i == maxEmptyRows || !rows.Next() {
			if err := rows.Error(); err != nil && !errors.Is(err, excelize.ErrMaxRows) {
				return wrap(ErrNotXLSX, "", err)
			}
			return ErrEmpty
		}
		cells, err := rows.Columns()
		if err != nil {
			return wrap(ErrNotXLSX, "", err)
		}
		if !empty(cells) {
			header = cells
		}
	}
	b.t.Columns = b.row(header)
	for range b.t.Offset {
		if !rows.Next() {
			return nil
		}
	}
	for i := range limit {
		if i > 0 && b.full() {
			b.stop(ErrSizeLimit)
			return nil
		}
		if !rows.Next() {
			trimEmptyRows(b.t)
			return nil
		}
		cells, err := rows.Columns()
		if err != nil {
			return wrap(ErrNotXLSX, "", err)
		}
		b.t.Rows = append(b.t.Rows, b.row(cells))
	}
	// Sheets often end in many formatted but empty rows: only a row with
	// content counts as "more".
	for range maxEmptyRows {
		if !rows.Next() {
			trimEmptyRows(b.t)
			return nil
		}
		if cells, err := rows.Columns(); err != nil || !empty(cells) {
			b.t.HasMore = true
			return nil
		}
	}
	b.t.HasMore = true
	return nil
}

// trimEmptyRows drops the empty rows at the end of the last page.
func trimEmptyRows(t *Table) {
	for len(t.Rows) > 0 && empty(t.Rows[len(t.Rows)-1]) {
		t.Rows = t.Rows[:len(t.Rows)-1]
	}
}

func empty(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}
