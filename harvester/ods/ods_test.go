package ods_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/ods"
)

func TestFetchPagesThroughFixtures(t *testing.T) {
	p := newPortal(t)
	got, err := fetch(t, quick(), p.URL, pageSize2)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if !slices.Equal(got.AllIDs, fixtureIDs) {
		t.Fatalf("records %v, want %v", got.AllIDs, fixtureIDs)
	}
	if len(got.Pages) != 3 {
		t.Fatalf("%d pages, want 3", len(got.Pages))
	}
	for i, pg := range got.Pages {
		offset := 2 * i
		want := fmt.Sprintf("%s/api/explore/v2.1/catalog/datasets?limit=2&offset=%d&order_by=dataset_id", p.URL, offset)
		if pg.URL != want {
			t.Errorf("page %d URL %s, want %s", i+1, pg.URL, want)
		}
		if string(pg.Body) != string(p.pages[offset]) || pg.Ext != "json" || !strings.HasPrefix(pg.ContentType, "application/json") {
			t.Errorf("page %d is not the body as served (ext %q, type %q)", i+1, pg.Ext, pg.ContentType)
		}
		for _, r := range pg.Records {
			if r.Err != nil || r.Dataset == nil {
				t.Errorf("record %s: %v", r.RemoteID, r.Err)
			}
		}
	}
	if n := len(p.Requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	for _, ua := range p.agents {
		if ua != "municat/"+municat.Version {
			t.Errorf("User-Agent %q, want municat/%s", ua, municat.Version)
		}
	}
}

func TestFetchDefaultPageSizeAdvancesByWhatCameBack(t *testing.T) {
	p := newPortal(t) // serves two datasets per page whatever the limit
	got, err := fetch(t, quick(), p.URL, nil)
	if err != nil || !slices.Equal(got.AllIDs, fixtureIDs) {
		t.Fatalf("records %v, error %v; want %v", got.AllIDs, err, fixtureIDs)
	}
	var offsets []string
	for _, u := range p.Requests() {
		if u.Query().Get("limit") != "100" {
			t.Errorf("limit %q, want 100", u.Query().Get("limit"))
		}
		offsets = append(offsets, u.Query().Get("offset"))
	}
	if !slices.Equal(offsets, []string{"0", "2", "4"}) {
		t.Errorf("offsets %v, want [0 2 4]", offsets)
	}
}

func TestFetchSourceURLForms(t *testing.T) {
	p := newPortal(t)
	for _, u := range []string{p.URL, p.URL + "/", p.URL + "/api/explore/v2.1", p.URL + "/api/explore/v2.1/", p.URL + "/api/explore/v2.1/catalog/datasets?limit=10", p.URL + "/explore/"} {
		got, err := fetch(t, quick(), u, pageSize2)
		if err != nil || len(got.AllIDs) != 5 {
			t.Errorf("source URL %s: %d records, error %v; want 5", u, len(got.AllIDs), err)
			continue
		}
		if lp := got.AllByID["baumkataster"].Dataset.LandingPage; lp != p.URL+"/explore/dataset/baumkataster/" {
			t.Errorf("source URL %s: landing page %s", u, lp)
		}
	}
	if _, err := fetch(t, quick(), "ftp://example.org", nil); !errors.Is(err, municat.ErrInvalid) {
		t.Errorf("ftp source: error %v, want ErrInvalid", err)
	}
}

func TestFetchOptions(t *testing.T) {
	p := newPortal(t)
	opts := map[string]string{
		"page_size": "2",
		"where":     `publisher = "Stadt Musterstadt"`,
		"refine":    "theme:Umwelt\n\n  language:de ",
		"apikey":    "geheim-0815/+",
		"order_by":  "modified desc",
	}
	got, err := fetch(t, quick(), p.URL, opts)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	for _, u := range p.Requests() {
		q := u.Query()
		if q.Get("where") != opts["where"] || !slices.Equal(q["refine"], []string{"theme:Umwelt", "language:de"}) ||
			q.Get("apikey") != "geheim-0815/+" || q.Get("order_by") != "modified desc" {
			t.Errorf("request %s lacks the options", u)
		}
	}
	for _, pg := range got.Pages {
		if strings.Contains(pg.URL, "geheim") || !strings.Contains(pg.URL, "apikey=***") {
			t.Errorf("page URL %s shows the API key or lost the parameter", pg.URL)
		}
		for _, r := range pg.Records {
			for _, d := range r.Dataset.Distributions {
				if strings.Contains(d.URL(), "apikey") || strings.Contains(r.Link, "apikey") {
					t.Errorf("%s: the API key is in a public address: %s", r.RemoteID, d.URL())
				}
			}
		}
	}

	p2 := newPortal(t)
	if _, err := fetch(t, quick(), p2.URL, map[string]string{"order_by": ""}); err != nil {
		t.Fatal(err)
	}
	if q := p2.Requests()[0].Query(); q.Has("order_by") || q.Has("where") || q.Has("refine") || q.Has("apikey") {
		t.Errorf("request %v has parameters nobody asked for", q)
	}
}

func TestFetchPageSizeOption(t *testing.T) {
	p := newPortal(t)
	for _, v := range []string{"0", "101", "-1", "zehn", ""} {
		if _, err := fetch(t, quick(), p.URL, map[string]string{"page_size": v}); !errors.Is(err, municat.ErrInvalid) || !strings.Contains(err.Error(), "page_size") {
			t.Errorf("page_size %q: error %v, want ErrInvalid naming page_size", v, err)
		}
	}
	if len(p.Requests()) != 0 {
		t.Errorf("an invalid option still made %d requests", len(p.Requests()))
	}
	if _, err := fetch(t, &ods.Fetcher{PageSize: 500}, p.URL, nil); err != nil {
		t.Fatal(err)
	}
	if l := p.Requests()[0].Query().Get("limit"); l != "100" {
		t.Errorf("PageSize 500 asked for limit %s, want the maximum 100", l)
	}
}

func TestFetchEmitErrorStops(t *testing.T) {
	p := newPortal(t)
	stop := errors.New("stop")
	src := &municat.Source{ID: "m", Type: municat.SourceODS, URL: p.URL, Options: pageSize2}
	err := quick().Fetch(context.Background(), src, func(*harvester.Page) error { return stop })
	if err != stop || len(p.Requests()) != 1 {
		t.Errorf("error %v after %d requests, want the emit error after 1", err, len(p.Requests()))
	}
}

func TestFetchRestrictedDatasetIsLeftOut(t *testing.T) {
	p := newPortal(t)
	p.search = func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, []byte(`{"total_count":2,"results":[
			{"dataset_id":"offen","metas":{"default":{"title":"Offen"}}},
			{"dataset_id":"intern","visibility":"restricted","metas":{"default":{"title":"Intern"}}}]}`))
	}
	got, err := fetch(t, quick(), p.URL, nil)
	if err != nil || !slices.Equal(got.AllIDs, []string{"offen"}) {
		t.Errorf("records %v, error %v; want only the public dataset and no error", got.AllIDs, err)
	}
}

func TestFetchRecordThatFailsToMap(t *testing.T) {
	p := newPortal(t)
	p.search = func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, []byte(`{"total_count":3,"results":[
			{"dataset_uid":"da_ohne_id","metas":{"default":{"title":"Ohne Kennung"}}},
			"kein Objekt",
			{"dataset_id":"gut","metas":{"default":{"title":"Gut"}}}]}`))
	}
	got, err := fetch(t, quick(), p.URL, nil)
	if err != nil {
		t.Fatalf("Fetch: %v; one bad record must not fail the listing", err)
	}
	recs := got.Pages[0].Records
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3", len(recs))
	}
	for i, want := range []string{"dataset_id", "kein JSON-Objekt"} {
		if recs[i].Err == nil || recs[i].RemoteID != "" || !strings.Contains(recs[i].Err.Error(), want) || !errors.Is(recs[i].Err, municat.ErrInvalid) {
			t.Errorf("record %d: id %q, error %v; want an ErrInvalid naming %q", i, recs[i].RemoteID, recs[i].Err, want)
		}
	}
	if recs[2].Err != nil || recs[2].RemoteID != "gut" || recs[2].Link != p.URL+"/explore/dataset/gut/" {
		t.Errorf("good record after bad ones: %+v", recs[2])
	}
}
