package publish

import (
	"bytes"
	"net/http"
	"path"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// sniffLen is how much of a file the sniffer looks at.
const sniffLen = 8 << 10

// kind is what a file's bytes must look like for its extension.
type kind int

const (
	kindText kind = iota // text: no NUL bytes, no markup a browser runs
	kindJSON             // text starting with { or [
	kindXML              // text without HTML or SVG in it
	kindZIP
	kindOLE // the container of old Office files (.xls, .doc)
	kindPDF
	kindGzip
	kindPNG
	kindJPEG
	kindGIF
	kindTIFF
	kindSQLite
)

// fileType is what municat accepts for one file extension.
type fileType struct {
	mediaType string
	format    string // EU file-type code
	kind      kind
	label     string // for messages: "CSV", "Excel"
}

// fileTypes maps the extensions municat accepts to what their content must
// be.
var fileTypes = map[string]fileType{
	".csv":     {"text/csv", "CSV", kindText, "CSV"},
	".tsv":     {"text/tab-separated-values", "TSV", kindText, "TSV"},
	".txt":     {"text/plain", "TXT", kindText, "Text"},
	".json":    {"application/json", "JSON", kindJSON, "JSON"},
	".geojson": {"application/geo+json", "GEOJSON", kindJSON, "GeoJSON"},
	".jsonld":  {"application/ld+json", "JSON_LD", kindJSON, "JSON-LD"},
	".xml":     {"application/xml", "XML", kindXML, "XML"},
	".gml":     {"application/gml+xml", "GML", kindXML, "GML"},
	".kml":     {"application/vnd.google-earth.kml+xml", "KML", kindXML, "KML"},
	".rdf":     {"application/rdf+xml", "RDF_XML", kindXML, "RDF/XML"},
	".ttl":     {"text/turtle", "RDF_TURTLE", kindText, "Turtle"},
	".nt":      {"application/n-triples", "RDF_N_TRIPLES", kindText, "N-Triples"},
	".xlsx":    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", kindZIP, "Excel (XLSX)"},
	".xls":     {"application/vnd.ms-excel", "XLS", kindOLE, "Excel (XLS)"},
	".ods":     {"application/vnd.oasis.opendocument.spreadsheet", "ODS", kindZIP, "OpenDocument-Tabellen (ODS)"},
	".odt":     {"application/vnd.oasis.opendocument.text", "ODT", kindZIP, "OpenDocument-Text (ODT)"},
	".docx":    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX", kindZIP, "Word (DOCX)"},
	".doc":     {"application/msword", "DOC", kindOLE, "Word (DOC)"},
	".kmz":     {"application/vnd.google-earth.kmz", "KMZ", kindZIP, "KMZ"},
	".zip":     {"application/zip", "ZIP", kindZIP, "ZIP"},
	".gz":      {"application/gzip", "GZIP", kindGzip, "GZIP"},
	".pdf":     {"application/pdf", "PDF", kindPDF, "PDF"},
	".png":     {"image/png", "PNG", kindPNG, "PNG"},
	".jpg":     {"image/jpeg", "JPEG", kindJPEG, "JPEG"},
	".jpeg":    {"image/jpeg", "JPEG", kindJPEG, "JPEG"},
	".gif":     {"image/gif", "GIF", kindGIF, "GIF"},
	".tif":     {"image/tiff", "TIFF", kindTIFF, "TIFF"},
	".tiff":    {"image/tiff", "TIFF", kindTIFF, "TIFF"},
	".gpkg":    {"application/geopackage+sqlite3", "GPKG", kindSQLite, "GeoPackage"},
}

// magics are the first bytes of the binary kinds.
var magics = map[kind][][]byte{
	kindZIP:    {[]byte("PK\x03\x04"), []byte("PK\x05\x06"), []byte("PK\x07\x08")},
	kindOLE:    {[]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")},
	kindPDF:    {[]byte("%PDF-")},
	kindGzip:   {[]byte("\x1F\x8B")},
	kindPNG:    {[]byte("\x89PNG\r\n\x1A\n")},
	kindJPEG:   {[]byte("\xFF\xD8\xFF")},
	kindGIF:    {[]byte("GIF87a"), []byte("GIF89a")},
	kindTIFF:   {[]byte("II*\x00"), []byte("MM\x00*")},
	kindSQLite: {[]byte("SQLite format 3\x00")},
}

// executableMagics start programs: Windows, Linux, macOS executables and
// scripts with an interpreter line.
var executableMagics = [][]byte{
	[]byte("MZ"), []byte("\x7FELF"), []byte("\xFE\xED\xFA\xCE"), []byte("\xFE\xED\xFA\xCF"),
	[]byte("\xCE\xFA\xED\xFE"), []byte("\xCF\xFA\xED\xFE"), []byte("#!"),
}

// refusedExtensions are programs, scripts and files a browser would run.
var refusedExtensions = map[string]string{
	".html": "html", ".htm": "html", ".xhtml": "html", ".xht": "html", ".shtml": "html", ".hta": "html",
	".svg": "svg", ".svgz": "svg",
	".exe": "exe", ".dll": "exe", ".com": "exe", ".bat": "exe", ".cmd": "exe", ".msi": "exe", ".scr": "exe",
	".ps1": "exe", ".vbs": "exe", ".js": "exe", ".mjs": "exe", ".jar": "exe", ".apk": "exe", ".app": "exe",
	".sh": "exe", ".php": "exe", ".swf": "exe", ".wasm": "exe",
}

// activeMarkup are signs of HTML or SVG, which a browser renders with their
// scripts even inside an XML file.
var activeMarkup = [][]byte{
	[]byte("http://www.w3.org/1999/xhtml"), []byte("http://www.w3.org/2000/svg"),
	[]byte("<svg"), []byte("<html"), []byte("<script"), []byte("<!doctype html"),
}

// sniff decides what the file named name, whose content begins with head
// (at most sniffLen bytes), is: its media type and EU file-type code
// (format may be "" for an unknown type). declared is the media type the
// client sent; it only helps when the name has no known extension. The
// content must fit the extension; programs, HTML and SVG are refused with
// an EINVALID error in German.
func sniff(name string, head []byte, declared string) (mediaType, format string, err error) {
	ext := strings.ToLower(path.Ext(name))
	if err := refusedName(name); err != nil {
		return "", "", err
	}
	detected := http.DetectContentType(head)
	if strings.HasPrefix(detected, "text/html") {
		return "", "", refusedHTML(name)
	}
	ft, known := fileTypes[ext]
	if !known {
		ft, known = typeOf(declared)
	}
	// Text that happens to begin like a program ("MZ;Anzahl") is still
	// text where text is expected.
	textual := known && ft.kind <= kindXML && isText(head, detected)
	for _, m := range executableMagics {
		if bytes.HasPrefix(head, m) && !textual {
			return "", "", refusedProgram(name)
		}
	}
	if !known {
		return unknownType(name, ext, head, detected)
	}
	if err := fits(name, ext, ft, head, detected); err != nil {
		return "", "", err
	}
	format = ft.format
	if ft.kind == kindZIP && strings.HasSuffix(strings.ToLower(name), ".shp.zip") {
		format = "SHP"
	}
	return ft.mediaType, format, nil
}

// refusedName returns an error for a name with an extension municat never
// accepts.
func refusedName(name string) error {
	ext := strings.ToLower(path.Ext(name))
	switch refusedExtensions[ext] {
	case "html":
		return refusedHTML(name)
	case "svg":
		return municat.Errorf(municat.EINVALID, "Die Datei „%s“ ist eine SVG-Grafik. SVG-Dateien können Skripte enthalten und werden nicht angenommen; speichern Sie die Grafik als PNG und laden Sie diese hoch.", name)
	case "exe":
		return refusedProgram(name)
	}
	if ext == ".shp" {
		return municat.Errorf(municat.EINVALID, "Die Datei „%s“ ist nur ein Teil eines Shapefiles. Packen Sie alle Teile (.shp, .shx, .dbf, .prj) in ein ZIP-Archiv und laden Sie dieses hoch.", name)
	}
	return nil
}

func refusedHTML(name string) error {
	return municat.Errorf(municat.EINVALID, "Die Datei „%s“ ist eine Webseite (HTML). Webseiten werden nicht angenommen, weil sie Skripte enthalten können; geben Sie stattdessen ihre Web-Adresse als Link an.", name)
}

func refusedProgram(name string) error {
	return municat.Errorf(municat.EINVALID, "Die Datei „%s“ ist ein Programm oder Skript. Solche Dateien werden nicht angenommen; laden Sie die Daten z. B. als CSV, Excel, JSON, PDF oder ZIP hoch.", name)
}

// typeOf returns the accepted type whose format a declared media type
// names.
func typeOf(declared string) (fileType, bool) {
	code, known := dcat.FormatCode(declared)
	if !known || declared == "" {
		return fileType{}, false
	}
	for _, ext := range []string{".csv", ".tsv", ".txt", ".json", ".geojson", ".xml", ".xlsx", ".xls", ".ods", ".zip", ".pdf", ".png", ".jpg"} {
		if fileTypes[ext].format == code {
			return fileTypes[ext], true
		}
	}
	return fileType{}, false
}

// fits returns an error unless head is what files of type ft begin with.
func fits(name, ext string, ft fileType, head []byte, detected string) error {
	if ext == "" {
		ext = "." + strings.ToLower(ft.format)
	}
	mismatch := municat.Errorf(municat.EINVALID, "Die Datei „%s“ ist keine %s-Datei, obwohl ihr Name auf %s endet. Prüfen Sie, ob Sie die richtige Datei gewählt haben, und speichern Sie sie im Format %s.", name, ft.label, ext, ft.label)
	switch ft.kind {
	case kindText, kindJSON, kindXML:
		if !isText(head, detected) {
			return mismatch
		}
		if ft.kind == kindJSON {
			if t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n"); len(t) > 0 && t[0] != '{' && t[0] != '[' {
				return municat.Errorf(municat.EINVALID, "Die Datei „%s“ ist kein gültiges %s: sie muss mit { oder [ beginnen. Prüfen Sie, ob Sie die richtige Datei gewählt haben.", name, ft.label)
			}
		}
		if ft.kind == kindXML && hasActiveMarkup(head) {
			return municat.Errorf(municat.EINVALID, "Die Datei „%s“ enthält HTML oder SVG, das ein Browser ausführen würde, und wird nicht angenommen. Laden Sie reine Daten hoch.", name)
		}
		return nil
	default:
		if !hasMagic(head, ft.kind) {
			return mismatch
		}
	}
	return nil
}

// isText reports whether head is text: no NUL bytes (unless it is UTF-16
// with a byte-order mark) and no binary type detected.
func isText(head []byte, detected string) bool {
	if bytes.HasPrefix(head, []byte("\xFF\xFE")) || bytes.HasPrefix(head, []byte("\xFE\xFF")) {
		return true
	}
	return bytes.IndexByte(head, 0) < 0 && strings.HasPrefix(detected, "text/")
}

// hasMagic reports whether head starts like files of kind k.
func hasMagic(head []byte, k kind) bool {
	for _, m := range magics[k] {
		if bytes.HasPrefix(head, m) {
			return true
		}
	}
	return false
}

// hasActiveMarkup reports whether head holds HTML or SVG markup.
func hasActiveMarkup(head []byte) bool {
	lower := bytes.ToLower(head)
	for _, m := range activeMarkup {
		if bytes.Contains(lower, m) {
			return true
		}
	}
	return false
}

// unknownType decides on a file whose extension municat does not know: it
// is kept as plain text or as an opaque download, never as a type a
// browser would render.
func unknownType(name, ext string, head []byte, detected string) (string, string, error) {
	format := ""
	if code, known := dcat.FormatCode(strings.TrimPrefix(ext, ".")); known && ext != "" {
		format = code
	}
	if hasActiveMarkup(head) {
		return "", "", refusedHTML(name)
	}
	mt, _, _ := strings.Cut(detected, ";")
	switch {
	case isText(head, detected) && mt == "text/plain":
		return "text/plain", format, nil
	case mt == "application/pdf" || mt == "application/zip" || mt == "application/x-gzip" ||
		mt == "image/png" || mt == "image/jpeg" || mt == "image/gif":
		if code, known := dcat.FormatCode(mt); known && format == "" {
			format = code
		}
		if mt == "application/x-gzip" {
			mt = "application/gzip"
		}
		return mt, format, nil
	}
	return "application/octet-stream", format, nil
}
