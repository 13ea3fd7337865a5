package admin

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/municat/municat"
)

// sourceForm is the source form as entered, kept as text so that a form
// with errors shows exactly what was typed.
type sourceForm struct {
	ID, Name, Type, URL, Organization string
	Schedule                          scheduleInput
	TimeZone, Timeout                 string
	// Options are the type's settings, one "key=value" per line.
	Options string
	// Webhook and Emails are where notices of failed runs go.
	Webhook, Emails string
}

// maxOptions caps the lines of the options field.
const maxOptions = 100

// readSourceForm reads the source form.
func readSourceForm(v url.Values) sourceForm {
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	return sourceForm{
		ID:           get("id"),
		Name:         get("name"),
		Type:         get("type"),
		URL:          get("url"),
		Organization: get("organization"),
		Schedule:     readSchedule(v.Get),
		TimeZone:     get("time_zone"),
		Timeout:      get("timeout"),
		Options:      strings.TrimSpace(v.Get("options")),
		Webhook:      get("notify_webhook"),
		Emails:       get("notify_email"),
	}
}

// sourceFormOf fills the form from a stored source.
func sourceFormOf(s *municat.Source) sourceForm {
	f := sourceForm{
		ID: s.ID, Name: s.Name, Type: s.Type, URL: s.URL, Organization: s.Organization,
		Schedule: scheduleFromSpec(s.Schedule), TimeZone: s.TimeZone, Timeout: s.Timeout,
	}
	keys := make([]string, 0, len(s.Options))
	for k := range s.Options {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	lines := make([]string, len(keys))
	for i, k := range keys {
		lines[i] = k + "=" + s.Options[k]
	}
	f.Options = strings.Join(lines, "\n")
	if s.Notify != nil {
		f.Webhook = s.Notify.Webhook
		f.Emails = strings.Join(s.Notify.Email, ", ")
	}
	return f
}

// apply writes the form onto a copy of base (nil for a new source) and
// returns it, with the problems the form itself shows (a schedule the
// helper cannot read, a malformed options line). Fields the form does not
// show (Paused, Managed, the notice secret) are kept from base.
func (f sourceForm) apply(base *municat.Source) (*municat.Source, []municat.FieldError) {
	s := &municat.Source{}
	if base != nil {
		c := *base
		s = &c
		if base.Notify != nil {
			n := *base.Notify
			s.Notify = &n
		}
	} else {
		s.ID = f.ID
	}
	s.Name, s.Type, s.URL, s.Organization = f.Name, f.Type, f.URL, f.Organization
	s.TimeZone, s.Timeout = f.TimeZone, f.Timeout
	if s.TimeZone == municat.DefaultTimeZone {
		s.TimeZone = ""
	}
	var errs []municat.FieldError
	spec, ferr := f.Schedule.spec()
	if ferr != nil {
		errs = append(errs, *ferr)
	}
	s.Schedule = spec
	opts, oerrs := parseOptions(f.Options)
	errs = append(errs, oerrs...)
	s.Options = opts
	var emails []string
	for _, e := range strings.FieldsFunc(f.Emails, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' }) {
		if e = strings.TrimSpace(e); e != "" {
			emails = append(emails, e)
		}
	}
	switch {
	case f.Webhook == "" && len(emails) == 0:
		if s.Notify != nil {
			s.Notify.Webhook, s.Notify.Email = "", nil
			if s.Notify.Secret == "" && s.Notify.OnRecovery == nil {
				s.Notify = nil
			}
		}
	default:
		if s.Notify == nil {
			s.Notify = &municat.Notify{}
		}
		s.Notify.Webhook, s.Notify.Email = f.Webhook, emails
	}
	return s, errs
}

// parseOptions reads "key=value" lines; empty lines and lines starting
// with # are skipped.
func parseOptions(text string) (map[string]string, []municat.FieldError) {
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	out := map[string]string{}
	var errs []municat.FieldError
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if i >= maxOptions {
			errs = append(errs, municat.FieldError{Field: "options", Message: fmt.Sprintf("Es sind höchstens %d Zeilen Einstellungen möglich.", maxOptions)})
			break
		}
		k, v, ok := strings.Cut(line, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			errs = append(errs, municat.FieldError{Field: "options", Message: fmt.Sprintf("Zeile %d („%s“) ist keine Einstellung. Bitte je Zeile Name=Wert schreiben, z. B. organization=stadt-musterstadt.", i+1, municat.Shorten(line, 40))})
			continue
		}
		out[k] = strings.TrimSpace(v)
	}
	return out, errs
}

// sourceInput maps the field of a source validation problem to the name of
// the form's input (whose id is fieldID of it), so that the error summary
// links to it; a field the form has no input for goes to the name.
func sourceInput(field string, in scheduleInput) string {
	head, _, _ := strings.Cut(field, ".")
	head, _, _ = strings.Cut(head, "[")
	switch head {
	case "id", "name", "type", "url", "organization", "time_zone", "timeout", "options",
		"schedule_mode", "schedule_time", "schedule_weekday", "schedule_day", "schedule_text":
		return head
	case "schedule":
		if in.Text != "" {
			return "schedule_text"
		}
		return "schedule_mode"
	case "notify":
		if strings.Contains(field, "email") {
			return "notify_email"
		}
		return "notify_webhook"
	}
	return "name"
}
