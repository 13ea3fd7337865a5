package schedule

import (
	"cmp"
	"strings"
	"time"

	"github.com/municat/municat"
)

// MaxNext is the most times Next returns.
const MaxNext = 100

// Next returns the next n (at most MaxNext) times spec runs after from, in
// the IANA time zone timeZone (municat.DefaultTimeZone if empty). spec is a
// stored specification or anything Parse reads, so that a form can preview
// what a data officer types. An empty spec runs never: Next returns no
// times. An invalid spec or time zone gives an error with code
// municat.EINVALID and a German message.
func Next(spec, timeZone string, from time.Time, n int) ([]time.Time, error) {
	tz := cmp.Or(strings.TrimSpace(timeZone), municat.DefaultTimeZone)
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, municat.Errorf(municat.EINVALID, "Die Zeitzone »%s« ist unbekannt; erwartet wird z. B. »Europe/Berlin«.", quote(tz))
	}
	spec = strings.TrimSpace(spec)
	if spec == "" || n <= 0 {
		return nil, nil
	}
	sched, err := municat.ParseSchedule(spec, loc)
	if err != nil {
		parsed, perr := Parse(spec)
		if perr != nil {
			return nil, perr
		}
		if parsed == "" {
			return nil, nil
		}
		if sched, err = municat.ParseSchedule(parsed, loc); err != nil {
			return nil, invalid("Der Zeitplan »%s« ist ungültig.", quote(spec))
		}
	}
	var out []time.Time
	t := from
	for range min(n, MaxNext) {
		t = sched.Next(t)
		if t.IsZero() {
			break
		}
		out = append(out, t.In(loc))
	}
	return out, nil
}
