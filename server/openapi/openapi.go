// Package openapi holds municat's OpenAPI 3.1 description as fragments
// (*.yaml in this directory) and merges them, in file-name order, into one
// document.
//
// A fragment is a YAML mapping with only the keys paths, components (any
// sub-maps) and tags; the first fragment (00-base.yaml) also holds openapi,
// info and servers. A path, a component or a tag described twice is an
// error. References between fragments are written as '#/components/…': after
// the merge it is one document.
package openapi

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sync"

	"gopkg.in/yaml.v3"
)

// Fragments are the fragments of the description (*.yaml).
//
//go:embed *.yaml
var Fragments embed.FS

// documents merges the fragments and encodes the description once, on
// first use, so that commands which never serve it (municat --help, the
// harvest and token commands) do not pay for it at start.
var documents = sync.OnceValues(func() ([2][]byte, error) {
	var out [2][]byte
	doc, err := Merge(Fragments)
	if err != nil {
		return out, err
	}
	d := ordered(doc)
	if out[0], err = yaml.Marshal(d); err != nil {
		return out, err
	}
	out[1], err = json.Marshal(d)
	return out, err
})

// YAML returns the merged description as YAML. A broken fragment panics
// (the tests catch that first).
func YAML() []byte { return mustDocuments()[0] }

// JSON returns the merged description as JSON, the same document as YAML.
func JSON() []byte { return mustDocuments()[1] }

// mustDocuments returns the encoded description or panics.
func mustDocuments() [2][]byte {
	docs, err := documents()
	if err != nil {
		panic("openapi: " + err.Error())
	}
	return docs
}

// document orders the top-level keys of the merged description for readers.
type document struct {
	OpenAPI    any `json:"openapi" yaml:"openapi"`
	Info       any `json:"info" yaml:"info"`
	Servers    any `json:"servers,omitempty" yaml:"servers,omitempty"`
	Tags       any `json:"tags,omitempty" yaml:"tags,omitempty"`
	Paths      any `json:"paths" yaml:"paths"`
	Components any `json:"components,omitempty" yaml:"components,omitempty"`
}

// ordered returns doc as a document.
func ordered(doc map[string]any) document {
	return document{OpenAPI: doc["openapi"], Info: doc["info"], Servers: doc["servers"],
		Tags: doc["tags"], Paths: doc["paths"], Components: doc["components"]}
}

// topLevel lists the keys a fragment may have; base marks those only the
// first fragment may have.
var topLevel = map[string]bool{"paths": false, "components": false, "tags": false,
	"openapi": true, "info": true, "servers": true}

// Merge reads the *.yaml files at the root of fsys in name order and merges
// them into one document. It returns an error naming the file for a YAML
// error, an unknown top-level key, a base key outside the first file, or a
// path, component or tag that an earlier file already describes.
func Merge(fsys fs.FS) (map[string]any, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("no *.yaml fragment")
	}
	doc := map[string]any{}
	for i, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var raw any
		if err := yaml.Unmarshal(b, &raw); err != nil {
			return nil, fmt.Errorf("%s: %w", path.Base(name), err)
		}
		frag, ok := stringKeys(raw).(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: not a YAML mapping", path.Base(name))
		}
		if err := mergeFragment(doc, frag, i == 0); err != nil {
			return nil, fmt.Errorf("%s: %w", path.Base(name), err)
		}
	}
	return doc, nil
}
