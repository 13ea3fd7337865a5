package frontend

import (
	"html/template"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/frontend/markup"
)

// Keys of Config.Statements.
const (
	StatementImprint       = "imprint"
	StatementPrivacy       = "privacy"
	StatementAccessibility = "accessibility"
)

// statementPage is one of the legal pages every German public portal has.
type statementPage struct {
	key, path string
}

// statements are the legal pages, at the paths German visitors expect.
var statements = []statementPage{
	{StatementImprint, "/impressum"},
	{StatementPrivacy, "/datenschutz"},
	{StatementAccessibility, "/barrierefreiheit"},
}

// statementView is what a statement page shows.
type statementView struct {
	Title string
	Body  template.HTML
	// Lang is the language of Body, which may differ from the page's.
	Lang string
	// Default is set when the operator has not configured the text.
	Default bool
}

// statement returns the handler of a legal page: the configured Markdown
// text, else the default text of the message catalogue.
func (f *frontend) statement(s statementPage) fiber.Handler {
	return func(c *fiber.Ctx) error {
		l := f.locale(c)
		view := statementView{Title: l.MustT("statement." + s.key)}
		text := l.Pick(f.cfg.Statements[s.key])
		if text.Text == "" {
			text = shown{Text: l.MustT("statement."+s.key+"_default", "Site", f.siteName(l)), Lang: l.Lang}
			view.Default = true
		}
		view.Body, view.Lang = markup.Markdown(text.Text), text.Lang
		return f.render(c, http.StatusOK, "statement", page{Title: view.Title, L: l, Data: view})
	}
}

// apiView is what the API guide shows: example URLs of this portal.
type apiView struct {
	Base      string
	DatasetID string
}

// apiGuide serves GET /api: how to use the JSON API and the DCAT-AP
// catalogue, with examples that work on this portal.
func (f *frontend) apiGuide(c *fiber.Ctx) error {
	l := f.locale(c)
	view := apiView{Base: f.absolute(f.basePath), DatasetID: "ID"}
	if res, err := f.cfg.Index.Search(c.UserContext(), municat.Query{PerPage: 1, FacetSize: 1, Sort: municat.SortModified, Desc: true}); err == nil && len(res.Hits) > 0 {
		view.DatasetID = res.Hits[0].ID
	}
	return f.render(c, http.StatusOK, "api", page{
		Title: l.MustT("api.title"), Description: l.MustT("api.meta_description"), L: l, Nav: "api", Data: view,
		Alternates: f.alternates("/catalog"),
	})
}
