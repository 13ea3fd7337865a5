package preview

import (
	"mime"
	"net/url"
	"path"
	"strings"
)

// The kinds of preview Kind returns.
const (
	// KindCSV is previewed with CSV.
	KindCSV = "csv"
	// KindXLSX is previewed with XLSX.
	KindXLSX = "xlsx"
	// KindGeoJSON is previewed with GeoJSON.
	KindGeoJSON = "geojson"
)

// Kind returns which preview fits a distribution: KindCSV, KindXLSX,
// KindGeoJSON, or "" if none does. It looks at the format first (an EU
// file-type code such as "CSV", "TSV", "XLSX", "XLSM", "GEOJSON", or its
// authority URI),
// then the media type (also as an IANA URI), then the extension of the file
// name or download URL. A plain "JSON" format or media type decides nothing
// by itself; a ".geojson" name then makes it GeoJSON.
func Kind(format, mediaType, name string) string {
	if k := kindOfFormat(format); k != "" {
		return k
	}
	if k := kindOfMediaType(mediaType); k != "" {
		return k
	}
	return kindOfName(name)
}

func kindOfFormat(format string) string {
	f := strings.ToUpper(strings.TrimSpace(format))
	if i := strings.LastIndexAny(f, "/#"); i >= 0 {
		f = f[i+1:] // http://publications.europa.eu/resource/authority/file-type/CSV
	}
	switch f {
	case "CSV", "TSV":
		return KindCSV
	case "XLSX", "XLSM":
		return KindXLSX
	case "GEOJSON":
		return KindGeoJSON
	}
	return ""
}

func kindOfMediaType(mediaType string) string {
	m := strings.ToLower(strings.TrimSpace(mediaType))
	if i := strings.Index(m, "/media-types/"); i >= 0 {
		m = m[i+len("/media-types/"):] // https://www.iana.org/assignments/media-types/text/csv
	}
	if t, _, err := mime.ParseMediaType(m); err == nil {
		m = t
	}
	switch m {
	case "text/csv", "application/csv", "text/comma-separated-values", "text/tab-separated-values":
		return KindCSV
	case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.ms-excel.sheet.macroenabled.12":
		return KindXLSX
	case "application/geo+json", "application/vnd.geo+json":
		return KindGeoJSON
	}
	return ""
}

func kindOfName(name string) string {
	name = strings.TrimSpace(name)
	if u, err := url.Parse(name); err == nil {
		name = u.Path // without query and fragment
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".csv", ".tsv":
		return KindCSV
	case ".xlsx", ".xlsm":
		return KindXLSX
	case ".geojson":
		return KindGeoJSON
	}
	return ""
}
