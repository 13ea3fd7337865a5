// Package dcat maps municat's domain records to DCAT-AP 3.0 / DCAT-AP.de
// 3.0 RDF and back, holds the controlled vocabularies those profiles
// require, and checks datasets against the DCAT-AP.de rules in plain German.
package dcat

import (
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/rdf"
)

// Catalog describes the catalogue itself (the dcat:Catalog node).
type Catalog struct {
	// Title and Description are mandatory in DCAT-AP.
	Title       municat.Text
	Description municat.Text
	// Publisher is the body running the portal (mandatory).
	Publisher *municat.Agent
	// Homepage is the portal's start page.
	Homepage string
	// Languages are ISO 639-1 codes of the catalogue's metadata languages.
	Languages []string
	// License is the licence of the catalogue's metadata (id or IRI).
	License string
	// Modified is when a dataset of the catalogue last changed.
	Modified *time.Time
	// AGS is the municipality key of the area the catalogue covers (spatial).
	AGS string
}

// Exporter turns domain records into DCAT-AP.de triples. Its output is
// valid against the DCAT-AP 3.0.0 and DCAT-AP.de 3.0 shapes: every linked
// node carries its rdf:type, coded values use the vocabulary IRIs, licence
// IRIs are those of the dcat-ap.de list.
type Exporter struct {
	// BaseURL is the public URL of the portal without trailing slash; the
	// catalogue IRI is BaseURL+"/catalog" and dataset IRIs are
	// BaseURL+"/dataset/"+id.
	BaseURL string
	// Catalog describes the catalogue.
	Catalog Catalog
	// Organizations maps organisation ids to organisations: their
	// contributor id, AGS (political geocoding) and name (publisher
	// fallback) go into the datasets they own.
	Organizations map[string]*municat.Organization
	// FileURL returns the download URL of a file municat stores itself (a
	// distribution with a FileKey and no URLs).
	FileURL func(datasetID, distributionID string) string
	// MissingLicense is the licence (a DCAT-AP.de list id) written on a
	// distribution when neither it nor its dataset names one, because
	// DCAT-AP.de makes dct:license mandatory. Without a licence no rights of
	// use are granted, so the default, used when this is empty, is
	// DefaultMissingLicense ("Andere geschlossene Lizenz"); Check tells the
	// publisher to choose the real one.
	MissingLicense string
}

// DefaultMissingLicense is the licence an export names for a distribution
// without one (see Exporter.MissingLicense): data without a licence is not
// open, and "other-closed" says exactly that.
const DefaultMissingLicense = "other-closed"

// Prefixes are the namespace prefixes municat's RDF output uses.
var Prefixes = rdf.CommonPrefixes

// CatalogIRI returns the IRI of the catalogue.
func (e *Exporter) CatalogIRI() string { return e.BaseURL + "/catalog" }

// DatasetIRI returns the IRI of the dataset with the given id.
func (e *Exporter) DatasetIRI(id string) string { return e.BaseURL + "/dataset/" + id }

// Page describes one page of a paged catalogue for Hydra.
type Page struct {
	// URL is the absolute URL of this page.
	URL string
	// First, Last, Previous and Next are absolute URLs; Previous and Next
	// are empty on the first and last page.
	First, Last, Previous, Next string
	// TotalItems is the number of datasets over all pages.
	TotalItems int
	// ItemsPerPage is the page size.
	ItemsPerPage int
}

// Record is a dataset read from a DCAT graph.
type Record struct {
	// IRI is the dataset node's IRI (or blank node label when it has none).
	IRI string
	// Dataset is the mapped dataset; ID, SourceID and State are left empty.
	Dataset municat.Dataset
}

// Severity says how bad a Problem is.
type Severity string

// The severities, as the SHACL shapes name them.
const (
	// Violation: GovData's validator reports an error.
	Violation Severity = "violation"
	// Warning: allowed, but a harvester or the quality dashboard complains.
	Warning Severity = "warning"
)

// Problem is one DCAT-AP.de problem of a dataset, in plain German.
type Problem struct {
	// Severity is Violation or Warning.
	Severity Severity `json:"severity"`
	// Field names the field to fix, as municat's JSON names it, e.g.
	// "publisher" or "distributions[0].license".
	Field string `json:"field"`
	// Message says in plain German what is wrong and how to fix it.
	Message string `json:"message"`
	// Rule names the DCAT-AP.de rule or shape behind the check.
	Rule string `json:"rule,omitempty"`
}
