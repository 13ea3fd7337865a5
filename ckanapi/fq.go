package ckanapi

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// Limits of a filter query.
const (
	// maxTerms caps the terms of one filter query.
	maxTerms = 20
	// maxValues caps the values of one field.
	maxValues = 20
)

// FilterQuery is a parsed filter query: the fq parameter of package_search,
// or the field terms of its q.
//
// Supported is the part of Solr's syntax CKAN clients and harvesters send:
// terms "field:value" separated by white space, "AND" or a leading "+"
// (all terms must hold); a value bare (escape special characters with
// "\"), quoted ("…") or a group of alternatives (field:(a OR b), any
// matches). The fields:
//
//	organization, owner_org   the organisation's id (= name)
//	groups                    an EU theme: its code (envi) or a GovData group name
//	tags                      a keyword
//	res_format                a resource format, e.g. CSV
//	license_id                a licence id as the package has it
//	id, name                  the package's id or name
//	metadata_modified         a range [FROM TO *] or [FROM TO NOW]: modified at or after FROM
//	dataset_type, type        "dataset" (every package is one)
//	capacity                  "public" (every package is public)
//	state                     "active"
//	*:*                       everything
//
// Not supported (409 Search Query Error): "OR" between terms, negation ("-"
// or "NOT"), other fields and ranges, wildcards, and two different values of
// one field joined by AND (a package has one organisation, and the index
// answers "any of" for the other fields).
type FilterQuery struct {
	// Filters maps municat facet names (municat.FacetTheme, …) to values,
	// any of which matches.
	Filters map[string][]string
	// Refs are the package ids or names the terms id and name allow, any
	// of which matches; nil if no such term was given.
	Refs []string
	// ModifiedSince is the lower bound of metadata_modified; zero if none.
	ModifiedSince time.Time
	// Text is the words of q that are no field terms, joined by spaces.
	Text string
	// Nothing is set when a term can match no package (e.g.
	// dataset_type:harvest).
	Nothing bool
}

// ParseFilterQuery parses an fq parameter (see FilterQuery). It returns an
// *Error of type TypeSearchQuery for anything it does not support.
func ParseFilterQuery(fq string) (FilterQuery, error) {
	return parse(fq, false)
}

// ParseQuery parses the q parameter of package_search: field terms with a
// supported field (as in ParseFilterQuery) become filters, every other word
// is the text to search; "*:*" is everything.
func ParseQuery(q string) (FilterQuery, error) {
	return parse(q, true)
}

// parse parses a query; text allows words without a supported field.
func parse(s string, text bool) (FilterQuery, error) {
	var f FilterQuery
	if !utf8.ValidString(s) {
		return f, searchQueryError("Die Suchanfrage ist kein gültiges UTF-8.")
	}
	lx := &lexer{s: s, text: text}
	var words []string
	terms := 0
	for {
		tok, ok, err := lx.next()
		if err != nil {
			return FilterQuery{}, err
		}
		if !ok {
			break
		}
		switch {
		case tok.field == "" && (tok.value == "AND" || tok.value == "&&") && !tok.quoted:
			continue
		case tok.field == "" && (tok.value == "OR" || tok.value == "||" || tok.value == "NOT") && !tok.quoted:
			if text {
				words = append(words, tok.value)
				continue
			}
			return FilterQuery{}, searchQueryError(fmt.Sprintf("%q wird in fq nicht unterstützt: alle Bedingungen gelten zugleich (UND); Alternativen eines Feldes schreiben Sie als feld:(a OR b).", tok.value))
		case tok.negated && (!text || fieldKinds[tok.field] != ""):
			return FilterQuery{}, searchQueryError("Verneinte Bedingungen (-feld:wert, NOT) werden nicht unterstützt.")
		case tok.field == "*" && len(tok.values) == 1 && tok.values[0] == "*":
			continue
		}
		_, known := fieldKinds[tok.field]
		if tok.field == "" || !known {
			if !text {
				if tok.field == "" {
					return FilterQuery{}, searchQueryError(fmt.Sprintf("Die Bedingung %q hat kein Feld; fq erwartet feld:wert, Text gehört in q.", clip(tok.raw, 60)))
				}
				return FilterQuery{}, searchQueryError(fmt.Sprintf("Das Feld %q wird in fq nicht unterstützt; unterstützt werden organization, owner_org, groups, tags, res_format, license_id, id, name, metadata_modified, dataset_type, capacity und state.", clip(tok.field, 40)))
			}
			words = append(words, tok.raw)
			continue
		}
		if terms++; terms > maxTerms {
			return FilterQuery{}, searchQueryError(fmt.Sprintf("Die Anfrage hat mehr als %d Bedingungen.", maxTerms))
		}
		if err := f.add(tok); err != nil {
			return FilterQuery{}, err
		}
	}
	f.Text = strings.Join(words, " ")
	return f, nil
}

// fieldKinds maps the supported fields to the municat facet they filter, or
// to a pseudo kind.
var fieldKinds = map[string]string{
	"organization":      municat.FacetOrganization,
	"owner_org":         municat.FacetOrganization,
	"groups":            municat.FacetTheme,
	"tags":              municat.FacetKeyword,
	"res_format":        municat.FacetFormat,
	"license_id":        municat.FacetLicense,
	"id":                "id",
	"name":              "name",
	"metadata_modified": "modified",
	"dataset_type":      "const:dataset",
	"type":              "const:dataset",
	"capacity":          "const:public",
	"state":             "const:active",
}

// add adds one field term to f.
func (f *FilterQuery) add(t token) error {
	kind := fieldKinds[t.field]
	if t.rangeFrom != "" || t.rangeTo != "" {
		if kind != "modified" {
			return searchQueryError(fmt.Sprintf("Bereiche [… TO …] werden nur für metadata_modified unterstützt, nicht für %q.", t.field))
		}
		return f.addRange(t)
	}
	if kind == "modified" {
		return searchQueryError("metadata_modified wird nur als Bereich unterstützt: metadata_modified:[2024-01-01T00:00:00Z TO *].")
	}
	if len(t.values) > maxValues {
		return searchQueryError(fmt.Sprintf("Das Feld %q hat mehr als %d Werte.", t.field, maxValues))
	}
	for _, v := range t.values {
		if strings.ContainsAny(v, "*?") && !t.quoted {
			return searchQueryError(fmt.Sprintf("Platzhalter (* und ?) werden in %q nicht unterstützt.", t.field))
		}
	}
	switch {
	case strings.HasPrefix(kind, "const:"):
		want := strings.TrimPrefix(kind, "const:")
		if !containsFold(t.values, want) {
			f.Nothing = true
		}
		return nil
	case kind == "id" || kind == "name":
		if f.Refs != nil {
			return searchQueryError("id und name dürfen zusammen nur einmal vorkommen.")
		}
		f.Refs = append([]string{}, t.values...)
		return nil
	}
	values := make([]string, 0, len(t.values))
	for _, v := range t.values {
		values = append(values, facetValue(kind, v)...)
	}
	if values = municat.Distinct(values); len(values) == 0 {
		// An empty value, or a group that names no theme, matches no
		// package (an empty filter would match every one).
		f.Nothing = true
		return nil
	}
	if f.Filters == nil {
		f.Filters = map[string][]string{}
	}
	if old, ok := f.Filters[kind]; ok {
		if !sameSet(old, values) {
			return searchQueryError(fmt.Sprintf("Das Feld %q kommt mehrmals mit verschiedenen Werten vor; das UND mehrerer Werte eines Feldes wird nicht unterstützt. Für „einer der Werte“ schreiben Sie %s:(a OR b).", t.field, t.field))
		}
		return nil
	}
	f.Filters[kind] = values
	return nil
}

// facetValue returns the index values a CKAN field value stands for.
func facetValue(kind, v string) []string {
	switch kind {
	case municat.FacetTheme:
		return dcat.ThemeCodes(v)
	case municat.FacetFormat:
		return []string{strings.ToUpper(v)}
	}
	return []string{v}
}

// addRange reads metadata_modified:[FROM TO *].
func (f *FilterQuery) addRange(t token) error {
	if t.rangeTo != "*" && !strings.EqualFold(t.rangeTo, "NOW") {
		return searchQueryError("metadata_modified unterstützt nur nach oben offene Bereiche: [2024-01-01T00:00:00Z TO *].")
	}
	if t.rangeFrom == "*" {
		return nil
	}
	tm, ok := parseTime(t.rangeFrom)
	if !ok {
		return searchQueryError(fmt.Sprintf("%q ist kein Zeitpunkt; erwartet wird z. B. 2024-01-31T00:00:00Z.", clip(t.rangeFrom, 40)))
	}
	if tm.After(f.ModifiedSince) {
		f.ModifiedSince = tm
	}
	return nil
}

// timeLayouts are the forms of a range bound, tried in order; forms without
// zone are UTC.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05.999999999Z", time.DateOnly}

// parseTime parses a time as CKAN clients write it.
func parseTime(s string) (time.Time, bool) {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func containsFold(vs []string, want string) bool {
	for _, v := range vs {
		if strings.EqualFold(v, want) {
			return true
		}
	}
	return false
}

// sameSet reports whether a and b hold the same values.
func sameSet(a, b []string) bool {
	a, b = municat.Distinct(a), municat.Distinct(b)
	if len(a) != len(b) {
		return false
	}
	seen := map[string]bool{}
	for _, v := range a {
		seen[v] = true
	}
	for _, v := range b {
		if !seen[v] {
			return false
		}
	}
	return true
}
