package admin

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

//go:embed templates
var templateFS embed.FS

// pageTemplate is one page: layout.html, partials.html and the page's own
// file, parsed together.
type pageTemplate struct {
	t *template.Template
}

// parseAll parses layout.html and partials.html together with every other
// file under templates/, one template set per page, named after the file
// without ".html". Each page file defines "content".
func (a *admin) parseAll() error {
	layout, err := template.New("layout.html").Funcs(a.funcs()).ParseFS(templateFS, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return fmt.Errorf("admin: parse layout: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return fmt.Errorf("admin: list templates: %w", err)
	}
	a.pages = map[string]*pageTemplate{}
	for _, file := range files {
		name := strings.TrimSuffix(path.Base(file), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, file)
		if err != nil {
			return fmt.Errorf("admin: parse page %s: %w", name, err)
		}
		if t.Lookup("content") == nil {
			return fmt.Errorf("admin: page %s defines no \"content\"", name)
		}
		a.pages[name] = &pageTemplate{t: t}
	}
	return nil
}

// page renders templates/<name>.html inside layout.html with status. data
// is the page's own struct, which embeds Base. The page is rendered into a
// buffer first, so a template error never sends half a page.
func (a *admin) page(c *fiber.Ctx, status int, name string, data any) error {
	p, ok := a.pages[name]
	if !ok {
		return fmt.Errorf("admin: no page %q", name)
	}
	var buf bytes.Buffer
	if err := p.t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("admin: render %s: %w", name, err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderContentLanguage, "de")
	return c.Status(status).Send(buf.Bytes())
}

// funcs returns the template functions of every page:
//
//	t "text"                     the text (German inline; a hook for translation)
//	date t                       a time.Time or *time.Time as 02.01.2006 15:04 in Europe/Berlin ("–" for nil/zero)
//	day t                        the same as 02.01.2006
//	isotime t                    RFC 3339, for <time datetime>
//	stateLabel s                 Entwurf, Geplant, Veröffentlicht, Zurückgezogen, Archiviert
//	runStatus s                  a run's status in German (läuft, erfolgreich, fehlgeschlagen, abgebrochen)
//	roleLabel r                  Redaktion, Administration
//	fieldError errs "field"      the messages for the field from Base.Errors ("" if none)
//	hasError errs "field"        whether Base.Errors has a message for the field
//	fieldID "field"              the id of the field's input ("f-title-de" for "title.de")
//	errorID "field"              the id of the field's error message, for aria-describedby
//	asset "admin.css"            the checksum URL of /admin/static/<file>
//	path "/sources/" id "/runs/" run
//	                             base path + /admin + the pieces; every second one (the values) path-escaped
//	field errs "name" "Label" value "type" required "hint"
//	                             a fieldView for the template "field" (partials.html): one input with label, hint and error
//	fieldOf errs "name"          a fieldView with only the id and error message, for the template "error-message"
//	withAutocomplete f "token"   f with the autocomplete token set
//	join list ", "               strings.Join of a []string
//	site                         the portal's name
//	catalogue                    the path of the public catalogue's home page
//	catalogueCSS                 the URL of the catalogue's style sheet (Config.CatalogueCSS; "" for none)
//	orgAdmin principal           whether the principal administers an organisation (or everything)
func (a *admin) funcs() template.FuncMap {
	return template.FuncMap{
		"t":          func(s string) string { return s },
		"date":       func(v any) string { return a.formatTime(v, "02.01.2006 15:04") },
		"day":        func(v any) string { return a.formatTime(v, "02.01.2006") },
		"isotime":    func(v any) string { return a.formatTime(v, time.RFC3339) },
		"stateLabel": stateLabel,
		"roleLabel":  roleLabel,
		"runStatus":  runStatus,
		"fieldError": fieldError,
		"hasError":   func(errs []municat.FieldError, field string) bool { return fieldError(errs, field) != "" },
		"fieldID":    fieldID,
		"errorID":    func(field string) string { return fieldID(field) + "-error" },
		"asset":      func(name string) (string, error) { return a.assets.URL(a.basePath+"/admin/static", name) },
		"path":       a.path,
		"field":      newField,
		"fieldOf":    fieldOf,
		"withAutocomplete": func(f fieldView, token string) fieldView {
			f.Autocomplete = token
			return f
		},
		"join":         func(list []string, sep string) string { return strings.Join(list, sep) },
		"site":         a.site,
		"catalogue":    func() string { return a.basePath + "/" },
		"catalogueCSS": func() string { return a.cfg.CatalogueCSS },
		"orgAdmin":     orgAdmin,
	}
}

// path returns base path + "/admin" + first + the other parts: they
// alternate between values, which are path-escaped, and literal path
// pieces, as in path "/sources/" id "/runs/" run.
func (a *admin) path(first string, rest ...any) string {
	var b strings.Builder
	b.WriteString(a.basePath + "/admin" + first)
	for i, r := range rest {
		if i%2 == 0 {
			b.WriteString(url.PathEscape(fmt.Sprint(r)))
		} else {
			b.WriteString(fmt.Sprint(r))
		}
	}
	return b.String()
}

// formatTime formats a time.Time or *time.Time in Europe/Berlin; "–" for
// nil or zero.
func (a *admin) formatTime(v any, layout string) string {
	var t time.Time
	switch v := v.(type) {
	case time.Time:
		t = v
	case *time.Time:
		if v != nil {
			t = *v
		}
	}
	if t.IsZero() {
		return "–"
	}
	return t.In(a.berlin).Format(layout)
}

// stateLabels name the publication states; "" is a published dataset of
// before the states.
var stateLabels = map[municat.PublicationState]string{
	municat.Draft:     "Entwurf",
	municat.Scheduled: "Geplant",
	municat.Published: "Veröffentlicht",
	"":                "Veröffentlicht",
	municat.Withdrawn: "Zurückgezogen",
	municat.Archived:  "Archiviert",
}

// runStatusLabels name the states of a run.
var runStatusLabels = map[municat.RunStatus]string{
	municat.RunRunning:     "läuft",
	municat.RunSucceeded:   "erfolgreich",
	municat.RunFailed:      "fehlgeschlagen",
	municat.RunInterrupted: "abgebrochen",
}

// labelOf returns the German name of v in labels, or v as it is.
func labelOf[K ~string](labels map[K]string, v any) string {
	s := fmt.Sprint(v)
	if l, ok := labels[K(s)]; ok {
		return l
	}
	return s
}

// stateLabel returns the German name of a publication state.
func stateLabel(s any) string { return labelOf(stateLabels, s) }

// runStatus returns the German name of a run's status.
func runStatus(s any) string { return labelOf(runStatusLabels, s) }

// roleLabel returns the German name of a role.
func roleLabel(r any) string {
	role := municat.Role(fmt.Sprint(r))
	if role == "" {
		return "–"
	}
	return role.Label()
}

// orgAdmin reports whether p is an instance admin or the admin of at least
// one organisation.
func orgAdmin(p *municat.Principal) bool {
	if p == nil {
		return false
	}
	if p.InstanceAdmin {
		return true
	}
	for _, r := range p.Roles {
		if r == municat.RoleAdmin {
			return true
		}
	}
	return false
}
