package frontend

import (
	"strconv"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/preview"
)

// Size of the maps in viewBox units; CSS scales them to the page.
const (
	mapWidth  = 480
	mapHeight = 320
)

// spatialView is a dataset's spatial coverage as shown: place names and a
// map of the bounding box, drawn as inline SVG (no tile server).
type spatialView struct {
	Names []string
	Map   *mapView
}

// mapView is an inline SVG map with its text equivalent.
type mapView struct {
	preview.SVGView
	// ID names the map for aria-labelledby.
	ID string
	// Label says in words what the map shows: the box's coordinates.
	Label string
}

// newSpatialView returns the view of s, or nil when it has nothing to show.
func newSpatialView(l *locale, s *municat.Spatial) *spatialView {
	if s == nil || (len(s.Names) == 0 && s.BBox == nil) {
		return nil
	}
	v := &spatialView{Names: s.Names}
	if b := s.BBox; b != nil {
		v.Map = &mapView{SVGView: preview.BBoxSVG(*b, mapWidth, mapHeight), ID: "karte-raumbezug", Label: bboxLabel(l, *b)}
	}
	return v
}

// bboxLabel describes a bounding box in words, e.g. "Gebiet von 9,11° bis
// 9,222° östlicher Länge und 52,548° bis 52,612° nördlicher Breite".
func bboxLabel(l *locale, b municat.BoundingBox) string {
	deg := func(f float64) string {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if l.Lang == "de" {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s + "°"
	}
	return l.MustT("map.bbox", "West", deg(b.West), "East", deg(b.East), "South", deg(b.South), "North", deg(b.North))
}
