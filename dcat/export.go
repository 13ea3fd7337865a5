package dcat

import (
	"strconv"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/rdf"
)

// NotExported lists the JSON names of the dataset fields DatasetTriples
// does not carry, so Import cannot give them back: municat's own
// bookkeeping (id, source, remote_id, state, content_hash, harvested,
// withdrawn_at, duplicate_of, publish_at — only published, listed datasets
// are exported), the
// organisation (which only supplies publisher fallback, contributor id and
// political geocoding), the received contributor_ids (replaced by the
// organisation's own, Konvention 13) and a distribution's file_key (which
// becomes its access and download URL).
//
// Besides these, an export completes or normalises some values, and
// Import returns the completed form:
//   - identifier: the dataset IRI when empty;
//   - publisher: the organisation (name, homepage, e-mail) when empty;
//   - contributor_ids: the organisation's contributor IRI;
//   - political_geocoding_level and spatial.uris: the level and the
//     political geocoding IRI derived from the organisation's AGS are added
//     when missing;
//   - license and distributions[].license: the DCAT-AP.de list id
//     ("cc-zero/1.0" comes back as "cc-zero"); a distribution's licence
//     equal to the dataset's comes back empty, an empty one means the
//     dataset's;
//   - distributions[].license: Exporter.MissingLicense (by default
//     "other-closed") when neither the distribution nor the dataset has one;
//   - distributions[].access_url: the download URL when empty;
//     distributions[].license_attribution: the publisher's name when the
//     licence requires attribution and none is given;
//   - contact_point.phone: as a tel: IRI, spaces and slashes become "-";
//   - format: codes outside the EU file-type table are not exported.
var NotExported = []string{
	"id", "source", "remote_id", "state", "content_hash", "harvested", "withdrawn_at", "duplicate_of",
	"publish_at", "organization", "contributor_ids", "distributions[].file_key", "distributions[].versions",
}

// DatasetTriples returns the dataset d as one self-contained group of
// triples: the dataset node, its distributions, agents, contact point,
// locations, periods, checksums and the type triples of every linked
// resource. With inCatalog it also returns the triple linking the catalogue
// to the dataset (catalogue dcat:dataset dataset). The same dataset always
// gives the same triples in the same order.
func (e *Exporter) DatasetTriples(d *municat.Dataset, inCatalog bool) []rdf.Triple {
	iri := e.DatasetIRI(d.ID)
	b := newBuilder(iri, 48+24*len(d.Distributions))
	ds := rdf.IRI(iri)
	if inCatalog {
		b.add(rdf.IRI(e.CatalogIRI()), rdf.DCAT+"dataset", ds)
	}
	org := e.Organizations[d.Organization]
	b.typ(ds, typeDataset)
	b.literal(ds, rdf.DCT+"identifier", first(d.Identifier, iri))
	for _, id := range d.OtherIdentifiers {
		if id == "" {
			continue
		}
		n := b.blank()
		b.add(ds, rdf.ADMS+"identifier", n)
		b.typ(n, rdf.ADMS+"Identifier")
		b.literal(n, rdf.SKOS+"notation", id)
	}
	b.text(ds, rdf.DCT+"title", d.Title)
	b.text(ds, rdf.DCT+"description", d.Description)
	for _, k := range d.Keywords {
		b.literal(ds, rdf.DCAT+"keyword", k)
	}
	for _, code := range d.Themes {
		if c, ok := DataThemes.Lookup(code); ok {
			b.concept(ds, rdf.DCAT+"theme", c)
		}
	}
	publisher := d.Publisher
	if publisher == nil && org != nil {
		publisher = &municat.Agent{Name: municat.NewText(org.Name), Homepage: org.Homepage, Email: org.Email}
	}
	b.agent(ds, rdf.DCT+"publisher", publisher)
	b.contact(ds, d.ContactPoint)
	b.license(ds, d.License)
	if c, ok := AccessRights.Lookup(d.AccessRights); ok {
		o := rdf.IRI(c.IRI)
		b.add(ds, rdf.DCT+"accessRights", o)
		b.typ(o, rdf.DCT+"RightsStatement", typeConcept)
		b.text(o, prefLabel, c.Label)
	}
	level := b.spatial(ds, d.Spatial, org)
	b.temporal(ds, d.Temporal)
	if c, ok := Frequencies.Lookup(d.Frequency); ok {
		o := rdf.IRI(c.IRI)
		b.add(ds, rdf.DCT+"accrualPeriodicity", o)
		b.typ(o, rdf.DCT+"Frequency", typeConcept)
		b.text(o, prefLabel, c.Label)
	}
	b.date(ds, rdf.DCT+"issued", d.Issued)
	b.date(ds, rdf.DCT+"modified", d.Modified)
	b.link(ds, rdf.DCAT+"landingPage", d.LandingPage, typeDocument)
	for _, p := range d.Pages {
		b.link(ds, rdf.FOAF+"page", p, typeDocument)
	}
	for _, s := range d.ConformsTo {
		b.link(ds, rdf.DCT+"conformsTo", s, rdf.DCT+"Standard")
	}
	b.languages(ds, d.Languages)
	b.agent(ds, rdf.DCT+"creator", d.Creator)
	b.agent(ds, rdf.GEODCATAP+"custodian", d.Custodian)
	for _, r := range d.References {
		b.link(ds, rdf.DCT+"references", r, typeResource)
	}
	b.literal(ds, rdf.DCAT+"version", d.Version)
	if c, ok := PlannedAvailabilities.Lookup(d.Availability); ok {
		b.concept(ds, rdf.DCATAP+"availability", c)
	}
	if c, ok := GeocodingLevels.Lookup(first(d.PoliticalGeocodingLevel, level)); ok {
		b.concept(ds, rdf.DCATDE+"politicalGeocodingLevelURI", c)
	}
	if org != nil {
		b.contributor(ds, org)
	}
	for _, l := range d.Legislation {
		b.link(ds, rdf.DCATAP+"applicableLegislation", l, eliLegalResource)
	}
	attribution := ""
	if publisher != nil {
		attribution = publisher.Name.String()
	}
	for i := range d.Distributions {
		e.distribution(b, ds, iri, d, i, attribution)
	}
	return b.ts
}

// distribution adds the i-th distribution of d.
func (e *Exporter) distribution(b *builder, ds rdf.Term, dsIRI string, d *municat.Dataset, i int, attribution string) {
	dist := &d.Distributions[i]
	id := dist.ID
	if id == "" {
		id = strconv.Itoa(i + 1)
	}
	n := rdf.IRI(dsIRI + "/distribution/" + id)
	b.add(ds, rdf.DCAT+"distribution", n)
	b.typ(n, typeDistribution)
	b.text(n, rdf.DCT+"title", dist.Title)
	b.text(n, rdf.DCT+"description", dist.Description)
	access, download := dist.AccessURL, dist.DownloadURL
	if access == "" && download == "" && dist.FileKey != "" && e.FileURL != nil {
		access = e.FileURL(d.ID, dist.ID)
		download = access
	}
	b.link(n, rdf.DCAT+"accessURL", first(access, download), typeResource)
	b.link(n, rdf.DCAT+"downloadURL", download, typeResource)
	if code, known := FormatCode(dist.Format); known {
		b.link(n, rdf.DCT+"format", FileTypes.Base+code, rdf.DCT+"MediaTypeOrExtent")
	}
	b.link(n, rdf.DCAT+"mediaType", MediaTypeIRI(dist.MediaType), rdf.DCT+"MediaType")
	lic := first(dist.License, d.License, e.MissingLicense, DefaultMissingLicense)
	b.license(n, lic)
	if l, ok := LicenseFor(lic); ok && l.Attribution || dist.LicenseAttribution != "" {
		b.literal(n, rdf.DCATDE+"licenseAttributionByText", first(dist.LicenseAttribution, attribution))
	}
	if dist.ByteSize > 0 {
		b.add(n, rdf.DCAT+"byteSize", rdf.TypedLiteral(strconv.FormatInt(dist.ByteSize, 10), rdf.XSDNonNegativeInteger))
	}
	if c := dist.Checksum; c != nil && c.Value != "" {
		if alg := checksumAlgorithmIRI(c.Algorithm); alg != "" {
			cs := b.blank()
			b.add(n, rdf.SPDX+"checksum", cs)
			b.typ(cs, rdf.SPDX+"Checksum")
			b.add(cs, rdf.SPDX+"algorithm", rdf.IRI(alg))
			b.typ(rdf.IRI(alg), rdf.SPDX+"ChecksumAlgorithm")
			b.add(cs, rdf.SPDX+"checksumValue", rdf.TypedLiteral(strings.ToLower(c.Value), rdf.XSD+"hexBinary"))
		}
	}
	b.date(n, rdf.DCT+"issued", dist.Issued)
	b.date(n, rdf.DCT+"modified", dist.Modified)
	b.languages(n, dist.Languages)
	for _, s := range dist.ConformsTo {
		b.link(n, rdf.DCT+"conformsTo", s, rdf.DCT+"Standard")
	}
	if c, ok := PlannedAvailabilities.Lookup(dist.Availability); ok {
		b.concept(n, rdf.DCATAP+"availability", c)
	}
	if c, ok := DistributionStatuses.Lookup(dist.Status); ok {
		b.concept(n, rdf.ADMS+"status", c)
	}
}

// license adds dct:license: the DCAT-AP.de IRI of a listed licence, an
// unlisted licence's own IRI, or a licence document node labelled with
// the value when it is no IRI. An empty value adds nothing.
func (b *builder) license(s rdf.Term, v string) {
	v = strings.TrimSpace(v)
	switch l, ok := LicenseFor(v); {
	case v == "":
	case ok:
		b.link(s, rdf.DCT+"license", l.IRI, rdf.DCT+"LicenseDocument")
	case isAbsIRI(v):
		b.link(s, rdf.DCT+"license", v, rdf.DCT+"LicenseDocument")
	default:
		n := b.blank()
		b.add(s, rdf.DCT+"license", n)
		b.typ(n, rdf.DCT+"LicenseDocument")
		b.literal(n, rdf.RDFS+"label", v)
	}
}

// contributor adds the organisation's dcatde:contributorID, typed
// skos:Concept and labelled with the list's name (else the organisation's).
func (b *builder) contributor(ds rdf.Term, org *municat.Organization) {
	id := strings.TrimSpace(org.ContributorID)
	c, ok := Contributors.ByIRI(id)
	if !ok {
		c, ok = Contributors.Lookup(id)
	}
	switch {
	case ok:
	case isAbsIRI(id):
		c = Concept{IRI: id}
	case isContributorID(id):
		c = Concept{IRI: Contributors.Base + id}
	default:
		return
	}
	if c.Label.IsEmpty() {
		c.Label = municat.NewText(org.Name)
	}
	b.concept(ds, rdf.DCATDE+"contributorID", c)
}

// languages adds dct:language links for the language codes.
func (b *builder) languages(s rdf.Term, codes []string) {
	for _, code := range codes {
		b.link(s, rdf.DCT+"language", LanguageIRI(code), rdf.DCT+"LinguisticSystem")
	}
}

// first returns the first non-empty string.
func first(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// absIRI returns s if it is an absolute IRI, else "".
func absIRI(s string) string {
	if s = strings.TrimSpace(s); isAbsIRI(s) {
		return s
	}
	return ""
}

// isContributorID reports whether s can be the local part of a
// contributor IRI (letters, digits, "-", "_").
func isContributorID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
