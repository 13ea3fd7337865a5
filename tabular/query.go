package tabular

import (
	"container/heap"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"
)

// Query selects a page of rows.
type Query struct {
	// Filters must all hold (see Schema.ParseFilter).
	Filters []Filter
	// Sort orders the rows; nil keeps the file's order.
	Sort *Sort
	// Limit is the page size: 0 means DefaultPageSize, at most MaxPageSize.
	Limit int
	// Cursor continues after the last row of a page (Page.Next); "" starts
	// at the beginning.
	Cursor string
}

// Page is one page of rows.
type Page struct {
	// Columns are the column keys, the order of each row's values.
	Columns []string
	// Rows are the rows; values are nil, int64, float64, bool or string
	// (dates as ISO 8601 strings).
	Rows [][]any
	// Next is the cursor of the next page, "" if this is the last.
	Next string
}

// entry is a row in the page being collected.
type entry struct {
	key  cell
	row  int64
	vals []any
}

// cursor is the decoded position after which a page starts.
type cursor struct {
	Table string `json:"t"`
	Query string `json:"q"`
	Row   int64  `json:"r"`
	Null  bool   `json:"n,omitempty"`
	Value string `json:"v,omitempty"`
}

// order compares entries by the sort: values (empty cells last), then row.
type order struct {
	s *Sort
}

// less reports whether a comes before b.
func (o order) less(a, b *entry) bool {
	if o.s != nil {
		if a.key.null != b.key.null {
			return !a.key.null
		}
		if !a.key.null {
			d := compare(o.s.typ, a.key, b.key)
			if o.s.Desc {
				d = -d
			}
			if d != 0 {
				return d < 0
			}
		}
	}
	return a.row < b.row
}

// worstFirst is a heap of entries with the last in order on top.
type worstFirst struct {
	o order
	e []*entry
}

func (h *worstFirst) Len() int           { return len(h.e) }
func (h *worstFirst) Less(i, j int) bool { return h.o.less(h.e[j], h.e[i]) }
func (h *worstFirst) Swap(i, j int)      { h.e[i], h.e[j] = h.e[j], h.e[i] }
func (h *worstFirst) Push(x any)         { h.e = append(h.e, x.(*entry)) }
func (h *worstFirst) Pop() any {
	x := h.e[len(h.e)-1]
	h.e = h.e[:len(h.e)-1]
	return x
}

// queryHash identifies the filters and sort a cursor belongs to.
func queryHash(q *Query) string {
	var b strings.Builder
	if q.Sort != nil {
		b.WriteString(q.Sort.String())
	}
	for _, f := range q.Filters {
		b.WriteString("\x00" + f.Column + "\x00" + string(f.Op))
		for _, v := range f.Values {
			b.WriteString("\x00" + v)
		}
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:8])
}

func badCursor() error {
	return paramErr("cursor", "Der Cursor ist ungültig oder gehört zu einer anderen Abfrage oder Dateiversion. Bitte beginnen Sie ohne cursor und folgen Sie den Links next.")
}

// decodeCursor parses and validates q.Cursor.
func (t *Table) decodeCursor(q *Query) (*entry, error) {
	if q.Cursor == "" {
		return nil, nil
	}
	if len(q.Cursor) > 4*MaxValueBytes {
		return nil, badCursor()
	}
	data, err := base64.RawURLEncoding.DecodeString(q.Cursor)
	if err != nil {
		return nil, badCursor()
	}
	var c cursor
	if err := json.Unmarshal(data, &c); err != nil || c.Table != t.Schema.Fingerprint || c.Query != queryHash(q) || c.Row < 0 || c.Row >= t.Schema.Rows {
		return nil, badCursor()
	}
	e := &entry{row: c.Row, key: cell{null: c.Null}}
	if q.Sort != nil && !c.Null {
		if e.key, err = cursorValue(q.Sort.typ, c.Value); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// cursorValue parses the sort value of a cursor.
func cursorValue(t Type, s string) (cell, error) {
	if t == Text {
		return cell{s: s}, nil
	}
	c, ok := parseValue(t, s)
	if !ok {
		return cell{}, badCursor()
	}
	return c, nil
}

// encodeCursor returns the cursor of the page after e.
func (t *Table) encodeCursor(q *Query, e *entry) string {
	c := cursor{Table: t.Schema.Fingerprint, Query: queryHash(q), Row: e.row, Null: e.key.null}
	if q.Sort != nil && !e.key.null {
		c.Value = e.key.text(q.Sort.typ)
	}
	data, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(data)
}

// Query returns a page of the rows passing q.Filters, in q.Sort order,
// after q.Cursor. It reads one chunk at a time and keeps only the page's
// rows (a top-k heap), skipping chunks whose statistics rule out a filter
// or the page. It fails with ErrTooExpensive after the time limit
// (Options.QueryTimeout) or beyond Options.MaxPageBytes, with a *ParamError for a
// bad cursor.
func (t *Table) Query(ctx context.Context, q Query) (*Page, error) {
	ctx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()
	limit := q.Limit
	switch {
	case limit <= 0:
		limit = DefaultPageSize
	case limit > MaxPageSize:
		limit = MaxPageSize
	}
	after, err := t.decodeCursor(&q)
	if err != nil {
		return nil, err
	}
	o := order{s: q.Sort}
	h := &worstFirst{o: o}
	sc := &scratch{}
	bytes := 0
	full := errors.New("page full")
	for k := range t.chunks {
		if err := ctx.Err(); err != nil {
			return nil, limitErr(err)
		}
		if t.skip(k, q.Filters) || t.skipSorted(k, &q, o, after, h, limit) {
			continue
		}
		if q.Sort == nil && after != nil && t.chunks[k].First+int64(t.chunks[k].Rows) <= after.row+1 {
			continue
		}
		c, err := t.loadChunk(ctx, k, sc)
		if err != nil {
			return nil, limitErr(err)
		}
		var keys []cell
		if q.Sort != nil {
			if keys, err = c.column(q.Sort.col); err != nil {
				return nil, err
			}
		}
		first := t.chunks[k].First
		err = matchRows(c, q.Filters, func(r int) error {
			e := entry{row: first + int64(r)}
			if keys != nil {
				e.key = keys[r]
			}
			if after != nil && !o.less(after, &e) {
				return nil
			}
			if h.Len() == limit+1 {
				if !o.less(&e, h.e[0]) {
					return nil
				}
				bytes -= rowBytes(heap.Pop(h).(*entry).vals)
			}
			vals, err := materialize(c, r)
			if err != nil {
				return err
			}
			e.vals = vals
			if e.key.s != "" {
				e.key.s = strings.Clone(e.key.s)
			}
			bytes += rowBytes(vals)
			if bytes > t.maxPage {
				return ErrTooExpensive
			}
			heap.Push(h, &e)
			if q.Sort == nil && h.Len() == limit+1 {
				return full
			}
			return nil
		})
		if err == full {
			break
		}
		if err != nil {
			return nil, limitErr(err)
		}
	}
	return t.page(&q, h, limit), nil
}

// skipSorted reports whether chunk k holds no row that could enter the
// page: all its rows come before the cursor, or after the worst row of a
// full page. Rows of later chunks come later in file order, so a value
// equal to the bound does not enter either.
func (t *Table) skipSorted(k int, q *Query, o order, after *entry, h *worstFirst, limit int) bool {
	if q.Sort == nil {
		return false
	}
	st := &t.stats[k][q.Sort.col]
	rows := t.chunks[k].Rows
	if st.nulls == rows {
		// Only empty cells: before the cursor if it is past them all.
		return h.Len() == limit+1 && !h.e[0].key.null
	}
	// best and worst possible keys of the chunk in sort order.
	best, worst := st.min, st.max
	if q.Sort.Desc {
		best, worst = st.max, st.min
	}
	if st.nulls > 0 {
		worst = cell{null: true}
	}
	firstRow := t.chunks[k].First
	lastRow := firstRow + int64(rows) - 1
	if after != nil && !o.less(after, &entry{key: worst, row: lastRow}) {
		return true
	}
	return h.Len() == limit+1 && !o.less(&entry{key: best, row: firstRow}, h.e[0])
}

// page sorts the collected entries and makes the page.
func (t *Table) page(q *Query, h *worstFirst, limit int) *Page {
	sort.Slice(h.e, func(i, j int) bool { return h.o.less(h.e[i], h.e[j]) })
	p := &Page{Columns: make([]string, len(t.Schema.Columns)), Rows: [][]any{}}
	for i, c := range t.Schema.Columns {
		p.Columns[i] = c.Key
	}
	for i, e := range h.e {
		if i == limit {
			p.Next = t.encodeCursor(q, h.e[limit-1])
			break
		}
		p.Rows = append(p.Rows, e.vals)
	}
	return p
}

// materialize returns row r of c as API values, with text copied out of
// the chunk.
func materialize(c *chunk, r int) ([]any, error) {
	vals := make([]any, len(c.types))
	for i, typ := range c.types {
		col, err := c.column(i)
		if err != nil {
			return nil, err
		}
		v := col[r]
		if typ == Text && !v.null {
			v.s = strings.Clone(v.s)
		}
		vals[i] = v.export(typ)
	}
	return vals, nil
}

// rowBytes estimates the memory of a row's values.
func rowBytes(vals []any) int {
	n := 16 * len(vals)
	for _, v := range vals {
		if s, ok := v.(string); ok {
			n += len(s)
		}
	}
	return n
}

// FormatValue returns a row value as text, as the CSV output writes it:
// "" for nil, numbers with a decimal point.
func FormatValue(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case string:
		return v
	}
	return ""
}
