package admin

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/schedule"
)

// The modes of the schedule helper's select.
const (
	modeManual   = "manual"
	modeHourly   = "hourly"
	modeDaily    = "daily"
	modeWeekdays = "weekdays"
	modeWeekly   = "weekly"
	modeMonthly  = "monthly"
)

// scheduleModes are the entries of the helper's select, in order.
var scheduleModes = []option{
	{Value: modeManual, Label: "nur von Hand"},
	{Value: modeHourly, Label: "stündlich"},
	{Value: modeDaily, Label: "täglich"},
	{Value: modeWeekdays, Label: "werktags (Montag bis Freitag)"},
	{Value: modeWeekly, Label: "wöchentlich"},
	{Value: modeMonthly, Label: "monatlich"},
}

// weekdays are the entries of the helper's weekday select, with cron's
// day numbers.
var weekdays = []option{
	{Value: "1", Label: "Montag"}, {Value: "2", Label: "Dienstag"}, {Value: "3", Label: "Mittwoch"},
	{Value: "4", Label: "Donnerstag"}, {Value: "5", Label: "Freitag"}, {Value: "6", Label: "Samstag"},
	{Value: "0", Label: "Sonntag"},
}

// scheduleInput is what the schedule part of the source form sends: the
// helper (a mode with time, weekday and day) or a free text, which wins
// when it is not empty.
type scheduleInput struct {
	Mode, Time, Weekday, Day string
	Text                     string
}

// readSchedule reads the schedule fields of a form.
func readSchedule(get func(string) string) scheduleInput {
	return scheduleInput{
		Mode:    strings.TrimSpace(get("schedule_mode")),
		Time:    strings.TrimSpace(get("schedule_time")),
		Weekday: strings.TrimSpace(get("schedule_weekday")),
		Day:     strings.TrimSpace(get("schedule_day")),
		Text:    strings.TrimSpace(get("schedule_text")),
	}
}

// spec returns the cron specification the input stands for ("" = by hand)
// or a problem with the field at fault (an input id of the form).
func (in scheduleInput) spec() (string, *municat.FieldError) {
	if in.Text != "" {
		spec, err := schedule.Parse(in.Text)
		if err != nil {
			return "", &municat.FieldError{Field: "schedule_text", Message: municat.ErrorMessage(err)}
		}
		return spec, nil
	}
	mode := in.Mode
	if mode == "" {
		mode = modeManual
	}
	if mode == modeManual {
		return "", nil
	}
	hour, minute := 3, 0
	if in.Time != "" || mode != modeHourly {
		h, m, ok := parseClock(in.Time)
		if !ok {
			return "", &municat.FieldError{Field: "schedule_time", Message: fmt.Sprintf("Bitte eine Uhrzeit wie 03:00 angeben (Stunden 0–23, Minuten 0–59)%s.", got(in.Time))}
		}
		hour, minute = h, m
	}
	switch mode {
	case modeHourly:
		if in.Time == "" {
			minute = 0
		}
		return fmt.Sprintf("%d * * * *", minute), nil
	case modeDaily:
		return fmt.Sprintf("%d %d * * *", minute, hour), nil
	case modeWeekdays:
		return fmt.Sprintf("%d %d * * 1-5", minute, hour), nil
	case modeWeekly:
		d, err := strconv.Atoi(in.Weekday)
		if err != nil || d < 0 || d > 6 {
			return "", &municat.FieldError{Field: "schedule_weekday", Message: "Bitte den Wochentag wählen, an dem die Quelle geerntet wird."}
		}
		return fmt.Sprintf("%d %d * * %d", minute, hour, d), nil
	case modeMonthly:
		d, err := strconv.Atoi(in.Day)
		if err != nil || d < 1 || d > 28 {
			return "", &municat.FieldError{Field: "schedule_day", Message: fmt.Sprintf("Bitte einen Tag des Monats von 1 bis 28 angeben (spätere Tage fehlen in manchen Monaten)%s.", got(in.Day))}
		}
		return fmt.Sprintf("%d %d %d * *", minute, hour, d), nil
	}
	return "", &municat.FieldError{Field: "schedule_mode", Message: "Bitte wählen Sie aus, wie oft die Quelle geerntet wird."}
}

// got quotes what was entered for a message, "" if nothing was.
func got(s string) string {
	if s == "" {
		return ""
	}
	return fmt.Sprintf(" – eingegeben war „%s“", municat.Shorten(s, 40))
}

// parseClock reads "3:00", "03:00" or "3" (hours).
func parseClock(s string) (hour, minute int, ok bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), " Uhr")
	hs, ms, found := strings.Cut(s, ":")
	if !found {
		hs, ms = s, "0"
	}
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 || len(hs) > 2 || len(ms) > 2 {
		return 0, 0, false
	}
	return h, m, true
}

// scheduleFromSpec fills the helper from a stored specification: the
// helper's fields when the helper can express it, else the free text.
func scheduleFromSpec(spec string) scheduleInput {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return scheduleInput{Mode: modeManual}
	}
	f := strings.Fields(spec)
	if len(f) != 5 || f[3] != "*" {
		return scheduleInput{Mode: modeManual, Text: spec}
	}
	minute, errM := strconv.Atoi(f[0])
	if errM != nil || minute < 0 || minute > 59 {
		return scheduleInput{Mode: modeManual, Text: spec}
	}
	if f[1] == "*" && f[2] == "*" && f[4] == "*" {
		return scheduleInput{Mode: modeHourly, Time: fmt.Sprintf("00:%02d", minute)}
	}
	hour, errH := strconv.Atoi(f[1])
	if errH != nil || hour < 0 || hour > 23 {
		return scheduleInput{Mode: modeManual, Text: spec}
	}
	clock := fmt.Sprintf("%02d:%02d", hour, minute)
	switch {
	case f[2] == "*" && f[4] == "*":
		return scheduleInput{Mode: modeDaily, Time: clock}
	case f[2] == "*" && f[4] == "1-5":
		return scheduleInput{Mode: modeWeekdays, Time: clock}
	case f[2] == "*" && len(f[4]) == 1 && f[4] >= "0" && f[4] <= "6":
		return scheduleInput{Mode: modeWeekly, Time: clock, Weekday: f[4]}
	case f[4] == "*":
		if d, err := strconv.Atoi(f[2]); err == nil && d >= 1 && d <= 28 {
			return scheduleInput{Mode: modeMonthly, Time: clock, Day: f[2]}
		}
	}
	return scheduleInput{Mode: modeManual, Text: spec}
}

// schedulePreview is what the form shows about a schedule: in words and
// its next runs.
type schedulePreview struct {
	Spec        string
	Description string
	Next        []time.Time
	Error       *municat.FieldError
}

// preview describes the schedule of the input in the time zone tz.
func (a *admin) preview(in scheduleInput, tz string) schedulePreview {
	spec, ferr := in.spec()
	if ferr != nil {
		return schedulePreview{Error: ferr}
	}
	p := schedulePreview{Spec: spec, Description: schedule.Describe(spec)}
	if spec == "" {
		return p
	}
	next, err := schedule.Next(spec, tz, a.now(), 3)
	if err != nil {
		return schedulePreview{Error: &municat.FieldError{Field: "schedule_text", Message: municat.ErrorMessage(err)}}
	}
	p.Next = next
	return p
}

// previewJSON is the answer of POST /admin/sources/schedule-preview.
type previewJSON struct {
	Spec        string   `json:"spec"`
	Description string   `json:"description,omitempty"`
	Next        []string `json:"next,omitempty"`
	Field       string   `json:"field,omitempty"`
	Error       string   `json:"error,omitempty"`
}

// schedulePreview answers the live schedule preview of the source form:
// the schedule in words and its next three runs, as JSON.
func (a *admin) schedulePreview(c *fiber.Ctx) error {
	form, err := a.form(c)
	if err != nil {
		return err
	}
	tz := strings.TrimSpace(form.Get("time_zone"))
	if tz == "" {
		tz = municat.DefaultTimeZone
	}
	p := a.preview(readSchedule(form.Get), tz)
	out := previewJSON{Spec: p.Spec, Description: p.Description}
	if p.Error != nil {
		out.Field, out.Error = p.Error.Field, p.Error.Message
	}
	loc, lerr := time.LoadLocation(tz)
	if lerr != nil {
		loc = a.berlin
	}
	for _, t := range p.Next {
		out.Next = append(out.Next, formatRunTime(t.In(loc)))
	}
	return c.JSON(out)
}

// germanWeekdays names the days for run times.
var germanWeekdays = [...]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}

// formatRunTime writes a time as "Montag, 02.03.2026, 03:00 Uhr".
func formatRunTime(t time.Time) string {
	return germanWeekdays[t.Weekday()] + ", " + t.Format("02.01.2006, 15:04") + " Uhr"
}
