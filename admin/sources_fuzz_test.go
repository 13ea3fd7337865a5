package admin

import (
	"strings"
	"testing"
)

// FuzzScheduleInput checks that the schedule helper either gives a spec or
// names the field at fault, and reads its own specs back.
func FuzzScheduleInput(f *testing.F) {
	f.Add("daily", "03:00", "1", "1", "")
	f.Add("weekly", "7:30", "6", "", "")
	f.Add("", "", "", "", "täglich um 03:00")
	f.Add("monthly", "25:99", "x", "99", "0 3 * * *")
	f.Fuzz(func(t *testing.T, mode, clock, weekday, day, text string) {
		in := scheduleInput{Mode: mode, Time: clock, Weekday: weekday, Day: day, Text: text}
		spec, ferr := in.spec()
		if ferr != nil {
			if spec != "" || ferr.Message == "" || ferr.Field == "" {
				t.Fatalf("%+v: spec %q with error %+v", in, spec, ferr)
			}
			return
		}
		if text == "" && spec != "" {
			// What the helper makes, it reads back to the same spec.
			back, ferr := scheduleFromSpec(spec).spec()
			if ferr != nil || back != spec {
				t.Fatalf("%q read back as %q (%v)", spec, back, ferr)
			}
		}
	})
}

// FuzzSourceOptions checks that option lines never yield empty keys.
func FuzzSourceOptions(f *testing.F) {
	f.Add("organization=musterstadt\nrows=50")
	f.Add("# comment\n\n=x\nkein")
	f.Fuzz(func(t *testing.T, text string) {
		opts, errs := parseOptions(text)
		for k := range opts {
			if k == "" || strings.ContainsAny(k, "\n=") {
				t.Fatalf("bad key %q", k)
			}
		}
		for _, e := range errs {
			if e.Field != "options" || e.Message == "" {
				t.Fatalf("bad problem %+v", e)
			}
		}
	})
}
