package preview

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/municat/municat"
)

func TestGeoJSONFreiburg(t *testing.T) {
	m, err := GeoJSON(openFixture(t, "freiburg_disabled_static.geojson"), GeoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// numberMatched says 312; the file holds 312 features, all polygons.
	if m.Features != 312 || m.Drawn != 312 || m.Truncated || m.NoGeometry != 0 || m.Invalid != 0 {
		t.Errorf("features %d drawn %d truncated %v", m.Features, m.Drawn, m.Truncated)
	}
	if len(m.Types) != 1 || m.Types[0] != (TypeCount{"Polygon", 312}) {
		t.Errorf("types %v", m.Types)
	}
	if m.CRS != "" {
		t.Errorf("CRS %q", m.CRS)
	}
	// Freiburg's city area reaches west to about 7.66° (Opfingen).
	b := m.BBox
	if b == nil || b.West < 7.6 || b.East > 7.95 || b.South < 47.9 || b.North > 48.1 || b.West >= b.East || b.South >= b.North {
		t.Fatalf("bbox %+v, want within Freiburg", b)
	}
	var fc struct {
		Features []struct {
			Geometry struct {
				Coordinates [][][2]float64 `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.NewDecoder(openFixture(t, "freiburg_disabled_static.geojson")).Decode(&fc); err != nil {
		t.Fatal(err)
	}
	want := municat.BoundingBox{West: 180, South: 90, East: -180, North: -90}
	for _, f := range fc.Features {
		for _, ring := range f.Geometry.Coordinates {
			for _, v := range ring {
				want.West, want.East = math.Min(want.West, v[0]), math.Max(want.East, v[0])
				want.South, want.North = math.Min(want.South, v[1]), math.Max(want.North, v[1])
			}
		}
	}
	if *b != want {
		t.Errorf("bbox %+v, want %+v", *b, want)
	}
	p := m.Properties
	if !equal(p.Columns, []string{"fid", "strasse", "hausnummer", "anzahl", "hinweis", "stadtteil"}) {
		t.Errorf("property columns %q", p.Columns)
	}
	if len(p.Rows) != DefaultPropertyRows || !p.HasMore {
		t.Errorf("%d property rows, HasMore %v", len(p.Rows), p.HasMore)
	}
	if r := p.Rows[0]; !equal(r, []string{"280", "Franz-Geiler-Platz", "1", "1", "Ecke Draisstrasse", "Stuehlinger"}) {
		t.Errorf("first properties %q", r)
	}
	if r := p.Rows[1]; r[4] != "" || r[5] != "Stühlinger" {
		t.Errorf("second properties %q", r)
	}
}

func TestGeoJSONJena(t *testing.T) {
	m, err := GeoJSON(openFixture(t, "jena.geojson"), GeoOptions{PropertyRows: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if m.Features != 103 || len(m.Types) != 1 || m.Types[0] != (TypeCount{"Point", 103}) || m.CRS != "EPSG:4326" {
		t.Errorf("features %d types %v CRS %q", m.Features, m.Types, m.CRS)
	}
	// The EPSG:25832 crs nested in the the_geom properties is ignored: the
	// bounding box is Jena's, not somewhere converted from UTM.
	b := m.BBox
	if b == nil || b.West < 11.5 || b.East > 11.7 || b.South < 50.8 || b.North > 51.0 {
		t.Fatalf("bbox %+v, want within Jena", b)
	}
	p := m.Properties
	if len(p.Rows) != 103 || p.HasMore {
		t.Errorf("%d property rows, HasMore %v", len(p.Rows), p.HasMore)
	}
	if p.Columns[0] != "id" || p.Rows[0][0] != "185" || p.Rows[0][3] != "Eichplatz" {
		t.Errorf("properties %q %q", p.Columns[:4], p.Rows[0][:4])
	}
	geom := -1
	for i, c := range p.Columns {
		if c == "the_geom" {
			geom = i
		}
	}
	if geom < 0 || !strings.HasPrefix(p.Rows[0][geom], `{"type":"Point","crs":`) {
		t.Errorf("the_geom column %d: %q", geom, p.Rows[0][max(geom, 0)])
	}
}

// geoDoc returns a FeatureCollection with a top-level crs (if name is not
// empty) and the given geometries.
func geoDoc(name string, geometries ...string) string {
	var b strings.Builder
	b.WriteString(`{"type":"FeatureCollection",`)
	if name != "" {
		fmt.Fprintf(&b, `"crs":{"type":"name","properties":{"name":%q}},`, name)
	}
	b.WriteString(`"features":[`)
	for i, g := range geometries {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"type":"Feature","properties":{"n":%d},"geometry":%s}`, i, g)
	}
	b.WriteString("]}")
	return b.String()
}

func geoString(t *testing.T, s string, opt GeoOptions) *Map {
	t.Helper()
	m, err := GeoJSON(strings.NewReader(s), opt)
	if err != nil {
		t.Fatalf("GeoJSON(%.200s): %v", s, err)
	}
	return m
}

func near(a, b, eps float64) bool { return math.Abs(a-b) <= eps }

func TestGeoJSONUTM(t *testing.T) {
	// Points built with the forward projection from known WGS84 positions:
	// Freiburg Münster in zone 32N, Görlitz in zone 33N, and the central
	// meridian of zone 32 on the equator and at 54° N.
	for _, tc := range []struct {
		name     string
		code     string
		lon, lat float64
	}{
		{"Freiburg 25832", "EPSG:25832", 7.8529, 47.9955},
		{"Görlitz 25833", "urn:ogc:def:crs:EPSG::25833", 14.9872, 51.1552},
		{"Görlitz in zone 32", "http://www.opengis.net/def/crs/EPSG/0/25832", 14.9872, 51.1552},
		{"Kiel 4647", "EPSG:4647", 10.1228, 54.3233},
		{"Berlin 5650", "EPSG:5650", 13.3777, 52.5163},
		{"Rostock 32633", "EPSG:32633", 12.0991, 54.0924},
	} {
		c, err := crsByName(tc.code)
		if err != nil {
			t.Fatal(err)
		}
		var p transverseMercator
		switch c.code {
		case "EPSG:25832":
			p = utm(grs80, 32, 500000)
		case "EPSG:25833":
			p = utm(grs80, 33, 500000)
		case "EPSG:4647":
			p = utm(grs80, 32, 32500000)
		case "EPSG:5650":
			p = utm(grs80, 33, 33500000)
		case "EPSG:32633":
			p = utm(wgs84, 33, 500000)
		}
		e, n := p.forward(tc.lon, tc.lat)
		doc := geoDoc(tc.code, fmt.Sprintf(`{"type":"Point","coordinates":[%.4f,%.4f]}`, e, n),
			fmt.Sprintf(`{"type":"LineString","coordinates":[[%.4f,%.4f],[%.4f,%.4f]]}`, e-1000, n-1000, e, n))
		m := geoString(t, doc, GeoOptions{})
		b := m.BBox
		if m.CRS != c.code || !near(b.East, tc.lon, 1e-6) || !near(b.North, tc.lat, 1e-6) {
			t.Errorf("%s: CRS %q bbox %+v, want NE corner %g, %g", tc.name, m.CRS, b, tc.lon, tc.lat)
		}
		// 1 km south-west is about 0.009° south and 0.0135° west there.
		// (Görlitz in zone 32 is 6° off the central meridian: grid north is
		// turned by some 4.7° there.)
		if !near(b.North-b.South, 0.009, 0.0012) || b.East-b.West < 0.012 || b.East-b.West > 0.017 {
			t.Errorf("%s: 1 km box %+v", tc.name, b)
		}
	}
}

func TestGeoJSONErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     error
		text     string
	}{
		{"empty", "  \n", ErrEmpty, ""},
		{"malformed", `{"type":"FeatureCollection","features":[{"type":"Feature",]}`, ErrInvalidJSON, "Byte"},
		{"cut", `{"type":"FeatureCollection","features":[`, ErrInvalidJSON, ""},
		{"array", `[1,2,3]`, ErrNotGeoJSON, ""},
		{"other JSON", `{"name":"Parkplätze"}`, ErrNotGeoJSON, ""},
		{"feature not an object", `{"type":"FeatureCollection","features":[1]}`, ErrNotGeoJSON, "Nr. 1"},
		{"unknown crs", geoDoc("EPSG:31467", `{"type":"Point","coordinates":[3500000,5500000]}`), ErrUnknownCRS, "„EPSG:31467“"},
		{"unknown crs name", geoDoc("urn:ogc:def:crs:EPSG::99999"), ErrUnknownCRS, "99999"},
		{"link crs", `{"type":"Point","crs":{"type":"link","properties":{"href":"http://example.org/crs"}},"coordinates":[1,2]}`, ErrUnknownCRS, "example.org"},
		{"UTM without crs", geoDoc("", `{"type":"Point","coordinates":[681721.52,5645057.65]}`), ErrCoordinates, "681721.52"},
		{"lon/lat declared as UTM", geoDoc("EPSG:25832", `{"type":"Point","coordinates":[11.58,50.92]}`), ErrCoordinates, "EPSG:25832"},
		{"all invalid", geoDoc("", `{"type":"Point","coordinates":[1]}`, `{"type":"Circle","coordinates":[1,2]}`), ErrInvalidGeometry, ""},
		{"too large", geoDoc("", strings.Repeat(`{"type":"Point","coordinates":[9,50]},`, 40000)+`null`), ErrTooLarge, "1 MiB"},
		{"bad assumed crs", `{"type":"Point","coordinates":[1,2]}`, ErrUnknownCRS, ""},
	} {
		opt := GeoOptions{MaxBytes: 1 << 20}
		if tc.name == "bad assumed crs" {
			opt.CRS = "Gauß-Krüger"
		}
		_, err := GeoJSON(strings.NewReader(tc.in), opt)
		if !errors.Is(err, tc.want) || !strings.Contains(fmt.Sprint(err), tc.text) {
			t.Errorf("%s: %v, want %v containing %q", tc.name, err, tc.want, tc.text)
		}
	}
	// A plain reader of 2 GB is read only up to the limit.
	big := &countingReader{r: &endless{size: 2 << 30, line: []byte(`{"type":"Point","coordinates":[9,50]},`)}}
	if _, err := GeoJSON(big, GeoOptions{MaxBytes: 1 << 20}); !errors.Is(err, ErrTooLarge) || big.n > 1<<20+1 {
		t.Errorf("2 GB: %v after %d bytes", err, big.n)
	}
	var ce *CRSError
	_, err := GeoJSON(strings.NewReader(geoDoc("EPSG:2056")), GeoOptions{})
	if !errors.As(err, &ce) || ce.Name != "EPSG:2056" {
		t.Errorf("CRSError: %v", err)
	}
}

func TestGeoJSONShapes(t *testing.T) {
	doc := geoDoc("",
		`{"type":"Point","coordinates":[9,50,120]}`,
		`{"type":"MultiPoint","coordinates":[[9.1,50.1],[9.2,50.2]]}`,
		`{"type":"LineString","coordinates":[[9,50],[9.5,50.5]]}`,
		`{"type":"MultiLineString","coordinates":[[[9,50],[9.1,50]],[[9,50.2],[9.1,50.2]]]}`,
		`{"type":"Polygon","coordinates":[[[9,50],[10,50],[10,51],[9,51],[9,50]],[[9.2,50.2],[9.4,50.2],[9.4,50.4],[9.2,50.2]]]}`,
		`{"type":"MultiPolygon","coordinates":[[[[8,49],[8.5,49],[8.5,49.5],[8,49]]],[[[8.6,49],[8.7,49],[8.7,49.1],[8.6,49]]]]}`,
		`{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[10.5,51.5]},{"type":"LineString","coordinates":[[10,51],[10.5,51.5]]}]}`,
		`null`,
		`{"type":"Point","coordinates":[]}`,
		`{"type":"Spiral","coordinates":[1,2]}`,
	)
	m := geoString(t, doc, GeoOptions{})
	if m.Features != 10 || m.NoGeometry != 1 || m.Invalid != 1 || m.Drawn != 8 {
		t.Errorf("features %d null %d invalid %d drawn %d", m.Features, m.NoGeometry, m.Invalid, m.Drawn)
	}
	if *m.BBox != (municat.BoundingBox{West: 8, South: 49, East: 10.5, North: 51.5}) {
		t.Errorf("bbox %+v", m.BBox)
	}
	if m.Types[0] != (TypeCount{"Point", 2}) || len(m.Types) != 7 {
		t.Errorf("types %v", m.Types)
	}
	v := m.SVG(600, 400)
	if v.ViewBox != "0 0 600 400" || len(v.Paths) != 2 || v.Paths[0].Class != ClassArea || v.Paths[1].Class != ClassLine {
		t.Fatalf("view %q paths %+v", v.ViewBox, v.Paths)
	}
	// The polygon with its hole: two closed subpaths.
	if strings.Count(v.Paths[0].D, "M") != 4 || strings.Count(v.Paths[0].D, "z") != 4 {
		t.Errorf("area path %q", v.Paths[0].D)
	}
	if strings.Count(v.Paths[1].D, "M") != 4 || strings.Contains(v.Paths[1].D, "z") {
		t.Errorf("line path %q", v.Paths[1].D)
	}
	if len(v.Circles) != 4 {
		t.Errorf("circles %+v", v.Circles)
	}
	for _, c := range v.Circles {
		if c.CX < 0 || c.CX > 600 || c.CY < 0 || c.CY > 400 || c.Class != ClassPoint || c.R < 2 {
			t.Errorf("circle %+v", c)
		}
	}
}

func TestGeoJSONCaps(t *testing.T) {
	// One line of 300,000 vertices, then points.
	var b strings.Builder
	b.WriteString(`{"type":"LineString","coordinates":[`)
	for i := range 300000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "[%.5f,%.5f]", 9+float64(i)*1e-5, 50+math.Sin(float64(i)/50000)*0.1)
	}
	b.WriteString("]}")
	line := b.String()
	m := geoString(t, geoDoc("", line, `{"type":"Point","coordinates":[9,50]}`), GeoOptions{})
	// Features are drawn in order up to the first that does not fit.
	if !m.Truncated || m.Drawn != 0 || m.Vertices != 0 || m.Features != 2 {
		t.Errorf("vertex cap: truncated %v drawn %d vertices %d features %d", m.Truncated, m.Drawn, m.Vertices, m.Features)
	}
	// The undrawn line still counts for the bounding box.
	if !near(m.BBox.East, 9+299999e-5, 1e-9) {
		t.Errorf("bbox %+v", m.BBox)
	}
	m = geoString(t, line, GeoOptions{MaxVertices: 1 << 20})
	if m.Truncated || m.Vertices != 300000 {
		t.Errorf("raised cap: truncated %v vertices %d", m.Truncated, m.Vertices)
	}
	v := m.SVG(600, 400)
	// Half-pixel simplification: the line is some 700 px long, so it keeps
	// at most 1400 of its 300,000 vertices.
	d := v.Paths[0].D
	if n := (strings.Count(d, " ") + strings.Count(d, "-")) / 2; n > 1400 || n < 500 || len(d) > 12000 {
		t.Errorf("simplified path has %d vertices, %d bytes", n, len(d))
	}

	points := make([]string, 50)
	for i := range points {
		points[i] = fmt.Sprintf(`{"type":"Point","coordinates":[%d,%d]}`, i, i)
	}
	m = geoString(t, geoDoc("", points...), GeoOptions{MaxFeatures: 10, PropertyRows: 5})
	if !m.Truncated || m.Drawn != 10 || m.Features != 50 || len(m.Properties.Rows) != 5 || !m.Properties.HasMore {
		t.Errorf("feature cap: truncated %v drawn %d features %d", m.Truncated, m.Drawn, m.Features)
	}
	if len(m.SVG(600, 400).Circles) != 10 {
		t.Errorf("feature cap: %d circles", len(m.SVG(600, 400).Circles))
	}
}

func TestGeoJSONBOMAndBareFeature(t *testing.T) {
	m := geoString(t, "\xef\xbb\xbf"+`{"type":"Feature","properties":{"name":"Rathaus","höhe":12.50,"offen":true,"tags":["a", "b"],"x":null},"geometry":{"type":"Point","coordinates":[11.58,50.93]}}`, GeoOptions{})
	if m.Features != 1 || m.Drawn != 1 {
		t.Errorf("features %d", m.Features)
	}
	p := m.Properties
	if !equal(p.Columns, []string{"name", "höhe", "offen", "tags", "x"}) || !equal(p.Rows[0], []string{"Rathaus", "12.50", "true", `["a","b"]`, ""}) {
		t.Errorf("properties %q %q", p.Columns, p.Rows)
	}
	if _, err := GeoJSON(bytes.NewReader(nil), GeoOptions{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
}
