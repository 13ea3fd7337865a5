package ckan

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// object is a JSON object read field by field, so that a field of an
// unexpected type is ignored instead of spoiling the whole package: CKAN
// instances differ (nulls, numbers as strings, extras as objects), and one
// odd field must not lose a dataset.
type object map[string]json.RawMessage

// parseObject reads raw as an object; nil if it is none.
func parseObject(raw json.RawMessage) object {
	var o object
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil
	}
	return o
}

// text reads a JSON value as text: a string as it is, a number or boolean
// as written, an object or array as its JSON text, null as "".
func text(raw json.RawMessage) string {
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

// str returns the field as trimmed text (see text).
func (o object) str(key string) string {
	return strings.TrimSpace(text(o[key]))
}

// obj returns the field as an object, nil if it is none. A string holding a
// JSON object counts too (extras often carry JSON as text).
func (o object) obj(key string) object {
	raw := o[key]
	if v := parseObject(raw); v != nil {
		return v
	}
	if s := o.str(key); strings.HasPrefix(s, "{") {
		return parseObject(json.RawMessage(s))
	}
	return nil
}

// array returns the field as a list of raw values, and whether it is a list.
func (o object) array(key string) ([]json.RawMessage, bool) {
	var list []json.RawMessage
	raw := bytes.TrimSpace(o[key])
	if len(raw) == 0 || raw[0] != '[' {
		return nil, false
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, false
	}
	return list, true
}

// integer returns the field as a whole number, given as a number or as a
// string, and whether it is one.
func (o object) integer(key string) (int64, bool) {
	s := o.str(key)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int64(f), true
}

// boolean returns the field as a boolean, given as true/false or as a
// string, and whether it is one.
func (o object) boolean(key string) (bool, bool) {
	switch strings.ToLower(o.str(key)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// stringList reads raw as a list of non-empty strings: a JSON list, a
// string holding a JSON list, or one string (split at commas if split).
func stringList(raw json.RawMessage, split bool) []string {
	var out []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	list, ok := object{"v": raw}.array("v")
	if !ok {
		s := strings.TrimSpace(text(raw))
		if strings.HasPrefix(s, "[") {
			list, ok = object{"v": json.RawMessage(s)}.array("v")
		}
		if !ok {
			if split {
				for part := range strings.SplitSeq(s, ",") {
					add(part)
				}
			} else {
				add(s)
			}
			return out
		}
	}
	for _, item := range list {
		if v := parseObject(item); v != nil {
			continue // objects are no strings
		}
		add(text(item))
	}
	return out
}
