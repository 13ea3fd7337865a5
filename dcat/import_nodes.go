package dcat

import (
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/rdf"
)

// agent reads the first agent of s for preds: a node with foaf:name (or
// vcard:fn, skos:prefLabel, rdfs:label), or a literal name.
func (r *reader) agent(s rdf.Term, preds ...string) *municat.Agent {
	for _, o := range r.objs(s, preds...) {
		a := &municat.Agent{}
		if o.IsLiteral() {
			a.Name = r.textOf(o)
		} else {
			a.Name = r.text(o, rdf.FOAF+"name", rdf.VCARD+"fn", rdf.VCARD+"organization-name", prefLabel, rdf.RDFS+"label")
			if o.IsIRI() {
				a.URI = o.Value
			}
			a.Homepage = first(r.iris(o, rdf.FOAF+"homepage", rdf.FOAF+"workplaceHomepage")...)
			a.Email = mailAddress(r.str(o, rdf.FOAF+"mbox", rdf.VCARD+"hasEmail"))
		}
		if !a.Name.IsEmpty() || a.URI != "" {
			return a
		}
	}
	return nil
}

// textOf returns one literal as a Text.
func (r *reader) textOf(o rdf.Term) municat.Text {
	v, lang := strings.TrimSpace(o.Value), r.lang
	if l := textLang(o.Lang); l != "" {
		lang = l
	}
	if v == "" {
		return nil
	}
	return municat.Text{lang: v}
}

// contact reads dcat:contactPoint: a vCard node, or a literal (an e-mail
// address or a name).
func (r *reader) contact(s rdf.Term) *municat.Contact {
	for _, o := range r.objs(s, rdf.DCAT+"contactPoint") {
		c := &municat.Contact{}
		if o.IsLiteral() {
			if m := mailAddress(o.Value); m != "" {
				c.Email = m
			} else {
				c.Name = strings.TrimSpace(o.Value)
			}
		} else {
			c.Name = r.str(o, rdf.VCARD+"fn", rdf.VCARD+"organization-name")
			c.Email = mailAddress(r.vcardValue(o, rdf.VCARD+"hasEmail"))
			c.URL = r.vcardValue(o, rdf.VCARD+"hasURL")
			if t := r.vcardValue(o, rdf.VCARD+"hasTelephone"); t != "" {
				c.Phone = strings.TrimPrefix(t, "tel:")
			}
		}
		if *c != (municat.Contact{}) {
			return c
		}
	}
	return nil
}

// vcardValue reads a vCard property whose value is an IRI, a literal or a
// node with vcard:hasValue.
func (r *reader) vcardValue(s rdf.Term, p string) string {
	for _, o := range r.g.Objects(s, p) {
		if o.IsBlank() {
			if v := r.str(o, rdf.VCARD+"hasValue"); v != "" {
				return v
			}
			continue
		}
		if v := strings.TrimSpace(o.Value); v != "" {
			return v
		}
	}
	return ""
}

// mailAddress returns the e-mail address in s (a "mailto:" IRI or a
// literal), or "" when s holds no valid address.
func mailAddress(s string) string { return municat.CleanEmail(s) }

// spatial reads dct:spatial (and the deprecated
// dcatde:politicalGeocodingURI): IRIs become URIs, labels of location
// nodes and plain literals become names, the first bounding box found
// (dcat:bbox, locn:geometry, or a WKT/GeoJSON literal) becomes BBox.
func (r *reader) spatial(s rdf.Term) *municat.Spatial {
	sp := &municat.Spatial{}
	addURI := func(u string) {
		if u != "" && !contains(sp.URIs, u) {
			sp.URIs = append(sp.URIs, u)
		}
	}
	for _, o := range r.objs(s, rdf.DCT+"spatial") {
		if o.IsLiteral() {
			if bb := parseGeometry(o.Value); bb != nil {
				if sp.BBox == nil {
					sp.BBox = bb
				}
			} else if v := strings.TrimSpace(o.Value); v != "" && !contains(sp.Names, v) {
				sp.Names = append(sp.Names, v)
			}
			continue
		}
		if o.IsIRI() {
			addURI(o.Value)
		} else {
			for _, l := range r.objs(o, prefLabel, rdf.LOCN+"geographicName", rdf.RDFS+"label", rdf.DCT+"title") {
				if v := strings.TrimSpace(l.Value); l.IsLiteral() && v != "" && !contains(sp.Names, v) {
					sp.Names = append(sp.Names, v)
				}
			}
		}
		if sp.BBox == nil {
			sp.BBox = r.bbox(o)
		}
	}
	for _, u := range r.iris(s, rdf.DCATDE+"politicalGeocodingURI") {
		addURI(u)
	}
	if len(sp.URIs) == 0 && len(sp.Names) == 0 && sp.BBox == nil {
		return nil
	}
	return sp
}

// bbox reads the bounding box of a location node.
func (r *reader) bbox(n rdf.Term) *municat.BoundingBox {
	for _, o := range r.objs(n, rdf.DCAT+"bbox", rdf.LOCN+"geometry") {
		if o.IsLiteral() {
			if bb := parseGeometry(o.Value); bb != nil {
				return bb
			}
		} else if o.IsBlank() {
			for _, g := range r.objs(o, rdf.GSP+"asWKT", rdf.GSP+"asGML", rdf.GSP+"asGeoJSON", rdf.RDF+"value") {
				if bb := parseGeometry(g.Value); bb != nil {
					return bb
				}
			}
		}
	}
	return nil
}

// temporal reads dct:temporal: dcat:startDate/endDate, schema:startDate/
// endDate, or time:hasBeginning/hasEnd instants.
func (r *reader) temporal(s rdf.Term) *municat.Period {
	for _, o := range r.objs(s, rdf.DCT+"temporal") {
		if !o.IsResource() {
			continue
		}
		p := &municat.Period{
			Start: parseTime(r.str(o, rdf.DCAT+"startDate", rdf.SCHEMA+"startDate", "https://schema.org/startDate")),
			End:   parseTime(r.str(o, rdf.DCAT+"endDate", rdf.SCHEMA+"endDate", "https://schema.org/endDate")),
		}
		if p.Start == nil {
			p.Start = r.instant(o, rdf.TIME+"hasBeginning")
		}
		if p.End == nil {
			p.End = r.instant(o, rdf.TIME+"hasEnd")
		}
		if p.Start != nil || p.End != nil {
			return p
		}
	}
	return nil
}

// instant reads a time:Instant (or a date literal) of s for p.
func (r *reader) instant(s rdf.Term, p string) *time.Time {
	for _, o := range r.g.Objects(s, p) {
		if o.IsLiteral() {
			return parseTime(o.Value)
		}
		if t := parseTime(r.str(o, rdf.TIME+"inXSDDateTimeStamp", rdf.TIME+"inXSDDateTime", rdf.TIME+"inXSDDate")); t != nil {
			return t
		}
	}
	return nil
}
