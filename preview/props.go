package preview

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// properties adds a feature's properties as a row of p.props, the names in
// the order they first appear as columns.
func (p *geoParser) properties(raw json.RawMessage) {
	t := p.props.t
	if p.keys == nil {
		p.keys = map[string]int{}
	}
	var row []string
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if tok, err := dec.Token(); err == nil && tok == json.Delim('{') {
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			key, _ := tok.(string)
			var value json.RawMessage
			if err := dec.Decode(&value); err != nil {
				break
			}
			col, ok := p.keys[key]
			if !ok {
				if len(t.Columns) == MaxColumns {
					t.ColumnsCut = true
					continue
				}
				col = len(t.Columns)
				p.keys[key] = col
				t.Columns = append(t.Columns, p.props.cell(key))
			}
			row = pad(row, col+1)
			row[col] = p.props.cell(propertyText(value))
		}
	}
	t.Rows = append(t.Rows, row)
}

// propertyText renders a JSON value as text: strings unquoted, numbers as
// written, null empty, objects and arrays as compact JSON.
func propertyText(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	switch {
	case len(v) == 0 || string(v) == "null":
		return ""
	case v[0] == '"':
		var s string
		if err := json.Unmarshal(v, &s); err == nil {
			return s
		}
	case v[0] == '{' || v[0] == '[':
		// A prefix long enough to need cutting is enough.
		if n := (MaxCellChars + 1) * utf8.UTFMax; len(v) > n {
			return string(v[:n])
		}
		var b bytes.Buffer
		if err := json.Compact(&b, v); err == nil {
			return b.String()
		}
	}
	return string(v)
}
