package tabular

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/municat/municat"
)

// Op is a filter operator.
type Op string

// The filter operators.
const (
	Eq       Op = "eq"
	Ne       Op = "ne"
	Lt       Op = "lt"
	Le       Op = "le"
	Gt       Op = "gt"
	Ge       Op = "ge"
	Contains Op = "contains"
	In       Op = "in"
)

// Limits of filter values.
const (
	// MaxValueBytes is the longest filter value.
	MaxValueBytes = 1000
	// MaxInValues is the largest number of values of an "in" filter.
	MaxInValues = 100
	// MaxFilters is the largest number of filters of one request.
	MaxFilters = 20
)

// Operators returns the operators allowed on a column of type t: eq, ne and
// in on every column, lt, le, gt and ge on Integer, Number and Date,
// contains on Text.
func Operators(t Type) []Op {
	switch t {
	case Integer, Number, Date:
		return []Op{Eq, Ne, Lt, Le, Gt, Ge, In}
	case Text:
		return []Op{Eq, Ne, Contains, In}
	}
	return []Op{Eq, Ne, In}
}

// ParamError is a bad query parameter: its name and, in German, what is
// wrong with it. It matches municat.ErrInvalid.
type ParamError struct {
	// Parameter is the query parameter's name.
	Parameter string
	// Detail says what is wrong and how to fix it.
	Detail string
}

// Error returns the detail.
func (e *ParamError) Error() string { return e.Detail }

// Unwrap returns a municat EINVALID error with the detail.
func (e *ParamError) Unwrap() error {
	return &municat.Error{Code: municat.EINVALID, Message: e.Detail}
}

func paramErr(param, format string, args ...any) *ParamError {
	return &ParamError{Parameter: printable(param, 100), Detail: fmt.Sprintf(format, args...)}
}

// printable returns s, cut to n characters, with control characters and
// invalid UTF-8 replaced, for quoting it in a message.
func printable(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n]) + "…"
	}
	return s
}

// Filter is one condition on a column: param {column}__{op}=value.
type Filter struct {
	// Column is the column's key.
	Column string
	// Op is the operator.
	Op Op
	// Values are the values as given (several for In).
	Values []string

	col   int
	typ   Type
	null  bool   // eq/ne with an empty value: is (not) empty
	cells []cell // the parsed values
	lower string // contains: the value in lower case
}

// ParseFilter parses the query parameter {column}__{op}=value against the
// schema: the column must exist, the operator be allowed for its type (see
// Operators), the value parse as the column's type. An "in" value is a
// comma-separated list; a value holding a comma is quoted ("a,b"). An
// empty value with eq or ne tests for empty cells. Errors are *ParamError.
func (s *Schema) ParseFilter(param, value string) (Filter, error) {
	key, op, ok := strings.Cut(param, "__")
	if !ok || key == "" || op == "" {
		return Filter{}, paramErr(param, "Unbekannter Parameter „%s“. Filter werden als {spalte}__{operator}=wert angegeben, z. B. %s__eq=wert.", printable(param, 100), s.exampleKey())
	}
	i, col := s.Column(key)
	if col == nil {
		return Filter{}, paramErr(param, "Die Tabelle hat keine Spalte „%s“. Vorhandene Spalten: %s.", printable(key, 100), s.keyList())
	}
	f := Filter{Column: col.Key, Op: Op(op), col: i, typ: col.Type}
	allowed := Operators(col.Type)
	if !slices.Contains(allowed, f.Op) {
		return Filter{}, paramErr(param, "Der Operator „%s“ ist für die Spalte „%s“ (Typ %s) nicht erlaubt. Erlaubt sind: %s.", printable(op, 20), col.Key, typeName(col.Type), opList(allowed))
	}
	if len(value) > MaxValueBytes {
		return Filter{}, paramErr(param, "Der Wert von %s ist zu lang (höchstens %d Bytes).", f.Column+"__"+op, MaxValueBytes)
	}
	if !utf8.ValidString(value) || strings.ContainsFunc(value, unicode.IsControl) {
		return Filter{}, paramErr(param, "Der Wert von %s enthält Steuerzeichen oder ungültige Zeichen.", f.Column+"__"+op)
	}
	f.Values = []string{value}
	if f.Op == In {
		vals, err := splitList(value)
		if err != nil {
			return Filter{}, paramErr(param, "Die Liste von %s ist ungültig: %s", param, err.Error())
		}
		f.Values = vals
	}
	if strings.TrimSpace(value) == "" {
		if f.Op == Eq || f.Op == Ne {
			f.null = true
			return f, nil
		}
		return Filter{}, paramErr(param, "Der Parameter %s braucht einen Wert.", param)
	}
	for _, v := range f.Values {
		if f.Op == Contains {
			f.lower = strings.ToLower(strings.TrimSpace(v))
			break
		}
		c, ok := parseValue(col.Type, v)
		if !ok {
			return Filter{}, paramErr(param, "„%s“ ist %s; die Spalte „%s“ hat den Typ %s.", printable(v, 60), typeHint(col.Type), col.Key, typeName(col.Type))
		}
		f.cells = append(f.cells, c)
	}
	return f, nil
}

// splitList splits a comma-separated list with "quoted" values.
func splitList(s string) ([]string, error) {
	var out []string
	for {
		s = strings.TrimLeft(s, " ")
		var v string
		if strings.HasPrefix(s, `"`) {
			var b strings.Builder
			i := 1
			for {
				j := strings.IndexByte(s[i:], '"')
				if j < 0 {
					return nil, fmt.Errorf("ein Anführungszeichen wird nicht geschlossen")
				}
				b.WriteString(s[i : i+j])
				i += j + 1
				if i < len(s) && s[i] == '"' {
					b.WriteByte('"')
					i++
					continue
				}
				break
			}
			v, s = b.String(), strings.TrimLeft(s[i:], " ")
			if s != "" && s[0] != ',' {
				return nil, fmt.Errorf("nach einem Wert in Anführungszeichen muss ein Komma folgen")
			}
		} else {
			j := strings.IndexByte(s, ',')
			if j < 0 {
				j = len(s)
			}
			v, s = strings.TrimSpace(s[:j]), s[j:]
		}
		if v == "" {
			return nil, fmt.Errorf("leerer Wert")
		}
		out = append(out, v)
		if len(out) > MaxInValues {
			return nil, fmt.Errorf("mehr als %d Werte", MaxInValues)
		}
		if s == "" {
			return out, nil
		}
		s = s[1:] // the comma
	}
}

// Sort is the order of a query: by a column, ascending or descending.
// Empty cells come last either way; equal values keep the file's order.
type Sort struct {
	// Column is the column's key.
	Column string
	// Desc sorts descending.
	Desc bool

	col int
	typ Type
}

// ParseSort parses the sort parameter: a column key, with a leading "-"
// for descending order. Errors are *ParamError.
func (s *Schema) ParseSort(value string) (*Sort, error) {
	key, desc := strings.CutPrefix(value, "-")
	i, col := s.Column(key)
	if col == nil {
		return nil, paramErr("sort", "Nach „%s“ kann nicht sortiert werden: Die Tabelle hat keine solche Spalte. Vorhandene Spalten: %s (absteigend mit vorangestelltem „-“).", printable(key, 100), s.keyList())
	}
	return &Sort{Column: col.Key, Desc: desc, col: i, typ: col.Type}, nil
}

// String returns the sort parameter.
func (o *Sort) String() string {
	if o.Desc {
		return "-" + o.Column
	}
	return o.Column
}

// match reports whether the cell passes the filter.
func (f *Filter) match(c cell) bool {
	if f.null {
		return c.null == (f.Op == Eq)
	}
	if c.null {
		return f.Op == Ne
	}
	switch f.Op {
	case Contains:
		return containsFold(c.s, f.lower)
	case In:
		for _, v := range f.cells {
			if compare(f.typ, c, v) == 0 {
				return true
			}
		}
		return false
	}
	d := compare(f.typ, c, f.cells[0])
	switch f.Op {
	case Eq:
		return d == 0
	case Ne:
		return d != 0
	case Lt:
		return d < 0
	case Le:
		return d <= 0
	case Gt:
		return d > 0
	}
	return d >= 0 // Ge
}

// containsFold reports whether s contains lower (in lower case), ignoring
// case.
func containsFold(s, lower string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.Contains(strings.ToLower(s), lower)
		}
	}
	// ASCII: no allocation.
	n := len(lower)
	for i := 0; i+n <= len(s); i++ {
		if strings.EqualFold(s[i:i+n], lower) {
			return true
		}
	}
	return false
}

// mayMatch reports whether a chunk with these statistics can hold a row
// that passes the filter.
func (f *Filter) mayMatch(st *statCells, rows int) bool {
	nonNull := rows - st.nulls
	if f.null {
		if f.Op == Eq {
			return st.nulls > 0
		}
		return nonNull > 0
	}
	if nonNull == 0 {
		return f.Op == Ne
	}
	if f.Op == Contains {
		return true
	}
	lo, hi := st.min, st.max
	inRange := func(v cell) bool { return compare(f.typ, v, lo) >= 0 && compare(f.typ, v, hi) <= 0 }
	switch f.Op {
	case Eq:
		return inRange(f.cells[0])
	case Ne:
		return st.nulls > 0 || compare(f.typ, lo, hi) != 0 || compare(f.typ, lo, f.cells[0]) != 0
	case In:
		return slices.ContainsFunc(f.cells, inRange)
	case Lt:
		return compare(f.typ, lo, f.cells[0]) < 0
	case Le:
		return compare(f.typ, lo, f.cells[0]) <= 0
	case Gt:
		return compare(f.typ, hi, f.cells[0]) > 0
	}
	return compare(f.typ, hi, f.cells[0]) >= 0 // Ge
}

func (s *Schema) keyList() string {
	keys := make([]string, 0, len(s.Columns))
	for i, c := range s.Columns {
		if i == 30 {
			keys = append(keys, "…")
			break
		}
		keys = append(keys, c.Key)
	}
	return strings.Join(keys, ", ")
}

func (s *Schema) exampleKey() string {
	if len(s.Columns) > 0 {
		return s.Columns[0].Key
	}
	return "spalte"
}

func opList(ops []Op) string {
	out := make([]string, len(ops))
	for i, o := range ops {
		out[i] = string(o)
	}
	return strings.Join(out, ", ")
}

// typeName is the German name of a column type.
func typeName(t Type) string {
	switch t {
	case Integer:
		return "ganze Zahl"
	case Number:
		return "Zahl"
	case Boolean:
		return "Wahrheitswert"
	case Date:
		return "Datum"
	}
	return "Text"
}

// typeHint says what a value of type t looks like.
func typeHint(t Type) string {
	switch t {
	case Integer:
		return "keine ganze Zahl (z. B. 42)"
	case Number:
		return "keine Zahl (z. B. 12.5 oder 12,5)"
	case Boolean:
		return "kein Wahrheitswert (true oder false)"
	case Date:
		return "kein Datum (JJJJ-MM-TT oder TT.MM.JJJJ)"
	}
	return "kein gültiger Text"
}
