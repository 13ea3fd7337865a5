package server_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/internal/apitest"
	"github.com/municat/municat/search/suggest"
	"github.com/municat/municat/server"
)

// openAPIDoc is the part of the OpenAPI description the tests read.
type openAPIDoc struct {
	Paths      map[string]map[string]yaml.Node `yaml:"paths"`
	Components struct {
		Schemas map[string]struct {
			Required   []string             `yaml:"required"`
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

// TestOpenAPIJSONIsTheYAML: /api/v1/openapi.json serves the same document
// as /api/v1/openapi.yaml.
func TestOpenAPIJSONIsTheYAML(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	resp, body := e.do(t, request{method: http.MethodGet, target: "/api/v1/openapi.json"})
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/v1/openapi.json: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var fromJSON, fromYAML any
	MustOK(t, json.Unmarshal(body, &fromJSON))
	_, yamlBody := e.do(t, request{method: http.MethodGet, target: "/api/v1/openapi.yaml"})
	MustOK(t, yaml.Unmarshal(yamlBody, &fromYAML))
	// Through JSON, so that both have the same Go types.
	b, err := json.Marshal(fromYAML)
	MustOK(t, err)
	MustOK(t, json.Unmarshal(b, &fromYAML))
	if !reflect.DeepEqual(fromJSON, fromYAML) {
		t.Error("openapi.json and openapi.yaml differ")
	}
	if v := fromJSON.(map[string]any)["openapi"]; v != "3.1.0" {
		t.Errorf("openapi: %v, want 3.1.0", v)
	}
}

// apiRoute is a route or a described path as segments; a parameter
// segment (":name", "{name}") is "" and matches any segment.
type apiRoute []string

// newAPIRoute splits path into segments, parameters made "".
func newAPIRoute(path string) apiRoute {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, ":") || strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") || s == "*" {
			segs[i] = ""
		}
	}
	return segs
}

// matches reports whether r and o can name the same URL.
func (r apiRoute) matches(o apiRoute) bool {
	if len(r) != len(o) {
		return false
	}
	for i := range r {
		if r[i] != "" && o[i] != "" && r[i] != o[i] {
			return false
		}
	}
	return true
}

// TestOpenAPICoversTheRoutes walks the routes of the real app (with the
// write API): every route under /api/ is described and every described
// operation is served (a route with a parameter, such as CKAN's
// /api/3/action/:action, is covered by the paths that fill it in);
// exactly the token-protected routes declare the bearer scheme and 403,
// and they declare 401 (which public routes may declare too: a token that
// is sent must be valid). Every operation declares 429 and a default
// answer (500 and the like); every GET that can answer 200 declares 304.
// HEAD and OPTIONS (CORS preflight) are answered for every GET route by
// the conventions and not described per route.
func TestOpenAPICoversTheRoutes(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	doc := MustOpenAPI(t, e)
	protected := map[string]bool{}
	for _, r := range e.routes.Routes() {
		protected[r.Method+" "+r.Path] = !r.Policy.Public
	}
	type described struct {
		method, path string
		route        apiRoute
		op           operation
	}
	var ops []described
	for path, item := range doc.Paths {
		for method, node := range item {
			if !slices.Contains([]string{"get", "put", "post", "delete", "patch"}, method) {
				continue
			}
			var op operation
			MustOK(t, node.Decode(&op))
			ops = append(ops, described{strings.ToUpper(method), path, newAPIRoute(path), op})
		}
	}
	served := map[string]bool{}
	seen := map[string]bool{}
	for _, r := range e.app.GetRoutes(true) {
		if !describedRoute(r.Path) || r.Method == http.MethodHead || r.Method == http.MethodOptions {
			continue
		}
		key := r.Method + " " + r.Path
		if seen[key] {
			continue
		}
		seen[key] = true
		route := newAPIRoute(r.Path)
		found := false
		for _, d := range ops {
			if d.method != r.Method || !route.matches(d.route) {
				continue
			}
			found = true
			served[d.method+" "+d.path] = true
			checkOperation(t, d.method+" "+d.path, d.op, protected[key])
		}
		if !found {
			t.Errorf("%s is served but not described", key)
		}
	}
	for _, d := range ops {
		if !served[d.method+" "+d.path] {
			t.Errorf("%s %s is described but not served", d.method, d.path)
		}
	}
}

// describedRoute reports whether a route must be in the description: the
// JSON and CKAN APIs and the DCAT routes (not the health checks, the web
// pages and the administration).
func describedRoute(path string) bool {
	return strings.HasPrefix(path, "/api/") || path == "/catalog" || strings.HasPrefix(path, "/catalog.") || strings.HasPrefix(path, "/dataset/")
}

// checkOperation checks the security and the generic answers of op.
func checkOperation(tb testing.TB, name string, op operation, protected bool) {
	tb.Helper()
	if secured := len(op.Security) > 0; secured != protected {
		tb.Errorf("%s: security %v, but the route is protected: %v", name, op.Security, protected)
	}
	has := func(status string) bool { _, ok := op.Responses[status]; return ok }
	if has("403") != protected {
		tb.Errorf("%s: response 403 described: %v, protected: %v", name, has("403"), protected)
	}
	want := []string{"429", "default"}
	if protected {
		want = append(want, "401")
	}
	// Buffered answers carry an ETag; the catalogue pages stream.
	if strings.HasPrefix(name, "GET ") && has("200") && !strings.HasPrefix(name, "GET /catalog") {
		want = append(want, "304")
	}
	for _, status := range want {
		if !has(status) {
			tb.Errorf("%s: response %s not described", name, status)
		}
	}
}

// TestOpenAPISchemasMatchTypes: the described schemas have exactly the
// JSON fields of the types the API reads and writes, and require exactly
// those the type always writes (no omitempty).
func TestOpenAPISchemasMatchTypes(t *testing.T) {
	for name, v := range map[string]any{
		"Dataset": municat.Dataset{}, "Distribution": municat.Distribution{}, "Agent": municat.Agent{},
		"Contact": municat.Contact{}, "Spatial": municat.Spatial{}, "BoundingBox": municat.BoundingBox{},
		"Period": municat.Period{}, "Checksum": municat.Checksum{}, "StoredVersion": municat.FileVersion{},
		"Source": municat.Source{}, "Notify": municat.Notify{}, "FieldError": municat.FieldError{},
		"Problem": server.Problem{}, "ParamError": server.ParamError{},
		"FileVersion": server.FileVersion{}, "UploadResponse": server.UploadResponse{},
		"TokenInfo": server.TokenInfo{}, "TokenCreated": server.TokenCreated{}, "TokenRequest": server.TokenRequest{},
		"RunStarted": server.RunStarted{}, "DryRunResponse": server.DryRunResponse{},
		"SearchResponse": server.SearchResponse{}, "DatasetSummary": server.DatasetSummary{},
		"FacetValue": server.FacetValue{}, "SuggestResponse": server.SuggestResponse{},
		"Suggestion": suggest.Suggestion{}, "Organization": municat.Organization{},
		"ValidationResponse": server.ValidationResponse{}, "ValidationProblem": dcat.Problem{},
		"RunReport": server.RunReport{}, "RunCounts": municat.RunCounts{}, "RecordError": municat.RecordError{},
		"Change": harvester.Change{}, "SourceStatus": server.SourceStatus{},
		"OrganizationList": server.ListResponse[*municat.Organization]{},
	} {
		apitest.SchemaMatchesType(t, name, v)
	}
}
