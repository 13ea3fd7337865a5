package preview

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// workbook builds an XLSX file: a hidden sheet "Intern", a sheet
// "Parkplätze" with an empty first row, a header in row 2 and n data rows,
// formatted empty rows after the data, and a sheet "Hinweise".
func workbook(t testing.TB, n int) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Intern"))
	must(f.SetCellValue("Intern", "A1", "geheim"))
	_, err := f.NewSheet("Parkplätze")
	must(err)
	_, err = f.NewSheet("Hinweise")
	must(err)
	must(f.SetCellValue("Hinweise", "A1", "Stand"))
	must(f.SetCellValue("Hinweise", "A2", "2025"))
	f.SetActiveSheet(1)
	must(f.SetSheetVisible("Intern", false))
	const s = "Parkplätze"
	must(f.SetSheetRow(s, "A2", &[]any{"Nr", "Straße", "Länge", "Notiz", "Datum"}))
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		must(f.SetSheetRow(s, fmt.Sprintf("A%d", i+3), &[]any{i + 1, "Kalbenstraße", 7.5, "7,11523", day}))
	}
	style, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFF00"}}})
	must(err)
	must(f.SetRowStyle(s, n+3, n+300, style))
	buf, err := f.WriteToBuffer()
	must(err)
	return buf.Bytes()
}

func TestXLSX(t *testing.T) {
	data := workbook(t, 120)
	tab, err := XLSX(bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Sheet != "Parkplätze" || !equal(tab.Sheets, []string{"Intern", "Parkplätze", "Hinweise"}) {
		t.Errorf("sheet %q of %q", tab.Sheet, tab.Sheets)
	}
	if !equal(tab.Columns, []string{"Nr", "Straße", "Länge", "Notiz", "Datum"}) {
		t.Errorf("columns %q", tab.Columns)
	}
	if len(tab.Rows) != DefaultLimit || !tab.HasMore || tab.Truncated || tab.BytesRead != int64(len(data)) {
		t.Fatalf("%d rows HasMore %v Truncated %v BytesRead %d", len(tab.Rows), tab.HasMore, tab.Truncated, tab.BytesRead)
	}
	if r := tab.Rows[0]; r[0] != "1" || r[1] != "Kalbenstraße" || r[2] != "7.5" || r[3] != "7,11523" || r[4] == "" {
		t.Errorf("first row %q", r)
	}

	// The last page: the formatted empty rows after the data are no "more".
	tab, err = XLSX(bytes.NewReader(data), Options{Offset: 100, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 20 || tab.HasMore || tab.Rows[0][0] != "101" || tab.Rows[19][0] != "120" {
		t.Errorf("last page: %d rows HasMore %v first %q", len(tab.Rows), tab.HasMore, tab.Rows[:1])
	}
	tab, err = XLSX(bytes.NewReader(data), Options{Offset: 70, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 50 || tab.HasMore {
		t.Errorf("page ending at the last row: %d rows HasMore %v", len(tab.Rows), tab.HasMore)
	}

	tab, err = XLSX(bytes.NewReader(data), Options{Sheet: "Hinweise"})
	if err != nil {
		t.Fatal(err)
	}
	if !equal(tab.Columns, []string{"Stand"}) || len(tab.Rows) != 1 || tab.Rows[0][0] != "2025" || tab.HasMore {
		t.Errorf("sheet Hinweise: %q %q", tab.Columns, tab.Rows)
	}
	if _, err := XLSX(bytes.NewReader(data), Options{Sheet: "Fehlt"}); !errors.Is(err, ErrNoSheet) || !strings.Contains(err.Error(), "„Fehlt“") {
		t.Errorf("missing sheet: %v", err)
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func TestXLSXErrors(t *testing.T) {
	data := workbook(t, 10)
	big := &countingReader{r: &endless{size: 2 << 30, line: data}}
	_, err := XLSX(big, Options{MaxBytes: 1 << 20})
	if !errors.Is(err, ErrTooLarge) || big.n > 1<<20+1 {
		t.Errorf("2 GB: %v after reading %d bytes", err, big.n)
	}
	if !strings.Contains(err.Error(), "1 MiB") {
		t.Errorf("message %q does not name the limit", err)
	}
	// A reader that knows its size is refused before reading.
	sized := bytes.NewReader(data)
	if _, err := XLSX(sized, Options{MaxBytes: int64(len(data)) - 1}); !errors.Is(err, ErrTooLarge) || sized.Len() != len(data) {
		t.Errorf("sized reader: %v after reading %d bytes", err, len(data)-sized.Len())
	}
	if _, err := XLSX(bytes.NewReader(data), Options{MaxBytes: int64(len(data))}); err != nil {
		t.Errorf("file of exactly MaxBytes: %v", err)
	}

	var encrypted bytes.Buffer
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteTo(&encrypted, excelize.Options{Password: "geheim"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrEmpty},
		{"csv", []byte("a;b\n1;2\n"), ErrNotXLSX},
		{"xls", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 512)...), ErrNotXLSX},
		{"encrypted", encrypted.Bytes(), ErrEncrypted},
		{"cut zip", data[:len(data)/2], ErrNotXLSX},
		{"zip without workbook", zipOf(t, map[string]string{"a.txt": "x"}), ErrNotXLSX},
	} {
		if _, err := XLSX(bytes.NewReader(tc.in), Options{}); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

func zipOf(t testing.TB, files map[string]string) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, content := range files {
		fw, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(content))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestXLSXZipBomb checks that archives unpacking to too much are refused
// before unpacking, and that lying size headers do not help.
func TestXLSXZipBomb(t *testing.T) {
	data := workbook(t, 3)
	rewrite := func(change func(w *zip.Writer, zf *zip.File) bool) []byte {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		w := zip.NewWriter(&buf)
		for _, zf := range zr.File {
			if change(w, zf) {
				continue
			}
			if err := w.Copy(zf); err != nil {
				t.Fatal(err)
			}
		}
		w.Close()
		return buf.Bytes()
	}
	// A part that declares 1 GiB.
	huge := rewrite(func(w *zip.Writer, zf *zip.File) bool {
		if zf.Name != "xl/worksheets/sheet2.xml" {
			return false
		}
		h := zf.FileHeader
		h.UncompressedSize64 = 1 << 30
		raw, _ := zf.OpenRaw()
		fw, err := w.CreateRaw(&h)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(fw, raw)
		return true
	})
	if _, err := XLSX(bytes.NewReader(huge), Options{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("declared 1 GiB sheet: %v", err)
	}
	// 64 MiB of styles compress to some 64 KiB: more than a non-streamed
	// part may unpack to.
	styles := rewrite(func(w *zip.Writer, zf *zip.File) bool {
		if zf.Name != "xl/styles.xml" {
			return false
		}
		fw, _ := w.Create(zf.Name)
		fw.Write(bytes.Repeat([]byte(" "), 64<<20))
		return true
	})
	if _, err := XLSX(bytes.NewReader(styles), Options{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("64 MiB styles: %v", err)
	}
	// The same, but the header claims 1 KiB: the zip reader stops at the
	// declared size.
	lying := rewrite(func(w *zip.Writer, zf *zip.File) bool {
		if zf.Name != "xl/styles.xml" {
			return false
		}
		var deflated bytes.Buffer
		zw := zip.NewWriter(&deflated)
		fw, _ := zw.Create("x")
		fw.Write(bytes.Repeat([]byte(" "), 64<<20))
		zw.Close()
		zr, _ := zip.NewReader(bytes.NewReader(deflated.Bytes()), int64(deflated.Len()))
		h := zr.File[0].FileHeader
		h.Name, h.UncompressedSize64 = zf.Name, 1024
		raw, _ := zr.File[0].OpenRaw()
		out, err := w.CreateRaw(&h)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(out, raw)
		return true
	})
	// excelize ignores the read error and goes on with the cut part; what
	// matters is that the 64 MiB are never unpacked.
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := XLSX(bytes.NewReader(lying), Options{}); err != nil && !errors.Is(err, ErrNotXLSX) {
		t.Errorf("lying size header: %v", err)
	}
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("lying size header: allocated %d bytes", alloc)
	}
}
