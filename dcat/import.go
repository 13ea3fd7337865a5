package dcat

import (
	"strconv"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/rdf"
)

// Import maps every dcat:Dataset (and dcat:DatasetSeries) node of g to the
// domain model, in the order they appear in g. It reads what DatasetTriples
// writes and tolerates the variants real catalogues use: literals where
// IRIs belong and the other way round, deprecated DCAT-AP.de properties
// (dcatde:maintainer, dcatde:politicalGeocodingURI,
// dcatde:plannedAvailability), locn:geometry as WKT or GeoJSON,
// schema:startDate and time:hasBeginning. Values it cannot map are left
// out; it never panics.
//
// Language-tagged texts are keyed by their ISO 639-1 code ("de-DE" →
// "de"); untagged texts (and tags without a two-letter language) go to the dataset's first dct:language, else to
// municat.DefaultLanguage, as the CKAN harvester does. Licences of the
// DCAT-AP.de list come back as their list id ("dl-by-de/2.0"); others as
// given. A distribution's licence equal to the dataset's is left empty
// (municat's convention: empty means the dataset's); a dataset without its
// own dct:license takes its first distribution's.
func Import(g *rdf.Graph) []Record {
	if g == nil {
		return nil
	}
	var out []Record
	seen := map[rdf.Term]bool{}
	for _, t := range g.Triples() {
		if t.P.Value != rdf.RDFType || !t.S.IsResource() || seen[t.S] ||
			(t.O.Value != typeDataset && t.O.Value != typeDatasetSeries) || !t.O.IsIRI() {
			continue
		}
		seen[t.S] = true
		r := reader{g: g}
		out = append(out, Record{IRI: t.S.Value, Dataset: r.dataset(t.S)})
	}
	return out
}

// reader maps the nodes of one graph.
type reader struct {
	g    *rdf.Graph
	lang string // language of untagged literals
}

func (r *reader) objs(s rdf.Term, preds ...string) []rdf.Term {
	var out []rdf.Term
	for _, p := range preds {
		out = append(out, r.g.Objects(s, p)...)
	}
	return out
}

// str returns the first non-empty literal or IRI value of s for preds.
func (r *reader) str(s rdf.Term, preds ...string) string {
	for _, o := range r.objs(s, preds...) {
		if v := strings.TrimSpace(o.Value); v != "" && !o.IsBlank() {
			return v
		}
	}
	return ""
}

// iris returns the distinct IRI (or absolute-URL literal) values.
func (r *reader) iris(s rdf.Term, preds ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, o := range r.objs(s, preds...) {
		v := strings.TrimSpace(o.Value)
		if (o.IsIRI() || o.IsLiteral() && isAbsIRI(v)) && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// text returns the literals of s for preds as a Text.
func (r *reader) text(s rdf.Term, preds ...string) municat.Text {
	t := municat.Text{}
	for _, o := range r.objs(s, preds...) {
		v := strings.TrimSpace(o.Value)
		if !o.IsLiteral() || v == "" {
			continue
		}
		lang := r.lang
		if l := textLang(o.Lang); l != "" {
			lang = l
		}
		if t[lang] == "" {
			t[lang] = v
		}
	}
	if len(t) == 0 {
		return nil
	}
	return t
}

// textLang returns the Text key of a language tag: its primary subtag if
// that is two letters, else "".
func textLang(tag string) string {
	p, _, _ := strings.Cut(strings.ToLower(tag), "-")
	if len(p) == 2 && p[0] >= 'a' && p[0] <= 'z' && p[1] >= 'a' && p[1] <= 'z' {
		return p
	}
	return ""
}

func (r *reader) dataset(s rdf.Term) municat.Dataset {
	var d municat.Dataset
	for _, o := range r.objs(s, rdf.DCT+"language") {
		if c := LanguageCode(o.Value); c != "" && !contains(d.Languages, c) {
			d.Languages = append(d.Languages, c)
		}
	}
	r.lang = municat.DefaultLanguage
	if len(d.Languages) > 0 && len(d.Languages[0]) == 2 {
		r.lang = d.Languages[0]
	}
	d.Identifier = r.str(s, rdf.DCT+"identifier")
	for _, o := range r.objs(s, rdf.ADMS+"identifier") {
		v := strings.TrimSpace(o.Value)
		if o.IsResource() {
			v = r.str(o, rdf.SKOS+"notation")
			if v == "" && o.IsIRI() {
				v = o.Value
			}
		}
		if v != "" && !contains(d.OtherIdentifiers, v) {
			d.OtherIdentifiers = append(d.OtherIdentifiers, v)
		}
	}
	d.Title = r.text(s, rdf.DCT+"title")
	d.Description = r.text(s, rdf.DCT+"description")
	for _, o := range r.objs(s, rdf.DCAT+"keyword") {
		if v := strings.TrimSpace(o.Value); o.IsLiteral() && v != "" && !contains(d.Keywords, v) {
			d.Keywords = append(d.Keywords, v)
		}
	}
	for _, o := range r.objs(s, rdf.DCAT+"theme") {
		for _, c := range ThemeCodes(o.Value) {
			if !contains(d.Themes, c) {
				d.Themes = append(d.Themes, c)
			}
		}
	}
	d.Publisher = r.agent(s, rdf.DCT+"publisher")
	d.ContactPoint = r.contact(s)
	d.License = r.license(s)
	switch c := AccessRightsCode(r.str(s, rdf.DCT+"accessRights")); c {
	case municat.AccessPublic, municat.AccessRestricted, municat.AccessNonPublic:
		d.AccessRights = c
	}
	d.Spatial = r.spatial(s)
	d.Temporal = r.temporal(s)
	d.Frequency = r.frequency(s)
	d.Issued = parseTime(r.str(s, rdf.DCT+"issued"))
	d.Modified = parseTime(r.str(s, rdf.DCT+"modified"))
	d.LandingPage = first(r.iris(s, rdf.DCAT+"landingPage")...)
	d.Pages = r.iris(s, rdf.FOAF+"page")
	d.ConformsTo = r.iris(s, rdf.DCT+"conformsTo")
	d.Creator = r.agent(s, rdf.DCT+"creator")
	d.Custodian = r.agent(s, rdf.GEODCATAP+"custodian", rdf.DCATDE+"maintainer")
	d.References = r.iris(s, rdf.DCT+"references")
	d.Version = r.str(s, rdf.DCAT+"version", rdf.OWL+"versionInfo")
	d.Availability = AvailabilityCode(r.str(s, rdf.DCATAP+"availability", "http://data.europa.eu/r5r#availability", rdf.DCATDE+"plannedAvailability"))
	d.PoliticalGeocodingLevel = GeocodingLevelCode(r.str(s, rdf.DCATDE+"politicalGeocodingLevelURI"))
	for _, o := range r.objs(s, rdf.DCATDE+"contributorID") {
		v := first(ContributorIRI(o.Value), strings.TrimSpace(o.Value))
		if v != "" && !o.IsBlank() && !contains(d.ContributorIDs, v) {
			d.ContributorIDs = append(d.ContributorIDs, v)
		}
	}
	d.Legislation = r.iris(s, rdf.DCATAP+"applicableLegislation")
	r.distributions(s, &d)
	return d
}

// frequency reads dct:accrualPeriodicity: a code, an IRI, or a node with
// a label or rdf:value.
func (r *reader) frequency(s rdf.Term) string {
	for _, o := range r.objs(s, rdf.DCT+"accrualPeriodicity") {
		if c := FrequencyCode(o.Value); c != "" && !o.IsBlank() {
			return c
		}
		if o.IsResource() {
			if c := FrequencyCode(r.str(o, rdf.RDF+"value", prefLabel, rdf.RDFS+"label")); c != "" {
				return c
			}
		}
	}
	return ""
}

// license returns the value of a dct:license object: a list id, an IRI, a
// label of a licence node, or a literal.
func (r *reader) licenseValue(o rdf.Term) string {
	v := strings.TrimSpace(o.Value)
	if o.IsBlank() {
		v = r.str(o, rdf.RDFS+"label", rdf.DCT+"title", prefLabel, rdf.DCT+"identifier")
	}
	if l, ok := LicenseFor(v); ok {
		return l.ID
	}
	return v
}

func (r *reader) license(s rdf.Term) string {
	for _, o := range r.objs(s, rdf.DCT+"license") {
		if v := r.licenseValue(o); v != "" {
			return v
		}
	}
	return ""
}

// distributions reads the dcat:distribution nodes of s into d.
func (r *reader) distributions(s rdf.Term, d *municat.Dataset) {
	prefix := s.Value + "/distribution/"
	ids := map[string]bool{}
	for i, o := range r.objs(s, rdf.DCAT+"distribution") {
		if !o.IsResource() {
			continue
		}
		dist := r.distribution(o)
		id := strings.TrimPrefix(o.Value, prefix)
		if !o.IsIRI() || !strings.HasPrefix(o.Value, prefix) || strings.Contains(id, "/") {
			node := o.Value
			if o.IsBlank() {
				node = "" // blank node labels differ between parses
			}
			key := first(dist.AccessURL, dist.DownloadURL, node, strconv.Itoa(i))
			id = municat.DistributionID(r.str(o, rdf.DCT+"identifier"), key)
		}
		for base, n := id, 2; ids[id]; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		ids[id] = true
		dist.ID = id
		d.Distributions = append(d.Distributions, dist)
	}
	if d.License == "" {
		for _, dist := range d.Distributions {
			if dist.License != "" {
				d.License = dist.License
				break
			}
		}
	}
	for i := range d.Distributions {
		if d.Distributions[i].License == d.License {
			d.Distributions[i].License = ""
		}
	}
}

func (r *reader) distribution(n rdf.Term) municat.Distribution {
	dist := municat.Distribution{
		Title:              r.text(n, rdf.DCT+"title"),
		Description:        r.text(n, rdf.DCT+"description"),
		AccessURL:          first(r.iris(n, rdf.DCAT+"accessURL")...),
		DownloadURL:        first(r.iris(n, rdf.DCAT+"downloadURL")...),
		License:            r.license(n),
		Issued:             parseTime(r.str(n, rdf.DCT+"issued")),
		Modified:           parseTime(r.str(n, rdf.DCT+"modified")),
		ConformsTo:         r.iris(n, rdf.DCT+"conformsTo"),
		LicenseAttribution: r.str(n, rdf.DCATDE+"licenseAttributionByText"),
		Availability:       AvailabilityCode(r.str(n, rdf.DCATAP+"availability", "http://data.europa.eu/r5r#availability", rdf.DCATDE+"plannedAvailability")),
		Status:             StatusCode(r.str(n, rdf.ADMS+"status")),
	}
	dist.Format, dist.MediaType = r.format(n)
	for _, o := range r.objs(n, rdf.DCAT+"mediaType", rdf.DCAT+"mediatype") {
		if mt := MediaTypeFromIRI(o.Value); mt != "" && !o.IsBlank() {
			dist.MediaType = mt
			break
		}
	}
	if dist.Format == "" && dist.MediaType != "" {
		if c, known := FormatCode(dist.MediaType); known {
			dist.Format = c
		}
	}
	if v := r.str(n, rdf.DCAT+"byteSize"); v != "" {
		if size, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && size >= 0 && size < 1<<62 {
			dist.ByteSize = int64(size)
		}
	}
	for _, cs := range r.objs(n, rdf.SPDX+"checksum") {
		if !cs.IsResource() {
			continue
		}
		alg, val := checksumAlgorithm(r.str(cs, rdf.SPDX+"algorithm")), strings.ToLower(r.str(cs, rdf.SPDX+"checksumValue"))
		if alg != "" && val != "" {
			dist.Checksum = &municat.Checksum{Algorithm: alg, Value: val}
			break
		}
	}
	for _, o := range r.objs(n, rdf.DCT+"language") {
		if c := LanguageCode(o.Value); c != "" && !contains(dist.Languages, c) {
			dist.Languages = append(dist.Languages, c)
		}
	}
	return dist
}

// format reads dct:format: an EU file-type IRI, a literal, or a node (IRI
// or blank) with rdf:value / rdfs:label. It returns the first value that
// is in the EU table, else the first literal one; a media type found there
// is returned too.
func (r *reader) format(n rdf.Term) (code, mediaType string) {
	var fallback string
	for _, o := range r.objs(n, rdf.DCT+"format") {
		var cands []string
		if !o.IsBlank() {
			cands = append(cands, o.Value)
		}
		if o.IsResource() {
			cands = append(cands, r.str(o, rdf.RDF+"value"), r.str(o, rdf.RDFS+"label"), r.str(o, prefLabel))
		}
		for i, c := range cands {
			if mt := MediaTypeFromIRI(c); mt != "" && strings.Contains(c, "/") && mediaType == "" {
				mediaType = mt
			}
			if fc, known := FormatCode(c); known && code == "" {
				code = fc
			} else if fc != "" && fallback == "" && (i > 0 || o.IsLiteral()) {
				fallback = fc
			}
		}
	}
	return first(code, fallback), mediaType
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
