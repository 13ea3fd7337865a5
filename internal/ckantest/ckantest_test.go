package ckantest_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/municat/municat/internal/ckantest"
	"github.com/municat/municat/internal/webtest"
)

type searchResponse struct {
	Success bool `json:"success"`
	Result  struct {
		Count   int `json:"count"`
		Results []struct {
			ID string `json:"id"`
		} `json:"results"`
	} `json:"result"`
}

// MustGet fetches path from srv and returns the status and body.
func MustGet(tb testing.TB, srv *ckantest.Server, path string) (int, []byte) {
	tb.Helper()
	resp, body := webtest.MustGet(tb, srv.URL+path)
	return resp.StatusCode, body
}

func TestServer(t *testing.T) {
	srv := ckantest.New(t)
	ids := srv.IDs()
	if len(ids) != 4 || ids[0] != ckantest.GovDataPackageID {
		t.Fatalf("ids %v, want 4, the GovData package (created 2014) first", ids)
	}
	srv.SetMaxRows(2)
	status, body := MustGet(t, srv, "/api/3/action/package_search?rows=3&start=1")
	var res searchResponse
	if err := json.Unmarshal(body, &res); err != nil || status != 200 || !res.Success {
		t.Fatalf("status %d, %v: %s", status, err, body)
	}
	if res.Result.Count != 4 || len(res.Result.Results) != 2 || res.Result.Results[0].ID != ids[1] {
		t.Errorf("count %d, %d results from %v; want 4, 2 (rows capped) from %s", res.Result.Count, len(res.Result.Results), res.Result.Results, ids[1])
	}
	if string(body) != string(srv.SearchPage(1, 3)) {
		t.Error("SearchPage differs from what was served")
	}

	if !srv.Remove(ids[0]) || srv.Remove(ids[0]) || slices.Contains(srv.IDs(), ids[0]) {
		t.Error("Remove")
	}
	if status, _ := MustGet(t, srv, "/api/3/action/package_show?id="+ids[0]); status != http.StatusNotFound {
		t.Errorf("package_show of a removed package: %d", status)
	}
	if !srv.Restore(ids[0]) || len(srv.IDs()) != 4 {
		t.Error("Restore")
	}
	status, body = MustGet(t, srv, "/api/3/action/package_show?id="+ckantest.GovDataPackageID)
	if status != 200 || !json.Valid(body) {
		t.Errorf("package_show: %d %s", status, body)
	}
	if status, _ := MustGet(t, srv, "/api/3/action/package_search?rows=x"); status != http.StatusConflict {
		t.Errorf("bad rows: %d, want 409", status)
	}

	srv.FailAfter(1, http.StatusBadGateway)
	s1, _ := MustGet(t, srv, "/api/3/action/package_search")
	s2, _ := MustGet(t, srv, "/api/3/action/package_search")
	srv.FailWith(0)
	s3, _ := MustGet(t, srv, "/api/3/action/package_search")
	if s1 != 200 || s2 != http.StatusBadGateway || s3 != 200 {
		t.Errorf("FailAfter(1)/FailWith(0): %d %d %d, want 200 502 200", s1, s2, s3)
	}
	if n := srv.Requests(); n != 7 {
		t.Errorf("Requests() = %d, want 7", n)
	}
	if err := srv.Put(json.RawMessage(`{"id": "neu", "title": "Neu", "metadata_created": "2030-01-01T00:00:00"}`)); err != nil {
		t.Fatal(err)
	}
	if ids := srv.IDs(); len(ids) != 5 || ids[4] != "neu" {
		t.Errorf("after Put: %v, want the new package last", ids)
	}
	if err := srv.Put(json.RawMessage(`{"title": "ohne id"}`)); err == nil {
		t.Error("Put without id: no error")
	}
}

func TestGovDataResourceURLs(t *testing.T) {
	urls := ckantest.GovDataResourceURLs(t)
	if len(urls) != 3 || urls[1] != "http://www.geoportal.rlp.de/mapbender/php/wms.php?layer_id=26253&REQUEST=GetCapabilities&VERSION=1.1.1&SERVICE=WMS" {
		t.Errorf("GovDataResourceURLs = %v", urls)
	}
}
