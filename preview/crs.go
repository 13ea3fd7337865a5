package preview

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// crs converts the coordinates of one coordinate reference system to WGS84
// longitude and latitude.
type crs struct {
	// code is the normalized name, e.g. "EPSG:25832"; empty for the default.
	code string
	// toWGS84 converts x, y; ok is false for coordinates outside the range
	// of the system.
	toWGS84 func(x, y float64) (lon, lat float64, ok bool)
}

// defaultCRS is GeoJSON's own: WGS84 longitude, latitude.
var defaultCRS = crs{toWGS84: lonLat}

func lonLat(x, y float64) (float64, float64, bool) {
	return x, y, x >= -180 && x <= 180 && y >= -90 && y <= 90
}

// looksLikeDegrees reports projected coordinates that are in fact
// longitude and latitude: metres that small would lie hundreds of
// kilometres off a UTM zone, or within 400 m of 0° 0° in Web Mercator.
func looksLikeDegrees(x, y float64) bool {
	return math.Abs(x) <= 360 && math.Abs(y) <= 90
}

// utmCRS returns the conversion of a northern UTM zone; falseEasting is
// 500000 or, for the zone-prefixed variants, zone·10⁶ + 500000.
func utmCRS(code string, ell ellipsoid, zone int, falseEasting float64) crs {
	p := utm(ell, zone, falseEasting)
	return crs{code: code, toWGS84: func(x, y float64) (float64, float64, bool) {
		if math.Abs(x-falseEasting) > 1e6 || y < 0 || y > 1e7 || looksLikeDegrees(x, y) {
			return 0, 0, false
		}
		lon, lat := p.inverse(x, y)
		_, _, ok := lonLat(lon, lat)
		return lon, lat, ok
	}}
}

// epsgCRS returns the conversion for an EPSG code, or false if the preview
// does not know it.
func epsgCRS(code int) (crs, bool) {
	name := "EPSG:" + strconv.Itoa(code)
	switch {
	// WGS84 and ETRS89 (identical within a metre), 2D and 3D. GeoJSON
	// files declaring them write longitude first in practice.
	case code == 4326 || code == 4258 || code == 4979 || code == 4937:
		return crs{code: name, toWGS84: lonLat}, true
	case code >= 25828 && code <= 25838: // ETRS89 / UTM zone 28N … 38N
		return utmCRS(name, grs80, code-25800, 500000), true
	case code >= 32601 && code <= 32660: // WGS 84 / UTM zone 1N … 60N
		return utmCRS(name, wgs84, code-32600, 500000), true
	case code == 4647: // ETRS89 / UTM zone 32N (zE-N), easting prefixed with 32
		return utmCRS(name, grs80, 32, 32500000), true
	case code == 5650: // ETRS89 / UTM zone 33N (zE-N)
		return utmCRS(name, grs80, 33, 33500000), true
	case code == 3857 || code == 900913 || code == 3785 || code == 102100 || code == 102113:
		return crs{code: name, toWGS84: func(x, y float64) (float64, float64, bool) {
			if math.Abs(x) > 20037509 || math.Abs(y) > 3e7 || looksLikeDegrees(x, y) {
				return 0, 0, false
			}
			lon, lat := webMercatorInverse(x, y)
			return lon, lat, true
		}}, true
	}
	return crs{}, false
}

// crsByName resolves a CRS name such as "EPSG:25832",
// "urn:ogc:def:crs:EPSG::25832", "http://www.opengis.net/def/crs/EPSG/0/25832"
// or "urn:ogc:def:crs:OGC:1.3:CRS84".
func crsByName(name string) (crs, error) {
	l := strings.ToLower(strings.TrimSpace(name))
	if strings.HasSuffix(l, "crs84") || strings.HasSuffix(l, "crs84h") || l == "wgs84" {
		return crs{code: "OGC:CRS84", toWGS84: lonLat}, nil
	}
	if strings.Contains(l, "epsg") {
		l = strings.TrimRight(l, "/")
		i := len(l)
		for i > 0 && l[i-1] >= '0' && l[i-1] <= '9' {
			i--
		}
		if code, err := strconv.Atoi(l[i:]); err == nil {
			if c, ok := epsgCRS(code); ok {
				return c, nil
			}
		}
	}
	return crs{}, &CRSError{Name: name}
}

// parseCRS reads a legacy GeoJSON (2008) crs member: named
// {"type":"name","properties":{"name":…}} or {"type":"EPSG","properties":
// {"code":…}}. A missing or null member gives ok false.
func parseCRS(raw json.RawMessage) (c crs, ok bool, err error) {
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return crs{}, false, nil
	}
	var m struct {
		Type       string `json:"type"`
		Properties struct {
			Name string          `json:"name"`
			Code json.RawMessage `json:"code"`
			Href string          `json:"href"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return crs{}, false, &CRSError{Name: string(raw)}
	}
	p := m.Properties
	switch {
	case p.Name != "":
		c, err = crsByName(p.Name)
	case len(p.Code) > 0:
		c, err = crsByName("EPSG:" + strings.Trim(string(p.Code), `"`))
	case p.Href != "":
		err = &CRSError{Name: p.Href}
	default:
		err = &CRSError{Name: string(raw)}
	}
	return c, err == nil, err
}
