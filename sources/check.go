package sources

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/municat/municat"
	"github.com/municat/municat/notify"
	"github.com/municat/municat/schedule"
)

// Limits of the free-text fields of a source.
const (
	maxName        = 200
	maxOptions     = 50
	maxOptionKey   = 100
	maxOptionValue = 2000
)

// check turns src.Schedule into a cron specification (schedule.Parse) and
// validates src: every problem is a municat.FieldError with the JSON name
// of the field, all in one *municat.ValidationError.
func (s *Service) check(ctx context.Context, src *municat.Source) error {
	var fields []municat.FieldError
	add := func(field, format string, args ...any) {
		fields = append(fields, municat.FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	spec, err := schedule.Parse(src.Schedule)
	if err != nil {
		add("schedule", "%s", municat.ErrorMessage(err))
	}
	src.Schedule = spec
	var verr *municat.ValidationError
	if err := src.Validate(s.Types()...); errors.As(err, &verr) {
		fields = append(fields, verr.Fields...)
	} else if err != nil {
		return err
	}
	if u, err := url.Parse(src.URL); err == nil && u.User != nil {
		add("url", "Bitte keine Zugangsdaten (Name und Passwort) in die Adresse schreiben: sie stünde sonst im Protokoll. Die Adresse ohne »Name:Passwort@« angeben.")
	}
	if utf8.RuneCountInString(src.Name) > maxName {
		add("name", "Der Name ist zu lang (höchstens %d Zeichen).", maxName)
	}
	if len(src.Options) > maxOptions {
		add("options", "Es sind zu viele Optionen (höchstens %d).", maxOptions)
	}
	for _, k := range slices.Sorted(maps.Keys(src.Options)) {
		if k == "" || len(k) > maxOptionKey || len(src.Options[k]) > maxOptionValue {
			add("options", "Die Option »%s« ist zu lang oder hat keinen Namen (Name höchstens %d, Wert höchstens %d Zeichen).", clip(k, 40), maxOptionKey, maxOptionValue)
		}
	}
	if src.Notify != nil {
		if err := notify.Settings(*src.Notify).Validate(); err != nil {
			add("notify", "%s", germanErrors(err))
		}
	}
	if src.Organization != "" {
		switch _, err := s.cfg.Catalog.Organization(ctx, src.Organization); {
		case errors.Is(err, municat.ErrNotFound):
			add("organization", "Die Organisation »%s« gibt es nicht. Bitte die Kennung einer bestehenden Organisation angeben.", src.Organization)
		case err != nil:
			return err
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return &municat.ValidationError{Subject: fmt.Sprintf("Quelle %q", src.ID), Fields: fields}
}

// germanErrors joins the German messages of the errors in err (as
// errors.Join makes them).
func germanErrors(err error) string {
	var msgs []string
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			msgs = append(msgs, municat.ErrorMessage(e))
		}
	} else {
		msgs = append(msgs, municat.ErrorMessage(err))
	}
	return strings.Join(msgs, " ")
}

// clip shortens s to n runes.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// clone returns a copy of src that shares no map, slice or pointer with
// it.
func clone(src *municat.Source) municat.Source {
	c := *src
	c.Options = maps.Clone(src.Options)
	if src.Notify != nil {
		n := *src.Notify
		n.Email = slices.Clone(n.Email)
		if n.OnRecovery != nil {
			v := *n.OnRecovery
			n.OnRecovery = &v
		}
		c.Notify = &n
	}
	return c
}

// describe says in German when the source is harvested.
func describe(src *municat.Source) string {
	if src.Schedule == "" {
		return "nur von Hand"
	}
	return schedule.Describe(src.Schedule)
}

// changedFields lists the JSON names of the fields that differ between
// old and src.
func changedFields(old, src *municat.Source) []string {
	var out []string
	for _, f := range []struct {
		name    string
		changed bool
	}{
		{"type", old.Type != src.Type},
		{"url", old.URL != src.URL},
		{"schedule", old.Schedule != src.Schedule},
		{"time_zone", old.TimeZone != src.TimeZone},
		{"timeout", old.Timeout != src.Timeout},
		{"organization", old.Organization != src.Organization},
		{"name", old.Name != src.Name},
		{"options", !maps.Equal(old.Options, src.Options)},
		{"notify", !sameNotify(old.Notify, src.Notify)},
	} {
		if f.changed {
			out = append(out, f.name)
		}
	}
	return out
}

// sameNotify reports whether a and b say the same.
func sameNotify(a, b *municat.Notify) bool {
	if a == nil || b == nil {
		return a == b
	}
	onRec := func(n *municat.Notify) bool { return n.OnRecovery == nil || *n.OnRecovery }
	return a.Webhook == b.Webhook && a.Secret == b.Secret && slices.Equal(a.Email, b.Email) && onRec(a) == onRec(b)
}
