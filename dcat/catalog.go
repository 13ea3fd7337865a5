package dcat

import (
	"strconv"

	"github.com/municat/municat"
	"github.com/municat/municat/rdf"
)

// DefaultCatalog describes the catalogue of the portal at baseURL run by
// publisher (nil if none is known, then the portal calls itself
// "municat"): DCAT-AP's mandatory title, description and publisher as
// German and English sentences naming the publisher, the portal's start
// page as homepage, German metadata, and the publisher's AGS.
func DefaultCatalog(baseURL string, publisher *municat.Organization) Catalog {
	name := "municat"
	c := Catalog{Homepage: baseURL + "/", Languages: []string{"de"}, Publisher: &municat.Agent{Name: municat.Text{"de": name}}}
	if publisher != nil {
		name = publisher.Name
		c.Publisher = &municat.Agent{Name: municat.Text{"de": name}, Homepage: publisher.Homepage, Email: publisher.Email}
		c.AGS = publisher.AGS
	}
	c.Title = municat.Text{"de": "Offene Daten – " + name, "en": "Open data – " + name}
	c.Description = municat.Text{
		"de": "Der Katalog offener Daten von " + name + ": Datensätze mit Beschreibung, Lizenz und Download.",
		"en": "The open data catalogue of " + name + ": datasets with description, licence and download.",
	}
	return c
}

// CatalogTriples returns the description of the catalogue node, without
// its dcat:dataset links: title, description, publisher (a foaf:Agent of
// type LocalAuthority), homepage, languages, licence, modification date,
// the political geocoding IRI of its AGS and the theme taxonomy.
func (e *Exporter) CatalogTriples() []rdf.Triple {
	c := &e.Catalog
	iri := e.CatalogIRI()
	b := newBuilder(iri, 40)
	cat := rdf.IRI(iri)
	b.typ(cat, rdf.DCAT+"Catalog")
	b.text(cat, rdf.DCT+"title", c.Title)
	b.text(cat, rdf.DCT+"description", c.Description)
	if p := b.agent(cat, rdf.DCT+"publisher", c.Publisher); !p.IsZero() {
		if t, ok := PublisherTypes.Lookup("LocalAuthority"); ok {
			b.concept(p, rdf.DCT+"type", t)
		}
	}
	b.link(cat, rdf.FOAF+"homepage", c.Homepage, typeDocument)
	b.languages(cat, c.Languages)
	b.license(cat, c.License)
	b.date(cat, rdf.DCT+"modified", c.Modified)
	if geo, _ := politicalGeocoding(c.AGS); geo != "" {
		b.link(cat, rdf.DCT+"spatial", geo, typeLocation)
	}
	tax := rdf.IRI(DataThemes.Scheme)
	b.add(cat, rdf.DCAT+"themeTaxonomy", tax)
	b.typ(tax, rdf.SKOS+"ConceptScheme")
	b.text(tax, rdf.DCT+"title", municat.Text{"de": "Datenthemen", "en": "Data theme"})
	return b.ts
}

// HydraTriples returns the paging block of a catalogue page: the page URL
// typed hydra:PagedCollection with hydra:totalItems, hydra:itemsPerPage
// and both generations of link predicates (first/firstPage,
// last/lastPage, previous/previousPage, next/nextPage) as ckanext-dcat
// writes them: links as string literals, counts as xsd:integer. Empty
// links are left out; an empty result (TotalItems 0) has no paging block.
func HydraTriples(p Page) []rdf.Triple {
	if p.TotalItems <= 0 || p.URL == "" {
		return nil
	}
	s := rdf.IRI(p.URL)
	ts := []rdf.Triple{
		{S: s, P: rdf.IRI(rdf.RDFType), O: rdf.IRI(rdf.HYDRA + "PagedCollection")},
		{S: s, P: rdf.IRI(rdf.HYDRA + "totalItems"), O: rdf.TypedLiteral(strconv.Itoa(p.TotalItems), rdf.XSDInteger)},
		{S: s, P: rdf.IRI(rdf.HYDRA + "itemsPerPage"), O: rdf.TypedLiteral(strconv.Itoa(p.ItemsPerPage), rdf.XSDInteger)},
	}
	for _, l := range []struct{ now, old, url string }{
		{"first", "firstPage", p.First}, {"last", "lastPage", p.Last},
		{"previous", "previousPage", p.Previous}, {"next", "nextPage", p.Next},
	} {
		if l.url != "" {
			ts = append(ts,
				rdf.Triple{S: s, P: rdf.IRI(rdf.HYDRA + l.now), O: rdf.Literal(l.url)},
				rdf.Triple{S: s, P: rdf.IRI(rdf.HYDRA + l.old), O: rdf.Literal(l.url)})
		}
	}
	return ts
}
