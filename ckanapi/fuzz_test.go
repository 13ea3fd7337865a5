package ckanapi

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/ckantest"
)

// fqSeeds are filter queries as CKAN clients and harvesters send them:
// ckanext-harvest's incremental harvest, GovData's organisation filter,
// CKAN's facet links, and broken ones.
var fqSeeds = []string{
	"metadata_modified:[2024-01-31T00:00:00.000000Z TO *]",
	"+organization:stadt-musterstadt",
	`organization:sdb res_format:"CSV" groups:"geo"`,
	"tags:(Haushalt OR Finanzen) AND license_id:dl-by-de/2.0",
	"+dataset_type:dataset capacity:public",
	`tags:"image recognition"`,
	`name:100-validated-species-of-plants id:62513382-3b26-4bc8-9096-40b6ce8383c0`,
	"*:*", "-tags:x", "tags:a OR tags:b", `tags:"offen`, "tags:(a", "metadata_modified:[x TO", "feld\\:x:y", "a:b:c", "+", "",
}

// FuzzParseFilterQuery checks that the fq parser never panics, accepts
// the seeds it should, and that what it accepts is within its limits.
func FuzzParseFilterQuery(f *testing.F) {
	for _, s := range fqSeeds {
		f.Add(s)
	}
	// Tag and organisation names of the real CKAN answers, as values.
	for _, tag := range fixtureStrings(f, "tags", "name") {
		f.Add(`tags:"` + tag + `"`)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, text := range []bool{false, true} {
			q, err := parse(s, text)
			if err != nil {
				var e *Error
				if !errors.As(err, &e) || e.Type != TypeSearchQuery || e.Message == "" || e.status != 409 {
					t.Fatalf("parse(%q): error %#v, want a Search Query Error", s, err)
				}
				continue
			}
			if len(q.Refs) > maxValues {
				t.Errorf("parse(%q): %d refs", s, len(q.Refs))
			}
			for facet, values := range q.Filters {
				if len(values) == 0 || len(values) > maxValues || !isFacet(facet) {
					t.Errorf("parse(%q): filter %s = %v", s, facet, values)
				}
			}
			if !text && q.Text != "" {
				t.Errorf("ParseFilterQuery(%q) has text %q", s, q.Text)
			}
			if text && utf8.ValidString(s) && !strings.Contains(s, ":") && !strings.ContainsAny(s, `"\`) {
				words := slices.DeleteFunc(asciiFields(s), func(w string) bool { return w == "AND" || w == "&&" })
				if q.Text != strings.Join(words, " ") {
					t.Errorf("ParseQuery(%q) text %q, want the words but AND", s, q.Text)
				}
			}
		}
	})
}

// asciiFields splits s at ASCII white space, as the lexer does.
func asciiFields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) })
}

func isFacet(name string) bool {
	for _, f := range municat.FacetNames {
		if f == name {
			return true
		}
	}
	return false
}

// FuzzParams feeds request bodies and query values to the parameter
// reader: it must never panic, and a value it returns is within bounds.
func FuzzParams(f *testing.F) {
	f.Add(`{"id": "100-validated-species-of-plants", "include_tracking": true}`, "rows", "10")
	f.Add(`{"fq": "res_format:CSV", "rows": 3, "facet.field": ["groups"], "facet.limit": -1}`, "start", "-1")
	f.Add(`q=B%C3%A4ume&rows=1000`, "facet.field", `["organization"`)
	f.Add(`[1, 2]`, "all_fields", "True")
	f.Add(string(ckantest.ReadFixture(f, ckantest.DemoShowFixture)), "limit", "99999999999999999999")
	f.Fuzz(func(t *testing.T, body, name, value string) {
		p := Params{name: value}
		if err := p.addBody([]byte(body), ""); err != nil {
			var e *Error
			if !errors.As(err, &e) || e.status != 400 {
				t.Fatalf("addBody(%q): %v", body, err)
			}
			return
		}
		r := newReader(p)
		if n := r.natural(name, 10, MaxRows); n < 0 || n > MaxRows {
			t.Errorf("natural(%q) = %d", p[name], n)
		}
		r.boolean(name, false)
		for _, v := range r.list(name) {
			_ = v
		}
		if err := r.err(); err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Type != TypeValidation || len(e.Fields) == 0 {
				t.Fatalf("reader error %#v", err)
			}
			if _, err := json.Marshal(e); err != nil {
				t.Fatalf("error does not encode: %v", err)
			}
		}
	})
}

// FuzzPackageName checks that names are valid CKAN names, that full names
// lead back to their id, and that a string decodes only to the id it names.
func FuzzPackageName(f *testing.F) {
	for _, id := range fixtureStrings(f, "", "id") {
		f.Add("ckan." + id)
	}
	f.Add("quelle.baum_kataster")
	f.Add("a._b")
	f.Add("x")
	f.Add("q." + strings.Repeat("a_", 60))
	f.Fuzz(func(t *testing.T, id string) {
		// Any string taken for a name decodes to nothing or to the id
		// whose name it is.
		if back, ok := DatasetIDOfName(id); ok && (!municat.ValidDatasetID(back) || PackageName(back) != id) {
			t.Errorf("DatasetIDOfName(%q) = %q, whose name is %q", id, back, PackageName(back))
		}
		if !municat.ValidDatasetID(id) {
			return
		}
		name := PackageName(id)
		if !ValidName(name) {
			t.Fatalf("PackageName(%q) = %q, no valid CKAN name", id, name)
		}
		back, ok := DatasetIDOfName(name)
		switch {
		case shortenedNamePattern.MatchString(name):
			if ok {
				t.Errorf("shortened name %q of %q decodes to %q", name, id, back)
			}
		case !ok || back != id:
			t.Errorf("DatasetIDOfName(PackageName(%q) = %q) = %q, %v", id, name, back, ok)
		}
	})
}

// fixtureStrings returns the string values of key in the CKAN fixtures,
// inside objects under parent ("" for any object).
func fixtureStrings(tb testing.TB, parent, key string) []string {
	tb.Helper()
	var out []string
	var walk func(v any, under string)
	walk = func(v any, under string) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x[key].(string); ok && (parent == "" || under == parent) {
				out = append(out, s)
			}
			for k, c := range x {
				walk(c, k)
			}
		case []any:
			for _, c := range x {
				walk(c, under)
			}
		}
	}
	for _, name := range []string{ckantest.DemoShowFixture, ckantest.SearchFixture, ckantest.GovDataShowFixture} {
		var v any
		if err := json.Unmarshal(ckantest.ReadFixture(tb, name), &v); err != nil {
			tb.Fatal(err)
		}
		walk(v, "")
	}
	return out
}
