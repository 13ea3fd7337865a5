package ckan

import (
	"encoding/json"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// temporal returns the period the package covers from the DCAT
// (temporal_start/end) or OGD (temporal_coverage_from/to) properties; nil if
// neither end is given or the end lies before the start.
func temporal(p props) *municat.Period {
	start := harvester.FirstTime(p.str("temporal_start"), p.str("temporal_coverage_from"))
	end := harvester.FirstTime(p.str("temporal_end"), p.str("temporal_coverage_to"))
	if start == nil && end == nil || start != nil && end != nil && end.Before(*start) {
		return nil
	}
	return &municat.Period{Start: start, End: end}
}

// agsKinds names the DCAT-AP.de political-geocoding key of an official
// municipality key (AGS) of each length.
var agsKinds = map[int]string{2: "stateKey", 5: "districtKey", 8: "municipalityKey", 12: "regionalKey"}

// spatial returns the area the package covers: the bounding box of its
// GeoJSON geometry ("spatial_bbox" or "spatial"), the names of OGD's
// spatial_reference and spatial_text and DCAT-AP.de's geocodingText, and
// the IRIs of spatial_uri, politicalGeocodingURI and spatial_reference (its
// uri, and its AGS as a DCAT-AP.de political-geocoding IRI). nil if there is
// none of these.
func spatial(p props) *municat.Spatial {
	s := &municat.Spatial{}
	for _, key := range []string{"spatial_bbox", "spatial"} {
		if s.BBox = bbox(p.str(key)); s.BBox != nil {
			break
		}
	}
	var names, uris []string
	if v := p.str("spatial"); v != "" && !strings.HasPrefix(v, "{") {
		if u := absoluteURL(v); u != "" {
			uris = append(uris, u)
		} else {
			names = append(names, v)
		}
	}
	if ref := p.obj("spatial_reference"); ref != nil {
		names = append(names, ref.Text("text"))
		uris = append(uris, absoluteURL(ref.Text("uri")))
		if ags := ref.Text("ags"); isDigits(ags) && agsKinds[len(ags)] != "" {
			uris = append(uris, "http://dcat-ap.de/def/politicalGeocoding/"+agsKinds[len(ags)]+"/"+ags)
		}
	} else {
		names = append(names, p.str("spatial_reference"))
	}
	names = append(names, p.str("spatial_text"))
	names = append(names, p.strings("geocodingText", false)...)
	uris = append(uris, absoluteURLs(p.strings("spatial_uri", true))...)
	uris = append(uris, absoluteURLs(p.strings("politicalGeocodingURI", true))...)
	s.Names, s.URIs = distinct(names), distinct(uris)
	if s.BBox == nil && len(s.Names) == 0 && len(s.URIs) == 0 {
		return nil
	}
	return s
}

// distinct returns the non-empty strings of list, once each, in order.
func distinct(list []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range list {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// bbox returns the WGS84 bounding box of a GeoJSON geometry, feature or
// feature collection given as JSON text, or nil if it is none or its
// coordinates are no longitudes and latitudes (e.g. a projected CRS).
func bbox(geojson string) *municat.BoundingBox {
	if !strings.HasPrefix(geojson, "{") {
		return nil
	}
	var g any
	if err := json.Unmarshal([]byte(geojson), &g); err != nil {
		return nil
	}
	return municat.GeoJSONBounds(g)
}
