package frontend_test

import (
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat/server/openapi"
)

// specDoc is what the reference test reads of the description.
type specDoc struct {
	Paths map[string]map[string]json.RawMessage `json:"paths"`
}

// TestAPIReference: the overview links every tag's page and every
// operation; each tag page shows its operations (an alias path named
// under the operation it repeats), the data structures they use, and the
// curl examples with this portal's base URL; the pages' headings do not
// skip a level, tables have header cells with scope, code blocks are
// labelled, ids are unique and in-page links land; the API guide links to
// the reference.
func TestAPIReference(t *testing.T) {
	app := MustDemoApp(t)
	var doc specDoc
	MustOK(t, json.Unmarshal(openapi.JSON(), &doc))
	overview := MustPage(t, app, "/api/referenz")
	checkPage(t, "/api/referenz", overview)
	if !strings.Contains(overview, `<h2 id="common">`) {
		t.Error("the responses common to the calls are not described")
	}
	pages := map[string]string{}
	for path, item := range doc.Paths {
		for method, raw := range item {
			var op struct {
				Tags []string `json:"tags"`
			}
			if method == "parameters" || json.Unmarshal(raw, &op) != nil {
				continue
			}
			if len(op.Tags) == 0 {
				t.Errorf("%s %s has no tag", method, path)
				continue
			}
			m := regexp.MustCompile(`<h2 id="([^"]+)"><a href="(/api/referenz/[^"]+)">` + regexp.QuoteMeta(html.EscapeString(op.Tags[0])) + `</a></h2>`).FindStringSubmatch(overview)
			if m == nil {
				t.Errorf("the overview has no page for tag %s", op.Tags[0])
				continue
			}
			page, ok := pages[m[2]]
			if !ok {
				page = MustPage(t, app, m[2])
				checkPage(t, m[2], page)
				pages[m[2]] = page
			}
			heading := `<span class="ref-method">` + strings.ToUpper(method) + `</span> <code>` + html.EscapeString(path) + `</code></h2>`
			if !strings.Contains(page, heading) && !strings.Contains(page, "<code>"+html.EscapeString(path)+"</code>") {
				t.Errorf("%s %s is not on %s", strings.ToUpper(method), path, m[2])
			}
		}
	}
	datasets := pages["/api/referenz/datensaetze"]
	const example = "curl -fsS &#39;https://daten.birkenhude.example/api/v1/datasets/baumkataster&#39;"
	if !strings.Contains(datasets, example) {
		t.Errorf("no example %s", example)
	}
	for _, schema := range []string{"Dataset", "Distribution", "Problem", "Text"} {
		if !strings.Contains(datasets, `<code>`+schema+`</code></h3>`) {
			t.Errorf("schema %s is not on the datasets page", schema)
		}
	}
	if en := MustPage(t, app, "/api/referenz?lang=en"); !strings.Contains(en, "<h1>API reference</h1>") {
		t.Error("no English page")
	}
	if guide := MustPage(t, app, "/api"); !strings.Contains(guide, `href="/api/referenz"`) {
		t.Error("the API guide does not link to the reference")
	}
	if resp, _ := MustGet(t, app, "/api/referenz/gibt-es-nicht"); resp.StatusCode != fiber.StatusNotFound {
		t.Errorf("unknown tag: status %d, want 404", resp.StatusCode)
	}
}

// checkPage checks the structure of a reference page.
func checkPage(tb testing.TB, path, body string) {
	tb.Helper()
	if strings.Contains(body, "{{BASE}}") {
		tb.Errorf("%s: an example still holds {{BASE}}", path)
	}
	main := body[strings.Index(body, "<main"):]
	last := 0
	for _, m := range regexp.MustCompile(`<h([1-6])[ >]`).FindAllStringSubmatch(main, -1) {
		level := int(m[1][0] - '0')
		if level > last+1 {
			tb.Errorf("%s: h%d after h%d", path, level, last)
		}
		last = level
	}
	if n, scoped := strings.Count(body, "<th>")+strings.Count(body, "<th "), strings.Count(body, `<th scope="`); n != scoped {
		tb.Errorf("%s: %d header cells, %d with scope", path, n, scoped)
	}
	if n, labelled := strings.Count(body, "<pre"), strings.Count(body, `<pre aria-labelledby="`); n != labelled {
		tb.Errorf("%s: %d code blocks, %d labelled", path, n, labelled)
	}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(body, -1) {
		if ids[m[1]] {
			tb.Errorf("%s: id %q twice", path, m[1])
		}
		ids[m[1]] = true
	}
	for _, m := range regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(body, -1) {
		if !ids[m[1]] {
			tb.Errorf("%s: link to #%s, which is not on the page", path, m[1])
		}
	}
	if len(body) > 200_000 {
		tb.Errorf("%s: %d bytes, too long a page to read (and to check in the browser)", path, len(body))
	}
}

// BenchmarkAPIReferencePage measures serving the largest page of the
// reference (the model is built once at Register).
func BenchmarkAPIReferencePage(b *testing.B) {
	app := MustDemoApp(b)
	b.ReportAllocs()
	for b.Loop() {
		MustGet(b, app, "/api/referenz/ckan")
	}
}
