package ckanapi_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/municat/municat/ckanapi"
	"github.com/municat/municat/internal/apitest"
)

// TestCKANClientTypicalCalls plays the calls a CKAN client makes (the
// ckanapi Python library posts JSON, browsers and scripts use GET): check
// the version, search with fq and facets, page through package_list and
// read every package with package_show.
func TestCKANClientTypicalCalls(t *testing.T) {
	e := MustDemoEnv(t)
	listed := e.MustListed(t)

	var st ckanapi.Status
	MustResult(t, e.MustCall(t, http.MethodPost, "/api/3/action/status_show", `{}`), &st)
	if !strings.HasPrefix(st.CKANVersion, "2.10") {
		t.Fatalf("ckan_version %q", st.CKANVersion)
	}

	// Search: CSV files of one organisation, with facets to refine by.
	var res searchResult
	MustResult(t, e.MustCall(t, http.MethodPost, "/api/3/action/package_search",
		`{"q": "", "fq": "organization:stadt-birkenhude +res_format:\"CSV\"", "rows": 5, "facet.field": ["groups", "tags", "license_id"], "facet.limit": 5, "sort": "metadata_modified desc"}`), &res)
	if res.Count == 0 || len(res.Results) != min(5, res.Count) {
		t.Fatalf("count %d, %d results", res.Count, len(res.Results))
	}
	for _, p := range res.Results {
		formats := []string{}
		for _, r := range p.Resources {
			formats = append(formats, r.Format)
		}
		if p.Organization == nil || p.Organization.Name != "stadt-birkenhude" || !slices.Contains(formats, "CSV") {
			t.Errorf("%s does not match the fq: organisation %+v, formats %v", p.Name, p.Organization, formats)
		}
	}
	if len(res.Facets["groups"]) == 0 || len(res.SearchFacets["tags"].Items) != 5 {
		t.Errorf("facets %v", res.Facets)
	}
	// Refine by the most frequent group, as a client's facet link does.
	top := res.SearchFacets["groups"].Items[0]
	var refined searchResult
	MustResult(t, e.MustGet(t, "/api/3/action/package_search?"+url.Values{
		"fq": {fmt.Sprintf(`organization:stadt-birkenhude +res_format:"CSV" groups:"%s"`, top.Name)}, "rows": {"0"},
	}.Encode()), &refined)
	if refined.Count != top.Count {
		t.Errorf("refining by group %s gives %d packages, the facet said %d", top.Name, refined.Count, top.Count)
	}

	// Page through package_list and read every package.
	seen := 0
	for offset := 0; ; offset += 25 {
		var names []string
		MustResult(t, e.MustGet(t, fmt.Sprintf("/api/3/action/package_list?limit=25&offset=%d", offset)), &names)
		if len(names) == 0 {
			break
		}
		for _, name := range names {
			var p ckanapi.Package
			MustResult(t, e.MustGet(t, "/api/3/action/package_show?id="+url.QueryEscape(name)), &p)
			d := listed[p.ID]
			if d == nil || p.Name != name || p.Title != d.Title.String() || p.NumResources != len(d.Distributions) {
				t.Errorf("package_show?id=%s: %s %q with %d resources", name, p.ID, p.Title, p.NumResources)
			}
			seen++
		}
	}
	if seen != len(listed) {
		t.Errorf("read %d packages, want %d", seen, len(listed))
	}
}

// nextLink returns the target of the rel="next" link of a Link header,
// relative to testBaseURL, or "".
func nextLink(tb testing.TB, header string) string {
	tb.Helper()
	for _, l := range strings.Split(header, ",") {
		target, rel, ok := strings.Cut(strings.TrimSpace(l), ">; ")
		if ok && rel == `rel="next"` {
			path, ok := strings.CutPrefix(strings.TrimPrefix(target, "<"), testBaseURL)
			if !ok {
				tb.Fatalf("next link %q is not on the portal", target)
			}
			return path
		}
	}
	return ""
}

// TestPagingLinks follows the Link headers' rel="next" through
// package_search, package_list and current_package_list_with_resources.
func TestPagingLinks(t *testing.T) {
	e := MustDemoEnv(t)
	listed := e.MustListed(t)
	for _, start := range []string{
		"/api/3/action/package_search?rows=9&sort=name+asc&fq=" + url.QueryEscape("dataset_type:dataset"),
		"/api/action/package_list?limit=9",
		"/api/3/action/current_package_list_with_resources?limit=9",
	} {
		seen := map[string]bool{}
		target, pages := start, 0
		for target != "" {
			if pages++; pages > len(listed) {
				t.Fatalf("%s: the links do not end", start)
			}
			a := e.MustGet(t, target)
			var ids []string
			switch {
			case strings.Contains(target, "package_search"):
				var res searchResult
				MustResult(t, a, &res)
				ids = res.ids()
			case strings.Contains(target, "/package_list"):
				MustResult(t, a, &ids)
			default:
				var ps []ckanapi.Package
				MustResult(t, a, &ps)
				for _, p := range ps {
					ids = append(ids, p.ID)
				}
			}
			for _, id := range ids {
				if seen[id] {
					t.Errorf("%s: %s twice", start, id)
				}
				seen[id] = true
			}
			link := a.header.Get("Link")
			if !strings.Contains(link, `rel="first"`) || (pages > 1) != strings.Contains(link, `rel="prev"`) {
				t.Errorf("%s page %d: Link %q", start, pages, link)
			}
			target = nextLink(t, link)
		}
		if len(seen) != len(listed) || pages != (len(listed)+8)/9 {
			t.Errorf("%s: %d packages in %d pages, want %d in %d", start, len(seen), pages, len(listed), (len(listed)+8)/9)
		}
	}
}

// TestConditionalGET: a client that sends the ETag of its last answer back
// gets 304, as the spec describes for every GET action.
func TestConditionalGET(t *testing.T) {
	e := MustDemoEnv(t)
	target := "/api/3/action/package_show?id=haushaltsplan-2025"
	first := e.MustGet(t, target)
	etag := first.header.Get("ETag")
	if etag == "" {
		t.Fatalf("no ETag: %v", first.header)
	}
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("If-None-Match", etag)
	check := req.Clone(req.Context())
	resp, err := e.app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	apitest.Validate(t, check, resp, body)
	if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("If-None-Match: status %d, %d bytes; want 304 and no body", resp.StatusCode, len(body))
	}
}
