package ckanapi

import (
	"cmp"
	"net/url"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// timeLayout is how CKAN writes times: UTC without zone, microseconds.
const timeLayout = "2006-01-02T15:04:05.000000"

// ckanTime formats t as CKAN does; "" for nil.
func ckanTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

// optTime is ckanTime as a pointer, nil for nil.
func optTime(t *time.Time) *string {
	if s := ckanTime(t); s != "" {
		return &s
	}
	return nil
}

// text returns t in German, else in another language (see municat.Text.Get).
func text(t municat.Text) string { return t.Get(municat.DefaultLanguage) }

// orgSet holds the organisations by id, for the organisation dicts.
type orgSet map[string]*municat.Organization

// pkg returns d as a CKAN package. d must be the public view of a
// published dataset.
func (a *api) pkg(d *municat.Dataset, orgs orgSet) Package {
	p := Package{
		ID:                     d.ID,
		Name:                   PackageName(d.ID),
		Title:                  text(d.Title),
		Notes:                  text(d.Description),
		State:                  "active",
		Type:                   "dataset",
		Version:                d.Version,
		MetadataCreated:        ckanTime(firstTime(d.Issued, d.Modified, d.Harvested)),
		MetadataModified:       ckanTime(firstTime(d.Modified, d.Issued, d.Harvested)),
		URL:                    cmp.Or(d.LandingPage, a.baseURL+"/dataset/"+url.PathEscape(d.ID)),
		Extras:                 a.extras(d, orgs[d.Organization]),
		Groups:                 []Group{},
		Tags:                   []Tag{},
		Resources:              []Resource{},
		RelationshipsAsObject:  []any{},
		RelationshipsAsSubject: []any{},
	}
	if len(d.Title) > 1 {
		p.TitleTranslated = translated(d.Title)
	}
	if len(d.Description) > 1 {
		p.NotesTranslated = translated(d.Description)
	}
	if d.Creator != nil {
		p.Author, p.AuthorEmail = text(d.Creator.Name), d.Creator.Email
	}
	if c := d.ContactPoint; c != nil {
		p.Maintainer, p.MaintainerEmail = c.Name, c.Email
	} else if d.Custodian != nil {
		p.Maintainer, p.MaintainerEmail = text(d.Custodian.Name), d.Custodian.Email
	}
	p.LicenseID, p.LicenseTitle, p.LicenseURL, p.IsOpen = licenseOf(d.License)
	if o := orgs[d.Organization]; o != nil {
		dict := orgDict(o)
		p.Organization = &dict
		p.OwnerOrg = &dict.ID
	}
	for _, k := range municat.Distinct(d.Keywords) {
		p.Tags = append(p.Tags, Tag{DisplayName: k, ID: k, Name: k, State: "active"})
	}
	for _, code := range d.Themes {
		if t, ok := municat.ThemeByCode(code); ok {
			p.Groups = append(p.Groups, themeGroup(t))
		}
	}
	for i := range d.Distributions {
		p.Resources = append(p.Resources, a.resource(d, &d.Distributions[i], i))
	}
	p.NumTags, p.NumResources = len(p.Tags), len(p.Resources)
	return p
}

// translated returns t as ckanext-fluent's language → text object.
func translated(t municat.Text) map[string]any {
	out := make(map[string]any, len(t))
	for lang, s := range t {
		if s != "" {
			out[lang] = s
		}
	}
	return out
}

// firstTime returns the first of ts that is set.
func firstTime(ts ...*time.Time) *time.Time {
	for _, t := range ts {
		if t != nil && !t.IsZero() {
			return t
		}
	}
	return nil
}

// licenseOf returns the CKAN licence fields of a dataset's licence: the id
// as the dataset gives it (so that fq=license_id:… finds it), and title,
// URL and openness from the DCAT-AP.de licence list where it is known.
func licenseOf(lic string) (id, title, link string, open bool) {
	if lic == "" {
		return "", "", "", false
	}
	if l, ok := dcat.LicenseFor(lic); ok {
		return lic, l.Name, l.Homepage, l.Open
	}
	return lic, lic, "", false
}

// themeGroup returns the group of an EU theme as a package lists it.
func themeGroup(t municat.Theme) Group {
	name := strings.ToLower(t.Code)
	title := text(t.Label)
	return Group{Description: t.Label.Get("en"), DisplayName: title, ID: name, Name: name, Title: title}
}

// orgDict returns the organisation dict of o as packages carry it.
func orgDict(o *municat.Organization) Organization {
	return Organization{
		ApprovalStatus: "approved",
		Description:    text(o.Description),
		ID:             o.ID,
		IsOrganization: true,
		Name:           o.ID,
		State:          "active",
		Title:          cmp.Or(o.Name, o.ID),
		Type:           "organization",
	}
}

// resource returns the i-th distribution of d as a CKAN resource.
func (a *api) resource(d *municat.Dataset, dist *municat.Distribution, i int) Resource {
	r := Resource{
		Created:            ckanTime(firstTime(dist.Issued, dist.Modified, d.Issued, d.Modified, d.Harvested)),
		Description:        text(dist.Description),
		Format:             dist.Format,
		ID:                 dist.ID,
		LastModified:       optTime(dist.Modified),
		Name:               cmp.Or(text(dist.Title), dist.Format),
		PackageID:          d.ID,
		Position:           i,
		State:              "active",
		URL:                dist.URL(),
		AccessURL:          dist.AccessURL,
		DownloadURL:        dist.DownloadURL,
		License:            dist.License,
		Issued:             ckanTime(dist.Issued),
		Modified:           ckanTime(dist.Modified),
		LicenseAttribution: dist.LicenseAttribution,
	}
	if dist.FileKey != "" {
		r.URL = a.baseURL + "/api/v1/datasets/" + url.PathEscape(d.ID) + "/distributions/" + url.PathEscape(dist.ID) + "/download"
		r.DownloadURL = r.URL
		if r.AccessURL == "" {
			r.AccessURL = r.URL
		}
		upload := "upload"
		r.URLType = &upload
	}
	if dist.MediaType != "" {
		mt := dist.MediaType
		r.Mimetype = &mt
	}
	if dist.ByteSize > 0 {
		n := dist.ByteSize
		r.Size = &n
	}
	if c := dist.Checksum; c != nil {
		r.Hash, r.HashAlgorithm = c.Value, c.Algorithm
	}
	if len(dist.Languages) > 0 {
		r.Language = jsonList(languageIRIs(dist.Languages))
	}
	if len(dist.ConformsTo) > 0 {
		r.ConformsTo = jsonList(dist.ConformsTo)
	}
	if dist.Status != "" {
		r.Status = dcat.DistributionStatuses.Base + dist.Status
	}
	if dist.Availability != "" {
		r.PlannedAvailability = dcat.PlannedAvailabilities.Base + dist.Availability
	}
	return r
}

// languageIRIs returns the EU language IRIs of ISO 639-1 codes (the code
// itself where there is none).
func languageIRIs(codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		out = append(out, cmp.Or(dcat.LanguageIRI(c), c))
	}
	return out
}
