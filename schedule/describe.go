package schedule

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dayAdverbs are the German weekdays as adverbs, by cron number.
var dayAdverbs = [7]string{"sonntags", "montags", "dienstags", "mittwochs", "donnerstags", "freitags", "samstags"}

// descriptorText describes the descriptors besides @every.
var descriptorText = map[string]string{
	"@hourly":   "stündlich",
	"@daily":    "täglich um 00:00 Uhr",
	"@midnight": "täglich um 00:00 Uhr",
	"@weekly":   "sonntags um 00:00 Uhr",
	"@monthly":  "monatlich am 1. um 00:00 Uhr",
	"@yearly":   "jährlich am 1. Januar um 00:00 Uhr",
	"@annually": "jährlich am 1. Januar um 00:00 Uhr",
}

// Describe says in German when spec runs: "0 3 * * *" → "täglich um 03:00
// Uhr", "*/15 * * * *" → "alle 15 Minuten", "0 6 * * 1-5" → "werktags um
// 06:00 Uhr", "" → "nur von Hand". Every specification Parse makes from
// German is described so that Parse reads the description as the same
// specification; a cron expression of another shape is described as "nach
// dem Zeitplan »…«".
func Describe(spec string) string {
	s := strings.Join(strings.Fields(spec), " ")
	if s == "" {
		return "nur von Hand"
	}
	if text := describe(s); text != "" {
		return text
	}
	return "nach dem Zeitplan »" + s + "«"
}

// describe returns the German for s, or "" for a shape it does not know.
func describe(s string) string {
	if strings.HasPrefix(s, "@") {
		return describeDescriptor(strings.ToLower(s))
	}
	f := strings.Fields(s)
	if len(f) != 5 {
		return ""
	}
	minute, hour, dom, month, dow := f[0], f[1], f[2], f[3], f[4]
	if dom == "*" && month == "*" && dow == "*" {
		if text := describeInterval(minute, hour); text != "" {
			return text
		}
	}
	m, okM := number(minute, 0, 59)
	h, okH := number(hour, 0, 23)
	if !okM || !okH {
		return ""
	}
	at := fmt.Sprintf("um %02d:%02d Uhr", h, m)
	switch {
	case dom == "*" && month == "*":
		days := describeDays(dow)
		if days == "" {
			return ""
		}
		return days + " " + at
	case month == "*" && dow == "*":
		d, ok := number(dom, 1, 28)
		if !ok {
			return ""
		}
		return fmt.Sprintf("monatlich am %d. %s", d, at)
	case dow == "*":
		mo, ok := number(month, 1, 12)
		if !ok {
			return ""
		}
		d, ok := number(dom, 1, monthDays[mo-1])
		if !ok {
			return ""
		}
		name := monthNames[mo-1]
		return fmt.Sprintf("jährlich am %d. %s %s", d, strings.ToUpper(name[:1])+name[1:], at)
	}
	return ""
}

// describeInterval describes the specifications that run every hour or
// every few minutes or hours, or returns "".
func describeInterval(minute, hour string) string {
	if hour == "*" {
		if m, ok := number(minute, 0, 59); ok {
			if m == 0 {
				return "stündlich"
			}
			return fmt.Sprintf("stündlich zur Minute %d", m)
		}
		if rest, ok := strings.CutPrefix(minute, "*/"); ok {
			if n, ok := number(rest, 5, 60); ok && 60%n == 0 {
				if n == 60 {
					return "stündlich"
				}
				return fmt.Sprintf("alle %d Minuten", n)
			}
		}
		return ""
	}
	rest, ok := strings.CutPrefix(hour, "*/")
	if !ok || minute != "0" {
		return ""
	}
	switch n, ok := number(rest, 1, 24); {
	case !ok || 24%n != 0:
		return ""
	case n == 1:
		return "stündlich"
	case n == 24:
		return "täglich um 00:00 Uhr"
	default:
		return fmt.Sprintf("alle %d Stunden", n)
	}
}

// describeDays describes a day-of-week field of numbers, lists and
// ranges ("*", "1-5", "0,6", "2-4,6"), or returns "".
func describeDays(dow string) string {
	if dow == "*" {
		return "täglich"
	}
	var set [7]bool
	for _, part := range strings.Split(dow, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, ok := number(lo, 0, 6)
		if !ok {
			return ""
		}
		b := a
		if isRange {
			if b, ok = number(hi, a, 6); !ok {
				return ""
			}
		}
		for d := a; d <= b; d++ {
			set[d] = true
		}
	}
	switch dowSpec(set) {
	case "*":
		return "täglich"
	case "1-5":
		return "werktags"
	}
	var names []string
	for i := 1; i <= 7; i++ { // Monday first
		if set[i%7] {
			names = append(names, dayAdverbs[i%7])
		}
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " und " + names[len(names)-1]
}

// describeDescriptor describes "@daily", "@every 2h" and the like.
func describeDescriptor(s string) string {
	if text, ok := descriptorText[s]; ok {
		return text
	}
	rest, ok := strings.CutPrefix(s, "@every ")
	if !ok {
		return ""
	}
	d, err := time.ParseDuration(rest)
	if err != nil || d <= 0 {
		return ""
	}
	return "alle " + germanDuration(d) + ", gezählt ab dem Start von municat"
}

// germanDuration writes d as e.g. "2 Stunden", "90 Minuten" or "45
// Sekunden".
func germanDuration(d time.Duration) string {
	unit := func(n int64, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.FormatInt(n, 10) + " " + many
	}
	switch {
	case d%time.Hour == 0:
		return unit(int64(d/time.Hour), "Stunde", "Stunden")
	case d%time.Minute == 0:
		return unit(int64(d/time.Minute), "Minute", "Minuten")
	case d%time.Second == 0:
		return unit(int64(d/time.Second), "Sekunde", "Sekunden")
	}
	return d.String()
}

// number reads a plain decimal number (digits only, no sign) between lo
// and hi.
func number(s string, lo, hi int) (int, bool) {
	if s == "" || len(s) > 2 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= lo && n <= hi
}
