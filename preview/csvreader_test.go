package preview_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/municat/municat/preview"
)

// readAll returns header and rows of a CSVReader.
func readAll(t testing.TB, data []byte) ([]string, [][]string, error) {
	t.Helper()
	r, err := preview.NewCSVReader(bytes.NewReader(data))
	if err != nil {
		return nil, nil, err
	}
	var rows [][]string
	for {
		row, err := r.Next()
		if err == io.EOF {
			return r.Header(), rows, nil
		}
		if err != nil {
			return r.Header(), rows, err
		}
		rows = append(rows, slices.Clone(row))
	}
}

// trim drops trailing empty cells (the preview pads rows, the reader does
// not).
func trim(row []string) []string {
	for len(row) > 0 && row[len(row)-1] == "" {
		row = row[:len(row)-1]
	}
	return row
}

func TestCSVReaderReadsFixturesLikeThePreview(t *testing.T) {
	files, err := filepath.Glob("../testdata/fixtures/municipal-data/*.csv")
	if err != nil || len(files) == 0 {
		t.Fatal("no fixtures", err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		header, rows, err := readAll(t, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var want [][]string
		var wantHeader []string
		for off := 0; ; off += preview.MaxLimit {
			tab, err := preview.CSV(bytes.NewReader(data), preview.Options{Offset: off, Limit: preview.MaxLimit, MaxBytes: 1 << 30})
			if err != nil {
				t.Fatal(err)
			}
			wantHeader = tab.Columns
			want = append(want, tab.Rows...)
			if !tab.HasMore {
				break
			}
		}
		if !slices.Equal(trim(header), trim(wantHeader)) || len(rows) != len(want) {
			t.Fatalf("%s: header %q, %d rows; preview %q, %d rows", name, header, len(rows), wantHeader, len(want))
		}
		for i := range rows {
			if !slices.Equal(trim(rows[i]), trim(want[i])) {
				t.Fatalf("%s row %d: %q, preview %q", name, i, rows[i], want[i])
			}
		}
	}
}

func TestCSVReaderHasNoFileLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("a;b\n")
	line := strings.Repeat("x", 1000) + ";1\n"
	for b.Len() < 12<<20 { // beyond DefaultCSVMaxBytes
		b.WriteString(line)
	}
	r, err := preview.NewCSVReader(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		if _, err := r.Next(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if want := (b.Len() - 4) / len(line); n != want || r.BytesRead() != int64(b.Len()) {
		t.Fatalf("%d rows, want %d; %d bytes read", n, want, r.BytesRead())
	}
	// A record longer than MaxLineBytes stops the reader with an error.
	long := "a;b\n1;2\n" + strings.Repeat("y", preview.MaxLineBytes+10) + "\n"
	_, _, err = readAll(t, []byte(long))
	if !errors.Is(err, preview.ErrLineTooLong) {
		t.Fatalf("long record: %v", err)
	}
}

// FuzzCSVReader checks the streaming reader against the paged preview on
// arbitrary input: the same errors for the header, the same rows.
func FuzzCSVReader(f *testing.F) {
	files, _ := filepath.Glob("../testdata/fixtures/municipal-data/*.csv")
	for _, name := range files {
		data, _ := os.ReadFile(name)
		f.Add(data[:min(len(data), 4000)])
	}
	f.Add([]byte("sep=|\na|b\n1|2\n"))
	f.Add([]byte("\xef\xbb\xbfa;b\r\n\"x;\"\"y\"\"\";2\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		header, rows, err := readAll(t, data)
		tab, perr := preview.CSV(bytes.NewReader(data), preview.Options{Limit: preview.MaxLimit})
		if (err == nil) != (perr == nil) && header == nil {
			t.Fatalf("reader: %v, preview: %v", err, perr)
		}
		if err != nil || perr != nil || tab.HasMore || tab.Truncated {
			return
		}
		if !slices.Equal(trim(header), trim(tab.Columns)) || len(rows) != len(tab.Rows) {
			t.Fatalf("header %q, %d rows; preview %q, %d rows", header, len(rows), tab.Columns, len(tab.Rows))
		}
		for i := range rows {
			if !slices.Equal(trim(rows[i]), trim(tab.Rows[i])) {
				t.Fatalf("row %d: %q, preview %q", i, rows[i], tab.Rows[i])
			}
		}
	})
}
