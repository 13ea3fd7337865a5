package ckan

import (
	"cmp"
	"encoding/json"
	"net/url"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/jsonvalue"
)

// props reads the DCAT and OGD properties of a package: a top-level field
// of that name (as ckanext-dcat's schemas write them) or else an extra (as
// GovData's OGD and DCAT-AP.de profiles write them).
type props struct {
	pkg    jsonvalue.Object
	extras jsonvalue.Object
}

func newProps(pkg jsonvalue.Object) props {
	p := props{pkg: pkg, extras: jsonvalue.Object{}}
	if list, ok := pkg.Array("extras"); ok {
		for _, raw := range list {
			if e := jsonvalue.Parse(raw); e != nil {
				if k := e.Text("key"); k != "" {
					p.extras[k] = e["value"]
				}
			}
		}
	} else if o := pkg.ObjText("extras"); o != nil {
		p.extras = o
	}
	return p
}

// raw returns the property's value; nil if it is missing or empty.
func (p props) raw(key string) json.RawMessage {
	if jsonvalue.Text(p.pkg[key]) != "" {
		return p.pkg[key]
	}
	if jsonvalue.Text(p.extras[key]) != "" {
		return p.extras[key]
	}
	return nil
}

// str returns the property as trimmed text (see jsonvalue.Text).
func (p props) str(key string) string { return strings.TrimSpace(jsonvalue.Text(p.raw(key))) }

// obj returns the property as an object (see jsonvalue.ParseText).
func (p props) obj(key string) jsonvalue.Object { return jsonvalue.ParseText(p.raw(key)) }

// strings returns the property as a list of strings (see jsonvalue.TextList).
func (p props) strings(key string, split bool) []string { return jsonvalue.TextList(p.raw(key), split) }

// mapPackage maps one CKAN package (package_show's result or one of
// package_search's results) to a dataset and returns it with the package's
// remote id. site is the portal's root URL: relative resource URLs are
// resolved against it, and a package without a URL gets
// {site}/dataset/{name} as its landing page. Values that would make the
// dataset invalid (a malformed e-mail address or URL, an impossible bounding
// box or period) are left out rather than losing the dataset. It returns an
// error only for a package that is no JSON object or has no id, name or
// title; it never panics.
func mapPackage(raw json.RawMessage, site string) (*municat.Dataset, string, error) {
	pkg := jsonvalue.Parse(raw)
	if pkg == nil {
		return nil, "", municat.Errorf(municat.EINVALID, "Der Eintrag der Trefferliste ist kein JSON-Objekt und wurde übersprungen.")
	}
	remoteID := cmp.Or(pkg.Text("id"), pkg.Text("name"))
	if remoteID == "" {
		return nil, "", municat.Errorf(municat.EINVALID, "Der Datensatz hat weder id noch name und wurde übersprungen.")
	}
	p := newProps(pkg)
	langs := languages(p.raw("language"))
	lang := municat.DefaultLanguage
	if len(langs) > 0 {
		lang = langs[0]
	}
	d := &municat.Dataset{
		Identifier:    cmp.Or(p.str("identifier"), pkg.Text("id"), pkg.Text("name")),
		Title:         translated(pkg.ObjText("title_translated"), lang, pkg.Text("title")),
		Description:   translated(pkg.ObjText("notes_translated"), lang, pkg.Text("notes")),
		Keywords:      keywords(pkg),
		Themes:        themes(pkg, p),
		Publisher:     publisher(pkg, p, lang),
		ContactPoint:  contact(pkg, p),
		License:       license(pkg, p),
		AccessRights:  accessRights(p.str("access_rights")),
		Spatial:       spatial(p),
		Temporal:      temporal(p),
		Frequency:     frequency(cmp.Or(p.str("frequency"), p.str("accrual_periodicity"))),
		Issued:        harvester.FirstTime(p.str("issued"), pkg.Text("metadata_created")),
		Modified:      harvester.FirstTime(p.str("modified"), pkg.Text("metadata_modified")),
		LandingPage:   landingPage(pkg, site),
		ConformsTo:    absoluteURLs(p.strings("conforms_to", false)),
		Languages:     langs,
		Distributions: distributions(pkg, site, lang),
		RemoteID:      remoteID,
	}
	if d.Title.IsEmpty() {
		d.Title = newText(lang, pkg.Text("name"))
	}
	if d.Title.IsEmpty() {
		return nil, remoteID, municat.Errorf(municat.EINVALID, "Der Datensatz hat weder Titel noch Namen und wurde übersprungen.")
	}
	return d, remoteID, nil
}

// isPublic reports whether a package of a search result is public and
// active; private, draft and deleted packages count as gone.
func isPublic(raw json.RawMessage) bool {
	pkg := jsonvalue.Parse(raw)
	if private, _ := pkg.Bool("private"); private {
		return false
	}
	switch strings.ToLower(pkg.Text("state")) {
	case "", "active":
		return true
	}
	return false
}

// newText returns s in lang, or nil if s is empty.
func newText(lang, s string) municat.Text {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	return municat.Text{lang: s}
}

// translated reads a ckanext-fluent object (language → text) and adds
// fallback in lang unless that language has a text already.
func translated(o jsonvalue.Object, lang, fallback string) municat.Text {
	t := municat.Text{}
	for k := range o {
		if code := langCode(k); code != "" {
			if s := o.Text(k); s != "" {
				t[code] = s
			}
		}
	}
	if fallback != "" && t[lang] == "" {
		t[lang] = fallback
	}
	if len(t) == 0 {
		return nil
	}
	return t
}

// keywords returns the tag names, once each.
func keywords(pkg jsonvalue.Object) []string {
	list, _ := pkg.Array("tags")
	var out []string
	seen := map[string]bool{}
	for _, raw := range list {
		name := strings.TrimSpace(jsonvalue.Text(raw))
		if tag := jsonvalue.Parse(raw); tag != nil {
			name = cmp.Or(tag.Text("name"), tag.Text("display_name"))
		}
		if name != "" && !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

// publisher returns the publishing body: the DCAT publisher properties, else
// the organisation, else the author, else the maintainer (GovData's OGD
// packages have no organisation).
func publisher(pkg jsonvalue.Object, p props, lang string) *municat.Agent {
	var name, addr string
	org := pkg.ObjText("organization")
	orgName := cmp.Or(org.Text("title"), org.Text("display_name"), org.Text("name"))
	switch {
	case p.str("publisher_name") != "":
		name, addr = p.str("publisher_name"), p.str("publisher_email")
	case orgName != "":
		name, addr = orgName, p.str("publisher_email")
	case pkg.Text("author") != "":
		name, addr = pkg.Text("author"), pkg.Text("author_email")
	default:
		name, addr = pkg.Text("maintainer"), pkg.Text("maintainer_email")
	}
	a := &municat.Agent{
		Name:     newText(lang, name),
		URI:      absoluteURL(p.str("publisher_uri")),
		Homepage: absoluteURL(p.str("publisher_url")),
		Email:    email(addr),
	}
	if a.Name.IsEmpty() && a.URI == "" {
		return nil
	}
	return a
}

// contact returns whom to ask: the DCAT contact properties, else the
// maintainer, else the author, field by field.
func contact(pkg jsonvalue.Object, p props) *municat.Contact {
	c := &municat.Contact{
		Name:  cmp.Or(p.str("contact_name"), pkg.Text("maintainer"), pkg.Text("author")),
		Email: cmp.Or(email(p.str("contact_email")), email(pkg.Text("maintainer_email")), email(pkg.Text("author_email"))),
		URL:   cmp.Or(absoluteURL(p.str("contact_url")), absoluteURL(p.str("contact_uri"))),
	}
	if *c == (municat.Contact{}) {
		return nil
	}
	return c
}

// license returns the licence as the source names it: its id, else its URL,
// else the OGD terms_of_use extra, else a DCAT license property.
func license(pkg jsonvalue.Object, p props) string {
	tou := p.obj("terms_of_use")
	return cmp.Or(pkg.Text("license_id"), absoluteURL(pkg.Text("license_url")),
		tou.Text("license_id"), absoluteURL(tou.Text("license_url")), p.str("license"))
}

// landingPage returns the package's url if it is a web address, else its
// page on the portal.
func landingPage(pkg jsonvalue.Object, site string) string {
	if u := absoluteURL(pkg.Text("url")); u != "" {
		return u
	}
	name := cmp.Or(pkg.Text("name"), pkg.Text("id"))
	if site == "" || name == "" {
		return ""
	}
	return absoluteURL(strings.TrimRight(site, "/") + "/dataset/" + url.PathEscape(name))
}

// email returns the address in s, or "" (see municat.CleanEmail).
func email(s string) string { return municat.CleanEmail(s) }

// absoluteURL returns s if it is an absolute http(s) URL, else "".
func absoluteURL(s string) string { return resolveURL(s, "") }

// absoluteURLs keeps the absolute http(s) URLs of list.
func absoluteURLs(list []string) []string {
	var out []string
	for _, s := range list {
		if u := absoluteURL(s); u != "" {
			out = append(out, u)
		}
	}
	return out
}

// resolveURL returns s as an absolute http(s) URL, or "" if it cannot be
// one. A valid absolute URL is returned unchanged. Spaces are encoded (one
// space in one URL once broke a whole catalogue export elsewhere), a
// leading "www." gets "http://", and a relative URL is resolved against
// base when base is not empty.
func resolveURL(s, base string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "%20")
	if s == "" {
		return ""
	}
	if len(s) > 4 && strings.EqualFold(s[:4], "www.") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	if !u.IsAbs() {
		if base == "" {
			return ""
		}
		b, err := url.Parse(base)
		if err != nil {
			return ""
		}
		u = b.ResolveReference(u)
		s = u.String()
		if u, err = url.Parse(s); err != nil {
			return ""
		}
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return s
}
