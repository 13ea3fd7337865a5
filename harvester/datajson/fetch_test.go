package datajson_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/datajson"
	"github.com/municat/municat/internal/fetchtest"
)

func TestFetchEmitsTheCatalogueAsOnePage(t *testing.T) {
	body := MustReadFixture(t, evianFixture)
	srv := newServer(t, body)
	got, err := fetch(t, srv.URL+"/data.json", nil)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if len(got.Pages) != 1 || srv.requests.Load() != 1 {
		t.Fatalf("%d pages after %d requests, want 1 and 1", len(got.Pages), srv.requests.Load())
	}
	p := got.Pages[0]
	if p.URL != srv.URL+"/data.json" || string(p.Body) != string(body) || p.Ext != "json" || !strings.HasPrefix(p.ContentType, "application/json") {
		t.Errorf("page %s (ext %q, type %q) is not the body as served", p.URL, p.Ext, p.ContentType)
	}
	if ua, _ := srv.agent.Load().(string); ua != municat.UserAgent() {
		t.Errorf("User-Agent %q, want %q", ua, municat.UserAgent())
	}
	for _, r := range p.Records {
		fetchtest.MustValidate(t, r)
	}
}

func TestFetchRejectsWhatIsNoCatalogue(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"malformed JSON", `{"dataset": [{"identifier": "a"}`, "kein gültiges JSON-Objekt"},
		{"HTML page", "<!DOCTYPE html><html><body>Anmelden</body></html>", "kein gültiges JSON-Objekt"},
		{"empty body", "", "kein gültiges JSON-Objekt"},
		{"string", `"data.json"`, "kein gültiges JSON-Objekt"},
		{"no dataset list", `{"@type": "dcat:Catalog", "conformsTo": "https://project-open-data.cio.gov/v1.1/schema"}`, `fehlt die Liste der Datensätze ("dataset")`},
		{"dataset null", `{"dataset": null}`, `fehlt die Liste der Datensätze ("dataset")`},
		{"dataset object", `{"dataset": {"identifier": "a", "title": "A"}}`, `fehlt die Liste der Datensätze ("dataset")`},
		{"CKAN answer", `{"success": true, "result": {"count": 0, "results": []}}`, `fehlt die Liste der Datensätze ("dataset")`},
		{"broken bare list", `[{"identifier": "a"},`, "kein gültiges JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, []byte(tc.body))
			got, err := fetch(t, srv.URL+"/data.json", nil)
			fetchtest.MustFailWith(t, err, tc.want)
			if !errors.Is(err, municat.ErrUnavailable) || len(got.Pages) != 0 {
				t.Errorf("error %v with %d pages, want ErrUnavailable and none emitted", err, len(got.Pages))
			}
			if !strings.Contains(err.Error(), "data.json-Katalog") {
				t.Errorf("error %q does not say what was expected", err)
			}
		})
	}
}

func TestFetchFailures(t *testing.T) {
	srv := newServer(t, MustReadFixture(t, evianFixture))
	srv.status.Store(http.StatusInternalServerError)
	_, err := fetch(t, srv.URL+"/data.json", nil)
	if !errors.Is(err, municat.ErrUnavailable) || !strings.Contains(municat.ErrorMessage(err), "HTTP 500") {
		t.Errorf("HTTP 500: error %v, want ErrUnavailable naming the status", err)
	}
	srv.status.Store(http.StatusOK)
	_, err = fetchWith(t, &datajson.Fetcher{MaxBytes: 1000, Retries: -1}, srv.URL+"/data.json", nil)
	if !errors.Is(err, municat.ErrTooLarge) {
		t.Errorf("MaxBytes 1000: error %v, want ErrTooLarge", err)
	}
	_, err = fetch(t, "ftp://example.org/data.json", nil)
	if !errors.Is(err, municat.ErrInvalid) {
		t.Errorf("ftp URL: error %v, want ErrInvalid", err)
	}
	stop := errors.New("stop")
	f := &datajson.Fetcher{Retries: -1}
	src := &municat.Source{ID: "test", Type: municat.SourceDataJSON, URL: srv.URL + "/data.json"}
	if err := f.Fetch(context.Background(), src, func(*harvester.Page) error { return stop }); err != stop {
		t.Errorf("emit's error came back as %v", err)
	}
}

func TestDuplicateIdentifiersCountOnce(t *testing.T) {
	body := `{"dataset": [
		{"identifier": "a", "title": "Erster", "landingPage": "https://example.org/a"},
		{"identifier": "b", "title": "Zweiter"},
		{"identifier": "a", "title": "Erster, nochmals"},
		{"identifier": "a", "title": "Erster, ein drittes Mal"}
	]}`
	srv := newServer(t, []byte(body))
	got, err := fetch(t, srv.URL+"/data.json", nil)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if !slices.Equal(got.IDs, []string{"a", "b"}) || got.ByID["a"].Dataset.Title["de"] != "Erster" {
		t.Fatalf("records %v (a: %v), want a (the first) and b", got.IDs, got.ByID["a"].Dataset.Title)
	}
	if len(got.Errs) != 2 {
		t.Fatalf("%d record errors, want 2 duplicates", len(got.Errs))
	}
	for i, r := range got.Errs {
		msg := municat.ErrorMessage(r.Err)
		if r.RemoteID != "" || r.Dataset != nil || !strings.Contains(msg, "Duplikat") || !strings.Contains(msg, `"a"`) {
			t.Errorf("duplicate %d: remote id %q, message %q; want no remote id and a message naming a duplicate of \"a\"", i, r.RemoteID, msg)
		}
	}
	if !strings.Contains(municat.ErrorMessage(got.Errs[0].Err), "Nr. 1 und Nr. 3") {
		t.Errorf("message %q does not name the positions", municat.ErrorMessage(got.Errs[0].Err))
	}
}

func TestRecordsThatCannotBeMappedDoNotStopTheRun(t *testing.T) {
	body := `{"dataset": [
		42,
		{"title": "Ohne Kennung", "landingPage": "https://example.org/x"},
		{"identifier": "no-title", "title": null, "description": "<p>Text</p>"},
		{"identifier": "ok", "title": "Gut"},
		null,
		{"identifier": {"@id": "https://example.org/id/7"}, "title": ["Als Liste"]}
	]}`
	srv := newServer(t, []byte(body))
	got, err := fetch(t, srv.URL+"/data.json", nil)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if !slices.Equal(got.IDs, []string{"ok", "https://example.org/id/7"}) {
		t.Errorf("records %v, want ok and https://example.org/id/7", got.IDs)
	}
	if got.ByID["https://example.org/id/7"].Dataset.Title["de"] != "Als Liste" {
		t.Errorf("a title given as a list was not read")
	}
	want := []struct{ remoteID, says, link string }{
		{"", "Nr. 1 der Datensatzliste ist kein JSON-Objekt", ""},
		{"", "„Ohne Kennung“) hat keine Kennung", "https://example.org/x"},
		{"no-title", "keinen Titel", srv.URL + "/data.json#no-title"},
		{"", "Nr. 5 der Datensatzliste ist kein JSON-Objekt", ""},
	}
	if len(got.Errs) != len(want) {
		t.Fatalf("%d record errors, want %d", len(got.Errs), len(want))
	}
	for i, w := range want {
		r := got.Errs[i]
		if msg := municat.ErrorMessage(r.Err); r.RemoteID != w.remoteID || !strings.Contains(msg, w.says) || r.Link != w.link {
			t.Errorf("error %d: %q %q (link %q), want %q saying %q (link %q)", i, r.RemoteID, msg, r.Link, w.remoteID, w.says, w.link)
		}
	}
}

func TestLinksAndRelativeURLs(t *testing.T) {
	body := `{"dataset": [{"identifier": "rel", "title": "Relativ",
		"distribution": {"downloadURL": "files/a b.csv", "format": "csv"}}]}`
	srv := newServer(t, []byte(body))
	// /old.json redirects to /data.json: relative links resolve against
	// where the catalogue came from, the record link keeps the source URL.
	got, err := fetch(t, srv.URL+"/old.json", nil)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	rec := got.ByID["rel"]
	if rec.Link != srv.URL+"/old.json#rel" {
		t.Errorf("link %q, want the source URL with #rel", rec.Link)
	}
	if len(rec.Dataset.Distributions) != 1 || rec.Dataset.Distributions[0].DownloadURL != srv.URL+"/files/a%20b.csv" {
		t.Errorf("distributions %+v, want the download resolved against %s/data.json", rec.Dataset.Distributions, srv.URL)
	}
	if got.Pages[0].URL != srv.URL+"/old.json" {
		t.Errorf("page URL %q, want the source URL", got.Pages[0].URL)
	}
}

func TestOldFormsAndEmptyCatalogues(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		ids        []string
	}{
		{"Project Open Data 1.0 bare list with BOM", "\xef\xbb\xbf" + `[{"identifier": "x", "title": "X"}]`, []string{"x"}},
		{"empty list", `{"dataset": []}`, nil},
		{"empty bare list", `[]`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, []byte(tc.body))
			got, err := fetch(t, srv.URL+"/data.json", nil)
			if err != nil || !slices.Equal(got.IDs, tc.ids) || len(got.Pages) != 1 {
				t.Errorf("records %v in %d pages, error %v; want %v in one page", got.IDs, len(got.Pages), err, tc.ids)
			}
		})
	}
}

func TestParseWithoutFetching(t *testing.T) {
	recs, err := datajson.Parse(MustReadFixture(t, nyFixture), "https://data.ny.gov/data.json", "en")
	if err != nil || len(recs) != 1 || recs[0].Dataset.Title["en"] == "" {
		t.Fatalf("Parse: %d records, error %v; want one with an English title", len(recs), err)
	}
	recs, err = datajson.Parse(MustReadFixture(t, nyFixture), "https://data.ny.gov/data.json", "klingonisch")
	if err != nil || recs[0].Dataset.Title[municat.DefaultLanguage] == "" {
		t.Errorf("an unknown language option did not fall back to %s", municat.DefaultLanguage)
	}
}
