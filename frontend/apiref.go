package frontend

import (
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat/frontend/markup"
)

// apiRefView is what the API reference shows: the operations of the
// merged OpenAPI description grouped by tag, and its data structures.
type apiRefView struct {
	// Version is the API's version (info.version).
	Version string
	// Tags are the groups in the description's order; a tag no operation
	// uses is left out.
	Tags []apiRefTag
	// Common are the answers most operations share (a response component
	// used by more than half of them), described once.
	Common []apiRefResponse
}

// apiRefTag is a group of operations, shown on a page of its own with the
// data structures they use.
type apiRefTag struct {
	Name, ID    string
	Description template.HTML
	Ops         []apiRefOp
	// Schemas are the data structures the operations use, directly or
	// through other structures, in name order.
	Schemas []apiRefSchema
}

// apiRefTagPage is what a tag's page shows.
type apiRefTagPage struct {
	*apiRefView
	Tag *apiRefTag
}

// apiRefOp is one operation: method and path with what it takes and
// answers.
type apiRefOp struct {
	ID, Method, Path, Summary string
	Description               template.HTML
	// Secured is set when the operation needs a token.
	Secured bool
	// Aliases are further paths with the same operation.
	Aliases   []string
	Params    []apiRefParam
	Body      []apiRefContent
	Responses []apiRefResponse
	// Also are the statuses of the common answers the operation has too.
	Also []string
	// Examples are the operation's x-codeSamples with the base URL filled
	// in.
	Examples []apiRefExample
}

// apiRefParam is a parameter of an operation.
type apiRefParam struct {
	Name, In    string
	Required    bool
	Type        apiRefType
	Description string
}

// apiRefType is a schema in words; Ref is the anchor of the named schema
// it refers to, if any.
type apiRefType struct {
	Text, Ref string
}

// apiRefContent is a media type with its schema.
type apiRefContent struct {
	MediaType string
	Type      apiRefType
}

// apiRefResponse is one described answer.
type apiRefResponse struct {
	Status, Description string
	Contents            []apiRefContent
}

// apiRefExample is a command to copy.
type apiRefExample struct {
	Label, Command string
}

// apiRefSchema is a named data structure with its fields.
type apiRefSchema struct {
	Name, ID    string
	Description string
	Type        apiRefType
	Fields      []apiRefField
}

// apiRefField is a property of a schema.
type apiRefField struct {
	Name        string
	Type        apiRefType
	Required    bool
	Description string
}

// baseToken is replaced by the instance's base URL in code samples.
const baseToken = "{{BASE}}"

// refMethods are the HTTP refMethods of operations, in the order shown.
var refMethods = []string{"get", "post", "put", "patch", "delete"}

// newAPIRef builds the reference from the OpenAPI description spec (JSON),
// with base (the instance's absolute base URL) in the examples.
func newAPIRef(spec []byte, base string) (*apiRefView, error) {
	var doc map[string]any
	if err := json.Unmarshal(spec, &doc); err != nil {
		return nil, fmt.Errorf("frontend: API reference: %w", err)
	}
	r := refResolver{doc: doc}
	view := &apiRefView{Version: jsonStr(jsonObj(doc["info"])["version"])}
	paths := jsonObj(doc["paths"])
	r.common = commonResponses(paths)
	byTag := map[string][]apiRefOp{}
	used := map[string]map[string]bool{} // tag → schemas its operations use
	seen := map[string]int{}             // operation → its index in byTag[tag]
	for _, path := range slices.Sorted(maps.Keys(paths)) {
		item := jsonObj(paths[path])
		shared := jsonList(item["parameters"])
		for _, method := range refMethods {
			op, ok := item[method].(map[string]any)
			if !ok {
				continue
			}
			tag := "API"
			if tags := jsonList(op["tags"]); len(tags) > 0 {
				tag = jsonStr(tags[0])
			}
			// The same operation under another path (an alias, such as
			// CKAN's /api/action/… for /api/3/action/…) is shown once.
			key, _ := json.Marshal([]any{tag, method, shared, op})
			if i, ok := seen[string(key)]; ok {
				byTag[tag][i].Aliases = append(byTag[tag][i].Aliases, path)
				continue
			}
			seen[string(key)] = len(byTag[tag])
			byTag[tag] = append(byTag[tag], r.operation(method, path, op, shared, base))
			if used[tag] == nil {
				used[tag] = map[string]bool{}
			}
			r.schemaRefs([]any{shared, op}, used[tag])
		}
	}
	var order []string
	descriptions := map[string]string{}
	for _, t := range jsonList(doc["tags"]) {
		name := jsonStr(jsonObj(t)["name"])
		order = append(order, name)
		descriptions[name] = jsonStr(jsonObj(t)["description"])
	}
	for _, name := range slices.Sorted(maps.Keys(byTag)) {
		if !slices.Contains(order, name) {
			order = append(order, name)
		}
	}
	schemas := jsonObj(jsonObj(doc["components"])["schemas"])
	for _, name := range order {
		if ops := byTag[name]; len(ops) > 0 {
			tag := apiRefTag{Name: name, ID: anchor(name), Description: markup.Markdown(unwrap(descriptions[name])), Ops: ops}
			for _, s := range slices.Sorted(maps.Keys(used[name])) {
				if schema, ok := schemas[s].(map[string]any); ok {
					tag.Schemas = append(tag.Schemas, r.schema(s, schema))
				}
			}
			view.Tags = append(view.Tags, tag)
		}
	}
	for _, c := range r.common {
		resp := r.deref(map[string]any{"$ref": c.ref})
		view.Common = append(view.Common, apiRefResponse{Status: c.status, Description: jsonStr(resp["description"]),
			Contents: contents(jsonObj(resp["content"]))})
	}
	return view, nil
}

// refResolver resolves local references ("#/components/…") in doc.
type refResolver struct {
	doc map[string]any
	// common are the answers most operations share.
	common []commonResponse
}

// commonResponse is a status answered with a response component.
type commonResponse struct {
	status, ref string
}

// commonResponses returns the status and response components that more
// than half of the operations in paths use, in status order.
func commonResponses(paths map[string]any) []commonResponse {
	counts := map[commonResponse]int{}
	ops := 0
	for _, item := range paths {
		for _, method := range refMethods {
			op, ok := jsonObj(item)[method].(map[string]any)
			if !ok {
				continue
			}
			ops++
			for status, resp := range jsonObj(op["responses"]) {
				if ref := jsonStr(jsonObj(resp)["$ref"]); ref != "" {
					counts[commonResponse{status, ref}]++
				}
			}
		}
	}
	var out []commonResponse
	for c, n := range counts {
		if n*2 > ops {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b commonResponse) int { return strings.Compare(a.status+a.ref, b.status+b.ref) })
	return out
}

// deref returns v, or what its $ref points to (once).
func (r refResolver) deref(v any) map[string]any {
	m := jsonObj(v)
	ref, ok := m["$ref"].(string)
	if !ok {
		return m
	}
	cur := any(r.doc)
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		cur = jsonObj(cur)[part]
	}
	return jsonObj(cur)
}

// schemaRefs adds to into the names of the schemas v refers to, following
// references through components and schemas.
func (r refResolver) schemaRefs(v any, into map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		if ref, ok := v["$ref"].(string); ok {
			if name, ok := strings.CutPrefix(ref, "#/components/schemas/"); ok {
				if into[name] {
					return
				}
				into[name] = true
			}
			r.schemaRefs(r.deref(v), into)
			return
		}
		for _, e := range v {
			r.schemaRefs(e, into)
		}
	case []any:
		for _, e := range v {
			r.schemaRefs(e, into)
		}
	}
}

// operation returns the view of op at method and path; shared are the
// path's parameters.
func (r refResolver) operation(method, path string, op map[string]any, shared []any, base string) apiRefOp {
	o := apiRefOp{
		ID: anchor(method + "-" + path), Method: strings.ToUpper(method), Path: path,
		Summary: jsonStr(op["summary"]), Description: markup.Markdown(unwrap(jsonStr(op["description"]))),
		Secured: len(jsonList(op["security"])) > 0,
	}
	for _, p := range append(slices.Clone(shared), jsonList(op["parameters"])...) {
		p := r.deref(p)
		o.Params = append(o.Params, apiRefParam{Name: jsonStr(p["name"]), In: jsonStr(p["in"]),
			Required: p["required"] == true, Type: typeOf(jsonObj(p["schema"])), Description: jsonStr(p["description"])})
	}
	if body := r.deref(op["requestBody"]); body != nil {
		o.Body = contents(jsonObj(body["content"]))
	}
	responses := jsonObj(op["responses"])
	for _, status := range slices.Sorted(maps.Keys(responses)) {
		if slices.Contains(r.common, commonResponse{status, jsonStr(jsonObj(responses[status])["$ref"])}) {
			o.Also = append(o.Also, status)
			continue
		}
		resp := r.deref(responses[status])
		o.Responses = append(o.Responses, apiRefResponse{Status: status, Description: jsonStr(resp["description"]),
			Contents: contents(jsonObj(resp["content"]))})
	}
	for _, s := range jsonList(op["x-codeSamples"]) {
		s := jsonObj(s)
		label := jsonStr(s["label"])
		if label == "" {
			label = jsonStr(s["lang"])
		}
		o.Examples = append(o.Examples, apiRefExample{Label: label,
			Command: strings.ReplaceAll(jsonStr(s["source"]), baseToken, base)})
	}
	return o
}

// schema returns the view of the component schema name.
func (r refResolver) schema(name string, s map[string]any) apiRefSchema {
	out := apiRefSchema{Name: name, ID: schemaAnchor(name), Description: jsonStr(s["description"]), Type: typeOf(s)}
	required := map[string]bool{}
	for _, n := range jsonList(s["required"]) {
		required[jsonStr(n)] = true
	}
	props := jsonObj(s["properties"])
	for _, p := range slices.Sorted(maps.Keys(props)) {
		prop := jsonObj(props[p])
		desc := jsonStr(prop["description"])
		if desc == "" {
			desc = jsonStr(r.deref(prop)["description"])
		}
		out.Fields = append(out.Fields, apiRefField{Name: p, Type: typeOf(prop), Required: required[p], Description: desc})
	}
	return out
}

// contents returns the media types of an OpenAPI content map.
func contents(content map[string]any) []apiRefContent {
	var out []apiRefContent
	for _, mt := range slices.Sorted(maps.Keys(content)) {
		out = append(out, apiRefContent{MediaType: mt, Type: typeOf(jsonObj(jsonObj(content[mt])["schema"]))})
	}
	return out
}

// typeOf describes schema s in words.
func typeOf(s map[string]any) apiRefType {
	if ref, ok := s["$ref"].(string); ok {
		name := ref[strings.LastIndex(ref, "/")+1:]
		if strings.HasPrefix(ref, "#/components/schemas/") {
			return apiRefType{Text: name, Ref: schemaAnchor(name)}
		}
		return apiRefType{Text: name}
	}
	for _, key := range []string{"allOf", "oneOf", "anyOf"} {
		if parts := jsonList(s[key]); len(parts) > 0 {
			var words []string
			var ref string
			for _, p := range parts {
				t := typeOf(jsonObj(p))
				words = append(words, t.Text)
				if ref == "" {
					ref = t.Ref
				}
			}
			return apiRefType{Text: strings.Join(words, " | "), Ref: ref}
		}
	}
	var types []string
	switch t := s["type"].(type) {
	case string:
		types = []string{t}
	case []any:
		for _, e := range t {
			types = append(types, jsonStr(e))
		}
	}
	out := apiRefType{}
	for i, t := range types {
		switch t {
		case "array":
			item := typeOf(jsonObj(s["items"]))
			types[i], out.Ref = "array of "+item.Text, item.Ref
		case "object":
			if pp := jsonObj(s["patternProperties"]); len(pp) > 0 {
				for _, k := range slices.Sorted(maps.Keys(pp)) {
					if v, ok := pp[k].(map[string]any); ok {
						val := typeOf(v)
						types[i], out.Ref = "map of "+val.Text, val.Ref
					}
				}
			}
		default:
			if f := jsonStr(s["format"]); f != "" {
				types[i] = t + " (" + f + ")"
			}
		}
	}
	out.Text = strings.Join(types, " | ")
	if enum := jsonList(s["enum"]); len(enum) > 0 {
		var vals []string
		for _, e := range enum {
			vals = append(vals, fmt.Sprint(e))
		}
		out.Text += ": " + strings.Join(vals, ", ")
	}
	if c, ok := s["const"]; ok {
		out.Text += " = " + fmt.Sprint(c)
	}
	if out.Text == "" {
		out.Text = "any"
	}
	return out
}

// unwrap joins the lines of each paragraph of the Markdown text s, which
// the description wraps for its readers (the Markdown renderer would keep
// them as line breaks); lists, tables, indented code and blank lines stay.
func unwrap(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	var b strings.Builder
	for i, line := range lines {
		if i > 0 {
			if joinable(lines[i-1]) && joinable(line) {
				b.WriteByte(' ')
			} else {
				b.WriteByte('\n')
			}
		}
		b.WriteString(line)
	}
	return b.String()
}

// joinable reports whether line is running paragraph text.
func joinable(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" || line != strings.TrimLeft(line, " \t") {
		return false
	}
	for _, p := range []string{"- ", "* ", "+ ", "|", "#", "```", ">"} {
		if strings.HasPrefix(t, p) {
			return false
		}
	}
	if n := strings.IndexByte(t, '.'); n > 0 && n < 4 && strings.Trim(t[:n], "0123456789") == "" {
		return false
	}
	return true
}

// anchor makes an id attribute value of s.
func anchor(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case r == 'ä' || r == 'ö' || r == 'ü':
			b.WriteString(map[rune]string{'ä': "ae", 'ö': "oe", 'ü': "ue"}[r])
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// schemaAnchor is the id of the schema name's section.
func schemaAnchor(name string) string { return "schema-" + anchor(name) }

// jsonObj returns v as a JSON object, nil if it is none.
func jsonObj(v any) map[string]any { m, _ := v.(map[string]any); return m }

// jsonList returns v as a JSON array, nil if it is none.
func jsonList(v any) []any { l, _ := v.([]any); return l }

// jsonStr returns v as a string, "" if it is none.
func jsonStr(v any) string { s, _ := v.(string); return s }

// apiRefAlternates announce the description itself.
func (f *frontend) apiRefAlternates() []alternate {
	return []alternate{{Href: f.basePath + "/api/v1/openapi.json", Type: "application/json", Label: "OpenAPI"}}
}

// apiReferenceTag serves GET /api/referenz/{tag}: the operations of one
// tag with the data structures they use.
func (f *frontend) apiReferenceTag(c *fiber.Ctx) error {
	l := f.locale(c)
	for i := range f.apiRef.Tags {
		tag := &f.apiRef.Tags[i]
		if tag.ID != c.Params("tag") {
			continue
		}
		return f.render(c, http.StatusOK, "apireftag", page{
			Title: tag.Name + " – " + l.MustT("apiref.title"), Description: l.MustT("apiref.meta_description"), L: l, Nav: "api",
			Data: apiRefTagPage{apiRefView: f.apiRef, Tag: tag}, Alternates: f.apiRefAlternates(),
			Crumbs: []crumb{{Text: l.MustT("api.title"), Lang: l.Lang, URL: l.Link("/api", nil)},
				{Text: l.MustT("apiref.title"), Lang: l.Lang, URL: l.Link("/api/referenz", nil)}, {Text: tag.Name, Lang: l.Lang}},
		})
	}
	return f.notFound(c, l)
}

// apiReference serves GET /api/referenz: the OpenAPI description as
// pages rendered on the server; this one lists the operations by tag and
// the answers they share.
func (f *frontend) apiReference(c *fiber.Ctx) error {
	l := f.locale(c)
	return f.render(c, http.StatusOK, "apiref", page{
		Title: l.MustT("apiref.title"), Description: l.MustT("apiref.meta_description"), L: l, Nav: "api",
		Data:       f.apiRef,
		Alternates: f.apiRefAlternates(),
		Crumbs:     []crumb{{Text: l.MustT("api.title"), Lang: l.Lang, URL: l.Link("/api", nil)}, {Text: l.MustT("apiref.title"), Lang: l.Lang}},
	})
}
