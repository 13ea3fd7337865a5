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
)

// sourceForm returns a valid form for a new source on the test portal.
func (e *contentEnv) newSourceForm(id string) url.Values {
	return url.Values{
		"id": {id}, "name": {"Open-Data-Portal Musterstadt"}, "organization": {"musterstadt"},
		"type": {municat.SourceCKAN}, "url": {e.ckan.URL}, "schedule_mode": {modeDaily},
		"schedule_time": {"04:15"}, "schedule_weekday": {"1"}, "schedule_day": {"1"},
	}
}

func TestSourcePagesRender(t *testing.T) {
	e := newContentEnv(t, contentOptions{})
	admin, editor := e.orgAdmin(), e.editor()
	e.putSource("stadt-ckan", "")
	for _, c := range []struct {
		user *coreUser
		path string
		h1   string
	}{
		{admin, "/admin/sources", "Quellen"},
		{admin, "/admin/sources/new", "Neue Quelle"},
		{admin, "/admin/sources/stadt-ckan", "Quelle „Portal stadt-ckan“"},
		{admin, "/admin/sources/stadt-ckan/runs", "Läufe der Quelle „Portal stadt-ckan“"},
		{editor, "/admin/sources", "Quellen"},
		{editor, "/admin/sources/stadt-ckan", "Quelle „Portal stadt-ckan“"},
		{editor, "/admin/sources/stadt-ckan/runs", "Läufe der Quelle „Portal stadt-ckan“"},
	} {
		r := e.get(c.user, c.path)
		r.want(t, http.StatusOK)
		if r.h1() != c.h1 {
			t.Errorf("%s: h1 %q, want %q", c.path, r.h1(), c.h1)
		}
		checkPageHeaders(t, r)
		checkNoInline(t, c.path, r.Body)
	}
	// An editor sees the actions but not the form; others see nothing.
	r := e.get(editor, "/admin/sources/stadt-ckan")
	if strings.Contains(r.Body, "Einstellungen ändern") || strings.Contains(r.Body, "Quelle löschen") || strings.Contains(r.Body, "/pause") {
		t.Error("an editor gets the admin's form")
	}
	r.want(t, http.StatusOK, "Jetzt ernten", "Probelauf (ändert nichts)", "täglich um 03:00 Uhr")
	e.get(editor, "/admin/sources/new").want(t, http.StatusForbidden, "Administration")
	e.get(e.otherEditor(), "/admin/sources/stadt-ckan").want(t, http.StatusForbidden)
	e.get(e.otherEditor(), "/admin/sources").want(t, http.StatusOK, "Es gibt noch keine Quellen.")
	e.get(nil, "/admin/sources/stadt-ckan").want(t, http.StatusUnauthorized, `name="password"`)
	e.get(admin, "/admin/sources/unbekannt").want(t, http.StatusNotFound)
}

func TestSourceCreateWithGermanSchedule(t *testing.T) {
	e := newContentEnv(t, contentOptions{})
	admin := e.orgAdmin()
	form := e.newSourceForm("stadt-ckan")
	form.Set("schedule_text", "täglich um 03:00")
	r := e.post(admin, "/admin/sources", form)
	if loc := location(t, r); loc != "/admin/sources/stadt-ckan" {
		t.Fatalf("redirect to %q", loc)
	}
	s, err := e.cat.Source(context.Background(), "stadt-ckan")
	coreOK(t, err)
	if s.Schedule != "0 3 * * *" || s.Organization != "musterstadt" || s.URL != e.ckan.URL || s.Name != "Open-Data-Portal Musterstadt" {
		t.Fatalf("stored %+v", s)
	}
	page := e.follow(admin, r)
	page.want(t, http.StatusOK, "ist angelegt", "täglich um 03:00 Uhr", "Einstellungen ändern")
	// The stored schedule comes back in the helper, not as free text.
	if !strings.Contains(page.Body, `<option value="daily" selected>`) || !strings.Contains(page.Body, `value="03:00"`) {
		t.Error("the helper does not show the stored schedule")
	}
	// The same id again is refused at the id field.
	again := e.post(admin, "/admin/sources", e.newSourceForm("stadt-ckan"))
	again.want(t, http.StatusUnprocessableEntity, "andere Kennung")
	if links := errorLinks(again.Body); !slices.Equal(links, []string{"f-id"}) {
		t.Errorf("error links %v", links)
	}
}

func TestSourceHelperModes(t *testing.T) {
	e := newContentEnv(t, contentOptions{})
	admin := e.orgAdmin()
	for i, c := range []struct {
		mode, time, weekday, day string
		want                     string
	}{
		{modeManual, "", "1", "1", ""},
		{modeHourly, "00:20", "1", "1", "20 * * * *"},
		{modeDaily, "04:15", "1", "1", "15 4 * * *"},
		{modeWeekdays, "06:00", "1", "1", "0 6 * * 1-5"},
		{modeWeekly, "07:30", "1", "1", "30 7 * * 1"},
		{modeMonthly, "02:00", "1", "15", "0 2 15 * *"},
	} {
		id := "quelle-" + string(rune('a'+i))
		form := e.newSourceForm(id)
		form.Set("schedule_mode", c.mode)
		form.Set("schedule_time", c.time)
		form.Set("schedule_weekday", c.weekday)
		form.Set("schedule_day", c.day)
		location(t, e.post(admin, "/admin/sources", form))
		s, err := e.cat.Source(context.Background(), id)
		coreOK(t, err)
		if s.Schedule != c.want {
			t.Errorf("%s: schedule %q, want %q", c.mode, s.Schedule, c.want)
		}
		if got := scheduleFromSpec(s.Schedule); got.Text != "" || got.Mode != c.mode {
			t.Errorf("%s: read back as %+v", c.mode, got)
		}
	}
}

func TestSourceFormErrorsKeepInput(t *testing.T) {
	e := newContentEnv(t, contentOptions{})
	admin := e.orgAdmin()
	form := e.newSourceForm("Nicht Gültig")
	form.Set("url", "kein-link")
	form.Set("schedule_text", "irgendwann mal")
	form.Set("options", "organization=musterstadt\nohne Gleichheitszeichen")
	r := e.post(admin, "/admin/sources", form)
	r.want(t, http.StatusUnprocessableEntity, `value="irgendwann mal"`, `value="kein-link"`, "ohne Gleichheitszeichen</textarea>",
		`aria-describedby="f-schedule_text-hint f-schedule_text-error"`, `aria-invalid="true"`)
	links := errorLinks(r.Body)
	for _, want := range []string{"f-schedule_text", "f-options"} {
		if !slices.Contains(links, want) {
			t.Errorf("error summary links %v lack %s", links, want)
		}
	}
	// With a readable schedule, the service's checks name id and URL.
	form.Set("schedule_text", "")
	form.Set("options", "")
	r = e.post(admin, "/admin/sources", form)
	r.want(t, http.StatusUnprocessableEntity)
	links = errorLinks(r.Body)
	for _, want := range []string{"f-id", "f-url"} {
		if !slices.Contains(links, want) {
			t.Errorf("error summary links %v lack %s", links, want)
		}
	}
	if _, err := e.cat.Sources(context.Background()); err != nil {
		t.Fatal(err)
	}
	if list, _ := e.cat.Sources(context.Background()); len(list) != 0 {
		t.Errorf("%d sources stored from invalid forms", len(list))
	}
}

func TestSourceSchedulePreview(t *testing.T) {
	e := newContentEnv(t, contentOptions{})
	admin := e.orgAdmin()
	// Without JavaScript: the "Zeitplan prüfen" button.
	form := e.newSourceForm("stadt-ckan")
	form.Set("schedule_text", "werktags um 6 Uhr")
	form.Set("action", "preview")
	r := e.post(admin, "/admin/sources", form)
	// coreStart is Tuesday 1 December 2026, 10:00 in Berlin.
	r.want(t, http.StatusOK, "Geplant: <strong>", "02.12.2026 06:00 Uhr", "03.12.2026 06:00 Uhr", "04.12.2026 06:00 Uhr")
	if _, err := e.cat.Source(context.Background(), "stadt-ckan"); municat.ErrorCode(err) != municat.ENOTFOUND {
		t.Errorf("preview stored the source: %v", err)
	}
	// With JavaScript: the JSON answer.
	r = e.post(admin, "/admin/sources/schedule-preview", url.Values{"schedule_text": {"täglich um 03:00"}})
	r.want(t, http.StatusOK)
	var got previewJSON
	coreOK(t, json.Unmarshal([]byte(r.Body), &got))
	want := []string{"Mittwoch, 02.12.2026, 03:00 Uhr", "Donnerstag, 03.12.2026, 03:00 Uhr", "Freitag, 04.12.2026, 03:00 Uhr"}
	if got.Spec != "0 3 * * *" || !slices.Equal(got.Next, want) || got.Description == "" || got.Error != "" {
		t.Errorf("preview %+v", got)
	}
	r = e.post(admin, "/admin/sources/schedule-preview", url.Values{"schedule_mode": {modeMonthly}, "schedule_time": {"25:00"}})
	coreOK(t, json.Unmarshal([]byte(r.Body), &got))
	if got.Field != "schedule_time" || !strings.Contains(got.Error, "Uhrzeit") {
		t.Errorf("bad time: %+v", got)
	}
	// Without the CSRF token the preview is refused like any form.
	e.post(admin, "/admin/sources/schedule-preview", url.Values{"csrf": {"falsch"}}).want(t, http.StatusForbidden)
}

func TestSourceUpdateKeepsWhatTheFormDoesNotShow(t *testing.T) {
	e := newContentEnv(t, contentOptions{})
	admin := e.orgAdmin()
	s := e.putSource("stadt-ckan", "")
	s.Paused = true
	s.Options = map[string]string{"organization": "musterstadt"}
	coreOK(t, e.cat.PutSource(context.Background(), s))
	form := e.newSourceForm("ignored")
	form.Set("name", "Neuer Name")
	form.Set("options", "organization=musterstadt\nrows=50")
	form.Set("notify_email", "daten@musterstadt.de, it@musterstadt.de")
	location(t, e.post(admin, "/admin/sources/stadt-ckan", form))
	got, err := e.cat.Source(context.Background(), "stadt-ckan")
	coreOK(t, err)
	if got.Name != "Neuer Name" || got.Schedule != "15 4 * * *" || !got.Paused || got.Options["rows"] != "50" ||
		got.Notify == nil || !slices.Equal(got.Notify.Email, []string{"daten@musterstadt.de", "it@musterstadt.de"}) {
		t.Errorf("updated %+v (notify %+v)", got, got.Notify)
	}
	// An editor may not change the source.
	e.post(e.editor(), "/admin/sources/stadt-ckan", form).want(t, http.StatusForbidden)
}

func TestSourceActions(t *testing.T) {
	e := newContentEnv(t, contentOptions{})
	admin, editor := e.orgAdmin(), e.editor()
	e.putSource("stadt-ckan", "")
	ctx := context.Background()

	r := e.post(editor, "/admin/sources/stadt-ckan/test", url.Values{})
	r.want(t, http.StatusOK, "Die Verbindung funktioniert.", "Gespeichert wurde nichts.")
	checkNoInline(t, "test", r.Body)

	r = e.post(editor, "/admin/sources/stadt-ckan/dry-run", url.Values{})
	r.want(t, http.StatusOK, "Neu hinzukommen würden (", "Jetzt wirklich ernten")
	if r.h1() != "Probelauf der Quelle „Portal stadt-ckan“" {
		t.Errorf("dry run h1 %q", r.h1())
	}
	checkNoInline(t, "dry run", r.Body)
	if runs, _ := e.cat.Runs(ctx, "stadt-ckan"); len(runs) != 0 {
		t.Fatalf("dry run wrote %d runs", len(runs))
	}

	r = e.post(editor, "/admin/sources/stadt-ckan/run", url.Values{})
	if loc := location(t, r); loc != "/admin/sources/stadt-ckan/runs" {
		t.Fatalf("run redirects to %q", loc)
	}
	e.follow(editor, r).want(t, http.StatusOK, "Der Lauf ist gestartet.")
	var run *municat.Run
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		runs, err := e.cat.Runs(ctx, "stadt-ckan")
		coreOK(t, err)
		if len(runs) == 1 && runs[0].Status != municat.RunRunning {
			run = runs[0]
			break
		}
	}
	if run == nil || run.Status != municat.RunSucceeded || run.Counts.Added == 0 {
		t.Fatalf("run %+v", run)
	}
	list := e.get(editor, "/admin/sources/stadt-ckan/runs")
	list.want(t, http.StatusOK, "/admin/sources/stadt-ckan/runs/"+run.ID, "erfolgreich")
	detail := e.get(editor, "/admin/sources/stadt-ckan/runs/"+run.ID)
	detail.want(t, http.StatusOK, "Was der Lauf geändert hat", "erfolgreich")
	if !strings.HasPrefix(detail.h1(), "Lauf vom 01.12.2026") {
		t.Errorf("run h1 %q", detail.h1())
	}
	checkNoInline(t, "run", detail.Body)
	e.get(editor, "/admin/sources/stadt-ckan/runs/20261201T000000Z-abcdef").want(t, http.StatusNotFound)

	// Pausing is for admins.
	e.post(editor, "/admin/sources/stadt-ckan/pause", url.Values{}).want(t, http.StatusForbidden)
	location(t, e.post(admin, "/admin/sources/stadt-ckan/pause", url.Values{}))
	if s, _ := e.cat.Source(ctx, "stadt-ckan"); !s.Paused {
		t.Error("not paused")
	}
	e.get(admin, "/admin/sources/stadt-ckan").want(t, http.StatusOK, "pausiert", "Zeitplan fortsetzen")
	location(t, e.post(admin, "/admin/sources/stadt-ckan/resume", url.Values{}))
	if s, _ := e.cat.Source(ctx, "stadt-ckan"); s.Paused {
		t.Error("not resumed")
	}

	// Deleting needs the box ticked; the datasets stay.
	r = e.post(admin, "/admin/sources/stadt-ckan/delete", url.Values{})
	r.want(t, http.StatusUnprocessableEntity, "Ja, Quelle löschen")
	if links := errorLinks(r.Body); !slices.Equal(links, []string{"f-confirm"}) {
		t.Errorf("error links %v", links)
	}
	e.post(editor, "/admin/sources/stadt-ckan/delete", url.Values{"confirm": {"ja"}}).want(t, http.StatusForbidden)
	r = e.post(admin, "/admin/sources/stadt-ckan/delete", url.Values{"confirm": {"ja"}})
	if loc := location(t, r); loc != "/admin/sources" {
		t.Fatalf("delete redirects to %q", loc)
	}
	if _, err := e.cat.Source(ctx, "stadt-ckan"); municat.ErrorCode(err) != municat.ENOTFOUND {
		t.Errorf("source still there: %v", err)
	}
	n := 0
	coreOK(t, e.cat.SourceDatasets(ctx, "stadt-ckan", func(*municat.Dataset) error { n++; return nil }))
	if n != run.Counts.Added {
		t.Errorf("%d datasets after delete, want %d", n, run.Counts.Added)
	}
}

func TestSourceTestFailureIsShown(t *testing.T) {
	e := newContentEnv(t, contentOptions{})
	e.putSource("stadt-ckan", "")
	e.ckan.FailWith(http.StatusNotFound)
	r := e.post(e.editor(), "/admin/sources/stadt-ckan/test", url.Values{})
	r.want(t, http.StatusOK, "Ergebnis des Verbindungstests", "banner-error", "Gespeichert wurde nichts.")
	if strings.Contains(r.Body, "Die Verbindung funktioniert") {
		t.Error("a failed test reads as working")
	}
	// Testing unsaved input from the form.
	form := e.newSourceForm("neu")
	form.Set("action", "test")
	e.ckan.FailWith(0)
	e.post(e.orgAdmin(), "/admin/sources", form).want(t, http.StatusOK, "Die Verbindung funktioniert.")
	if _, err := e.cat.Source(context.Background(), "neu"); municat.ErrorCode(err) != municat.ENOTFOUND {
		t.Errorf("test stored the source: %v", err)
	}
}

func TestManagedSourceHasNoForm(t *testing.T) {
	e := newContentEnv(t, contentOptions{})
	e.putSource("aus-datei", municat.ManagedByConfig)
	r := e.get(e.orgAdmin(), "/admin/sources/aus-datei")
	r.want(t, http.StatusOK, "Konfigurationsdatei", "Pausieren")
	if strings.Contains(r.Body, "Einstellungen ändern") || strings.Contains(r.Body, "Quelle löschen") {
		t.Error("a source of the configuration file shows the form")
	}
}

func TestRunRecordProblems(t *testing.T) {
	e := newContentEnv(t, contentOptions{})
	e.putSource("stadt-ckan", "")
	ctx := context.Background()
	started := coreStart.Add(-time.Hour)
	finished := started.Add(95 * time.Second)
	run := &municat.Run{
		ID: municat.NewRunID(started), SourceID: "stadt-ckan", Started: started, Finished: &finished, Updated: finished,
		Status: municat.RunSucceeded, Pages: 2, Counts: municat.RunCounts{Added: 1, Failed: 1, Flagged: 1},
		RecordErrors:   []municat.RecordError{{RemoteID: "kaputt", Message: `Titel fehlt <script>alert(1)</script>`, Link: "https://example.org/dataset/kaputt"}},
		RecordWarnings: []municat.RecordError{{RemoteID: "baeume", Message: "Lizenz unbekannt"}},
	}
	coreOK(t, e.cat.PutRun(ctx, run))
	coreOK(t, e.cat.PutDataset(ctx, &municat.Dataset{ID: municat.DatasetID("stadt-ckan", "baeume"), Title: municat.NewText("Bäume"),
		Organization: "musterstadt", SourceID: "stadt-ckan", RemoteID: "baeume", State: municat.Published}))
	r := e.get(e.editor(), "/admin/sources/stadt-ckan/runs/"+run.ID)
	r.want(t, http.StatusOK, "erfolgreich, mit Fehlern", "1 min 35 s", "Titel fehlt &lt;script&gt;alert(1)&lt;/script&gt;",
		`href="https://example.org/dataset/kaputt"`, `href="/admin/datasets/stadt-ckan.baeume"`, "Lizenz unbekannt")
	checkNoInline(t, "run", r.Body)
	// The list marks the run, too.
	e.get(e.editor(), "/admin/sources").want(t, http.StatusOK, "erfolgreich, mit Fehlern")
}

func TestScheduleInput(t *testing.T) {
	for _, c := range []struct {
		in    scheduleInput
		spec  string
		field string
	}{
		{scheduleInput{Mode: modeManual}, "", ""},
		{scheduleInput{}, "", ""},
		{scheduleInput{Mode: modeHourly}, "0 * * * *", ""},
		{scheduleInput{Mode: modeDaily, Time: "3:05"}, "5 3 * * *", ""},
		{scheduleInput{Mode: modeDaily, Time: "3 Uhr"}, "0 3 * * *", ""},
		{scheduleInput{Mode: modeDaily}, "", "schedule_time"},
		{scheduleInput{Mode: modeDaily, Time: "24:00"}, "", "schedule_time"},
		{scheduleInput{Mode: modeWeekly, Time: "07:00", Weekday: "7"}, "", "schedule_weekday"},
		{scheduleInput{Mode: modeWeekly, Time: "07:00", Weekday: "0"}, "0 7 * * 0", ""},
		{scheduleInput{Mode: modeMonthly, Time: "07:00", Day: "31"}, "", "schedule_day"},
		{scheduleInput{Mode: "sometimes"}, "", "schedule_time"},
		{scheduleInput{Mode: "sometimes", Time: "01:00"}, "", "schedule_mode"},
		{scheduleInput{Mode: modeDaily, Time: "bad", Text: "täglich um 03:00"}, "0 3 * * *", ""},
		{scheduleInput{Text: "wenn es passt"}, "", "schedule_text"},
	} {
		spec, ferr := c.in.spec()
		field := ""
		if ferr != nil {
			field = ferr.Field
			if ferr.Message == "" {
				t.Errorf("%+v: empty message", c.in)
			}
		}
		if spec != c.spec || field != c.field {
			t.Errorf("%+v: spec %q field %q, want %q %q", c.in, spec, field, c.spec, c.field)
		}
	}
	for spec, mode := range map[string]string{"@daily": "", "*/15 * * * *": "", "0 3 1-5 * *": "", "0 3 31 * *": "", "0 3 * * 1,3": ""} {
		if got := scheduleFromSpec(spec); got.Text != spec || got.Mode != modeManual || mode != "" {
			t.Errorf("%q read as %+v", spec, got)
		}
	}
}
