package preview

import (
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// DefaultXLSXReaderMaxBytes is the largest workbook NewXLSXReader reads when
// its maxBytes is 0.
const DefaultXLSXReaderMaxBytes = 100 << 20

// XLSXReader reads the rows of a worksheet of an XLSX workbook one by one,
// with the zip-bomb checks of XLSX. The workbook file is held in memory
// (excelize needs it whole); the worksheet is streamed.
type XLSXReader struct {
	f      *excelize.File
	rows   *excelize.Rows
	sheet  string
	header []string
	size   int64
	row    []string
}

// NewXLSXReader reads the workbook from r (at most maxBytes, default
// DefaultXLSXReaderMaxBytes; larger files give ErrTooLarge), opens its
// first visible worksheet and reads its first non-empty row as the header.
// It returns the errors of XLSX. The caller closes the reader.
func NewXLSXReader(r io.Reader, maxBytes int64) (x *XLSXReader, err error) {
	if maxBytes <= 0 {
		maxBytes = DefaultXLSXReaderMaxBytes
	}
	f, size, err := openWorkbook(r, maxBytes, "verarbeitet", "Ältere Excel-Dateien im XLS-Format werden nicht unterstützt.")
	if err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil {
			f.Close()
			x, err = nil, wrap(ErrNotXLSX, "", fmt.Errorf("excelize panic: %v", p))
		}
	}()
	x = &XLSXReader{f: f, size: size}
	if err := x.open(); err != nil {
		f.Close()
		return nil, err
	}
	return x, nil
}

// open picks the sheet and reads the header.
func (x *XLSXReader) open() error {
	sheet, err := pickSheet(x.f, x.f.GetSheetList(), "")
	if err != nil {
		return err
	}
	x.sheet = sheet
	if x.rows, err = x.f.Rows(sheet); err != nil {
		return wrap(ErrNotXLSX, "", err)
	}
	for i := 0; len(x.header) == 0; i++ {
		if i == maxEmptyRows || !x.rows.Next() {
			if err := x.rows.Error(); err != nil && !errors.Is(err, excelize.ErrMaxRows) {
				return wrap(ErrNotXLSX, "", err)
			}
			return ErrEmpty
		}
		cells, err := x.rows.Columns()
		if err != nil {
			return wrap(ErrNotXLSX, "", err)
		}
		if !empty(cells) {
			x.header = clip(cells)
		}
	}
	return nil
}

// Header returns the cells of the header row.
func (x *XLSXReader) Header() []string { return x.header }

// Sheet returns the name of the worksheet read.
func (x *XLSXReader) Sheet() string { return x.sheet }

// BytesRead returns the size of the workbook file (it is read whole).
func (x *XLSXReader) BytesRead() int64 { return x.size }

// Next returns the next row's formatted cell values, or io.EOF after the
// last row. Empty rows are returned as they are (an empty slice).
func (x *XLSXReader) Next() (row []string, err error) {
	defer func() {
		if p := recover(); p != nil {
			row, err = nil, wrap(ErrNotXLSX, "", fmt.Errorf("excelize panic: %v", p))
		}
	}()
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil && !errors.Is(err, excelize.ErrMaxRows) {
			return nil, wrap(ErrNotXLSX, "", err)
		}
		return nil, io.EOF
	}
	cells, err := x.rows.Columns()
	if err != nil {
		return nil, wrap(ErrNotXLSX, "", err)
	}
	x.row = append(x.row[:0], clip(cells)...)
	return x.row, nil
}

// Close releases the workbook.
func (x *XLSXReader) Close() error {
	if x.rows != nil {
		x.rows.Close()
	}
	return x.f.Close()
}

// clip caps the row at MaxColumns and its cells at MaxCellChars.
func clip(cells []string) []string {
	if len(cells) > MaxColumns {
		cells = cells[:MaxColumns]
	}
	for i, c := range cells {
		if len(c) > MaxCellChars {
			cells[i] = cut(c, MaxCellChars)
		}
	}
	return cells
}
