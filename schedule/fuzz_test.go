package schedule

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// FuzzParse checks that Parse never panics, that what it accepts is a valid
// schedule it reads again as itself, that its errors are EINVALID with the
// examples, and that Describe's German means the same schedule.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "täglich um 03:00", "stündlich", "werktags um 6 Uhr", "montags 7:30",
		"jeden 1. des Monats um 02:00", "alle 15 Minuten", "@daily", "0 3 * * *",
		"montags, mittwochs und freitags um 7", "freitags bis montags um 1",
		"jährlich am 24. Dezember um 6", "3 Uhr täglich", "@every 6h", "*/10 * * * 1-5",
		"0 7 * * 5,1", "0 3 31 2 *", "alle zwei Stunden", "stündlich zur Minute 30", "nur von Hand",
	} {
		f.Add(s)
	}
	from := time.Date(2026, 3, 28, 10, 0, 0, 0, time.UTC)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		spec, err := Parse(text)
		if err != nil {
			if !errors.Is(err, municat.ErrInvalid) || !strings.Contains(municat.ErrorMessage(err), "»alle 15 Minuten«") {
				t.Fatalf("Parse(%q): %v, want EINVALID with examples", text, err)
			}
			return
		}
		if spec == "" {
			return
		}
		sched, err := municat.ParseSchedule(spec, berlin)
		if err != nil {
			t.Fatalf("Parse(%q) = %q, not a valid schedule: %v", text, spec, err)
		}
		if again, err := Parse(spec); err != nil || again != spec {
			t.Fatalf("Parse(Parse(%q)) = %q, %v; want %q", text, again, err, spec)
		}
		desc := Describe(spec)
		if strings.HasPrefix(desc, "nach dem Zeitplan") || strings.HasPrefix(spec, "@every") {
			if c := strings.TrimSpace(text)[0]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 {
				t.Fatalf("Describe(%q) = %q for German %q", spec, desc, text)
			}
			return
		}
		back, err := Parse(desc)
		if err != nil {
			t.Fatalf("Parse(Describe(%q)) = Parse(%q): %v", spec, desc, err)
		}
		if c := strings.TrimSpace(text)[0]; c != '@' && c != '*' && (c < '0' || c > '9') && back != spec {
			t.Fatalf("Parse(Describe(%q)) = %q for German %q", spec, back, text)
		}
		backSched, err := municat.ParseSchedule(back, berlin)
		if err != nil {
			t.Fatalf("Parse(%q) = %q, not valid: %v", desc, back, err)
		}
		a, b := from, from
		for range 20 {
			a, b = sched.Next(a), backSched.Next(b)
			if !a.Equal(b) {
				t.Fatalf("%q runs at %v, its description %q (%q) at %v", spec, a, desc, back, b)
			}
		}
	})
}
