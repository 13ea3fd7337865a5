// Package apitest checks answers of municat's HTTP API against its OpenAPI
// description (package server/openapi), so that tests keep the description
// true.
//
// The check is strict: a JSON answer must match its schema (types, required
// fields, enums, formats) and may hold no property the schema does not
// declare, even where additionalProperties would allow it. An object
// schema without properties therefore admits only {}; describe a map (keys
// chosen by the data, such as language codes or facet names) with
// patternProperties, e.g. patternProperties: {"^[a-z]{2}$": {type: string}}
// or {"^.+$": {...}}.
package apitest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	verrors "github.com/pb33f/libopenapi-validator/errors"

	"github.com/municat/municat/server/openapi"
)

// Validate checks the answer resp to req, whose body the caller has read
// into body, against the merged OpenAPI description: that the path and
// method are described, that the status is a described response, that the
// content type is one that response describes, that body is valid against
// that content's schema, and the headers the response describes. It fails
// tb (Errorf) with a message naming the request and every violation.
// Answers to paths outside /api/ are not checked. The validator is built
// once per test binary.
func Validate(tb testing.TB, req *http.Request, resp *http.Response, body []byte) {
	tb.Helper()
	if err := Check(req, resp, body); err != nil {
		tb.Errorf("%v", err)
	}
}

// Check is Validate returning the violations as an error instead of
// failing a test; nil means the answer is valid or not checked. A body
// with Content-Encoding gzip or br is decoded first. CORS preflight
// answers (OPTIONS) are not checked: the conventions answer them for every
// read route, as the description's introduction says; nor are the HTML
// pages of the reference (/api/referenz).
func Check(req *http.Request, resp *http.Response, body []byte) error {
	if !strings.HasPrefix(req.URL.Path, "/api/") || req.Method == http.MethodOptions ||
		req.URL.Path == "/api/referenz" || strings.HasPrefix(req.URL.Path, "/api/referenz/") {
		return nil
	}
	v, err := load()
	if err != nil {
		return err
	}
	if body, err = decode(resp.Header.Get("Content-Encoding"), body); err != nil {
		return fmt.Errorf("%s %s → %d: %w", req.Method, shorten(req.URL.RequestURI()), resp.StatusCode, err)
	}
	// The validator routes by path only and reads the body from resp; give
	// it copies so the caller's request and response stay as they were.
	r := req.Clone(req.Context())
	r.Body = http.NoBody
	w := *resp
	w.Header = resp.Header.Clone()
	w.Header.Del("Content-Encoding")
	w.Body = io.NopCloser(bytes.NewReader(body))
	if ok, errs := v.ValidateHttpResponse(r, &w); !ok {
		return report(req, resp, body, errs)
	}
	return nil
}

// ignored are the JSON paths strict mode leaves alone: headers (the
// conventions add many that operations do not list one by one) and the
// parts of the description itself, served at /api/v1/openapi.json, whose
// members the OpenAPI specification describes rather than municat's.
var ignored = []string{
	"$.headers.*",
	"$.body.info**", "$.body.servers**", "$.body.tags**",
	"$.body.paths**", "$.body.components**",
}

// load builds the validator over the merged description, once.
var load = sync.OnceValues(func() (validator.Validator, error) {
	doc, err := libopenapi.NewDocument(openapi.JSON())
	if err != nil {
		return nil, fmt.Errorf("apitest: reading the OpenAPI description: %w", err)
	}
	v, errs := validator.NewValidator(doc,
		config.WithStrictMode(),
		config.WithStrictIgnorePaths(ignored...),
		config.WithFormatAssertions(),
	)
	if len(errs) > 0 {
		return nil, fmt.Errorf("apitest: building the validator: %w", errors.Join(errs...))
	}
	return v, nil
})

// report formats the violations errs of the answer to req.
func report(req *http.Request, resp *http.Response, body []byte, errs []*verrors.ValidationError) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s → %d %s does not match the OpenAPI description:",
		req.Method, shorten(req.URL.RequestURI()), resp.StatusCode, resp.Header.Get("Content-Type"))
	for _, e := range errs {
		fmt.Fprintf(&b, "\n  - %s", e.Message)
		if e.Reason != "" && e.Reason != e.Message {
			fmt.Fprintf(&b, ": %s", e.Reason)
		}
		for _, s := range e.SchemaValidationErrors {
			fmt.Fprintf(&b, "\n      at %s: %s", s.FieldPath, s.Reason)
		}
	}
	fmt.Fprintf(&b, "\n  body: %s", shorten(string(body)))
	return errors.New(b.String())
}

// shorten cuts s to a length that fits a test log.
func shorten(s string) string {
	const max = 600
	if len(s) <= max {
		return s
	}
	return strings.ToValidUTF8(s[:max], "") + "…"
}

// decode undoes the content coding of body.
func decode(coding string, body []byte) ([]byte, error) {
	var r io.Reader
	switch strings.ToLower(strings.TrimSpace(coding)) {
	case "", "identity":
		return body, nil
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("gzip body: %w", err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(bytes.NewReader(body))
	default:
		return nil, fmt.Errorf("unknown Content-Encoding %q", coding)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s body: %w", coding, err)
	}
	return out, nil
}

// schemas are the component schemas of the merged description, read once.
var schemas = sync.OnceValues(func() (map[string]schemaFields, error) {
	var doc struct {
		Components struct {
			Schemas map[string]schemaFields `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openapi.JSON(), &doc); err != nil {
		return nil, fmt.Errorf("apitest: reading the OpenAPI description: %w", err)
	}
	return doc.Components.Schemas, nil
})

// schemaFields is what SchemaMatchesType reads of a schema.
type schemaFields struct {
	Properties map[string]any `json:"properties"`
	Required   []string       `json:"required"`
}

// SchemaMatchesType checks that the component schema name has exactly the
// JSON fields of v's struct type, and requires exactly those the type
// always writes (no omitempty). It fails tb (Errorf) for a missing schema
// and for each difference.
func SchemaMatchesType(tb testing.TB, name string, v any) {
	tb.Helper()
	all, err := schemas()
	if err != nil {
		tb.Fatal(err)
	}
	schema, ok := all[name]
	if !ok {
		tb.Errorf("schema %s missing", name)
		return
	}
	described := slices.Sorted(maps.Keys(schema.Properties))
	fields, always := JSONNames(reflect.TypeOf(v))
	if fmt.Sprint(described) != fmt.Sprint(fields) {
		tb.Errorf("schema %s has\n%v\nthe type has\n%v", name, described, fields)
	}
	if required := slices.Sorted(slices.Values(schema.Required)); fmt.Sprint(required) != fmt.Sprint(always) {
		tb.Errorf("schema %s requires\n%v\nthe type always writes\n%v", name, required, always)
	}
}

// JSONNames returns the JSON names of the fields of struct type t, sorted,
// and those of them without omitempty (which encoding/json always writes).
func JSONNames(t reflect.Type) (all, always []string) {
	for _, f := range reflect.VisibleFields(t) {
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() || f.Anonymous && name == "" {
			continue
		}
		if name == "" {
			name = f.Name
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
