package socrata_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/socrata"
	"github.com/municat/municat/internal/fetchtest"
)

var fixtureIDs = []string{"msk6-43c6", "kwxv-fwze", "qcn7-gc3g", "qccx-65fg", "kvz2-j5cj", "ic3t-wcy2", "xvpn-2pnt"}

func TestCompleteListingPagesWithLimitAndOffset(t *testing.T) {
	results, _ := MustFixtureResults(t)
	srv := newServer(t, results, 7) // resultSetSize rewritten to what is served
	got, err := fetch(t, &socrata.Fetcher{PageSize: 3}, srv.URL, nil)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if !slices.Equal(got.IDs, fixtureIDs) || len(got.Errs) != 0 {
		t.Fatalf("records %v (errors %v), want %v", got.IDs, got.Errs, fixtureIDs)
	}
	if len(got.Pages) != 3 {
		t.Fatalf("%d pages, want 3 (3 + 3 + 1)", len(got.Pages))
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	host = host[:strings.LastIndexByte(host, ':')]
	for i, q := range srv.Queries() {
		want := url.Values{"domains": {host}, "search_context": {host}, "only": {"dataset"}, "limit": {"3"}, "offset": {fmt.Sprint(3 * i)}}
		if q.Encode() != want.Encode() {
			t.Errorf("request %d: %s, want %s", i+1, q.Encode(), want.Encode())
		}
	}
	for i, p := range got.Pages {
		if !strings.HasPrefix(p.URL, srv.URL+"/api/catalog/v1?") || !strings.Contains(p.URL, fmt.Sprintf("offset=%d", 3*i)) {
			t.Errorf("page %d URL %s", i+1, p.URL)
		}
		if p.Ext != "json" || !strings.HasPrefix(p.ContentType, "application/json") || !json.Valid(p.Body) {
			t.Errorf("page %d: ext %q type %q, body is not the JSON served", i+1, p.Ext, p.ContentType)
		}
	}
	if ua := srv.Agents()[0]; ua != municat.UserAgent() {
		t.Errorf("User-Agent %q", ua)
	}
}

func TestOriginalFixtureIsAnIncompleteListing(t *testing.T) {
	results, total := MustFixtureResults(t)
	if total != 150680 {
		t.Fatalf("fixture resultSetSize %d, want 150680", total)
	}
	srv := newServer(t, results, total)
	got, err := fetch(t, &socrata.Fetcher{}, srv.URL, nil)
	fetchtest.MustFailUnavailable(t, err, "ab Treffer 7 keine Datensätze mehr, obwohl sie 150680 meldet")
	if !slices.Equal(got.IDs, fixtureIDs) || len(srv.Queries()) != 2 {
		t.Errorf("records %v after %d requests, want the 7 of page 1 and a second request", got.IDs, len(srv.Queries()))
	}
}

func TestServerIgnoringOffsetIsCaught(t *testing.T) {
	results, total := MustFixtureResults(t)
	srv := newServer(t, results, total)
	srv.SetPage(func(int, int) ([]json.RawMessage, int) { return results, total })
	got, err := fetch(t, &socrata.Fetcher{PageSize: 7}, srv.URL, nil)
	fetchtest.MustFailUnavailable(t, err, "Seite 2 der Liste")
	if len(got.Pages) != 1 || len(srv.Queries()) != 2 {
		t.Errorf("%d pages emitted after %d requests, want 1 and 2", len(got.Pages), len(srv.Queries()))
	}
}

func TestEndlessListingStopsAtMaxPages(t *testing.T) {
	srv := newServer(t, nil, 0)
	srv.SetPage(func(offset, limit int) ([]json.RawMessage, int) {
		var page []json.RawMessage
		for i := range limit {
			page = append(page, result(fmt.Sprintf("a%03d-%04d", offset/limit, i), "Endlos", "dataset"))
		}
		return page, 1 << 30
	})
	got, err := fetch(t, &socrata.Fetcher{PageSize: 2, MaxPages: 3}, srv.URL, nil)
	fetchtest.MustFailUnavailable(t, err, "nach 3 Seiten")
	if len(got.Pages) != 3 || len(srv.Queries()) != 3 {
		t.Errorf("%d pages after %d requests, want 3 and 3", len(got.Pages), len(srv.Queries()))
	}
}

func TestCountChangingMidRunIsIncomplete(t *testing.T) {
	results, _ := MustFixtureResults(t)
	srv := newServer(t, results, 7)
	srv.SetPage(func(offset, limit int) ([]json.RawMessage, int) {
		return results[offset:min(offset+limit, 7)], 7 - offset/limit
	})
	_, err := fetch(t, &socrata.Fetcher{PageSize: 4}, srv.URL, nil)
	fetchtest.MustFailUnavailable(t, err, "änderte sich während des Abrufs (von 7 auf 6)")
}

func TestFewerDistinctThanCountedIsIncomplete(t *testing.T) {
	results, _ := MustFixtureResults(t)
	srv := newServer(t, results, 7)
	// The second page overlaps the first, as when an asset is deleted
	// between the requests: kvz2-j5cj is never seen.
	srv.SetPage(func(offset, limit int) ([]json.RawMessage, int) {
		if offset == 0 {
			return results[:4], 7
		}
		return []json.RawMessage{results[3], results[5], results[6]}, 7
	})
	got, err := fetch(t, &socrata.Fetcher{PageSize: 4}, srv.URL, nil)
	fetchtest.MustFailUnavailable(t, err, "meldet 7 Datensätze, lieferte aber nur 6 verschiedene")
	if len(got.IDs) != 7 {
		t.Errorf("%d records emitted, want all 7 (the Runner counts the repeated one once)", len(got.IDs))
	}
}

func TestOptions(t *testing.T) {
	srv := newServer(t, []json.RawMessage{result("aaaa-0001", "Karte", "map"), result("aaaa-0002", "Tabelle", "dataset")}, 2)
	got, err := fetch(t, &socrata.Fetcher{}, srv.URL+"/browse?q=x", map[string]string{
		"domain": "data.example.org", "only": "dataset,map", "app_token": "geheim+1", "order": "createdAt", "language": "en",
	})
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	q := srv.Queries()[0]
	if q.Get("domains") != "data.example.org" || q.Get("search_context") != "data.example.org" || q.Get("only") != "dataset,map" ||
		q.Get("order") != "createdAt" || q.Get("$$app_token") != "geheim+1" {
		t.Errorf("query %v", q)
	}
	if strings.Contains(got.Pages[0].URL, "geheim") || strings.Contains(got.Pages[0].URL, "app_token") {
		t.Errorf("page URL %s shows the app token", got.Pages[0].URL)
	}
	if !slices.Equal(got.IDs, []string{"aaaa-0001", "aaaa-0002"}) {
		t.Fatalf("records %v, want the map and the dataset", got.IDs)
	}
	m := got.ByID["aaaa-0001"].Dataset
	if m.Title["en"] != "Karte" || len(m.Distributions) != 1 || m.Distributions[0].AccessURL != "https://data.example.org/api/geospatial/aaaa-0001?method=export&format=GeoJSON" ||
		m.Distributions[0].Format != "GEOJSON" || m.Distributions[0].DownloadURL == "" {
		t.Errorf("map: title %v distributions %+v, want the GeoJSON export", m.Title, m.Distributions)
	}

	srv.SetStatus(http.StatusForbidden)
	_, err = fetch(t, &socrata.Fetcher{Retries: -1}, srv.URL, map[string]string{"app_token": "geheim+1"})
	if err == nil || strings.Contains(err.Error(), "geheim") || !strings.Contains(municat.ErrorMessage(err), "HTTP 403") {
		t.Errorf("error %v: want HTTP 403 without the app token", err)
	}
	if !errors.Is(err, municat.ErrUnavailable) {
		t.Errorf("error %v does not match ErrUnavailable", err)
	}
}

func TestAssetsOfOtherTypesAreSkippedButCounted(t *testing.T) {
	srv := newServer(t, []json.RawMessage{result("aaaa-0001", "Diagramm", "chart"), result("aaaa-0002", "Tabelle", "datasets"), result("aaaa-0003", "Geschichte", "story")}, 3)
	got, err := fetch(t, &socrata.Fetcher{}, srv.URL, nil)
	if err != nil {
		t.Fatalf("Fetch: %v (skipped assets must count as listed)", err)
	}
	if !slices.Equal(got.IDs, []string{"aaaa-0002"}) || len(got.Errs) != 0 || len(got.Pages[0].Records) != 1 {
		t.Errorf("records %v errors %v, want only the dataset", got.IDs, got.Errs)
	}
	got, err = fetch(t, &socrata.Fetcher{}, srv.URL, map[string]string{"only": "charts, stories"})
	if err != nil || !slices.Equal(got.IDs, []string{"aaaa-0001", "aaaa-0003"}) {
		t.Errorf("only=charts,stories: records %v, error %v", got.IDs, err)
	}
	if d := got.ByID["aaaa-0001"].Dataset; d == nil || len(d.Distributions) != 0 || d.LandingPage != "https://data.example.org/d/aaaa-0001" {
		t.Errorf("chart: %+v, want no distributions and the permalink as landing page", d)
	}
}

func TestRecordsThatCannotBeMappedDoNotStopTheRun(t *testing.T) {
	srv := newServer(t, []json.RawMessage{
		json.RawMessage(`{"resource": {"id": "aaaa-0001", "name": null}, "permalink": "https://data.example.org/d/aaaa-0001"}`),
		json.RawMessage(`17`),
		json.RawMessage(`{"resource": {"name": "Ohne Kennung"}}`),
		result("aaaa-0002", "Gut", "dataset"),
	}, 4)
	got, err := fetch(t, &socrata.Fetcher{}, srv.URL, nil)
	// Two results have no id: the listing cannot be shown to be complete.
	fetchtest.MustFailUnavailable(t, err, "meldet 4 Datensätze, lieferte aber nur 2 verschiedene")
	if !slices.Equal(got.IDs, []string{"aaaa-0002"}) || len(got.Errs) != 3 {
		t.Fatalf("records %v, %d errors; want aaaa-0002 and 3 errors", got.IDs, len(got.Errs))
	}
	e := got.Errs[0]
	if e.RemoteID != "aaaa-0001" || e.Link != "https://data.example.org/d/aaaa-0001" || !strings.Contains(municat.ErrorMessage(e.Err), "keinen Namen") {
		t.Errorf("error 1: %q %q %v", e.RemoteID, e.Link, e.Err)
	}
	if !strings.Contains(municat.ErrorMessage(got.Errs[1].Err), "kein Socrata-Datensatz") || !strings.Contains(municat.ErrorMessage(got.Errs[2].Err), `"Ohne Kennung" hat keine Kennung`) {
		t.Errorf("errors 2 and 3: %v, %v", got.Errs[1].Err, got.Errs[2].Err)
	}
}

func TestBadAnswers(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"HTML", "<html>Wartung</html>", "kein gültiges JSON-Objekt"},
		{"no results", `{"resultSetSize": 3}`, "keine Trefferliste (results)"},
		{"error", `{"error": "Invalid parameter: limit"}`, "meldete einen Fehler"},
		{"no count", `{"results": []}`, "keine gültige Trefferzahl (resultSetSize)"},
		{"negative count", `{"results": [], "resultSetSize": -1}`, "keine gültige Trefferzahl"},
		{"absurd count", `{"results": [], "resultSetSize": 1e15}`, "keine gültige Trefferzahl"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(tc.body)) }))
			defer srv.Close()
			got, err := fetch(t, &socrata.Fetcher{}, srv.URL, nil)
			fetchtest.MustFailUnavailable(t, err, tc.want)
			if len(got.Pages) != 0 {
				t.Errorf("%d pages emitted", len(got.Pages))
			}
		})
	}
	if _, err := fetch(t, &socrata.Fetcher{}, "ftp://data.example.org", nil); !errors.Is(err, municat.ErrInvalid) {
		t.Errorf("ftp source: error %v, want ErrInvalid", err)
	}
	results, _ := MustFixtureResults(t)
	srv := newServer(t, results, 7)
	stop := errors.New("stop")
	src := &municat.Source{ID: "test", Type: municat.SourceSocrata, URL: srv.URL}
	if err := (&socrata.Fetcher{}).Fetch(context.Background(), src, func(*harvester.Page) error { return stop }); err != stop {
		t.Errorf("emit's error came back as %v", err)
	}
}

func TestEmptyPortal(t *testing.T) {
	srv := newServer(t, nil, 0)
	got, err := fetch(t, &socrata.Fetcher{}, srv.URL, nil)
	if err != nil || len(got.Pages) != 1 || len(got.IDs) != 0 {
		t.Errorf("%d pages, %d records, error %v; want one empty page and no error", len(got.Pages), len(got.IDs), err)
	}
}
