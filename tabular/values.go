package tabular

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// cell is one typed value of a table. Integer, Date (days since
// 1970-01-01) and Boolean (0 or 1) use i, Number f, Text s.
type cell struct {
	null bool
	i    int64
	f    float64
	s    string
}

// numberFormat says how a number column writes its numbers.
type numberFormat uint8

const (
	// pointFormat: 1234.5 (no thousands separator).
	pointFormat numberFormat = iota
	// commaFormat: 1.234,5 (German: thousands dots, decimal comma).
	commaFormat
)

// digits reports whether s is a non-empty run of ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// sign splits off a leading + or -.
func sign(s string) (neg bool, rest string) {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		return s[0] == '-', s[1:]
	}
	return false, s
}

// leadingZero reports whether the integer part has a leading zero ("007",
// "01.01"): such values are codes (postcodes, keys), not numbers.
func leadingZero(intPart string) bool { return len(intPart) > 1 && intPart[0] == '0' }

// parseInt parses a plain integer without thousands separator.
func parseInt(s string) (int64, bool) {
	_, rest := sign(s)
	if !digits(rest) || leadingZero(rest) {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// parsePoint parses a number with a decimal point and optional exponent:
// 12, 12.5, -0.25, 1.5e3.
func parsePoint(s string) (float64, bool) {
	_, rest := sign(s)
	mant, exp, hasExp := strings.Cut(rest, "e")
	if !hasExp {
		mant, exp, hasExp = strings.Cut(rest, "E")
	}
	ip, fp, hasPoint := strings.Cut(mant, ".")
	if !digits(ip) || leadingZero(ip) || hasPoint && !digits(fp) {
		return 0, false
	}
	if hasExp {
		_, e := sign(exp)
		if !digits(e) {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// parseComma parses a German number: 1234, 1.234, 1.234.567,5, -0,25. It
// reports whether the value had a decimal comma.
func parseComma(s string) (f float64, comma, ok bool) {
	neg, rest := sign(s)
	ip, fp, comma := strings.Cut(rest, ",")
	if comma && !digits(fp) {
		return 0, false, false
	}
	if strings.Contains(ip, ".") {
		groups := strings.Split(ip, ".")
		if len(groups[0]) > 3 || !digits(groups[0]) || groups[0][0] == '0' {
			return 0, false, false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 || !digits(g) {
				return 0, false, false
			}
		}
		ip = strings.Join(groups, "")
	} else if !digits(ip) || leadingZero(ip) {
		return 0, false, false
	}
	plain := ip
	if comma {
		plain += "." + fp
	}
	f, err := strconv.ParseFloat(plain, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, false, false
	}
	if neg {
		f = -f
	}
	return f, comma, true
}

// parseBool parses the usual German and English words for true and false.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "true", "wahr", "ja", "yes":
		return true, true
	case "false", "falsch", "nein", "no":
		return false, true
	}
	return false, false
}

// epochDay is the Unix time of a day in seconds.
const epochDay = 24 * 60 * 60

// parseDate parses 2024-01-31 or 31.01.2024 (also 1.1.2024) into days since
// 1970-01-01.
func parseDate(s string) (int64, bool) {
	var t time.Time
	var err error
	switch {
	case len(s) == 10 && s[4] == '-':
		t, err = time.Parse("2006-01-02", s)
	case len(s) >= 8 && len(s) <= 10 && strings.Count(s, ".") == 2:
		t, err = time.Parse("2.1.2006", s)
	default:
		return 0, false
	}
	if err != nil || t.Year() < 1 {
		return 0, false
	}
	return t.Unix() / epochDay, true
}

// formatDate returns the ISO 8601 date of days since 1970-01-01.
func formatDate(days int64) string {
	return time.Unix(days*epochDay, 0).UTC().Format("2006-01-02")
}

// parseCell parses a (trimmed, non-empty) cell of the file by the column's
// type and number format.
func parseCell(t Type, nf numberFormat, s string) (cell, bool) {
	switch t {
	case Integer:
		if nf == commaFormat {
			f, comma, ok := parseComma(s)
			if !ok || comma || f != math.Trunc(f) || math.Abs(f) >= 1<<63 {
				return cell{}, false
			}
			return cell{i: int64(f)}, true
		}
		n, ok := parseInt(s)
		return cell{i: n}, ok
	case Number:
		if nf == commaFormat {
			f, _, ok := parseComma(s)
			return cell{f: f}, ok
		}
		f, ok := parsePoint(s)
		return cell{f: f}, ok
	case Boolean:
		b, ok := parseBool(s)
		return boolCell(b), ok
	case Date:
		d, ok := parseDate(s)
		return cell{i: d}, ok
	}
	return cell{s: s}, true
}

// parseValue parses a value given in a request for a column of type t: the
// canonical form the API writes first (12.5, 2024-01-31, true), then the
// German forms of files (12,5, 31.01.2024, ja).
func parseValue(t Type, s string) (cell, bool) {
	s = strings.TrimSpace(s)
	switch t {
	case Integer:
		if c, ok := parseCell(Integer, pointFormat, s); ok {
			return c, true
		}
		return parseCell(Integer, commaFormat, s)
	case Number:
		if c, ok := parseCell(Number, pointFormat, s); ok {
			return c, true
		}
		if n, ok := parseInt(strings.TrimLeft(s, "0")); ok && s != "" {
			return cell{f: float64(n)}, true
		}
		return parseCell(Number, commaFormat, s)
	}
	return parseCell(t, pointFormat, s)
}

func boolCell(b bool) cell {
	if b {
		return cell{i: 1}
	}
	return cell{}
}

// export returns the value of c as the API shows it: nil, int64, float64,
// bool or string.
func (c cell) export(t Type) any {
	if c.null {
		return nil
	}
	switch t {
	case Integer:
		return c.i
	case Number:
		return c.f
	case Boolean:
		return c.i == 1
	case Date:
		return formatDate(c.i)
	}
	return c.s
}

// text returns the value of c as CSV output and cursors write it.
func (c cell) text(t Type) string {
	if c.null {
		return ""
	}
	switch t {
	case Integer:
		return strconv.FormatInt(c.i, 10)
	case Number:
		return strconv.FormatFloat(c.f, 'g', -1, 64)
	case Boolean:
		return strconv.FormatBool(c.i == 1)
	case Date:
		return formatDate(c.i)
	}
	return c.s
}

// compare orders two non-null cells of type t.
func compare(t Type, a, b cell) int {
	switch t {
	case Number:
		switch {
		case a.f < b.f:
			return -1
		case a.f > b.f:
			return 1
		}
		return 0
	case Text:
		return strings.Compare(a.s, b.s)
	}
	switch {
	case a.i < b.i:
		return -1
	case a.i > b.i:
		return 1
	}
	return 0
}
