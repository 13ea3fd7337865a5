package municat

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// FieldError is one problem with one field, with a message in plain German
// that says what to fix.
type FieldError struct {
	// Field is the JSON path of the field, e.g. "distributions[2].access_url".
	Field string `json:"field"`
	// Message says what is wrong and how to fix it.
	Message string `json:"message"`
}

// ValidationError lists every problem Validate found. It is an *Error with
// code EINVALID when converted with AsError.
type ValidationError struct {
	// Subject names what was checked, e.g. `Datensatz "abc"`.
	Subject string
	// Fields are the problems, one per field at fault.
	Fields []FieldError
}

// Error joins all problems into one line.
func (v *ValidationError) Error() string {
	parts := make([]string, len(v.Fields))
	for i, f := range v.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return v.Subject + " ist ungültig: " + strings.Join(parts, "; ")
}

// Is makes errors.Is(err, ErrInvalid) hold.
func (v *ValidationError) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == EINVALID && t.Message == ""
}

type checker struct {
	subject string
	fields  []FieldError
}

func (c *checker) add(field, format string, args ...any) {
	c.fields = append(c.fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) err() error {
	if len(c.fields) == 0 {
		return nil
	}
	return &ValidationError{Subject: c.subject, Fields: c.fields}
}

func (c *checker) url(field, value string, required bool) {
	if value == "" {
		if required {
			c.add(field, "Die Adresse fehlt. Bitte eine vollständige Web-Adresse angeben, die mit https:// beginnt.")
		}
		return
	}
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		c.add(field, "%q ist keine gültige Web-Adresse. Sie muss mit http:// oder https:// beginnen, z. B. https://www.musterstadt.de/daten.csv.", value)
	}
}

// Validate checks the dataset and returns a *ValidationError listing every
// problem, or nil.
func (d *Dataset) Validate() error {
	c := &checker{subject: fmt.Sprintf("Datensatz %q", d.ID)}
	if !ValidDatasetID(d.ID) {
		c.add("id", "Die Kennung %q ist ungültig. Erlaubt sind Kleinbuchstaben, Ziffern, Punkt, Binde- und Unterstrich.", d.ID)
	}
	if d.Title.IsEmpty() {
		c.add("title", "Der Titel fehlt. Jeder Datensatz braucht einen Titel, mindestens auf Deutsch (title.de).")
	}
	for lang := range d.Title {
		if len(lang) != 2 || strings.ToLower(lang) != lang {
			c.add("title", "Der Sprachcode %q ist ungültig. Bitte zweibuchstabige Codes wie \"de\" oder \"en\" verwenden.", lang)
		}
	}
	for i, code := range d.Themes {
		if _, ok := ThemeByCode(code); !ok {
			c.add(fmt.Sprintf("themes[%d]", i), "Die Kategorie %q ist unbekannt. Erlaubt sind die EU-Kategorien AGRI, ECON, EDUC, ENER, ENVI, GOVE, HEAL, INTR, JUST, REGI, SOCI, TECH, TRAN.", code)
		}
	}
	switch d.AccessRights {
	case "", AccessPublic, AccessRestricted, AccessNonPublic:
	default:
		c.add("access_rights", "Der Zugriff %q ist unbekannt. Erlaubt sind PUBLIC, RESTRICTED und NON_PUBLIC.", d.AccessRights)
	}
	switch d.State {
	case "", Published, Withdrawn, Archived, Draft:
	case Scheduled:
		if d.PublishAt == nil {
			c.add("publish_at", "Für eine geplante Veröffentlichung fehlt der Zeitpunkt (publish_at, z. B. 2026-12-24T08:00:00+01:00).")
		}
	default:
		c.add("state", "Der Status %q ist unbekannt. Erlaubt sind draft, scheduled, published, withdrawn und archived.", d.State)
	}
	c.url("landing_page", d.LandingPage, false)
	if d.ContactPoint != nil && d.ContactPoint.Email != "" {
		if _, err := mail.ParseAddress(d.ContactPoint.Email); err != nil {
			c.add("contact_point.email", "%q ist keine gültige E-Mail-Adresse.", d.ContactPoint.Email)
		}
	}
	if b := d.bbox(); b != nil {
		if b.West < -180 || b.East > 180 || b.South < -90 || b.North > 90 || b.West > b.East || b.South > b.North {
			c.add("spatial.bbox", "Der Kartenausschnitt ist ungültig: West ≤ Ost zwischen -180 und 180, Süd ≤ Nord zwischen -90 und 90 (Grad, WGS84).")
		}
	}
	if t := d.Temporal; t != nil && t.Start != nil && t.End != nil && t.End.Before(*t.Start) {
		c.add("temporal", "Das Ende des Zeitraums (%s) liegt vor dem Beginn (%s).", t.End.Format(time.DateOnly), t.Start.Format(time.DateOnly))
	}
	seen := map[string]bool{}
	for i, dist := range d.Distributions {
		field := fmt.Sprintf("distributions[%d]", i)
		if dist.ID == "" {
			c.add(field+".id", "Die Kennung der Distribution fehlt.")
		} else if seen[dist.ID] {
			c.add(field+".id", "Die Kennung %q kommt mehrfach vor.", dist.ID)
		}
		seen[dist.ID] = true
		c.url(field+".access_url", dist.AccessURL, dist.FileKey == "")
		c.url(field+".download_url", dist.DownloadURL, false)
		if dist.ByteSize < 0 {
			c.add(field+".byte_size", "Die Dateigröße darf nicht negativ sein.")
		}
	}
	return c.err()
}

func (d *Dataset) bbox() *BoundingBox {
	if d.Spatial == nil {
		return nil
	}
	return d.Spatial.BBox
}

// Validate checks the organisation and returns a *ValidationError, or nil.
func (o *Organization) Validate() error {
	c := &checker{subject: fmt.Sprintf("Organisation %q", o.ID)}
	if !ValidID(o.ID) {
		c.add("id", "Die Kennung %q ist ungültig. Erlaubt sind Kleinbuchstaben, Ziffern und Bindestriche (höchstens 64 Zeichen), z. B. \"stadt-musterstadt\".", o.ID)
	}
	if strings.TrimSpace(o.Name) == "" {
		c.add("name", "Der Name fehlt, z. B. \"Stadt Musterstadt\".")
	}
	c.url("homepage", o.Homepage, false)
	if o.AGS != "" && !isAGS(o.AGS) {
		c.add("ags", "Der Amtliche Gemeindeschlüssel %q ist ungültig: er besteht aus 2, 3, 5 oder 8 Ziffern, z. B. 03241001.", o.AGS)
	}
	return c.err()
}

func isAGS(s string) bool {
	switch len(s) {
	case 2, 3, 5, 8:
	default:
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Validate checks the source and returns a *ValidationError, or nil.
// knownTypes lists the source types this build can harvest.
func (s *Source) Validate(knownTypes ...string) error {
	c := &checker{subject: fmt.Sprintf("Quelle %q", s.ID)}
	if !ValidID(s.ID) {
		c.add("id", "Die Kennung %q ist ungültig. Erlaubt sind Kleinbuchstaben, Ziffern und Bindestriche (höchstens 64 Zeichen), z. B. \"stadt-ckan\".", s.ID)
	}
	if len(knownTypes) > 0 && !contains(knownTypes, s.Type) {
		c.add("type", "Der Quelltyp %q ist unbekannt. Möglich: %s.", s.Type, strings.Join(knownTypes, ", "))
	}
	c.url("url", s.URL, true)
	if s.Organization == "" {
		c.add("organization", "Die Organisation fehlt: jede Quelle gehört zu einer Organisation.")
	}
	loc, err := time.LoadLocation(s.Location())
	if err != nil {
		c.add("time_zone", "Die Zeitzone %q ist unbekannt, z. B. \"Europe/Berlin\".", s.TimeZone)
		loc = time.UTC
	}
	if s.Timeout != "" {
		if d, err := time.ParseDuration(s.Timeout); err != nil || d <= 0 {
			c.add("timeout", "Das Zeitlimit %q ist ungültig. Erwartet wird eine Dauer wie \"30m\" oder \"2h\".", s.Timeout)
		}
	}
	if s.Schedule != "" {
		if _, err := ParseSchedule(s.Schedule, loc); err != nil {
			c.add("schedule", "Der Zeitplan %q ist ungültig (%v). Erwartet wird ein Cron-Ausdruck mit fünf Feldern, z. B. \"0 3 * * *\" für täglich um 03:00, oder @daily.", s.Schedule, err)
		}
	}
	return c.err()
}

// ParseSchedule parses a five-field cron expression or a descriptor such as
// "@daily" in loc. Every process sharing a store fires a schedule at the
// same instants: "@every <duration>" (at least a second) fires at the
// multiples of the duration since the Unix epoch, whatever the time zone
// and whenever the process started.
func ParseSchedule(spec string, loc *time.Location) (cron.Schedule, error) {
	if !strings.HasPrefix(spec, "TZ=") && !strings.HasPrefix(spec, "CRON_TZ=") && loc != nil {
		spec = "CRON_TZ=" + loc.String() + " " + spec
	}
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, err
	}
	desc := strings.TrimSpace(spec)
	if strings.HasPrefix(desc, "TZ=") || strings.HasPrefix(desc, "CRON_TZ=") {
		_, desc, _ = strings.Cut(desc, " ")
		desc = strings.TrimSpace(desc)
	}
	if every, ok := strings.CutPrefix(desc, "@every "); ok {
		d, err := time.ParseDuration(strings.TrimSpace(every))
		if err != nil {
			return nil, err
		}
		if d < time.Second {
			return nil, fmt.Errorf("das Intervall %s ist kürzer als eine Sekunde", d)
		}
		return EverySchedule(d), nil
	}
	return sched, nil
}

// EverySchedule is the schedule of "@every <duration>": it fires at the
// multiples of the duration since the Unix epoch (1970-01-01 00:00 UTC), so
// that every process fires it at the same instants.
type EverySchedule time.Duration

// Next returns the first multiple of the interval since the Unix epoch
// after t, in t's location. An interval under a second counts as a second.
func (s EverySchedule) Next(t time.Time) time.Time {
	d := max(time.Duration(s), time.Second)
	var rem time.Duration // t minus the last multiple at or before it
	if d%time.Second == 0 {
		// In whole seconds: no overflow for any time t can hold.
		rem = time.Duration(floorMod(t.Unix(), int64(d/time.Second)))*time.Second + time.Duration(t.Nanosecond())
	} else {
		rem = time.Duration(floorMod(t.UnixNano(), int64(d)))
	}
	return t.Add(d - rem)
}

// floorMod returns a modulo b in [0, b) for b > 0.
func floorMod(a, b int64) int64 {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
