package csw

import (
	"net/url"
	"path"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// link is one CI_OnlineResource of a record.
type link struct {
	url, protocol, function string
	name, description       municat.Text
}

// onlineResources returns the landing page and the distributions of a
// record: its transfer options' online resources and, for a service, the
// connect points of its operations. Each address becomes one
// distribution:
//   - a GetRecordById link to the record itself is left out (Record.Link
//     names it);
//   - an OGC service (by protocol, e.g. OGC:WMS, or by a service=WMS
//     parameter) gets the service format, e.g. WMS_SRVC, and only an
//     access URL;
//   - a page about the record (its address holds the file identifier and
//     it is a WWW:LINK or a catalogue page) becomes the landing page, the
//     first one only;
//   - a download (WWW:DOWNLOAD, function download, or a file name with a
//     known extension) gets download and access URL and the format of its
//     extension, else the record's one distribution format;
//   - anything else (WWW:LINK pages, unknown protocols) is a distribution
//     with an access URL and the format of its extension, if any.
func onlineResources(md, ident *element, fileID string, t texts) (landing string, dists []municat.Distribution) {
	var links []link
	for _, or := range md.path(nsGMD, "distributionInfo", nsGMD, "MD_Distribution", nsGMD, "transferOptions",
		nsGMD, "MD_DigitalTransferOptions", nsGMD, "onLine", nsGMD, "CI_OnlineResource") {
		links = append(links, readLink(or, t))
	}
	svcFormat := ""
	if ident.is(nsSRV, "SV_ServiceIdentification") {
		svcFormat = serviceTypeFormat(ident)
		for _, or := range ident.path(nsSRV, "containsOperations", nsSRV, "SV_OperationMetadata", nsSRV, "connectPoint", nsGMD, "CI_OnlineResource") {
			l := readLink(or, t)
			if l.protocol == "" && svcFormat != "" {
				l.protocol = svcFormat
			}
			links = append(links, l)
		}
	}
	recordFormat := distributionFormat(md)
	seen := map[string]bool{}
	for _, l := range links {
		if l.url == "" || seen[l.url] || isRecordXML(l.url) {
			continue
		}
		seen[l.url] = true
		d := municat.Distribution{ID: municat.DistributionID("", l.url), Title: l.name, Description: l.description, AccessURL: l.url}
		ext, svc := extFormat(l.url), serviceFormat(l)
		switch {
		case svc != "":
			d.Format = svc
		case landing == "" && isRecordPage(l, fileID, ext):
			landing = l.url
			continue
		case isDownload(l, ext):
			d.DownloadURL = l.url
			d.Format = first(ext, recordFormat)
		default:
			d.Format = ext
		}
		d.MediaType = dcat.MediaTypeOf(d.Format)
		dists = append(dists, d)
	}
	return landing, dists
}

// readLink reads a CI_OnlineResource.
func readLink(or *element, t texts) link {
	return link{
		url:         absoluteURL(value(or.child(nsGMD, "linkage"))),
		protocol:    value(or.child(nsGMD, "protocol")),
		function:    strings.ToLower(code(or.child(nsGMD, "function"))),
		name:        t.text(or.child(nsGMD, "name")),
		description: t.text(or.child(nsGMD, "description")),
	}
}

// serviceFormat returns the EU file type of an OGC service link: by its
// protocol ("OGC:WMS", "OGC:WFS-1.1.0-http-get-feature", "OGC Web Map
// Service"), else by the service parameter of its address; "" if it is
// none of WMS, WFS, WCS or an ArcGIS REST service.
func serviceFormat(l link) string {
	p := strings.ToUpper(l.protocol)
	switch {
	case strings.Contains(p, "WMTS"):
		return "" // no EU file type; a plain distribution
	case strings.Contains(p, "WMS") || strings.Contains(p, "WEB MAP SERVICE"):
		return "WMS_SRVC"
	case strings.Contains(p, "WFS") || strings.Contains(p, "WEB FEATURE SERVICE"):
		return "WFS_SRVC"
	case strings.Contains(p, "WCS") || strings.Contains(p, "WEB COVERAGE SERVICE"):
		return "WCS_SRVC"
	case strings.Contains(p, "ESRI:REST") || strings.Contains(p, "ARCGIS"):
		return "MAP_SRVC"
	}
	u, err := url.Parse(l.url)
	if err != nil {
		return ""
	}
	for k, v := range u.Query() {
		if strings.EqualFold(k, "service") && len(v) > 0 {
			switch strings.ToUpper(strings.TrimSpace(v[0])) {
			case "WMS":
				return "WMS_SRVC"
			case "WFS":
				return "WFS_SRVC"
			case "WCS":
				return "WCS_SRVC"
			}
		}
	}
	return ""
}

// serviceTypeFormat returns the protocol of a service record's
// operations, from its serviceTypeVersion ("OGC:WMS 1.3.0") or
// serviceType; "" if they name no OGC service.
func serviceTypeFormat(ident *element) string {
	var names []string
	for _, v := range ident.children(nsSRV, "serviceTypeVersion") {
		names = append(names, value(v))
	}
	names = append(names, value(ident.child(nsSRV, "serviceType")))
	for _, n := range names {
		if f := serviceFormat(link{protocol: n}); f != "" {
			return "OGC:" + strings.TrimSuffix(f, "_SRVC")
		}
	}
	return ""
}

// isRecordXML reports whether u is a CSW GetRecordById request: the
// record itself, which Record.Link already names.
func isRecordXML(u string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	for k, v := range p.Query() {
		if strings.EqualFold(k, "request") && len(v) > 0 && strings.EqualFold(v[0], "GetRecordById") {
			return true
		}
	}
	return false
}

// isRecordPage reports whether a link is a web page about the record: its
// address holds the file identifier, it is no data file, and it is a
// WWW:LINK (or has no protocol) or a catalogue's metadata page.
func isRecordPage(l link, fileID, ext string) bool {
	if fileID == "" || !strings.Contains(l.url, fileID) || ext != "" && ext != "HTML" {
		return false
	}
	p := strings.ToUpper(l.protocol)
	u := strings.ToLower(l.url)
	return p == "" || strings.HasPrefix(p, "WWW:LINK") || strings.Contains(u, "metadata") || strings.Contains(u, "catalog")
}

// isDownload reports whether a link downloads a file.
func isDownload(l link, ext string) bool {
	p := strings.ToUpper(l.protocol)
	return strings.Contains(p, "DOWNLOAD") || l.function == "download" ||
		ext != "" && ext != "HTML"
}

// extFormat returns the EU file type of the file name at the end of u's
// path ("…/baeume.csv" → "CSV", "….shp.zip" → "ZIP"), or "" if it has
// no extension the EU table knows.
func extFormat(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	ext := path.Ext(p.Path)
	if len(ext) < 2 || len(ext) > 9 {
		return ""
	}
	if c, known := dcat.FormatCode(ext[1:]); known && !strings.HasSuffix(c, "_SRVC") {
		return c
	}
	return ""
}

// distributionFormat returns the EU file type of the record's one
// distribution format (gmd:distributionFormat/MD_Format/name): the name
// itself ("Shapefile", "GeoTIFF"), the abbreviation in its parentheses
// ("ESRI Shapefile (SHP)") or one of its words ("MapInfo TAB"). It
// returns "" when the record names several formats or none is known, so
// that no download gets another's format.
func distributionFormat(md *element) string {
	names := md.path(nsGMD, "distributionInfo", nsGMD, "MD_Distribution", nsGMD, "distributionFormat", nsGMD, "MD_Format", nsGMD, "name")
	if len(names) != 1 {
		return ""
	}
	name := value(names[0])
	candidates := []string{name}
	if i, j := strings.Index(name, "("), strings.LastIndex(name, ")"); i >= 0 && j > i {
		candidates = append(candidates, name[i+1:j])
	}
	candidates = append(candidates, strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '(' || r == ')' || r == ',' })...)
	for _, c := range candidates {
		if code, known := dcat.FormatCode(c); known && !strings.HasSuffix(code, "_SRVC") {
			return code
		}
	}
	return ""
}

// absoluteURL returns s as an absolute http(s) URL, or "" if it cannot be
// one. Spaces are encoded (one space in one URL once broke a whole
// catalogue export elsewhere) and a leading "www." gets "http://".
func absoluteURL(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "%20")
	if s == "" {
		return ""
	}
	if len(s) > 4 && strings.EqualFold(s[:4], "www.") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return s
}
