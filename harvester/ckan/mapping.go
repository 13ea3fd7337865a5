package ckan

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// props reads the DCAT and OGD properties of a package: a top-level field
// of that name (as ckanext-dcat's schemas write them) or else an extra (as
// GovData's OGD and DCAT-AP.de profiles write them).
type props struct {
	pkg    object
	extras object
}

func newProps(pkg object) props {
	p := props{pkg: pkg, extras: object{}}
	if list, ok := pkg.array("extras"); ok {
		for _, raw := range list {
			if e := parseObject(raw); e != nil {
				if k := e.str("key"); k != "" {
					p.extras[k] = e["value"]
				}
			}
		}
	} else if o := pkg.obj("extras"); o != nil {
		p.extras = o
	}
	return p
}

// raw returns the property's value; nil if it is missing or empty.
func (p props) raw(key string) json.RawMessage {
	if text(p.pkg[key]) != "" {
		return p.pkg[key]
	}
	if text(p.extras[key]) != "" {
		return p.extras[key]
	}
	return nil
}

func (p props) str(key string) string { return object{"v": p.raw(key)}.str("v") }

func (p props) obj(key string) object { return object{"v": p.raw(key)}.obj("v") }

func (p props) strings(key string, split bool) []string { return stringList(p.raw(key), split) }

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
	pkg := parseObject(raw)
	if pkg == nil {
		return nil, "", municat.Errorf(municat.EINVALID, "Der Eintrag der Trefferliste ist kein JSON-Objekt und wurde übersprungen.")
	}
	remoteID := first(pkg.str("id"), pkg.str("name"))
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
		Identifier:    first(p.str("identifier"), pkg.str("id"), pkg.str("name")),
		Title:         translated(pkg.obj("title_translated"), lang, pkg.str("title")),
		Description:   translated(pkg.obj("notes_translated"), lang, pkg.str("notes")),
		Keywords:      keywords(pkg),
		Themes:        themes(pkg, p),
		Publisher:     publisher(pkg, p, lang),
		ContactPoint:  contact(pkg, p),
		License:       license(pkg, p),
		AccessRights:  accessRights(p.str("access_rights")),
		Spatial:       spatial(p),
		Temporal:      temporal(p),
		Frequency:     frequency(first(p.str("frequency"), p.str("accrual_periodicity"))),
		Issued:        harvester.FirstTime(p.str("issued"), pkg.str("metadata_created")),
		Modified:      harvester.FirstTime(p.str("modified"), pkg.str("metadata_modified")),
		LandingPage:   landingPage(pkg, site),
		ConformsTo:    absoluteURLs(p.strings("conforms_to", false)),
		Languages:     langs,
		Distributions: distributions(pkg, site, lang),
		RemoteID:      remoteID,
	}
	if d.Title.IsEmpty() {
		d.Title = newText(lang, pkg.str("name"))
	}
	if d.Title.IsEmpty() {
		return nil, remoteID, municat.Errorf(municat.EINVALID, "Der Datensatz hat weder Titel noch Namen und wurde übersprungen.")
	}
	return d, remoteID, nil
}

// isPublic reports whether a package of a search result is public and
// active; private, draft and deleted packages count as gone.
func isPublic(raw json.RawMessage) bool {
	pkg := parseObject(raw)
	if private, _ := pkg.boolean("private"); private {
		return false
	}
	switch strings.ToLower(pkg.str("state")) {
	case "", "active":
		return true
	}
	return false
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

// newText returns s in lang, or nil if s is empty.
func newText(lang, s string) municat.Text {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	return municat.Text{lang: s}
}

// translated reads a ckanext-fluent object (language → text) and adds
// fallback in lang unless that language has a text already.
func translated(o object, lang, fallback string) municat.Text {
	t := municat.Text{}
	for k := range o {
		if code := langCode(k); code != "" {
			if s := o.str(k); s != "" {
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
func keywords(pkg object) []string {
	list, _ := pkg.array("tags")
	var out []string
	seen := map[string]bool{}
	for _, raw := range list {
		name := strings.TrimSpace(text(raw))
		if tag := parseObject(raw); tag != nil {
			name = first(tag.str("name"), tag.str("display_name"))
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
func publisher(pkg object, p props, lang string) *municat.Agent {
	var name, addr string
	org := pkg.obj("organization")
	orgName := first(org.str("title"), org.str("display_name"), org.str("name"))
	switch {
	case p.str("publisher_name") != "":
		name, addr = p.str("publisher_name"), p.str("publisher_email")
	case orgName != "":
		name, addr = orgName, p.str("publisher_email")
	case pkg.str("author") != "":
		name, addr = pkg.str("author"), pkg.str("author_email")
	default:
		name, addr = pkg.str("maintainer"), pkg.str("maintainer_email")
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
func contact(pkg object, p props) *municat.Contact {
	c := &municat.Contact{
		Name:  first(p.str("contact_name"), pkg.str("maintainer"), pkg.str("author")),
		Email: first(email(p.str("contact_email")), email(pkg.str("maintainer_email")), email(pkg.str("author_email"))),
		URL:   first(absoluteURL(p.str("contact_url")), absoluteURL(p.str("contact_uri"))),
	}
	if *c == (municat.Contact{}) {
		return nil
	}
	return c
}

// license returns the licence as the source names it: its id, else its URL,
// else the OGD terms_of_use extra, else a DCAT license property.
func license(pkg object, p props) string {
	tou := p.obj("terms_of_use")
	return first(pkg.str("license_id"), absoluteURL(pkg.str("license_url")),
		tou.str("license_id"), absoluteURL(tou.str("license_url")), p.str("license"))
}

// landingPage returns the package's url if it is a web address, else its
// page on the portal.
func landingPage(pkg object, site string) string {
	if u := absoluteURL(pkg.str("url")); u != "" {
		return u
	}
	name := first(pkg.str("name"), pkg.str("id"))
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
