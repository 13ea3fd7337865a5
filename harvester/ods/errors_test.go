package ods_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester/ods"
)

func TestFetchErrorBodies(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   []byte
		opts   map[string]string
		want   []string
		tries  int
	}{
		{
			name: "malformed where", status: 400, body: MustReadFixture(t, odsqlFixture),
			opts:  map[string]string{"where": "thema = 'Umwelt'", "apikey": "s3cr3t-key"},
			want:  []string{"lehnte die Abfrage", "ODSQLError, HTTP 400", "ODSQL query is malformed", "Optionen where, refine und order_by", "apikey=***"},
			tries: 1,
		},
		{
			name: "quota used up", status: 429, body: MustReadFixture(t, quotaFixture),
			want:  []string{"Abrufkontingent", "höchstens 5000 Abrufe je Tag", "am 2024-06-02T00:00:00Z zurückgesetzt", "Option apikey", "Too many requests on the domain"},
			tries: 2, // 429 is retried once (Retries: 1)
		},
		{
			name: "unauthorized without body", status: 401, body: nil,
			want: []string{"verweigert den Zugriff", "HTTP 401", "API-Schlüssel"}, tries: 1,
		},
		{
			name: "forbidden with body", status: 403, body: []byte(`{"error_code":"PermissionDenied","message":"Sie haben keine Berechtigung."}`),
			want: []string{"verweigert den Zugriff", "PermissionDenied, HTTP 403", "Sie haben keine Berechtigung", "API-Schlüssel"}, tries: 1,
		},
		{
			name: "not an ODS portal", status: 404, body: []byte("<html>Not Found</html>"),
			want: []string{"keine Explore API v2.1", "HTTP 404", "Opendatasoft-Portals"}, tries: 1,
		},
		{
			name: "other ODS error", status: 400, body: []byte(`{"error_code":"InvalidRESTParameterError","message":"Invalid value for limit"}`),
			want: []string{"meldete einen Fehler", "InvalidRESTParameterError, HTTP 400", "Invalid value for limit"}, tries: 1,
		},
		{
			name: "error body with status 200", status: 200, body: []byte(`{"error_code":"ODSQLError","message":"Unknown field: thema"}`),
			want: []string{"lehnte die Abfrage", "ODSQLError", "Unknown field: thema"}, tries: 1,
		},
		{
			name: "server error without body", status: 503, body: nil,
			want: []string{"HTTP 503"}, tries: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPortal(t)
			p.search = func(w http.ResponseWriter, r *http.Request) { writeJSON(w, tt.status, tt.body) }
			got, err := fetch(t, &ods.Fetcher{Retries: 1, Backoff: 1}, p.URL, tt.opts)
			if !errors.Is(err, municat.ErrUnavailable) {
				t.Fatalf("error %v, want ErrUnavailable", err)
			}
			msg := municat.ErrorMessage(err)
			for _, part := range tt.want {
				if !strings.Contains(msg, part) {
					t.Errorf("message %q lacks %q", msg, part)
				}
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("the error shows the API key: %v", err)
			}
			if n := len(p.Requests()); n != tt.tries {
				t.Errorf("%d requests, want %d", n, tt.tries)
			}
			if len(got.Pages) != 0 {
				t.Errorf("%d pages emitted for a failed request", len(got.Pages))
			}
		})
	}
}

func TestFetchErrorOnLaterPage(t *testing.T) {
	p := newPortal(t)
	p.pages[2] = nil
	p.search = func(w http.ResponseWriter, r *http.Request) {
		if offsetOf(r) == 2 {
			writeJSON(w, 429, MustReadFixture(t, quotaFixture))
			return
		}
		p.servePages(w, r)
	}
	got, err := fetch(t, &ods.Fetcher{Retries: -1}, p.URL, pageSize2)
	if !errors.Is(err, municat.ErrUnavailable) || !strings.Contains(municat.ErrorMessage(err), "Abrufkontingent") {
		t.Fatalf("error %v, want the quota explained", err)
	}
	if len(got.AllIDs) != 2 {
		t.Errorf("%d records before the failure, want 2", len(got.AllIDs))
	}
}

func TestFetchMalformedResponses(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"truncated JSON", `{"total_count": 5, "results": [{"dataset_id": "baum`, "kein JSON-Objekt"},
		{"HTML page", "<!DOCTYPE html><html><body>Wartungsarbeiten</body></html>", "kein JSON-Objekt"},
		{"empty body", "", "kein JSON-Objekt"},
		{"a list", `[{"dataset_id":"a"}]`, "kein JSON-Objekt"},
		{"no total_count", `{"results":[]}`, "total_count"},
		{"negative total_count", `{"total_count":-1,"results":[]}`, "total_count"},
		{"total_count as text", `{"total_count":"viele","results":[]}`, "total_count"},
		{"results no list", `{"total_count":1,"results":{"dataset_id":"a"}}`, "results"},
		{"v2.0 response", `{"total_count":1,"datasets":[{"dataset":{"dataset_id":"a"}}]}`, "results"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPortal(t)
			p.search = func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, []byte(tt.body)) }
			got, err := fetch(t, quick(), p.URL, nil)
			wantIncomplete(t, err, tt.want, "Opendatasoft-Portals")
			if len(got.Pages) != 0 {
				t.Errorf("a malformed page was emitted")
			}
		})
	}
}

func TestFetchMalformedExport(t *testing.T) {
	for _, body := range []string{`[{"dataset_id":"a"},`, `{"total_count":1}`, `"export"`} {
		p := newPortal(t)
		p.pages[0] = withTotal(t, p.pages[0], 10001)
		p.export = func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, []byte(body)) }
		_, err := fetch(t, quick(), p.URL, nil)
		wantIncomplete(t, err, "keine JSON-Liste von Datensätzen", "exports/json")
	}
	p := newPortal(t)
	p.pages[0] = withTotal(t, p.pages[0], 10001)
	p.export = func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 429, MustReadFixture(t, quotaFixture)) }
	_, err := fetch(t, &ods.Fetcher{Retries: -1}, p.URL, nil)
	wantIncomplete(t, err, "Abrufkontingent", "exports/json")
}
