package admin

import (
	"fmt"
	"strings"
	"time"

	"github.com/municat/municat"
)

// apply writes the form onto a copy of base (an empty dataset for a new
// one) and returns it with the problems the form itself shows (dates it
// cannot read) and the form input of each distribution of the result, by
// index. Fields the form does not show are kept from base.
func (f *datasetForm) apply(base *municat.Dataset, loc *time.Location) (*municat.Dataset, []municat.FieldError, []distForm) {
	d := &municat.Dataset{}
	if base != nil {
		c := *base
		d = &c
	}
	var errs []municat.FieldError
	d.Organization = f.Organization
	d.Title = setText(d.Title, f.TitleDE, f.TitleEN)
	d.Description = setText(d.Description, f.DescriptionDE, f.DescriptionEN)
	d.Keywords = splitList(f.Keywords)
	d.Themes = municat.Distinct(f.Themes)
	d.License, d.Frequency, d.AccessRights = f.License, f.Frequency, f.AccessRights
	d.LandingPage = f.LandingPage
	d.Languages = municat.Distinct(f.Languages)
	d.ContactPoint = nil
	if f.ContactName != "" || f.ContactEmail != "" || f.ContactURL != "" || f.ContactPhone != "" {
		d.ContactPoint = &municat.Contact{Name: f.ContactName, Email: f.ContactEmail, URL: f.ContactURL, Phone: f.ContactPhone}
	}
	if f.PublisherName == "" && f.PublisherHomepage == "" {
		d.Publisher = nil
	} else {
		p := &municat.Agent{}
		if base != nil && base.Publisher != nil {
			*p = *base.Publisher
		}
		p.Name = setText(p.Name, f.PublisherName, p.Name["en"])
		p.Homepage = f.PublisherHomepage
		d.Publisher = p
	}
	start, e1 := parseDay("temporal_start", f.TemporalStart, loc, false)
	end, e2 := parseDay("temporal_end", f.TemporalEnd, loc, true)
	errs = append(append(errs, e1...), e2...)
	d.Temporal = nil
	if start != nil || end != nil {
		d.Temporal = &municat.Period{Start: start, End: end}
	}
	names := splitList(f.SpatialNames)
	switch {
	case len(names) > 0:
		sp := &municat.Spatial{}
		if d.Spatial != nil {
			*sp = *d.Spatial
		}
		sp.Names = names
		d.Spatial = sp
	case d.Spatial != nil && (len(d.Spatial.URIs) > 0 || d.Spatial.BBox != nil):
		sp := *d.Spatial
		sp.Names = nil
		d.Spatial = &sp
	default:
		d.Spatial = nil
	}
	d.Distributions, errs = f.distributions(base, errs)
	rows := f.rowsOf(d)
	d.State, d.PublishAt, errs = f.publication(d, loc, errs)
	return d, errs, rows
}

// distributions returns the distributions of the form: the kept rows in
// order, changed as entered, then the new one if anything was entered
// for it.
func (f *datasetForm) distributions(base *municat.Dataset, errs []municat.FieldError) ([]municat.Distribution, []municat.FieldError) {
	stored := map[string]municat.Distribution{}
	if base != nil {
		for _, dist := range base.Distributions {
			stored[dist.ID] = dist
		}
	}
	var out []municat.Distribution
	for _, row := range f.Dists {
		if row.Remove {
			continue
		}
		dist, ok := stored[row.ID]
		if !ok {
			dist = municat.Distribution{ID: row.ID}
		}
		dist.Title = setText(dist.Title, row.Title, dist.Title["en"])
		if dist.FileKey == "" {
			dist.AccessURL = row.AccessURL
		}
		dist.Format = row.Format
		out = append(out, dist)
	}
	// The new one gets its id from the publish service (from its title).
	n := f.NewDist
	if n.AccessURL != "" || n.Title != "" {
		out = append(out, municat.Distribution{Title: municat.NewText(n.Title), AccessURL: n.AccessURL, Format: n.Format})
	}
	return out, errs
}

// checkable returns d as publish.Check should see it before saving: a
// distribution without an id (a new one, which gets its id on saving) gets
// a placeholder, so that the check does not fault the missing id.
func checkable(d *municat.Dataset) *municat.Dataset {
	c := *d
	c.Distributions = append([]municat.Distribution(nil), d.Distributions...)
	for i := range c.Distributions {
		if c.Distributions[i].ID == "" {
			c.Distributions[i].ID = fmt.Sprintf("neu-%d", i+1)
		}
	}
	return &c
}

// rowsOf returns the form row of each distribution of d, by index.
func (f *datasetForm) rowsOf(d *municat.Dataset) []distForm {
	rows := make([]distForm, 0, len(d.Distributions))
	kept := f.Dists[:0:0]
	for _, r := range f.Dists {
		if !r.Remove {
			kept = append(kept, r)
		}
	}
	for i := range d.Distributions {
		if i < len(kept) {
			rows = append(rows, kept[i])
		} else {
			rows = append(rows, f.NewDist)
		}
	}
	return rows
}

// publication returns the state and publication time the form asks for.
func (f *datasetForm) publication(d *municat.Dataset, loc *time.Location, errs []municat.FieldError) (municat.PublicationState, *time.Time, []municat.FieldError) {
	switch f.Publication {
	case pubNow:
		return municat.Published, nil, errs
	case pubSchedule:
		if f.PublishDate == "" || f.PublishTime == "" {
			field := "publish_date"
			if f.PublishDate != "" {
				field = "publish_time"
			}
			return municat.Scheduled, nil, append(errs, municat.FieldError{Field: field, Message: "Für eine geplante Veröffentlichung fehlen Datum und Uhrzeit, z. B. 24.12.2026 und 08:00."})
		}
		t, err := time.ParseInLocation("2006-01-02 15:04", f.PublishDate+" "+f.PublishTime, loc)
		if err != nil {
			t, err = time.ParseInLocation("02.01.2006 15:04", f.PublishDate+" "+f.PublishTime, loc)
		}
		if err != nil {
			return municat.Scheduled, nil, append(errs, municat.FieldError{Field: "publish_date", Message: fmt.Sprintf("Datum und Uhrzeit der Veröffentlichung sind nicht lesbar (%s %s). Bitte ein Datum wie 24.12.2026 und eine Uhrzeit wie 08:00 angeben.", municat.Shorten(f.PublishDate, 20), municat.Shorten(f.PublishTime, 10))})
		}
		return municat.Scheduled, &t, errs
	case pubDraft, "":
		if d.State == municat.Withdrawn || d.State == municat.Archived {
			return d.State, nil, errs
		}
		return municat.Draft, nil, errs
	}
	return d.State, d.PublishAt, append(errs, municat.FieldError{Field: "publication", Message: "Bitte wählen Sie, ob der Datensatz Entwurf bleibt, sofort veröffentlicht oder für später geplant wird."})
}

// parseDay reads a date of a date input (2026-03-01) or as Germans write
// it (01.03.2026); end days are taken at their end.
func parseDay(field, s string, loc *time.Location, end bool) (*time.Time, []municat.FieldError) {
	if s == "" {
		return nil, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		t, err = time.ParseInLocation("02.01.2006", s, loc)
	}
	if err != nil {
		return nil, []municat.FieldError{{Field: field, Message: fmt.Sprintf("Das Datum „%s“ ist nicht lesbar. Bitte ein Datum wie 01.03.2026 angeben.", municat.Shorten(s, 20))}}
	}
	if end {
		t = t.AddDate(0, 0, 1).Add(-time.Second)
	}
	return &t, nil
}

// setText returns t with German de and English en set (or removed when
// empty); other languages are kept.
func setText(t municat.Text, de, en string) municat.Text {
	out := municat.Text{}
	for k, v := range t {
		out[k] = v
	}
	for lang, s := range map[string]string{"de": de, "en": en} {
		if s == "" {
			delete(out, lang)
		} else {
			out[lang] = s
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// splitList splits a comma-separated list, dropping empty entries and
// repeats.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return municat.Distinct(out)
}
