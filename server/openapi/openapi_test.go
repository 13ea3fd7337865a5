package openapi_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"github.com/municat/municat/server/openapi"
)

// TestMergedDocument: the served document is OpenAPI 3.1 with the base's
// info, and YAML and JSON hold the same.
func TestMergedDocument(t *testing.T) {
	var fromYAML, fromJSON map[string]any
	if err := yaml.Unmarshal(openapi.YAML(), &fromYAML); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(openapi.JSON(), &fromJSON); err != nil {
		t.Fatal(err)
	}
	if fromJSON["openapi"] != "3.1.0" || fromYAML["openapi"] != "3.1.0" {
		t.Errorf("openapi: %v / %v, want 3.1.0", fromJSON["openapi"], fromYAML["openapi"])
	}
	paths, _ := fromJSON["paths"].(map[string]any)
	if _, ok := paths["/api/v1/datasets"]; !ok {
		t.Error("/api/v1/datasets is missing")
	}
	if len(paths) != len(fromYAML["paths"].(map[string]any)) {
		t.Error("YAML and JSON have different paths")
	}
	if !strings.HasPrefix(string(openapi.YAML()), "openapi: 3.1.0\ninfo:") {
		t.Errorf("YAML does not start with openapi and info: %.40q", openapi.YAML())
	}
}

// TestMergeRefuses: the mistakes of a fragment are errors naming the file.
func TestMergeRefuses(t *testing.T) {
	base := "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a: {get: {responses: {'200': {description: a}}}}\ncomponents:\n  schemas:\n    A: {type: string}\ntags: [{name: T}]\n"
	for name, tc := range map[string]struct{ second, want string }{
		"duplicate path":      {"paths:\n  /a: {}\n", `path "/a" is described twice`},
		"duplicate component": {"components:\n  schemas:\n    A: {type: integer}\n", `components.schemas "A" is described twice`},
		"duplicate tag":       {"tags: [{name: T}]\n", `tag "T" is described twice`},
		"unknown key":         {"pathz: {}\n", `unknown top-level key "pathz"`},
		"base key":            {"info: {title: x}\n", `"info" belongs in the first fragment only`},
		"not a mapping":       {"- a\n", "not a YAML mapping"},
		"bad YAML":            {"paths: [\n", "20-second.yaml: yaml:"},
		"paths as a list":     {"paths: [a]\n", "paths is not a mapping"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := openapi.Merge(fstest.MapFS{
				"00-base.yaml":   {Data: []byte(base)},
				"20-second.yaml": {Data: []byte(tc.second)},
			})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "20-second.yaml") {
				t.Errorf("error %v, want one naming 20-second.yaml and containing %q", err, tc.want)
			}
		})
	}
}

// TestMergeInNameOrder: fragments are merged in file-name order, their
// paths, components of every kind and tags joined.
func TestMergeInNameOrder(t *testing.T) {
	doc, err := openapi.Merge(fstest.MapFS{
		"30-c.yaml":    {Data: []byte("tags: [{name: C}]\npaths:\n  /c: {}\ncomponents:\n  headers:\n    H: {schema: {type: string}}\n")},
		"00-base.yaml": {Data: []byte("openapi: 3.1.0\ninfo: {title: t, version: '1'}\ntags: [{name: A}]\npaths:\n  /a: {}\n")},
		"10-b.yaml":    {Data: []byte("tags: [{name: B}]\npaths:\n  /b: {}\ncomponents:\n  schemas:\n    S: {type: string}\n  responses:\n    200: {description: numeric key}\n")},
		"notes.txt":    {Data: []byte("not a fragment")},
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{`"tags":[{"name":"A"},{"name":"B"},{"name":"C"}]`, `"/a":{}`, `"/b":{}`, `"/c":{}`,
		`"headers":{"H":`, `"schemas":{"S":`, `"responses":{"200":`} {
		if !strings.Contains(got, want) {
			t.Errorf("merged %s\nlacks %s", got, want)
		}
	}
}

// FuzzMerge: any second fragment merges or is refused with an error, and
// what merges can be written as JSON. Seeded with the beginnings of the
// real fragments (whole ones make the fuzzer crawl).
func FuzzMerge(f *testing.F) {
	names, err := fs.Glob(openapi.Fragments, "*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range names {
		b, err := fs.ReadFile(openapi.Fragments, name)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) > 1500 {
			b = b[:bytes.LastIndexByte(b[:1500], '\n')+1]
		}
		f.Add(b)
	}
	f.Add([]byte("paths: {200: {get: {responses: {200: {description: x}}}}}\n"))
	base := []byte("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a: {}\ncomponents:\n  schemas:\n    A: {type: string}\ntags: [{name: A}]\n")
	f.Fuzz(func(t *testing.T, second []byte) {
		doc, err := openapi.Merge(fstest.MapFS{"00-base.yaml": {Data: base}, "50-fuzz.yaml": {Data: second}})
		if err != nil {
			return
		}
		if _, err := json.Marshal(doc); err != nil {
			t.Errorf("merged, but not JSON: %v", err)
		}
	})
}

// BenchmarkMerge measures merging the real fragments (done once at
// start).
func BenchmarkMerge(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := openapi.Merge(openapi.Fragments); err != nil {
			b.Fatal(err)
		}
	}
}
