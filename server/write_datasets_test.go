package server_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/server"
)

// newDataset is the body of a valid draft of organisation A.
const newDataset = `{
	"title": {"de": "Spielplätze in Stadt A", "en": "Playgrounds"},
	"description": {"de": "Alle öffentlichen Spielplätze mit Lage und Ausstattung."},
	"organization": "stadt-a",
	"license": "dl-by-de/2.0",
	"themes": ["SOCI"],
	"keywords": ["Spielplatz"],
	"id": "wird-ignoriert",
	"issued": "2001-01-01T00:00:00Z",
	"content_hash": "sha256:ignoriert"
}`

// TestCreateDataset: a draft made through the API is there for its
// organisation and does not exist for anyone else until it is published.
func TestCreateDataset(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	var d municat.Dataset
	resp := e.MustStatus(t, request{method: http.MethodPost, target: "/api/v1/datasets", token: "a-editor", contentType: "application/json", body: strings.NewReader(newDataset)}, http.StatusCreated, &d)
	if d.ID != "spielplaetze-in-stadt-a" || d.State != municat.Draft || d.Issued != nil || d.ContentHash != "" || d.Organization != orgA {
		t.Fatalf("created %+v", d)
	}
	if loc := resp.Header.Get("Location"); loc != testBaseURL+"/api/v1/datasets/spielplaetze-in-stadt-a" {
		t.Errorf("Location %q", loc)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	target := "/api/v1/datasets/" + d.ID
	var got municat.Dataset
	resp = e.MustStatus(t, request{method: http.MethodGet, target: target, token: "a-editor"}, http.StatusOK, &got)
	if got.Title.Get("de") != "Spielplätze in Stadt A" || got.State != municat.Draft {
		t.Errorf("editor sees %+v", got)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "private, no-store" {
		t.Errorf("preview Cache-Control %q", cc)
	}
	for _, token := range []string{"", "b-admin"} {
		p := e.MustProblem(t, request{method: http.MethodGet, target: target, token: token}, http.StatusNotFound)
		if p.Detail != `Datensatz "spielplaetze-in-stadt-a" nicht gefunden.` {
			t.Errorf("draft to %q: %q", token, p.Detail)
		}
	}

	// Publish: now everyone sees it, and search finds it.
	published := strings.Replace(newDataset, `"license"`, `"state": "published", "license"`, 1)
	e.MustStatus(t, request{method: http.MethodPut, target: target, token: "a-editor", contentType: "application/json", body: strings.NewReader(published)}, http.StatusOK, &got)
	if got.State != municat.Published || got.Issued == nil {
		t.Fatalf("published %+v", got)
	}
	MustGetJSON(t, e.app, target, http.StatusOK, &got)
	var res server.SearchResponse
	MustGetJSON(t, e.app, "/api/v1/datasets?q=Spielpl%C3%A4tze", http.StatusOK, &res)
	if res.Total != 1 || res.Items[0].ID != d.ID {
		t.Errorf("search: %+v", res)
	}

	// Withdraw: gone from search, the record says so.
	e.MustStatus(t, request{method: http.MethodPost, target: target + "/withdraw", token: "a-editor"}, http.StatusOK, &got)
	if got.State != municat.Withdrawn {
		t.Errorf("withdrawn %+v", got)
	}
	MustGetJSON(t, e.app, "/api/v1/datasets?q=Spielpl%C3%A4tze", http.StatusOK, &res)
	if res.Total != 0 {
		t.Errorf("search after withdrawal: %+v", res)
	}
}

// TestCreateDatasetValidation: invalid values are a 422 naming each field,
// and nothing is written.
func TestCreateDatasetValidation(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	before := e.storeKeys(t)
	body := `{"title": {"de": ""}, "organization": "stadt-a", "themes": ["KATZEN"], "landing_page": "kein link",
		"state": "published", "contact_point": {"email": "keine-adresse"}}`
	p := e.MustProblem(t, request{method: http.MethodPost, target: "/api/v1/datasets", token: "a-editor", contentType: "application/json", body: strings.NewReader(body)}, http.StatusUnprocessableEntity)
	names := fieldNames(p)
	for _, want := range []string{"title.de", "description.de", "themes[0]", "landing_page", "contact_point.email", "license"} {
		if !slices.Contains(names, want) {
			t.Errorf("fields %v lack %q", names, want)
		}
	}
	for _, f := range p.Fields {
		if f.Message == "" {
			t.Errorf("field %s without message", f.Field)
		}
	}
	if p.Title != "Ungültige Angaben" || !strings.Contains(p.Detail, "Bitte korrigieren Sie") {
		t.Errorf("problem %+v", p)
	}
	if after := e.storeKeys(t); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("the store changed: %v", after)
	}
}

// TestBadJSON: a body the decoder cannot take is a 400 (415 for another
// media type) that says where and what, and nothing is written.
func TestBadJSON(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	before := e.storeKeys(t)
	tests := []struct {
		name, contentType, body string
		status                  int
		detail                  string
		fields                  []municat.FieldError
	}{
		{"trailing comma", "application/json", "{\"title\": {\"de\": \"x\"},\n  }", 400,
			`Ungültiges JSON an Position 26 (Zeile 2, Spalte 3): unerwartetes Zeichen "}" (erwartet wird ein Feldname in Anführungszeichen).`, nil},
		{"cut off", "application/json", `{"title": {"de": "x`, 400,
			"Ungültiges JSON an Position 19 (Zeile 1, Spalte 19): Das JSON endet mitten in einem Wert (fehlt eine schließende Klammer oder ein Anführungszeichen?).", nil},
		{"single quotes", "application/json", `{'title': 1}`, 400,
			`Ungültiges JSON an Position 2 (Zeile 1, Spalte 2): unerwartetes Zeichen "'" (erwartet wird ein Feldname in Anführungszeichen).`, nil},
		{"typo", "application/json", `{"titel": {"de": "x"}, "organization": "stadt-a", "distributions": [{"acess_url": "https://x.de"}]}`, 400,
			"Bitte korrigieren Sie diese Felder: distributions[0].acess_url, titel (Einzelheiten unter fields).", []municat.FieldError{
				{Field: "distributions[0].acess_url", Message: `Das Feld "acess_url" gibt es nicht. Meinten Sie "access_url"?`},
				{Field: "titel", Message: `Das Feld "titel" gibt es nicht. Meinten Sie "title"?`},
			}},
		{"wrong types", "application/json", `{"keywords": "Bäume", "title": "Bäume", "issued": "gestern", "spatial": {"bbox": {"west": "7"}}}`, 400,
			"Bitte korrigieren Sie diese Felder: issued, keywords, spatial.bbox.west, title (Einzelheiten unter fields).", []municat.FieldError{
				{Field: "issued", Message: `Erwartet wird ein Zeitpunkt nach RFC 3339 wie "2026-12-24T08:00:00+01:00", gesendet wurde eine Zeichenkette.`},
				{Field: "keywords", Message: "Erwartet wird eine Liste […], gesendet wurde eine Zeichenkette."},
				{Field: "spatial.bbox.west", Message: "Erwartet wird eine Zahl, gesendet wurde eine Zeichenkette."},
				{Field: "title", Message: "Erwartet wird ein Objekt {…}, gesendet wurde eine Zeichenkette."},
			}},
		{"unknown field far off", "application/json", `{"xyzzy": 1}`, 400,
			"Bitte korrigieren Sie diese Felder: xyzzy (Einzelheiten unter fields).", []municat.FieldError{
				{Field: "xyzzy", Message: `Das Feld "xyzzy" gibt es nicht. Bitte prüfen Sie die Schreibweise (Feldnamen sind klein geschrieben, z. B. "title").`},
			}},
		{"list", "application/json", `[{"title": {"de": "x"}}]`, 400, "Erwartet wird ein JSON-Objekt ({…}), gesendet wurde eine Liste.", nil},
		{"two objects", "application/json", `{} {}`, 400, "Nach dem JSON-Objekt folgen an Position 4 weitere Daten. Bitte senden Sie genau ein Objekt.", nil},
		{"empty", "application/json", "", 400, `Der Inhalt der Anfrage fehlt. Bitte senden Sie die Angaben als JSON-Objekt, z. B. {"title": {"de": "Baumkataster"}}.`, nil},
		{"form", "application/x-www-form-urlencoded", "title=x", 415, `Bitte senden Sie die Angaben als JSON (Content-Type: application/json), nicht als "application/x-www-form-urlencoded".`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := e.MustProblem(t, request{method: http.MethodPost, target: "/api/v1/datasets", token: "a-editor", contentType: tt.contentType, body: strings.NewReader(tt.body)}, tt.status)
			if p.Detail != tt.detail {
				t.Errorf("detail\n got %q\nwant %q", p.Detail, tt.detail)
			}
			if fmt.Sprint(p.Fields) != fmt.Sprint(tt.fields) {
				t.Errorf("fields\n got %v\nwant %v", p.Fields, tt.fields)
			}
		})
	}
	if after := e.storeKeys(t); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("the store changed: %v", after)
	}
}

// TestOrganizationDatasets: an editor lists the organisation's datasets in
// every state, or in one.
func TestOrganizationDatasets(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	ids := func(target string) []string {
		var list server.ListResponse[municat.Dataset]
		e.MustStatus(t, request{method: http.MethodGet, target: target, token: "a-editor"}, http.StatusOK, &list)
		out := make([]string, 0, len(list.Items))
		for _, d := range list.Items {
			out = append(out, d.ID+":"+string(d.State))
		}
		return out
	}
	if got := ids("/api/v1/organizations/stadt-a/datasets"); fmt.Sprint(got) != "[baeume:published entwurf:draft geplant:scheduled spaeter:published]" {
		t.Errorf("all: %v", got)
	}
	if got := ids("/api/v1/organizations/stadt-a/datasets?state=scheduled"); fmt.Sprint(got) != "[geplant:scheduled]" {
		t.Errorf("scheduled: %v", got)
	}
	p := e.MustProblem(t, request{method: http.MethodGet, target: "/api/v1/organizations/stadt-a/datasets?state=bald", token: "a-editor"}, http.StatusBadRequest)
	if len(p.Errors) != 1 || p.Errors[0].Parameter != "state" {
		t.Errorf("problem %+v", p)
	}
}
