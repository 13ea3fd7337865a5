package jsonvalue

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// FuzzObject reads arbitrary bytes as an object and each of its fields with
// every accessor. None may panic, and the readings must agree with one
// another: text is trimmed, lists hold no empty strings (and Strings none
// twice), an object Obj finds ObjText finds too, and a number Int finds
// reads back as the text it was.
func FuzzObject(f *testing.F) {
	f.Add([]byte(sample))
	for _, s := range []string{
		`{"a": "{\"b\": [1, \"c, d\"]}", "e": "[\" x \", {}, [2]]", "f": -0.0, "g": "1e15"}`,
		`{"a": 9223372036854775808, "b": "-9007199254740993.0", "c": "NaN", "d": "Inf", "e": "0x10"}`,
		`{"a": "\ud800", "b": "\u00a0 x \u00a0", "c": " , ,", "d": [[], [null], ""], "e": {"f": {}}}`,
		"\u00a0{\"a\": 1}\v", `[{"a": 1}]`, `"{\"a\": 1}"`, `{"a": 1} {"b": 2}`, `{"a":`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if Parse(data) != nil && DecodeObject(bytes.TrimSpace(data)) == nil {
			t.Fatalf("Parse found an object DecodeObject did not: %q", data)
		}
		_ = Decode(data)
		for _, raw := range []json.RawMessage{data, json.RawMessage(Text(data))} {
			o := Object{"v": raw}
			for k, v := range Parse(raw) {
				o[k] = v
			}
			for key := range o {
				checkField(t, o, key)
			}
		}
	})
}

// checkField reads one field with every accessor and checks that the
// readings agree.
func checkField(t *testing.T, o Object, key string) {
	t.Helper()
	raw := o[key]
	str, text := o.Str(key), o.Text(key)
	for _, s := range []string{str, text} {
		if s != strings.TrimSpace(s) {
			t.Fatalf("field %q = %q: text %q is not trimmed", key, raw, s)
		}
	}
	if str != "" && str != text {
		t.Fatalf("field %q = %q: Str %q, Text %q", key, raw, str, text)
	}
	if sc := Scalar(raw); sc != "" && sc != Text(raw) {
		t.Fatalf("field %q = %q: Scalar %q, Text %q", key, raw, sc, Text(raw))
	}
	if obj := o.Obj(key); obj != nil {
		if str != "" {
			t.Fatalf("field %q = %q: an object with text %q", key, raw, str)
		}
		if !reflect.DeepEqual(obj, o.ObjText(key)) {
			t.Fatalf("field %q = %q: ObjText differs from Obj", key, raw)
		}
	}
	if list, ok := o.Array(key); ok {
		if list == nil || str != "" {
			t.Fatalf("field %q = %q: list %q with text %q", key, raw, list, str)
		}
		for _, item := range list {
			if !json.Valid(item) {
				t.Fatalf("field %q = %q: invalid item %q", key, raw, item)
			}
		}
	}
	if n, ok := o.Int(key); ok {
		if str == "" {
			t.Fatalf("field %q = %q: integer %d without text", key, raw, n)
		}
	} else if n != 0 {
		t.Fatalf("field %q = %q: no integer, but %d", key, raw, n)
	}
	lower := strings.ToLower(str)
	if b, ok := o.Bool(key); ok != (lower == "true" || lower == "false") || b != (lower == "true") {
		t.Fatalf("field %q = %q: Bool %v, %v for text %q", key, raw, b, ok, str)
	}
	for _, split := range []bool{false, true} {
		seen := map[string]bool{}
		for _, s := range o.Strings(key, split) {
			if s == "" || s != strings.TrimSpace(s) || seen[s] {
				t.Fatalf("field %q = %q: Strings(%v) holds %q", key, raw, split, s)
			}
			if split && strings.Contains(s, ",") && !isList(raw) {
				t.Fatalf("field %q = %q: Strings(true) holds %q, unsplit", key, raw, s)
			}
			seen[s] = true
		}
		for _, s := range TextList(raw, split) {
			if s == "" || s != strings.TrimSpace(s) {
				t.Fatalf("field %q = %q: TextList(%v) holds %q", key, raw, split, s)
			}
		}
	}
}

// isList reports whether raw is a JSON list.
func isList(raw json.RawMessage) bool {
	_, ok := Array(raw)
	return ok
}
