package server

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/municat/municat"
)

var (
	timeType      = reflect.TypeFor[time.Time]()
	unmarshalType = reflect.TypeFor[json.Unmarshaler]()
)

// checkShape appends a FieldError to errs for every field of the decoded
// JSON value v (at path) that t does not have and every value that does
// not fit its field's type. null fits everything.
func checkShape(v any, t reflect.Type, path string, errs *[]municat.FieldError) {
	if v == nil {
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	fail := func(want string) {
		*errs = append(*errs, municat.FieldError{Field: path, Message: fmt.Sprintf("Erwartet wird %s, gesendet wurde %s.", want, jsonKind(v))})
	}
	if t == timeType {
		s, ok := v.(string)
		if _, err := time.Parse(time.RFC3339, s); !ok || err != nil {
			fail("ein Zeitpunkt nach RFC 3339 wie \"2026-12-24T08:00:00+01:00\"")
		}
		return
	}
	if reflect.PointerTo(t).Implements(unmarshalType) {
		return // a type that reads itself
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			fail("ein Objekt {…}")
			return
		}
		known := jsonFields(t)
		for _, key := range slices.Sorted(mapKeys(obj)) {
			ft, ok := known[key]
			if !ok {
				*errs = append(*errs, municat.FieldError{Field: join(path, key), Message: unknownField(key, known)})
				continue
			}
			checkShape(obj[key], ft, join(path, key), errs)
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			fail("ein Objekt {…}")
			return
		}
		for _, key := range slices.Sorted(mapKeys(obj)) {
			checkShape(obj[key], t.Elem(), join(path, key), errs)
		}
	case reflect.Slice, reflect.Array:
		list, ok := v.([]any)
		if !ok {
			fail("eine Liste […]")
			return
		}
		for i, e := range list {
			checkShape(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i), errs)
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			fail("eine Zeichenkette \"…\"")
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			fail("true oder false")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := v.(json.Number)
		if _, err := strconv.ParseInt(n.String(), 10, t.Bits()); !ok || err != nil {
			fail("eine ganze Zahl")
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := v.(json.Number)
		if _, err := strconv.ParseUint(n.String(), 10, t.Bits()); !ok || err != nil {
			fail("eine ganze Zahl ab 0")
		}
	case reflect.Float32, reflect.Float64:
		n, ok := v.(json.Number)
		if _, err := strconv.ParseFloat(n.String(), t.Bits()); !ok || err != nil {
			fail("eine Zahl")
		}
	}
}

// join appends a field name to a JSON path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// mapKeys returns the keys of m.
func mapKeys(m map[string]any) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// unknownField returns the message for a field name t does not have,
// suggesting the closest known name.
func unknownField(key string, known map[string]reflect.Type) string {
	best, dist := "", 3
	for name := range known {
		d := editDistance(strings.ToLower(key), name)
		if d < dist || d == dist && name < best {
			best, dist = name, d
		}
	}
	if best != "" {
		return fmt.Sprintf("Das Feld %q gibt es nicht. Meinten Sie %q?", key, best)
	}
	return fmt.Sprintf("Das Feld %q gibt es nicht. Bitte prüfen Sie die Schreibweise (Feldnamen sind klein geschrieben, z. B. \"title\").", key)
}

// editDistance is the Levenshtein distance of a and b, by bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// fieldCache holds the JSON fields of the struct types seen.
var fieldCache sync.Map // reflect.Type → map[string]reflect.Type

// jsonFields returns the fields of struct type t by JSON name, as
// encoding/json names them (tag name or Go name; embedded structs without
// a tag contribute their fields; "-" is left out).
func jsonFields(t reflect.Type) map[string]reflect.Type {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	m := map[string]reflect.Type{}
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			continue // its fields are visible on their own
		}
		if len(f.Index) > 1 && !promoted(t, f) {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = f.Type
	}
	fieldCache.Store(t, m)
	return m
}

// promoted reports whether the field f of t, found in an embedded struct,
// is promoted into t's JSON: every struct on its way is embedded without a
// JSON name.
func promoted(t reflect.Type, f reflect.StructField) bool {
	for _, i := range f.Index[:len(f.Index)-1] {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if !sf.Anonymous || name != "" || sf.Tag.Get("json") == "-" {
			return false
		}
		t = sf.Type
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
	}
	return true
}
