package dcat

import (
	"mime"
	"strings"
)

// MediaTypeBase is the namespace of IANA media type IRIs as DCAT-AP uses
// them for dcat:mediaType.
const MediaTypeBase = "https://www.iana.org/assignments/media-types/"

// formatAliases maps what publishers write as a format (upper-cased, white
// space collapsed) to EU file-type codes. It is a superset of the CKAN
// harvester's table. Codes of the EU table match themselves without being
// listed.
var formatAliases = map[string]string{
	"TEXT": "TXT", "GEO+JSON": "GEOJSON", "GEO JSON": "GEOJSON", "EXCEL": "XLS", "MS EXCEL": "XLS",
	"GZ": "GZIP", "HTM": "HTML", "WEBSITE": "HTML", "WEBSEITE": "HTML",
	"SHAPE": "SHP", "SHAPEFILE": "SHP", "ESRI SHAPEFILE": "SHP", "ESRI SHAPE": "SHP", "SHP (ZIP)": "SHP",
	"GEOPACKAGE": "GPKG", "WMS": "WMS_SRVC", "WFS": "WFS_SRVC", "WCS": "WCS_SRVC", "WMTS": "WMTS_SRVC",
	"OGC WMS": "WMS_SRVC", "OGC WFS": "WFS_SRVC", "WMS-DIENST": "WMS_SRVC", "WFS-DIENST": "WFS_SRVC",
	"ARCGIS MAP SERVICE": "MAP_SRVC", "ESRI REST": "MAP_SRVC",
	"RDF/XML": "RDF_XML", "TTL": "RDF_TURTLE", "TURTLE": "RDF_TURTLE", "NT": "RDF_N_TRIPLES",
	"N-TRIPLES": "RDF_N_TRIPLES", "JSON-LD": "JSON_LD", "JSONLD": "JSON_LD",
	"JPG": "JPEG", "TIF": "TIFF", "GEOTIFF": "TIFF", "NC": "NETCDF", "JP2": "JPEG2000",
	"XSLX": "XLSX", "OPENDOCUMENT SPREADSHEET": "ODS",
}

// formatMediaTypes maps EU file-type codes to their registered IANA media
// type. Codes without a registered type (SHP, services, 7Z, …) are absent.
var formatMediaTypes = map[string]string{
	"CSV": "text/csv", "TSV": "text/tab-separated-values", "TXT": "text/plain", "HTML": "text/html",
	"XHTML": "application/xhtml+xml", "JSON": "application/json", "GEOJSON": "application/geo+json",
	"XML": "application/xml", "PDF": "application/pdf", "ZIP": "application/zip", "GZIP": "application/gzip",
	"XLS": "application/vnd.ms-excel", "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"ODS": "application/vnd.oasis.opendocument.spreadsheet", "ODT": "application/vnd.oasis.opendocument.text",
	"DOC": "application/msword", "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"RTF": "application/rtf", "KML": "application/vnd.google-earth.kml+xml", "KMZ": "application/vnd.google-earth.kmz",
	"GML": "application/gml+xml", "GPKG": "application/geopackage+sqlite3", "RDF_XML": "application/rdf+xml",
	"RDF_TURTLE": "text/turtle", "JSON_LD": "application/ld+json", "RDF_N_TRIPLES": "application/n-triples",
	"N3": "text/n3", "PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "TIFF": "image/tiff",
	"SVG": "image/svg+xml", "JPEG2000": "image/jp2", "ATOM": "application/atom+xml", "SQL": "application/sql",
}

// mediaFormats maps media types, including common unregistered aliases,
// to file-type codes.
var mediaFormats = func() map[string]string {
	m := map[string]string{
		"application/csv": "CSV", "text/comma-separated-values": "CSV", "application/vnd.geo+json": "GEOJSON",
		"text/xml": "XML", "application/x-zip-compressed": "ZIP", "application/x-gzip": "GZIP",
		"application/x-tar": "TAR", "application/x-7z-compressed": "7Z", "application/x-shapefile": "SHP",
		"application/vnd.shp": "SHP", "application/x-netcdf": "NETCDF", "application/netcdf": "NETCDF",
		"application/rss+xml": "RSS", "application/excel": "XLS", "application/x-excel": "XLS",
	}
	for code, mt := range formatMediaTypes {
		m[mt] = code
	}
	return m
}()

// FormatCode returns the EU file-type code of a format as sources write
// it: a code ("CSV", "csv", ".geojson"), a common name ("Excel", "WMS",
// "Shapefile"), a media type ("text/csv", "application/geo+json") or an EU
// file-type IRI. known reports whether the code is in the EU table; an
// unknown value comes back upper-cased with its white space collapsed
// (and known false), as the CKAN harvester keeps it.
func FormatCode(s string) (code string, known bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	if rest, ok := cutBase(s, FileTypes.Base); ok {
		s = rest
	} else if rest, ok := cutBase(s, MediaTypeBase); ok {
		s = rest
	} else if strings.Contains(s, "://") {
		s = strings.TrimRight(s, "/")
		s = s[strings.LastIndexAny(s, "/#")+1:]
	}
	if c := mediaFormats[normMediaType(s)]; c != "" {
		return c, FileTypes.Has(c)
	}
	u := strings.ToUpper(strings.Join(strings.Fields(strings.TrimPrefix(s, ".")), " "))
	if c, ok := formatAliases[u]; ok {
		return c, FileTypes.Has(c)
	}
	if c, ok := FileTypes.Lookup(strings.ReplaceAll(u, "-", "_")); ok {
		return c.Code, true
	}
	return u, false
}

// MediaTypeOf returns the registered IANA media type of an EU file-type
// code, or "" if it has none.
func MediaTypeOf(code string) string { return formatMediaTypes[code] }

// MediaTypeIRI returns the IANA IRI of a media type ("text/csv" →
// https://www.iana.org/assignments/media-types/text/csv), or "" if mt is
// no valid media type.
func MediaTypeIRI(mt string) string {
	mt = normMediaType(mt)
	if !ValidMediaType(mt) {
		return ""
	}
	return MediaTypeBase + mt
}

// MediaTypeFromIRI returns the media type of an IANA media type IRI or of
// a media type literal ("text/csv; charset=utf-8" → "text/csv"), or "".
func MediaTypeFromIRI(s string) string {
	if rest, ok := cutBase(s, MediaTypeBase); ok {
		s = rest
	}
	mt := normMediaType(s)
	if !ValidMediaType(mt) {
		return ""
	}
	return mt
}

// ValidMediaType reports whether mt is a syntactically valid media type
// with one of the registered top-level types and no parameters.
func ValidMediaType(mt string) bool {
	typ, sub, ok := strings.Cut(mt, "/")
	if !ok || sub == "" || strings.ContainsAny(sub, "/;= \t") {
		return false
	}
	switch typ {
	case "application", "audio", "font", "example", "image", "message", "model", "multipart", "text", "video":
	default:
		return false
	}
	parsed, params, err := mime.ParseMediaType(mt)
	return err == nil && len(params) == 0 && parsed == mt
}

// normMediaType lower-cases a media type and drops its parameters.
func normMediaType(s string) string {
	s, _, _ = strings.Cut(s, ";")
	return strings.ToLower(strings.TrimSpace(s))
}
