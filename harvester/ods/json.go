package ods

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// object is a JSON object read field by field, so that a field of an
// unexpected type is ignored instead of spoiling the whole dataset: metadata
// templates differ from portal to portal (null templates, a keyword list
// given as one string, numbers as strings), and one odd field must not lose
// a dataset.
type object map[string]json.RawMessage

// parseObject reads raw as an object; nil if it is none.
func parseObject(raw json.RawMessage) object {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil
	}
	var o object
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil
	}
	return o
}

// text reads a JSON value as text: a string as it is, a number or boolean
// as written, null as "". An object or a list gives "".
func text(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" || raw[0] == '{' || raw[0] == '[' {
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

// str returns the field as trimmed text (see text). A nil object has no
// fields.
func (o object) str(key string) string {
	return strings.TrimSpace(text(o[key]))
}

// obj returns the field as an object, nil if it is none.
func (o object) obj(key string) object { return parseObject(o[key]) }

// array returns the field as a list of raw values, and whether it is a list.
func (o object) array(key string) ([]json.RawMessage, bool) {
	raw := bytes.TrimSpace(o[key])
	if len(raw) == 0 || raw[0] != '[' {
		return nil, false
	}
	var list []json.RawMessage
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
func (o object) boolean(key string) (value, ok bool) {
	switch strings.ToLower(o.str(key)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// strings returns the field as a list of trimmed, non-empty strings, once
// each: a JSON list of strings (other items are skipped) or one string,
// split at commas if split is set.
func (o object) strings(key string, split bool) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if list, ok := o.array(key); ok {
		for _, item := range list {
			add(text(item))
		}
		return out
	}
	s := o.str(key)
	if !split {
		add(s)
		return out
	}
	for part := range strings.SplitSeq(s, ",") {
		add(part)
	}
	return out
}
