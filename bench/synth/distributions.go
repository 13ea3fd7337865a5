package synth

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/municat/municat"
)

// format is a file type of the EU file-type vocabulary as datasets use it.
type format struct {
	code, mediaType, ext, label string
	// service formats have a capabilities URL and no download.
	service bool
	// page formats are web pages: an access URL and no download.
	page bool
}

var formats = map[string]format{
	"CSV":      {"CSV", "text/csv", "csv", "CSV-Tabelle", false, false},
	"JSON":     {"JSON", "application/json", "json", "JSON-Datei", false, false},
	"GEOJSON":  {"GEOJSON", "application/geo+json", "geojson", "GeoJSON-Datei", false, false},
	"XLSX":     {"XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel-Tabelle", false, false},
	"PDF":      {"PDF", "application/pdf", "pdf", "PDF-Dokument", false, false},
	"XML":      {"XML", "application/xml", "xml", "XML-Datei", false, false},
	"ZIP":      {"ZIP", "application/zip", "zip", "ZIP-Archiv", false, false},
	"SHP":      {"SHP", "application/zip", "zip", "Shapefile", false, false},
	"HTML":     {"HTML", "text/html", "html", "Webseite", false, true},
	"WMS_SRVC": {"WMS_SRVC", "application/xml", "", "Kartendienst (WMS)", true, false},
	"WFS_SRVC": {"WFS_SRVC", "application/xml", "", "Downloaddienst (WFS)", true, false},
	"RDF_XML":  {"RDF_XML", "application/rdf+xml", "rdf", "RDF-Datei", false, false},
	"ODS":      {"ODS", "application/vnd.oasis.opendocument.spreadsheet", "ods", "ODS-Tabelle", false, false},
	"KML":      {"KML", "application/vnd.google-earth.kml+xml", "kml", "KML-Datei", false, false},
	"GML":      {"GML", "application/gml+xml", "gml", "GML-Datei", false, false},
	"TXT":      {"TXT", "text/plain", "txt", "Textdatei", false, false},
	"JSON_LD":  {"JSON_LD", "application/ld+json", "jsonld", "JSON-LD-Datei", false, false},
}

// plainFormats and geoFormats are the format frequencies of ordinary data
// and of geodata, as municipal portals show them: CSV and PDF lead,
// geodata comes as map services and GeoJSON. They hold only codes of the
// EU file-type table, which a DCAT export keeps.
var (
	plainFormats = newPicker(map[string]int{"CSV": 34, "PDF": 16, "XLSX": 12, "JSON": 10, "XML": 6, "ZIP": 5,
		"HTML": 5, "ODS": 3, "TXT": 2, "RDF_XML": 1, "JSON_LD": 1})
	geoFormats = newPicker(map[string]int{"WMS_SRVC": 20, "GEOJSON": 16, "WFS_SRVC": 13, "CSV": 12, "SHP": 9,
		"ZIP": 6, "PDF": 6, "KML": 4, "GML": 4, "JSON": 4})
	// distributionCounts are the weights of 1 to 5 distributions.
	distributionCounts = []int{35, 30, 18, 10, 7}
)

// distributions returns 1 to 5 distributions of dataset i.
func distributions(r *rand.Rand, t *topic, o *org, i, year int, modified *time.Time) []municat.Distribution {
	n := 1
	for u := r.IntN(100); n < len(distributionCounts) && u >= distributionCounts[n-1]; n++ {
		u -= distributionCounts[n-1]
	}
	picker := plainFormats
	if t.geo {
		picker = geoFormats
	}
	base := "https://daten.example/" + o.ID + "/" + t.slug + "/" + strconv.Itoa(i) + "/"
	out := make([]municat.Distribution, n)
	for k := range out {
		f := formats[picker.value(r)]
		kth := strconv.Itoa(k + 1)
		d := municat.Distribution{
			ID:        "r" + strconv.Itoa(i) + "-" + kth,
			Title:     municat.Text{municat.DefaultLanguage: t.stem + " " + strconv.Itoa(year) + " – " + f.label},
			Format:    f.code,
			MediaType: f.mediaType,
			Modified:  modified,
		}
		if f.service {
			d.AccessURL = base + "ows" + kth + "?SERVICE=" + f.code[:len(f.code)-5] + "&REQUEST=GetCapabilities"
		} else {
			d.AccessURL = base + t.slug + "-" + strconv.Itoa(year) + "-" + kth + "." + f.ext
			if !f.page {
				d.DownloadURL = d.AccessURL
			}
			d.ByteSize = int64(2000 * math.Exp(r.Float64()*math.Log(25000)))
		}
		out[k] = d
	}
	return out
}

// licenses are the dcat-ap.de licence ids with their frequencies on
// municipal portals: Datenlizenz Deutschland first.
var licensePicker = newPicker(map[string]int{"dl-by-de/2.0": 44, "dl-zero-de/2.0": 26, "cc-by/4.0": 12,
	"cc-zero": 7, "cc-by-sa/4.0": 3, "other-open": 3, "dl-by-de/1.0": 2, "odbl": 1, "officialWork": 2})

// topicPicker picks topics by weight.
var topicPicker = func() picker {
	w := make([]int, len(topics))
	for k, t := range topics {
		w[k] = t.weight
	}
	return picker{cum: cumulate(w)}
}()

func init() {
	for k := range topics {
		topics[k].slug = slug(topics[k].stem)
	}
}
