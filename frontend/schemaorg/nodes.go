package schemaorg

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/municat/municat"
)

// dataset is a schema.org Dataset node; the field order is the output order.
type dataset struct {
	Context               string         `json:"@context"`
	Type                  string         `json:"@type"`
	ID                    string         `json:"@id,omitempty"`
	URL                   string         `json:"url,omitempty"`
	SameAs                string         `json:"sameAs,omitempty"`
	Name                  string         `json:"name"`
	Description           string         `json:"description"`
	Identifier            any            `json:"identifier,omitempty"`
	Keywords              []string       `json:"keywords,omitempty"`
	License               any            `json:"license,omitempty"`
	IsAccessibleForFree   *bool          `json:"isAccessibleForFree,omitempty"`
	Creator               *org           `json:"creator,omitempty"`
	Publisher             *org           `json:"publisher,omitempty"`
	DatePublished         string         `json:"datePublished,omitempty"`
	DateModified          string         `json:"dateModified,omitempty"`
	TemporalCoverage      string         `json:"temporalCoverage,omitempty"`
	SpatialCoverage       *place         `json:"spatialCoverage,omitempty"`
	Distribution          []dataDownload `json:"distribution,omitempty"`
	InLanguage            any            `json:"inLanguage,omitempty"`
	Version               string         `json:"version,omitempty"`
	IncludedInDataCatalog *dataCatalog   `json:"includedInDataCatalog,omitempty"`
}

// org is a schema.org Organization node.
type org struct {
	Type   string `json:"@type"`
	Name   string `json:"name"`
	URL    string `json:"url,omitempty"`
	SameAs string `json:"sameAs,omitempty"`
}

// creativeWork is a schema.org CreativeWork node, used for licences.
type creativeWork struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// place is a schema.org Place node.
type place struct {
	Type   string    `json:"@type"`
	Name   string    `json:"name,omitempty"`
	SameAs any       `json:"sameAs,omitempty"`
	Geo    *geoShape `json:"geo,omitempty"`
}

// geoShape is a schema.org GeoShape node with a box.
type geoShape struct {
	Type string `json:"@type"`
	Box  string `json:"box"`
}

// dataDownload is a schema.org DataDownload node.
type dataDownload struct {
	Type           string `json:"@type"`
	Name           string `json:"name,omitempty"`
	EncodingFormat string `json:"encodingFormat,omitempty"`
	ContentURL     string `json:"contentUrl"`
	DateModified   string `json:"dateModified,omitempty"`
}

// dataCatalog is a schema.org DataCatalog node.
type dataCatalog struct {
	Type string `json:"@type"`
	Name string `json:"name,omitempty"`
	URL  string `json:"url,omitempty"`
}

// firstAgent returns the first non-nil agent.
func firstAgent(agents ...*municat.Agent) *municat.Agent {
	for _, a := range agents {
		if a != nil {
			return a
		}
	}
	return nil
}

// organization returns the Organization node of a, or nil when a is nil or
// has no name in any language.
func organization(a *municat.Agent, lang string) *org {
	if a == nil {
		return nil
	}
	name := clean(a.Name.Get(lang))
	if name == "" {
		return nil
	}
	o := &org{Type: "Organization", Name: name, URL: httpURL(a.Homepage)}
	uri := httpURL(a.URI)
	if o.URL == "" {
		o.URL = uri
	} else if uri != o.URL {
		o.SameAs = uri
	}
	return o
}

// license returns the licence as a URL string or CreativeWork node, or nil.
func license(id string, opts *Options) any {
	id = strings.TrimSpace(id)
	if id == "" {
		return nil
	}
	u := ""
	if opts.LicenseURL != nil {
		if v, ok := opts.LicenseURL(id); ok {
			u = httpURL(v)
		}
	}
	if u == "" {
		u = httpURL(id)
	}
	name := ""
	if opts.LicenseName != nil {
		name = clean(opts.LicenseName(id))
	}
	switch {
	case name != "":
		return &creativeWork{Type: "CreativeWork", Name: name, URL: u}
	case u != "":
		return u
	default:
		return nil
	}
}

// date formats t as an ISO 8601 date when it is midnight (sources that
// give dates only), else as an RFC 3339 date-time; "" for nil or zero.
func date(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	h, m, s := t.Clock()
	if h == 0 && m == 0 && s == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

// temporal returns the period as an ISO 8601 interval of dates, with ".."
// for an open end, or "" when both ends are open.
func temporal(p *municat.Period) string {
	if p == nil {
		return ""
	}
	start, end := day(p.Start), day(p.End)
	if start == ".." && end == ".." {
		return ""
	}
	return start + "/" + end
}

// day formats t as an ISO 8601 date in its own time zone, or ".." for nil.
func day(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ".."
	}
	return t.Format(time.DateOnly)
}

// spatial returns the Place node of s, or nil when s says nothing usable.
func spatial(s *municat.Spatial) *place {
	if s == nil {
		return nil
	}
	p := &place{Type: "Place", Name: strings.Join(nonEmpty(s.Names), ", ")}
	var uris []string
	for _, u := range s.URIs {
		if u = httpURL(u); u != "" {
			uris = append(uris, u)
		}
	}
	p.SameAs = oneOrMany(nonEmpty(uris))
	if box := geoBox(s.BBox); box != "" {
		p.Geo = &geoShape{Type: "GeoShape", Box: box}
	}
	if p.Name == "" && p.SameAs == nil && p.Geo == nil {
		return nil
	}
	return p
}

// geoBox returns the schema.org GeoShape box of b: two points, "lat lon",
// the south-west corner first, then the north-east one. It returns "" for
// a nil box or one with coordinates out of range.
func geoBox(b *municat.BoundingBox) string {
	if b == nil {
		return ""
	}
	for _, v := range []float64{b.South, b.West, b.North, b.East} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ""
		}
	}
	if b.South < -90 || b.North > 90 || b.South > b.North ||
		b.West < -180 || b.West > 180 || b.East < -180 || b.East > 180 {
		return ""
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	return f(b.South) + " " + f(b.West) + " " + f(b.North) + " " + f(b.East)
}

// distributions returns a DataDownload node for each distribution that has
// an http(s) URL to download from: the one opts.DownloadURL gives, else its
// download URL, else its access URL unless it is a service (a format such
// as "WMS_SRVC"), which is no download.
func distributions(dists []municat.Distribution, opts *Options, lang string) []dataDownload {
	var out []dataDownload
	for i := range dists {
		dist := &dists[i]
		u := ""
		if opts.DownloadURL != nil {
			u = httpURL(opts.DownloadURL(dist))
		}
		if u == "" {
			u = httpURL(dist.DownloadURL)
		}
		if u == "" && !isService(dist.Format) {
			u = httpURL(dist.AccessURL)
		}
		if u == "" {
			continue
		}
		out = append(out, dataDownload{
			Type:           "DataDownload",
			Name:           clean(dist.Title.Get(lang)),
			EncodingFormat: encodingFormat(dist, opts),
			ContentURL:     u,
			DateModified:   date(dist.Modified),
		})
	}
	return out
}

// isService reports whether format is an EU file-type code of a service,
// such as "WMS_SRVC".
func isService(format string) bool {
	return strings.HasSuffix(strings.ToUpper(strings.TrimSpace(format)), "_SRVC")
}

// encodingFormat returns the distribution's media type, else the one
// opts.MediaType gives for its format, else the format code.
func encodingFormat(dist *municat.Distribution, opts *Options) string {
	if mt := strings.TrimSpace(dist.MediaType); mt != "" {
		return mt
	}
	format := strings.TrimSpace(dist.Format)
	if format == "" {
		return ""
	}
	if opts.MediaType != nil {
		if mt := strings.TrimSpace(opts.MediaType(format)); mt != "" {
			return mt
		}
	}
	return format
}

// catalog returns the DataCatalog node from opts, or nil.
func catalog(opts *Options) *dataCatalog {
	name, u := clean(opts.CatalogName), httpURL(opts.CatalogURL)
	if name == "" && u == "" {
		return nil
	}
	return &dataCatalog{Type: "DataCatalog", Name: name, URL: u}
}
