package socrata

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester/jsonvalue"
)

// maxResultSetSize is the largest resultSetSize taken seriously.
const maxResultSetSize = 1 << 40

// catalog is the part of a Discovery API response Fetch needs.
type catalog struct {
	total   int
	results []json.RawMessage
}

// decodeCatalog reads a Discovery API response, keeping every result as
// raw JSON so that one odd result cannot spoil the page.
func decodeCatalog(body []byte, shown string) (*catalog, error) {
	var resp jsonvalue.Object
	if err := json.Unmarshal(body, &resp); err != nil || resp == nil {
		return nil, municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s ist kein gültiges JSON-Objekt; ist die Adresse der Quelle die eines Socrata-Portals?", shown)
	}
	results, ok := resp.Array("results")
	if !ok {
		if msg := str(jsonvalue.Decode(resp["error"])); msg != "" {
			return nil, municat.Errorf(municat.EUNAVAILABLE, "Die Socrata-Schnittstelle meldete einen Fehler auf %s: %s", shown, municat.Shorten(msg, 300))
		}
		return nil, municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s enthält keine Trefferliste (results); ist die Adresse der Quelle die eines Socrata-Portals?", shown)
	}
	total, err := strconv.ParseInt(str(jsonvalue.Decode(resp["resultSetSize"])), 10, 64)
	if err != nil || total < 0 {
		return nil, municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s enthält keine gültige Trefferzahl (resultSetSize)", shown)
	}
	if total > maxResultSetSize {
		return nil, municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s meldet unglaubwürdig viele Treffer (%d)", shown, total)
	}
	return &catalog{total: int(total), results: results}, nil
}

// object is one JSON object of a response, read with json.Number. Its
// accessors never fail: a field of an unexpected type reads as empty.
type object map[string]any

// str returns a string trimmed, a number as written, "" for anything else.
func str(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case json.Number:
		return x.String()
	}
	return ""
}

// str returns the member key as text (see str).
func (o object) str(key string) string { return str(o[key]) }

// obj returns the member key if it is an object, else nil.
func (o object) obj(key string) object {
	if m, ok := o[key].(map[string]any); ok {
		return m
	}
	return nil
}

// strs returns the non-empty texts of the member key: the items of a list,
// or the member itself.
func (o object) strs(key string) []string {
	list, ok := o[key].([]any)
	if !ok {
		list = []any{o[key]}
	}
	var out []string
	for _, item := range list {
		if s := str(item); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// meta returns the domain_metadata of a classification as key → value;
// Socrata lists it as [{"key": "Common-Core_Publisher", "value": "…"}].
func (o object) meta() map[string]string {
	list, _ := o["domain_metadata"].([]any)
	m := map[string]string{}
	for _, item := range list {
		if e, ok := item.(map[string]any); ok {
			if k, v := str(e["key"]), str(e["value"]); k != "" && v != "" {
				m[k] = v
			}
		}
	}
	return m
}
