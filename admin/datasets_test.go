package admin

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// validDatasetForm returns a dataset form that saves as a draft.
func validDatasetForm() url.Values {
	lic, _ := dcat.LicenseFor("dl-by-de/2.0")
	return url.Values{
		"organization": {"musterstadt"}, "title_de": {"Baumkataster Musterstadt"}, "title_en": {"Tree register"},
		"description_de": {"Alle Straßenbäume mit Art, Höhe und Pflanzjahr."}, "keywords": {"Bäume, Umwelt, Bäume"},
		"themes": {"ENVI", "REGI"}, "license": {lic.IRI}, "frequency": {"ANNUAL"}, "access_rights": {"PUBLIC"},
		"contact_name": {"Grünflächenamt"}, "contact_email": {"gruen@musterstadt.de"},
		"temporal_start": {"2024-01-01"}, "temporal_end": {"31.12.2025"}, "spatial_names": {"Musterstadt"},
		"landing_page": {"https://www.musterstadt.de/baeume"}, "languages": {"de"},
		"dist-new-title": {"Baumkataster als CSV"}, "dist-new-access_url": {"https://www.musterstadt.de/baeume.csv"},
		"dist-new-format": {"CSV"}, "publication": {pubDraft},
	}
}

func TestDatasetPagesRender(t *testing.T) {
	e := newContentEnv(t, contentOptions{})
	editor := e.editor()
	r := e.post(editor, "/admin/datasets", validDatasetForm())
	path := location(t, r)
	for _, c := range []struct {
		user *coreUser
		path string
		h1   string
	}{
		{editor, "/admin/datasets", "Datensätze"},
		{editor, "/admin/datasets?state=draft&org=musterstadt&q=baum", "Datensätze"},
		{editor, "/admin/datasets/new", "Neuer Datensatz"},
		{editor, path, "Datensatz „Baumkataster Musterstadt“"},
		{e.orgAdmin(), path, "Datensatz „Baumkataster Musterstadt“"},
		{e.instanceAdmin(), "/admin/datasets", "Datensätze"},
	} {
		r := e.get(c.user, c.path)
		r.want(t, http.StatusOK)
		if r.h1() != c.h1 {
			t.Errorf("%s: h1 %q, want %q", c.path, r.h1(), c.h1)
		}
		checkPageHeaders(t, r)
		checkNoInline(t, c.path, r.Body)
	}
	// Another organisation's editor may neither see nor change it; the
	// list of their own shows nothing of it.
	other := e.otherEditor()
	e.get(other, path).want(t, http.StatusForbidden)
	e.post(other, path, validDatasetForm()).want(t, http.StatusForbidden)
	if r := e.get(other, "/admin/datasets"); strings.Contains(r.Body, "Baumkataster") {
		t.Error("another organisation's editor sees the draft in the list")
	}
	e.get(nil, path).want(t, http.StatusUnauthorized, `name="password"`)
	e.get(editor, "/admin/datasets/gibt-es-nicht").want(t, http.StatusNotFound)
	// A person without any role gets a clear 403 on the form.
	e.get(e.account("niemand", false), "/admin/datasets/new").want(t, http.StatusForbidden, "Redaktion")
}

func TestDatasetFormRoundTrip(t *testing.T) {
	e := newContentEnv(t, contentOptions{})
	editor := e.editor()
	ctx := context.Background()

	// 1. A draft with errors: every problem listed and linked, input kept.
	bad := validDatasetForm()
	bad.Set("title_de", "")
	bad.Set("description_de", "")
	bad.Set("landing_page", "kein-link")
	bad.Set("contact_email", "keine-adresse")
	bad.Set("temporal_start", "gestern")
	bad.Set("dist-new-access_url", "ftp//falsch")
	bad.Set("publication", pubSchedule)
	r := e.post(editor, "/admin/datasets", bad)
	r.want(t, http.StatusUnprocessableEntity, `value="kein-link"`, `value="keine-adresse"`, `value="gestern"`, `value="ftp//falsch"`,
		`value="Tree register"`, `<option value="CSV" selected>`, `value="ENVI" checked`,
		`aria-describedby="f-landing_page-hint f-landing_page-error"`, "<title>Fehler: Neuer Datensatz", "Bitte korrigieren Sie diese")
	links := errorLinks(r.Body)
	for _, want := range []string{"f-title_de", "f-description_de", "f-landing_page", "f-contact_email", "f-temporal_start", "f-dist-new-access_url", "f-publish_date"} {
		if !slices.Contains(links, want) {
			t.Errorf("error summary %v lacks %s", links, want)
		}
		if !strings.Contains(r.Body, `id="`+want+`"`) {
			t.Errorf("no input with id %s", want)
		}
	}
	checkNoInline(t, "422", r.Body)
	if n := datasetCount(t, e); n != 0 {
		t.Fatalf("%d datasets stored from an invalid form", n)
	}

	// 2. Valid: saved as a draft, then edited.
	r = e.post(editor, "/admin/datasets", validDatasetForm())
	path := location(t, r)
	id := strings.TrimPrefix(path, "/admin/datasets/")
	d, err := e.cat.Dataset(ctx, id)
	coreOK(t, err)
	lic, _ := dcat.LicenseFor("dl-by-de/2.0")
	if d.State != municat.Draft || d.Title["en"] != "Tree register" || !slices.Equal(d.Keywords, []string{"Bäume", "Umwelt"}) ||
		!slices.Equal(d.Themes, []string{"ENVI", "REGI"}) || d.License != lic.IRI || d.Frequency != "ANNUAL" ||
		d.ContactPoint == nil || d.ContactPoint.Email != "gruen@musterstadt.de" || d.Spatial == nil || d.Spatial.Names[0] != "Musterstadt" ||
		len(d.Distributions) != 1 || d.Distributions[0].AccessURL != "https://www.musterstadt.de/baeume.csv" || d.Distributions[0].Format != "CSV" {
		t.Fatalf("stored %+v", d)
	}
	if d.Temporal == nil || d.Temporal.Start.In(berlin(t)).Format(time.DateOnly) != "2024-01-01" || d.Temporal.End.In(berlin(t)).Format(time.DateOnly) != "2025-12-31" {
		t.Errorf("temporal %+v", d.Temporal)
	}
	page := e.follow(editor, r)
	page.want(t, http.StatusOK, "Der Datensatz ist angelegt.", "Entwurf", "Datei hochladen", `name="dist-0-id" value="`+d.Distributions[0].ID+`"`)

	// 3. Scheduled for tomorrow 08:00 German time.
	form := datasetFormValues(t, e, editor, path)
	form.Set("publication", pubSchedule)
	form.Set("publish_date", "2026-12-02")
	form.Set("publish_time", "08:00")
	r = e.post(editor, path, form)
	location(t, r)
	d, err = e.cat.Dataset(ctx, id)
	coreOK(t, err)
	want := time.Date(2026, 12, 2, 7, 0, 0, 0, time.UTC)
	if d.State != municat.Scheduled || d.PublishAt == nil || !d.PublishAt.Equal(want) {
		t.Fatalf("scheduled: state %s at %v", d.State, d.PublishAt)
	}
	e.follow(editor, r).want(t, http.StatusOK, "02.12.2026 um 08:00 Uhr veröffentlicht", "wird am")

	// 4. A past time is refused at the date field.
	form.Set("publish_date", "2026-11-30")
	r = e.post(editor, path, form)
	r.want(t, http.StatusUnprocessableEntity, "nicht in der Zukunft")
	if links := errorLinks(r.Body); !slices.Equal(links, []string{"f-publish_date"}) {
		t.Errorf("error links %v", links)
	}

	// 5. Published at once, then withdrawn.
	form.Set("publication", pubNow)
	location(t, e.post(editor, path, form))
	d, _ = e.cat.Dataset(ctx, id)
	if d.State != municat.Published {
		t.Fatalf("state %s, want published", d.State)
	}
	page = e.get(editor, path)
	page.want(t, http.StatusOK, "Datensatz zurückziehen", `href="/dataset/`+id+`"`, `name="publication" value="now"`)
	r = e.post(editor, path+"/withdraw", url.Values{})
	location(t, r)
	d, _ = e.cat.Dataset(ctx, id)
	if d.State != municat.Withdrawn {
		t.Fatalf("state %s, want withdrawn", d.State)
	}
	e.follow(editor, r).want(t, http.StatusOK, "zurückgezogen", "Zurückgezogen lassen")

	// 6. Saving the withdrawn dataset keeps it withdrawn; removing the
	// distribution removes it.
	form = datasetFormValues(t, e, editor, path)
	form.Set("dist-0-remove", "1")
	location(t, e.post(editor, path, form))
	d, _ = e.cat.Dataset(ctx, id)
	if d.State != municat.Withdrawn || len(d.Distributions) != 0 {
		t.Errorf("state %s with %d distributions", d.State, len(d.Distributions))
	}
}

// berlin returns the German time zone.
func berlin(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	coreOK(t, err)
	return loc
}

// datasetCount counts the stored datasets.
func datasetCount(t *testing.T, e *contentEnv) int {
	n := 0
	coreOK(t, e.cat.Datasets(context.Background(), func(*municat.Dataset) error { n++; return nil }))
	return n
}

// datasetFormValues returns the form of the dataset page at path as a
// browser would send it unchanged.
func datasetFormValues(t *testing.T, e *contentEnv, u *coreUser, path string) url.Values {
	t.Helper()
	d, err := e.cat.Dataset(context.Background(), strings.TrimPrefix(path, "/admin/datasets/"))
	coreOK(t, err)
	f := datasetFormOf(d, berlin(t))
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("organization", f.Organization)
	set("title_de", f.TitleDE)
	set("title_en", f.TitleEN)
	set("description_de", f.DescriptionDE)
	set("description_en", f.DescriptionEN)
	set("keywords", f.Keywords)
	set("license", f.License)
	set("frequency", f.Frequency)
	set("access_rights", f.AccessRights)
	set("contact_name", f.ContactName)
	set("contact_email", f.ContactEmail)
	set("temporal_start", f.TemporalStart)
	set("temporal_end", f.TemporalEnd)
	set("spatial_names", f.SpatialNames)
	set("landing_page", f.LandingPage)
	set("publication", f.Publication)
	set("publish_date", f.PublishDate)
	set("publish_time", f.PublishTime)
	v["themes"] = f.Themes
	v["languages"] = f.Languages
	for _, row := range f.Dists {
		v.Set(row.Input("id"), row.ID)
		set(row.Input("title"), row.Title)
		set(row.Input("access_url"), row.AccessURL)
		set(row.Input("format"), row.Format)
	}
	// The page shows the same values.
	page := e.get(u, path)
	for _, want := range []string{`value="` + f.TitleDE + `"`, `name="dataset" value="` + d.ID + `"`} {
		if !strings.Contains(page.Body, want) {
			t.Fatalf("%s lacks %s", path, want)
		}
	}
	return v
}

func TestDatasetHostileTitle(t *testing.T) {
	e := newContentEnv(t, contentOptions{})
	editor := e.editor()
	form := validDatasetForm()
	hostile := `<script>alert("x")</script><img src=x onerror=alert(1)>`
	form.Set("title_de", hostile)
	form.Set("dist-new-title", hostile)
	path := location(t, e.post(editor, "/admin/datasets", form))
	for _, p := range []string{path, "/admin/datasets", "/admin/"} {
		r := e.get(editor, p)
		r.want(t, http.StatusOK, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;")
		if strings.Contains(r.Body, "<script>alert") || strings.Contains(r.Body, "<img src=x") {
			t.Errorf("%s: hostile title not escaped", p)
		}
		checkNoInline(t, p, r.Body)
	}
}

func TestDatasetFormNeedsCSRF(t *testing.T) {
	e := newContentEnv(t, contentOptions{})
	editor := e.editor()
	form := validDatasetForm()
	form.Set("csrf", "")
	e.post(editor, "/admin/datasets", form).want(t, http.StatusForbidden, "Das Formular ist abgelaufen.")
	if n := datasetCount(t, e); n != 0 {
		t.Fatalf("%d datasets stored without CSRF token", n)
	}
}

func TestHarvestedDatasetIsReadOnly(t *testing.T) {
	e := newContentEnv(t, contentOptions{})
	e.putSource("stadt-ckan", "")
	ctx := context.Background()
	d := &municat.Dataset{ID: "stadt-ckan.baeume", Title: municat.NewText("Bäume"), Organization: "musterstadt",
		SourceID: "stadt-ckan", RemoteID: "baeume", State: municat.Published, License: "unbekannt"}
	coreOK(t, e.cat.PutDataset(ctx, d))
	editor := e.editor()
	r := e.get(editor, "/admin/datasets/stadt-ckan.baeume")
	r.want(t, http.StatusOK, "geerntet", `href="/admin/sources/stadt-ckan"`, "Die Lizenz „unbekannt“ ist unbekannt", "description.de")
	if strings.Contains(r.Body, "<form") && strings.Contains(r.Body, `action="/admin/datasets/stadt-ckan.baeume"`) {
		t.Error("a harvested dataset shows the edit form")
	}
	checkNoInline(t, "harvested", r.Body)
	e.post(editor, "/admin/datasets/stadt-ckan.baeume", validDatasetForm()).want(t, http.StatusConflict, "Quelle „stadt-ckan“")
	if got, _ := e.cat.Dataset(ctx, d.ID); got.Title.String() != "Bäume" {
		t.Error("the harvested dataset was changed")
	}
	// The list names where it comes from.
	e.get(editor, "/admin/datasets?state=published").want(t, http.StatusOK, "Quelle stadt-ckan")
}

func TestDatasetList(t *testing.T) {
	e := newContentEnv(t, contentOptions{})
	editor := e.editor()
	draft := validDatasetForm()
	draft.Set("title_de", "Entwurf Spielplätze")
	location(t, e.post(editor, "/admin/datasets", draft))
	published := validDatasetForm()
	published.Set("title_de", "Veröffentlicht Haltestellen")
	published.Set("publication", pubNow)
	location(t, e.post(editor, "/admin/datasets", published))

	all := e.get(editor, "/admin/datasets")
	all.want(t, http.StatusOK, "Entwurf Spielplätze", "Veröffentlicht Haltestellen", "Datensätze 1 bis 2 von 2")
	drafts := e.get(editor, "/admin/datasets?state=draft")
	drafts.want(t, http.StatusOK, "Entwurf Spielplätze", `<option value="draft" selected>`)
	if strings.Contains(drafts.Body, "Veröffentlicht Haltestellen") {
		t.Error("the draft filter shows a published dataset")
	}
	q := e.get(editor, "/admin/datasets?q=haltestellen")
	if strings.Contains(q.Body, "Spielplätze") || !strings.Contains(q.Body, "Haltestellen") {
		t.Error("the text filter does not filter")
	}
	e.get(editor, "/admin/datasets?state=withdrawn").want(t, http.StatusOK, "Kein Datensatz passt zum Filter.")

	// Someone in both organisations sees both, and can filter by one.
	other := validDatasetForm()
	other.Set("organization", "nachbarort")
	other.Set("title_de", "Nachbarort Radwege")
	location(t, e.post(e.otherEditor(), "/admin/datasets", other))
	both := e.account("beide", false, municat.Membership{Organization: "musterstadt", Role: municat.RoleEditor},
		municat.Membership{Organization: "nachbarort", Role: municat.RoleAdmin})
	e.get(both, "/admin/datasets").want(t, http.StatusOK, "Spielplätze", "Nachbarort Radwege", "Gemeinde Nachbarort", `<select id="f-org" name="org">`)
	only := e.get(both, "/admin/datasets?org=nachbarort")
	only.want(t, http.StatusOK, "Nachbarort Radwege", `<option value="nachbarort" selected>`)
	if strings.Contains(only.Body, "Spielplätze") {
		t.Error("the organisation filter does not filter")
	}
	e.get(e.instanceAdmin(), "/admin/datasets").want(t, http.StatusOK, "Spielplätze", "Nachbarort Radwege", "von 3")
	// A foreign organisation in the address shows only one's own.
	if r := e.get(editor, "/admin/datasets?org=nachbarort"); strings.Contains(r.Body, "Radwege") || !strings.Contains(r.Body, "Spielplätze") {
		t.Error("an editor sees another organisation's datasets")
	}
}

func TestDatasetCheck(t *testing.T) {
	e := newContentEnv(t, contentOptions{})
	editor := e.editor()
	form := validDatasetForm()
	form.Set("title_de", "")
	form.Set("license", "")
	form.Set("publication", pubNow)
	form.Set("dist-new-format", "")
	r := e.post(editor, "/admin/datasets/check", form)
	r.want(t, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("content type %q", ct)
	}
	var got checkResult
	coreOK(t, json.Unmarshal([]byte(r.Body), &got))
	fields := func(list []checkMessage) []string {
		var out []string
		for _, m := range list {
			out = append(out, m.Field)
			if m.ID != fieldID(m.Field) || m.Message == "" {
				t.Errorf("bad message %+v", m)
			}
		}
		return out
	}
	if errs := fields(got.Errors); !slices.Equal(errs, []string{"title_de", "license"}) {
		t.Errorf("errors %v", errs)
	}
	if warns := fields(got.Warnings); !slices.Contains(warns, "dist-new-format") {
		t.Errorf("warnings %v", warns)
	}
	if n := datasetCount(t, e); n != 0 {
		t.Errorf("the check stored %d datasets", n)
	}
	// On a stored dataset of another organisation the check is refused.
	path := location(t, e.post(editor, "/admin/datasets", validDatasetForm()))
	form.Set("dataset", strings.TrimPrefix(path, "/admin/datasets/"))
	form.Del("csrf")
	e.post(e.otherEditor(), "/admin/datasets/check", form).want(t, http.StatusNotFound)
	form.Del("csrf")
	e.post(editor, "/admin/datasets/check", form).want(t, http.StatusOK)
}

func TestDatasetInputMapping(t *testing.T) {
	rows := []distForm{{Key: "0", ID: "a"}, {Key: "1", ID: "b", File: true}, {Key: "new"}}
	f := &datasetForm{Publication: pubSchedule}
	for field, want := range map[string]string{
		"title":                          "title_de",
		"title.de":                       "title_de",
		"title.en":                       "title_en",
		"id":                             "title_de",
		"description.de":                 "description_de",
		"themes[2]":                      "themes",
		"contact_point":                  "contact_email",
		"contact_point.phone":            "contact_phone",
		"publisher":                      "publisher_name",
		"temporal":                       "temporal_start",
		"temporal.end":                   "temporal_end",
		"spatial.bbox":                   "spatial_names",
		"publish_at":                     "publish_date",
		"distributions":                  "dist-new-access_url",
		"distributions[0].access_url":    "dist-0-access_url",
		"distributions[0].format":        "dist-0-format",
		"distributions[1].access_url":    "dist-1-title",
		"distributions[2].download_url":  "dist-new-access_url",
		"distributions[9].access_url":    "dist-new-access_url",
		"distributions[x].access_url":    "dist-new-access_url",
		"publish_date":                   "publish_date",
		"dist-0-title":                   "dist-0-title",
		"something_else":                 "title_de",
		"political_geocoding_level[0].x": "title_de",
	} {
		if got := datasetInput(field, rows, f); got != want {
			t.Errorf("%q → %q, want %q", field, got, want)
		}
	}
	if got := datasetInput("state", rows, &datasetForm{Publication: pubDraft}); got != "publication" {
		t.Errorf("state → %q", got)
	}
}
