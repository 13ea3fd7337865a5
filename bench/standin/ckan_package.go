package standin

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/bench/synth"
)

// ckanPackage is a package as CKAN 2.10 with the DCAT-AP.de fields of
// GovData's profile (as extras) returns it.
type ckanPackage struct {
	ID               string            `json:"id"`
	Name             string            `json:"name"`
	Title            string            `json:"title"`
	Notes            string            `json:"notes"`
	URL              string            `json:"url"`
	State            string            `json:"state"`
	Private          bool              `json:"private"`
	Type             string            `json:"type"`
	MetadataCreated  string            `json:"metadata_created"`
	MetadataModified string            `json:"metadata_modified"`
	LicenseID        string            `json:"license_id"`
	LicenseTitle     string            `json:"license_title"`
	IsOpen           bool              `json:"isopen"`
	Author           string            `json:"author"`
	AuthorEmail      string            `json:"author_email"`
	Maintainer       string            `json:"maintainer"`
	MaintainerEmail  string            `json:"maintainer_email"`
	Version          *string           `json:"version"`
	NumTags          int               `json:"num_tags"`
	NumResources     int               `json:"num_resources"`
	OwnerOrg         string            `json:"owner_org"`
	Organization     ckanOrganization  `json:"organization"`
	Tags             []ckanTag         `json:"tags"`
	Groups           []ckanGroup       `json:"groups"`
	Resources        []ckanResource    `json:"resources"`
	Extras           []ckanExtra       `json:"extras"`
	Relationships    []json.RawMessage `json:"relationships_as_subject"`
}

type ckanOrganization struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Title          string `json:"title"`
	DisplayName    string `json:"display_name,omitempty"`
	Type           string `json:"type"`
	Description    string `json:"description"`
	ImageURL       string `json:"image_url"`
	Created        string `json:"created"`
	IsOrganization bool   `json:"is_organization"`
	ApprovalStatus string `json:"approval_status"`
	State          string `json:"state"`
	PackageCount   int    `json:"package_count,omitempty"`
}

type ckanTag struct {
	Name         string  `json:"name"`
	DisplayName  string  `json:"display_name"`
	State        string  `json:"state"`
	VocabularyID *string `json:"vocabulary_id"`
}

type ckanGroup struct {
	Name        string `json:"name"`
	Title       string `json:"title"`
	DisplayName string `json:"display_name"`
	Description string `json:"description"`
}

type ckanResource struct {
	ID           string  `json:"id"`
	PackageID    string  `json:"package_id"`
	Name         string  `json:"name"`
	Description  string  `json:"description"`
	Format       string  `json:"format"`
	Mimetype     string  `json:"mimetype"`
	URL          string  `json:"url"`
	DownloadURL  string  `json:"download_url,omitempty"`
	URLType      *string `json:"url_type"`
	State        string  `json:"state"`
	Created      string  `json:"created"`
	LastModified string  `json:"last_modified"`
	Position     int     `json:"position"`
	Size         *int64  `json:"size"`
	Hash         string  `json:"hash"`
	ResourceType *string `json:"resource_type"`
}

type ckanExtra struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// EU vocabulary IRIs the extras use, as GovData writes them.
const (
	frequencyBase    = "http://publications.europa.eu/resource/authority/frequency/"
	accessRightsBase = "http://publications.europa.eu/resource/authority/access-right/"
	languageGerman   = "http://publications.europa.eu/resource/authority/language/DEU"
)

// ckanFormats are the formats as CKAN publishers write them where they
// differ from the EU file-type code.
var ckanFormats = map[string]string{"WMS_SRVC": "WMS", "WFS_SRVC": "WFS", "WMTS_SRVC": "WMTS",
	"GEOJSON": "GeoJSON", "RDF_XML": "RDF/XML", "JSON_LD": "JSON-LD"}

// ckanTime writes t as CKAN writes its timestamps: UTC without a zone.
func ckanTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000") }

// newPackage returns dataset d (number i) as a CKAN package of the portal
// at host. Its name is the title's slug and i, its id d.RemoteID.
func newPackage(d *municat.Dataset, i int, host string) *ckanPackage {
	created := ckanTime(ckanCreated.Add(time.Duration(i) * time.Second))
	p := &ckanPackage{
		ID:               d.RemoteID,
		Name:             packageName(d.Title.String(), i),
		Title:            d.Title.String(),
		Notes:            d.Description.String(),
		URL:              d.LandingPage,
		State:            "active",
		Type:             "dataset",
		MetadataCreated:  created,
		MetadataModified: created,
		LicenseID:        d.License,
		LicenseTitle:     licenseTitle(d.License),
		IsOpen:           true,
		Author:           d.PublisherName(),
		Maintainer:       d.ContactPoint.Name,
		MaintainerEmail:  d.ContactPoint.Email,
		NumTags:          len(d.Keywords),
		NumResources:     len(d.Distributions),
		OwnerOrg:         d.Organization,
		Organization:     newOrganization(orgOf(d.Organization)),
		Tags:             make([]ckanTag, len(d.Keywords)),
		Groups:           make([]ckanGroup, len(d.Themes)),
		Resources:        make([]ckanResource, len(d.Distributions)),
		Relationships:    []json.RawMessage{},
	}
	for k, kw := range d.Keywords {
		p.Tags[k] = ckanTag{Name: kw, DisplayName: kw, State: "active"}
	}
	for k, code := range d.Themes {
		t, _ := municat.ThemeByCode(code)
		p.Groups[k] = ckanGroup{Name: strings.ToLower(code), Title: t.Label.String(), DisplayName: t.Label.String()}
	}
	for k := range d.Distributions {
		p.Resources[k] = newResource(&d.Distributions[k], d.RemoteID, k, created)
	}
	p.Extras = extras(d)
	return p
}

// newResource returns distribution dist as a CKAN resource.
func newResource(dist *municat.Distribution, packageID string, k int, created string) ckanResource {
	format := dist.Format
	if f, ok := ckanFormats[format]; ok {
		format = f
	}
	r := ckanResource{
		ID:          dist.ID,
		PackageID:   packageID,
		Name:        dist.Title.String(),
		Description: dist.Description.String(),
		Format:      format,
		Mimetype:    dist.MediaType,
		URL:         dist.AccessURL,
		DownloadURL: dist.DownloadURL,
		State:       "active",
		Created:     created,
		Position:    k,
	}
	if dist.Modified != nil {
		r.LastModified = ckanTime(*dist.Modified)
	}
	if dist.ByteSize > 0 {
		r.Size = &dist.ByteSize
	}
	return r
}

// extras returns the DCAT-AP.de properties of d as GovData's CKAN holds
// them.
func extras(d *municat.Dataset) []ckanExtra {
	x := []ckanExtra{
		{"identifier", d.Identifier},
		{"issued", d.Issued.Format(time.RFC3339)},
		{"modified", d.Modified.Format(time.RFC3339)},
		{"language", languageGerman},
		{"access_rights", accessRightsBase + d.AccessRights},
		{"contact_name", d.ContactPoint.Name},
		{"contact_email", d.ContactPoint.Email},
		{"publisher_name", d.PublisherName()},
		{"publisher_url", d.Publisher.Homepage},
		{"publisher_email", d.Publisher.Email},
	}
	if d.Frequency != "" {
		x = append(x, ckanExtra{"frequency", frequencyBase + d.Frequency})
	}
	if s := d.Spatial; s != nil {
		if len(s.Names) > 0 {
			x = append(x, ckanExtra{"spatial_text", s.Names[0]})
		}
		if b := s.BBox; b != nil {
			x = append(x, ckanExtra{"spatial", polygon(b)})
		}
	}
	if t := d.Temporal; t != nil {
		x = append(x, ckanExtra{"temporal_start", t.Start.Format(time.RFC3339)}, ckanExtra{"temporal_end", t.End.Format(time.RFC3339)})
	}
	return x
}

// polygon returns b as a GeoJSON polygon.
func polygon(b *municat.BoundingBox) string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	w, s, e, n := f(b.West), f(b.South), f(b.East), f(b.North)
	return `{"type": "Polygon", "coordinates": [[[` + w + `, ` + s + `], [` + e + `, ` + s + `], [` + e + `, ` + n + `], [` + w + `, ` + n + `], [` + w + `, ` + s + `]]]}`
}

// packageName returns a CKAN name: the title's slug, cut, and i.
func packageName(title string, i int) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == 'ä':
			b.WriteString("ae")
		case r == 'ö':
			b.WriteString("oe")
		case r == 'ü':
			b.WriteString("ue")
		case r == 'ß':
			b.WriteString("ss")
		default:
			if s := b.String(); s != "" && s[len(s)-1] != '-' {
				b.WriteByte('-')
			}
		}
		if b.Len() >= 80 {
			break
		}
	}
	return strings.TrimRight(b.String(), "-") + "-" + strconv.Itoa(i)
}

// orgs holds the organisations by id.
var orgs = func() map[string]*municat.Organization {
	m := map[string]*municat.Organization{}
	for _, o := range (synth.Generator{}).Organizations() {
		m[o.ID] = &o
	}
	return m
}()

// orgOf returns the organisation with id.
func orgOf(id string) *municat.Organization { return orgs[id] }

// newOrganization returns o as a CKAN organisation.
func newOrganization(o *municat.Organization) ckanOrganization {
	return ckanOrganization{
		ID: o.ID, Name: o.ID, Title: o.Name, Type: "organization", Description: "",
		Created: "2023-06-01T00:00:00.000000", IsOrganization: true, ApprovalStatus: "approved", State: "active",
	}
}
