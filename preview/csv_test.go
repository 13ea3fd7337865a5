package preview

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

const fixtures = "../testdata/fixtures/municipal-data"

func openFixture(t testing.TB, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join(fixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func csvString(t *testing.T, s string, opt Options) *Table {
	t.Helper()
	tab, err := CSV(strings.NewReader(s), opt)
	if err != nil {
		t.Fatalf("CSV(%q): %v", s, err)
	}
	return tab
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCSVBietigheim(t *testing.T) {
	tab, err := CSV(openFixture(t, "bietigheim-bissingen.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Encoding != "windows-1252" || tab.Separator != ";" {
		t.Errorf("encoding %q separator %q, want windows-1252 and ;", tab.Encoding, tab.Separator)
	}
	if want := []string{"Name", "OpeningState", "Capacity", "OccupiedSites", "Timestamp"}; !equal(tab.Columns, want) {
		t.Errorf("columns %q, want %q", tab.Columns, want)
	}
	if len(tab.Rows) == 0 {
		t.Fatal("no rows")
	}
	if got := tab.Rows[0]; got[0] != "Parkplatz Mühlwiesenstr." || got[1] != "Geöffnet" || got[2] != "106" || got[4] != "1740651467085" {
		t.Errorf("first row %q", got)
	}
	if tab.HasMore || tab.Truncated || tab.BytesRead != 884 {
		t.Errorf("HasMore %v Truncated %v BytesRead %d, want false false 884", tab.HasMore, tab.Truncated, tab.BytesRead)
	}
	for _, r := range tab.Rows {
		if strings.ContainsAny(strings.Join(r, ""), "\r\n\"") {
			t.Errorf("row %q keeps line ends or quotes", r)
		}
	}
}

func TestCSVFriedrichshafen(t *testing.T) {
	tab, err := CSV(openFixture(t, "friedrichshafen_easypark.csv"), Options{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Encoding != "utf-8-bom" || tab.Separator != ";" {
		t.Errorf("encoding %q separator %q", tab.Encoding, tab.Separator)
	}
	if len(tab.Columns) != 13 || tab.Columns[0] != "id" || tab.Columns[12] != "length" {
		t.Errorf("columns %q", tab.Columns)
	}
	if len(tab.Rows) != 3 || !tab.HasMore || tab.Truncated {
		t.Fatalf("%d rows, HasMore %v, Truncated %v", len(tab.Rows), tab.HasMore, tab.Truncated)
	}
	r := tab.Rows[0]
	if r[0] != "1" || r[1] != "" || r[6] != "Gebührenfreies Parken " || r[12] != "7,11523" {
		t.Errorf("first row %q", r)
	}
	if !strings.HasPrefix(r[11], "LINESTRING (9.4922496553216309 47.6564166892793537, ") {
		t.Errorf("geometry cell %q", r[11])
	}
	// Only the first 64 KiB (the sniff buffer) are read for 3 rows.
	if tab.BytesRead > sniffSize+1 {
		t.Errorf("read %d bytes for 3 rows", tab.BytesRead)
	}
}

func TestCSVNeckarsulm(t *testing.T) {
	tab, err := CSV(openFixture(t, "neckarsulm.csv"), Options{Limit: MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Encoding != "utf-8" || tab.Separator != ";" {
		t.Errorf("encoding %q separator %q", tab.Encoding, tab.Separator)
	}
	if len(tab.Columns) < 60 || tab.Columns[0] != "id" || tab.Columns[1] != "geom" {
		t.Errorf("%d columns %q", len(tab.Columns), tab.Columns[:min(3, len(tab.Columns))])
	}
	found := false
	for _, r := range tab.Rows {
		if len(r) != len(tab.Columns) {
			t.Fatalf("row of %d cells, %d columns", len(r), len(tab.Columns))
		}
		for _, c := range r {
			if strings.Contains(c, "Kalbenstraße") {
				found = true
			}
			if strings.HasSuffix(c, "\r") {
				t.Errorf("cell %q keeps \\r", c)
			}
		}
	}
	if !found {
		t.Error("Kalbenstraße not found")
	}
	if tab.HasMore || tab.Truncated {
		t.Errorf("HasMore %v Truncated %v", tab.HasMore, tab.Truncated)
	}
}

func TestCSVSeparators(t *testing.T) {
	for _, tc := range []struct {
		name, in, sep string
		header, row   []string
	}{
		{"comma with quoted semicolons", "name,note,n\r\n\"a;b\",\"x; y; z\",1\r\n\"c;d\",plain,2\r\n", ",",
			[]string{"name", "note", "n"}, []string{"a;b", "x; y; z", "1"}},
		{"semicolon with decimal commas", "ort;wert\nUlm;7,5\nUlm;8,25\n", ";",
			[]string{"ort", "wert"}, []string{"Ulm", "7,5"}},
		{"tab", "a\tb\tc\n1\t2,5\t3\n4\t5\t6\n", "\t", []string{"a", "b", "c"}, []string{"1", "2,5", "3"}},
		{"pipe", "a|b\n1|2\n", "|", []string{"a", "b"}, []string{"1", "2"}},
		{"excel sep line", "sep=,\na;x,b\n1;y,2\n", ",", []string{"a;x", "b"}, []string{"1;y", "2"}},
		{"quoted field with line break and quotes", "a;b\n\"line1\r\nline2 \"\"q\"\"\";2\n", ";",
			[]string{"a", "b"}, []string{"line1\nline2 \"q\"", "2"}},
		{"lazy quotes", "a;b\nsay \"hi\";x\"y\n", ";", []string{"a", "b"}, []string{"say \"hi\"", "x\"y"}},
		{"ragged rows padded", "a;b;c\n1\n", ";", []string{"a", "b", "c"}, []string{"1", "", ""}},
		{"wider rows widen header", "a;b\n1;2;3\n", ";", []string{"a", "b", ""}, []string{"1", "2", "3"}},
		{"no final newline, lone CR kept", "a;b\n1\r2;3", ";", []string{"a", "b"}, []string{"1\r2", "3"}},
		{"empty lines skipped", "\n\na;b\n\r\n1;2\n\n", ";", []string{"a", "b"}, []string{"1", "2"}},
		{"spaces kept", " a ; b \n 1 ; 2 \n", ";", []string{" a ", " b "}, []string{" 1 ", " 2 "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab := csvString(t, tc.in, Options{})
			if tab.Separator != tc.sep {
				t.Errorf("separator %q, want %q", tab.Separator, tc.sep)
			}
			if !equal(tab.Columns, tc.header) {
				t.Errorf("header %q, want %q", tab.Columns, tc.header)
			}
			if len(tab.Rows) == 0 || !equal(tab.Rows[0], tc.row) {
				t.Errorf("rows %q, want first %q", tab.Rows, tc.row)
			}
		})
	}
}

func TestCSVEncodings(t *testing.T) {
	// "Größe;Maß\nÖl;1\n" in Windows-1252, with a 0x80 (€) byte.
	w1252 := []byte("Gr\xf6\xdfe;Ma\xdf\n\xd6l \x80;1\n")
	tab, err := CSV(bytes.NewReader(w1252), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Encoding != "windows-1252" || !equal(tab.Columns, []string{"Größe", "Maß"}) || tab.Rows[0][0] != "Öl €" {
		t.Errorf("windows-1252: %q %q %q", tab.Encoding, tab.Columns, tab.Rows)
	}

	// UTF-16LE with BOM, as Excel writes "Unicode text" (tab separated).
	u16 := []byte{0xff, 0xfe}
	for _, r := range "Straße\tNr\r\nKalbenstraße\t3\r\n" {
		u16 = append(u16, byte(r), byte(r>>8))
	}
	tab, err = CSV(bytes.NewReader(u16), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Encoding != "utf-16le" || tab.Separator != "\t" || !equal(tab.Columns, []string{"Straße", "Nr"}) || !equal(tab.Rows[0], []string{"Kalbenstraße", "3"}) {
		t.Errorf("utf-16le: %q %q %q %q", tab.Encoding, tab.Separator, tab.Columns, tab.Rows)
	}

	// A multi-byte character across the 64 KiB sniff boundary must not make
	// a UTF-8 file look like Windows-1252.
	var b strings.Builder
	b.WriteString("a;b\n")
	for b.Len() < sniffSize-1 {
		b.WriteString("x;y\n")
	}
	s := b.String()[:sniffSize-1] + "ä;ö\n"
	if got := s[sniffSize-1 : sniffSize+1]; got != "ä" {
		t.Fatalf("test setup: boundary holds %q", got)
	}
	tab = csvString(t, s, Options{})
	if tab.Encoding != "utf-8" {
		t.Errorf("boundary: encoding %q, want utf-8", tab.Encoding)
	}

	// Invalid UTF-8 after the sniffed prefix is replaced, not passed on.
	tab = csvString(t, s+"\xff;z\n", Options{Limit: MaxLimit, Offset: 100000})
	for _, r := range tab.Rows {
		for _, c := range r {
			if !utf8.ValidString(c) {
				t.Errorf("invalid UTF-8 cell %q", c)
			}
		}
	}
}

func TestCSVErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", ErrEmpty},
		{"only line ends", "\r\n\n\n", ErrEmpty},
		{"NUL bytes", "a;b\n\x00\x01\x02\x03", ErrNotText},
		{"zip", "PK\x03\x04\x14\x00\x06\x00", ErrNotText},
		{"pdf", "%PDF-1.7\n", ErrNotText},
		{"html", "\n<!DOCTYPE html><html><body>404</body></html>", ErrHTML},
	} {
		_, err := CSV(strings.NewReader(tc.in), Options{})
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
	}
	_, err := CSV(io.MultiReader(strings.NewReader("a;b\n1;2\n"), iotestErr{}), Options{})
	if !errors.Is(err, ErrRead) || !errors.Is(err, errBroken) {
		t.Errorf("read failure: %v", err)
	}
}

var errBroken = errors.New("connection reset")

type iotestErr struct{}

func (iotestErr) Read([]byte) (int, error) { return 0, errBroken }

func TestCSVCellAndColumnCaps(t *testing.T) {
	long := strings.Repeat("ä", MaxCellChars+500)
	var cols []string
	for i := range MaxColumns + 50 {
		cols = append(cols, fmt.Sprintf("c%d", i))
	}
	in := strings.Join(cols, ";") + "\n" + long + ";x\n"
	tab := csvString(t, in, Options{})
	if len(tab.Columns) != MaxColumns || !tab.ColumnsCut {
		t.Errorf("%d columns, ColumnsCut %v", len(tab.Columns), tab.ColumnsCut)
	}
	c := tab.Rows[0][0]
	if utf8.RuneCountInString(c) != MaxCellChars+1 || !strings.HasSuffix(c, "ää…") || !tab.CellsCut {
		t.Errorf("cell of %d characters, suffix %q, CellsCut %v", utf8.RuneCountInString(c), c[len(c)-5:], tab.CellsCut)
	}
	if tab.Rows[0][1] != "x" {
		t.Errorf("second cell %q", tab.Rows[0][1])
	}
}

// rowsFile returns a CSV of n data rows "i;Zeile i".
func rowsFile(n int) string {
	var b strings.Builder
	b.WriteString("nr;text\r\n")
	for i := range n {
		fmt.Fprintf(&b, "%d;Zeile %d\r\n", i, i)
	}
	return b.String()
}

func TestCSVPagination(t *testing.T) {
	file := rowsFile(10000)
	for _, tc := range []struct {
		opt       Options
		first     string
		n         int
		more      bool
		wantLimit int
	}{
		{Options{}, "0", DefaultLimit, true, 0},
		{Options{Offset: 100, Limit: 10}, "100", 10, true, 0},
		{Options{Offset: 9990, Limit: 10}, "9990", 10, false, 0},
		{Options{Offset: 9995, Limit: 10}, "9995", 5, false, 0},
		{Options{Offset: 9989, Limit: 10}, "9989", 10, true, 0},
		{Options{Offset: 20000, Limit: 10}, "", 0, false, 0},
		{Options{Offset: -5, Limit: 100000}, "0", MaxLimit, true, 0},
	} {
		tab := csvString(t, file, tc.opt)
		if len(tab.Rows) != tc.n || tab.HasMore != tc.more || tab.Truncated {
			t.Errorf("%+v: %d rows HasMore %v Truncated %v, want %d %v false", tc.opt, len(tab.Rows), tab.HasMore, tab.Truncated, tc.n, tc.more)
			continue
		}
		if tc.n > 0 && (tab.Rows[0][0] != tc.first || tab.Rows[0][1] != "Zeile "+tc.first) {
			t.Errorf("%+v: first row %q", tc.opt, tab.Rows[0])
		}
		if tab.Offset != max(tc.opt.Offset, 0) {
			t.Errorf("%+v: Offset %d", tc.opt, tab.Offset)
		}
	}
}
