package preview

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// shapeKind says how a shape is drawn.
type shapeKind uint8

const (
	pointShape shapeKind = iota // each vertex a dot
	lineShape                   // each part an open line
	areaShape                   // a polygon: the outline, then holes
)

// shape is the WGS84 geometry of a feature (or a GeometryCollection
// member) in drawing form: points, lines or rings as [lon, lat] vertices.
type shape struct {
	kind  shapeKind
	parts [][][2]float64
}

// geometryTypes are the GeoJSON geometry types.
var geometryTypes = map[string]struct{}{
	"Point": {}, "MultiPoint": {}, "LineString": {}, "MultiLineString": {},
	"Polygon": {}, "MultiPolygon": {}, "GeometryCollection": {},
}

// geometry converts a geometry object in CRS c (unless it declares its own)
// to shapes and extends the bounding box. Malformed geometries give
// ErrInvalidGeometry; coordinates out of range ErrCoordinates.
func (p *geoParser) geometry(g *geoObject, c crs, depth int) ([]shape, error) {
	if gc, ok, err := parseCRS(g.CRS); err != nil {
		return nil, err
	} else if ok {
		c = gc
	}
	var (
		kind  shapeKind
		parts [][][]float64
	)
	switch g.Type {
	case "Point":
		var pos []float64
		if err := decode(g.Coordinates, &pos); err != nil {
			return nil, err
		}
		if len(pos) == 0 {
			return nil, nil // an empty geometry
		}
		kind, parts = pointShape, [][][]float64{{pos}}
	case "MultiPoint", "LineString":
		var line [][]float64
		if err := decode(g.Coordinates, &line); err != nil {
			return nil, err
		}
		kind, parts = lineShape, [][][]float64{line}
		if g.Type == "MultiPoint" {
			kind = pointShape
		}
	case "MultiLineString", "Polygon":
		if err := decode(g.Coordinates, &parts); err != nil {
			return nil, err
		}
		kind = lineShape
		if g.Type == "Polygon" {
			kind = areaShape
		}
	case "MultiPolygon":
		var polygons [][][][]float64
		if err := decode(g.Coordinates, &polygons); err != nil {
			return nil, err
		}
		// One shape per polygon: its first ring is the outline.
		var shapes []shape
		for _, rings := range polygons {
			s, err := p.shape(areaShape, rings, c)
			if err != nil {
				return nil, err
			}
			shapes = append(shapes, s...)
		}
		return shapes, nil
	case "GeometryCollection":
		if depth >= maxNesting {
			return nil, ErrInvalidGeometry
		}
		var shapes []shape
		for _, raw := range g.Geometries {
			var member geoObject
			if err := decode(raw, &member); err != nil {
				return nil, err
			}
			s, err := p.geometry(&member, c, depth+1)
			if err != nil {
				return nil, err
			}
			shapes = append(shapes, s...)
		}
		return shapes, nil
	default:
		return nil, ErrInvalidGeometry
	}
	return p.shape(kind, parts, c)
}

// shape converts the parts of one shape from CRS c to WGS84, extending the
// bounding box. Empty parts are dropped; no parts give no shape.
func (p *geoParser) shape(kind shapeKind, parts [][][]float64, c crs) ([]shape, error) {
	s := shape{kind: kind, parts: make([][][2]float64, 0, len(parts))}
	for _, part := range parts {
		if len(part) == 0 {
			continue
		}
		out := make([][2]float64, len(part))
		for i, pos := range part {
			if len(pos) < 2 {
				return nil, ErrInvalidGeometry
			}
			lon, lat, ok := c.toWGS84(pos[0], pos[1])
			if !ok {
				return nil, coordinateErr(pos[0], pos[1], c)
			}
			p.extend(lon, lat)
			out[i] = [2]float64{lon, lat}
		}
		s.parts = append(s.parts, out)
	}
	if len(s.parts) == 0 {
		return nil, nil
	}
	return []shape{s}, nil
}

// decode unmarshals coordinates or a geometry, reporting any failure as
// ErrInvalidGeometry.
func decode(raw json.RawMessage, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		return wrap(ErrInvalidGeometry, "", err)
	}
	return nil
}

// coordinateErr names the first coordinate outside the range of c.
func coordinateErr(x, y float64, c crs) error {
	name := c.code
	if name == "" {
		name = "WGS84 (EPSG:4326)"
	}
	return wrap(ErrCoordinates, fmt.Sprintf("(Koordinate %s, %s; Koordinatenreferenzsystem %s)",
		strconv.FormatFloat(x, 'f', -1, 64), strconv.FormatFloat(y, 'f', -1, 64), name), nil)
}
