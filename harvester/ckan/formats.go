package ckan

import (
	"strings"
)

// formatAliases maps what CKAN publishers write as a resource's format (in
// upper case) to the code of the EU file-type vocabulary. Formats not listed
// are kept upper-cased as written; the DCAT layer decides what to do with
// them.
var formatAliases = map[string]string{
	"CSV": "CSV", "TSV": "TSV", "TXT": "TXT", "TEXT": "TXT",
	"JSON": "JSON", "GEOJSON": "GEOJSON", "GEO+JSON": "GEOJSON",
	"XLS": "XLS", "XLSX": "XLSX", "ODS": "ODS", "EXCEL": "XLS",
	"XML": "XML", "PDF": "PDF", "ZIP": "ZIP", "GZ": "GZIP", "GZIP": "GZIP", "TAR": "TAR", "7Z": "7Z",
	"HTML": "HTML", "HTM": "HTML", "XHTML": "XHTML",
	"DOC": "DOC", "DOCX": "DOCX", "ODT": "ODT", "RTF": "RTF",
	"SHP": "SHP", "SHAPE": "SHP", "SHAPEFILE": "SHP", "ESRI SHAPEFILE": "SHP",
	"KML": "KML", "KMZ": "KMZ", "GML": "GML", "GPKG": "GPKG", "GEOPACKAGE": "GPKG", "GPX": "GPX",
	"WMS": "WMS_SRVC", "WFS": "WFS_SRVC", "WMTS": "WMTS_SRVC", "WCS": "WCS_SRVC",
	"WMS_SRVC": "WMS_SRVC", "WFS_SRVC": "WFS_SRVC", "WMTS_SRVC": "WMTS_SRVC", "WCS_SRVC": "WCS_SRVC",
	"RDF": "RDF", "RDF/XML": "RDF_XML", "RDF_XML": "RDF_XML", "TTL": "RDF_TURTLE", "TURTLE": "RDF_TURTLE",
	"RDF_TURTLE": "RDF_TURTLE", "JSON-LD": "JSON_LD", "JSONLD": "JSON_LD", "JSON_LD": "JSON_LD",
	"PNG": "PNG", "JPG": "JPEG", "JPEG": "JPEG", "GIF": "GIF", "TIF": "TIFF", "TIFF": "TIFF", "GEOTIFF": "TIFF",
	"PARQUET": "PARQUET", "GTFS": "GTFS", "ATOM": "ATOM", "RSS": "RSS", "NETCDF": "NETCDF", "NC": "NETCDF",
}

// mediaFormats maps IANA media types to file-type codes, to name the format
// of a resource that gives only its media type, or gives a media type as its
// format.
var mediaFormats = map[string]string{
	"text/csv":                  "CSV",
	"text/tab-separated-values": "TSV",
	"text/plain":                "TXT",
	"text/html":                 "HTML",
	"application/json":          "JSON",
	"application/geo+json":      "GEOJSON",
	"application/vnd.geo+json":  "GEOJSON",
	"application/xml":           "XML",
	"text/xml":                  "XML",
	"application/pdf":           "PDF",
	"application/zip":           "ZIP",
	"application/gzip":          "GZIP",
	"application/vnd.ms-excel":  "XLS",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
	"application/vnd.oasis.opendocument.spreadsheet":                    "ODS",
	"application/vnd.google-earth.kml+xml":                              "KML",
	"application/vnd.google-earth.kmz":                                  "KMZ",
	"application/gml+xml":                                               "GML",
	"application/geopackage+sqlite3":                                    "GPKG",
	"application/rdf+xml":                                               "RDF_XML",
	"text/turtle":                                                       "RDF_TURTLE",
	"application/ld+json":                                               "JSON_LD",
	"image/png":                                                         "PNG",
	"image/jpeg":                                                        "JPEG",
	"image/tiff":                                                        "TIFF",
}

// fileFormats are the formats whose URL is a file to download, not a web
// page or a service.
var fileFormats = map[string]bool{
	"CSV": true, "TSV": true, "TXT": true, "JSON": true, "GEOJSON": true,
	"XLS": true, "XLSX": true, "ODS": true, "XML": true, "PDF": true,
	"ZIP": true, "GZIP": true, "TAR": true, "7Z": true,
	"DOC": true, "DOCX": true, "ODT": true, "RTF": true,
	"SHP": true, "KML": true, "KMZ": true, "GML": true, "GPKG": true, "GPX": true,
	"RDF": true, "RDF_XML": true, "RDF_TURTLE": true, "JSON_LD": true,
	"PNG": true, "JPEG": true, "GIF": true, "TIFF": true,
	"PARQUET": true, "GTFS": true, "NETCDF": true,
}

// normalizeFormat returns the file-type code for a resource's format:
// "csv" → "CSV", ".geojson" → "GEOJSON", "WMS" → "WMS_SRVC",
// "text/csv" → "CSV", an EU file-type IRI → its code; anything else
// upper-cased with its spaces collapsed.
func normalizeFormat(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if strings.Contains(s, "://") {
		s = s[strings.LastIndexAny(s, "/#")+1:]
	}
	if f := mediaFormats[mediaType(s)]; f != "" {
		return f
	}
	s = strings.ToUpper(strings.Join(strings.Fields(strings.TrimPrefix(s, ".")), " "))
	if f, ok := formatAliases[s]; ok {
		return f
	}
	if len(s) > 64 {
		return ""
	}
	return s
}

// mediaType returns s as a lower-case media type without parameters, or ""
// if it is none.
func mediaType(s string) string {
	s, _, _ = strings.Cut(s, ";")
	s = strings.ToLower(strings.TrimSpace(s))
	typ, sub, ok := strings.Cut(s, "/")
	if !ok || !isToken(typ) || !isToken(sub) {
		return ""
	}
	return s
}

// isToken reports whether s is a non-empty media-type token.
func isToken(s string) bool {
	if s == "" || len(s) > 127 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&-^_.+", c) >= 0) {
			return false
		}
	}
	return true
}

// formatOfMediaType returns the file-type code of a media type, or "".
func formatOfMediaType(m string) string { return mediaFormats[m] }

// isFileFormat reports whether a resource of format f is a file to
// download.
func isFileFormat(f string) bool { return fileFormats[f] }
