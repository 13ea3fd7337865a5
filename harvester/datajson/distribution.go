package datajson

import (
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// formatNames maps format names ArcGIS Hub writes, which dcat.FormatCode
// does not know, to names it does.
var formatNames = map[string]string{
	"arcgis geoservices rest api": "Esri REST",
	"web page":                    "HTML",
}

// maxFormat caps an unknown format name kept as it is.
const maxFormat = 60

// distributions maps the distributions of a dataset: null, one object or a
// list. A distribution without a usable accessURL or downloadURL is left
// out, and so is a second one with the same addresses.
func (m *mapper) distributions(v any, lang string) []municat.Distribution {
	var out []municat.Distribution
	seen := map[string]bool{}
	for _, o := range objects(v) {
		d, ok := m.distribution(o, lang)
		if !ok || seen[d.ID] {
			continue
		}
		seen[d.ID] = true
		out = append(out, d)
	}
	return out
}

// distribution maps one DCAT-US distribution. Its id is a hash of its
// addresses, so that it stays the same across runs.
func (m *mapper) distribution(o object, lang string) (municat.Distribution, bool) {
	download := resolveURL(o.str("downloadURL"), m.base)
	access := resolveURL(o.str("accessURL"), m.base)
	if access == "" {
		access = download
	}
	if access == "" {
		return municat.Distribution{}, false
	}
	mediaType := o.str("mediaType")
	format := formatCode(o.str("format"), mediaType)
	mt := dcat.MediaTypeFromIRI(mediaType)
	if mt == "" {
		mt = dcat.MediaTypeOf(format)
	}
	return municat.Distribution{
		ID:          municat.DistributionID("", access+" "+download),
		Title:       newText(lang, plainText(o.str("title"))),
		Description: newText(lang, markdown(o.str("description"))),
		AccessURL:   access,
		DownloadURL: download,
		Format:      format,
		MediaType:   mt,
		ConformsTo:  absoluteURLs(o.strs("conformsTo")),
	}, true
}

// formatCode returns the EU file-type code of a distribution: of its
// format if that is a known one, else of its media type, else its format
// upper-cased as dcat.FormatCode keeps unknown ones.
func formatCode(format, mediaType string) string {
	format = plainText(format)
	if alias, ok := formatNames[strings.ToLower(format)]; ok {
		format = alias
	}
	code, known := dcat.FormatCode(format)
	if known {
		return code
	}
	if c, ok := dcat.FormatCode(mediaType); ok {
		return c
	}
	return municat.Shorten(code, maxFormat)
}
