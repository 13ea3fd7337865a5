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
		{roleLabel(municat.RoleEditor), "Redaktion"},
		{fieldError([]municat.FieldError{{Field: "a", Message: "x"}, {Field: "b", Message: "y"}, {Field: "a", Message: "z"}}, "a"), "x z"},
		{newField(nil, "title.de", "Titel", "T", "text", true, "Hinweis").DescribedBy(), "f-title-de-hint"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
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
