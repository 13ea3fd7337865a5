package ckan_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/ckan"
	"github.com/municat/municat/internal/ckantest"
	"github.com/municat/municat/internal/fetchtest"
)

// fetch runs f over a source at url and collects the pages.
func fetch(t *testing.T, f *ckan.Fetcher, url string) (*fetchtest.Result, error) {
	t.Helper()
	return fetchtest.Run(t, f, fetchtest.Source(municat.SourceCKAN, url, nil))
}

func quick() *ckan.Fetcher { return &ckan.Fetcher{Backoff: time.Millisecond} }

func TestFetchPagesByWhatCameBack(t *testing.T) {
	srv := ckantest.New(t)
	srv.SetMaxRows(2)
	got, err := fetch(t, quick(), srv.URL)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	want := srv.IDs()
	if len(want) != 4 || !slices.Equal(got.AllIDs, want) {
		t.Fatalf("records %v, want %v", got.AllIDs, want)
	}
	if len(got.Pages) != 2 {
		t.Fatalf("%d pages, want 2", len(got.Pages))
	}
	for i, p := range got.Pages {
		if !strings.Contains(p.URL, "rows=1000&") || !strings.Contains(p.URL, fmt.Sprintf("start=%d", 2*i)) {
			t.Errorf("page %d URL %s, want rows=1000 and start=%d (start advances by what came back)", i+1, p.URL, 2*i)
		}
		if string(p.Body) != string(srv.SearchPage(2*i, 2)) || p.Ext != "json" || !strings.HasPrefix(p.ContentType, "application/json") {
			t.Errorf("page %d is not the body as served (ext %q, type %q)", i+1, p.Ext, p.ContentType)
		}
		for _, r := range p.Records {
			if r.Err != nil || r.Dataset == nil {
				t.Errorf("record %s: %v", r.RemoteID, r.Err)
			}
			if want := srv.URL + "/dataset/" + r.RemoteID; r.Link != want {
				t.Errorf("record %s links %q, want %q", r.RemoteID, r.Link, want)
			}
		}
	}
	if ua := srv.UserAgent(); ua != "municat/"+municat.Version {
		t.Errorf("User-Agent %q, want municat/%s", ua, municat.Version)
	}
}

func TestFetchSourceURLForms(t *testing.T) {
	srv := ckantest.New(t)
	for _, u := range []string{srv.URL, srv.URL + "/", srv.URL + "/api/3", srv.URL + "/api/3/action/", srv.URL + "/api/3/action/package_search?q=x"} {
		got, err := fetch(t, quick(), u)
		if err != nil || len(got.AllIDs) != 4 {
			t.Errorf("source URL %s: %d records, error %v; want 4", u, len(got.AllIDs), err)
		}
	}
	if _, err := fetch(t, quick(), "ftp://ckan.example.org"); !errors.Is(err, municat.ErrInvalid) {
		t.Errorf("ftp URL: error %v, want ErrInvalid", err)
	}
}

func TestEndpoints(t *testing.T) {
	for in, want := range map[string]string{
		"https://ckan.example.org":                     "https://ckan.example.org",
		"https://ckan.example.org/":                    "https://ckan.example.org",
		"https://example.org/ckan/api/3":               "https://example.org/ckan",
		"https://example.org/ckan/api/3/action/":       "https://example.org/ckan",
		"https://example.org/ckan/api/action/":         "https://example.org/ckan",
		"https://example.org/apis/portal":              "https://example.org/apis/portal",
		"https://example.org/ckan/api/3/action/status": "https://example.org/ckan",
	} {
		api, site, err := ckan.Endpoints(in)
		if err != nil || site != want || api != want+"/api/3/action" {
			t.Errorf("Endpoints(%q) = %q, %q, %v; want site %q", in, api, site, err, want)
		}
	}
}

// serve returns a test server answering every request with handler.
func serve(t *testing.T, handler func(w http.ResponseWriter, r *http.Request)) string {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(handler))
	t.Cleanup(s.Close)
	return s.URL
}

// searchBody renders a package_search response with count and packages
// with the given ids.
func searchBody(count int, ids ...string) string {
	var pkgs []string
	for _, id := range ids {
		pkgs = append(pkgs, fmt.Sprintf(`{"id": %q, "name": %q, "title": "Datensatz %s"}`, id, id, id))
	}
	return fmt.Sprintf(`{"success": true, "result": {"count": %d, "results": [%s]}}`, count, strings.Join(pkgs, ","))
}

func TestFetchIncompleteListings(t *testing.T) {
	cases := []struct {
		name    string
		handler func(w http.ResponseWriter, r *http.Request)
		fetcher *ckan.Fetcher
		want    string
	}{
		{"empty page before count", func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("start") == "0" {
				fmt.Fprint(w, searchBody(5, "a", "b"))
				return
			}
			fmt.Fprint(w, searchBody(5))
		}, quick(), "keine Datensätze mehr"},
		{"start ignored", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, searchBody(4, "a", "b"))
		}, quick(), "nur 2 verschiedene"},
		{"endless paging", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, searchBody(1<<30, "p"+r.URL.Query().Get("start")))
		}, &ckan.Fetcher{MaxPages: 3, Backoff: time.Millisecond}, "nach 3 Seiten"},
		{"success false", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"success": false, "error": {"message": "Solr nicht erreichbar", "__type": "Search Error"}}`)
		}, quick(), "Solr nicht erreichbar"},
		{"not JSON", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `<html>Wartungsarbeiten</html>`)
		}, quick(), "kein gültiges JSON"},
		{"no count", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"success": true, "result": {"results": []}}`)
		}, quick(), "Trefferzahl"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := fetch(t, c.fetcher, serve(t, c.handler))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Fetch error %v, want one containing %q", err, c.want)
			}
		})
	}
}

// TestFetchListingChangedMidRun removes a package of page 1 after page 1
// was served: the pages shift and one package is never listed, so the
// listing must count as incomplete.
func TestFetchListingChangedMidRun(t *testing.T) {
	srv := ckantest.New(t)
	srv.SetMaxRows(2)
	first := srv.IDs()[0]
	srv.OnRequest(func(n int) {
		if n == 2 {
			srv.Remove(first)
		}
	})
	got, err := fetch(t, quick(), srv.URL)
	if err == nil {
		t.Fatalf("Fetch succeeded with records %v, want an error: one package was skipped", got.AllIDs)
	}
	if !strings.Contains(err.Error(), "änderte sich während des Abrufs (von 4 auf 3)") {
		t.Errorf("Fetch error %v, want one saying the count changed", err)
	}
	if len(got.AllIDs) != 3 {
		t.Errorf("records %v, want 3 (one hidden by the shift)", got.AllIDs)
	}
}

// TestFetchLeavesOutNonPublicPackages checks that a private or deleted
// package is not emitted (so a run withdraws it) but counts as listed.
func TestFetchLeavesOutNonPublicPackages(t *testing.T) {
	url := serve(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"success": true, "result": {"count": 3, "results": [
			{"id": "a", "title": "A"}, {"id": "b", "title": "B", "private": true}, {"id": "c", "title": "C", "state": "deleted"}]}}`)
	})
	got, err := fetch(t, quick(), url)
	if err != nil || !slices.Equal(got.AllIDs, []string{"a"}) {
		t.Fatalf("records %v, error %v; want only a", got.AllIDs, err)
	}
}

func TestFetchFailures(t *testing.T) {
	srv := ckantest.New(t)
	srv.FailWith(http.StatusInternalServerError)
	_, err := fetch(t, quick(), srv.URL)
	if !errors.Is(err, municat.ErrUnavailable) || !strings.Contains(err.Error(), "HTTP 500") {
		t.Errorf("Fetch error %v, want ErrUnavailable naming HTTP 500", err)
	}
	if n := srv.Requests(); n != 1+harvester.DefaultRetries {
		t.Errorf("%d requests, want %d (with retries)", n, 1+harvester.DefaultRetries)
	}

	srv.FailWith(0)
	_, err = fetch(t, &ckan.Fetcher{MaxBytes: 1000}, srv.URL)
	if !errors.Is(err, municat.ErrTooLarge) || !strings.Contains(err.Error(), "größer als die erlaubten 1000 Bytes") {
		t.Errorf("Fetch error %v, want ErrTooLarge", err)
	}
}
