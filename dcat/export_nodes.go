package dcat

import (
	"github.com/municat/municat"
	"github.com/municat/municat/rdf"
)

// agent adds a foaf:Agent: an IRI node when the agent has an absolute URI,
// else a blank node. A nil or empty agent adds nothing.
func (b *builder) agent(s rdf.Term, p string, a *municat.Agent) rdf.Term {
	if a == nil || a.Name.IsEmpty() && a.URI == "" {
		return rdf.Term{}
	}
	n := b.blank()
	if uri := absIRI(a.URI); uri != "" {
		n = rdf.IRI(uri)
	}
	b.add(s, p, n)
	b.typ(n, rdf.FOAF+"Agent")
	b.text(n, rdf.FOAF+"name", a.Name)
	b.link(n, rdf.FOAF+"homepage", a.Homepage, typeDocument)
	if m := mailtoIRI(a.Email); m != "" {
		b.add(n, rdf.FOAF+"mbox", rdf.IRI(m))
	}
	return n
}

// contact adds the dcat:contactPoint vCard.
func (b *builder) contact(s rdf.Term, c *municat.Contact) {
	if c == nil || *c == (municat.Contact{}) {
		return
	}
	n := b.blank()
	b.add(s, rdf.DCAT+"contactPoint", n)
	b.typ(n, rdf.VCARD+"Kind", rdf.VCARD+"Organization")
	b.literal(n, rdf.VCARD+"fn", c.Name)
	if m := mailtoIRI(c.Email); m != "" {
		b.add(n, rdf.VCARD+"hasEmail", rdf.IRI(m))
	}
	if u := absIRI(c.URL); u != "" {
		b.add(n, rdf.VCARD+"hasURL", rdf.IRI(u))
	}
	if t := telIRI(c.Phone); t != "" {
		b.add(n, rdf.VCARD+"hasTelephone", rdf.IRI(t))
	}
}

// spatial adds dct:spatial: the place IRIs, then the political geocoding
// IRI of the organisation's AGS unless listed already, then a location
// with the bounding box (and the first place name), then one location per
// further name. It returns the geocoding level derived from the AGS.
func (b *builder) spatial(s rdf.Term, sp *municat.Spatial, org *municat.Organization) (level string) {
	var uris, names []string
	var bbox *municat.BoundingBox
	if sp != nil {
		uris, names, bbox = sp.URIs, sp.Names, sp.BBox
	}
	seen := map[string]bool{}
	for _, u := range uris {
		if isAbsIRI(u) && !seen[u] {
			seen[u] = true
			b.link(s, rdf.DCT+"spatial", u, typeLocation)
		}
	}
	if org != nil {
		var iri string
		iri, level = politicalGeocoding(org.AGS)
		if iri != "" && !seen[iri] {
			b.link(s, rdf.DCT+"spatial", iri, typeLocation)
		}
	}
	if bbox != nil {
		n := b.blank()
		b.add(s, rdf.DCT+"spatial", n)
		b.typ(n, typeLocation)
		if len(names) > 0 {
			b.literal(n, prefLabel, names[0])
			names = names[1:]
		}
		b.add(n, rdf.DCAT+"bbox", rdf.TypedLiteral(wktPolygon(bbox), wktLiteral))
		centroid := "POINT(" + num((bbox.West+bbox.East)/2) + " " + num((bbox.South+bbox.North)/2) + ")"
		b.add(n, rdf.DCAT+"centroid", rdf.TypedLiteral(centroid, wktLiteral))
	}
	for _, name := range names {
		if name == "" {
			continue
		}
		n := b.blank()
		b.add(s, rdf.DCT+"spatial", n)
		b.typ(n, typeLocation)
		b.literal(n, prefLabel, name)
	}
	return level
}

// temporal adds the dct:temporal period.
func (b *builder) temporal(s rdf.Term, p *municat.Period) {
	if p == nil || p.Start == nil && p.End == nil {
		return
	}
	n := b.blank()
	b.add(s, rdf.DCT+"temporal", n)
	b.typ(n, rdf.DCT+"PeriodOfTime")
	b.date(n, rdf.DCAT+"startDate", p.Start)
	b.date(n, rdf.DCAT+"endDate", p.End)
}
