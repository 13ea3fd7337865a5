package bleve

import (
	"encoding/binary"
	"errors"
)

// rowFormat is the first byte of an encoded row; a new layout needs a new
// value (and a MappingVersion bump).
const rowFormat = 1

// errBadRow reports a stored row that cannot be decoded.
var errBadRow = errors.New("gespeicherte Zeile des Suchindex ist beschädigt")

// encodeRow returns r (without its id, which Bleve keeps) in a compact
// binary form: the value of the stored-only row field, from which Open
// rebuilds the columns without reading the store.
func encodeRow(r *rowData) []byte {
	b := []byte{rowFormat}
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	strs := func(ss []string) {
		b = binary.AppendUvarint(b, uint64(len(ss)))
		for _, s := range ss {
			str(s)
		}
	}
	texts := func(ls []langText) {
		b = binary.AppendUvarint(b, uint64(len(ls)))
		for _, l := range ls {
			str(l.lang)
			str(l.text)
		}
	}
	for _, values := range r.facets {
		strs(values)
	}
	b = binary.AppendVarint(b, r.modified)
	b = binary.AppendVarint(b, r.issued)
	str(r.titleSort)
	texts(r.title)
	texts(r.publisher)
	texts(r.description)
	return b
}

// rowDecoder reads an encoded row; the first error sticks. The strings it
// returns share the memory of one copy of the row.
type rowDecoder struct {
	b   string
	err error
}

func (d *rowDecoder) uvarint() uint64 {
	v, n := uvarint(d.b)
	if n <= 0 {
		d.err, d.b = errBadRow, ""
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *rowDecoder) varint() int64 {
	ux, n := uvarint(d.b)
	v := int64(ux >> 1)
	if ux&1 != 0 {
		v = ^v
	}
	if n <= 0 {
		d.err, d.b = errBadRow, ""
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *rowDecoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.err, d.b = errBadRow, ""
		return ""
	}
	s := d.b[:n]
	d.b = d.b[n:]
	return s
}

// count reads a list length, bounded by the bytes left (each element takes
// at least one).
func (d *rowDecoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.err, d.b = errBadRow, ""
		return 0
	}
	return int(n)
}

func (d *rowDecoder) strs() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *rowDecoder) texts() []langText {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]langText, n)
	for i := range out {
		out[i] = langText{d.str(), d.str()}
	}
	return out
}

// decodeRow decodes b, written by encodeRow, as the row of id.
func decodeRow(id string, b []byte) (*rowData, error) {
	if len(b) == 0 || b[0] != rowFormat {
		return nil, errBadRow
	}
	d := &rowDecoder{b: string(b[1:])}
	r := &rowData{id: id}
	for f := range r.facets {
		r.facets[f] = d.strs()
	}
	r.modified = d.varint()
	r.issued = d.varint()
	r.titleSort = d.str()
	r.title = d.texts()
	r.publisher = d.texts()
	r.description = d.texts()
	if d.err != nil || len(d.b) != 0 {
		return nil, errBadRow
	}
	return r, nil
}

// uvarint is binary.Uvarint on a string.
func uvarint(s string) (uint64, int) {
	var x uint64
	var shift uint
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		c := s[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				return 0, -(i + 1)
			}
			return x | uint64(c)<<shift, i + 1
		}
		x |= uint64(c&0x7f) << shift
		shift += 7
	}
	return 0, 0
}
