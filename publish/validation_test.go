package publish_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/publish"
)

func TestValidationListsEveryField(t *testing.T) {
	e := newEnv(t, 0, nil)
	in := &municat.Dataset{
		Title:         municat.Text{"en": "Trees"},
		Organization:  "",
		License:       "meine-eigene-lizenz",
		State:         municat.Published,
		Themes:        []string{"ENVI", "BAEUME"},
		AccessRights:  "GEHEIM",
		LandingPage:   "www.musterstadt.de",
		ContactPoint:  &municat.Contact{Name: "Umweltamt", Email: "kein-mail"},
		Distributions: []municat.Distribution{{AccessURL: "ftp://musterstadt.de/a.csv"}, {Title: municat.NewText("Leer")}, {ID: "Böse/ID", AccessURL: "https://musterstadt.de/b.csv", License: "irgendwas"}},
	}
	before := e.keys(t)
	_, err := e.svc.CreateDataset(context.Background(), root, in)
	if !errors.Is(err, municat.ErrInvalid) {
		t.Fatalf("error %v does not match ErrInvalid", err)
	}
	got := fields(t, err)
	want := []string{
		"title.de", "themes[1]", "access_rights", "landing_page", "contact_point.email",
		"distributions[0].access_url", "distributions[1].access_url",
		"description.de", "organization", "license", "distributions[2].id", "distributions[2].license",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("fields\n got %v\nwant %v", got, want)
	}
	if after := e.keys(t); !slices.Equal(before, after) {
		t.Fatalf("written on failure: %v", after)
	}
	// An unknown organisation and state.
	in = input("Unbekannt")
	in.Organization, in.State = "atlantis", "geheim"
	_, err = e.svc.CreateDataset(context.Background(), root, in)
	if got := fields(t, err); !slices.Equal(got, []string{"state", "organization"}) {
		t.Fatalf("fields %v", got)
	}
}

func TestCheckWarnings(t *testing.T) {
	d := &municat.Dataset{
		Title:         municat.NewText("Baumkataster"),
		Description:   municat.NewText("Alle Bäume."),
		Organization:  "musterstadt",
		State:         municat.Draft,
		Distributions: []municat.Distribution{{ID: "csv", AccessURL: "https://musterstadt.de/b.csv", Format: "Tabelle"}},
	}
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	errs, warnings := publish.Check(d, now)
	if len(errs) != 0 {
		t.Fatalf("errors %v", errs)
	}
	var got []string
	for _, w := range warnings {
		got = append(got, w.Field)
	}
	want := []string{"license", "distributions[0].format", "distributions[0].license", "themes", "keywords", "contact_point", "publisher", "frequency", "temporal", "spatial"}
	if !slices.Equal(got, want) {
		t.Fatalf("warnings\n got %v\nwant %v", got, want)
	}
	// Published, the missing licence is an error and its warnings go.
	d.State = municat.Published
	errs, warnings = publish.Check(d, now)
	if len(errs) != 1 || errs[0].Field != "license" || len(warnings) != 8 {
		t.Fatalf("errors %v warnings %v", errs, warnings)
	}
	// Filled in, nothing is left.
	d.License, d.Themes, d.Keywords, d.Frequency = "cc-by/4.0", []string{"ENVI"}, []string{"Bäume"}, "ANNUAL"
	d.ContactPoint = &municat.Contact{Email: "umwelt@musterstadt.de"}
	d.Publisher = &municat.Agent{Name: municat.NewText("Stadt Musterstadt")}
	d.Temporal = &municat.Period{Start: &now}
	d.Spatial = &municat.Spatial{Names: []string{"Musterstadt"}}
	d.Distributions[0].Format = "CSV"
	errs, warnings = publish.Check(d, now)
	if len(errs) != 0 || len(warnings) != 0 {
		t.Fatalf("errors %v warnings %v", errs, warnings)
	}
	// A form not saved yet has no ids and no fault for it.
	d.ID, d.Distributions[0].ID = "", ""
	if errs, _ := publish.Check(d, now); len(errs) != 0 {
		t.Fatalf("errors without id: %v", errs)
	}
}
