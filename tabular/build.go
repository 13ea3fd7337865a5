package tabular

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"strings"
	"time"

	"github.com/municat/municat"
)

// Limits of a chunk.
const (
	// ChunkRows is the largest number of rows in one chunk.
	ChunkRows = 16384
	// chunkBytes ends a chunk early when its encoding grows beyond it.
	chunkBytes = 4 << 20
)

// rowSource is a parsed file: a CSV or XLSX reader of package preview.
// Next reuses its slice but not the strings in it, so cells may be kept.
type rowSource interface {
	Header() []string
	Next() ([]string, error)
	BytesRead() int64
}

// opened is a rowSource with what the schema tells about it.
type opened struct {
	rowSource
	close func() error
	// meta fills in Format, Encoding, Separator, Sheet, CellsCut.
	meta func(*Schema)
}

// chunkStats are the statistics of one column in one chunk.
type chunkStats struct {
	Nulls int    `json:"nulls"`
	Min   string `json:"min,omitempty"`
	Max   string `json:"max,omitempty"`
}

// chunkInfo is one entry of the chunk index.
type chunkInfo struct {
	First int64        `json:"first"`
	Rows  int          `json:"rows"`
	Cols  []chunkStats `json:"columns"`
}

// chunkIndex is chunks.json.
type chunkIndex struct {
	Chunks []chunkInfo `json:"chunks"`
}

// progressFunc is told the bytes read in both passes and the rows seen.
type progressFunc func(bytesDone, rows int64)

// builder makes a table from a row source in two passes.
type builder struct {
	store    municat.Store
	prefix   string // tables/{dataset}/{dist}/{fingerprint}/
	open     func() (*opened, error)
	progress progressFunc
	size     int64 // the file size, for progress
}

// build runs both passes and writes chunks, chunks.json and schema.json.
func (b *builder) build(ctx context.Context) (*Schema, error) {
	header, guesses, rows, err := b.infer(ctx)
	if err != nil {
		return nil, err
	}
	return b.write(ctx, header, guesses, rows)
}

// clean returns the trimmed cells of a row and whether all are empty.
func clean(row []string) bool {
	empty := true
	for i, v := range row {
		v = strings.TrimSpace(v)
		row[i] = v
		empty = empty && v == ""
	}
	return empty
}

// infer is the first pass: the header, the type guess per column, the
// number of rows.
func (b *builder) infer(ctx context.Context) ([]string, []guess, int64, error) {
	src, err := b.open()
	if err != nil {
		return nil, nil, 0, err
	}
	defer src.close()
	header := append([]string(nil), src.Header()...)
	guesses := make([]guess, len(header))
	for i := range guesses {
		guesses[i] = newGuess()
	}
	var rows int64
	for {
		row, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, 0, err
		}
		if clean(row) {
			continue
		}
		for len(guesses) < len(row) {
			guesses = append(guesses, newGuess())
		}
		for i, v := range row {
			if v != "" {
				guesses[i].add(v)
			}
		}
		rows++
		if rows%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, 0, err
			}
			b.progress(src.BytesRead(), rows)
		}
	}
	for len(header) < len(guesses) {
		header = append(header, "")
	}
	return header, guesses, rows, nil
}

// colBuilder gathers the statistics of one column in the second pass.
type colBuilder struct {
	typ            Type
	nf             numberFormat
	count, nulls   int64
	min, max       cell
	distinct       map[uint64]struct{}
	distinctCapped bool
	chunk          chunkStats
	cmin, cmax     cell
	chunkSeen      bool
}

var distinctSeed = maphash.MakeSeed()

func (c *colBuilder) add(v cell) {
	if v.null {
		c.nulls++
		c.chunk.Nulls++
		return
	}
	if c.count == 0 || compare(c.typ, v, c.min) < 0 {
		c.min = v
	}
	if c.count == 0 || compare(c.typ, v, c.max) > 0 {
		c.max = v
	}
	if !c.chunkSeen || compare(c.typ, v, c.cmin) < 0 {
		c.cmin = v
	}
	if !c.chunkSeen || compare(c.typ, v, c.cmax) > 0 {
		c.cmax = v
	}
	c.chunkSeen = true
	c.count++
	if !c.distinctCapped {
		c.distinct[maphash.String(distinctSeed, v.text(c.typ))] = struct{}{}
		if len(c.distinct) > MaxDistinct {
			c.distinctCapped, c.distinct = true, nil
		}
	}
}

// endChunk returns the chunk's statistics and starts the next.
func (c *colBuilder) endChunk() chunkStats {
	s := c.chunk
	if c.chunkSeen {
		s.Min, s.Max = c.cmin.text(c.typ), c.cmax.text(c.typ)
		if c.typ == Text {
			s.Min, s.Max = strings.Clone(s.Min), strings.Clone(s.Max)
		}
	}
	c.chunk, c.chunkSeen = chunkStats{}, false
	return s
}

// write is the second pass: typed cells in chunks, statistics, schema.
func (b *builder) write(ctx context.Context, header []string, guesses []guess, total int64) (*Schema, error) {
	src, err := b.open()
	if err != nil {
		return nil, err
	}
	defer src.close()
	keys := columnKeys(header)
	cols := make([]colBuilder, len(header))
	types := make([]Type, len(header))
	for i := range cols {
		cols[i].typ, cols[i].nf = guesses[i].result()
		cols[i].distinct = map[uint64]struct{}{}
		types[i] = cols[i].typ
	}
	w := newChunkWriter(types)
	var index chunkIndex
	var rows int64
	flush := func() error {
		if w.rows == 0 {
			return nil
		}
		info := chunkInfo{First: rows - int64(w.rows), Rows: w.rows, Cols: make([]chunkStats, len(cols))}
		for i := range cols {
			info.Cols[i] = cols[i].endChunk()
		}
		data := w.bytes()
		key := b.prefix + chunkKey(len(index.Chunks))
		if err := b.store.Put(ctx, key, bytes.NewReader(data), int64(len(data)), "application/octet-stream"); err != nil {
			return err
		}
		index.Chunks = append(index.Chunks, info)
		return nil
	}
	row := make([]cell, len(cols))
	for {
		rec, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if clean(rec) {
			continue
		}
		for i := range cols {
			v := cell{null: true}
			if i < len(rec) && rec[i] != "" {
				var ok bool
				if v, ok = parseCell(cols[i].typ, cols[i].nf, rec[i]); !ok {
					return nil, errChanged
				}
			}
			cols[i].add(v)
			row[i] = v
		}
		w.add(row)
		rows++
		if w.rows == ChunkRows || w.size() > chunkBytes {
			if err := flush(); err != nil {
				return nil, err
			}
		}
		if rows%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			b.progress(b.size+src.BytesRead(), total)
		}
	}
	if rows != total {
		return nil, errChanged
	}
	if err := flush(); err != nil {
		return nil, err
	}
	s := &Schema{Rows: rows, Columns: make([]Column, len(cols)), Processed: time.Now().UTC()}
	src.meta(s)
	for i, c := range cols {
		col := Column{Name: header[i], Key: keys[i], Type: c.typ, Count: c.count, Nulls: c.nulls,
			Distinct: len(c.distinct), DistinctCapped: c.distinctCapped}
		if c.distinctCapped {
			col.Distinct = MaxDistinct
		}
		if c.count > 0 {
			col.Min, col.Max = c.min.export(c.typ), c.max.export(c.typ)
		}
		s.Columns[i] = col
	}
	if err := putJSON(ctx, b.store, b.prefix+"chunks.json", &index); err != nil {
		return nil, err
	}
	return s, nil
}

// errChanged reports a file that changed between the two passes.
var errChanged = &municat.Error{Code: municat.ECONFLICT, Message: "Die Datei hat sich während der Aufbereitung geändert; sie wird erneut aufbereitet."}

// chunkKey returns the key of chunk n below the table's prefix.
func chunkKey(n int) string { return fmt.Sprintf("chunks/%06d.bin", n) }

// putJSON stores v as JSON at key.
func putJSON(ctx context.Context, st municat.Store, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return st.Put(ctx, key, bytes.NewReader(data), int64(len(data)), "application/json")
}

// getJSON reads the JSON at key into v.
func getJSON(ctx context.Context, st municat.Store, key string, v any) error {
	r, _, err := st.Get(ctx, key)
	if err != nil {
		return err
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return errors.Join(errBadChunk, err)
	}
	return nil
}
