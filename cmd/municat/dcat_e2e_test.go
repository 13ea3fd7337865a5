package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/demo"
	"github.com/municat/municat/internal/ckantest"
	"github.com/municat/municat/internal/dcattest"
	"github.com/municat/municat/internal/webtest"

	"github.com/municat/municat/internal/shacltest"
	"github.com/municat/municat/rdf"
	"github.com/municat/municat/store/fs"
)

// TestDCATRoundTrip harvests the demo portal's /catalog.rdf, ten datasets
// per page, into a second municat and compares every dataset field by
// field with what the first one publishes.
func TestDCATRoundTrip(t *testing.T) {
	first := startServe(t, env{}, 60*time.Second, "--demo")
	var all searchPage
	first.mustGetJSON(t, "/api/v1/datasets?per_page=100&sort=title", http.StatusOK, &all)
	if all.Total < 80 {
		t.Fatalf("demo lists %d datasets, want the whole demo catalogue", all.Total)
	}

	dir := t.TempDir()
	e := env{"MUNICAT_DATA_DIR": dir}
	config := mustWriteFile(t, t.TempDir(), "municat.yaml", fmt.Sprintf(`
organizations:
  - id: spiegel
    name: Spiegelportal
sources:
  - id: erstes
    type: dcat
    url: %s/catalog.rdf?per_page=10
    organization: spiegel
`, first.base))
	s, r := mustHarvest(t, e, config, "erstes")
	if r.code != 0 || s.Added != all.Total || s.Failed != 0 {
		t.Fatalf("harvest of the first portal: exit %d, summary %+v, want %d added\n%s", r.code, s, all.Total, r.stderr)
	}
	if want := (all.Total + 9) / 10; s.Pages != want {
		t.Errorf("harvest fetched %d pages, want %d (per_page=10)", s.Pages, want)
	}

	// What a DCAT consumer should read back from the first portal: its
	// datasets with the documented completions of the export.
	orgs, _, err := demo.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	exp := &dcat.Exporter{BaseURL: first.base, Organizations: map[string]*municat.Organization{}}
	for _, o := range orgs {
		exp.Organizations[o.ID] = o
	}

	second := openCatalog(t, dir)
	byRemote := map[string]*municat.Dataset{}
	err = second.Datasets(context.Background(), func(d *municat.Dataset) error {
		byRemote[d.RemoteID] = d
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range all.ids() {
		var published municat.Dataset
		first.mustGetJSON(t, "/api/v1/datasets/"+id, http.StatusOK, &published)
		want := dcattest.Expected(exp, &published)
		got := byRemote[first.base+"/dataset/"+id]
		if got == nil {
			t.Errorf("dataset %s: not harvested (no record with remote id %s/dataset/%s)", id, first.base, id)
			continue
		}
		if a, b := roundTripView(&want), roundTripView(got); !reflect.DeepEqual(a, b) {
			t.Errorf("dataset %s differs after the round trip:\n published: %s\n harvested: %s", id, jsonOf(a), jsonOf(b))
		}
	}
}

// roundTripView returns d without the fields that belong to the portal
// holding it rather than to the dataset (dcat.NotExported): ids, source,
// state, hashes, organisation, contributor ids (each portal writes its own)
// and store keys.
func roundTripView(d *municat.Dataset) municat.Dataset {
	c := *d
	c.ID, c.SourceID, c.RemoteID, c.State, c.ContentHash, c.Harvested = "", "", "", "", "", nil
	c.Organization, c.ContributorIDs = "", nil
	c.Distributions = append([]municat.Distribution(nil), d.Distributions...)
	for i := range c.Distributions {
		c.Distributions[i].FileKey = ""
	}
	return c
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// openCatalog opens the fs store in dir read-only for checks.
func openCatalog(t *testing.T, dir string) *catalog.Catalog {
	t.Helper()
	st, err := fs.Open(filepath.Join(dir, "store"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return catalog.New(st)
}

// TestDCATCatalogueValidates runs the official DCAT-AP 3.0.0 and
// DCAT-AP.de 3.0 shapes over the catalogue of the demo and of a municat
// that harvested the real CKAN and DCAT fixtures: no violation allowed.
func TestDCATCatalogueValidates(t *testing.T) {
	demo := startServe(t, env{}, 60*time.Second, "--demo")
	checkCatalogue(t, "demo", demo)

	ckan := ckantest.New(t)
	var sources strings.Builder
	fmt.Fprintf(&sources, "  - {id: ckan, type: ckan, url: %s, organization: testland}\n", ckan.URL)
	catalogues := dcatFixtures(t)
	for i, u := range catalogues {
		fmt.Fprintf(&sources, "  - {id: dcat%d, type: dcat, url: %s, organization: testland}\n", i, u)
	}
	config := mustWriteFile(t, t.TempDir(), "municat.yaml", `
organizations:
  - id: testland
    name: Stadt Testland
    homepage: https://www.testland.example
    email: opendata@testland.example
    ags: "03241001"
    contributor_id: http://dcat-ap.de/def/contributors/testland
catalog:
  publisher: testland
sources:
`+sources.String())
	e := env{"MUNICAT_DATA_DIR": t.TempDir()}
	for _, id := range append([]string{"ckan"}, dcatSourceIDs(len(catalogues))...) {
		s, r := mustHarvest(t, e, config, id)
		if r.code != 0 || s.Added == 0 {
			t.Fatalf("harvest %s: exit %d, summary %+v\n%s", id, r.code, s, r.stderr)
		}
		t.Logf("harvest %s: %d added, %d failed, %d published with DCAT-AP.de violations", id, s.Added, s.Failed, s.Flagged)
	}
	harvested := startServe(t, e, 60*time.Second, "--config", config)
	checkCatalogue(t, "harvested fixtures", harvested)
}

func dcatSourceIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("dcat%d", i)
	}
	return ids
}

// checkCatalogue fetches the whole catalogue of srv as Turtle and RDF/XML
// and validates both against both profiles.
func checkCatalogue(t *testing.T, name string, srv *testServer) {
	t.Helper()
	dir := t.TempDir()
	for _, ext := range []string{"ttl", "rdf"} {
		path := filepath.Join(dir, "catalog."+ext)
		resp, body := webtest.MustGet(t, srv.base+"/catalog."+ext+"?per_page=1000")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: GET /catalog.%s = %d", name, ext, resp.StatusCode)
		}
		if err := os.WriteFile(path, body, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, profile := range []string{shacltest.ProfileDCATAP, shacltest.ProfileDCATAPDE} {
			rep := shacltest.Validate(t, profile, path)
			t.Logf("%s catalog.%s under %s: %d violations, %d warnings", name, ext, profile, rep.Violations, rep.Warnings)
			logWarnings(t, rep)
			if rep.Violations != 0 {
				t.Errorf("%s catalog.%s under %s: %d violations:\n%s", name, ext, profile, rep.Violations, rep.FormatViolations())
			}
		}
	}
}

// logWarnings lists the distinct warnings of rep with their counts: the
// DCAT-AP.de profile allows them, but they are worth reading.
func logWarnings(t *testing.T, rep *shacltest.Report) {
	t.Helper()
	counts := map[string]int{}
	var order []string
	for _, r := range rep.Filter(shacltest.Warning) {
		key := fmt.Sprintf("%s %s", shortIRI(r.Path), r.Message)
		if counts[key] == 0 {
			order = append(order, key)
		}
		counts[key]++
	}
	for _, key := range order {
		t.Logf("    warning ×%d: %s", counts[key], key)
	}
}

// shortIRI returns the last segment of an IRI, for log lines.
func shortIRI(iri string) string {
	if i := strings.LastIndexAny(iri, "/#"); i >= 0 {
		return iri[i+1:]
	}
	return iri
}

// dcatFixtures serves every real DCAT catalogue of testdata/fixtures/dcat
// with the Content-Type of its format and returns their URLs.
func dcatFixtures(t *testing.T) []string {
	t.Helper()
	srv := dcattest.New(t)
	var urls []string
	for _, name := range []string{dcattest.CatalogEndpoint, dcattest.RostockDataset, dcattest.VanvesCatalog, dcattest.MadridDataset, dcattest.RefImpJSONLD} {
		f, ok := rdf.FormatFromExt(name)
		if !ok {
			t.Fatalf("no RDF format for %s", name)
		}
		srv.Put("/"+name, dcattest.Doc{ContentType: f.ContentType(), Body: dcattest.ReadFixture(t, name)})
		urls = append(urls, srv.URL+"/"+name)
	}
	return urls
}
