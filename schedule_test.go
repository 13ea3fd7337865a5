package municat_test

import (
	"testing"
	"time"

	"github.com/municat/municat"
)

// TestParseScheduleEveryIsAligned checks that "@every" fires at the
// multiples of its interval since the Unix epoch, the same instants in
// every process and time zone, and that cron specs keep their meaning.
func TestParseScheduleEveryIsAligned(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		spec string
		loc  *time.Location
		now  time.Time
		want string
	}{
		{"@every 1s", berlin, at("2026-12-05T06:00:00.4Z"), "2026-12-05T06:00:01Z"},
		{"@every 1s", berlin, at("2026-12-05T06:00:01Z"), "2026-12-05T06:00:02Z"}, // strictly after
		{"@every 1m", berlin, at("2026-12-05T06:00:59.999999999Z"), "2026-12-05T06:01:00Z"},
		{"@every 7s", time.UTC, at("1970-01-01T00:00:13Z"), "1970-01-01T00:00:14Z"},
		{"@every 7s", time.UTC, at("1970-01-01T00:00:14Z"), "1970-01-01T00:00:21Z"},
		{"@every 7s", time.UTC, at("1969-12-31T23:59:59Z"), "1970-01-01T00:00:00Z"}, // before the epoch
		{"@every 7s", time.UTC, at("1969-12-31T23:59:52.5Z"), "1969-12-31T23:59:53Z"},
		{"@every 90m", berlin, at("2026-12-05T05:59:00Z"), "2026-12-05T06:00:00Z"},        // 1764914400 / 5400 is whole
		{"@every 1.5s", time.UTC, at("2026-12-05T06:00:00.1Z"), "2026-12-05T06:00:01.5Z"}, // 06:00:00 is a multiple,
		{"@every 24h", berlin, at("2026-12-05T06:00:00Z"), "2026-12-06T00:00:00Z"},        // midnight UTC, not Berlin
		{"TZ=America/New_York @every 1h", nil, at("2026-12-05T06:30:00Z"), "2026-12-05T07:00:00Z"},
		{"0 3 * * *", berlin, at("2026-12-05T06:00:00Z"), "2026-12-06T02:00:00Z"},
		{"@daily", time.UTC, at("2026-12-05T06:00:00Z"), "2026-12-06T00:00:00Z"},
	}
	for _, tt := range tests {
		sched, err := municat.ParseSchedule(tt.spec, tt.loc)
		if err != nil {
			t.Errorf("ParseSchedule(%q): %v", tt.spec, err)
			continue
		}
		got := sched.Next(tt.now)
		if !got.Equal(at(tt.want)) {
			t.Errorf("ParseSchedule(%q).Next(%s) = %s, want %s", tt.spec, tt.now.Format(time.RFC3339Nano), got.UTC().Format(time.RFC3339Nano), tt.want)
		}
		// A process asking later, before the instant, gets the same one.
		if mid := tt.now.Add(got.Sub(tt.now) / 2); !sched.Next(mid).Equal(got) {
			t.Errorf("ParseSchedule(%q).Next(%s) = %s, want %s", tt.spec, mid, sched.Next(mid), got)
		}
	}
}

func TestParseScheduleRejects(t *testing.T) {
	for _, spec := range []string{"@every 500ms", "@every 0s", "@every -1m", "@every soon", "every day", "61 * * * *"} {
		if _, err := municat.ParseSchedule(spec, time.UTC); err == nil {
			t.Errorf("ParseSchedule(%q): no error", spec)
		}
	}
}
