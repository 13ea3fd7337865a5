package ckanapi

// Package is a dataset as CKAN 2.10's package_show returns it. Fields CKAN
// writes as null when unset are pointers. Fields without a municat
// counterpart have CKAN's constant values: creator_user_id and revision_id
// are "", private is false, state "active", type "dataset", and the
// relationship lists are empty.
type Package struct {
	// Author and AuthorEmail are the creator (dct:creator).
	Author        string `json:"author"`
	AuthorEmail   string `json:"author_email"`
	CreatorUserID string `json:"creator_user_id"`
	// Extras are the DCAT-AP(.de) properties (see extras.go), by key.
	Extras []Extra `json:"extras"`
	// Groups are the EU themes.
	Groups []Group `json:"groups"`
	// ID is the municat dataset id; IsOpen says whether the DCAT-AP.de
	// licence list counts the licence as open.
	ID     string `json:"id"`
	IsOpen bool   `json:"isopen"`
	// LicenseID is the licence as the dataset gives it; LicenseTitle and
	// LicenseURL come from the DCAT-AP.de licence list.
	LicenseID    string `json:"license_id"`
	LicenseTitle string `json:"license_title"`
	LicenseURL   string `json:"license_url,omitempty"`
	// Maintainer and MaintainerEmail are the contact point.
	Maintainer      string `json:"maintainer"`
	MaintainerEmail string `json:"maintainer_email"`
	// MetadataCreated is the dataset's first publication (else its
	// modification or harvest), MetadataModified its modification date.
	MetadataCreated  string `json:"metadata_created"`
	MetadataModified string `json:"metadata_modified"`
	// Name is PackageName(ID); Notes is the German description, else
	// another language's.
	Name         string `json:"name"`
	Notes        string `json:"notes"`
	NumResources int    `json:"num_resources"`
	NumTags      int    `json:"num_tags"`
	// Organization is the organisation dict, OwnerOrg its id; nil for a
	// dataset without organisation.
	Organization           *Organization `json:"organization"`
	OwnerOrg               *string       `json:"owner_org"`
	Private                bool          `json:"private"`
	RelationshipsAsObject  []any         `json:"relationships_as_object"`
	RelationshipsAsSubject []any         `json:"relationships_as_subject"`
	// Resources are the distributions.
	Resources  []Resource `json:"resources"`
	RevisionID string     `json:"revision_id"`
	State      string     `json:"state"`
	// Tags are the keywords; Title is the German title, else another
	// language's.
	Tags  []Tag  `json:"tags"`
	Title string `json:"title"`
	Type  string `json:"type"`
	// URL is the landing page, else the dataset's page in the catalogue.
	URL     string `json:"url"`
	Version string `json:"version"`
	// TitleTranslated and NotesTranslated hold every language's text
	// (ckanext-fluent) when there is more than one.
	TitleTranslated map[string]any `json:"title_translated,omitempty"`
	NotesTranslated map[string]any `json:"notes_translated,omitempty"`
}

// Resource is a distribution as a CKAN resource, with ckanext-dcat's
// access_url and download_url and ckanext-dcatde's resource properties.
type Resource struct {
	CacheLastUpdated *string `json:"cache_last_updated"`
	CacheURL         *string `json:"cache_url"`
	Created          string  `json:"created"`
	DatastoreActive  bool    `json:"datastore_active"`
	Description      string  `json:"description"`
	Format           string  `json:"format"`
	// Hash is the checksum's hex digest, its algorithm in HashAlgorithm.
	Hash          string  `json:"hash"`
	ID            string  `json:"id"`
	LastModified  *string `json:"last_modified"`
	Mimetype      *string `json:"mimetype"`
	MimetypeInner *string `json:"mimetype_inner"`
	Name          string  `json:"name"`
	PackageID     string  `json:"package_id"`
	Position      int     `json:"position"`
	ResourceType  *string `json:"resource_type"`
	RevisionID    string  `json:"revision_id"`
	Size          *int64  `json:"size"`
	State         string  `json:"state"`
	// URL is municat's download URL when municat holds the file (URLType
	// "upload"), else the download or access URL.
	URL                 string  `json:"url"`
	URLType             *string `json:"url_type"`
	AccessURL           string  `json:"access_url,omitempty"`
	DownloadURL         string  `json:"download_url,omitempty"`
	HashAlgorithm       string  `json:"hash_algorithm,omitempty"`
	License             string  `json:"license,omitempty"`
	Issued              string  `json:"issued,omitempty"`
	Modified            string  `json:"modified,omitempty"`
	Language            string  `json:"language,omitempty"`
	ConformsTo          string  `json:"conforms_to,omitempty"`
	Status              string  `json:"status,omitempty"`
	LicenseAttribution  string  `json:"licenseAttributionByText,omitempty"`
	PlannedAvailability string  `json:"plannedAvailability,omitempty"`
}

// Extra is one key/value pair of a package's extras.
type Extra struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Tag is a keyword as CKAN's tag dict.
type Tag struct {
	DisplayName  string  `json:"display_name"`
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	State        string  `json:"state"`
	VocabularyID *string `json:"vocabulary_id"`
}

// Group is an EU data theme as a CKAN group. Package dicts carry the short
// form; group_list with all_fields the long one (the pointer fields set).
type Group struct {
	Description     string  `json:"description"`
	DisplayName     string  `json:"display_name"`
	ID              string  `json:"id"`
	ImageDisplayURL string  `json:"image_display_url"`
	Name            string  `json:"name"`
	Title           string  `json:"title"`
	ApprovalStatus  *string `json:"approval_status,omitempty"`
	ImageURL        *string `json:"image_url,omitempty"`
	IsOrganization  *bool   `json:"is_organization,omitempty"`
	PackageCount    *int    `json:"package_count,omitempty"`
	Packages        *int    `json:"packages,omitempty"`
	RevisionID      *string `json:"revision_id,omitempty"`
	State           *string `json:"state,omitempty"`
	Type            *string `json:"type,omitempty"`
}

// Organization is a municat organisation as CKAN's organization dict.
// organization_list with all_fields adds package_count; organization_show
// adds the rest.
type Organization struct {
	ApprovalStatus string    `json:"approval_status"`
	Created        string    `json:"created"`
	Description    string    `json:"description"`
	ID             string    `json:"id"`
	ImageURL       string    `json:"image_url"`
	IsOrganization bool      `json:"is_organization"`
	Name           string    `json:"name"`
	RevisionID     string    `json:"revision_id"`
	State          string    `json:"state"`
	Title          string    `json:"title"`
	Type           string    `json:"type"`
	DisplayName    string    `json:"display_name,omitempty"`
	PackageCount   *int      `json:"package_count,omitempty"`
	Extras         []Extra   `json:"extras,omitempty"`
	Packages       []Package `json:"packages,omitempty"`
	Users          []any     `json:"users,omitempty"`
	Groups         []any     `json:"groups,omitempty"`
	Tags           []any     `json:"tags,omitempty"`
}

// License is a licence as license_list returns it.
type License struct {
	DomainContent  bool   `json:"domain_content"`
	DomainData     bool   `json:"domain_data"`
	DomainSoftware bool   `json:"domain_software"`
	Family         string `json:"family"`
	ID             string `json:"id"`
	IsGeneric      bool   `json:"is_generic"`
	IsOKDCompliant bool   `json:"is_okd_compliant"`
	IsOSICompliant bool   `json:"is_osi_compliant"`
	Maintainer     string `json:"maintainer"`
	ODConformance  string `json:"od_conformance"`
	OSDConformance string `json:"osd_conformance"`
	Status         string `json:"status"`
	Title          string `json:"title"`
	URL            string `json:"url"`
}

// SearchResult is package_search's result.
type SearchResult struct {
	Count        int                       `json:"count"`
	Facets       map[string]map[string]int `json:"facets"`
	Results      []Package                 `json:"results"`
	Sort         string                    `json:"sort"`
	SearchFacets map[string]SearchFacet    `json:"search_facets"`
}

// SearchFacet is one facet of package_search's search_facets.
type SearchFacet struct {
	Title string            `json:"title"`
	Items []SearchFacetItem `json:"items"`
}

// SearchFacetItem is one value of a facet.
type SearchFacetItem struct {
	Count       int    `json:"count"`
	DisplayName string `json:"display_name"`
	Name        string `json:"name"`
}

// Status is status_show's result.
type Status struct {
	CKANVersion     string   `json:"ckan_version"`
	SiteURL         string   `json:"site_url"`
	SiteDescription string   `json:"site_description"`
	SiteTitle       string   `json:"site_title"`
	ErrorEmails     *string  `json:"error_emails_to"`
	Locale          string   `json:"locale_default"`
	Extensions      []string `json:"extensions"`
}
