package csw

import (
	"strings"

	"github.com/municat/municat"
)

// party is one CI_ResponsibleParty of a record.
type party struct {
	role   string
	org    municat.Text // organisationName, with translations
	person string       // individualName
	email  string
	phone  string
	url    string
}

// parties are the responsible parties of a record: those of the resource
// (identificationInfo's pointOfContact and citedResponsibleParty) and the
// record's own contact (gmd:contact).
type parties struct {
	resource []party
	contacts []party
}

// readParties reads the responsible parties of record md.
func readParties(md, ident *element, t texts) parties {
	var p parties
	for _, rp := range ident.path(nsGMD, "pointOfContact", nsGMD, "CI_ResponsibleParty") {
		p.resource = append(p.resource, readParty(rp, t))
	}
	for _, rp := range ident.path(nsGMD, "citation", nsGMD, "CI_Citation", nsGMD, "citedResponsibleParty", nsGMD, "CI_ResponsibleParty") {
		p.resource = append(p.resource, readParty(rp, t))
	}
	for _, rp := range md.path(nsGMD, "contact", nsGMD, "CI_ResponsibleParty") {
		p.contacts = append(p.contacts, readParty(rp, t))
	}
	return p
}

// readParty reads one CI_ResponsibleParty.
func readParty(rp *element, t texts) party {
	info := rp.first(nsGMD, "contactInfo", nsGMD, "CI_Contact")
	p := party{
		role:   strings.ToLower(code(rp.child(nsGMD, "role"))),
		org:    t.text(rp.child(nsGMD, "organisationName")),
		person: value(rp.child(nsGMD, "individualName")),
	}
	for _, a := range info.path(nsGMD, "address", nsGMD, "CI_Address", nsGMD, "electronicMailAddress") {
		if p.email = municat.CleanEmail(value(a)); p.email != "" {
			break
		}
	}
	for _, v := range info.path(nsGMD, "phone", nsGMD, "CI_Telephone", nsGMD, "voice") {
		if p.phone = value(v); p.phone != "" {
			break
		}
	}
	for _, l := range info.path(nsGMD, "onlineResource", nsGMD, "CI_OnlineResource", nsGMD, "linkage") {
		if p.url = absoluteURL(value(l)); p.url != "" {
			break
		}
	}
	return p
}

// byRole returns the first resource party with one of roles, trying the
// roles in order.
func (ps parties) byRole(roles ...string) *party {
	for _, r := range roles {
		for i := range ps.resource {
			if ps.resource[i].role == strings.ToLower(r) {
				return &ps.resource[i]
			}
		}
	}
	return nil
}

// agent returns p as an Agent named after its organisation (else its
// person); nil if p is nil or has no name.
func (p *party) agent() *municat.Agent {
	if p == nil {
		return nil
	}
	name := p.org
	if name.IsEmpty() {
		name = municat.NewText(p.person)
	}
	if name.IsEmpty() {
		return nil
	}
	return &municat.Agent{Name: name, Email: p.email, Homepage: p.url}
}

// publisher returns the body that makes the resource available: the
// resource party with role publisher, else owner, custodian, point of
// contact, distributor or originator, else the organisation of the
// record's contact (GeoDCAT-AP maps only the publisher role to
// dct:publisher, but DCAT-AP.de needs a publisher and German geodata
// records name the responsible body mostly as pointOfContact).
func (ps parties) publisher() *municat.Agent {
	if a := ps.byRole("publisher", "owner", "custodian", "pointOfContact", "distributor", "originator").agent(); a != nil {
		return a
	}
	for i := range ps.contacts {
		if a := ps.contacts[i].agent(); a != nil {
			return a
		}
	}
	return nil
}

// contact returns whom to ask about the resource: the resource's point of
// contact (GeoDCAT-AP: dcat:contactPoint), else any resource party, else
// the record's contact (gmd:contact).
func (ps parties) contact() *municat.Contact {
	p := ps.byRole("pointOfContact")
	if p == nil && len(ps.resource) > 0 {
		p = &ps.resource[0]
	}
	if p == nil && len(ps.contacts) > 0 {
		p = &ps.contacts[0]
	}
	if p == nil {
		return nil
	}
	c := &municat.Contact{Name: first(p.person, p.org.String()), Email: p.email, Phone: p.phone, URL: p.url}
	if *c == (municat.Contact{}) {
		return nil
	}
	return c
}

// creator returns the party with role originator, else author.
func (ps parties) creator() *municat.Agent { return ps.byRole("originator", "author").agent() }

// custodian returns the party with role custodian.
func (ps parties) custodian() *municat.Agent { return ps.byRole("custodian").agent() }
