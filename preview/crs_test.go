package preview

import (
	"encoding/json"
	"math"
	"testing"
)

// TestGeoJSONJenaUTM converts the EPSG:25832 coordinates the city of Jena
// publishes with every feature (the_geom) and compares them with the WGS84
// coordinates it publishes for the same feature.
func TestGeoJSONJenaUTM(t *testing.T) {
	var fc struct {
		Features []struct {
			Geometry struct {
				Coordinates [2]float64 `json:"coordinates"`
			} `json:"geometry"`
			Properties struct {
				TheGeom struct {
					Coordinates [2]float64 `json:"coordinates"`
				} `json:"the_geom"`
			} `json:"properties"`
		} `json:"features"`
	}
	if err := json.NewDecoder(openFixture(t, "jena.geojson")).Decode(&fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != 103 {
		t.Fatalf("%d features", len(fc.Features))
	}
	c, err := crsByName("EPSG:25832")
	if err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	for _, f := range fc.Features {
		u, want := f.Properties.TheGeom.Coordinates, f.Geometry.Coordinates
		lon, lat, ok := c.toWGS84(u[0], u[1])
		if !ok {
			t.Fatalf("%v out of range", u)
		}
		worst = math.Max(worst, math.Max(math.Abs(lon-want[0]), math.Abs(lat-want[1])))
	}
	// 5e-8° is about 5 mm; Jena publishes 9 decimals (0.1 mm).
	if worst > 5e-8 {
		t.Errorf("largest difference to Jena's WGS84 coordinates %g°", worst)
	}
	t.Logf("largest difference to Jena's published WGS84 coordinates: %.2g°", worst)
}

func TestUTMAnalytic(t *testing.T) {
	p := utm(grs80, 32, 500000)
	// On the central meridian the easting is the false easting and the
	// longitude 9° exactly; the equator has northing 0.
	if lon, lat := p.inverse(500000, 0); lon != 9 || math.Abs(lat) > 1e-12 {
		t.Errorf("inverse(500000, 0) = %v, %v", lon, lat)
	}
	if lon, lat := p.inverse(500000, 5540000); !near(lon, 9, 1e-12) || lat < 49.9 || lat > 50.1 {
		t.Errorf("inverse(500000, 5540000) = %v, %v", lon, lat)
	}
	// On the central meridian the northing is k0 times the meridian arc,
	// here integrated numerically from the GRS80 radius of curvature.
	for _, lat := range []float64{10, 47.5, 50, 54.9} {
		want := 0.9996 * meridianArc(lat)
		e, n := p.forward(9, lat)
		if e != 500000 || !near(n, want, 0.001) {
			t.Errorf("forward(9, %v) = %v, %v, want 500000, %v", lat, e, n, want)
		}
		if lon2, lat2 := p.inverse(500000, want); !near(lon2, 9, 1e-12) || !near(lat2, lat, 1e-8) {
			t.Errorf("inverse of the arc at %v: %v, %v", lat, lon2, lat2)
		}
	}
	// Round trips over zones 32 and 33 and beyond their edges.
	worst := 0.0
	for _, zone := range []int{32, 33} {
		q := utm(grs80, zone, 500000)
		for lon := 3.0; lon <= 21; lon += 0.5 {
			for lat := 45.0; lat <= 56; lat += 0.5 {
				e, n := q.forward(lon, lat)
				lon2, lat2 := q.inverse(e, n)
				worst = math.Max(worst, math.Max(math.Abs(lon2-lon), math.Abs(lat2-lat)))
			}
		}
	}
	if worst > 1e-6 {
		t.Errorf("round trip error %g°", worst)
	}
}

// meridianArc is the length in metres of the GRS80 meridian from the
// equator to lat, by Simpson's rule over the radius of curvature.
func meridianArc(lat float64) float64 {
	const a, invF = 6378137, 298.257222101
	f := 1 / invF
	e2 := f * (2 - f)
	m := func(phi float64) float64 {
		s := math.Sin(phi)
		return a * (1 - e2) / math.Pow(1-e2*s*s, 1.5)
	}
	const steps = 20000
	end := lat * math.Pi / 180
	h := end / steps
	sum := m(0) + m(end)
	for i := 1; i < steps; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * m(float64(i)*h)
	}
	return sum * h / 3
}

func TestGeoJSONCRSNames(t *testing.T) {
	for name, want := range map[string]string{
		"EPSG:4326":                                    "EPSG:4326",
		"urn:ogc:def:crs:EPSG::4326":                   "EPSG:4326",
		"urn:ogc:def:crs:EPSG:6.6:4326":                "EPSG:4326",
		"urn:ogc:def:crs:OGC:1.3:CRS84":                "OGC:CRS84",
		"http://www.opengis.net/def/crs/OGC/1.3/CRS84": "OGC:CRS84",
		"https://www.opengis.net/def/crs/EPSG/0/25833": "EPSG:25833",
		"epsg:3857": "EPSG:3857",
	} {
		c, err := crsByName(name)
		if err != nil || c.code != want {
			t.Errorf("%s: %q %v, want %s", name, c.code, err, want)
		}
	}
	// Web Mercator: 1113194.9079 m east is 10° east.
	m := geoString(t, geoDoc("EPSG:3857", `{"type":"Point","coordinates":[1113194.9079327357,6446275.841017158]}`), GeoOptions{})
	if !near(m.BBox.West, 10, 1e-9) || !near(m.BBox.South, 50, 1e-9) {
		t.Errorf("web mercator: %+v", m.BBox)
	}
	// The legacy EPSG form of the crs member.
	m = geoString(t, `{"type":"Point","crs":{"type":"EPSG","properties":{"code":25832}},"coordinates":[500000,5540000]}`, GeoOptions{})
	if m.CRS != "EPSG:25832" || !near(m.BBox.West, 9, 1e-9) {
		t.Errorf("EPSG-typed crs: %q %+v", m.CRS, m.BBox)
	}
	// GeoOptions.CRS for files that declare nothing, overridden by a
	// declaration.
	m = geoString(t, geoDoc("", `{"type":"Point","coordinates":[500000,5540000]}`), GeoOptions{CRS: "EPSG:25832"})
	if m.CRS != "EPSG:25832" || !near(m.BBox.West, 9, 1e-9) {
		t.Errorf("assumed CRS: %q %+v", m.CRS, m.BBox)
	}
	m = geoString(t, geoDoc("EPSG:4326", `{"type":"Point","coordinates":[9,50]}`), GeoOptions{CRS: "EPSG:25832"})
	if m.CRS != "EPSG:4326" || m.BBox.West != 9 {
		t.Errorf("declared beats assumed: %q %+v", m.CRS, m.BBox)
	}
	// A crs on a feature's geometry applies to that geometry.
	m = geoString(t, `{"type":"FeatureCollection","features":[{"type":"Feature","properties":null,"geometry":{"type":"Point","crs":{"type":"name","properties":{"name":"EPSG:25833"}},"coordinates":[500000,5540000]}},{"type":"Feature","geometry":{"type":"Point","coordinates":[9,50]}}]}`, GeoOptions{})
	if !near(m.BBox.West, 9, 1e-9) || !near(m.BBox.East, 15, 1e-9) {
		t.Errorf("geometry crs: %+v", m.BBox)
	}
}
