package tabular

import (
	"encoding/binary"
	"errors"
	"math"
)

// A chunk holds up to ChunkRows rows, column by column, so that a query
// decodes only the columns it looks at:
//
//	"MCT1" uvarint(rows) uvarint(columns) uvarint(len(section))... section...
//
// A section is the column's null bitmap ((rows+7)/8 bytes, bit set = empty)
// followed by its non-null values in row order: varints for Integer, Date
// and Boolean, 8-byte little-endian IEEE 754 for Number, uvarint length and
// UTF-8 bytes for Text.

// chunkMagic starts every chunk.
const chunkMagic = "MCT1"

// errBadChunk reports a damaged chunk in the store.
var errBadChunk = errors.New("tabular: damaged chunk")

// chunkWriter collects the rows of one chunk.
type chunkWriter struct {
	types []Type
	rows  int
	nulls [][]byte
	vals  [][]byte
}

func newChunkWriter(types []Type) *chunkWriter {
	return &chunkWriter{types: types, nulls: make([][]byte, len(types)), vals: make([][]byte, len(types))}
}

// add appends a row of typed cells.
func (w *chunkWriter) add(row []cell) {
	if w.rows%8 == 0 {
		for i := range w.nulls {
			w.nulls[i] = append(w.nulls[i], 0)
		}
	}
	for i, c := range row {
		if c.null {
			w.nulls[i][w.rows/8] |= 1 << (w.rows % 8)
			continue
		}
		switch w.types[i] {
		case Number:
			w.vals[i] = binary.LittleEndian.AppendUint64(w.vals[i], math.Float64bits(c.f))
		case Text:
			w.vals[i] = binary.AppendUvarint(w.vals[i], uint64(len(c.s)))
			w.vals[i] = append(w.vals[i], c.s...)
		default:
			w.vals[i] = binary.AppendVarint(w.vals[i], c.i)
		}
	}
	w.rows++
}

// size returns the approximate encoded size so far.
func (w *chunkWriter) size() int {
	n := 0
	for i := range w.vals {
		n += len(w.vals[i]) + len(w.nulls[i])
	}
	return n
}

// bytes encodes the chunk and resets the writer.
func (w *chunkWriter) bytes() []byte {
	out := append([]byte(chunkMagic), nil...)
	out = binary.AppendUvarint(out, uint64(w.rows))
	out = binary.AppendUvarint(out, uint64(len(w.types)))
	for i := range w.types {
		out = binary.AppendUvarint(out, uint64(len(w.nulls[i])+len(w.vals[i])))
	}
	for i := range w.types {
		out = append(out, w.nulls[i]...)
		out = append(out, w.vals[i]...)
		w.nulls[i], w.vals[i] = w.nulls[i][:0], w.vals[i][:0]
	}
	w.rows = 0
	return out
}

// chunk is a decoded chunk; columns are decoded on first use.
type chunk struct {
	types    []Type
	rows     int
	sections [][]byte
	cols     [][]cell
	scratch  *scratch
}

// scratch holds the buffers a query reuses from chunk to chunk, so that a
// scan over many chunks allocates them once: the chunk's bytes and the
// decoded cells of each column. Nothing may keep a reference into them
// beyond the chunk: text that outlives it is copied (see materialize).
type scratch struct {
	buf   []byte
	cells [][]cell
}

// column returns a cell slice of n cells for column i, reused.
func (s *scratch) column(i, ncols, n int) []cell {
	if s == nil {
		return make([]cell, n)
	}
	if len(s.cells) < ncols {
		s.cells = make([][]cell, ncols)
	}
	if cap(s.cells[i]) < n {
		s.cells[i] = make([]cell, n)
	}
	out := s.cells[i][:n]
	clear(out)
	return out
}

// decodeChunk parses the chunk's header. With sc, decoded columns reuse
// its buffers.
func decodeChunk(data []byte, types []Type, sc *scratch) (*chunk, error) {
	if len(data) < len(chunkMagic) || string(data[:len(chunkMagic)]) != chunkMagic {
		return nil, errBadChunk
	}
	p := data[len(chunkMagic):]
	rows, n := binary.Uvarint(p)
	if n <= 0 || rows > 1<<24 {
		return nil, errBadChunk
	}
	p = p[n:]
	ncols, n := binary.Uvarint(p)
	if n <= 0 || ncols != uint64(len(types)) {
		return nil, errBadChunk
	}
	p = p[n:]
	lens := make([]uint64, ncols)
	for i := range lens {
		if lens[i], n = binary.Uvarint(p); n <= 0 {
			return nil, errBadChunk
		}
		p = p[n:]
	}
	c := &chunk{types: types, rows: int(rows), sections: make([][]byte, ncols), cols: make([][]cell, ncols), scratch: sc}
	for i, l := range lens {
		if l > uint64(len(p)) {
			return nil, errBadChunk
		}
		c.sections[i], p = p[:l], p[l:]
	}
	return c, nil
}

// column returns the cells of column i.
func (c *chunk) column(i int) ([]cell, error) {
	if c.cols[i] != nil {
		return c.cols[i], nil
	}
	sec := c.sections[i]
	nb := (c.rows + 7) / 8
	if len(sec) < nb {
		return nil, errBadChunk
	}
	nulls, p := sec[:nb], sec[nb:]
	var text string
	if c.types[i] == Text {
		text = string(p) // one allocation; the cells share it
	}
	off := 0
	out := c.scratch.column(i, len(c.types), c.rows)
	for r := range out {
		if nulls[r/8]&(1<<(r%8)) != 0 {
			out[r].null = true
			continue
		}
		switch c.types[i] {
		case Number:
			if off+8 > len(p) {
				return nil, errBadChunk
			}
			out[r].f = math.Float64frombits(binary.LittleEndian.Uint64(p[off:]))
			off += 8
		case Text:
			l, n := binary.Uvarint(p[off:])
			if n <= 0 || uint64(len(p)-off-n) < l {
				return nil, errBadChunk
			}
			off += n
			out[r].s = text[off : off+int(l)]
			off += int(l)
		default:
			v, n := binary.Varint(p[off:])
			if n <= 0 {
				return nil, errBadChunk
			}
			out[r].i = v
			off += n
		}
	}
	c.cols[i] = out
	return out, nil
}
