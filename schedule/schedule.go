// Package schedule turns the plain German a data officer writes ("täglich
// um 03:00", "werktags um 6 Uhr", "alle 15 Minuten") into the cron
// specifications the harvest scheduler runs, and back into German.
//
// Every specification Parse makes from German text is in a canonical form
// that Describe turns back into German that Parse reads as the same
// specification: Parse(Describe(spec)) == spec.
package schedule

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/municat/municat"
)

// MaxLength is the longest schedule text Parse reads, in bytes.
const MaxLength = 200

// MinEvery is the shortest interval Parse accepts for "alle N Minuten" and
// "@every": more often would burden the municipal servers harvested.
const MinEvery = 5 * time.Minute

// examples close every error message of Parse.
const examples = "Beispiele: »täglich um 03:00«, »werktags um 6 Uhr«, »alle 15 Minuten« (oder ein Cron-Ausdruck wie »0 3 * * *«; leer heißt: nur von Hand)."

// invalid returns an EINVALID error with the message and the examples.
func invalid(format string, args ...any) error {
	e := municat.Errorf(municat.EINVALID, format, args...)
	e.Message += " " + examples
	return e
}

// Parse turns a schedule written in plain German or as cron into the cron
// specification to store: "täglich um 03:00" → "0 3 * * *"; "stündlich",
// "werktags um 6 Uhr", "montags 7:30", "jeden 1. des Monats um 02:00",
// "alle 15 Minuten", "@daily" and "0 3 * * *" are understood. An empty text
// (or "nur von Hand") gives "": the source is harvested only by hand.
// Anything else gives an error with code municat.EINVALID whose German
// message shows examples.
//
// The German forms are, case-insensitive, with or without "um" and "Uhr",
// times as "3", "03:00" or "3.00":
//
//	stündlich | jede Stunde | stündlich zur Minute M | halbstündlich | viertelstündlich
//	alle N Minuten (N divides 60, N ≥ 5) | alle N Stunden (N divides 24)
//	täglich T | werktags T | montags … sonntags T (lists: "montags und freitags",
//	ranges: "dienstags bis samstags") | am Wochenende T | wöchentlich [montags] T
//	monatlich [am N.] T | jeden N. des Monats T | am N. jedes Monats T (N ≤ 28)
//	jährlich am N. Monatsname T
//	nur von Hand
//
// Cron expressions (five fields) and descriptors (@daily, @every 1h, …) are
// stored as they are once they are valid; a time-zone prefix (CRON_TZ=) is
// refused, because the time zone is a field of the source.
func Parse(text string) (spec string, err error) {
	t := strings.TrimSpace(text)
	switch {
	case t == "":
		return "", nil
	case len(t) > MaxLength || !utf8.ValidString(t):
		return "", invalid("Der Zeitplan ist zu lang (höchstens %d Zeichen).", MaxLength)
	case strings.HasPrefix(strings.ToUpper(t), "TZ=") || strings.HasPrefix(strings.ToUpper(t), "CRON_TZ="):
		return "", invalid("Bitte die Zeitzone nicht in den Zeitplan schreiben, sondern in das Feld Zeitzone (time_zone).")
	case t[0] == '@':
		return parseDescriptor(t)
	case t[0] == '*' || (t[0] >= '0' && t[0] <= '9'):
		spec, err := parseCron(t)
		if err != nil {
			// "3 Uhr täglich" is German with the time in front.
			if german, gerr := parseGerman(t); gerr == nil && german != "" {
				return german, nil
			}
		}
		return spec, err
	}
	return parseGerman(t)
}

// descriptors are the cron descriptors besides @every.
var descriptors = map[string]bool{
	"@yearly": true, "@annually": true, "@monthly": true, "@weekly": true,
	"@daily": true, "@midnight": true, "@hourly": true,
}

// parseDescriptor checks a descriptor such as "@daily" or "@every 2h".
func parseDescriptor(t string) (string, error) {
	spec := strings.Join(strings.Fields(strings.ToLower(t)), " ")
	if rest, ok := strings.CutPrefix(spec, "@every "); ok {
		d, err := time.ParseDuration(rest)
		if err != nil {
			return "", invalid("Die Dauer in »%s« ist ungültig; erwartet wird z. B. »@every 6h« oder »@every 30m«.", quote(t))
		}
		if d < MinEvery {
			return "", invalid("Öfter als alle %d Minuten wird nicht geerntet, um die Quelle nicht zu überlasten.", int(MinEvery/time.Minute))
		}
	} else if !descriptors[spec] {
		return "", invalid("»%s« ist unbekannt. Möglich sind @hourly, @daily, @weekly, @monthly, @yearly und @every mit einer Dauer.", quote(t))
	}
	if _, err := municat.ParseSchedule(spec, time.UTC); err != nil {
		return "", invalid("»%s« ist ungültig.", quote(t))
	}
	return spec, nil
}

// parseCron checks a five-field cron expression.
func parseCron(t string) (string, error) {
	fields := strings.Fields(t)
	if len(fields) != 5 {
		return "", invalid("Ein Cron-Ausdruck hat genau fünf Felder – Minute, Stunde, Tag, Monat, Wochentag –, »%s« hat %d.", quote(t), len(fields))
	}
	spec := strings.Join(fields, " ")
	sched, err := municat.ParseSchedule(spec, time.UTC)
	if err != nil {
		return "", invalid("Der Cron-Ausdruck »%s« ist ungültig. Die fünf Felder sind Minute (0–59), Stunde (0–23), Tag (1–31), Monat (1–12) und Wochentag (0–6, 0 = Sonntag).", quote(t))
	}
	if sched.Next(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		return "", invalid("Der Cron-Ausdruck »%s« trifft nie zu (z. B. der 30. Februar).", quote(t))
	}
	return spec, nil
}

// quote shortens user text for a message.
func quote(t string) string {
	const max = 60
	if utf8.RuneCountInString(t) <= max {
		return t
	}
	r := []rune(t)
	return string(r[:max]) + "…"
}
