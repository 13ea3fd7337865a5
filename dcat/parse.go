package dcat

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/municat/municat"
)

// timeLayouts are the date and time forms parseTime understands, tried in
// order. Layouts without a zone are read as UTC.
var timeLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05", time.DateOnly, "2006-01-02Z07:00", "2006-01", "2006", "02.01.2006",
}

// parseTime reads an ISO 8601 date or date-time (xsd:date, xsd:dateTime,
// xsd:gYearMonth, xsd:gYear, also with a space instead of "T") or a German
// date ("31.12.2024"); nil if s is none of these.
func parseTime(s string) *time.Time {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return nil
	}
	if strings.HasSuffix(s, "Z") && len(s) == len("2006-01-02Z") {
		s = s[:len(s)-1]
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return &t
		}
	}
	return nil
}

// parseGeometry returns the bounding box of a geometry literal: WKT
// (POLYGON, MULTIPOLYGON, POINT, LINESTRING, BOX, ENVELOPE; optionally
// preceded by a CRS IRI), GeoJSON, or a GML envelope/polygon with
// lowerCorner/upperCorner or posList. It returns nil for anything else and
// for coordinates outside WGS84 degrees.
func parseGeometry(s string) *municat.BoundingBox {
	s = strings.TrimSpace(s)
	if len(s) > 1<<20 {
		return nil
	}
	switch {
	case strings.HasPrefix(s, "{"):
		return geoJSONBBox(s)
	case strings.HasPrefix(s, "<") && strings.Contains(s, "gml"):
		return gmlBBox(s)
	}
	if strings.HasPrefix(s, "<") {
		if i := strings.IndexByte(s, '>'); i > 0 {
			s = strings.TrimSpace(s[i+1:])
		}
	}
	open := strings.IndexByte(s, '(')
	if open < 0 {
		return nil
	}
	kind := strings.ToUpper(strings.Fields(s[:open] + " x")[0])
	body := strings.NewReplacer("(", " ", ")", " ").Replace(s[open:])
	var pts [][2]float64
	var singles []float64
	for _, group := range strings.Split(body, ",") {
		f := strings.Fields(group)
		switch {
		case len(f) == 1:
			v, err := strconv.ParseFloat(f[0], 64)
			if err != nil {
				return nil
			}
			singles = append(singles, v)
		case len(f) >= 2:
			x, err1 := strconv.ParseFloat(f[0], 64)
			y, err2 := strconv.ParseFloat(f[1], 64)
			if err1 != nil || err2 != nil {
				return nil
			}
			pts = append(pts, [2]float64{x, y})
		}
	}
	if kind == "ENVELOPE" && len(singles) == 4 && len(pts) == 0 {
		// CQL/WKT ENVELOPE(minX, maxX, maxY, minY)
		return municat.NewBoundingBox(singles[0], singles[3], singles[1], singles[2])
	}
	if len(singles) > 0 {
		return nil
	}
	return municat.BoundsOf(pts)
}

// geoJSONBBox returns the bounds of a GeoJSON geometry's coordinates.
func geoJSONBBox(s string) *municat.BoundingBox {
	var g struct {
		Coordinates any `json:"coordinates"`
	}
	if json.Unmarshal([]byte(s), &g) != nil {
		return nil
	}
	return municat.GeoJSONBounds(g.Coordinates)
}

var gmlCoords = regexp.MustCompile(`(?s)<(?:\w+:)?(lowerCorner|upperCorner|posList|pos|coordinates)[^>]*>([^<]*)<`)

// gmlBBox returns the bounds of a GML geometry. EPSG:4326 GML lists
// latitude first; CRS84 and unknown CRSs are read longitude first.
func gmlBBox(s string) *municat.BoundingBox {
	latFirst := strings.Contains(s, "4326") && !strings.Contains(strings.ToUpper(s), "CRS84")
	var nums []float64
	for _, m := range gmlCoords.FindAllStringSubmatch(s, -1) {
		for _, f := range strings.FieldsFunc(m[2], func(r rune) bool { return r == ' ' || r == ',' || r == '\n' || r == '\t' }) {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				return nil
			}
			nums = append(nums, v)
		}
	}
	if len(nums) < 2 || len(nums)%2 != 0 {
		return nil
	}
	pts := make([][2]float64, 0, len(nums)/2)
	for i := 0; i+1 < len(nums); i += 2 {
		if latFirst {
			pts = append(pts, [2]float64{nums[i+1], nums[i]})
		} else {
			pts = append(pts, [2]float64{nums[i], nums[i+1]})
		}
	}
	return municat.BoundsOf(pts)
}
