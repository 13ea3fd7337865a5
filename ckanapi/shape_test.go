package ckanapi_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/municat/municat/internal/ckantest"
)

// jsonType names the JSON type of v as encoding/json decodes it.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	}
	return fmt.Sprintf("%T", v)
}

// compareShape reports every key of want (a real CKAN answer) that got
// lacks or holds with another JSON type, descending into objects and into
// the first element of arrays. A null in want says nothing about the type
// CKAN gives when the value is set, so any type passes.
func compareShape(tb testing.TB, path string, want, got any) {
	tb.Helper()
	wt, gt := jsonType(want), jsonType(got)
	if wt == "null" || gt == "null" && nullable[lastKey(path)] {
		return
	}
	if wt != gt {
		tb.Errorf("%s: %s, CKAN gives %s", path, gt, wt)
		return
	}
	switch w := want.(type) {
	case map[string]any:
		g := got.(map[string]any)
		if dataKeys[path] {
			return
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			gv, ok := g[k]
			if !ok {
				tb.Errorf("%s.%s: missing", path, k)
				continue
			}
			compareShape(tb, path+"."+k, w[k], gv)
		}
	case []any:
		g := got.([]any)
		if len(w) > 0 && len(g) > 0 {
			compareShape(tb, path+"[0]", w[0], g[0])
		}
	}
}

// nullable are the fields CKAN writes as null when they have no value
// (url_type is null for a link, "upload" for an uploaded file).
var nullable = map[string]bool{"url_type": true, "mimetype": true, "size": true, "last_modified": true}

// dataKeys are the objects whose keys are data (facet values), not fields.
var dataKeys = map[string]bool{"search.facets.organization": true, "search.facets.groups": true, "search.facets.res_format": true}

// lastKey returns the last key of a path such as package.resources[0].url_type.
func lastKey(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i+1:]
	}
	return path
}

// fixtureResult returns the result of a CKAN fixture file.
func fixtureResult(tb testing.TB, name string) any {
	tb.Helper()
	var env struct {
		Success bool `json:"success"`
		Result  any  `json:"result"`
	}
	if err := json.Unmarshal(ckantest.ReadFixture(tb, name), &env); err != nil || !env.Success {
		tb.Fatalf("fixture %s: %v", name, err)
	}
	return env.Result
}

// decoded returns a's result as generic JSON.
func decoded(tb testing.TB, a *answer) any {
	tb.Helper()
	var v any
	MustResult(tb, a, &v)
	return v
}

// TestPackageShowHasCKANsShape checks our package_show against a real
// CKAN 2.10 answer from demo.ckan.org: every key it has, with the same
// JSON type, in the package, its resources and its tags.
func TestPackageShowHasCKANsShape(t *testing.T) {
	e := MustDemoEnv(t)
	want := fixtureResult(t, ckantest.DemoShowFixture)
	got := decoded(t, e.MustGet(t, "/api/3/action/package_show?id=haushaltsplan-2025"))
	if g := got.(map[string]any); len(g["resources"].([]any)) == 0 || len(g["tags"].([]any)) == 0 || g["organization"] == nil {
		t.Fatal("the sample package needs resources, tags and an organisation to compare")
	}
	compareShape(t, "package", want, got)

	// The search fixture has a package with an organisation dict.
	search := fixtureResult(t, ckantest.SearchFixture).(map[string]any)
	ours := decoded(t, e.MustGet(t, `/api/3/action/package_search?rows=3&facet.field=["organization","groups","res_format"]`))
	compareShape(t, "search", search, ours)
	for _, p := range search["results"].([]any) {
		if org := p.(map[string]any)["organization"]; org != nil {
			compareShape(t, "organization", org, got.(map[string]any)["organization"])
		}
	}
}

// TestGroupListHasGovDatasShape compares group_list with all_fields with
// GovData's. Only "created" is missing: the EU themes have no creation date
// in municat.
func TestGroupListHasGovDatasShape(t *testing.T) {
	e := MustDemoEnv(t)
	want := fixtureResult(t, ckantest.GovDataGroupsFixture).([]any)
	got := decoded(t, e.MustGet(t, "/api/3/action/group_list?all_fields=true")).([]any)
	w := want[0].(map[string]any)
	delete(w, "created")
	compareShape(t, "group", w, got[0])
	var names []string
	for _, g := range got {
		names = append(names, g.(map[string]any)["name"].(string))
	}
	if !slices.Contains(names, "envi") {
		t.Errorf("group names %v, want the lower-case theme codes", names)
	}
}
