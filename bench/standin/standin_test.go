package standin_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/bench/standin"
	"github.com/municat/municat/bench/synth"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/ckan"
	hdcat "github.com/municat/municat/harvester/dcat"
	"github.com/municat/municat/store/fs"
)

// MustHarvest serves h, harvests it once with fetcher as a source of type
// typ at path into a fresh file catalogue and returns the catalogue.
func MustHarvest(tb testing.TB, h http.Handler, typ, path string, fetcher harvester.Fetcher) *catalog.Catalog {
	tb.Helper()
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	st, err := fs.Open(tb.TempDir())
	if err != nil {
		tb.Fatalf("fs.Open: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	cat := catalog.New(st)
	runner := &harvester.Runner{
		Catalog:  cat,
		Fetchers: map[string]harvester.Fetcher{typ: fetcher},
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	src := &municat.Source{ID: synth.SourceID, Type: typ, URL: srv.URL + path, Organization: "stadt-hamburg"}
	res, err := runner.Run(context.Background(), src, harvester.RunOptions{})
	if err != nil {
		tb.Fatalf("Run: %v", err)
	}
	if res.Run.Status != municat.RunSucceeded || res.Run.Counts.Failed != 0 {
		tb.Fatalf("run %s: %+v, error %q, record errors %v", res.Run.Status, res.Run.Counts, res.Run.Error, res.Run.RecordErrors)
	}
	return cat
}

// MustEqualKeyFields checks the harvested dataset got against the
// generated want in the fields every source type carries.
func MustEqualKeyFields(tb testing.TB, got, want *municat.Dataset) {
	tb.Helper()
	license := func(s string) string {
		l, _ := dcat.LicenseFor(s)
		return l.ID
	}
	formats := func(d *municat.Dataset) []string {
		var out []string
		for _, dist := range d.Distributions {
			out = append(out, dist.Format+" "+dist.AccessURL+" "+dist.DownloadURL)
		}
		return out
	}
	for _, c := range []struct {
		field     string
		got, want any
	}{
		{"title", got.Title.String(), want.Title.String()},
		{"description", got.Description.String(), want.Description.String()},
		{"keywords", got.Keywords, want.Keywords},
		{"themes", got.Themes, want.Themes},
		{"license", license(got.License), license(want.License)},
		{"publisher", got.PublisherName(), want.PublisherName()},
		{"contact email", got.ContactPoint.Email, want.ContactPoint.Email},
		{"frequency", got.Frequency, want.Frequency},
		{"landing page", got.LandingPage, want.LandingPage},
		{"modified", got.Modified.UTC(), want.Modified.UTC()},
		{"issued", got.Issued.UTC(), want.Issued.UTC()},
		{"distributions", formats(got), formats(want)},
		{"bbox", got.Spatial.BBox, want.Spatial.BBox},
		{"state", got.State, municat.Published},
	} {
		gj, _ := json.Marshal(c.got)
		wj, _ := json.Marshal(c.want)
		if string(gj) != string(wj) {
			tb.Errorf("dataset %s: %s %s, want %s", want.RemoteID, c.field, gj, wj)
		}
	}
}

func TestCKANHarvestsCompletely(t *testing.T) {
	g := synth.Generator{N: 250, Seed: 5}
	cat := MustHarvest(t, standin.CKAN(g), municat.SourceCKAN, "", &ckan.Fetcher{PageSize: 100, Backoff: time.Millisecond})
	for i := range g.N {
		want := g.Dataset(i)
		got, err := cat.Dataset(context.Background(), municat.DatasetID(synth.SourceID, g.RemoteID(i)))
		if err != nil {
			t.Fatalf("dataset %d: %v", i, err)
		}
		MustEqualKeyFields(t, got, want)
	}
}

func TestDCATHarvestsCompletely(t *testing.T) {
	g := synth.Generator{N: 250, Seed: 5}
	cat := MustHarvest(t, standin.DCAT(g, 40), municat.SourceDCAT, "/catalog.ttl", &hdcat.Fetcher{Backoff: time.Millisecond})
	for i := range g.N {
		want := g.Dataset(i)
		got, err := cat.Dataset(context.Background(), municat.DatasetID(synth.SourceID, standin.DCATRemoteID(g, i)))
		if err != nil {
			t.Fatalf("dataset %d: %v", i, err)
		}
		MustEqualKeyFields(t, got, want)
	}
}

// MustGetJSON gets url and decodes its JSON body into v.
func MustGetJSON(tb testing.TB, url string, v any) int {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		tb.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode
}

func TestCKANActions(t *testing.T) {
	g := synth.Generator{N: 3000, Seed: 5}
	srv := httptest.NewServer(standin.CKAN(g))
	defer srv.Close()
	api := srv.URL + "/api/3/action/"

	var search struct {
		Success bool
		Result  struct {
			Count   int
			Results []struct {
				ID       string
				OwnerOrg string `json:"owner_org"`
			}
		}
	}
	MustGetJSON(t, api+"package_search?rows=5000&start=2500", &search)
	if !search.Success || search.Result.Count != 3000 || len(search.Result.Results) != 500 || search.Result.Results[0].ID != g.RemoteID(2500) {
		t.Errorf("package_search rows=5000 start=2500: count %d, %d results; want 3000, 500 from dataset 2500", search.Result.Count, len(search.Result.Results))
	}
	MustGetJSON(t, api+"package_search?rows=5000", &search)
	if len(search.Result.Results) != standin.CKANMaxRows {
		t.Errorf("package_search rows=5000: %d results, want the cap %d", len(search.Result.Results), standin.CKANMaxRows)
	}
	org := g.OrganizationOf(7)
	MustGetJSON(t, api+"package_search?rows=1000&fq=organization:"+org, &search)
	if search.Result.Count == 0 || search.Result.Count != len(search.Result.Results) || search.Result.Count > 1500 {
		t.Errorf("package_search fq=organization:%s: count %d, %d results", org, search.Result.Count, len(search.Result.Results))
	}
	for _, p := range search.Result.Results {
		if p.OwnerOrg != org {
			t.Errorf("package %s of organisation %s in the result for %s", p.ID, p.OwnerOrg, org)
		}
	}

	var show struct {
		Success bool
		Result  struct{ ID, Title string }
	}
	if MustGetJSON(t, api+"package_show?id="+g.RemoteID(42), &show); show.Result.ID != g.RemoteID(42) || show.Result.Title != g.Dataset(42).Title.String() {
		t.Errorf("package_show: %+v", show)
	}
	if status := MustGetJSON(t, api+"package_show?id=nope", &show); status != http.StatusNotFound || show.Success {
		t.Errorf("package_show of an unknown id: status %d, success %v", status, show.Success)
	}

	type organization struct {
		Name         string
		PackageCount int `json:"package_count"`
	}
	var list struct{ Result []organization }
	MustGetJSON(t, api+"organization_list?all_fields=true", &list)
	sum := 0
	for _, o := range list.Result {
		sum += o.PackageCount
	}
	if len(list.Result) != synth.OrganizationCount || sum != g.N || !slices.IsSortedFunc(list.Result, func(a, b organization) int { return strings.Compare(a.Name, b.Name) }) {
		t.Errorf("organization_list: %d organisations with %d packages, want %d with %d, sorted", len(list.Result), sum, synth.OrganizationCount, g.N)
	}
	var status struct {
		Result struct {
			CKANVersion string `json:"ckan_version"`
		}
	}
	if MustGetJSON(t, api+"status_show", &status); !strings.HasPrefix(status.Result.CKANVersion, "2.10") {
		t.Errorf("status_show: version %q", status.Result.CKANVersion)
	}
}

func TestPagesServeConcurrently(t *testing.T) {
	g := synth.Generator{N: 500, Seed: 9}
	ckanSrv := httptest.NewServer(standin.CKAN(g))
	defer ckanSrv.Close()
	dcatSrv := httptest.NewServer(standin.DCAT(g, 50))
	defer dcatSrv.Close()
	org := g.OrganizationOf(0)
	var wg sync.WaitGroup
	for k := range 8 {
		wg.Go(func() {
			for _, u := range []string{
				ckanSrv.URL + "/api/3/action/package_search?rows=50&fq=organization:" + org + "&start=" + strconv.Itoa(k),
				dcatSrv.URL + "/catalog.ttl?organization=" + org,
				dcatSrv.URL + "/catalog.ttl?page=" + strconv.Itoa(1+k),
			} {
				resp, err := http.Get(u)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("GET %s: status %d", u, resp.StatusCode)
				}
			}
		})
	}
	wg.Wait()
	resp, err := http.Get(dcatSrv.URL + "/catalog.ttl?page=11")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("page past the last: status %d, want 404", resp.StatusCode)
	}
}

// MustGetBody gets url and returns its body.
func MustGetBody(tb testing.TB, url string) string {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: status %d, %v", url, resp.StatusCode, err)
	}
	return string(b)
}

func TestPageMadeAheadEqualsPageMadeOnRequest(t *testing.T) {
	g := synth.Generator{N: 300, Seed: 6}
	for _, c := range []struct {
		name          string
		h             http.Handler
		first, second string
	}{
		{"ckan", standin.CKAN(g), "/api/3/action/package_search?rows=100&start=0", "/api/3/action/package_search?rows=100&start=100"},
		{"dcat", standin.DCAT(g, 100), "/catalog.ttl?page=1", "/catalog.ttl?page=2"},
	} {
		srv := httptest.NewServer(c.h)
		onRequest := MustGetBody(t, srv.URL+c.second)
		MustGetBody(t, srv.URL+c.first)
		ahead := MustGetBody(t, srv.URL+c.second)
		if ahead != onRequest || !strings.Contains(ahead, g.RemoteID(150)) {
			t.Errorf("%s: the page made ahead differs from the page made on request, or lacks dataset 150", c.name)
		}
		srv.Close()
	}
}
