package datajson

import (
	"strings"
	"testing"
	"time"
)

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }

func TestParsePeriod(t *testing.T) {
	for in, want := range map[string]string{
		"2000-01-15T00:45:00Z/2010-01-15T00:06:00Z": "2000-01-15T00:45:00Z 2010-01-15T00:06:00Z",
		"2000-01-15/2010":            "2000-01-15T00:00:00Z 2010-01-01T00:00:00Z",
		"2000-01-15/P1Y2M10DT2H30M":  "2000-01-15T00:00:00Z 2001-03-25T02:30:00Z",
		"P1W/2010-01-15":             "2010-01-08T00:00:00Z 2010-01-15T00:00:00Z",
		"R/2000-01-15T00:45:00Z/P1W": "2000-01-15T00:45:00Z -",
		"R5/2000-01-15/P1D":          "2000-01-15T00:00:00Z -",
		"2018":                       "2018-01-01T00:00:00Z -",
		"2000-01-01/..":              "2000-01-01T00:00:00Z -",
		"../2000-01-01":              "- 2000-01-01T00:00:00Z",
		"2020-01-01/2019-01-01":      "2020-01-01T00:00:00Z -",
		"9999-12-01/P1Y":             "9999-12-01T00:00:00Z -",
		"R/P1D":                      "",
		"2014-2017":                  "",
		"a/b/c":                      "",
		"":                           "",
	} {
		got := ""
		if p := parsePeriod(in); p != nil {
			start, end := "-", "-"
			if p.Start != nil {
				start = p.Start.Format(time.RFC3339)
			}
			if p.End != nil {
				end = p.End.Format(time.RFC3339)
			}
			got = start + " " + end
		}
		if got != want {
			t.Errorf("parsePeriod(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseDuration(t *testing.T) {
	for _, bad := range []string{"P", "PT", "P1", "P1.5Y", "1Y", "P1H", "PT1D", "P999999999Y", "P1Y1"} {
		if _, ok := parseDuration(bad); ok {
			t.Errorf("parseDuration(%q) accepted", bad)
		}
	}
	if d, ok := parseDuration("p2wt1s"); !ok || d.days != 14 || d.clock != time.Second {
		t.Errorf("parseDuration(p2wt1s) = %+v %v", d, ok)
	}
}
