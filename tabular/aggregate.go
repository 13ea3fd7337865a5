package tabular

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"
)

// The aggregate functions.
const (
	FnCount    = "count"
	FnMin      = "min"
	FnMax      = "max"
	FnSum      = "sum"
	FnDistinct = "distinct"
)

// Limits of the distinct aggregate.
const (
	// DistinctTop is the number of values Aggregate returns for distinct.
	DistinctTop = 50
	// maxDistinctValues caps the values counted in memory.
	maxDistinctValues = 100000
)

// Functions returns the aggregate functions allowed on a column of type t:
// count and distinct on every column, min and max on all but Boolean, sum
// on Integer and Number.
func Functions(t Type) []string {
	switch t {
	case Integer, Number:
		return []string{FnCount, FnMin, FnMax, FnSum, FnDistinct}
	case Boolean:
		return []string{FnCount, FnDistinct}
	}
	return []string{FnCount, FnMin, FnMax, FnDistinct}
}

// Aggregate is a request for one aggregate over the rows passing Filters.
type Aggregate struct {
	// Column is the column's key; for count it may be empty (count rows).
	Column string
	// Fn is FnCount, FnMin, FnMax, FnSum or FnDistinct.
	Fn string
	// Filters must all hold.
	Filters []Filter
}

// ValueCount is a value and how many rows have it.
type ValueCount struct {
	// Value is typed as in rows.
	Value any `json:"value"`
	// Count is the number of rows.
	Count int64 `json:"count"`
}

// AggregateResult is the answer to an Aggregate.
type AggregateResult struct {
	// Column and Fn repeat the request.
	Column string `json:"column,omitempty"`
	Fn     string `json:"fn"`
	// Rows is the number of rows passing the filters.
	Rows int64 `json:"rows"`
	// Value is the result of count, min, max and sum (nil for min, max and
	// sum over no values).
	Value any `json:"value"`
	// Values are the most frequent values for distinct (at most
	// DistinctTop), most frequent first.
	Values []ValueCount `json:"values,omitempty"`
	// Distinct is the number of distinct values for distinct.
	Distinct int `json:"distinct,omitempty"`
}

// CheckAggregate validates column and fn against the schema. Errors are
// *ParamError naming the parameter.
func (s *Schema) CheckAggregate(column, fn string) error {
	if column == "" {
		if fn == FnCount {
			return nil
		}
		return paramErr("column", "Der Parameter column fehlt: Geben Sie die Spalte an, über die %s berechnet werden soll.", printable(fn, 20))
	}
	_, col := s.Column(column)
	if col == nil {
		return paramErr("column", "Die Tabelle hat keine Spalte „%s“. Vorhandene Spalten: %s.", printable(column, 100), s.keyList())
	}
	if fns := Functions(col.Type); !slices.Contains(fns, fn) {
		all := []string{FnCount, FnMin, FnMax, FnSum, FnDistinct}
		if !slices.Contains(all, fn) {
			return paramErr("fn", "Unbekannte Funktion „%s“. Möglich sind: count, min, max, sum, distinct.", printable(fn, 20))
		}
		return paramErr("fn", "Die Funktion %s ist für die Spalte „%s“ (Typ %s) nicht möglich. Möglich sind: %s.", fn, col.Key, typeName(col.Type), strings.Join(fns, ", "))
	}
	return nil
}

// aggState accumulates one aggregate.
type aggState struct {
	typ      Type
	fn       string
	rows     int64
	count    int64
	best     cell
	seen     bool
	isum     int64
	fsum     float64
	overflow bool
	values   map[cell]int64
}

func (a *aggState) add(c cell) error {
	a.rows++
	if c.null {
		return nil
	}
	a.count++
	switch a.fn {
	case FnMin, FnMax:
		d := 0
		if a.seen {
			d = compare(a.typ, c, a.best)
		}
		if !a.seen || a.fn == FnMin && d < 0 || a.fn == FnMax && d > 0 {
			a.best, a.seen = c, true
			a.best.s = strings.Clone(c.s)
		}
	case FnSum:
		if a.typ == Number {
			a.fsum += c.f
			break
		}
		a.fsum += float64(c.i)
		if s := a.isum + c.i; (c.i > 0 && s < a.isum) || (c.i < 0 && s > a.isum) {
			a.overflow = true
		} else {
			a.isum = s
		}
	case FnDistinct:
		if _, ok := a.values[c]; !ok {
			if len(a.values) >= maxDistinctValues {
				return ErrTooExpensive
			}
			c.s = strings.Clone(c.s)
		}
		a.values[c]++
	}
	return nil
}

// Aggregate computes a.Fn over a.Column for the rows passing a.Filters.
// Call Schema.CheckAggregate first. It fails with ErrTooExpensive after
// the time limit or for more than 100 000 distinct values.
func (t *Table) Aggregate(ctx context.Context, a Aggregate) (*AggregateResult, error) {
	if err := t.Schema.CheckAggregate(a.Column, a.Fn); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()
	col := -1
	st := &aggState{fn: a.Fn, values: map[cell]int64{}}
	if a.Column != "" {
		col, _ = t.Schema.Column(a.Column)
		st.typ = t.types[col]
	}
	res := &AggregateResult{Column: a.Column, Fn: a.Fn}
	sc := &scratch{}
	if len(a.Filters) == 0 && col >= 0 && (a.Fn == FnCount || a.Fn == FnMin || a.Fn == FnMax) {
		// The schema knows.
		c := t.Schema.Columns[col]
		res.Rows = t.Schema.Rows
		switch a.Fn {
		case FnCount:
			res.Value = c.Count
		case FnMin:
			res.Value = c.Min
		case FnMax:
			res.Value = c.Max
		}
		return res, nil
	}
	for k := range t.chunks {
		if err := ctx.Err(); err != nil {
			return nil, limitErr(err)
		}
		if t.skip(k, a.Filters) {
			continue
		}
		c, err := t.loadChunk(ctx, k, sc)
		if err != nil {
			return nil, limitErr(err)
		}
		var vals []cell
		if col >= 0 {
			if vals, err = c.column(col); err != nil {
				return nil, err
			}
		}
		err = matchRows(c, a.Filters, func(r int) error {
			if vals == nil {
				st.rows++
				st.count++
				return nil
			}
			return st.add(vals[r])
		})
		if err != nil {
			return nil, limitErr(err)
		}
	}
	res.Rows = st.rows
	switch a.Fn {
	case FnCount:
		res.Value = st.count
	case FnMin, FnMax:
		if st.seen {
			res.Value = st.best.export(st.typ)
		}
	case FnSum:
		switch {
		case st.count == 0:
		case st.typ == Integer && !st.overflow:
			res.Value = st.isum
		default:
			res.Value = st.fsum
		}
	case FnDistinct:
		res.Distinct = len(st.values)
		res.Values = topValues(st.values, st.typ)
	}
	if f, ok := res.Value.(float64); ok && (math.IsInf(f, 0) || math.IsNaN(f)) {
		res.Value = nil
	}
	return res, nil
}

// topValues returns the DistinctTop most frequent values, ties in value
// order.
func topValues(m map[cell]int64, t Type) []ValueCount {
	type vc struct {
		c cell
		n int64
	}
	all := make([]vc, 0, len(m))
	for c, n := range m {
		all = append(all, vc{c, n})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].n != all[j].n {
			return all[i].n > all[j].n
		}
		return compare(t, all[i].c, all[j].c) < 0
	})
	out := make([]ValueCount, 0, min(len(all), DistinctTop))
	for _, v := range all[:min(len(all), DistinctTop)] {
		out = append(out, ValueCount{Value: v.c.export(t), Count: v.n})
	}
	return out
}
