// Package datajson harvests a DCAT-US 1.1 catalogue: the data.json file of
// the US Project Open Data schema, which ArcGIS Hub, Socrata, CKAN's
// ckanext-datajson and many US and European portals publish.
//
// The catalogue is one document without paging, so a run is one request;
// its size is capped by Fetcher.MaxBytes. A body that is no data.json
// catalogue (no JSON, or no "dataset" list) fails the run, so nothing is
// withdrawn. Within the list each dataset is mapped on its own (see
// mapping.go): the files in the wild put nulls, numbers, lists and objects
// where the schema wants strings, and HTML in descriptions and licences,
// and one odd dataset must not cost the others. A dataset that cannot be
// mapped, or that repeats an identifier listed before, becomes a record
// error; the run goes on.
//
// Source options: "language" is the language of the texts (an ISO 639-1
// code such as "en" or "fr") for datasets that name none in their
// "language" field; the default is municat.DefaultLanguage.
package datajson

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/jsonvalue"
)

// Accept is the Accept header of a catalogue request.
const Accept = "application/json, */*;q=0.1"

// Fetcher fetches a data.json catalogue. The zero value uses
// http.DefaultClient and the defaults; production code passes
// harvester.NewHTTPClient(). It has no page size and no page limit: a
// data.json catalogue is one document.
type Fetcher struct {
	// Client makes the request (http.DefaultClient if nil).
	Client *http.Client
	// MaxBytes caps the catalogue (harvester.DefaultMaxBytes if 0).
	MaxBytes int64
	// Retries and Backoff tune the retries of a failed request (see
	// harvester.GetOptions).
	Retries int
	Backoff time.Duration
}

var _ harvester.Fetcher = (*Fetcher)(nil)

// Fetch fetches the data.json catalogue at src.URL and emits it as one
// Page with a record per dataset; see harvester.Fetcher for the contract
// and Parse for the records.
func (f *Fetcher) Fetch(ctx context.Context, src *municat.Source, emit func(*harvester.Page) error) error {
	var final string
	opts := harvester.GetOptions{MaxBytes: f.MaxBytes, Accept: Accept, Retries: f.Retries, Backoff: f.Backoff, FinalURL: &final}
	body, ctype, err := harvester.GetBody(ctx, f.Client, src.URL, opts)
	if err != nil {
		return err
	}
	if final == "" {
		final = src.URL
	}
	records, err := parse(body, final, src.URL, src.Options["language"])
	if err != nil {
		return err
	}
	p := &harvester.Page{URL: src.URL, Body: body, ContentType: ctype, Ext: "json", Records: records}
	if p.ContentType == "" {
		p.ContentType = "application/json"
	}
	return emit(p)
}

// Parse reads a data.json catalogue fetched from catalogURL and maps each
// of its datasets to a record, in the catalogue's order. lang is the
// language of the texts of datasets that name none ("" means
// municat.DefaultLanguage). The remote id of a record is the dataset's
// identifier; its Link is the landing page, or catalogURL + "#" +
// identifier. An entry that is no object, or a dataset without
// identifier, gives a record with Err and no remote id; a dataset without
// title a record with Err and its remote id, so that it is not withdrawn.
// A dataset whose identifier came before gives a record with Err and no
// remote id, so that the run lists it as a duplicate instead of silently
// counting the identifier once.
//
// Parse returns an error matching municat.ErrUnavailable for a body that is
// not a data.json catalogue: no JSON object with a "dataset" list (a bare
// list of datasets, as Project Open Data 1.0 wrote it, counts as one).
func Parse(body []byte, catalogURL, lang string) ([]harvester.Record, error) {
	return parse(body, catalogURL, catalogURL, lang)
}

// parse is Parse with relative links resolved against base and record
// links made from linkBase (the source's URL, which may differ from the
// base after redirects).
func parse(body []byte, base, linkBase, lang string) ([]harvester.Record, error) {
	list, err := datasetList(body, base)
	if err != nil {
		return nil, err
	}
	if code := dcat.LanguageCode(lang); len(code) == 2 {
		lang = code
	} else {
		lang = municat.DefaultLanguage
	}
	m := &mapper{base: base, lang: lang}
	records := make([]harvester.Record, 0, len(list))
	firstAt := map[string]int{}
	for i, raw := range list {
		rec := m.record(raw, i+1)
		if rec.Link == "" && rec.RemoteID != "" {
			rec.Link = linkBase + "#" + rec.RemoteID
		}
		if n, dup := firstAt[rec.RemoteID]; dup && rec.RemoteID != "" {
			rec = harvester.Record{Link: rec.Link, Err: municat.Errorf(municat.EINVALID,
				"Die Kennung %q kommt im Katalog mehrfach vor (Datensatz Nr. %d und Nr. %d); nur der erste Datensatz wurde übernommen, dieser ist ein Duplikat.",
				municat.Shorten(rec.RemoteID, 200), n, i+1)}
		} else if rec.RemoteID != "" {
			firstAt[rec.RemoteID] = i + 1
		}
		records = append(records, rec)
	}
	return records, nil
}

// record maps the n-th entry of the dataset list.
func (m *mapper) record(raw json.RawMessage, n int) harvester.Record {
	o := object(jsonvalue.DecodeObject(raw))
	if o == nil {
		return harvester.Record{Err: municat.Errorf(municat.EINVALID, "Der Eintrag Nr. %d der Datensatzliste ist kein JSON-Objekt und wurde übersprungen.", n)}
	}
	link := absoluteURL(o.str("landingPage"))
	id := o.str("identifier")
	if id == "" {
		return harvester.Record{Link: link, Err: municat.Errorf(municat.EINVALID,
			"Der Datensatz Nr. %d (%s) hat keine Kennung (identifier) und wurde übersprungen.", n, describe(o))}
	}
	d, err := m.dataset(o, id)
	return harvester.Record{RemoteID: id, Dataset: d, Err: err, Link: link}
}

// describe names a dataset in a message by its title.
func describe(o object) string {
	if t := plainText(o.str("title")); t != "" {
		return fmt.Sprintf("„%s“", municat.Shorten(t, 100))
	}
	return "ohne Titel"
}

// utf8BOM is the byte order mark some servers put before a data.json.
var utf8BOM = []byte("\xef\xbb\xbf")

// datasetList returns the raw entries of the catalogue's dataset list.
func datasetList(body []byte, shown string) ([]json.RawMessage, error) {
	body = bytes.TrimSpace(bytes.TrimPrefix(body, utf8BOM))
	var list []json.RawMessage
	if len(body) > 0 && body[0] == '[' {
		if err := json.Unmarshal(body, &list); err != nil {
			return nil, notCatalog(shown, "sie ist kein gültiges JSON")
		}
		return list, nil
	}
	var cat map[string]json.RawMessage
	if err := json.Unmarshal(body, &cat); err != nil {
		return nil, notCatalog(shown, "sie ist kein gültiges JSON-Objekt")
	}
	raw := bytes.TrimSpace(cat["dataset"])
	if len(raw) == 0 || raw[0] != '[' || json.Unmarshal(raw, &list) != nil {
		return nil, notCatalog(shown, "ihr fehlt die Liste der Datensätze (\"dataset\")")
	}
	return list, nil
}

func notCatalog(shown, why string) error {
	if u, err := url.Parse(shown); err == nil {
		shown = u.Redacted()
	}
	return municat.Errorf(municat.EUNAVAILABLE, "Die Antwort von %s ist kein data.json-Katalog (DCAT-US): %s. Ist die Adresse der Quelle die ihrer data.json-Datei?", shown, why)
}
