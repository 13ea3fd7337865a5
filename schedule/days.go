package schedule

import (
	"slices"
	"strconv"
	"strings"
)

// monthlyPhrase reads "jeden N. [Tag] des Monats" or "am N. jedes Monats".
func (p *parser) monthlyPhrase() (int, bool, error) {
	start := p.i
	if !p.accept("jeden") && !p.accept("am") {
		return 0, false, nil
	}
	if !ordinalPattern.MatchString(p.peek()) {
		p.i = start
		return 0, false, nil
	}
	d, err := p.dayOfMonth(28)
	if err != nil {
		return 0, false, err
	}
	p.accept("tag")
	if !p.accept("des", "monats") && !p.accept("jedes", "monats") && !p.accept("im", "monat") {
		p.i = start
		return 0, false, nil
	}
	return d, true, nil
}

// dayOfMonth reads "N." with 1 ≤ N ≤ last.
func (p *parser) dayOfMonth(last int) (int, error) {
	w := p.next()
	m := ordinalPattern.FindStringSubmatch(w)
	if m == nil {
		return 0, invalid("Nach »am« fehlt der Tag des Monats, z. B. »monatlich am 1. um 02:00«.")
	}
	d, _ := strconv.Atoi(m[1])
	if d < 1 || d > last {
		return 0, invalid("Der %d. geht nicht: möglich ist der 1. bis %d., damit der Lauf in jedem Monat stattfindet.", d, last)
	}
	return d, nil
}

// dayAndMonth reads "am N. Monatsname" after "jährlich".
func (p *parser) dayAndMonth() (day, month int, err error) {
	p.accept("am")
	w := p.next()
	m := ordinalPattern.FindStringSubmatch(w)
	i := slices.Index(monthNames, p.next())
	if m == nil || i < 0 {
		return 0, 0, invalid("Für »jährlich« fehlen Tag und Monat, z. B. »jährlich am 2. Januar um 04:00«.")
	}
	d, _ := strconv.Atoi(m[1])
	if d < 1 || d > monthDays[i] {
		return 0, 0, invalid("Den %d. %s gibt es nicht in jedem Jahr.", d, strings.ToUpper(monthNames[i][:1])+monthNames[i][1:])
	}
	return d, i + 1, nil
}

// dayList reads weekdays: "montags", "montags und freitags", "jeden
// Dienstag", "dienstags bis samstags".
func (p *parser) dayList() ([7]bool, bool) {
	var set [7]bool
	found := false
	for {
		start := p.i
		if found {
			p.accept("und")
		}
		p.accept("jeden")
		p.accept("am")
		d, ok := dayNames[p.peek()]
		if !ok {
			p.i = start
			return set, found
		}
		p.i++
		set[d], found = true, true
		if p.accept("bis") {
			last, ok := dayNames[p.peek()]
			if !ok {
				p.i--
				return set, found
			}
			p.i++
			for x := d; x != last; x = (x + 1) % 7 {
				set[x] = true
			}
			set[last] = true
		}
	}
}

// dowSpec writes a set of weekdays as cron's day-of-week field: "*" for
// all, "1-5" for Monday to Friday, else the numbers ascending.
func dowSpec(set [7]bool) string {
	var nums []string
	for d, on := range set {
		if on {
			nums = append(nums, strconv.Itoa(d))
		}
	}
	switch s := strings.Join(nums, ","); s {
	case "0,1,2,3,4,5,6":
		return "*"
	case "1,2,3,4,5":
		return "1-5"
	default:
		return s
	}
}

// timeOfDay reads the last word as "HH[:MM]".
func (p *parser) timeOfDay() (hour, minute int, err error) {
	w := p.peek()
	m := timePattern.FindStringSubmatch(w)
	if m == nil {
		if w == "" {
			return 0, 0, invalid("Die Uhrzeit fehlt.")
		}
		return 0, 0, invalid("»%s« ist keine Uhrzeit; erwartet wird z. B. »03:00« oder »6 Uhr«.", quote(w))
	}
	p.i++
	hour, _ = strconv.Atoi(m[1])
	if m[2] != "" {
		minute, _ = strconv.Atoi(m[2])
	}
	if hour > 23 || minute > 59 {
		return 0, 0, invalid("Die Uhrzeit »%s« gibt es nicht: Stunden gehen von 0 bis 23, Minuten von 0 bis 59.", quote(w))
	}
	return hour, minute, nil
}
