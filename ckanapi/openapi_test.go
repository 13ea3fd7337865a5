package ckanapi_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/municat/municat/ckanapi"
	"github.com/municat/municat/server/openapi"
)

// TestOpenAPIDescribesEveryAction: every action has its path, under
// /api/3/action/ and the alias /api/action/, for GET and POST.
func TestOpenAPIDescribesEveryAction(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openapi.JSON, &doc); err != nil {
		t.Fatal(err)
	}
	for _, name := range ckanapi.ActionNames() {
		for _, prefix := range []string{"/api/3/action/", "/api/action/"} {
			item := doc.Paths[prefix+name]
			if item["get"] == nil || item["post"] == nil {
				t.Errorf("%s%s: GET or POST not described", prefix, name)
			}
		}
	}
}

// TestOpenAPISchemasMatchTypes: the Ckan schemas have exactly the JSON
// fields of the types the actions write, and require exactly those the
// type always writes (no omitempty).
func TestOpenAPISchemasMatchTypes(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]any `json:"properties"`
				Required   []string       `json:"required"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openapi.JSON, &doc); err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]any{
		"CkanPackage": ckanapi.Package{}, "CkanResource": ckanapi.Resource{}, "CkanExtra": ckanapi.Extra{},
		"CkanTag": ckanapi.Tag{}, "CkanGroup": ckanapi.Group{}, "CkanOrganization": ckanapi.Organization{},
		"CkanLicense": ckanapi.License{}, "CkanSearchResult": ckanapi.SearchResult{}, "CkanStatus": ckanapi.Status{},
	} {
		schema, ok := doc.Components.Schemas[name]
		if !ok {
			t.Errorf("schema %s missing", name)
			continue
		}
		described := slices.Sorted(func(yield func(string) bool) {
			for p := range schema.Properties {
				if !yield(p) {
					return
				}
			}
		})
		all, always := jsonNames(reflect.TypeOf(v))
		if fmt.Sprint(described) != fmt.Sprint(all) {
			t.Errorf("schema %s has\n%v\nthe type has\n%v", name, described, all)
		}
		if required := slices.Sorted(slices.Values(schema.Required)); fmt.Sprint(required) != fmt.Sprint(always) {
			t.Errorf("schema %s requires\n%v\nthe type always writes\n%v", name, required, always)
		}
	}
}

// jsonNames returns the JSON names of the fields of struct type t, sorted,
// and those of them without omitempty.
func jsonNames(t reflect.Type) (all, always []string) {
	for _, f := range reflect.VisibleFields(t) {
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		all = append(all, name)
		if !strings.Contains(opts, "omitempty") {
			always = append(always, name)
		}
	}
	slices.Sort(all)
	slices.Sort(always)
	return all, always
}
