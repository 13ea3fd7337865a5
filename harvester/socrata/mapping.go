package socrata

import (
	"cmp"
	"encoding/json"
	"net/url"
	"sort"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/jsonvalue"
)

// mapper maps the results of one portal's listing.
type mapper struct {
	domain string          // the portal's domain, for results that name none
	lang   string          // the language of the texts
	types  map[string]bool // the asset types asked for
}

// newMapper returns a mapper for a portal's domain, a language option and
// the asset types asked for (the "only" option).
func newMapper(domain, lang, only string) *mapper {
	m := &mapper{domain: domain, lang: municat.DefaultLanguage, types: map[string]bool{}}
	if code := dcat.LanguageCode(lang); len(code) == 2 {
		m.lang = code
	}
	for _, t := range strings.Split(only, ",") {
		if t = assetType(t); t != "" {
			m.types[t] = true
		}
	}
	return m
}

// assetType returns the singular, lower-case form of an asset type
// ("datasets" → "dataset", "stories" → "story").
func assetType(t string) string {
	t = strings.ToLower(strings.TrimSpace(t))
	if t == "stories" {
		return "story"
	}
	return strings.TrimSuffix(t, "s")
}

// record maps one result of the listing. listed is false for an asset of a
// type not asked for: it is left out, so that a complete run withdraws it.
// Link is the asset's permalink.
func (m *mapper) record(raw json.RawMessage) (rec harvester.Record, listed bool) {
	o := object(jsonvalue.DecodeObject(raw))
	res := o.obj("resource")
	if res == nil {
		return harvester.Record{Err: municat.Errorf(municat.EINVALID, "Ein Eintrag der Trefferliste ist kein Socrata-Datensatz (resource fehlt) und wurde übersprungen.")}, true
	}
	id := res.str("id")
	if id == "" {
		return harvester.Record{Err: municat.Errorf(municat.EINVALID, "Der Datensatz %q hat keine Kennung (resource.id) und wurde übersprungen.", municat.Shorten(res.str("name"), 100))}, true
	}
	if t := assetType(res.str("type")); t != "" && !m.types[t] {
		return harvester.Record{RemoteID: id}, false
	}
	a := &asset{o: o, res: res, id: id, domain: m.domainOf(o)}
	d, err := m.dataset(a)
	return harvester.Record{RemoteID: id, Dataset: d, Err: err, Link: a.permalink()}, true
}

// domainOf returns the result's domain (metadata.domain), or the portal's
// when it names none or one that is no host name.
func (m *mapper) domainOf(o object) string {
	d := strings.ToLower(o.obj("metadata").str("domain"))
	if d == "" || strings.ContainsAny(d, "/?#@ \\") || absoluteURL("https://"+d) == "" {
		return m.domain
	}
	return d
}

// asset is one result of the listing.
type asset struct {
	o, res object
	id     string
	domain string
}

// url returns https://{domain}{path} with the asset's id escaped into path.
func (a *asset) url(path string) string {
	return absoluteURL("https://" + a.domain + strings.ReplaceAll(path, "{id}", url.PathEscape(a.id)))
}

// permalink returns the asset's page: permalink, else link, else
// https://{domain}/d/{id}.
func (a *asset) permalink() string {
	return cmp.Or(absoluteURL(a.o.str("permalink")), absoluteURL(a.o.str("link")), a.url("/d/{id}"))
}

// dataset maps the asset. It returns an error only for an asset without a
// name.
func (m *mapper) dataset(a *asset) (*municat.Dataset, error) {
	res, class := a.res, a.o.obj("classification")
	meta := class.meta()
	keywords, themes := classify(class)
	d := &municat.Dataset{
		// Socrata's own data.json gives https://{domain}/api/views/{id}
		// as identifier: the asset keeps its dct:identifier whichever way
		// it is harvested.
		Identifier:    cmp.Or(a.url("/api/views/{id}"), a.id),
		Title:         newText(m.lang, oneLine(res.str("name"))),
		Description:   newText(m.lang, description(res.str("description"))),
		Keywords:      keywords,
		Themes:        themes,
		Publisher:     agent(m.lang, cmp.Or(metaFields(meta, "Publisher")...), res.str("attribution"), a.o.obj("owner").str("display_name")),
		ContactPoint:  contact(meta),
		License:       license(a.o.obj("metadata").str("license"), meta["Common-Core_License"]),
		AccessRights:  municat.AccessPublic,
		Frequency:     frequency(meta),
		Issued:        harvester.FirstTime(res.str("createdAt"), res.str("publication_date")),
		Modified:      harvester.FirstTime(res.str("updatedAt"), res.str("data_updated_at"), res.str("metadata_updated_at")),
		LandingPage:   a.permalink(),
		Distributions: distributions(a),
		RemoteID:      a.id,
	}
	if d.Title.IsEmpty() {
		return nil, municat.Errorf(municat.EINVALID, "Der Datensatz %q hat keinen Namen (resource.name) und wurde übersprungen.", municat.Shorten(a.id, 100))
	}
	return d, nil
}

// classify returns the keywords and EU themes of an asset: tags and
// domain_tags are keywords; the Socrata categories and the portal's own
// category become themes where they name one (see themesOf), and keywords
// where they do not.
func classify(class object) (keywords, themes []string) {
	cats := append(class.strs("categories"), class.strs("domain_category")...)
	themes, rest := themesOf(cats)
	for _, k := range append(append(class.strs("tags"), class.strs("domain_tags")...), rest...) {
		if k = oneLine(k); k != "" {
			keywords = append(keywords, k)
		}
	}
	return harvester.Unique(keywords), themes
}

// agent returns the first name as an agent, or nil.
func agent(lang string, names ...string) *municat.Agent {
	if name := oneLine(cmp.Or(names...)); name != "" {
		return &municat.Agent{Name: newText(lang, name)}
	}
	return nil
}

// contact reads the contact of Socrata's "Common Core" (DCAT-US) metadata
// fieldset.
func contact(meta map[string]string) *municat.Contact {
	c := &municat.Contact{Name: oneLine(meta["Common-Core_Contact-Name"]), Email: municat.CleanEmail(meta["Common-Core_Contact-Email"])}
	if *c == (municat.Contact{}) {
		return nil
	}
	return c
}

// metaFields returns the values of a portal's metadata fields named name:
// that of Socrata's "Common Core" (DCAT-US) fieldset, Common-Core_{name},
// first, then those of any other fieldset whose field name ends in name
// ("Additional-Metadata_Publisher", "Update_Update-Frequency"), in the
// order of their keys.
func metaFields(meta map[string]string, name string) []string {
	var keys []string
	for k := range meta {
		if k != "Common-Core_"+name && strings.HasSuffix(strings.ToLower(k), strings.ToLower(name)) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	keys = append([]string{"Common-Core_" + name}, keys...)
	var out []string
	for _, k := range keys {
		if v := oneLine(meta[k]); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// frequency returns the EU frequency code of the first metadata field
// about the update frequency that names one ("Annually", "Daily").
func frequency(meta map[string]string) string {
	for _, v := range metaFields(meta, "Frequency") {
		if c := dcat.FrequencyCode(v); c != "" {
			return c
		}
	}
	return ""
}

// newText returns s in lang, or nil if s is empty.
func newText(lang, s string) municat.Text {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	return municat.Text{lang: s}
}

// oneLine collapses white space to single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// description normalises the line endings of a description. Socrata
// descriptions are plain text, which reads as Markdown.
func description(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"))
}

// absoluteURL returns s if it is an absolute http(s) URL, else "".
func absoluteURL(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(s, " \t\n") {
		return ""
	}
	return s
}
