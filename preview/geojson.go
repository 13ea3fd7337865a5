package preview

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/municat/municat"
)

// Limits of the GeoJSON preview.
const (
	// DefaultGeoMaxBytes is the largest GeoJSON file previewed when
	// GeoOptions.MaxBytes is 0.
	DefaultGeoMaxBytes = 20 << 20
	// DefaultMaxFeatures is the number of features drawn when
	// GeoOptions.MaxFeatures is 0.
	DefaultMaxFeatures = 10000
	// DefaultMaxVertices is the number of vertices drawn when
	// GeoOptions.MaxVertices is 0.
	DefaultMaxVertices = 200000
	// DefaultPropertyRows is the number of features listed in
	// Map.Properties when GeoOptions.PropertyRows is 0.
	DefaultPropertyRows = 20
	// maxNesting bounds GeometryCollections inside GeometryCollections.
	maxNesting = 4
)

// GeoOptions control a GeoJSON preview. The zero value is ready to use.
type GeoOptions struct {
	// MaxBytes is the largest file read (default DefaultGeoMaxBytes);
	// larger files give ErrTooLarge.
	MaxBytes int64
	// MaxFeatures is the number of features drawn (default
	// DefaultMaxFeatures); all are counted.
	MaxFeatures int
	// MaxVertices is the number of vertices drawn (default
	// DefaultMaxVertices).
	MaxVertices int
	// PropertyRows is the number of features whose properties are listed in
	// Map.Properties (default DefaultPropertyRows, at most MaxLimit).
	PropertyRows int
	// CRS is the coordinate reference system assumed when the file declares
	// none, e.g. "EPSG:25832" from the dataset's metadata; empty means WGS84
	// as the GeoJSON standard says.
	CRS string
}

// Map is a GeoJSON file prepared for display: what it contains, where, and
// the shapes to draw (see SVG).
type Map struct {
	// BBox is the WGS84 bounding box of all coordinates; nil if there are
	// none.
	BBox *municat.BoundingBox
	// Features is the number of features (1 for a single Feature or a bare
	// geometry).
	Features int
	// Types counts the features per geometry type, most frequent first.
	Types []TypeCount
	// NoGeometry is the number of features whose geometry is null.
	NoGeometry int
	// Invalid is the number of features skipped because their geometry has
	// an unknown type or malformed coordinates.
	Invalid int
	// CRS is the coordinate reference system the coordinates were converted
	// from, e.g. "EPSG:25832" or "OGC:CRS84"; empty for undeclared WGS84.
	CRS string
	// Drawn is the number of features drawn.
	Drawn int
	// Vertices is the number of vertices drawn.
	Vertices int
	// Truncated is true when MaxFeatures or MaxVertices left features
	// undrawn; they are still counted and in BBox.
	Truncated bool
	// Properties lists the properties of the first features, one row per
	// feature, the property names as columns in the order they first
	// appear. Values are text: strings as they are, numbers as written,
	// null empty, objects and arrays as compact JSON. It has no columns
	// when those features have no properties; HasMore is set when there
	// are more features than rows.
	Properties *Table

	shapes []shape
}

// TypeCount is the number of features of one geometry type.
type TypeCount struct {
	// Type is the GeoJSON geometry type, e.g. "Point" or "MultiPolygon".
	Type string
	// Count is the number of features with that type.
	Count int
}

// geoObject is any GeoJSON object; which members matter depends on Type.
type geoObject struct {
	Type        string            `json:"type"`
	CRS         json.RawMessage   `json:"crs"`
	Features    []json.RawMessage `json:"features"`
	Geometry    json.RawMessage   `json:"geometry"`
	Properties  json.RawMessage   `json:"properties"`
	Coordinates json.RawMessage   `json:"coordinates"`
	Geometries  []json.RawMessage `json:"geometries"`
}

// GeoJSON reads a GeoJSON FeatureCollection, Feature or bare geometry and
// returns its bounding box, counts, properties of the first features and the
// shapes to draw, converted to WGS84.
//
// The file is read whole, but at most opt.MaxBytes (default
// DefaultGeoMaxBytes): larger files give ErrTooLarge without reading
// further (without reading at all if r has a Size method or is an
// *os.File). A legacy top-level crs member (and one on a feature or geometry)
// is honoured: WGS84/CRS84, ETRS89 and WGS84 UTM zones (EPSG:25832,
// EPSG:25833, EPSG:32632, EPSG:4647 …) and Web Mercator (EPSG:3857) are
// converted; any other gives a *CRSError (ErrUnknownCRS). Coordinates
// outside the valid range give ErrCoordinates. A crs inside properties is
// only a property. Malformed JSON gives ErrInvalidJSON, JSON that is not
// GeoJSON ErrNotGeoJSON.
func GeoJSON(r io.Reader, opt GeoOptions) (*Map, error) {
	opt = opt.withDefaults()
	tooLarge := wrap(ErrTooLarge, fmt.Sprintf("Geodaten werden bis %s angezeigt.", mib(opt.MaxBytes)), nil)
	if size, ok := sizeOf(r); ok && size > opt.MaxBytes {
		return nil, tooLarge
	}
	data, err := io.ReadAll(io.LimitReader(r, opt.MaxBytes+1))
	switch {
	case err != nil:
		return nil, wrap(ErrRead, "", err)
	case int64(len(data)) > opt.MaxBytes:
		return nil, tooLarge
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, ErrEmpty
	}
	var top geoObject
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, jsonErr(err)
	}
	p := &geoParser{opt: opt, m: &Map{}, types: map[string]int{}, crs: defaultCRS}
	if opt.CRS != "" {
		if p.crs, err = crsByName(opt.CRS); err != nil {
			return nil, err
		}
	}
	if c, ok, err := parseCRS(top.CRS); err != nil {
		return nil, err
	} else if ok {
		p.crs = c
	}
	p.props = &tableBuilder{t: &Table{}}
	switch top.Type {
	case "FeatureCollection":
		for i, f := range top.Features {
			var obj geoObject
			if err := json.Unmarshal(f, &obj); err != nil {
				return nil, wrap(ErrNotGeoJSON, fmt.Sprintf("(Objekt Nr. %d ist kein Feature)", i+1), err)
			}
			if err := p.feature(&obj); err != nil {
				return nil, err
			}
		}
	case "Feature":
		if err := p.feature(&top); err != nil {
			return nil, err
		}
	default:
		if _, ok := geometryTypes[top.Type]; !ok {
			return nil, ErrNotGeoJSON
		}
		if err := p.feature(&geoObject{Type: "Feature", Geometry: data}); err != nil {
			return nil, err
		}
	}
	return p.finish()
}

func (o GeoOptions) withDefaults() GeoOptions {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultGeoMaxBytes
	}
	if o.MaxFeatures <= 0 {
		o.MaxFeatures = DefaultMaxFeatures
	}
	if o.MaxVertices <= 0 {
		o.MaxVertices = DefaultMaxVertices
	}
	if o.PropertyRows <= 0 {
		o.PropertyRows = DefaultPropertyRows
	}
	o.PropertyRows = min(o.PropertyRows, MaxLimit)
	return o
}

// jsonErr turns an encoding/json error into ErrInvalidJSON (syntax) or
// ErrNotGeoJSON (valid JSON of the wrong shape).
func jsonErr(err error) error {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return wrap(ErrInvalidJSON, fmt.Sprintf("(Fehler bei Byte %d)", syntax.Offset), err)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return wrap(ErrInvalidJSON, "(Die Datei endet mitten im JSON.)", err)
	}
	return wrap(ErrNotGeoJSON, "", err)
}

// geoParser accumulates the Map while the features are read.
type geoParser struct {
	opt   GeoOptions
	m     *Map
	crs   crs
	types map[string]int
	props *tableBuilder
	keys  map[string]int // property name → column
	bbox  municat.BoundingBox
	any   bool // bbox holds a coordinate
}

// feature adds one feature: counts, properties, bounding box, shapes.
func (p *geoParser) feature(f *geoObject) error {
	m := p.m
	m.Features++
	if m.Features <= p.opt.PropertyRows {
		p.properties(f.Properties)
	}
	c := p.crs
	if fc, ok, err := parseCRS(f.CRS); err != nil {
		return err
	} else if ok {
		c = fc
	}
	if len(f.Geometry) == 0 || bytes.Equal(f.Geometry, []byte("null")) {
		m.NoGeometry++
		return nil
	}
	var g geoObject
	if err := json.Unmarshal(f.Geometry, &g); err != nil {
		m.Invalid++
		return nil
	}
	shapes, err := p.geometry(&g, c, 0)
	if err != nil {
		if errors.Is(err, ErrInvalidGeometry) {
			m.Invalid++
			return nil
		}
		return err
	}
	p.types[g.Type]++
	n := 0
	for _, s := range shapes {
		for _, part := range s.parts {
			n += len(part)
		}
	}
	if m.Truncated || m.Drawn == p.opt.MaxFeatures || m.Vertices+n > p.opt.MaxVertices {
		m.Truncated = true
		return nil
	}
	m.Drawn++
	m.Vertices += n
	m.shapes = append(m.shapes, shapes...)
	return nil
}

// finish checks the result and sorts the counts.
func (p *geoParser) finish() (*Map, error) {
	m := p.m
	if m.Invalid > 0 && m.Invalid == m.Features {
		return nil, ErrInvalidGeometry
	}
	if p.any {
		b := p.bbox
		m.BBox = &b
	}
	m.CRS = p.crs.code
	for t, n := range p.types {
		m.Types = append(m.Types, TypeCount{Type: t, Count: n})
	}
	sort.Slice(m.Types, func(i, j int) bool {
		a, b := m.Types[i], m.Types[j]
		return a.Count > b.Count || a.Count == b.Count && a.Type < b.Type
	})
	m.Properties = p.props.finish()
	m.Properties.HasMore = m.Features > len(m.Properties.Rows)
	return m, nil
}

// extend grows the bounding box by a WGS84 position.
func (p *geoParser) extend(lon, lat float64) {
	if !p.any {
		p.bbox = municat.BoundingBox{West: lon, South: lat, East: lon, North: lat}
		p.any = true
		return
	}
	b := &p.bbox
	b.West, b.East = math.Min(b.West, lon), math.Max(b.East, lon)
	b.South, b.North = math.Min(b.South, lat), math.Max(b.North, lat)
}
