package server

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/internal/weblink"
	"github.com/municat/municat/tabular"
)

// The row-level data API of tabular distributions (package tabular):
//
//	GET /api/v1/datasets/{id}/distributions/{dist}/rows        filtered, sorted, paged rows (JSON or CSV)
//	GET /api/v1/datasets/{id}/distributions/{dist}/schema      the columns with types and statistics
//	GET /api/v1/datasets/{id}/distributions/{dist}/aggregates  count, min, max, sum, distinct
//
// Filters are query parameters {column}__{op}=value, checked against the
// table's schema and the operators its column type allows; there is no
// query language. A file not yet processed is queued by the first request
// and answered 202 with its progress until its table is ready.

// retryAfterSeconds is the Retry-After of a 202 answer.
const retryAfterSeconds = "5"

// TableProcessing is the 202 answer while a table is being made.
type TableProcessing struct {
	// Status is 202.
	Status int `json:"status"`
	// Title is "Wird aufbereitet".
	Title string `json:"title"`
	// Detail says in German what is going on.
	Detail string `json:"detail"`
	// State is "queued" or "processing".
	State string `json:"state"`
	// Percent is the progress in whole percent.
	Percent int `json:"percent"`
	// Rows is the number of rows read so far.
	Rows int64 `json:"rows"`
}

// TableColumn is a column in the schema answer.
type TableColumn struct {
	tabular.Column
	// Operators are the filter operators allowed on the column.
	Operators []tabular.Op `json:"operators"`
	// Functions are the aggregate functions allowed on the column.
	Functions []string `json:"functions"`
}

// TableSchema is the answer of the schema route.
type TableSchema struct {
	// Columns are the columns in file order.
	Columns []TableColumn `json:"columns"`
	// Rows is the number of data rows.
	Rows int64 `json:"rows"`
	// Format, Encoding, Separator, Sheet and CellsCut say how the file was
	// read (see tabular.Schema).
	Format    string `json:"format"`
	Encoding  string `json:"encoding,omitempty"`
	Separator string `json:"separator,omitempty"`
	Sheet     string `json:"sheet,omitempty"`
	CellsCut  bool   `json:"cells_cut"`
	// Links point to the rows and aggregates of the table.
	Links TableLinks `json:"links"`
}

// TableLinks are the links of a table answer.
type TableLinks struct {
	// Self is the URL of this answer.
	Self string `json:"self"`
	// Next is the next page of rows; absent on the last page.
	Next string `json:"next,omitempty"`
	// Rows, Schema and Aggregates are the table's routes.
	Rows       string `json:"rows,omitempty"`
	Schema     string `json:"schema,omitempty"`
	Aggregates string `json:"aggregates,omitempty"`
}

// TableRows is the JSON answer of the rows route.
type TableRows struct {
	// Data are the rows as objects keyed by column key, in column order.
	Data []orderedRow `json:"data"`
	// Links are self and, unless this is the last page, next.
	Links TableLinks `json:"links"`
	// Meta describes the page.
	Meta TableRowsMeta `json:"meta"`
}

// TableRowsMeta describes a page of rows.
type TableRowsMeta struct {
	// PageSize is the requested page size.
	PageSize int `json:"page_size"`
	// Count is the number of rows on this page.
	Count int `json:"count"`
	// Sort is the sort parameter, "" for the file's order.
	Sort string `json:"sort,omitempty"`
	// Columns are the column keys in order.
	Columns []string `json:"columns"`
	// TotalRows is the number of rows of the table (without filters).
	TotalRows int64 `json:"total_rows"`
}

// orderedRow is a row encoded as a JSON object with the columns in order.
type orderedRow struct {
	keys []string
	vals []any
}

// MarshalJSON writes the row as an object in column order.
func (r orderedRow) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range r.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := marshalJSON(r.vals[i])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// tableURL returns the API URL of a table route of a distribution.
func (h *handlers) tableURL(datasetID, distID, route string) string {
	return h.datasetURL(datasetID) + "/distributions/" + url.PathEscape(distID) + "/" + route
}

// openTable finds the dataset and distribution of the request and opens
// its table. It answers the request itself (done) while the table is
// being made.
func (h *handlers) openTable(c *fiber.Ctx) (d *municat.Dataset, t *tabular.Table, done bool, err error) {
	if h.cfg.Tables == nil {
		return nil, nil, false, municat.NotFound("Zeilen, Schema und Auswertungen von Tabellen sind auf diesem Portal nicht eingerichtet.")
	}
	id, distID := param(c, "id"), param(c, "dist")
	d, err = h.published(c, id)
	if err != nil {
		return nil, nil, false, err
	}
	dist, err := findDistribution(d, distID)
	if err != nil {
		return nil, nil, false, err
	}
	t, err = h.cfg.Tables.Open(c.UserContext(), d, dist)
	var pending *tabular.PendingError
	var failed *tabular.FailedError
	switch {
	case errors.As(err, &pending):
		c.Set(fiber.HeaderRetryAfter, retryAfterSeconds)
		c.Set(fiber.HeaderCacheControl, "no-store")
		st := pending.Status
		return nil, nil, true, c.Status(http.StatusAccepted).JSON(TableProcessing{
			Status: http.StatusAccepted, Title: "Wird aufbereitet", Detail: pending.Error(),
			State: st.State, Percent: st.Percent(), Rows: st.Rows,
		})
	case errors.As(err, &failed):
		return nil, nil, false, problemf(http.StatusUnprocessableEntity, "%s", failed.Error())
	case err != nil:
		return nil, nil, false, err
	}
	return d, t, false, nil
}

// parseTableArgs reads the query parameters: the names in allowed go to
// fn, every other parameter is a filter. Bad parameters are collected in
// errs.
func parseTableArgs(c *fiber.Ctx, s *tabular.Schema, allowed map[string]func(string), errs *paramErrors) []tabular.Filter {
	var filters []tabular.Filter
	c.Request().URI().QueryArgs().VisitAll(func(k, v []byte) {
		key, val := string(k), string(v)
		if fn, ok := allowed[key]; ok {
			fn(val)
			return
		}
		if len(filters) == tabular.MaxFilters {
			*errs = append(*errs, ParamError{Parameter: "filter", Detail: "Es sind höchstens " + strconv.Itoa(tabular.MaxFilters) + " Filter je Anfrage möglich."})
			return
		}
		f, err := s.ParseFilter(key, val)
		if err != nil {
			*errs = append(*errs, paramErrorOf(err))
			return
		}
		filters = append(filters, f)
	})
	return filters
}

// paramErrorOf converts a *tabular.ParamError.
func paramErrorOf(err error) ParamError {
	var pe *tabular.ParamError
	if errors.As(err, &pe) {
		return ParamError{Parameter: pe.Parameter, Detail: pe.Detail}
	}
	return ParamError{Parameter: "", Detail: municat.ErrorMessage(err)}
}

// tableError turns a *tabular.ParamError into a 400 with errors.
func tableError(err error) error {
	var pe *tabular.ParamError
	if errors.As(err, &pe) {
		return paramErrors{paramErrorOf(pe)}
	}
	return err
}

// tableRows answers GET /api/v1/datasets/{id}/distributions/{dist}/rows.
func (h *handlers) tableRows(c *fiber.Ctx) error {
	d, t, done, err := h.openTable(c)
	if done || err != nil {
		return err
	}
	var errs paramErrors
	q := tabular.Query{Limit: tabular.DefaultPageSize}
	format := ""
	allowed := map[string]func(string){
		"sort": func(v string) {
			s, err := t.Schema.ParseSort(v)
			if err != nil {
				errs = append(errs, paramErrorOf(err))
			}
			q.Sort = s
		},
		"page_size": func(v string) {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > tabular.MaxPageSize {
				errs = append(errs, ParamError{Parameter: "page_size", Detail: "page_size muss eine ganze Zahl von 1 bis " + strconv.Itoa(tabular.MaxPageSize) + " sein."})
				return
			}
			q.Limit = n
		},
		"cursor": func(v string) { q.Cursor = v },
		"format": func(v string) {
			if v != "json" && v != "csv" {
				errs = append(errs, ParamError{Parameter: "format", Detail: "format muss json oder csv sein."})
				return
			}
			format = v
		},
	}
	q.Filters = parseTableArgs(c, t.Schema, allowed, &errs)
	if len(errs) > 0 {
		return errs
	}
	if format == "" {
		format = "json"
		if c.Accepts(fiber.MIMEApplicationJSON, "text/csv") == "text/csv" {
			format = "csv"
		}
	}
	page, err := t.Query(c.UserContext(), q)
	if err != nil {
		return tableError(err)
	}
	self := h.tableURL(d.ID, param(c, "dist"), "rows")
	selfURL := withQuery(self, c, nil)
	links := TableLinks{Self: selfURL, Schema: h.tableURL(d.ID, param(c, "dist"), "schema")}
	headerLinks := []weblink.Link{{URL: withQuery(self, c, map[string]string{"cursor": ""}), Rel: weblink.First}}
	if page.Next != "" {
		links.Next = withQuery(self, c, map[string]string{"cursor": page.Next})
		headerLinks = append(headerLinks, weblink.Link{URL: links.Next, Rel: weblink.Next})
	}
	c.Set(fiber.HeaderLink, weblink.Format(headerLinks...))
	setLastModified(c, t.Schema.Processed, t.Schema.Processed)
	cacheControl(c)
	if format == "csv" {
		return sendRowsCSV(c, page)
	}
	out := TableRows{Data: make([]orderedRow, len(page.Rows)), Links: links,
		Meta: TableRowsMeta{PageSize: q.Limit, Count: len(page.Rows), Columns: page.Columns, TotalRows: t.Schema.Rows}}
	if q.Sort != nil {
		out.Meta.Sort = q.Sort.String()
	}
	for i, r := range page.Rows {
		out.Data[i] = orderedRow{keys: page.Columns, vals: r}
	}
	return c.JSON(out)
}

// sendRowsCSV writes the page as UTF-8 CSV with a header of column keys.
func sendRowsCSV(c *fiber.Ctx, page *tabular.Page) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(page.Columns)
	rec := make([]string, len(page.Columns))
	for _, r := range page.Rows {
		for i, v := range r {
			rec[i] = tabular.FormatValue(v)
		}
		_ = w.Write(rec)
	}
	w.Flush()
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	return c.Send(b.Bytes())
}

// withQuery returns base with the request's query, the parameters in set
// replaced (removed if "").
func withQuery(base string, c *fiber.Ctx, set map[string]string) string {
	q, _ := url.ParseQuery(string(c.Request().URI().QueryString()))
	for k, v := range set {
		if v == "" {
			q.Del(k)
		} else {
			q.Set(k, v)
		}
	}
	if enc := q.Encode(); enc != "" {
		return base + "?" + enc
	}
	return base
}

// tableSchema answers GET /api/v1/datasets/{id}/distributions/{dist}/schema.
func (h *handlers) tableSchema(c *fiber.Ctx) error {
	d, t, done, err := h.openTable(c)
	if done || err != nil {
		return err
	}
	s := t.Schema
	dist := param(c, "dist")
	out := TableSchema{Columns: make([]TableColumn, len(s.Columns)), Rows: s.Rows, Format: s.Format,
		Encoding: s.Encoding, Separator: s.Separator, Sheet: s.Sheet, CellsCut: s.CellsCut,
		Links: TableLinks{Self: h.tableURL(d.ID, dist, "schema"), Rows: h.tableURL(d.ID, dist, "rows"), Aggregates: h.tableURL(d.ID, dist, "aggregates")}}
	for i, col := range s.Columns {
		out.Columns[i] = TableColumn{Column: col, Operators: tabular.Operators(col.Type), Functions: tabular.Functions(col.Type)}
	}
	setLastModified(c, s.Processed, s.Processed)
	return sendJSON(c, out)
}

// tableAggregates answers GET /api/v1/datasets/{id}/distributions/{dist}/aggregates.
func (h *handlers) tableAggregates(c *fiber.Ctx) error {
	_, t, done, err := h.openTable(c)
	if done || err != nil {
		return err
	}
	var errs paramErrors
	a := tabular.Aggregate{}
	fnSet := false
	allowed := map[string]func(string){
		"column": func(v string) { a.Column = v },
		"fn":     func(v string) { a.Fn, fnSet = v, true },
	}
	a.Filters = parseTableArgs(c, t.Schema, allowed, &errs)
	if !fnSet {
		errs = append(errs, ParamError{Parameter: "fn", Detail: "Der Parameter fn fehlt: count, min, max, sum oder distinct."})
	} else if err := t.Schema.CheckAggregate(a.Column, a.Fn); err != nil {
		errs = append(errs, paramErrorOf(err))
	}
	if len(errs) > 0 {
		return errs
	}
	res, err := t.Aggregate(c.UserContext(), a)
	if err != nil {
		return tableError(err)
	}
	setLastModified(c, t.Schema.Processed, t.Schema.Processed)
	return sendJSON(c, res)
}
