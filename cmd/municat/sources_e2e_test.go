package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// readTestFile reads a file relative to the repository root.
func readTestFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../" + path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestHarvestEverySourceType harvests one real (or, for Opendatasoft,
// documented) response of every source type through `municat harvest`
// from loopback servers, then checks that the server lists them all once
// and serves the file source's version. Field-level checks of each mapping
// are in the packages under harvester/.
func TestHarvestEverySourceType(t *testing.T) {
	csw := readTestFile(t, "testdata/fixtures/csw/fisbroker_csw_getrecords_01.xml")
	dataJSON := readTestFile(t, "testdata/fixtures/dcat-us/evian_arcgis_hub_data.json")
	socrata := bytes.Replace(readTestFile(t, "testdata/fixtures/dcat-us/sodapy_catalog_v1_boston.json"),
		[]byte(`"resultSetSize" : 150680`), []byte(`"resultSetSize" : 7`), 1)
	if bytes.Contains(socrata, []byte("150680")) {
		t.Fatal("could not rewrite the Socrata result set size")
	}
	odsPages := map[string][]byte{}
	for _, off := range []string{"0", "2", "4"} {
		odsPages[off] = readTestFile(t, "harvester/ods/testdata/catalog-datasets-offset-"+off+".json")
	}
	export := readTestFile(t, "testdata/fixtures/municipal-data/neckarsulm.csv")

	mux := http.NewServeMux()
	mux.HandleFunc("/csw", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		_, _ = w.Write(csw)
	})
	mux.HandleFunc("/hub/data.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(dataJSON)
	})
	mux.HandleFunc("/api/catalog/v1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("offset") != "0" {
			_, _ = w.Write([]byte(`{"results": [], "resultSetSize": 7}`))
			return
		}
		_, _ = w.Write(socrata)
	})
	mux.HandleFunc("/ods/api/explore/v2.1/catalog/datasets", func(w http.ResponseWriter, r *http.Request) {
		page, ok := odsPages[r.URL.Query().Get("offset")]
		if !ok {
			http.Error(w, `{"error_code": "InvalidOffset", "message": "bad offset"}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(page)
	})
	mux.HandleFunc("/export/parkhaeuser.csv", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		_, _ = w.Write(export)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	config := mustWriteFile(t, t.TempDir(), "municat.yaml", fmt.Sprintf(`
organizations:
  - id: testland
    name: Testland
harvest:
  host_delay: 1ms
sources:
  - {id: geo, type: csw, url: %[1]s/csw, organization: testland}
  - {id: hub, type: datajson, url: %[1]s/hub/data.json, organization: testland}
  - {id: soc, type: socrata, url: %[1]s, organization: testland, options: {domain: data.cityofboston.gov}}
  - {id: ods, type: ods, url: %[1]s/ods, organization: testland, options: {page_size: "2"}}
  - id: export
    type: file
    url: %[1]s/export/parkhaeuser.csv
    organization: testland
    options: {title: Parkhäuser in Neckarsulm, license: dl-by-de/2.0, themes: TRAN, keywords: "Parken, Verkehr"}
`, srv.URL))
	e := env{"MUNICAT_DATA_DIR": t.TempDir()}
	total := 0
	for _, tt := range []struct {
		source string
		added  int
	}{
		{"geo", 2}, {"hub", 8}, {"soc", 7}, {"ods", 5}, {"export", 1},
	} {
		s, r := mustHarvest(t, e, config, tt.source)
		if r.code != 0 || s.Status != municat.RunSucceeded || s.Added != tt.added || s.Failed != 0 {
			t.Errorf("%s: exit %d, summary %+v; want %d added, none failed\n%s", tt.source, r.code, s, tt.added, r.stderr)
		}
		total += s.Added
	}
	// The nightly export again: the source answers 304, nothing changes.
	if s, r := mustHarvest(t, e, config, "export"); r.code != 0 || s.Unchanged != 1 {
		t.Errorf("export again: %+v", s)
	}

	api := startServe(t, e, 60*time.Second, "--config", config)
	defer api.stop()
	var all searchPage
	api.mustGetJSON(t, "/api/v1/datasets?per_page=100", http.StatusOK, &all)
	if all.Total != total {
		t.Errorf("search lists %d datasets, want the %d harvested: %v", all.Total, total, all.ids())
	}
	exportID := municat.DatasetID("export", "parkhaeuser")
	var d municat.Dataset
	api.mustGetJSON(t, "/api/v1/datasets/"+exportID, http.StatusOK, &d)
	if len(d.Distributions) != 1 || len(d.Distributions[0].Versions) != 1 {
		t.Fatalf("export dataset %+v", d)
	}
	var versions struct {
		Items []struct {
			DownloadURL string `json:"download_url"`
		} `json:"items"`
	}
	api.mustGetJSON(t, "/api/v1/datasets/"+exportID+"/distributions/"+d.Distributions[0].ID+"/versions", http.StatusOK, &versions)
	if len(versions.Items) != 1 || !strings.HasSuffix(versions.Items[0].DownloadURL, "/download") {
		t.Fatalf("versions %+v", versions)
	}
}
