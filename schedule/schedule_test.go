package schedule

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{"nur von Hand", ""},
		{"Nur von Hand", ""},
		{"manuell", ""},
		{"stündlich", "0 * * * *"},
		{"Stündlich", "0 * * * *"},
		{"STUENDLICH", "0 * * * *"},
		{"jede Stunde", "0 * * * *"},
		{"stündlich zur Minute 30", "30 * * * *"},
		{"stündlich zur Minute 0", "0 * * * *"},
		{"halbstündlich", "*/30 * * * *"},
		{"viertelstündlich", "*/15 * * * *"},
		{"alle 5 Minuten", "*/5 * * * *"},
		{"alle 15 Minuten", "*/15 * * * *"},
		{"alle 05 minuten", "*/5 * * * *"},
		{"Alle fünfzehn Minuten", "*/15 * * * *"},
		{"alle 60 Minuten", "0 * * * *"},
		{"alle 1 Stunde", "0 * * * *"},
		{"alle 2 Stunden", "0 */2 * * *"},
		{"alle zwei Stunden", "0 */2 * * *"},
		{"alle 12 Stunden", "0 */12 * * *"},
		{"alle 24 Stunden", "0 0 * * *"},
		{"täglich um 03:00", "0 3 * * *"},
		{"täglich um 03:00 Uhr", "0 3 * * *"},
		{"Täglich um 3 Uhr", "0 3 * * *"},
		{"täglich 3", "0 3 * * *"},
		{"täglich um 3.30 Uhr.", "30 3 * * *"},
		{"taeglich um 23:59", "59 23 * * *"},
		{"täglich um 0 Uhr", "0 0 * * *"},
		{"jeden Tag um 07:05", "5 7 * * *"},
		{"um 3 Uhr täglich", "0 3 * * *"},
		{"3 Uhr täglich", "0 3 * * *"},
		{"  täglich   um   3  ", "0 3 * * *"},
		{"werktags um 6 Uhr", "0 6 * * 1-5"},
		{"Werktags 06:30", "30 6 * * 1-5"},
		{"an Werktagen um 6", "0 6 * * 1-5"},
		{"montags bis freitags um 6", "0 6 * * 1-5"},
		{"montags 7:30", "30 7 * * 1"},
		{"jeden Montag um 7:30", "30 7 * * 1"},
		{"am Dienstag um 8", "0 8 * * 2"},
		{"sonntags um 4", "0 4 * * 0"},
		{"Sonnabends um 4", "0 4 * * 6"},
		{"montags und donnerstags um 7", "0 7 * * 1,4"},
		{"montags, mittwochs und freitags um 7", "0 7 * * 1,3,5"},
		{"dienstags bis samstags um 5", "0 5 * * 2,3,4,5,6"},
		{"freitags bis montags um 1", "0 1 * * 0,1,5,6"},
		{"montags bis sonntags um 2", "0 2 * * *"},
		{"am Wochenende um 8", "0 8 * * 0,6"},
		{"wöchentlich um 9 Uhr", "0 9 * * 1"},
		{"wöchentlich freitags um 9", "0 9 * * 5"},
		{"wöchentlich am Freitag um 9", "0 9 * * 5"},
		{"monatlich um 2", "0 2 1 * *"},
		{"monatlich am 15. um 02:00", "0 2 15 * *"},
		{"monatlich am 28. um 02:00", "0 2 28 * *"},
		{"jeden 1. des Monats um 02:00", "0 2 1 * *"},
		{"jeden 1. Tag des Monats um 02:00", "0 2 1 * *"},
		{"am 3. jedes Monats um 4", "0 4 3 * *"},
		{"jährlich am 24. Dezember um 6", "0 6 24 12 *"},
		{"jaehrlich am 1. maerz 0:00", "0 0 1 3 *"},
		{"@daily", "@daily"},
		{"@DAILY", "@daily"},
		{"@hourly", "@hourly"},
		{"@every 6h", "@every 6h"},
		{"@every   30m", "@every 30m"},
		{"0 3 * * *", "0 3 * * *"},
		{"0  3 * *   *", "0 3 * * *"},
		{"*/10 * * * 1-5", "*/10 * * * 1-5"},
		{"0 3 * * MON", "0 3 * * MON"},
	} {
		got, err := Parse(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, tc := range []struct{ in, says string }{
		{"blah", "versteht municat nicht"},
		{"täglich", "Die Uhrzeit fehlt"},
		{"täglich um 25:00", "gibt es nicht"},
		{"täglich um 3:60", "gibt es nicht"},
		{"täglich um drei", "keine Uhrzeit"},
		{"alle 7 Minuten", "möglich sind alle 5, 6, 10, 12, 15, 20, 30 oder 60 Minuten"},
		{"alle 2 Minuten", "möglich sind alle 5"},
		{"alle 0 Minuten", "möglich sind alle 5"},
		{"alle 5 Stunden", "möglich sind alle 1, 2, 3, 4, 6, 8, 12 oder 24 Stunden"},
		{"alle 15 Minuten um 3", "versteht municat nicht"},
		{"monatlich am 29. um 3", "möglich ist der 1. bis 28."},
		{"jeden 31. des Monats um 3", "möglich ist der 1. bis 28."},
		{"monatlich am um 3", "Die Uhrzeit fehlt"},
		{"monatlich am Montag um 3", "fehlt der Tag"},
		{"jährlich am 30. Februar um 3", "gibt es nicht in jedem Jahr"},
		{"jährlich um 3", "fehlen Tag und Monat"},
		{"stündlich zur Minute 61", "erlaubt sind 0 bis 59"},
		{"0 3 * *", "genau fünf Felder"},
		{"0 3 * * * *", "genau fünf Felder"},
		{"61 3 * * *", "Minute (0–59)"},
		{"0 3 30 2 *", "trifft nie zu"},
		{"@sometimes", "ist unbekannt"},
		{"@every 1m", "Öfter als alle 5 Minuten"},
		{"@every soon", "Dauer"},
		{"CRON_TZ=UTC 0 3 * * *", "Zeitzone"},
		{"TZ=UTC 0 3 * * *", "Zeitzone"},
		{strings.Repeat("täglich ", 40), "zu lang"},
		{"täglich \xff", "zu lang"},
	} {
		spec, err := Parse(tc.in)
		if !errors.Is(err, municat.ErrInvalid) {
			t.Errorf("Parse(%q) = %q, %v; want EINVALID", tc.in, spec, err)
			continue
		}
		msg := municat.ErrorMessage(err)
		if !strings.Contains(msg, tc.says) {
			t.Errorf("Parse(%q): message %q does not say %q", tc.in, msg, tc.says)
		}
		for _, ex := range []string{"»täglich um 03:00«", "»werktags um 6 Uhr«", "»alle 15 Minuten«"} {
			if !strings.Contains(msg, ex) {
				t.Errorf("Parse(%q): message %q lacks the example %s", tc.in, msg, ex)
			}
		}
	}
}

func TestDescribe(t *testing.T) {
	for _, tc := range []struct{ spec, want string }{
		{"", "nur von Hand"},
		{"0 * * * *", "stündlich"},
		{"30 * * * *", "stündlich zur Minute 30"},
		{"*/15 * * * *", "alle 15 Minuten"},
		{"0 */2 * * *", "alle 2 Stunden"},
		{"0 */1 * * *", "stündlich"},
		{"0 3 * * *", "täglich um 03:00 Uhr"},
		{"00 03 * * *", "täglich um 03:00 Uhr"},
		{"30 6 * * 1-5", "werktags um 06:30 Uhr"},
		{"30 6 * * 1,2,3,4,5", "werktags um 06:30 Uhr"},
		{"0 7 * * 1", "montags um 07:00 Uhr"},
		{"0 7 * * 5,1", "montags und freitags um 07:00 Uhr"},
		{"0 7 * * 1-3,5", "montags, dienstags, mittwochs und freitags um 07:00 Uhr"},
		{"0 8 * * 0,6", "samstags und sonntags um 08:00 Uhr"},
		{"0 8 * * 0-6", "täglich um 08:00 Uhr"},
		{"0 2 1 * *", "monatlich am 1. um 02:00 Uhr"},
		{"0 6 24 12 *", "jährlich am 24. Dezember um 06:00 Uhr"},
		{"@daily", "täglich um 00:00 Uhr"},
		{"@weekly", "sonntags um 00:00 Uhr"},
		{"@monthly", "monatlich am 1. um 00:00 Uhr"},
		{"@yearly", "jährlich am 1. Januar um 00:00 Uhr"},
		{"@hourly", "stündlich"},
		{"@every 90m", "alle 90 Minuten, gezählt ab dem Start von municat"},
		{"@every 1h", "alle 1 Stunde, gezählt ab dem Start von municat"},
		// Shapes without German words.
		{"*/7 * * * *", "nach dem Zeitplan »*/7 * * * *«"},
		{"* * * * *", "nach dem Zeitplan »* * * * *«"},
		{"0 3 31 * *", "nach dem Zeitplan »0 3 31 * *«"},
		{"0 3 1 * 1", "nach dem Zeitplan »0 3 1 * 1«"},
		{"0 3 * * MON", "nach dem Zeitplan »0 3 * * MON«"},
		{"0 3,15 * * *", "nach dem Zeitplan »0 3,15 * * *«"},
		{"5 */2 * * *", "nach dem Zeitplan »5 */2 * * *«"},
		{"0 3 * * +1", "nach dem Zeitplan »0 3 * * +1«"},
	} {
		if got := Describe(tc.spec); got != tc.want {
			t.Errorf("Describe(%q) = %q, want %q", tc.spec, got, tc.want)
		}
	}
}

// germanForms returns schedule texts in German covering every form Parse
// knows, with many values each.
func germanForms() []string {
	var out []string
	times := []string{"0", "3", "03:00", "6 Uhr", "7:30", "12.15", "23:59"}
	out = append(out, "stündlich", "jede Stunde", "halbstündlich", "viertelstündlich", "nur von Hand")
	for m := range 60 {
		out = append(out, "stündlich zur Minute "+itoa(m), "alle "+itoa(m+1)+" Minuten")
	}
	for h := range 25 {
		out = append(out, "alle "+itoa(h)+" Stunden")
	}
	days := []string{"montags", "dienstags", "mittwochs", "donnerstags", "freitags", "samstags", "sonntags"}
	for _, tm := range times {
		out = append(out, "täglich um "+tm, "werktags um "+tm, "am Wochenende um "+tm, "wöchentlich um "+tm)
		for mask := 1; mask < 128; mask++ {
			var list []string
			for i, d := range days {
				if mask&(1<<i) != 0 {
					list = append(list, d)
				}
			}
			out = append(out, strings.Join(list, " und ")+" um "+tm)
		}
		for d := 1; d <= 28; d++ {
			out = append(out, "monatlich am "+itoa(d)+". um "+tm, "jeden "+itoa(d)+". des Monats um "+tm)
		}
		for i, name := range monthNames {
			for d := 1; d <= monthDays[i]; d++ {
				out = append(out, "jährlich am "+itoa(d)+". "+name+" um "+tm)
			}
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestRoundTrip checks Parse(Describe(spec)) == spec for every
// specification Parse makes from German.
func TestRoundTrip(t *testing.T) {
	specs := map[string]bool{}
	for _, text := range germanForms() {
		spec, err := Parse(text)
		if err != nil {
			continue // e.g. "alle 7 Minuten"
		}
		specs[spec] = true
	}
	if len(specs) < 1000 {
		t.Fatalf("only %d specifications from German", len(specs))
	}
	for spec := range specs {
		text := Describe(spec)
		if strings.HasPrefix(text, "nach dem Zeitplan") {
			t.Errorf("Describe(%q) = %q, want German", spec, text)
			continue
		}
		if back, err := Parse(text); err != nil || back != spec {
			t.Errorf("Parse(Describe(%q)) = Parse(%q) = %q, %v", spec, text, back, err)
		}
	}
}

func TestNext(t *testing.T) {
	from := time.Date(2026, 3, 28, 10, 0, 0, 0, time.UTC) // the day before summer time
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, tc := range []struct {
		spec, tz string
		want     []time.Time
	}{
		{"0 3 * * *", "", []time.Time{
			time.Date(2026, 3, 29, 3, 0, 0, 0, berlin), // 01:00 UTC: summer time began at 02:00
			time.Date(2026, 3, 30, 3, 0, 0, 0, berlin),
			time.Date(2026, 3, 31, 3, 0, 0, 0, berlin),
		}},
		{"werktags um 6 Uhr", "Europe/Berlin", []time.Time{
			time.Date(2026, 3, 30, 6, 0, 0, 0, berlin),
			time.Date(2026, 3, 31, 6, 0, 0, 0, berlin),
			time.Date(2026, 4, 1, 6, 0, 0, 0, berlin),
		}},
		{"0 3 * * *", "UTC", []time.Time{
			time.Date(2026, 3, 29, 3, 0, 0, 0, time.UTC),
			time.Date(2026, 3, 30, 3, 0, 0, 0, time.UTC),
			time.Date(2026, 3, 31, 3, 0, 0, 0, time.UTC),
		}},
		{"@every 1s", "", []time.Time{from.Add(time.Second), from.Add(2 * time.Second), from.Add(3 * time.Second)}},
	} {
		got, err := Next(tc.spec, tc.tz, from, 3)
		if err != nil {
			t.Errorf("Next(%q, %q): %v", tc.spec, tc.tz, err)
			continue
		}
		if len(got) != len(tc.want) {
			t.Errorf("Next(%q, %q) = %v, want %v", tc.spec, tc.tz, got, tc.want)
			continue
		}
		for i := range got {
			if !got[i].Equal(tc.want[i]) {
				t.Errorf("Next(%q, %q)[%d] = %v, want %v", tc.spec, tc.tz, i, got[i], tc.want[i])
			}
		}
	}
	if got, _ := Next("0 3 * * *", "", from, 1); got[0].Location().String() != "Europe/Berlin" || got[0].Hour() != 3 {
		t.Errorf("Next in the default time zone = %v, want 03:00 Europe/Berlin", got[0])
	}
	if got, err := Next("", "", from, 3); err != nil || got != nil {
		t.Errorf("Next of no schedule = %v, %v; want none", got, err)
	}
	if got, _ := Next("0 * * * *", "", from, 1000); len(got) != MaxNext {
		t.Errorf("Next(…, 1000) gave %d times, want %d", len(got), MaxNext)
	}
	for _, tc := range []struct{ spec, tz, says string }{
		{"0 3 * * *", "Europe/Nowhere", "Zeitzone »Europe/Nowhere« ist unbekannt"},
		{"0 3 * * *", "../../etc/passwd", "ist unbekannt"},
		{"blah", "", "versteht municat nicht"},
	} {
		_, err := Next(tc.spec, tc.tz, from, 3)
		if !errors.Is(err, municat.ErrInvalid) || !strings.Contains(municat.ErrorMessage(err), tc.says) {
			t.Errorf("Next(%q, %q): %v, want EINVALID saying %q", tc.spec, tc.tz, err, tc.says)
		}
	}
}
