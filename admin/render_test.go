package admin

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// TestFlashSigned checks that a flash notice is shown once and that a
// notice not signed by the server is ignored.
func TestFlashSigned(t *testing.T) {
	t.Parallel()
	f, err := newFlasher("/admin", false)
	coreOK(t, err)
	for _, msg := range []string{"Gespeichert.", "", "Ä <b>"} {
		if got := f.verify(f.sign(msg)); got != msg {
			t.Errorf("verify(sign(%q)) = %q", msg, got)
		}
	}
	other, err := newFlasher("/admin", false)
	coreOK(t, err)
	for _, v := range []string{other.sign("Gefälscht"), "", ".", "abc", f.sign("x") + "x", "eQ." + strings.SplitN(f.sign("x"), ".", 2)[1]} {
		if got := f.verify(v); got != "" {
			t.Errorf("verify(%q) = %q, want nothing", v, got)
		}
	}

	e := newCoreEnv(t)
	u := e.editor()
	forged := e.do(u, http.MethodGet, "/admin/", nil, flashCookie+"="+other.sign("Gefälscht"))
	forged.want(t, http.StatusOK)
	if strings.Contains(forged.Body, "Gefälscht") {
		t.Fatal("a forged notice is shown")
	}
}

// FuzzFlashVerify checks that verify never panics and accepts only what
// sign made.
func FuzzFlashVerify(f *testing.F) {
	fl, err := newFlasher("/admin", false)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(fl.sign("Gespeichert."))
	f.Add("a.b")
	f.Add("")
	f.Fuzz(func(t *testing.T, v string) {
		if msg := fl.verify(v); msg != "" && fl.sign(msg) != v {
			t.Fatalf("verify(%q) accepted %q", v, msg)
		}
	})
}

// TestTemplateFuncs checks the helpers the templates use.
func TestTemplateFuncs(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	coreOK(t, err)
	a := &admin{basePath: "/daten", berlin: berlin}
	summer := time.Date(2026, 7, 1, 10, 5, 0, 0, time.UTC)
	for _, tc := range []struct{ got, want string }{
		{a.formatTime(summer, "02.01.2006 15:04"), "01.07.2026 12:05"},
		{a.formatTime(&summer, "02.01.2006"), "01.07.2026"},
		{a.formatTime((*time.Time)(nil), "02.01.2006"), "–"},
		{a.formatTime(time.Time{}, "02.01.2006"), "–"},
		{a.path("/sources/", "a b", "/runs/", "r/1"), "/daten/admin/sources/a%20b/runs/r%2F1"},
		{a.path("/"), "/daten/admin/"},
		{fieldID("distributions[0].access_url"), "f-distributions-0--access_url"},
		{fieldID("title.de"), "f-title-de"},
		{stateLabel(municat.Scheduled), "Geplant"},
		{stateLabel(""), "Veröffentlicht"},
		{runStatus(municat.RunInterrupted), "abgebrochen"},
		{runStatus("neu"), "neu"},
		{stateLabel("unbekannt"), "unbekannt"},
		{roleLabel(municat.RoleEditor), "Redaktion"},
		{fieldError([]municat.FieldError{{Field: "a", Message: "x"}, {Field: "b", Message: "y"}, {Field: "a", Message: "z"}}, "a"), "x z"},
		{newField(nil, "title.de", "Titel", "T", "text", true, "Hinweis").DescribedBy(), "f-title-de-hint"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// TestPartials checks the HTML of the form controls of partials.html,
// with and without hint and error message.
func TestPartials(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	coreOK(t, err)
	a := &admin{berlin: berlin}
	coreOK(t, a.parseAll())
	page := a.pages["dataset"].t
	errs := Base{Errors: []municat.FieldError{{Field: "confirm", Message: "Bitte bestätigen."}, {Field: "org", Message: "Fehlt."}}}
	for _, tc := range []struct {
		name string
		data any
		want string
	}{
		{"field", newField(nil, "title.de", "Titel", "T", "text", true, "Kurz."),
			`<div class="field">` + "\n" + `<label for="f-title-de">Titel <span class="required">(Pflichtfeld)</span></label>` + "\n" +
				`<p class="hint" id="f-title-de-hint">Kurz.</p>` + "\n" +
				`<input type="text" id="f-title-de" name="title.de" value="T" required aria-describedby="f-title-de-hint">` + "\n</div>"},
		{"select", errs.Select("org", "Organisation", false, "", "Bitte wählen", []option{{Value: "a", Label: "A", Selected: true}}),
			`<div class="field field-error">` + "\n" + `<label for="f-org">Organisation</label>` + "\n" +
				`<p class="error-message" id="f-org-error"><span class="visually-hidden">Fehler:</span> Fehlt.</p>` + "\n" +
				`<select id="f-org" name="org" aria-describedby="f-org-error" aria-invalid="true">` + "\n" +
				`<option value="">Bitte wählen</option>` + "\n" + `<option value="a" selected>A</option>` + "\n</select>\n</div>"},
		{"textarea", errs.Textarea("options", "Optionen", "a=b", 4, false, ""),
			`<div class="field">` + "\n" + `<label for="f-options">Optionen</label>` + "\n" +
				`<textarea id="f-options" name="options" rows="4">a=b</textarea>` + "\n</div>"},
		{"checkbox", errs.Checkbox("confirm", "Ja", "ja", true, true, "Endgültig."),
			`<div class="field field-error">` + "\n" +
				`<p class="error-message" id="f-confirm-error"><span class="visually-hidden">Fehler:</span> Bitte bestätigen.</p>` + "\n" +
				`<div class="choice">` + "\n" +
				`<input type="checkbox" id="f-confirm" name="confirm" value="ja" checked required aria-describedby="f-confirm-hint f-confirm-error" aria-invalid="true">` + "\n" +
				`<label for="f-confirm">Ja</label>` + "\n</div>\n" + `<p class="hint" id="f-confirm-hint">Endgültig.</p>` + "\n</div>"},
		{"checkboxes", errs.Checkboxes("themes", "Kategorien", "", []option{{Value: "ENVI", Label: "Umwelt"}, {Value: "REGI", Label: "Regionen", Selected: true}}),
			`<fieldset class="field">` + "\n<legend>Kategorien</legend>\n" + `<ul class="choices columns">` + "\n" +
				`<li class="choice"><input type="checkbox" id="f-themes" name="themes" value="ENVI"><label for="f-themes">Umwelt</label></li>` + "\n" +
				`<li class="choice"><input type="checkbox" id="f-themes-REGI" name="themes" value="REGI" checked><label for="f-themes-REGI">Regionen</label></li>` + "\n</ul>\n</fieldset>"},
		{"error-message", fieldOf(errs.Errors, "confirm"),
			"\n" + `<p class="error-message" id="f-confirm-error"><span class="visually-hidden">Fehler:</span> Bitte bestätigen.</p>`},
		{"error-message", fieldOf(nil, "confirm"), ""},
	} {
		var b strings.Builder
		coreOK(t, page.ExecuteTemplate(&b, tc.name, tc.data))
		if b.String() != tc.want {
			t.Errorf("%s:\n%s\nwant\n%s", tc.name, b.String(), tc.want)
		}
	}
}

// TestFailMapsStatuses checks the status of each error code's page.
func TestFailMapsStatuses(t *testing.T) {
	t.Parallel()
	for code, status := range map[string]int{
		municat.EFORBIDDEN: 403, municat.ENOTFOUND: 404, municat.ECONFLICT: 409, municat.ETOOLARGE: 413,
		municat.EINVALID: 422, municat.ETOOMANY: 429, municat.EUNAVAILABLE: 503, municat.EINTERNAL: 500,
	} {
		if got, ok := errorStatus[code]; ok && got != status || !ok && status != 500 {
			t.Errorf("%s → %d, want %d", code, got, status)
		}
		if errorTitles[status] == "" || errorAdvice[status] == "" {
			t.Errorf("status %d has no title or advice", status)
		}
	}
}
