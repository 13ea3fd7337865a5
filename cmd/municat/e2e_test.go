package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/ckantest"
	"github.com/municat/municat/internal/miniotest"
)

// ckanConfig writes a configuration naming one CKAN source at srvURL.
func ckanConfig(t *testing.T, srvURL string) string {
	t.Helper()
	return mustWriteFile(t, t.TempDir(), "municat.yaml", fmt.Sprintf(`
organizations:
  - id: testland
    name: Testland
sources:
  - id: ckan-test
    type: ckan
    url: %s
    organization: testland
`, srvURL))
}

// TestHarvestCKANOnFS is the Foundation's harvest scenario on the fs store.
func TestHarvestCKANOnFS(t *testing.T) {
	testHarvestCKAN(t, env{"MUNICAT_DATA_DIR": t.TempDir()})
}

// TestHarvestCKANOnMinIO is the same scenario on a real MinIO server.
func TestHarvestCKANOnMinIO(t *testing.T) {
	s3 := miniotest.Start(t)
	testHarvestCKAN(t, env{
		"MUNICAT_DATA_DIR":      t.TempDir(), // the embedded index
		"MUNICAT_STORE_TYPE":    "s3",
		"MUNICAT_S3_ENDPOINT":   s3.Endpoint,
		"MUNICAT_S3_BUCKET":     s3.Bucket,
		"MUNICAT_S3_ACCESS_KEY": s3.AccessKey,
		"MUNICAT_S3_SECRET_KEY": s3.SecretKey,
	})
}

func testHarvestCKAN(t *testing.T, e env) {
	srv := ckantest.New(t)
	srv.SetMaxRows(2)
	config := ckanConfig(t, srv.URL)
	n := len(srv.IDs())
	if n < 4 {
		t.Fatalf("fixture server holds %d packages, want at least 4", n)
	}

	// First run: everything is new.
	s, r := mustHarvest(t, e, config, "ckan-test")
	if r.code != 0 || s.Status != municat.RunSucceeded || s.Added != n || s.Updated+s.Unchanged+s.Withdrawn+s.Failed != 0 {
		t.Fatalf("first run: exit %d, summary %+v, want %d added\n%s", r.code, s, n, r.stderr)
	}
	if want := (n + 1) / 2; s.Pages != want {
		t.Errorf("first run fetched %d pages, want %d (rows capped at 2)", s.Pages, want)
	}

	// Second run: nothing changed at the source.
	s, r = mustHarvest(t, e, config, "ckan-test")
	if r.code != 0 || s.Unchanged != n || s.Added+s.Updated+s.Withdrawn+s.Failed != 0 {
		t.Fatalf("second run: exit %d, summary %+v, want all %d unchanged", r.code, s, n)
	}

	// One package vanishes at the source: exactly one is withdrawn.
	gone := srv.IDs()[0]
	if gone == ckantest.GovDataPackageID {
		gone = srv.IDs()[1]
	}
	srv.Remove(gone)
	// A dry run first: it says what would change and writes nothing, so
	// the real run after it still has the withdrawal to do.
	r = mustRun(t, e, "harvest", "--config", config, "--dry-run", "ckan-test")
	goneLine := "- zurückgezogen " + municat.DatasetID("ckan-test", gone)
	if r.code != 0 || !strings.Contains(r.stdout, goneLine) || !strings.Contains(r.stdout, "Probelauf: es wurde nichts geschrieben. 0 neu, 0 geändert") {
		t.Fatalf("dry run: exit %d, stdout %q, want a line %q", r.code, r.stdout, goneLine)
	}
	s, r = mustHarvest(t, e, config, "ckan-test")
	if r.code != 0 || s.Withdrawn != 1 || s.Unchanged != n-1 || s.Added+s.Updated != 0 {
		t.Fatalf("after removing one: exit %d, summary %+v, want 1 withdrawn", r.code, s)
	}

	// The source fails: the run fails and withdraws nothing.
	srv.FailWith(http.StatusInternalServerError)
	s, r = mustHarvest(t, e, config, "ckan-test")
	if r.code != exitFailed || s.Status != municat.RunFailed || s.Withdrawn != 0 || s.Error == "" {
		t.Fatalf("failing source: exit %d, summary %+v, want failed with nothing withdrawn", r.code, s)
	}
	srv.FailWith(0)

	// The API shows what was harvested; reindex leaves search unchanged.
	govID := municat.DatasetID("ckan-test", ckantest.GovDataPackageID)
	goneID := municat.DatasetID("ckan-test", gone)
	queries := []string{"", "q=Geologie", "q=data", "theme=EDUC", "sort=title", "sort=-modified&per_page=2&page=2"}
	before := searchAll(t, e, queries, func(api *testServer) {
		var d municat.Dataset
		api.mustGetJSON(t, "/api/v1/datasets/"+govID, http.StatusOK, &d)
		for _, u := range ckantest.GovDataResourceURLs(t) {
			if !hasURL(d, u) {
				t.Errorf("GovData resource URL %s missing from /api/v1/datasets/%s", u, govID)
			}
		}
		var w municat.Dataset
		api.mustGetJSON(t, "/api/v1/datasets/"+goneID, http.StatusOK, &w)
		if w.State != municat.Withdrawn {
			t.Errorf("removed package has state %q, want withdrawn", w.State)
		}
		var all searchPage
		api.mustGetJSON(t, "/api/v1/datasets?per_page=100", http.StatusOK, &all)
		if all.Total != n-1 || all.has(goneID) || !all.has(govID) {
			t.Errorf("search lists %v (total %d), want the %d published without %s", all.ids(), all.Total, n-1, goneID)
		}
	})
	r = mustRun(t, e, "reindex", "--config", config)
	if r.code != 0 || !strings.Contains(r.lastLine(), fmt.Sprintf(`"indexed":%d`, n-1)) {
		t.Fatalf("reindex: exit %d, %q\n%s", r.code, r.stdout, r.stderr)
	}
	after := searchAll(t, e, queries, nil)
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("search results changed by reindex:\nbefore %v\nafter  %v", before, after)
	}
}

// searchAll starts a server on the data of e, runs check (if any) against
// it, then returns the ids and totals of the search queries, and stops it.
func searchAll(t *testing.T, e env, queries []string, check func(*testServer)) []string {
	t.Helper()
	api := startServe(t, e, 60*time.Second)
	defer api.stop()
	if check != nil {
		check(api)
	}
	var out []string
	for _, q := range queries {
		var p searchPage
		api.mustGetJSON(t, "/api/v1/datasets?"+q, http.StatusOK, &p)
		out = append(out, fmt.Sprintf("%s → %d %v", q, p.Total, p.ids()))
	}
	return out
}

func hasURL(d municat.Dataset, u string) bool {
	for _, dist := range d.Distributions {
		if dist.AccessURL == u || dist.DownloadURL == u {
			return true
		}
	}
	return false
}

// TestServeDemo checks the README's run command: the demo answers a search
// for a word of a demo title, with that dataset among the hits and facets.
func TestServeDemo(t *testing.T) {
	start := time.Now()
	api := startServe(t, env{}, 60*time.Second, "--demo")
	var p searchPage
	api.mustGetJSON(t, "/api/v1/datasets?q="+url.QueryEscape("Baumkataster"), http.StatusOK, &p)
	t.Logf("demo ready and answering after %s", time.Since(start).Round(time.Millisecond))
	if !p.has("baumkataster") {
		t.Fatalf("search for Baumkataster: hits %v, want baumkataster among them", p.ids())
	}
	nonEmpty := 0
	for _, values := range p.Facets {
		if len(values) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < 3 {
		t.Fatalf("facets %v: want at least 3 with values", p.Facets)
	}
	// A bundled file is downloadable from the portal.
	var d municat.Dataset
	api.mustGetJSON(t, "/api/v1/datasets/baumkataster", http.StatusOK, &d)
	var download string
	for _, dist := range d.Distributions {
		if dist.FileKey != "" {
			download = dist.DownloadURL
		}
	}
	if download == "" {
		t.Fatal("baumkataster has no downloadable stored file")
	}
	resp, err := http.Get(download)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("download %s = %d %s", download, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

// TestServeDemoAdministration checks that the demo's log names a sign-in
// for the administration and that it works: the sign-in form, then the
// dashboard.
func TestServeDemoAdministration(t *testing.T) {
	api := startServe(t, env{}, 60*time.Second, "--demo")
	m := regexp.MustCompile(`login=demo password=([A-Za-z0-9_-]{16})`).FindStringSubmatch(api.logs.String())
	if m == nil {
		t.Fatalf("the demo's log names no sign-in:\n%s", api.logs.String())
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar}
	resp, err := client.Get(api.base + "/admin/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
	if csrf == nil {
		t.Fatalf("sign-in form without CSRF token:\n%s", page)
	}
	resp, err = client.PostForm(api.base+"/admin/login", url.Values{"csrf": {string(csrf[1])}, "login": {"demo"}, "password": {m[1]}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/admin/" || !strings.Contains(string(body), "Demo-Administration") {
		t.Fatalf("sign-in as demo: status %d at %s:\n%.600s", resp.StatusCode, resp.Request.URL, body)
	}
}
