package frontend

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/preview"
)

// Preview pages: previewRows rows each, at most previewMaxPages of them
// (the first 10,000 rows; the download has the rest).
const (
	previewRows     = 50
	previewMaxPages = 200
)

// previewView is what the preview page shows.
type previewView struct {
	DatasetTitle shown
	DatasetURL   string
	Title        shown
	Kind         string
	Format       string
	Size         string
	DownloadURL  string
	// Table is the page of rows of a CSV or XLSX file, or a GeoJSON
	// file's feature properties.
	Table *tableView
	// Map is a GeoJSON file drawn, with Features and Types in words.
	Map      *mapView
	Features int
	Types    []preview.TypeCount
	// Error is the reason the file cannot be previewed, in German;
	// ErrorLang is "de".
	Error string
	// Note says which limit cut the preview.
	Note string
	// Page is the table page; PrevURL and NextURL lead to its neighbours.
	Page             int
	PrevURL, NextURL string
}

// tableView is a table page as shown.
type tableView struct {
	Caption   string
	Columns   []string
	Rows      []tableRow
	Encoding  string
	Separator string
	// Sheets are the worksheets of a workbook, the one shown marked.
	Sheets []sheetLink
}

// sheetLink is a link to one worksheet of a workbook.
type sheetLink struct {
	Name, URL string
	Current   bool
}

// separatorNames are the message ids of the CSV separators.
var separatorNames = map[string]string{";": "preview.sep_semicolon", ",": "preview.sep_comma", "\t": "preview.sep_tab", "|": "preview.sep_pipe"}

// tableRow is one row with its number in the file.
type tableRow struct {
	N     int
	Cells []string
}

// preview serves GET /dataset/{id}/preview/{dist}: the first rows of a
// CSV or XLSX file, or a GeoJSON file drawn as a map, for files municat
// holds. The file is streamed and read only as far as the page needs (see
// package preview), so a file of gigabytes costs what a small one costs.
func (f *frontend) preview(c *fiber.Ctx) error {
	l := f.locale(c)
	ctx := c.UserContext()
	id, err1 := url.PathUnescape(c.Params("id"))
	distID, err2 := url.PathUnescape(c.Params("dist"))
	if err1 != nil || err2 != nil || !municat.ValidDatasetID(id) {
		return f.notFound(c, l)
	}
	d, err := f.cfg.Catalog.Dataset(ctx, id)
	if err == nil && d.Unreleased() {
		// A draft or a dataset scheduled for later does not exist yet.
		err = municat.NotFound("Datensatz %q nicht gefunden.", id)
	}
	if errors.Is(err, municat.ErrNotFound) {
		return f.notFound(c, l)
	}
	if err != nil {
		return f.fail(c, l, "preview", err)
	}
	var dist *municat.Distribution
	for i := range d.Distributions {
		if d.Distributions[i].ID == distID {
			dist = &d.Distributions[i]
		}
	}
	kind := ""
	if dist != nil && dist.FileKey != "" {
		kind = preview.Kind(dist.Format, dist.MediaType, dist.FileKey)
	}
	if kind == "" {
		return f.notFound(c, l)
	}
	dv := f.distribution(l, d, *dist)
	view := previewView{
		DatasetTitle: f.title(l, d), DatasetURL: f.datasetURL(l, d.ID), Title: dv.Title,
		Kind: kind, Format: dv.Format, Size: dv.Size, DownloadURL: dv.URL, Page: 1,
	}
	if n, err := strconv.Atoi(c.Query("page")); err == nil && n > 1 {
		view.Page = min(n, previewMaxPages)
	}
	body, _, err := f.cfg.Catalog.Store.Get(ctx, dist.FileKey)
	if err != nil {
		return f.fail(c, l, "preview", err)
	}
	defer body.Close()
	switch kind {
	case "geojson":
		f.previewMap(l, body, &view)
	default:
		f.previewTable(c, l, kind, body, &view)
	}
	title := l.MustT("preview.title", "Name", view.Title.Text)
	return f.render(c, http.StatusOK, "preview", page{
		Title: title, L: l, Nav: "dataset", Data: view, Robots: "noindex, follow",
		Crumbs: crumbs(shown{Text: l.MustT("dataset.preview"), Lang: l.Lang},
			crumb{Text: l.MustT("nav.datasets"), Lang: l.Lang, URL: l.Link("/dataset", nil)},
			crumb{Text: view.DatasetTitle.Text, Lang: view.DatasetTitle.Lang, URL: view.DatasetURL}),
	})
}

// previewTable fills view with a page of rows of a CSV or XLSX file.
func (f *frontend) previewTable(c *fiber.Ctx, l *locale, kind string, body io.Reader, view *previewView) {
	sheet := c.Query("sheet")
	opt := preview.Options{Offset: (view.Page - 1) * previewRows, Limit: previewRows, Sheet: sheet}
	var tab *preview.Table
	var err error
	if kind == "xlsx" {
		tab, err = preview.XLSX(body, opt)
	} else {
		tab, err = preview.CSV(body, opt)
	}
	if err != nil {
		view.Error = err.Error()
		return
	}
	first, last := tab.Offset+1, tab.Offset+len(tab.Rows)
	view.Table = newTableView(tab, l.MustT("preview.caption", "First", l.Num(first), "Last", l.Num(last), "Name", view.Title.Text))
	if tab.Encoding != "" {
		view.Table.Encoding = l.MustT("preview.encoding_" + tab.Encoding)
	}
	if id, ok := separatorNames[tab.Separator]; ok {
		view.Table.Separator = l.MustT(id)
	}
	switch {
	case tab.Stopped != nil:
		view.Note = tab.Stopped.Error()
	case tab.CellsCut || tab.ColumnsCut:
		view.Note = l.MustT("preview.cut")
	}
	pageURL := func(n int, sheet string) string {
		q := url.Values{}
		if n > 1 {
			q.Set("page", strconv.Itoa(n))
		}
		if sheet != "" {
			q.Set("sheet", sheet)
		}
		return l.Link(c.Path(), q)
	}
	if len(tab.Sheets) > 1 {
		for _, name := range tab.Sheets {
			view.Table.Sheets = append(view.Table.Sheets, sheetLink{Name: name, URL: pageURL(1, name), Current: name == tab.Sheet})
		}
	}
	if view.Page > 1 {
		view.PrevURL = pageURL(view.Page-1, sheet)
	}
	if tab.HasMore && tab.Stopped == nil && view.Page < previewMaxPages {
		view.NextURL = pageURL(view.Page+1, sheet)
	}
}

// previewMap fills view with a GeoJSON file drawn as a map and the
// properties of its first features.
func (f *frontend) previewMap(l *locale, body io.Reader, view *previewView) {
	m, err := preview.GeoJSON(body, preview.GeoOptions{})
	if err != nil {
		view.Error = err.Error()
		return
	}
	view.Features, view.Types = m.Features, m.Types
	if m.BBox != nil {
		view.Map = &mapView{SVGView: m.SVG(mapWidth*3/2, mapHeight*3/2), ID: "karte-vorschau", Label: l.MustN("preview.map_label", m.Features, "Area", bboxLabel(l, *m.BBox))}
	}
	if m.Properties != nil && len(m.Properties.Columns) > 0 {
		view.Table = newTableView(m.Properties, l.MustN("preview.properties", len(m.Properties.Rows)))
	}
	if m.Truncated {
		view.Note = l.MustT("preview.map_truncated", "Drawn", l.Num(m.Drawn), "Total", l.Num(m.Features))
	}
}

// newTableView returns tab as shown, rows numbered from its offset.
func newTableView(tab *preview.Table, caption string) *tableView {
	v := &tableView{Caption: caption, Columns: tab.Columns}
	for i, r := range tab.Rows {
		v.Rows = append(v.Rows, tableRow{N: tab.Offset + i + 1, Cells: r})
	}
	return v
}
