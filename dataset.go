package municat

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// PublicationState says whether a dataset is shown in the catalogue.
type PublicationState string

// The publication states.
const (
	// Published datasets are listed, searchable and exported.
	Published PublicationState = "published"
	// Withdrawn datasets vanished from their source after a complete,
	// successful run (or were withdrawn by hand). They stay in the store, are
	// removed from the search index and their page says so.
	Withdrawn PublicationState = "withdrawn"
	// Archived datasets stayed withdrawn longer than the grace period of
	// their source. They stay in the store and come back if their source
	// lists them again; their page only says that they were archived.
	Archived PublicationState = "archived"
	// Draft datasets are being written by their organisation: visible only
	// in the administration pages and to API tokens of the organisation.
	Draft PublicationState = "draft"
	// Scheduled datasets become Published at PublishAt (to the minute);
	// until then they are as invisible as drafts.
	Scheduled PublicationState = "scheduled"
)

// Access rights, as the EU access-right vocabulary names them.
const (
	AccessPublic     = "PUBLIC"
	AccessRestricted = "RESTRICTED"
	AccessNonPublic  = "NON_PUBLIC"
)

// Dataset is one entry of the catalogue, with the DCAT-AP 3 fields a
// municipal portal needs, plus where it came from and whether it is published.
//
// A harvested dataset keeps the same ID on every run of its source (see
// DatasetID).
type Dataset struct {
	// ID is municat's stable identifier, unique in the catalogue.
	ID string `json:"id"`
	// Identifier is dct:identifier, usually the source's own id or IRI.
	Identifier string `json:"identifier,omitempty"`
	// Title is the name of the dataset per language.
	Title Text `json:"title"`
	// Description says what the data is, per language (Markdown allowed).
	Description Text `json:"description,omitempty"`
	// Keywords are free tags.
	Keywords []string `json:"keywords,omitempty"`
	// Themes are EU data-theme codes (see Themes), e.g. "ENVI".
	Themes []string `json:"themes,omitempty"`
	// Organization is the id of the municat organisation the dataset belongs to.
	Organization string `json:"organization,omitempty"`
	// Publisher is the body that makes the dataset available.
	Publisher *Agent `json:"publisher,omitempty"`
	// ContactPoint is whom to ask about the dataset.
	ContactPoint *Contact `json:"contact_point,omitempty"`
	// License is the licence of the dataset: a licence IRI or id as given by
	// the source (the DCAT layer maps it to a vocabulary IRI).
	License string `json:"license,omitempty"`
	// AccessRights is one of AccessPublic, AccessRestricted, AccessNonPublic.
	AccessRights string `json:"access_rights,omitempty"`
	// Spatial is the area the data covers.
	Spatial *Spatial `json:"spatial,omitempty"`
	// Temporal is the time span the data covers.
	Temporal *Period `json:"temporal,omitempty"`
	// Frequency is an EU frequency code such as "DAILY" or "ANNUAL".
	Frequency string `json:"frequency,omitempty"`
	// Issued is when the dataset was first published.
	Issued *time.Time `json:"issued,omitempty"`
	// Modified is when the dataset last changed.
	Modified *time.Time `json:"modified,omitempty"`
	// LandingPage is a web page about the dataset at its source.
	LandingPage string `json:"landing_page,omitempty"`
	// ConformsTo lists IRIs of standards the data follows.
	ConformsTo []string `json:"conforms_to,omitempty"`
	// Languages lists the ISO 639-1 codes of the data's languages.
	Languages []string `json:"languages,omitempty"`
	// Distributions are the ways to get the data.
	Distributions []Distribution `json:"distributions,omitempty"`

	// OtherIdentifiers are further identifiers of the dataset
	// (adms:identifier notations), kept as received.
	OtherIdentifiers []string `json:"other_identifiers,omitempty"`
	// Creator is the body that produced the data (dct:creator).
	Creator *Agent `json:"creator,omitempty"`
	// Custodian is the body that maintains the data (geodcatap:custodian,
	// formerly dcatde:maintainer).
	Custodian *Agent `json:"custodian,omitempty"`
	// Pages are IRIs of documentation pages (foaf:page).
	Pages []string `json:"pages,omitempty"`
	// References are IRIs the dataset refers to (dct:references), e.g. a
	// Musterdatenkatalog entry.
	References []string `json:"references,omitempty"`
	// Version is the dataset's version (dcat:version).
	Version string `json:"version,omitempty"`
	// Availability is an EU planned-availability code, e.g. "STABLE".
	Availability string `json:"availability,omitempty"`
	// PoliticalGeocodingLevel is the DCAT-AP.de political geocoding level:
	// "international", "european", "federal", "state",
	// "administrativeDistrict" or "municipality".
	PoliticalGeocodingLevel string `json:"political_geocoding_level,omitempty"`
	// ContributorIDs are the DCAT-AP.de contributor IRIs the dataset arrived
	// with (dcatde:contributorID). On export only the organisation's own id
	// is written (DCAT-AP.de convention 13).
	ContributorIDs []string `json:"contributor_ids,omitempty"`
	// Legislation lists ELI IRIs of laws the dataset is published under
	// (dcatap:applicableLegislation).
	Legislation []string `json:"legislation,omitempty"`

	// SourceID is the id of the harvest source, empty for local datasets.
	SourceID string `json:"source,omitempty"`
	// RemoteID is the dataset's id at its source.
	RemoteID string `json:"remote_id,omitempty"`
	// State is the publication state.
	State PublicationState `json:"state"`
	// ContentHash is the hash of the harvested content (see Hash); a harvest
	// writes the record only when it changes.
	ContentHash string `json:"content_hash,omitempty"`
	// Harvested is when a run last saw the dataset changed.
	Harvested *time.Time `json:"harvested,omitempty"`
	// PublishAt is when a Scheduled dataset is published, to the minute.
	PublishAt *time.Time `json:"publish_at,omitempty"`
	// WithdrawnAt is when the dataset was withdrawn; nil while published.
	WithdrawnAt *time.Time `json:"withdrawn_at,omitempty"`
	// DuplicateOf is the id of the dataset of another source that is the
	// same dataset (same identifier or landing page) and was in the
	// catalogue first. A duplicate is published but not listed: search,
	// feeds and the DCAT export show the dataset once, under DuplicateOf.
	DuplicateOf string `json:"duplicate_of,omitempty"`
}

// Agent is a person or body: a publisher or creator.
type Agent struct {
	// Name is the agent's name per language.
	Name Text `json:"name"`
	// URI identifies the agent, e.g. its DCAT-AP.de contributor IRI.
	URI string `json:"uri,omitempty"`
	// Homepage is the agent's web site.
	Homepage string `json:"homepage,omitempty"`
	// Email is a general contact address.
	Email string `json:"email,omitempty"`
}

// Contact is a contact point (vCard).
type Contact struct {
	// Name is a person's or an office's name.
	Name string `json:"name,omitempty"`
	// Email is the address to write to.
	Email string `json:"email,omitempty"`
	// URL is a contact form or page.
	URL string `json:"url,omitempty"`
	// Phone is a telephone number as written.
	Phone string `json:"phone,omitempty"`
}

// Spatial is the area a dataset covers.
type Spatial struct {
	// Names are place names, e.g. "Landkreis Musterland".
	Names []string `json:"names,omitempty"`
	// URIs are place IRIs, e.g. a geonames or regional-key IRI.
	URIs []string `json:"uris,omitempty"`
	// BBox is the bounding box in WGS84.
	BBox *BoundingBox `json:"bbox,omitempty"`
}

// BoundingBox is a WGS84 rectangle in degrees.
type BoundingBox struct {
	// West is the western bound, a longitude.
	West float64 `json:"west"`
	// South is the southern bound, a latitude.
	South float64 `json:"south"`
	// East is the eastern bound, a longitude.
	East float64 `json:"east"`
	// North is the northern bound, a latitude.
	North float64 `json:"north"`
}

// Period is a time span; either end may be open.
type Period struct {
	// Start is when the span begins; nil if it is open at the start.
	Start *time.Time `json:"start,omitempty"`
	// End is when the span ends; nil if it is open at the end.
	End *time.Time `json:"end,omitempty"`
}

// Checksum is a file checksum.
type Checksum struct {
	// Algorithm is e.g. "sha256" or "md5".
	Algorithm string `json:"algorithm"`
	// Value is the lower-case hex digest.
	Value string `json:"value"`
}

// Distribution is one way to get a dataset's data: a file or a service.
type Distribution struct {
	// ID is stable within its dataset (see DistributionID).
	ID string `json:"id"`
	// Title names the distribution per language.
	Title Text `json:"title,omitempty"`
	// Description says what the distribution holds, per language.
	Description Text `json:"description,omitempty"`
	// AccessURL is where the data can be reached (required by DCAT-AP).
	AccessURL string `json:"access_url"`
	// DownloadURL is a direct link to the file, if there is one.
	DownloadURL string `json:"download_url,omitempty"`
	// Format is the file type in upper case as in the EU file-type
	// vocabulary, e.g. "CSV", "GEOJSON", "WMS_SRVC".
	Format string `json:"format,omitempty"`
	// MediaType is the IANA media type, e.g. "text/csv".
	MediaType string `json:"media_type,omitempty"`
	// License is the distribution's licence if it differs from the dataset's.
	License string `json:"license,omitempty"`
	// ByteSize is the file size in bytes (0 if unknown).
	ByteSize int64 `json:"byte_size,omitempty"`
	// Checksum is the file's checksum, if known.
	Checksum *Checksum `json:"checksum,omitempty"`
	// Issued is when the distribution was first published.
	Issued *time.Time `json:"issued,omitempty"`
	// Modified is when the file last changed.
	Modified *time.Time `json:"modified,omitempty"`
	// Languages lists the ISO 639-1 codes of the languages of the file.
	Languages []string `json:"languages,omitempty"`
	// ConformsTo lists IRIs of standards or schemas the file follows.
	ConformsTo []string `json:"conforms_to,omitempty"`
	// LicenseAttribution is the attribution text the licence asks for
	// (dcatde:licenseAttributionByText), e.g. "Stadt Musterstadt".
	LicenseAttribution string `json:"license_attribution,omitempty"`
	// Availability is an EU planned-availability code, e.g. "STABLE".
	Availability string `json:"availability,omitempty"`
	// Status is an EU distribution-status code, e.g. "COMPLETED".
	Status string `json:"status,omitempty"`
	// FileKey is the store key of the file when municat holds a copy.
	FileKey string `json:"file_key,omitempty"`
	// Versions are the stored versions of the file, oldest first; the last
	// one is FileKey. Only sources that keep versions (the file source)
	// fill it.
	Versions []FileVersion `json:"versions,omitempty"`
}

// FileVersion is one stored version of a distribution's file.
type FileVersion struct {
	// ID names the version within its distribution: the first 16 hex digits
	// of SHA256.
	ID string `json:"id"`
	// Key is the store key of the version's file.
	Key string `json:"key"`
	// SHA256 is the hex SHA-256 of the file.
	SHA256 string `json:"sha256"`
	// ByteSize is the file's length in bytes.
	ByteSize int64 `json:"byte_size"`
	// MediaType is the file's media type.
	MediaType string `json:"media_type,omitempty"`
	// Stored is when municat stored the version.
	Stored time.Time `json:"stored"`
	// ETag and LastModified are the HTTP validators the file came with, for
	// a conditional request on the next run.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// PublishAt is when an uploaded version scheduled for later becomes the
	// distribution's current file; nil once it is (or if it always was).
	// Until then it is listed and served to nobody but its organisation.
	PublishAt *time.Time `json:"publish_at,omitempty"`
}

// URL returns the download URL if there is one, else the access URL.
func (d *Distribution) URL() string {
	if d.DownloadURL != "" {
		return d.DownloadURL
	}
	return d.AccessURL
}

// IsPublished reports whether the dataset is shown in the catalogue.
func (d *Dataset) IsPublished() bool { return d.State == "" || d.State == Published }

// Unreleased reports whether the dataset has not been released yet: a
// draft or a scheduled dataset. Such a dataset does not exist for anyone
// outside its organisation: every public route answers 404.
func (d *Dataset) Unreleased() bool { return d.State == Draft || d.State == Scheduled }

// PublicView returns d as the public sees it: without the file versions
// scheduled for later, and without a distribution that has nothing
// released yet (only scheduled versions, no file and no URL of its own).
// d itself is not changed; without scheduled versions d is returned.
func (d *Dataset) PublicView() *Dataset {
	scheduled := false
	for _, dist := range d.Distributions {
		for _, v := range dist.Versions {
			scheduled = scheduled || !v.Released()
		}
	}
	if !scheduled {
		return d
	}
	out := *d
	out.Distributions = make([]Distribution, 0, len(d.Distributions))
	for _, dist := range d.Distributions {
		var released []FileVersion
		for _, v := range dist.Versions {
			if v.Released() {
				released = append(released, v)
			}
		}
		if len(released) == 0 && dist.FileKey == "" && dist.AccessURL == "" && dist.DownloadURL == "" {
			continue
		}
		dist.Versions = released
		out.Distributions = append(out.Distributions, dist)
	}
	return &out
}

// Released reports whether the version is public: not scheduled for later.
func (v *FileVersion) Released() bool { return v.PublishAt == nil }

// Listed reports whether the dataset is listed: published and not the
// duplicate of another dataset. Search, feeds, sitemaps and the DCAT export
// show only listed datasets.
func (d *Dataset) Listed() bool { return d.IsPublished() && d.DuplicateOf == "" }

// Formats returns the distinct formats of the distributions, in order.
func (d *Dataset) Formats() []string {
	var out []string
	seen := map[string]bool{}
	for _, dist := range d.Distributions {
		if dist.Format != "" && !seen[dist.Format] {
			seen[dist.Format] = true
			out = append(out, dist.Format)
		}
	}
	return out
}

// PublisherName returns the publisher's name in the default language, or "".
func (d *Dataset) PublisherName() string {
	if d.Publisher == nil {
		return ""
	}
	return d.Publisher.Name.String()
}

// Hash returns the content hash of the dataset: the sha256 of its JSON with
// the fields a harvest sets itself (State, ContentHash, Harvested) left out.
// Two harvests of unchanged source content give the same hash.
func (d *Dataset) Hash() string {
	c := *d
	c.State, c.ContentHash, c.Harvested, c.WithdrawnAt, c.DuplicateOf, c.PublishAt = "", "", nil, nil, "", nil
	b, err := json.Marshal(&c)
	if err != nil {
		// A Dataset holds only JSON-safe types; this cannot happen.
		panic("municat: marshal dataset: " + err.Error())
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}
