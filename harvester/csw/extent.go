package csw

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/municat/municat"
)

// extents returns the EX_Extent elements of the resource (gmd:extent of
// a dataset, srv:extent of a service).
func extents(ident *element) []*element {
	return ident.descendants(nsGMD, "EX_Extent")
}

// spatial returns the area the resource covers: the union of its valid
// geographic bounding boxes, the extent descriptions as names and the
// geographic identifiers (as URIs where they are web addresses); nil if
// there is none of these.
func spatial(ident *element) *municat.Spatial {
	sp := &municat.Spatial{}
	for _, ex := range extents(ident) {
		if name := value(ex.child(nsGMD, "description")); name != "" && !contains(sp.Names, name) {
			sp.Names = append(sp.Names, name)
		}
		for _, ge := range ex.children(nsGMD, "geographicElement") {
			for _, k := range ge.kids {
				switch {
				case k.is(nsGMD, "EX_GeographicBoundingBox"):
					if strings.EqualFold(value(k.child(nsGMD, "extentTypeCode")), "false") || value(k.child(nsGMD, "extentTypeCode")) == "0" {
						continue // an area left out, not covered
					}
					sp.BBox = union(sp.BBox, bbox(k))
				case k.is(nsGMD, "EX_GeographicDescription"):
					for _, gi := range k.children(nsGMD, "geographicIdentifier") {
						for _, idn := range gi.kids {
							c := value(idn.child(nsGMD, "code"))
							switch {
							case c == "":
							case absoluteURL(c) != "":
								if !contains(sp.URIs, c) {
									sp.URIs = append(sp.URIs, c)
								}
							case !contains(sp.Names, c):
								sp.Names = append(sp.Names, c)
							}
						}
					}
				}
			}
		}
	}
	if sp.BBox == nil && len(sp.Names) == 0 && len(sp.URIs) == 0 {
		return nil
	}
	return sp
}

// bbox reads an EX_GeographicBoundingBox; nil if a bound is missing or
// the box is impossible: out of range, or west of it east of east (a box
// across the antimeridian cannot be written as one municat box, and most
// such boxes in real records are swapped bounds).
func bbox(e *element) *municat.BoundingBox {
	w, okW := decimal(value(e.child(nsGMD, "westBoundLongitude")))
	east, okE := decimal(value(e.child(nsGMD, "eastBoundLongitude")))
	s, okS := decimal(value(e.child(nsGMD, "southBoundLatitude")))
	n, okN := decimal(value(e.child(nsGMD, "northBoundLatitude")))
	if !okW || !okE || !okS || !okN {
		return nil
	}
	return municat.NewBoundingBox(w, s, east, n)
}

// decimal parses a coordinate, also with a decimal comma.
func decimal(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// union returns the smallest box holding a and b (either may be nil).
func union(a, b *municat.BoundingBox) *municat.BoundingBox {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return &municat.BoundingBox{West: min(a.West, b.West), South: min(a.South, b.South), East: max(a.East, b.East), North: max(a.North, b.North)}
}

// temporal returns the first valid time span of the resource's temporal
// extents: a gml:TimePeriod (GML 3.1 or 3.2) with beginPosition and
// endPosition or begin and end instants, or a gml:TimeInstant. An end
// given as "now" or "unknown" stays open. It returns nil if there is no
// span, or none whose end is not before its start.
func temporal(ident *element) *municat.Period {
	for _, ex := range extents(ident) {
		for _, te := range ex.path(nsGMD, "temporalElement") {
			for _, k := range te.kids {
				for _, ext := range k.children(nsGMD, "extent") {
					for _, g := range ext.kids {
						if p := period(g); p != nil {
							return p
						}
					}
				}
			}
		}
	}
	return nil
}

// period reads a gml:TimePeriod or gml:TimeInstant; nil if it has no
// valid date or ends before it begins.
func period(g *element) *municat.Period {
	var p municat.Period
	switch {
	case isGML(g, "TimePeriod"):
		p.Start = position(gmlChild(g, "beginPosition"))
		if p.Start == nil {
			p.Start = position(gmlChild(gmlChild(gmlChild(g, "begin"), "TimeInstant"), "timePosition"))
		}
		p.End = position(gmlChild(g, "endPosition"))
		if p.End == nil {
			p.End = position(gmlChild(gmlChild(gmlChild(g, "end"), "TimeInstant"), "timePosition"))
		}
	case isGML(g, "TimeInstant"):
		p.Start = position(gmlChild(g, "timePosition"))
		p.End = p.Start
	}
	if p.Start == nil && p.End == nil || p.Start != nil && p.End != nil && p.End.Before(*p.Start) {
		return nil
	}
	return &p
}

// isGML reports whether e is the GML element local, in GML 3.1 or 3.2.
func isGML(e *element, local string) bool {
	return e != nil && e.name.Local == local && (e.name.Space == nsGML || e.name.Space == nsGML32)
}

// gmlChild returns the first child of e that is the GML element local.
func gmlChild(e *element, local string) *element {
	if e == nil {
		return nil
	}
	for _, k := range e.kids {
		if isGML(k, local) {
			return k
		}
	}
	return nil
}

// position reads a gml time position; nil if it is empty, indeterminate
// ("now", "unknown") or no date.
func position(e *element) *time.Time {
	if e == nil || e.attr("", "indeterminatePosition") != "" && e.text == "" {
		return nil
	}
	return parseDate(e.text)
}

// dateLayouts are the date forms ISO 19139 and GML records use.
var dateLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02Z07:00", "2006-01-02",
	"2006-01", "2006", "2006-01-02 15:04:05", "02.01.2006",
}

// parseDate parses an ISO 8601 date or date-time; a time without a zone
// is taken as UTC. It returns nil for anything else and for years before
// 1000 or after 9999.
func parseDate(s string) *time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1000 || t.Year() > 9999 {
				return nil
			}
			return &t
		}
	}
	return nil
}
