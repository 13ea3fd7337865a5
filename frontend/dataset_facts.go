package frontend

import (
	"cmp"
	"context"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// licenseOf returns the licence id or IRI lic for people: the DCAT-AP.de
// list's name and page where it is listed, else the text itself (linked if
// it is a URL).
func licenseOf(lic string) *licenseView {
	if lic == "" {
		return nil
	}
	if l, ok := dcat.LicenseFor(lic); ok {
		return &licenseView{Name: l.Name, URL: safeURL(l.Homepage)}
	}
	return &licenseView{Name: lic, URL: safeURL(lic)}
}

// facts returns the metadata rows of d in display order.
func (f *frontend) facts(l *locale, d *municat.Dataset) []fact {
	var out []fact
	add := func(label, text string) {
		if strings.TrimSpace(text) != "" {
			out = append(out, fact{Label: l.MustT(label), Text: text})
		}
	}
	addLink := func(label, href string) {
		if u := safeURL(href); u != "" {
			out = append(out, fact{Label: l.MustT(label), Text: u, Href: u})
		}
	}
	addDate := func(label string, t *time.Time) {
		if t != nil && !t.IsZero() {
			out = append(out, fact{Label: l.MustT(label), Text: l.Date(*t), Time: t})
		}
	}
	if lic := licenseOf(d.License); lic != nil {
		out = append(out, fact{Label: l.MustT("meta.license"), Text: lic.Name, Href: lic.URL})
	}
	if d.AccessRights != "" {
		add("meta.access_rights", conceptLabel(l, dcat.AccessRights, d.AccessRights))
	}
	addDate("meta.modified", d.Modified)
	addDate("meta.issued", d.Issued)
	if d.Frequency != "" {
		add("meta.frequency", conceptLabel(l, dcat.Frequencies, d.Frequency))
	}
	if p := d.Temporal; p != nil && (p.Start != nil || p.End != nil) {
		from, to := "…", "…"
		if p.Start != nil {
			from = l.Date(*p.Start)
		}
		if p.End != nil {
			to = l.Date(*p.End)
		}
		add("meta.temporal", from+" – "+to)
	}
	var langs []string
	for _, code := range d.Languages {
		eu := strings.TrimPrefix(dcat.LanguageIRI(code), dcat.Languages.Base)
		langs = append(langs, conceptLabel(l, dcat.Languages, cmp.Or(eu, code)))
	}
	add("meta.languages", strings.Join(langs, ", "))
	add("meta.version", d.Version)
	addLink("meta.landing_page", d.LandingPage)
	for _, p := range d.Pages {
		addLink("meta.documentation", p)
	}
	for _, s := range d.ConformsTo {
		if u := safeURL(s); u != "" {
			addLink("meta.conforms_to", u)
		} else {
			add("meta.conforms_to", s)
		}
	}
	add("meta.identifier", d.Identifier)
	if d.Creator != nil {
		add("meta.creator", l.Pick(d.Creator.Name).Text)
	}
	if d.Custodian != nil {
		add("meta.custodian", l.Pick(d.Custodian.Name).Text)
	}
	if d.SourceID != "" {
		add("meta.source", d.SourceID)
	}
	return out
}

// alsoFrom returns a fact per other source the dataset is published
// through (the duplicates of it the harvest found), linking the dataset's
// page there if it has one.
func (f *frontend) alsoFrom(ctx context.Context, l *locale, d *municat.Dataset) []fact {
	if !d.Listed() {
		return nil
	}
	claims, err := f.cfg.Catalog.AlsoFrom(ctx, d)
	if err != nil {
		f.log.Warn("reading the other sources of a dataset failed", "dataset", d.ID, "err", err)
		return nil
	}
	var out []fact
	for _, cl := range claims {
		dup, err := f.cfg.Catalog.Dataset(ctx, cl.Dataset)
		if err != nil || dup.DuplicateOf != d.ID {
			continue
		}
		name := cl.Source
		if src, err := f.cfg.Catalog.Source(ctx, cl.Source); err == nil && src.Name != "" {
			name = src.Name
		}
		out = append(out, fact{Label: l.MustT("meta.also_from"), Text: name, Href: safeURL(dup.LandingPage)})
	}
	return out
}

// conceptLabel returns the label of code in vocabulary v in the locale's
// language, else code.
func conceptLabel(l *locale, v *dcat.Vocabulary, code string) string {
	if c, ok := v.Lookup(code); ok {
		if s := c.Label.Get(l.Lang); s != "" {
			return s
		}
	}
	return code
}

// citation returns a citation of d: publisher (year): title. Version.
// Portal URL, retrieved on today's date.
func (f *frontend) citation(l *locale, d *municat.Dataset) string {
	var b strings.Builder
	if p := d.PublisherName(); p != "" {
		b.WriteString(p)
	} else {
		b.WriteString(f.siteName(l))
	}
	if t := d.Issued; t != nil {
		b.WriteString(" (" + t.In(berlin).Format("2006") + ")")
	} else if t := d.Modified; t != nil {
		b.WriteString(" (" + t.In(berlin).Format("2006") + ")")
	}
	b.WriteString(": " + f.title(l, d).Text + ".")
	if d.Version != "" {
		b.WriteString(" " + l.MustT("dataset.cite_version", "Version", d.Version) + ".")
	}
	b.WriteString(" " + f.absolute(f.basePath+datasetPath(d.ID)))
	b.WriteString(" (" + l.MustT("dataset.cite_retrieved", "Date", l.Date(f.cfg.Now())) + ").")
	return b.String()
}
