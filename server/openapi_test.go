package server_test

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/municat/municat"
	"github.com/municat/municat/server"
)

// openAPIDoc is the part of the OpenAPI description the tests read.
type openAPIDoc struct {
	Paths      map[string]map[string]yaml.Node `yaml:"paths"`
	Components struct {
		Schemas map[string]struct {
			Properties map[string]yaml.Node `yaml:"properties"`
		} `yaml:"schemas"`
	} `yaml:"components"`
}

// operation is what the tests read of one operation.
type operation struct {
	Security  []map[string][]string `yaml:"security"`
	Responses map[string]yaml.Node  `yaml:"responses"`
}

// MustOpenAPI parses the served description.
func MustOpenAPI(tb testing.TB, e *writeEnv) openAPIDoc {
	tb.Helper()
	resp, body := e.do(tb, request{method: http.MethodGet, target: "/api/v1/openapi.yaml"})
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/yaml" {
		tb.Fatalf("GET /api/v1/openapi.yaml: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var doc openAPIDoc
	MustOK(tb, yaml.Unmarshal(body, &doc))
	return doc
}

// TestOpenAPICoversTheRoutes: every API route is described, nothing else
// is, and exactly the token-protected routes declare the bearer scheme and
// their 401 and 403 answers.
func TestOpenAPICoversTheRoutes(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	doc := MustOpenAPI(t, e)
	protected := map[string]bool{}
	for _, r := range e.routes.Routes() {
		protected[r.Method+" "+r.Path] = true
	}
	served := map[string]bool{}
	for _, r := range e.app.GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/api/v1/") || r.Method == http.MethodHead {
			continue
		}
		key := r.Method + " " + r.Path
		served[key] = true
		segments := strings.Split(r.Path, "/")
		for i, s := range segments {
			if name, ok := strings.CutPrefix(s, ":"); ok {
				segments[i] = "{" + name + "}"
			}
		}
		node, ok := doc.Paths[strings.Join(segments, "/")][strings.ToLower(r.Method)]
		if !ok {
			t.Errorf("%s is not described", key)
			continue
		}
		var op operation
		MustOK(t, node.Decode(&op))
		if secured := len(op.Security) > 0; secured != protected[key] {
			t.Errorf("%s: security %v, but the route is protected: %v", key, op.Security, protected[key])
		}
		for _, status := range []string{"401", "403"} {
			if _, ok := op.Responses[status]; ok != protected[key] {
				t.Errorf("%s: response %s described: %v, protected: %v", key, status, ok, protected[key])
			}
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" {
				continue
			}
			route := strings.NewReplacer("{", ":", "}", "").Replace(path)
			if !served[strings.ToUpper(method)+" "+route] {
				t.Errorf("%s %s is described but not served", method, path)
			}
		}
	}
}

// TestOpenAPISchemasMatchTypes: the described schemas have exactly the
// JSON fields of the types the API reads and writes.
func TestOpenAPISchemasMatchTypes(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	doc := MustOpenAPI(t, e)
	for name, v := range map[string]any{
		"Dataset": municat.Dataset{}, "Distribution": municat.Distribution{}, "Agent": municat.Agent{},
		"Source": municat.Source{}, "FieldError": municat.FieldError{}, "Problem": server.Problem{},
		"FileVersion": server.FileVersion{}, "UploadResponse": server.UploadResponse{},
		"TokenInfo": server.TokenInfo{}, "TokenRequest": server.TokenRequest{},
		"RunStarted": server.RunStarted{}, "DryRunResponse": server.DryRunResponse{},
	} {
		schema, ok := doc.Components.Schemas[name]
		if !ok {
			t.Errorf("schema %s missing", name)
			continue
		}
		var described []string
		for p := range schema.Properties {
			described = append(described, p)
		}
		slices.Sort(described)
		if want := jsonNames(reflect.TypeOf(v)); fmt.Sprint(described) != fmt.Sprint(want) {
			t.Errorf("schema %s has\n%v\nthe type has\n%v", name, described, want)
		}
	}
}

// jsonNames returns the JSON names of the fields of struct type t, sorted.
func jsonNames(t reflect.Type) []string {
	var out []string
	for _, f := range reflect.VisibleFields(t) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() || f.Anonymous && name == "" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}
