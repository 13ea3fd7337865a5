package ods

import (
	"net/url"
	"slices"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/jsonvalue"
)

// record maps one dataset of a response, read with jsonvalue.Parse (nil
// if it is no object). listed is false for a dataset whose visibility is
// "restricted": it is left out, so that a run (with an API key that can see
// it) withdraws it rather than publishing it.
func record(ds jsonvalue.Object, site string) (rec harvester.Record, listed bool) {
	d, remoteID, err := mapDataset(ds, site)
	rec = harvester.Record{RemoteID: remoteID, Dataset: d, Err: err}
	if remoteID != "" {
		rec.Link = landingPage(site, remoteID)
	}
	if strings.EqualFold(ds.Str("visibility"), "restricted") {
		return harvester.Record{RemoteID: remoteID}, false
	}
	return rec, true
}

// mapDataset maps one dataset of the Explore API (a result of
// /catalog/datasets or an entry of the JSON catalogue export, read with
// jsonvalue.Parse) to a dataset
// and returns it with its remote id, the dataset_id. site is the portal's
// root: the landing page is {site}/explore/dataset/{id}/ and the exports
// lie below {site}/api/explore/v2.1. It reads the default metadata template
// (metas.default) and, where present, the DCAT template (metas.dcat).
// Values that would make the dataset invalid (a malformed e-mail address,
// an impossible bounding box or period) are left out rather than losing the
// dataset. It returns an error only for a dataset that is no JSON object
// (nil) or has no dataset_id; it never panics.
func mapDataset(ds jsonvalue.Object, site string) (*municat.Dataset, string, error) {
	if ds == nil {
		return nil, "", municat.Errorf(municat.EINVALID, "Der Eintrag der Trefferliste ist kein JSON-Objekt und wurde übersprungen.")
	}
	id := ds.Str("dataset_id")
	if id == "" {
		return nil, "", municat.Errorf(municat.EINVALID, "Der Datensatz hat keine Kennung (dataset_id) und wurde übersprungen.")
	}
	metas := ds.Obj("metas")
	meta, dc := metas.Obj("default"), metas.Obj("dcat")
	lang := municat.DefaultLanguage
	langs := languages(meta)
	if len(langs) > 0 && len(langs[0]) == 2 {
		lang = langs[0]
	}
	landing := landingPage(site, id)
	keywords, themes := keywordsAndThemes(meta)
	d := &municat.Dataset{
		Identifier:    landing,
		Title:         newText(lang, meta.Str("title")),
		Description:   newText(lang, meta.Str("description")),
		Keywords:      keywords,
		Themes:        themes,
		Publisher:     agent(lang, meta.Str("publisher")),
		ContactPoint:  contact(dc),
		License:       license(meta),
		Spatial:       spatial(meta, dc),
		Temporal:      temporal(dc.Str("temporal")),
		Frequency:     dcat.FrequencyCode(dc.Str("accrualperiodicity")),
		Issued:        harvester.FirstTime(dc.Str("issued"), dc.Str("created")),
		Modified:      harvester.FirstTime(meta.Str("modified"), meta.Str("data_processed"), meta.Str("metadata_processed")),
		LandingPage:   landing,
		Languages:     langs,
		Creator:       agent(lang, dc.Str("creator")),
		Distributions: distributions(ds, meta, site, id, landing),
		RemoteID:      id,
	}
	if uid := ds.Str("dataset_uid"); uid != "" {
		d.OtherIdentifiers = []string{uid}
	}
	if d.Title.IsEmpty() {
		d.Title = newText(lang, id)
	}
	return d, id, nil
}

// landingPage returns the dataset's page on the portal, or "" if it would
// be no valid address.
func landingPage(site, id string) string {
	return absoluteURL(strings.TrimRight(site, "/") + "/explore/dataset/" + url.PathEscape(id) + "/")
}

// newText returns s in lang, or nil if s is empty.
func newText(lang, s string) municat.Text {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	return municat.Text{lang: s}
}

// languages returns municat's codes of the dataset's language
// (metas.default.language), once each.
func languages(meta jsonvalue.Object) []string {
	var out []string
	for _, v := range meta.Strings("language", true) {
		if c := dcat.LanguageCode(v); c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// keywordsAndThemes returns the keywords and the EU themes of the dataset.
// Opendatasoft's themes are the portal's own names ("Umwelt", "Verkehr",
// "Administration, Government, Public finances, Citizenship"): a name that
// dcat.ThemeCodes knows, as a whole or in one of its comma-separated parts,
// gives its EU themes; a name that gives none is kept as a keyword, so that
// it can still be searched for.
func keywordsAndThemes(meta jsonvalue.Object) (keywords, themes []string) {
	keywords = meta.Strings("keyword", true)
	for _, name := range meta.Strings("theme", false) {
		codes := dcat.ThemeCodes(name)
		if len(codes) == 0 {
			for part := range strings.SplitSeq(name, ",") {
				codes = append(codes, dcat.ThemeCodes(part)...)
			}
		}
		if len(codes) == 0 && !slices.Contains(keywords, name) {
			keywords = append(keywords, name)
		}
		for _, c := range codes {
			if !slices.Contains(themes, c) {
				themes = append(themes, c)
			}
		}
	}
	return keywords, themes
}

// agent returns a body named name, or nil if name is empty.
func agent(lang, name string) *municat.Agent {
	if t := newText(lang, name); t != nil {
		return &municat.Agent{Name: t}
	}
	return nil
}

// contact returns the DCAT template's contact point, or nil. A malformed
// e-mail address is left out.
func contact(dc jsonvalue.Object) *municat.Contact {
	c := &municat.Contact{Name: dc.Str("contact_name"), Email: municat.CleanEmail(dc.Str("contact_email"))}
	if *c == (municat.Contact{}) {
		return nil
	}
	return c
}

// license returns the licence: the DCAT-AP.de IRI of license_url or, failing
// that, of license (the name, e.g. "Datenlizenz Deutschland Namensnennung
// 2.0" or "CC BY 4.0"); else license_url as it is, else the name as it is.
func license(meta jsonvalue.Object) string {
	link, name := absoluteURL(meta.Str("license_url")), meta.Str("license")
	for _, v := range []string{link, name, strings.Join(strings.Fields(name), "-")} {
		if l, ok := dcat.LicenseFor(v); ok {
			return l.IRI
		}
	}
	if link != "" {
		return link
	}
	return name
}

// absoluteURL returns s if it is an absolute http(s) URL, else "". Spaces
// are encoded.
func absoluteURL(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "%20")
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return s
}
