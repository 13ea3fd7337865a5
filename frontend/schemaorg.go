package frontend

import (
	"html/template"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/frontend/schemaorg"
)

// schemaOrg returns the schema.org Dataset description of d for search
// engines (Google Dataset Search), as JSON safe to put into a
// <script type="application/ld+json"> element: the encoder escapes <, >
// and &. The element is data, not code, so the Content-Security-Policy
// (no inline scripts) does not apply to it.
func (f *frontend) schemaOrg(l *locale, d *municat.Dataset) (template.JS, error) {
	page := f.absolute(f.basePath + datasetPath(d.ID))
	b, err := schemaorg.Dataset(d, schemaorg.Options{
		PageURL:     page,
		CatalogName: f.siteName(l),
		CatalogURL:  f.absolute(f.basePath + "/"),
		Lang:        l.Lang,
		DownloadURL: func(dist *municat.Distribution) string {
			if dist.FileKey == "" {
				return ""
			}
			return f.absolute(f.downloadPath(d.ID, dist.ID))
		},
		LicenseURL: func(id string) (string, bool) {
			if lic, ok := dcat.LicenseFor(id); ok && lic.Homepage != "" {
				return lic.Homepage, true
			}
			return "", false
		},
		LicenseName: func(id string) string {
			if lic, ok := dcat.LicenseFor(id); ok {
				return lic.Name
			}
			return ""
		},
		MediaType: dcat.MediaTypeOf,
	})
	if err != nil {
		return "", err
	}
	return template.JS(b), nil
}
