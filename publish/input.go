package publish

import (
	"bytes"
	"encoding/json"
	"net/url"
	"reflect"
	"slices"
	"strings"

	"github.com/municat/municat"
)

// clone returns a deep copy of d.
func clone(d *municat.Dataset) *municat.Dataset {
	b, err := json.Marshal(d)
	if err != nil {
		// A Dataset holds only JSON-safe types; this cannot happen.
		panic("publish: marshal dataset: " + err.Error())
	}
	out := &municat.Dataset{}
	if err := json.Unmarshal(b, out); err != nil {
		panic("publish: unmarshal dataset: " + err.Error())
	}
	return out
}

// incoming returns a copy of the dataset a client sent, without the fields
// municat sets itself, and with its lists tidied. old is the stored record
// on an update (nil on create): its distributions keep their files,
// versions and dates by id.
func incoming(in *municat.Dataset, old *municat.Dataset) *municat.Dataset {
	d := clone(in)
	d.ID, d.Issued, d.Modified = "", nil, nil
	d.SourceID, d.RemoteID, d.ContentHash, d.Harvested = "", "", "", nil
	d.WithdrawnAt, d.DuplicateOf = nil, ""
	d.Organization = strings.TrimSpace(d.Organization)
	d.Keywords = tidy(d.Keywords, false)
	d.Themes = tidy(d.Themes, true)
	for i := range d.Distributions {
		dist := &d.Distributions[i]
		dist.ID = strings.TrimSpace(dist.ID)
		dist.FileKey, dist.Versions, dist.Checksum, dist.ByteSize = "", nil, nil, 0
		if old == nil {
			continue
		}
		prev := distribution(old, dist.ID)
		if prev == nil || (prev.FileKey == "" && len(prev.Versions) == 0) {
			continue
		}
		// A file municat holds: what describes the file stays as stored.
		dist.FileKey, dist.Versions, dist.Checksum, dist.ByteSize = prev.FileKey, prev.Versions, prev.Checksum, prev.ByteSize
		dist.Issued, dist.Modified = prev.Issued, prev.Modified
		if dist.Format == "" {
			dist.Format = prev.Format
		}
		if dist.MediaType == "" {
			dist.MediaType = prev.MediaType
		}
		// The API shows the file's download endpoint as its addresses; sent
		// back, they are not addresses of their own.
		self := "/api/v1/datasets/" + url.PathEscape(old.ID) + "/distributions/" + url.PathEscape(dist.ID) + "/download"
		if strings.HasSuffix(dist.DownloadURL, self) {
			dist.DownloadURL = ""
		}
		if strings.HasSuffix(dist.AccessURL, self) {
			dist.AccessURL = ""
		}
	}
	for i := range d.Distributions {
		dist := &d.Distributions[i]
		if dist.AccessURL == "" && dist.DownloadURL != "" && dist.FileKey == "" {
			dist.AccessURL = dist.DownloadURL
		}
		if dist.ID == "" {
			dist.ID = newDistributionID(d, dist.Title.String(), dist.Format)
		}
	}
	return d
}

// tidy trims the entries of list, drops empty ones and repeats, and
// upper-cases them if upper is set.
func tidy(list []string, upper bool) []string {
	var out []string
	for _, s := range list {
		s = strings.TrimSpace(s)
		if upper {
			s = strings.ToUpper(s)
		}
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// distribution returns the distribution of d with id, or nil.
func distribution(d *municat.Dataset, id string) *municat.Distribution {
	if id == "" {
		return nil
	}
	for i := range d.Distributions {
		if d.Distributions[i].ID == id {
			return &d.Distributions[i]
		}
	}
	return nil
}

// newDistributionID returns an id for a new distribution of d: the slug of
// its title, else of its format, else "datei", made unique in d with -2,
// -3, ….
func newDistributionID(d *municat.Dataset, title, format string) string {
	base := cutSlug(Slug(title), 48)
	if base == "" {
		base = cutSlug(Slug(format), 48)
	}
	if base == "" {
		base = "datei"
	}
	id, _ := uniqueSlug(base, func(id string) (bool, error) { return distribution(d, id) != nil, nil })
	return id
}

// changedFields returns the JSON names of the top-level fields that differ
// between old (nil for none) and d, in the order of the Dataset type,
// without "modified", which changes with every change.
func changedFields(old, d *municat.Dataset) []string {
	var before map[string]json.RawMessage
	if old != nil {
		before = fieldsOf(old)
	}
	after := fieldsOf(d)
	var out []string
	for _, name := range fieldOrder {
		if name != "modified" && !bytes.Equal(before[name], after[name]) {
			out = append(out, name)
		}
	}
	return out
}

// fieldOrder lists the JSON names of the fields of a Dataset in order.
var fieldOrder = func() []string {
	t := reflect.TypeFor[municat.Dataset]()
	out := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}()

// fieldsOf returns the top-level JSON fields of d.
func fieldsOf(d *municat.Dataset) map[string]json.RawMessage {
	b, err := json.Marshal(d)
	if err != nil {
		panic("publish: marshal dataset: " + err.Error())
	}
	m := map[string]json.RawMessage{}
	_ = json.Unmarshal(b, &m)
	return m
}
