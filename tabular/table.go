package tabular

import (
	"bytes"
	"context"
	"errors"
	"io"
	"time"

	"github.com/municat/municat"
)

// Limits of one query.
const (
	// DefaultPageSize is the page size when Query.Limit is 0.
	DefaultPageSize = 20
	// MaxPageSize is the largest page size.
	MaxPageSize = 100
	// DefaultQueryTimeout is the time a query may take.
	DefaultQueryTimeout = 10 * time.Second
	// MaxPageBytes caps the cell text of one page kept in memory.
	MaxPageBytes = 16 << 20
	// maxChunkBytes refuses chunks larger than any the builder writes.
	maxChunkBytes = 64 << 20
)

// ErrTooExpensive is returned by a query that would take longer than its
// time limit or more memory than MaxPageBytes.
var ErrTooExpensive = &municat.Error{Code: municat.EUNAVAILABLE, Message: "Abfrage zu aufwendig: Sie braucht mehr Zeit oder Speicher, als eine Anfrage bekommt. Bitte schränken Sie sie mit Filtern ein, verkleinern Sie page_size oder laden Sie die ganze Datei herunter."}

// statCells are the parsed statistics of a column in a chunk.
type statCells struct {
	nulls    int
	min, max cell
}

// Table is a ready table: its schema and chunk index, opened for queries.
type Table struct {
	// Schema describes the columns.
	Schema *Schema

	store   municat.Store
	prefix  string
	chunks  []chunkInfo
	stats   [][]statCells // per chunk, per column
	types   []Type
	timeout time.Duration
	// maxPage caps the cell text of a page in memory (MaxPageBytes).
	maxPage int
}

// openTable reads schema.json and chunks.json below prefix.
func openTable(ctx context.Context, st municat.Store, prefix string) (*Table, error) {
	t := &Table{Schema: &Schema{}, store: st, prefix: prefix, timeout: DefaultQueryTimeout, maxPage: MaxPageBytes}
	if err := getJSON(ctx, st, prefix+"schema.json", t.Schema); err != nil {
		return nil, err
	}
	var idx chunkIndex
	if err := getJSON(ctx, st, prefix+"chunks.json", &idx); err != nil {
		return nil, err
	}
	t.chunks = idx.Chunks
	t.types = make([]Type, len(t.Schema.Columns))
	for i, c := range t.Schema.Columns {
		t.types[i] = c.Type
	}
	t.stats = make([][]statCells, len(t.chunks))
	for k, ch := range t.chunks {
		if len(ch.Cols) != len(t.types) {
			return nil, errBadChunk
		}
		t.stats[k] = make([]statCells, len(t.types))
		for i, cs := range ch.Cols {
			s := statCells{nulls: cs.Nulls}
			if cs.Nulls < ch.Rows {
				var ok1, ok2 bool
				s.min, ok1 = parseValue(t.types[i], cs.Min)
				s.max, ok2 = parseValue(t.types[i], cs.Max)
				if !ok1 || !ok2 {
					return nil, errBadChunk
				}
				if t.types[i] == Text {
					s.min, s.max = cell{s: cs.Min}, cell{s: cs.Max}
				}
			}
			t.stats[k][i] = s
		}
	}
	return t, nil
}

// loadChunk reads and parses chunk k into the query's scratch buffers.
func (t *Table) loadChunk(ctx context.Context, k int, sc *scratch) (*chunk, error) {
	r, info, err := t.store.Get(ctx, t.prefix+chunkKey(k))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if info.Size > maxChunkBytes {
		return nil, errBadChunk
	}
	if need := int(max(info.Size, 0)) + bytes.MinRead; cap(sc.buf) < need {
		sc.buf = make([]byte, 0, need)
	}
	buf := bytes.NewBuffer(sc.buf[:0])
	if _, err := io.Copy(buf, io.LimitReader(r, maxChunkBytes+1)); err != nil {
		return nil, err
	}
	if buf.Len() > maxChunkBytes {
		return nil, errBadChunk
	}
	sc.buf = buf.Bytes()
	c, err := decodeChunk(sc.buf, t.types, sc)
	if err == nil && c.rows != t.chunks[k].Rows {
		err = errBadChunk
	}
	return c, err
}

// skip reports whether chunk k cannot hold a row passing all filters.
func (t *Table) skip(k int, filters []Filter) bool {
	for i := range filters {
		if !filters[i].mayMatch(&t.stats[k][filters[i].col], t.chunks[k].Rows) {
			return true
		}
	}
	return false
}

// matchRows calls fn for every row of chunk c passing all filters.
func matchRows(c *chunk, filters []Filter, fn func(r int) error) error {
	cols := make([][]cell, len(filters))
	for i := range filters {
		col, err := c.column(filters[i].col)
		if err != nil {
			return err
		}
		cols[i] = col
	}
rows:
	for r := 0; r < c.rows; r++ {
		for i := range filters {
			if !filters[i].match(cols[i][r]) {
				continue rows
			}
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// limitErr turns the end of a query's time into ErrTooExpensive.
func limitErr(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return ErrTooExpensive
	}
	return err
}
