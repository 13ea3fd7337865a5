package harvester

import (
	"strings"
	"time"
)

// timeLayouts are the timestamp forms met in the metadata of the sources,
// tried in order; those without a zone are read as UTC. CKAN writes
// "2024-01-05T10:11:12.123456" (no zone), Opendatasoft and Socrata RFC 3339,
// data.json files any ISO 8601 form, and people typing into templates
// German dates.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	time.DateOnly,
	"02.01.2006",
	"2006-01",
	"2006",
}

// ParseTime reads a timestamp or date in one of the forms sources write
// ("2022-07-29T10:07:13.000Z", "2024-01-05T10:11:12.123456", "2019-06-10",
// "2019-06-10Z", "05.01.2024", "2019-06", "2019", offsets with or without
// a colon) and returns it in UTC. It returns nil for anything else and for
// years outside 1 to 9999, which JSON cannot hold.
func ParseTime(s string) *time.Time {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return nil
	}
	if len(s) == len("2006-01-02Z") && s[len(s)-1] == 'Z' {
		s = s[:len(s)-1]
	}
	for _, layout := range timeLayouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if y, u := t.Year(), t.UTC().Year(); y < 1 || y > 9999 || u < 1 || u > 9999 {
			return nil
		}
		t = t.UTC()
		return &t
	}
	return nil
}

// FirstTime returns the first of values that ParseTime reads, or nil.
func FirstTime(values ...string) *time.Time {
	for _, v := range values {
		if t := ParseTime(v); t != nil {
			return t
		}
	}
	return nil
}
