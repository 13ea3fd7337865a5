package jsonvalue

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
)

// sample has a field of each shape the accessors meet in the wild.
const sample = `{
	"s": "  Bäume  ", "empty": "", "blank": "   ", "null": null,
	"n": 42, "f": 12.0, "frac": 1.5, "big": 1e300, "ns": " 7 ", "huge": "9007199254740993",
	"t": true, "F": "False", "yes": "ja",
	"o": {"a": "b"}, "os": " {\"a\": \"b\"} ", "badobj": "{nope",
	"l": [" x ", "y", "x", 3, null, true, {"a": 1}, [1, 2], ""],
	"ls": "[\"a\", \"b\"]", "csv": "a, b,,a ", "badlist": "[1,"
}`

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Object
	}{
		{`{"a": 1}`, Object{"a": json.RawMessage("1")}},
		{" \n{}\t", Object{}},
		{"\u00a0{\"a\": 1}\v", Object{"a": json.RawMessage("1")}},
		{`{"a": 1, "a": 2}`, Object{"a": json.RawMessage("2")}},
		{``, nil},
		{`null`, nil},
		{`[{"a": 1}]`, nil},
		{`"{\"a\": 1}"`, nil},
		{`{"a": 1`, nil},
		{`{"a": 1} {}`, nil},
	} {
		if got := Parse(json.RawMessage(tt.in)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseText(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Object
	}{
		{`{"a": 1}`, Object{"a": json.RawMessage("1")}},
		{`" {\"a\": 1} "`, Object{"a": json.RawMessage("1")}},
		{`"{nope"`, nil},
		{`"[1]"`, nil},
		{`"x"`, nil},
		{`null`, nil},
	} {
		if got := ParseText(json.RawMessage(tt.in)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseText(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestTextAndScalar(t *testing.T) {
	for _, tt := range []struct {
		in, text, scalar string
	}{
		{`" a "`, " a ", " a "},
		{`"\u00e4\n"`, "ä\n", "ä\n"},
		{` 12.50 `, "12.50", "12.50"},
		{`-1e3`, "-1e3", "-1e3"},
		{`true`, "true", "true"},
		{`null`, "", ""},
		{``, "", ""},
		{`{"a": [1]}`, `{"a": [1]}`, ""},
		{` [1, 2] `, "[1, 2]", ""},
		{`"unterminated`, "", ""},
	} {
		if got := Text(json.RawMessage(tt.in)); got != tt.text {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := Scalar(json.RawMessage(tt.in)); got != tt.scalar {
			t.Errorf("Scalar(%q) = %q, want %q", tt.in, got, tt.scalar)
		}
	}
}

func TestObjectFields(t *testing.T) {
	o := Parse(json.RawMessage(sample))
	if o == nil {
		t.Fatal("sample is no object")
	}
	for _, tt := range []struct {
		key, str, text string
	}{
		{"s", "Bäume", "Bäume"},
		{"blank", "", ""},
		{"null", "", ""},
		{"missing", "", ""},
		{"n", "42", "42"},
		{"t", "true", "true"},
		{"o", "", `{"a": "b"}`},
		{"l", "", `[" x ", "y", "x", 3, null, true, {"a": 1}, [1, 2], ""]`},
	} {
		if got := o.Str(tt.key); got != tt.str {
			t.Errorf("Str(%q) = %q, want %q", tt.key, got, tt.str)
		}
		if got := o.Text(tt.key); got != tt.text {
			t.Errorf("Text(%q) = %q, want %q", tt.key, got, tt.text)
		}
	}

	want := Object{"a": json.RawMessage(`"b"`)}
	for _, tt := range []struct {
		key          string
		obj, objText Object
	}{
		{"o", want, want},
		{"os", nil, want},
		{"badobj", nil, nil},
		{"s", nil, nil},
		{"l", nil, nil},
		{"missing", nil, nil},
	} {
		if got := o.Obj(tt.key); !reflect.DeepEqual(got, tt.obj) {
			t.Errorf("Obj(%q) = %v, want %v", tt.key, got, tt.obj)
		}
		if got := o.ObjText(tt.key); !reflect.DeepEqual(got, tt.objText) {
			t.Errorf("ObjText(%q) = %v, want %v", tt.key, got, tt.objText)
		}
	}

	if list, ok := o.Array("l"); !ok || len(list) != 9 || string(list[6]) != `{"a": 1}` {
		t.Errorf("Array(l) = %q, %v; want its 9 items", list, ok)
	}
	for _, key := range []string{"ls", "o", "s", "null", "missing"} {
		if list, ok := o.Array(key); ok || list != nil {
			t.Errorf("Array(%q) = %q, %v; want no list", key, list, ok)
		}
	}
	var none Object
	if none.Str("a") != "" || none.Obj("a") != nil || none.Strings("a", true) != nil {
		t.Error("a nil Object has fields")
	}
}

func TestInt(t *testing.T) {
	o := Parse(json.RawMessage(sample))
	for _, tt := range []struct {
		key  string
		want int64
		ok   bool
	}{
		{"n", 42, true},
		{"f", 12, true},
		{"ns", 7, true},
		{"huge", 9007199254740993, true},
		{"frac", 0, false},
		{"big", 0, false},
		{"s", 0, false},
		{"o", 0, false},
		{"null", 0, false},
		{"missing", 0, false},
	} {
		if got, ok := o.Int(tt.key); got != tt.want || ok != tt.ok {
			t.Errorf("Int(%q) = %d, %v; want %d, %v", tt.key, got, ok, tt.want, tt.ok)
		}
	}
	if got, ok := (Object{"v": json.RawMessage("9007199254740992.0")}).Int("v"); got != 1<<53 || !ok {
		t.Errorf("Int(2^53 as float) = %d, %v; want 2^53", got, ok)
	}
	if _, ok := (Object{"v": json.RawMessage("9007199254740994.0")}).Int("v"); ok {
		t.Error("Int takes a float beyond 2^53")
	}
}

func TestBool(t *testing.T) {
	o := Parse(json.RawMessage(sample))
	for _, tt := range []struct {
		key      string
		want, ok bool
	}{
		{"t", true, true},
		{"F", false, true},
		{"yes", false, false},
		{"n", false, false},
		{"missing", false, false},
	} {
		if got, ok := o.Bool(tt.key); got != tt.want || ok != tt.ok {
			t.Errorf("Bool(%q) = %v, %v; want %v, %v", tt.key, got, ok, tt.want, tt.ok)
		}
	}
}

func TestStrings(t *testing.T) {
	o := Parse(json.RawMessage(sample))
	for _, tt := range []struct {
		key   string
		split bool
		want  []string
	}{
		{"l", false, []string{"x", "y", "3", "true"}},
		{"l", true, []string{"x", "y", "3", "true"}},
		{"csv", false, []string{"a, b,,a"}},
		{"csv", true, []string{"a", "b"}},
		{"ls", false, []string{`["a", "b"]`}},
		{"s", true, []string{"Bäume"}},
		{"o", true, nil},
		{"blank", true, nil},
		{"missing", false, nil},
	} {
		if got := o.Strings(tt.key, tt.split); !slices.Equal(got, tt.want) {
			t.Errorf("Strings(%q, %v) = %q, want %q", tt.key, tt.split, got, tt.want)
		}
	}
}

func TestTextList(t *testing.T) {
	o := Parse(json.RawMessage(sample))
	for _, tt := range []struct {
		key   string
		split bool
		want  []string
	}{
		{"l", false, []string{"x", "y", "x", "3", "true", "[1, 2]"}},
		{"ls", false, []string{"a", "b"}},
		{"csv", false, []string{"a, b,,a"}},
		{"csv", true, []string{"a", "b", "a"}},
		{"badlist", true, []string{"[1"}},
		{"o", false, []string{`{"a": "b"}`}},
		{"o", true, []string{`{"a": "b"}`}},
		{"null", true, nil},
		{"missing", false, nil},
	} {
		if got := TextList(o[tt.key], tt.split); !slices.Equal(got, tt.want) {
			t.Errorf("TextList(%s, %v) = %q, want %q", tt.key, tt.split, got, tt.want)
		}
	}
}

func TestDecode(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want any
	}{
		{`{"n": 1.50, "l": [null, "x"]}`, map[string]any{"n": json.Number("1.50"), "l": []any{nil, "x"}}},
		{`{"a": 1} trailing`, map[string]any{"a": json.Number("1")}},
		{` "x" `, "x"},
		{`null`, nil},
		{``, nil},
		{`{"a":`, nil},
	} {
		if got := Decode([]byte(tt.in)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Decode(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
	if m := DecodeObject([]byte(`{"a": 7}`)); m == nil || m["a"] != json.Number("7") {
		t.Errorf("DecodeObject = %#v", m)
	}
	for _, in := range []string{`[{}]`, `"x"`, `null`, `{`} {
		if m := DecodeObject([]byte(in)); m != nil {
			t.Errorf("DecodeObject(%q) = %#v, want nil", in, m)
		}
	}
}
