package datajson

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// maxPlaceName is the longest text taken as a place name.
const maxPlaceName = 200

// spatial reads a DCAT-US spatial value. The schema allows a bounding box
// "west,south,east,north", a point "latitude,longitude", a GML geometry or
// a GeoNames place; sources also write GeoJSON geometries (as objects or as
// text), WKT and free place names. A box or point becomes BBox, a web
// address URIs, other text Names. GML and unfilled templates (ArcGIS Hub
// writes "{{extent:computeSpatialProperty}}" for items without an extent)
// give nothing, as does a box outside WGS84 degrees.
func spatial(v any) *municat.Spatial {
	sp := &municat.Spatial{}
	addSpatial(sp, v, 0)
	sp.Names, sp.URIs = harvester.Unique(sp.Names), harvester.Unique(sp.URIs)
	if sp.BBox == nil && len(sp.Names) == 0 && len(sp.URIs) == 0 {
		return nil
	}
	return sp
}

func addSpatial(sp *municat.Spatial, v any, depth int) {
	switch x := v.(type) {
	case map[string]any:
		if sp.BBox == nil {
			sp.BBox = geoJSONBBox(x)
		}
	case []any:
		if len(x) == 4 && allNumbers(x) {
			if sp.BBox == nil {
				sp.BBox = numbersBBox(x)
			}
			return
		}
		if depth < 2 {
			for _, item := range x {
				addSpatial(sp, item, depth+1)
			}
		}
	case string:
		addSpatialText(sp, strings.TrimSpace(x))
	}
}

func addSpatialText(sp *municat.Spatial, s string) {
	switch {
	case s == "" || strings.Contains(s, "{{") || strings.HasPrefix(s, "<"):
		return
	case strings.HasPrefix(s, "{"):
		var g any
		dec := json.NewDecoder(strings.NewReader(s))
		if dec.Decode(&g) == nil && sp.BBox == nil {
			if m, ok := g.(map[string]any); ok {
				sp.BBox = geoJSONBBox(m)
			}
		}
		return
	}
	if nums, ok := numberList(s); ok {
		if sp.BBox == nil {
			sp.BBox = coordBBox(nums)
		}
		return
	}
	if b, ok := wktBBox(s); ok {
		if sp.BBox == nil {
			sp.BBox = b
		}
		return
	}
	lower := strings.ToLower(s)
	if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") {
		if u := absoluteURL(s); u != "" {
			sp.URIs = append(sp.URIs, u)
		}
		return
	}
	if len(s) <= maxPlaceName {
		sp.Names = append(sp.Names, strings.Join(strings.Fields(s), " "))
	}
}

// numberList reads "a,b,c,d" or "a b c d" as numbers.
func numberList(s string) ([]float64, bool) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == ';' })
	if len(fields) != 2 && len(fields) != 4 {
		return nil, false
	}
	nums := make([]float64, len(fields))
	for i, f := range fields {
		n, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil, false
		}
		nums[i] = n
	}
	return nums, true
}

// coordBBox reads four numbers as west, south, east, north and two as
// latitude, longitude, as the DCAT-US schema orders them.
func coordBBox(nums []float64) *municat.BoundingBox {
	switch len(nums) {
	case 4:
		return municat.NewBoundingBox(nums[0], nums[1], nums[2], nums[3])
	case 2:
		return municat.NewBoundingBox(nums[1], nums[0], nums[1], nums[0])
	}
	return nil
}

// numbersBBox reads a list of four numbers (or numeric strings) as a box.
func numbersBBox(list []any) *municat.BoundingBox {
	if len(list) != 4 {
		return nil
	}
	nums := make([]float64, 4)
	for i, item := range list {
		n, ok := number(item)
		if !ok {
			return nil
		}
		nums[i] = n
	}
	return coordBBox(nums)
}

func allNumbers(list []any) bool {
	for _, item := range list {
		if _, ok := number(item); !ok {
			return false
		}
	}
	return true
}

// number returns a JSON number, or a string holding one, as a float.
func number(v any) (float64, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case float64:
		return x, true
	case string:
		s = strings.TrimSpace(x)
	default:
		return 0, false
	}
	n, err := strconv.ParseFloat(s, 64)
	return n, err == nil
}

// geoJSONBBox returns the bounds of a GeoJSON geometry, feature or
// feature collection: its "bbox" member if it has a valid one, else the
// bounds of all its coordinates.
func geoJSONBBox(g map[string]any) *municat.BoundingBox {
	if list, ok := g["bbox"].([]any); ok && len(list) == 4 {
		if b := numbersBBox(list); b != nil {
			return b
		}
	}
	return municat.GeoJSONBounds(g)
}

// wktShape matches the start of a WKT geometry, optionally after an
// EWKT SRID.
var wktShape = regexp.MustCompile(`(?i)^(?:SRID=\d+;\s*)?(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|ENVELOPE|BOX)\s*(?:Z|M|ZM)?\s*\(`)

// wktBBox returns the bounds of a WKT geometry; ok is false if s is no
// WKT. ENVELOPE is read as (minX, maxX, maxY, minY), as CQL writes it.
func wktBBox(s string) (*municat.BoundingBox, bool) {
	m := wktShape.FindStringSubmatch(s)
	if m == nil {
		return nil, false
	}
	body := strings.NewReplacer("(", " ", ")", " ").Replace(s[len(m[0])-1:])
	groups := strings.Split(body, ",")
	if strings.EqualFold(m[1], "ENVELOPE") {
		var nums []float64
		for _, g := range groups {
			n, err := strconv.ParseFloat(strings.TrimSpace(g), 64)
			if err != nil {
				return nil, true
			}
			nums = append(nums, n)
		}
		if len(nums) != 4 {
			return nil, true
		}
		return municat.NewBoundingBox(nums[0], nums[3], nums[1], nums[2]), true
	}
	var pts [][2]float64
	for _, g := range groups {
		f := strings.Fields(g)
		if len(f) < 2 {
			return nil, true
		}
		x, err1 := strconv.ParseFloat(f[0], 64)
		y, err2 := strconv.ParseFloat(f[1], 64)
		if err1 != nil || err2 != nil {
			return nil, true
		}
		pts = append(pts, [2]float64{x, y})
	}
	return municat.BoundsOf(pts), true
}
