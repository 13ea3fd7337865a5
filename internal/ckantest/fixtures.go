package ckantest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/municat/municat/internal/repotest"
)

// The fixture files the server is built from, in testdata/fixtures/ckan of
// the module (see testdata/SOURCES.md).
const (
	// SearchFixture is a real package_search response of demo.ckan.org
	// with 3 packages.
	SearchFixture = "demo_ckan_package_search_rows3_start0.json"
	// DemoShowFixture is package_show of one of those 3 packages.
	DemoShowFixture = "demo_ckan_package_show_62513382.json"
	// GovDataShowFixture is package_show of a GovData package with OGD
	// extras, 3 resources, 21 tags and 2 groups.
	GovDataShowFixture = "govdata_package_show_response.json"
	// GovDataGroupsFixture is GovData's group_list (all fields).
	GovDataGroupsFixture = "govdata_group_list_response.json"
)

// GovDataPackageID is the id of the package in GovDataShowFixture.
const GovDataPackageID = "352a646f-e170-49c7-9d1e-53bdef9392fc"

// FixtureDir returns the directory of the CKAN fixtures, testdata/fixtures/ckan.
func FixtureDir(tb testing.TB) string {
	tb.Helper()
	return repotest.Dir(tb, "testdata/fixtures/ckan")
}

// ReadFixture returns the bytes of a fixture file.
func ReadFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(FixtureDir(tb), name))
	if err != nil {
		tb.Fatalf("ckantest: %v", err)
	}
	return b
}

// searchResult is the result of a package_search response.
type searchResult struct {
	Count   int               `json:"count"`
	Results []json.RawMessage `json:"results"`
}

// MustPackages returns the packages of the fixtures, each once (by id), in
// the order they appear: the results of SearchFixture, then the package of
// each package_show fixture unless it is one of those.
func MustPackages(tb testing.TB) []json.RawMessage {
	tb.Helper()
	var search struct {
		Result searchResult `json:"result"`
	}
	if err := json.Unmarshal(ReadFixture(tb, SearchFixture), &search); err != nil {
		tb.Fatalf("ckantest: %s: %v", SearchFixture, err)
	}
	pkgs := search.Result.Results
	for _, name := range []string{DemoShowFixture, GovDataShowFixture} {
		var show struct {
			Result json.RawMessage `json:"result"`
		}
		if err := json.Unmarshal(ReadFixture(tb, name), &show); err != nil {
			tb.Fatalf("ckantest: %s: %v", name, err)
		}
		pkgs = append(pkgs, show.Result)
	}
	var out []json.RawMessage
	seen := map[string]bool{}
	for _, p := range pkgs {
		id := MustPackageID(tb, p)
		if !seen[id] {
			seen[id] = true
			out = append(out, p)
		}
	}
	return out
}

// MustPackageID returns the id of a package.
func MustPackageID(tb testing.TB, pkg json.RawMessage) string {
	tb.Helper()
	var p struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(pkg, &p); err != nil || p.ID == "" {
		tb.Fatalf("ckantest: package without id: %v", err)
	}
	return p.ID
}

// GovDataResourceURLs returns the url of every resource of the GovData
// package, in order.
func GovDataResourceURLs(tb testing.TB) []string {
	tb.Helper()
	var show struct {
		Result struct {
			Resources []struct {
				URL string `json:"url"`
			} `json:"resources"`
		} `json:"result"`
	}
	if err := json.Unmarshal(ReadFixture(tb, GovDataShowFixture), &show); err != nil {
		tb.Fatalf("ckantest: %s: %v", GovDataShowFixture, err)
	}
	var urls []string
	for _, r := range show.Result.Resources {
		urls = append(urls, r.URL)
	}
	return urls
}
