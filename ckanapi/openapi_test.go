package ckanapi_test

import (
	"encoding/json"
	"testing"

	"github.com/municat/municat/ckanapi"
	"github.com/municat/municat/internal/apitest"
	"github.com/municat/municat/server/openapi"
)

// TestOpenAPIDescribesEveryAction: every action has its path, under
// /api/3/action/ and the alias /api/action/, for GET and POST.
func TestOpenAPIDescribesEveryAction(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openapi.JSON(), &doc); err != nil {
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
	for name, v := range map[string]any{
		"CkanPackage": ckanapi.Package{}, "CkanResource": ckanapi.Resource{}, "CkanExtra": ckanapi.Extra{},
		"CkanTag": ckanapi.Tag{}, "CkanGroup": ckanapi.Group{}, "CkanOrganization": ckanapi.Organization{},
		"CkanLicense": ckanapi.License{}, "CkanSearchResult": ckanapi.SearchResult{}, "CkanStatus": ckanapi.Status{},
	} {
		apitest.SchemaMatchesType(t, name, v)
	}
}
