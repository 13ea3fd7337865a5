package ods

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/jsonvalue"
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
func spatial(meta, dc jsonvalue.Object) *municat.Spatial {
	s := &municat.Spatial{Names: meta.Strings("territory", false), BBox: bbox(meta["geographic_area"])}
	if v := dc.Str("spatial"); v != "" {
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
	return municat.GeoJSONBounds(g)
}
