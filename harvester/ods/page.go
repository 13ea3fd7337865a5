package ods

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester/jsonvalue"
)

// rawDataset is one dataset of a response, kept as raw JSON so that one odd
// dataset cannot spoil the page.
type rawDataset = json.RawMessage

// catalogPage is the part of a dataset search response Fetch needs.
type catalogPage struct {
	// total is total_count: the datasets matching the query.
	total int
	// results are the datasets of this page.
	results []rawDataset
}

// maxTotal is the largest total_count taken seriously.
const maxTotal = 1 << 40

// Reasons a response cannot be read.
var (
	errNotObject = errors.New("kein JSON-Objekt")
	errNoTotal   = errors.New("keine gültige Trefferzahl (total_count)")
	errNoResults = errors.New("keine Trefferliste (results)")
	errNotList   = errors.New("keine JSON-Liste von Datensätzen")
)

// decodePage reads a response of /catalog/datasets: an object with
// total_count and results. An Opendatasoft error body gives an *apiError.
func decodePage(body []byte) (*catalogPage, error) {
	o := jsonvalue.Parse(body)
	if o == nil {
		return nil, errNotObject
	}
	if e := apiErrorOf(o); e != nil {
		return nil, e
	}
	total, ok := o.Int("total_count")
	if !ok || total < 0 || total > maxTotal {
		return nil, errNoTotal
	}
	results, ok := o.Array("results")
	if !ok {
		return nil, errNoResults
	}
	return &catalogPage{total: int(total), results: results}, nil
}

// decodeExport reads the JSON catalogue export: a list of datasets shaped
// like the search's results. An object with a results list is taken too;
// an Opendatasoft error body gives an *apiError.
func decodeExport(body []byte) ([]rawDataset, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		var list []rawDataset
		if err := json.Unmarshal(trimmed, &list); err != nil {
			return nil, errNotList
		}
		return list, nil
	}
	o := jsonvalue.Parse(trimmed)
	if o == nil {
		return nil, errNotList
	}
	if e := apiErrorOf(o); e != nil {
		return nil, e
	}
	if results, ok := o.Array("results"); ok {
		return results, nil
	}
	return nil, errNotList
}

// parseObjects reads each dataset of a response with jsonvalue.Parse, so that
// it is parsed once; an entry that is no object gives nil.
func parseObjects(results []rawDataset) []jsonvalue.Object {
	out := make([]jsonvalue.Object, len(results))
	for i, raw := range results {
		out[i] = jsonvalue.Parse(raw)
	}
	return out
}

// pageError turns a reason from decodePage or decodeExport into an error
// for the data officer; shown is the address without the API key.
func pageError(err error, shown string) error {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.explain(shown)
	}
	if errors.Is(err, errNotObject) || errors.Is(err, errNotList) {
		return municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s ist %s; ist die Adresse der Quelle die eines Opendatasoft-Portals (Explore API v2.1)?", shown, err)
	}
	return municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s enthält %s; ist die Adresse der Quelle die eines Opendatasoft-Portals (Explore API v2.1)?", shown, err)
}
