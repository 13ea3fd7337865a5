package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/internal/apitest"
	"github.com/municat/municat/internal/weblink"
	"github.com/municat/municat/preview"
	"github.com/municat/municat/search/bleve"
	"github.com/municat/municat/server"
	"github.com/municat/municat/store/fs"
	"github.com/municat/municat/tabular"
)

// rowsEnv is a server with the rows API over the municipal CSV fixtures.
type rowsEnv struct {
	app    *fiber.App
	cat    *catalog.Catalog
	tables *tabular.Service
}

// rowsFixtures are the datasets of rowsEnv: id → fixture file.
var rowsFixtures = map[string]string{
	"bb":  "bietigheim-bissingen.csv",
	"fn":  "friedrichshafen_easypark.csv",
	"nsu": "neckarsulm.csv",
}

// MustRowsEnv returns a server whose tables are made (ready) unless
// pending is set; opts configure the tabular service.
func MustRowsEnv(tb testing.TB, pending bool, opts ...tabular.Options) *rowsEnv {
	tb.Helper()
	ctx := context.Background()
	st, err := fs.Open(tb.TempDir())
	MustOK(tb, err)
	tb.Cleanup(func() { st.Close() })
	idx, err := bleve.NewMemory()
	MustOK(tb, err)
	tb.Cleanup(func() { idx.Close() })
	cat := catalog.New(st)
	for id, name := range rowsFixtures {
		data, err := os.ReadFile(filepath.Join("../testdata/fixtures/municipal-data", name))
		MustOK(tb, err)
		key, err := cat.PutFile(ctx, id, "csv", name, bytes.NewReader(data), int64(len(data)), "text/csv")
		MustOK(tb, err)
		MustOK(tb, cat.PutDataset(ctx, &municat.Dataset{ID: id, Title: municat.Text{"de": name}, State: municat.Published,
			Distributions: []municat.Distribution{
				{ID: "csv", AccessURL: "https://example.org/" + name, Format: "CSV", FileKey: key},
				{ID: "wms", AccessURL: "https://example.org/wms", Format: "WMS_SRVC"},
				{ID: "remote", AccessURL: "https://example.org/remote.csv", Format: "CSV"},
			}}))
	}
	bin := []byte("PK\x03\x04 dies ist keine CSV-Datei \x00\x00\x00")
	key, err := cat.PutFile(ctx, "kaputt", "csv", "kaputt.csv", bytes.NewReader(bin), int64(len(bin)), "text/csv")
	MustOK(tb, err)
	MustOK(tb, cat.PutDataset(ctx, &municat.Dataset{ID: "kaputt", Title: municat.Text{"de": "Kaputt"}, State: municat.Published,
		Distributions: []municat.Distribution{{ID: "csv", AccessURL: "https://example.org/k.csv", Format: "CSV", FileKey: key}}}))
	MustOK(tb, cat.PutDataset(ctx, &municat.Dataset{ID: "entwurf", Title: municat.Text{"de": "Entwurf"}, State: municat.Draft, Organization: "stadt",
		Distributions: []municat.Distribution{{ID: "csv", AccessURL: "https://example.org/e.csv", Format: "CSV", FileKey: key}}}))

	var opt tabular.Options
	if len(opts) > 0 {
		opt = opts[0]
	}
	tables := tabular.New(cat, opt)
	if !pending {
		for _, id := range []string{"bb", "fn", "nsu", "kaputt"} {
			if _, err := tables.Process(ctx, id, "csv"); err != nil {
				tb.Fatal(err)
			}
		}
	}
	app := server.New(server.Config{Catalog: cat, Index: idx, BaseURL: testBaseURL, Tables: tables})
	return &rowsEnv{app: app, cat: cat, tables: tables}
}

// rowsPage is the JSON answer of the rows route.
type rowsPage struct {
	Data  []map[string]any `json:"data"`
	Links struct {
		Self string `json:"self"`
		Next string `json:"next"`
	} `json:"links"`
	Meta struct {
		PageSize  int      `json:"page_size"`
		Count     int      `json:"count"`
		Sort      string   `json:"sort"`
		Columns   []string `json:"columns"`
		TotalRows int64    `json:"total_rows"`
	} `json:"meta"`
}

// MustWalk follows links.next from target and returns all rows.
func MustWalk(tb testing.TB, app *fiber.App, target string) []map[string]any {
	tb.Helper()
	var all []map[string]any
	for pages := 0; target != ""; pages++ {
		if pages > 1000 {
			tb.Fatal("no end of pages")
		}
		var p rowsPage
		resp := MustGetJSON(tb, app, target, http.StatusOK, &p)
		all = append(all, p.Data...)
		links, err := weblink.Parse(resp.Header.Get("Link"))
		MustOK(tb, err)
		var next string
		for _, l := range links {
			if l.Rel == "next" {
				next = l.URL
			}
		}
		if next != p.Links.Next {
			tb.Fatalf("Link next %q, links.next %q", next, p.Links.Next)
		}
		if p.Links.Next != "" && len(p.Data) != p.Meta.PageSize {
			tb.Fatalf("page of %d rows with a next link, page size %d", len(p.Data), p.Meta.PageSize)
		}
		target = strings.TrimPrefix(p.Links.Next, testBaseURL)
	}
	return all
}

// previewRows reads a fixture with the preview, independently of package
// tabular: header and all rows as text.
func previewRows(tb testing.TB, name string) ([]string, [][]string) {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("../testdata/fixtures/municipal-data", name))
	MustOK(tb, err)
	var header []string
	var rows [][]string
	for off := 0; ; off += preview.MaxLimit {
		tab, err := preview.CSV(bytes.NewReader(data), preview.Options{Offset: off, Limit: preview.MaxLimit, MaxBytes: 1 << 30})
		MustOK(tb, err)
		header = tab.Columns
		rows = append(rows, tab.Rows...)
		if !tab.HasMore {
			return header, rows
		}
	}
}

// germanNumber parses "7,11523" the simple way.
func germanNumber(s string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), ",", "."), 64)
	return f, err == nil
}

func colIndex(tb testing.TB, header []string, name string) int {
	i := slices.Index(header, name)
	if i < 0 {
		tb.Fatalf("no column %q in %v", name, header)
	}
	return i
}

func TestRowsFilterAndSortMatchPreview(t *testing.T) {
	e := MustRowsEnv(t, false)
	header, rows := previewRows(t, "friedrichshafen_easypark.csv")
	idCol, lenCol, permCol := colIndex(t, header, "id"), colIndex(t, header, "length"), colIndex(t, header, "permissions")

	// length > 6 and permissions containing FreeParking, longest first.
	type rec struct {
		id  int64
		len float64
	}
	var want []rec
	for _, r := range rows {
		l, ok := germanNumber(r[lenCol])
		if ok && l > 6 && strings.Contains(strings.ToLower(r[permCol]), "freeparking") {
			id, _ := strconv.ParseInt(r[idCol], 10, 64)
			want = append(want, rec{id, l})
		}
	}
	sort.SliceStable(want, func(i, j int) bool { return want[i].len > want[j].len })
	if len(want) < 150 {
		t.Fatalf("fixture gives only %d rows; the test needs several pages", len(want))
	}
	got := MustWalk(t, e.app, "/api/v1/datasets/fn/distributions/csv/rows?length__gt=6&permissions__contains=FreeParking&sort=-length&page_size=37")
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i, g := range got {
		if int64(g["id"].(float64)) != want[i].id || math.Abs(g["length"].(float64)-want[i].len) > 1e-9 {
			t.Fatalf("row %d: id %v length %v, want %d %v", i, g["id"], g["length"], want[i].id, want[i].len)
		}
	}

	// Windows-1252 text, contains and ascending integer sort.
	header, rows = previewRows(t, "bietigheim-bissingen.csv")
	nameCol, capCol := colIndex(t, header, "Name"), colIndex(t, header, "Capacity")
	type named struct {
		name string
		cap  int64
	}
	var wantNamed []named
	for _, r := range rows {
		if strings.Contains(strings.ToLower(r[nameCol]), "parkhaus") {
			c, _ := strconv.ParseInt(r[capCol], 10, 64)
			wantNamed = append(wantNamed, named{r[nameCol], c})
		}
	}
	sort.SliceStable(wantNamed, func(i, j int) bool { return wantNamed[i].cap < wantNamed[j].cap })
	got = MustWalk(t, e.app, "/api/v1/datasets/bb/distributions/csv/rows?name__contains=PARKHAUS&sort=capacity&page_size=3")
	if len(got) != len(wantNamed) || len(got) == 0 {
		t.Fatalf("%d rows, want %d", len(got), len(wantNamed))
	}
	for i, g := range got {
		if g["name"] != wantNamed[i].name || int64(g["capacity"].(float64)) != wantNamed[i].cap {
			t.Fatalf("row %d: %v, want %+v", i, g, wantNamed[i])
		}
	}

	// in with a quoted value, file order.
	header, rows = previewRows(t, "neckarsulm.csv")
	katCol, placesCol := colIndex(t, header, "kategorie"), colIndex(t, header, "anz_plaetze")
	var wantIDs []string
	for _, r := range rows {
		p, err := strconv.Atoi(r[placesCol])
		if (r[katCol] == "Parkhaus" || r[katCol] == "p+r") && err == nil && p >= 20 {
			wantIDs = append(wantIDs, r[colIndex(t, header, "id")])
		}
	}
	got = MustWalk(t, e.app, "/api/v1/datasets/nsu/distributions/csv/rows?"+url.Values{"kategorie__in": {`Parkhaus,"p+r"`}, "anz_plaetze__ge": {"20"}}.Encode())
	var gotIDs []string
	for _, g := range got {
		gotIDs = append(gotIDs, strconv.FormatFloat(g["id"].(float64), 'f', -1, 64))
	}
	if !slices.Equal(gotIDs, wantIDs) || len(wantIDs) == 0 {
		t.Fatalf("ids %v, want %v", gotIDs, wantIDs)
	}
}

func TestRowsHostileParametersAre400(t *testing.T) {
	e := MustRowsEnv(t, false)
	base := "/api/v1/datasets/bb/distributions/csv/rows?"
	for _, tc := range []struct {
		query, param string
	}{
		{"capacity__eq=" + url.QueryEscape("1; DROP TABLE datasets--"), "capacity__eq"},
		{"capacity__gt=" + url.QueryEscape("1 OR 1=1"), "capacity__gt"},
		{"name__eq=" + strings.Repeat("A", 1500), "name__eq"},
		{"name__eq=a%00b", "name__eq"},
		{"name__eq=a%1bb", "name__eq"},
		{"name__eq=%ff%fe", "name__eq"},
		{"passwd__eq=1", "passwd__eq"},
		{"name__gt=a", "name__gt"},
		{"capacity__contains=1", "capacity__contains"},
		{"capacity__like=1", "capacity__like"},
		{"capacity__gt=abc", "capacity__gt"},
		{"capacity__gt=1e999", "capacity__gt"},
		{"capacity__gt=", "capacity__gt"},
		{"capacity__in=" + url.QueryEscape(`1,"2`), "capacity__in"},
		{"capacity__in=" + strings.Repeat("1,", 200) + "1", "capacity__in"},
		{"select=*", "select"},
		{"sort=" + url.QueryEscape("capacity; DROP"), "sort"},
		{"page_size=0", "page_size"},
		{"page_size=101", "page_size"},
		{"page_size=zehn", "page_size"},
		{"format=xml", "format"},
		{"cursor=" + url.QueryEscape("eyJ0IjoieCJ9"), "cursor"},
		{"cursor=%21%21", "cursor"},
	} {
		p := MustProblem(t, e.app, http.MethodGet, base+tc.query, http.StatusBadRequest)
		if len(p.Errors) == 0 || p.Errors[0].Parameter != tc.param {
			t.Errorf("%s: errors %+v, want parameter %q", tc.query, p.Errors, tc.param)
		}
	}
	// SQL in a text value is just a value that no cell has.
	var page rowsPage
	MustGetJSON(t, e.app, base+"name__eq="+url.QueryEscape("' OR '1'='1"), http.StatusOK, &page)
	if len(page.Data) != 0 {
		t.Fatalf("%d rows for an injection string", len(page.Data))
	}
	// A cursor of another query is refused.
	MustGetJSON(t, e.app, base+"page_size=2&sort=capacity", http.StatusOK, &page)
	cur, _ := url.Parse(page.Links.Next)
	MustProblem(t, e.app, http.MethodGet, base+"page_size=2&sort=-capacity&cursor="+url.QueryEscape(cur.Query().Get("cursor")), http.StatusBadRequest)
	// Aggregates check too.
	agg := "/api/v1/datasets/bb/distributions/csv/aggregates?"
	for _, q := range []string{"fn=sum&column=name", "fn=median&column=capacity", "fn=sum", "column=capacity", "fn=count&capacity__gt=x"} {
		MustProblem(t, e.app, http.MethodGet, agg+q, http.StatusBadRequest)
	}
}

func TestRowsCSVOutput(t *testing.T) {
	e := MustRowsEnv(t, false)
	for _, hdr := range [][]string{nil, {"Accept", "text/csv"}} {
		target := "/api/v1/datasets/bb/distributions/csv/rows?sort=-occupiedsites&page_size=2"
		if hdr == nil {
			target += "&format=csv"
		}
		resp, body := MustDo(t, e.app, http.MethodGet, target, hdr...)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("%s: %d %s", target, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		MustOK(t, err)
		if len(recs) != 3 || recs[0][0] != "name" || recs[1][3] != "321" {
			t.Fatalf("csv %q", recs)
		}
		if !strings.Contains(string(body), "Mühlwiesenstr.") && !strings.Contains(string(body), "Parkhaus") {
			t.Fatalf("csv %s", body)
		}
	}
}

func TestTableSchemaAndAggregates(t *testing.T) {
	e := MustRowsEnv(t, false)
	var s server.TableSchema
	MustGetJSON(t, e.app, "/api/v1/datasets/fn/distributions/csv/schema", http.StatusOK, &s)
	types := map[string]tabular.Type{}
	for _, c := range s.Columns {
		types[c.Key] = c.Type
	}
	if types["id"] != tabular.Integer || types["length"] != tabular.Number || types["permissions"] != tabular.Text || s.Encoding != "utf-8-bom" || s.Separator != ";" {
		t.Fatalf("schema %+v", s)
	}
	header, rows := previewRows(t, "friedrichshafen_easypark.csv")
	lenCol, permCol := colIndex(t, header, "length"), colIndex(t, header, "permissions")
	var sum float64
	counts := map[string]int{}
	for _, r := range rows {
		if r[permCol] == "FreeParking" {
			l, _ := germanNumber(r[lenCol])
			sum += l
		}
		counts[r[permCol]]++
	}
	var agg tabular.AggregateResult
	MustGetJSON(t, e.app, "/api/v1/datasets/fn/distributions/csv/aggregates?fn=sum&column=length&permissions__eq=FreeParking", http.StatusOK, &agg)
	if math.Abs(agg.Value.(float64)-sum) > 1e-6 {
		t.Fatalf("sum %v, want %v", agg.Value, sum)
	}
	MustGetJSON(t, e.app, "/api/v1/datasets/fn/distributions/csv/aggregates?fn=distinct&column=permissions", http.StatusOK, &agg)
	delete(counts, "")
	if agg.Distinct != len(counts) {
		t.Fatalf("distinct %d, want %d", agg.Distinct, len(counts))
	}
	for _, v := range agg.Values {
		if counts[v.Value.(string)] != int(v.Count) {
			t.Fatalf("%v: count %d, want %d", v.Value, v.Count, counts[v.Value.(string)])
		}
	}
	MustGetJSON(t, e.app, "/api/v1/datasets/fn/distributions/csv/aggregates?fn=count", http.StatusOK, &agg)
	if agg.Value.(float64) != float64(len(rows)) {
		t.Fatalf("count %v, want %d", agg.Value, len(rows))
	}
}

func TestRowsStatesAndVisibility(t *testing.T) {
	e := MustRowsEnv(t, true)
	target := "/api/v1/datasets/bb/distributions/csv/rows"
	resp, body := MustDo(t, e.app, http.MethodGet, target)
	if resp.StatusCode != http.StatusAccepted || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("first request: %d %s", resp.StatusCode, body)
	}
	var p server.TableProcessing
	MustOK(t, json.Unmarshal(body, &p))
	if p.State != tabular.Queued {
		t.Fatalf("state %q", p.State)
	}
	st, err := e.tables.Process(context.Background(), "bb", "csv")
	MustOK(t, err)
	if st.State != tabular.Ready || st.Rows != 14 {
		t.Fatalf("status %+v", st)
	}
	var page rowsPage
	MustGetJSON(t, e.app, target, http.StatusOK, &page)
	if len(page.Data) != 14 || page.Links.Next != "" {
		t.Fatalf("%d rows, next %q", len(page.Data), page.Links.Next)
	}

	_, err = e.tables.Process(context.Background(), "kaputt", "csv")
	MustOK(t, err)
	pr := MustProblem(t, e.app, http.MethodGet, "/api/v1/datasets/kaputt/distributions/csv/rows", http.StatusUnprocessableEntity)
	if !strings.Contains(pr.Detail, "keine Textdatei") {
		t.Errorf("detail %q", pr.Detail)
	}
	for _, target := range []string{
		"/api/v1/datasets/bb/distributions/wms/rows",
		"/api/v1/datasets/bb/distributions/remote/schema",
		"/api/v1/datasets/bb/distributions/nix/rows",
		"/api/v1/datasets/entwurf/distributions/csv/rows",
		"/api/v1/datasets/nix/distributions/csv/aggregates?fn=count",
	} {
		MustProblem(t, e.app, http.MethodGet, target, http.StatusNotFound)
	}
}

func TestRowsTooExpensiveIs503(t *testing.T) {
	e := MustRowsEnv(t, false, tabular.Options{QueryTimeout: time.Nanosecond})
	p := MustProblem(t, e.app, http.MethodGet, "/api/v1/datasets/fn/distributions/csv/rows?sort=length", http.StatusServiceUnavailable)
	if !strings.HasPrefix(p.Detail, "Abfrage zu aufwendig") {
		t.Fatalf("detail %q", p.Detail)
	}
	MustProblem(t, e.app, http.MethodGet, "/api/v1/datasets/fn/distributions/csv/aggregates?fn=distinct&column=permissions", http.StatusServiceUnavailable)
}

func TestTableSchemasMatchTypes(t *testing.T) {
	for name, v := range map[string]any{
		"TableProcessing": server.TableProcessing{}, "TableSchema": server.TableSchema{}, "TableColumn": server.TableColumn{},
		"TableLinks": server.TableLinks{}, "TableRows": server.TableRows{}, "TableAggregate": tabular.AggregateResult{},
	} {
		apitest.SchemaMatchesType(t, name, v)
	}
}

func TestRowsConditionalAndCORS(t *testing.T) {
	e := MustRowsEnv(t, false)
	target := "/api/v1/datasets/bb/distributions/csv/rows?sort=-capacity&page_size=5"
	resp, _ := MustDo(t, e.app, http.MethodGet, target, "Origin", "https://example.org")
	etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if resp.StatusCode != http.StatusOK || etag == "" || lm == "" || resp.Header.Get("Access-Control-Allow-Origin") == "" {
		t.Fatalf("status %d, ETag %q, Last-Modified %q, CORS %q", resp.StatusCode, etag, lm, resp.Header.Get("Access-Control-Allow-Origin"))
	}
	if resp, _ := MustDo(t, e.app, http.MethodGet, target, "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
		t.Fatalf("If-None-Match: status %d", resp.StatusCode)
	}
	// Another page has another tag.
	if resp, _ := MustDo(t, e.app, http.MethodGet, target+"&capacity__gt=100", "If-None-Match", etag); resp.StatusCode != http.StatusOK {
		t.Fatalf("other query: status %d", resp.StatusCode)
	}
}
