package server

import (
	"testing"
	"time"
)

func TestParseModifiedSince(t *testing.T) {
	berlin := time.FixedZone("", 3600)
	tests := []struct {
		in, canonical string
		want          time.Time
	}{
		{"2026-01-31", "2026-01-31", time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)},
		{"2026-01-31T12:30:00Z", "2026-01-31T12:30:00Z", time.Date(2026, 1, 31, 12, 30, 0, 0, time.UTC)},
		{"2026-01-31T12:30:00+01:00", "2026-01-31T12:30:00+01:00", time.Date(2026, 1, 31, 12, 30, 0, 0, berlin)},
		{"2026-01-31T12:30:00 01:00", "2026-01-31T12:30:00+01:00", time.Date(2026, 1, 31, 12, 30, 0, 0, berlin)},
		{"2026-01-31T12:30:00.25Z", "2026-01-31T12:30:00.25Z", time.Date(2026, 1, 31, 12, 30, 0, 25e7, time.UTC)},
		{"2026-01-31T12:30:00", "2026-01-31T12:30:00", time.Date(2026, 1, 31, 12, 30, 0, 0, time.UTC)},
		{"2026-01-31T12:30", "2026-01-31T12:30", time.Date(2026, 1, 31, 12, 30, 0, 0, time.UTC)},
		{"2026-01-31T12:30+01:00", "2026-01-31T12:30+01:00", time.Date(2026, 1, 31, 12, 30, 0, 0, berlin)},
	}
	for _, tt := range tests {
		got, canonical, err := parseModifiedSince(tt.in)
		if err != nil || !got.Equal(tt.want) || canonical != tt.canonical {
			t.Errorf("parseModifiedSince(%q) = %v, %q, %v; want %v, %q", tt.in, got, canonical, err, tt.want, tt.canonical)
		}
	}
	for _, in := range []string{"", "gestern", "2026-1-31", "31.01.2026", "2026-02-30", "2026-01-31T24:00:00Z", "2026-01-31 12:30:00", "20260131", "2026-01-31T12:30:00+0100"} {
		if got, _, err := parseModifiedSince(in); err == nil {
			t.Errorf("parseModifiedSince(%q) = %v, want an error", in, got)
		}
	}
}

func FuzzParseModifiedSince(f *testing.F) {
	for _, s := range []string{"2026-01-31", "2026-01-31T12:30:00Z", "2026-01-31T12:30:00 01:00", "2026-01-31T12:30:00.123456789-05:30", "2026-01-31T12:30", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, canonical, err := parseModifiedSince(s)
		if err != nil {
			return
		}
		// What the paging links repeat parses to the same time.
		again, canonical2, err := parseModifiedSince(canonical)
		if err != nil || !again.Equal(got) || canonical2 != canonical {
			t.Fatalf("%q → %v %q; its canonical form → %v %q %v", s, got, canonical, again, canonical2, err)
		}
	})
}
