package datajson

import (
	"encoding/json"
	"strings"
)

// object is one JSON object of a data.json file, read with json.Number so
// that numbers keep the digits the source wrote. Its accessors never fail:
// data.json files in the wild put null, numbers, lists or objects where the
// schema wants a string, and one odd field must not lose a dataset.
type object map[string]any

// nameKeys are the members text reads, in order, from an object given where
// a string is expected: an agent's or vCard's name, a JSON-LD value or IRI.
var nameKeys = []string{"name", "fn", "title", "@value", "@id", "label", "value"}

// text returns v as trimmed text: a string as it is, a number as written,
// the first non-empty item of a list, or the first of nameKeys an object
// has; "" for null, a boolean or anything else.
func text(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case json.Number:
		return x.String()
	case []any:
		for _, item := range x {
			if s := text(item); s != "" {
				return s
			}
		}
	case map[string]any:
		for _, k := range nameKeys {
			if s := text(x[k]); s != "" {
				return s
			}
		}
	}
	return ""
}

// texts returns v as a list of non-empty texts: each item of a list (see
// text), or v itself.
func texts(v any) []string {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	var out []string
	for _, item := range list {
		if s := text(item); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// asObject returns v as an object: v itself, or the first object of a
// list; nil if there is none.
func asObject(v any) object {
	switch x := v.(type) {
	case map[string]any:
		return x
	case []any:
		for _, item := range x {
			if m, ok := item.(map[string]any); ok {
				return m
			}
		}
	}
	return nil
}

// objects returns the objects v holds: the objects of a list, or v itself
// if it is an object. Other items are left out.
func objects(v any) []object {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	var out []object
	for _, item := range list {
		if m, ok := item.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// str returns the member key as text (see text).
func (o object) str(key string) string { return text(o[key]) }

// strs returns the member key as a list of texts (see texts).
func (o object) strs(key string) []string { return texts(o[key]) }
