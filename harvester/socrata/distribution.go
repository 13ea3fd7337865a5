package socrata

import (
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// Socrata's URL patterns for an asset's data. Only the SODA endpoint is
// documented (dev.socrata.com, "API Endpoints" and "Response Formats":
// /resource/{id}.json, .csv, .geojson, the last on SODA 2.1 only); it
// answers a page of rows (1000 by default), so it is an access URL. The
// two export URLs are not documented as an API; Socrata's own data.json
// lists the CSV export (/api/views/{id}/rows.csv?accessType=DOWNLOAD, see
// the data.ny.gov fixture) and its portal's export button uses the
// GeoJSON export of maps (/api/geospatial/{id}?method=export
// &format=GeoJSON). They give the whole file, so they are download URLs.
const (
	csvExport     = "/api/views/{id}/rows.csv?accessType=DOWNLOAD"
	sodaJSON      = "/resource/{id}.json"
	sodaGeoJSON   = "/resource/{id}.geojson"
	geojsonExport = "/api/geospatial/{id}?method=export&format=GeoJSON"
)

// geometryTypes are the column types (columns_datatype) of SODA 2.1
// geometry columns, which the .geojson endpoint can serve.
var geometryTypes = map[string]bool{
	"point": true, "line": true, "polygon": true, "multipoint": true, "multiline": true, "multipolygon": true,
}

// distributions returns the ways to get an asset's data: for a dataset a
// CSV export, the SODA JSON endpoint and, when it has a geometry column,
// the SODA GeoJSON endpoint; for a map the GeoJSON export. Other asset
// types (charts, stories, files, external links) get none; their page is
// the landing page.
func distributions(a *asset) []municat.Distribution {
	var out []municat.Distribution
	add := func(id, title, path, format string, download bool) {
		u := a.url(path)
		if u == "" {
			return
		}
		code, _ := dcat.FormatCode(format)
		d := municat.Distribution{ID: id, Title: municat.Text{"de": title}, AccessURL: u, Format: code, MediaType: dcat.MediaTypeOf(code)}
		if download {
			d.DownloadURL = u
		}
		out = append(out, d)
	}
	switch assetType(a.res.str("type")) {
	case "dataset", "":
		add("csv", "CSV-Export", csvExport, "CSV", true)
		add("json", "JSON (SODA-API)", sodaJSON, "JSON", false)
		for _, t := range a.res.strs("columns_datatype") {
			if geometryTypes[strings.ToLower(strings.ReplaceAll(t, " ", ""))] {
				add("geojson", "GeoJSON (SODA-API)", sodaGeoJSON, "GeoJSON", false)
				break
			}
		}
	case "map":
		add("geojson", "GeoJSON-Export", geojsonExport, "GeoJSON", true)
	}
	return out
}
