package datajson

import (
	"strconv"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// checkedTime returns &t unless t lies outside the years 1 to 9999 (in its
// own zone or in UTC), which JSON cannot hold.
func checkedTime(t time.Time) *time.Time {
	if y, u := t.Year(), t.UTC().Year(); y < 1 || y > 9999 || u < 1 || u > 9999 {
		return nil
	}
	return &t
}

// duration is an ISO 8601 duration: calendar parts and a clock part.
type duration struct {
	years, months, days int
	clock               time.Duration
}

// maxDurationPart caps each number of a duration, so that adding it to a
// date cannot overflow.
const maxDurationPart = 100_000

// parseDuration reads an ISO 8601 duration such as "P1Y", "P2W", "P1DT12H"
// or "PT30M" (whole numbers only); ok is false for anything else.
func parseDuration(s string) (d duration, ok bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) < 3 || s[0] != 'P' || len(s) > 64 {
		return d, false
	}
	inTime, found := false, false
	num := ""
	for _, r := range s[1:] {
		switch {
		case r >= '0' && r <= '9':
			num += string(r)
			continue
		case r == 'T' && !inTime && num == "":
			inTime = true
			continue
		}
		n, err := strconv.Atoi(num)
		if err != nil || n > maxDurationPart {
			return d, false
		}
		num, found = "", true
		switch {
		case !inTime && r == 'Y':
			d.years += n
		case !inTime && r == 'M':
			d.months += n
		case !inTime && r == 'W':
			d.days += 7 * n
		case !inTime && r == 'D':
			d.days += n
		case inTime && r == 'H':
			d.clock += time.Duration(n) * time.Hour
		case inTime && r == 'M':
			d.clock += time.Duration(n) * time.Minute
		case inTime && r == 'S':
			d.clock += time.Duration(n) * time.Second
		default:
			return d, false
		}
	}
	return d, found && num == ""
}

// after returns t plus d (sign 1) or minus d (sign -1), or nil if that
// leaves the years JSON can hold.
func (d duration) after(t time.Time, sign int) *time.Time {
	return checkedTime(t.AddDate(sign*d.years, sign*d.months, sign*d.days).Add(time.Duration(sign) * d.clock))
}

// parsePeriod reads a DCAT-US temporal value, an ISO 8601 interval:
// "start/end", "start/duration", "duration/end", or a repeating interval
// "R/start/duration" or "R5/start/duration" (of which only the start is
// kept, since it repeats). A part that does not parse is left open; a single
// date gives a period open at the end; nil if nothing parses. An end
// before the start is dropped.
func parsePeriod(s string) *municat.Period {
	parts := strings.Split(strings.TrimSpace(s), "/")
	repeating := len(parts) > 0 && strings.HasPrefix(strings.ToUpper(strings.TrimSpace(parts[0])), "R")
	if repeating {
		parts = parts[1:]
	}
	if len(parts) == 0 || len(parts) > 2 {
		return nil
	}
	p := &municat.Period{Start: harvester.ParseTime(parts[0])}
	if len(parts) == 2 {
		p.End = harvester.ParseTime(parts[1])
		startDur, okStart := parseDuration(parts[0])
		endDur, okEnd := parseDuration(parts[1])
		switch {
		case repeating:
			p.End = nil
		case p.Start != nil && okEnd:
			p.End = endDur.after(*p.Start, 1)
		case p.End != nil && okStart:
			p.Start = startDur.after(*p.End, -1)
		}
	}
	if p.Start != nil && p.End != nil && p.End.Before(*p.Start) {
		p.End = nil
	}
	if p.Start == nil && p.End == nil {
		return nil
	}
	return p
}
