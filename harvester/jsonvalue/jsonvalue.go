// Package jsonvalue reads the JSON of harvested catalogues tolerantly: field
// by field, so that a field of an unexpected type reads as empty instead of
// spoiling the whole record. Portals differ (nulls, numbers as strings, a
// keyword list given as one string, JSON given as text), and one odd field
// must not lose a dataset.
//
// An [Object] keeps its fields as raw JSON and reads each when asked. Its
// accessors come in two flavours where portals need different readings:
//
//   - [Object.Str], [Object.Obj] and [Object.Strings] read a value as it is
//     typed: an object or a list is no text, and text is no object or list.
//   - [Object.Text], [Object.ObjText] and [TextList] also take JSON given as
//     text (an object or list inside a string, as CKAN extras carry it) and
//     give an object or a list where text is asked for as its JSON text.
//
// [Decode] and [DecodeObject] serve readers that work on decoded Go values
// instead (map[string]any with json.Number numbers).
package jsonvalue

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// Object is a JSON object whose fields are read one by one (see the package
// documentation). A nil Object has no fields.
type Object map[string]json.RawMessage

// Parse reads raw as an object; nil if it is none. White space around it,
// also other than JSON's, is ignored.
func Parse(raw json.RawMessage) Object {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil
	}
	var o Object
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil
	}
	return o
}

// ParseText reads raw as an object like Parse, or else as a string whose
// trimmed text is a JSON object; nil if it is neither.
func ParseText(raw json.RawMessage) Object {
	if o := Parse(raw); o != nil {
		return o
	}
	if s := strings.TrimSpace(Text(raw)); strings.HasPrefix(s, "{") {
		return Parse(json.RawMessage(s))
	}
	return nil
}

// Scalar reads a JSON value as text: a string as it is, a number or
// boolean as written; "" for null, an object, a list or invalid JSON.
func Scalar(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && (raw[0] == '{' || raw[0] == '[') {
		return ""
	}
	return Text(raw)
}

// Text reads a JSON value as text: a string as it is, a number or boolean
// as written, an object or a list as its JSON text; "" for null or an
// invalid string.
func Text(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return ""
		}
		return s
	}
	return string(raw)
}

// Array reads raw as a list of raw values, and reports whether it is one.
func Array(raw json.RawMessage) ([]json.RawMessage, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '[' {
		return nil, false
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, false
	}
	return list, true
}

// TextList reads raw as a list of trimmed, non-empty strings: the items of
// a JSON list or of a string holding one (objects are skipped, a nested
// list counts as its JSON text), or else the value as text (see Text),
// split at commas if split is set. Duplicates are kept.
func TextList(raw json.RawMessage, split bool) []string {
	var out texts
	list, ok := Array(raw)
	if !ok {
		s := strings.TrimSpace(Text(raw))
		if strings.HasPrefix(s, "[") {
			list, ok = Array(json.RawMessage(s))
		}
		if !ok {
			out.add(s, split)
			return out.list
		}
	}
	for _, item := range list {
		if Parse(item) == nil { // objects are no strings
			out.add(Text(item), false)
		}
	}
	return out.list
}

// Str returns the field as trimmed text (see Scalar): "" for an object or
// a list.
func (o Object) Str(key string) string {
	return strings.TrimSpace(Scalar(o[key]))
}

// Text returns the field as trimmed text (see Text): an object or a list
// gives its JSON text.
func (o Object) Text(key string) string {
	return strings.TrimSpace(Text(o[key]))
}

// Obj returns the field as an object, nil if it is none.
func (o Object) Obj(key string) Object { return Parse(o[key]) }

// ObjText returns the field as an object, nil if it is none; a string
// holding a JSON object counts too (see ParseText).
func (o Object) ObjText(key string) Object { return ParseText(o[key]) }

// Array returns the field as a list of raw values, and reports whether it
// is one.
func (o Object) Array(key string) ([]json.RawMessage, bool) { return Array(o[key]) }

// Int returns the field as a whole number, given as a number or as a
// string, and reports whether it is one. A fraction, or a number beyond
// ±2⁵³ not written as an integer, is none.
func (o Object) Int(key string) (int64, bool) {
	s := o.Str(key)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int64(f), true
}

// Bool returns the field as a boolean, given as true or false or as a
// string saying so in any case, and reports whether it is one.
func (o Object) Bool(key string) (value, ok bool) {
	switch strings.ToLower(o.Str(key)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// Strings returns the field as a list of trimmed, non-empty strings, once
// each: the items of a JSON list (objects and lists among them are
// skipped), or the field as text (see Str), split at commas if split is
// set. A string holding a JSON list is no list here.
func (o Object) Strings(key string, split bool) []string {
	out := texts{seen: map[string]bool{}}
	if list, ok := o.Array(key); ok {
		for _, item := range list {
			out.add(Scalar(item), false)
		}
		return out.list
	}
	out.add(o.Str(key), split)
	return out.list
}

// texts collects trimmed, non-empty strings; once each if seen is set.
type texts struct {
	list []string
	seen map[string]bool
}

// add adds s, or each of its comma-separated parts if split is set.
func (t *texts) add(s string, split bool) {
	parts := []string{s}
	if split {
		parts = strings.Split(s, ",")
	}
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" || t.seen[p] {
			continue
		}
		if t.seen != nil {
			t.seen[p] = true
		}
		t.list = append(t.list, p)
	}
}

// Decode reads the first JSON value of raw as Go values, numbers as
// json.Number so that they keep the digits the source wrote; nil for null
// or if raw does not start with a valid JSON value. What follows that
// value is not read.
func Decode(raw []byte) any {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil
	}
	return v
}

// DecodeObject reads the first JSON value of raw like Decode and returns
// it if it is an object; nil if it is none.
func DecodeObject(raw []byte) map[string]any {
	m, _ := Decode(raw).(map[string]any)
	return m
}
