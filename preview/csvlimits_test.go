package preview

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// endless yields a CSV of 2 GB lazily: a header, then "i;some text" rows, or
// the same byte forever if line is empty.
type endless struct {
	size, n int64
	line    []byte
	pos     int
}

func (e *endless) Read(p []byte) (int, error) {
	if e.n >= e.size {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), e.size-e.n)]
	for i := range p {
		p[i] = e.line[e.pos]
		e.pos = (e.pos + 1) % len(e.line)
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestCSVHugeStream(t *testing.T) {
	const twoGB = 2 << 30
	row := []byte("4711;Kalbenstraße;7,5;\"quoted; text\"\n")

	// Limit reached: only a little more than the sniff buffer is read.
	src := &endless{size: twoGB, line: row}
	start := time.Now()
	tab, err := CSV(src, Options{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 10 || !tab.HasMore || tab.Truncated || src.n > 2*sniffSize || tab.BytesRead != src.n {
		t.Errorf("limit: %d rows HasMore %v Truncated %v, read %d (reported %d)", len(tab.Rows), tab.HasMore, tab.Truncated, src.n, tab.BytesRead)
	}

	// MaxBytes reached: deep pagination stops at the read limit.
	src = &endless{size: twoGB, line: row}
	const maxBytes = 1 << 20
	tab, err = CSV(src, Options{Offset: 1 << 30, MaxBytes: maxBytes})
	if err != nil {
		t.Fatal(err)
	}
	if src.n > maxBytes+1 || !tab.Truncated || !tab.HasMore || !errors.Is(tab.Stopped, ErrSizeLimit) || len(tab.Rows) != 0 {
		t.Errorf("MaxBytes: read %d, Truncated %v HasMore %v Stopped %v rows %d", src.n, tab.Truncated, tab.HasMore, tab.Stopped, len(tab.Rows))
	}

	// The last, cut record is dropped, not shown half.
	src = &endless{size: twoGB, line: row}
	tab, err = CSV(src, Options{Limit: MaxLimit, MaxBytes: 100*int64(len(row)) + 7})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 99 || !tab.Truncated || tab.Rows[98][3] != "quoted; text" {
		t.Errorf("cut record: %d rows, Truncated %v, last %q", len(tab.Rows), tab.Truncated, tab.Rows[len(tab.Rows)-1])
	}

	// Default MaxBytes on a 2 GB stream of rows.
	src = &endless{size: twoGB, line: row}
	tab, err = CSV(src, Options{Offset: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	if src.n > DefaultCSVMaxBytes+1 || !tab.Truncated {
		t.Errorf("default MaxBytes: read %d, Truncated %v", src.n, tab.Truncated)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestCSVEndlessLine(t *testing.T) {
	// A header without any line end.
	src := &endless{size: 2 << 30, line: []byte("abc;")}
	_, err := CSV(src, Options{})
	if !errors.Is(err, ErrLineTooLong) {
		t.Errorf("endless header: %v", err)
	}
	if src.n > MaxLineBytes+2*sniffSize {
		t.Errorf("endless header: read %d bytes", src.n)
	}

	// An unclosed quote in a data row swallows the rest: the preview ends
	// there with the rows before it.
	src = &endless{size: 2 << 30, line: []byte("x;y\n")}
	in := io.MultiReader(strings.NewReader("a;b\n1;2\n\"3;4\n"), src)
	tab, err := CSV(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 1 || !tab.Truncated || !tab.HasMore || !errors.Is(tab.Stopped, ErrLineTooLong) {
		t.Errorf("unclosed quote: %d rows Truncated %v HasMore %v Stopped %v", len(tab.Rows), tab.Truncated, tab.HasMore, tab.Stopped)
	}
	if src.n > MaxLineBytes+2*sniffSize {
		t.Errorf("unclosed quote: read %d bytes", src.n)
	}
}

func TestCSVPageBudget(t *testing.T) {
	// 500 rows of 200 cells of 100 characters would be 10 MB of text.
	cell := strings.Repeat("x", 100)
	line := strings.Repeat(cell+";", MaxColumns-1) + cell + "\n"
	src := &endless{size: 1 << 30, line: []byte(line)}
	tab, err := CSV(src, Options{Limit: MaxLimit, MaxBytes: 64 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if !tab.Truncated || !errors.Is(tab.Stopped, ErrSizeLimit) || len(tab.Rows) >= MaxLimit || len(tab.Rows) < 100 {
		t.Errorf("%d rows, Truncated %v, Stopped %v", len(tab.Rows), tab.Truncated, tab.Stopped)
	}
}
