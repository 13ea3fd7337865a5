package csw

import (
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/harvester"
)

// mapRecord maps one ISO 19139 record (gmd:MD_Metadata or gmi:MI_Metadata)
// to a harvester.Record and returns it with the record's hierarchy level
// ("dataset" if it names none, as ISO 19115 says). The mapping follows
// GeoDCAT-AP where municat has a field for it:
//
//   - fileIdentifier → RemoteID and Identifier; resource identifiers →
//     OtherIdentifiers;
//   - citation title → Title, abstract → Description, with PT_FreeText
//     translations;
//   - keywords → Keywords; topic categories, INSPIRE themes and EU data
//     themes among the keywords → Themes (see themes.go);
//   - extents → Spatial and Temporal (see extent.go);
//   - citation dates: publication (else creation) → Issued, the latest
//     revision → Modified, else the record's dateStamp;
//   - responsible parties → Publisher, ContactPoint, Creator, Custodian
//     (see parties.go);
//   - resource constraints → License and AccessRights (see
//     constraints.go);
//   - resource languages → Languages; maintenance frequency → Frequency;
//   - passed conformance results → ConformsTo;
//   - online resources and a service's connect points → Distributions
//     and LandingPage (see online.go).
//
// A record without file identifier or title gets Err with a German
// message; values that would make the dataset invalid (a bounding box out
// of range, a period that ends before it begins, a malformed address) are
// left out rather than losing the dataset. mapRecord never panics.
func mapRecord(md *element, ep *endpoint) (harvester.Record, string) {
	id := value(md.child(nsGMD, "fileIdentifier"))
	level := first(code(md.child(nsGMD, "hierarchyLevel")), "dataset")
	rec := harvester.Record{RemoteID: id}
	ident := identification(md)
	resLangs := languages(ident.children(nsGMD, "language"))
	fallback := ""
	if len(resLangs) > 0 {
		fallback = resLangs[0]
	}
	t := newTexts(md, fallback)
	cit := ident.first(nsGMD, "citation", nsGMD, "CI_Citation")
	title := t.text(cit.child(nsGMD, "title"))
	if id != "" {
		rec.Link = ep.getRecordByID(id)
	}
	switch {
	case id == "" && title.IsEmpty():
		rec.Err = municat.Errorf(municat.EINVALID, "Ein Datensatz hat weder Kennung (gmd:fileIdentifier) noch Titel und wurde übersprungen.")
		return rec, level
	case id == "":
		rec.Err = municat.Errorf(municat.EINVALID, "Der Datensatz „%s“ hat keine Kennung (gmd:fileIdentifier) und wurde übersprungen.", municat.Shorten(title.String(), 120))
		return rec, level
	case title.IsEmpty():
		rec.Err = municat.Errorf(municat.EINVALID, "Der Datensatz %q hat keinen Titel (gmd:citation/gmd:title) und wurde übersprungen.", id)
		return rec, level
	}
	if len(resLangs) == 0 && ident.is(nsSRV, "SV_ServiceIdentification") {
		resLangs = languages(md.children(nsGMD, "language")) // a service has no resource language of its own
	}
	issued, modified := citationDates(cit)
	if modified == nil {
		modified = parseDate(value(md.child(nsGMD, "dateStamp")))
	}
	parties := readParties(md, ident, t)
	d := &municat.Dataset{
		Identifier:       id,
		Title:            title,
		Description:      t.text(ident.child(nsGMD, "abstract")),
		Keywords:         keywords(ident, t),
		Themes:           themes(ident),
		Publisher:        parties.publisher(),
		ContactPoint:     parties.contact(),
		Creator:          parties.creator(),
		Custodian:        parties.custodian(),
		License:          license(ident),
		AccessRights:     accessRights(ident),
		Spatial:          spatial(ident),
		Temporal:         temporal(ident),
		Frequency:        frequency(ident),
		Issued:           issued,
		Modified:         modified,
		Languages:        resLangs,
		OtherIdentifiers: resourceIdentifiers(cit, id),
		ConformsTo:       conformsTo(md),
		RemoteID:         id,
	}
	d.LandingPage, d.Distributions = onlineResources(md, ident, id, t)
	rec.Dataset = d
	return rec, level
}

// identification returns the record's identification: MD_DataIdentification,
// SV_ServiceIdentification or any other element below
// gmd:identificationInfo (an empty element if there is none).
func identification(md *element) *element {
	for _, info := range md.children(nsGMD, "identificationInfo") {
		for _, k := range info.kids {
			return k
		}
	}
	return &element{}
}

// languages returns the two-letter codes of language properties, once
// each.
func languages(props []*element) []string {
	var out []string
	for _, p := range props {
		l := langCode(first(code(p), value(p)))
		if l != "" && !contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// citationDates returns the issued date of a citation (publication, else
// creation) and its modified date (the latest revision).
func citationDates(cit *element) (issued, modified *time.Time) {
	var created, published *time.Time
	for _, cd := range cit.path(nsGMD, "date", nsGMD, "CI_Date") {
		t := parseDate(value(cd.child(nsGMD, "date")))
		if t == nil {
			continue
		}
		switch strings.ToLower(code(cd.child(nsGMD, "dateType"))) {
		case "publication":
			if published == nil || t.Before(*published) {
				published = t
			}
		case "creation":
			if created == nil || t.Before(*created) {
				created = t
			}
		case "revision":
			if modified == nil || t.After(*modified) {
				modified = t
			}
		}
	}
	if published != nil {
		return published, modified
	}
	return created, modified
}

// keywords returns the keywords of every MD_Keywords block, in the
// record's language, once each (ignoring case).
func keywords(ident *element, t texts) []string {
	var out []string
	seen := map[string]bool{}
	for _, kw := range ident.path(nsGMD, "descriptiveKeywords", nsGMD, "MD_Keywords", nsGMD, "keyword") {
		s := t.text(kw).Get(t.lang)
		s = strings.Join(strings.Fields(s), " ")
		if s == "" || seen[strings.ToLower(s)] {
			continue
		}
		seen[strings.ToLower(s)] = true
		out = append(out, s)
	}
	return out
}

// resourceIdentifiers returns the codes of the citation's identifiers
// other than the file identifier.
func resourceIdentifiers(cit *element, fileID string) []string {
	var out []string
	for _, idp := range cit.children(nsGMD, "identifier") {
		for _, k := range idp.kids {
			c := value(k.child(nsGMD, "code"))
			if c != "" && c != fileID && !contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// isoFrequencies maps ISO 19115 maintenance frequencies that
// dcat.FrequencyCode does not know to EU frequency codes.
var isoFrequencies = map[string]string{
	"continual": "UPDATE_CONT", "fortnightly": "BIWEEKLY", "biannually": "ANNUAL_2", "asneeded": "IRREG",
	"notplanned": "NEVER",
}

// frequency returns the EU frequency code of the resource's maintenance
// frequency, or "".
func frequency(ident *element) string {
	for _, f := range ident.path(nsGMD, "resourceMaintenance", nsGMD, "MD_MaintenanceInformation", nsGMD, "maintenanceAndUpdateFrequency") {
		c := code(f)
		if eu := isoFrequencies[strings.ToLower(c)]; eu != "" {
			return eu
		}
		if eu := dcat.FrequencyCode(c); eu != "" {
			return eu
		}
	}
	return ""
}

// conformsTo returns the specifications the record reports as passed
// (DQ_ConformanceResult with pass true) that name an IRI: the xlink:href
// of the specification's title anchor.
func conformsTo(md *element) []string {
	var out []string
	for _, res := range md.descendants(nsGMD, "DQ_ConformanceResult") {
		if !strings.EqualFold(value(res.child(nsGMD, "pass")), "true") {
			continue
		}
		spec := res.first(nsGMD, "specification", nsGMD, "CI_Citation", nsGMD, "title")
		if u := absoluteURL(href(spec)); u != "" && !contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
