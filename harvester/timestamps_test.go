package harvester_test

import (
	"testing"
	"time"

	"github.com/municat/municat/harvester"
)

func TestParseTime(t *testing.T) {
	for in, want := range map[string]string{
		"2022-07-29T10:07:13.000Z":   "2022-07-29T10:07:13Z",
		"2019-06-10":                 "2019-06-10T00:00:00Z",
		"2019-06-10Z":                "2019-06-10T00:00:00Z",
		"2019-06":                    "2019-06-01T00:00:00Z",
		"2019":                       "2019-01-01T00:00:00Z",
		"2014-01-16 21:12:51":        "2014-01-16T21:12:51Z",
		"2024-05-01T12:00:00+0200":   "2024-05-01T10:00:00Z",
		"2024-05-01T12:00+02:00":     "2024-05-01T10:00:00Z",
		"2024-05-01T12:00:00.12345":  "2024-05-01T12:00:00.12345Z",
		"R/P1D":                      "",
		"06/10/2019":                 "",
		"05.01.2024":                 "2024-01-05T00:00:00Z",
		"2024-01-05T10:11:12.123456": "2024-01-05T10:11:12.123456Z",
		"0000-01-01":                 "",
		"0001-01-01T00:30:00+01:00":  "",
	} {
		got := ""
		if p := harvester.ParseTime(in); p != nil {
			got = p.Format(time.RFC3339Nano)
		}
		if got != want {
			t.Errorf("harvester.ParseTime(%q) = %q, want %q", in, got, want)
		}
	}
}
