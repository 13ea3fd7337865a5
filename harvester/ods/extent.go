package ods

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// temporal reads the DCAT template's temporal coverage, an ISO 8601
// interval such as "2019-01-01/2023-12-31" (either end may be empty or
// ".."), or a single date (taken as both ends), month or year (taken as
// its whole span). A year or month at the end of an interval ends with its
// last second. It returns nil for text it cannot read and for an end before
// the start.
func temporal(s string) *municat.Period {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	from, to, interval := strings.Cut(s, "/")
	if !interval {
		to = from
	}
	p := &municat.Period{Start: openEnd(from, false), End: openEnd(to, true)}
	if p.Start == nil && p.End == nil || p.Start != nil && p.End != nil && p.End.Before(*p.Start) {
		return nil
	}
	return p
}

// openEnd reads one end of an interval; "" and ".." are open. A year
// ("2023") or a month ("2023-06") at the end of the interval stands for
// its last second.
func openEnd(s string, end bool) *time.Time {
	if s = strings.TrimSpace(s); s == ".." {
		return nil
	}
	t := harvester.ParseTime(s)
	if t == nil || !end {
		return t
	}
	var last time.Time
	switch len(s) {
	case 4:
		last = t.AddDate(1, 0, 0).Add(-time.Second)
	case 7:
		last = t.AddDate(0, 1, 0).Add(-time.Second)
	default:
		return t
	}
	if last.Year() > 9999 {
		return t
	}
	return &last
}

// spatial returns the area the dataset covers: the names of
// metas.default.territory and of the DCAT template's spatial coverage (or
// its address, when it is one), and the bounding box of
// metas.default.geographic_area when that is a GeoJSON geometry in WGS84.
// nil if there is none of these.
func spatial(meta, dc object) *municat.Spatial {
	s := &municat.Spatial{Names: meta.strings("territory", false), BBox: bbox(meta["geographic_area"])}
	if v := dc.str("spatial"); v != "" {
		if u := absoluteURL(v); u != "" {
			s.URIs = []string{u}
		} else if !strings.HasPrefix(v, "{") && !slices.Contains(s.Names, v) {
			s.Names = append(s.Names, v)
		}
	}
	if s.BBox == nil {
		s.BBox = bbox(dc["spatial"])
	}
	if s.BBox == nil && len(s.Names) == 0 && len(s.URIs) == 0 {
		return nil
	}
	return s
}

// bbox returns the WGS84 bounding box of a GeoJSON geometry, feature or
// feature collection, given as JSON or as JSON text in a string, or nil if
// it is none or its coordinates are no longitudes and latitudes.
func bbox(raw json.RawMessage) *municat.BoundingBox {
	var g any
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil
	}
	if s, ok := g.(string); ok {
		if err := json.Unmarshal([]byte(s), &g); err != nil {
			return nil
		}
	}
	if _, ok := g.(map[string]any); !ok {
		return nil
	}
	b := &municat.BoundingBox{West: math.Inf(1), South: math.Inf(1), East: math.Inf(-1), North: math.Inf(-1)}
	if !extend(b, g) || b.West < -180 || b.East > 180 || b.South < -90 || b.North > 90 {
		return nil
	}
	return b
}

// extend widens b by every position in the GeoJSON value v and reports
// whether it found one.
func extend(b *municat.BoundingBox, v any) bool {
	found := false
	switch t := v.(type) {
	case map[string]any:
		for _, k := range []string{"coordinates", "geometries", "geometry", "features"} {
			if extend(b, t[k]) {
				found = true
			}
		}
	case []any:
		if len(t) >= 2 {
			x, okx := t[0].(float64)
			y, oky := t[1].(float64)
			if okx && oky {
				b.West, b.East = math.Min(b.West, x), math.Max(b.East, x)
				b.South, b.North = math.Min(b.South, y), math.Max(b.North, y)
				return true
			}
		}
		for _, e := range t {
			if extend(b, e) {
				found = true
			}
		}
	}
	return found
}
