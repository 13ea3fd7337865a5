package tabular_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/tabular"
)

func TestXLSXTable(t *testing.T) {
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	rows := [][]any{
		{"Stadtteil", "Einwohner", "Fläche km²", "Stichtag", "Kreisfrei"},
		{"Mitte", 12034, 3.25, "31.12.2024", true},
		{"Nord", 8120, 7.5, "31.12.2024", false},
		{"Süd", 15877, 5.125, "31.12.2023", false},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	svc, cat := MustService(t)
	tab := MustTable(t, svc, MustPutFile(t, cat, "xlsx", "stadtteile.xlsx", "XLSX", buf.Bytes()))
	want := []tabular.Type{tabular.Text, tabular.Integer, tabular.Number, tabular.Date, tabular.Boolean}
	for i, c := range tab.Schema.Columns {
		if c.Type != want[i] {
			t.Errorf("column %s: %s, want %s", c.Key, c.Type, want[i])
		}
	}
	if tab.Schema.Format != "xlsx" || tab.Schema.Sheet != sheet || tab.Schema.Columns[2].Key != "flaeche_km" {
		t.Fatalf("schema %+v", tab.Schema)
	}
	s, _ := tab.Schema.ParseSort("-einwohner")
	flt, err := tab.Schema.ParseFilter("stichtag__eq", "2024-12-31")
	if err != nil {
		t.Fatal(err)
	}
	page, err := tab.Query(context.Background(), tabular.Query{Filters: []tabular.Filter{flt}, Sort: s})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Rows) != 2 || page.Rows[0][0] != "Mitte" || page.Rows[1][2] != 7.5 || page.Rows[0][3] != "2024-12-31" {
		t.Fatalf("rows %v", page.Rows)
	}
}

func TestOpenQueuesAndStartProcesses(t *testing.T) {
	svc, cat := MustService(t)
	d := MustPutFile(t, cat, "bb", "bb.csv", "CSV", MustFixture(t, "bietigheim-bissingen.csv"))
	ctx := context.Background()
	_, err := svc.Open(ctx, d, &d.Distributions[0])
	var pending *tabular.PendingError
	if !errors.As(err, &pending) || pending.Status.State != tabular.Queued {
		t.Fatalf("first open: %v", err)
	}
	// A new service (a restart) finds the queued table and makes it.
	svc2 := tabular.New(cat, tabular.Options{Workers: 1})
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := svc2.Start(runCtx); err != nil {
		t.Fatal(err)
	}
	st := MustWaitReady(t, svc2, d)
	if st.Rows != 14 || st.Percent() != 100 || st.Finished == nil {
		t.Fatalf("status %+v", st)
	}
	if _, err := svc2.Open(ctx, d, &d.Distributions[0]); err != nil {
		t.Fatal(err)
	}

	// A new version of the file gets a new table; the old one goes.
	old := keysUnder(t, cat, tabular.TablesPrefix+"bb/")
	data := []byte("Name;Anzahl\nA;1\nB;2\n")
	key, err := cat.PutFile(ctx, "bb", "d1", "bb.csv", bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		t.Fatal(err)
	}
	d.Distributions[0].FileKey = key
	d.Distributions[0].Checksum = &municat.Checksum{Algorithm: "sha256", Value: "neu"}
	if err := cat.PutDataset(ctx, d); err != nil {
		t.Fatal(err)
	}
	svc2.Enqueue(ctx, "bb", "d1")
	st = MustWaitReady(t, svc2, d)
	if st.Rows != 2 {
		t.Fatalf("new version: %+v", st)
	}
	now := keysUnder(t, cat, tabular.TablesPrefix+"bb/")
	for _, k := range old {
		for _, n := range now {
			if k == n {
				t.Fatalf("old table key %s left", k)
			}
		}
	}
}

func TestNotTabular(t *testing.T) {
	svc, cat := MustService(t)
	d := MustPutFile(t, cat, "geo", "x.geojson", "GEOJSON", []byte(`{"type":"FeatureCollection","features":[]}`))
	if _, err := svc.Open(context.Background(), d, &d.Distributions[0]); !errors.Is(err, tabular.ErrNotTabular) {
		t.Fatalf("geojson: %v", err)
	}
	remote := &municat.Distribution{ID: "r", Format: "CSV", AccessURL: "https://example.org/x.csv"}
	if _, err := svc.Open(context.Background(), d, remote); !errors.Is(err, tabular.ErrNoFile) {
		t.Fatalf("remote: %v", err)
	}
	bad := MustPutFile(t, cat, "html", "x.csv", "CSV", []byte("<!DOCTYPE html><html><body>Fehler</body></html>"))
	st, err := svc.Process(context.Background(), bad.ID, "d1")
	if err != nil || st.State != tabular.Failed || !strings.Contains(st.Error, "Webseite") {
		t.Fatalf("html: %+v %v", st, err)
	}
	var failed *tabular.FailedError
	if _, err := svc.Open(context.Background(), bad, &bad.Distributions[0]); !errors.As(err, &failed) {
		t.Fatalf("open failed: %v", err)
	}
}

// MustWaitReady polls the status of d's first distribution until it is
// ready.
func MustWaitReady(tb testing.TB, svc *tabular.Service, d *municat.Dataset) tabular.Status {
	tb.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, err := svc.Status(context.Background(), d, &d.Distributions[0])
		if err != nil {
			tb.Fatal(err)
		}
		switch {
		case st.State == tabular.Ready:
			return st
		case st.State == tabular.Failed:
			tb.Fatalf("failed: %s", st.Error)
		case time.Now().After(deadline):
			tb.Fatalf("not ready: %+v", st)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func keysUnder(tb testing.TB, cat *catalog.Catalog, prefix string) []string {
	tb.Helper()
	var keys []string
	if err := cat.Store.List(context.Background(), prefix, func(info municat.ObjectInfo) error {
		keys = append(keys, info.Key)
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return keys
}

func TestQueryTimeLimit(t *testing.T) {
	_, cat := MustService(t)
	svc := tabular.New(cat, tabular.Options{QueryTimeout: time.Nanosecond})
	tab := MustTable(t, svc, MustPutFile(t, cat, "bb", "bb.csv", "CSV", MustFixture(t, "bietigheim-bissingen.csv")))
	s, _ := tab.Schema.ParseSort("capacity")
	if _, err := tab.Query(context.Background(), tabular.Query{Sort: s}); !errors.Is(err, tabular.ErrTooExpensive) {
		t.Fatalf("query: %v", err)
	}
	if _, err := tab.Aggregate(context.Background(), tabular.Aggregate{Fn: tabular.FnSum, Column: "capacity"}); !errors.Is(err, tabular.ErrTooExpensive) {
		t.Fatalf("aggregate: %v", err)
	}
}

func TestQueryMemoryLimit(t *testing.T) {
	_, cat := MustService(t)
	svc := tabular.New(cat, tabular.Options{MaxPageBytes: 64 << 10})
	var b strings.Builder
	b.WriteString("nr;text\n")
	for i := range 200 {
		fmt.Fprintf(&b, "%d;%s\n", i, strings.Repeat("x", 1000))
	}
	tab := MustTable(t, svc, MustPutFile(t, cat, "lang", "lang.csv", "CSV", []byte(b.String())))
	if _, err := tab.Query(context.Background(), tabular.Query{Limit: 10}); err != nil {
		t.Fatalf("small page: %v", err)
	}
	if _, err := tab.Query(context.Background(), tabular.Query{Limit: 100}); !errors.Is(err, tabular.ErrTooExpensive) {
		t.Fatalf("page of 100 KB: %v", err)
	}
}
