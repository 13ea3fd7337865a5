package tabular_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/municat/municat"
	"github.com/municat/municat/tabular"
)

// typedCSV has a column of every type.
const typedCSV = "Nr;Betrag;Aktiv;Datum;Name\n" +
	"1;1.234,50;ja;31.01.2024;Rathaus\n" +
	"2;7,25;nein;01.02.2024;Bücherei, Stadtmitte\n" +
	"3;;ja;;\n" +
	"4;-3,5;nein;2024-03-01;\"Zitat \"\"A\"\"\"\n"

func TestFiltersOnEveryType(t *testing.T) {
	svc, cat := MustService(t)
	tab := MustTable(t, svc, MustPutFile(t, cat, "typen", "typen.csv", "CSV", []byte(typedCSV)))
	for _, tc := range []struct {
		params [][2]string
		sort   string
		want   []int64
	}{
		{[][2]string{{"betrag__gt", "0"}}, "", []int64{1, 2}},
		{[][2]string{{"betrag__le", "7.25"}}, "", []int64{2, 4}},
		{[][2]string{{"betrag__eq", "1234,5"}}, "", []int64{1}},
		{[][2]string{{"betrag__eq", ""}}, "", []int64{3}},
		{[][2]string{{"betrag__ne", ""}}, "-betrag", []int64{1, 2, 4}},
		{[][2]string{{"betrag__ne", "7,25"}}, "", []int64{1, 3, 4}},
		{[][2]string{{"aktiv__eq", "true"}}, "", []int64{1, 3}},
		{[][2]string{{"datum__ge", "2024-02-01"}}, "", []int64{2, 4}},
		{[][2]string{{"datum__lt", "1.2.2024"}}, "", []int64{1}},
		{[][2]string{{"name__in", `"Bücherei, Stadtmitte",Rathaus`}}, "", []int64{1, 2}},
		{[][2]string{{"name__contains", "BÜCH"}}, "", []int64{2}},
		{[][2]string{{"name__eq", `Zitat "A"`}}, "", []int64{4}},
		{nil, "datum", []int64{1, 2, 4, 3}},
		{nil, "-datum", []int64{4, 2, 1, 3}},
		{nil, "name", []int64{2, 1, 4, 3}},
		{[][2]string{{"nr__in", "4,1,9"}}, "-nr", []int64{4, 1}},
	} {
		q := tabular.Query{}
		for _, p := range tc.params {
			f, err := tab.Schema.ParseFilter(p[0], p[1])
			if err != nil {
				t.Fatalf("%v: %v", p, err)
			}
			q.Filters = append(q.Filters, f)
		}
		if tc.sort != "" {
			s, err := tab.Schema.ParseSort(tc.sort)
			if err != nil {
				t.Fatal(err)
			}
			q.Sort = s
		}
		page, err := tab.Query(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, r := range page.Rows {
			got = append(got, r[0].(int64))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%v sort %q: %v, want %v", tc.params, tc.sort, got, tc.want)
		}
	}
}

func TestBadFiltersNameTheParameter(t *testing.T) {
	svc, cat := MustService(t)
	tab := MustTable(t, svc, MustPutFile(t, cat, "typen", "typen.csv", "CSV", []byte(typedCSV)))
	for _, p := range [][2]string{
		{"nr__eq", "1 OR 1=1"}, {"nr__gt", "1,5"}, {"betrag__gt", "viel"}, {"aktiv__gt", "ja"}, {"aktiv__eq", "vielleicht"},
		{"datum__eq", "31.02.2024"}, {"name__lt", "A"}, {"nr__contains", "1"}, {"gibtsnicht__eq", "1"}, {"nr", "1"},
		{"nr__", "1"}, {"__eq", "1"}, {"name__eq", "a\x00"}, {"name__eq", strings.Repeat("x", 1001)}, {"name__in", `"a`},
		{"name__in", "a,,b"}, {"nr__lt", ""},
	} {
		_, err := tab.Schema.ParseFilter(p[0], p[1])
		var pe *tabular.ParamError
		if !errors.As(err, &pe) || pe.Parameter == "" || pe.Detail == "" || !errors.Is(err, municat.ErrInvalid) {
			t.Errorf("%q=%q: %v", p[0], p[1], err)
		}
	}
	if _, err := tab.Schema.ParseSort("-nix"); err == nil {
		t.Error("sort by an unknown column")
	}
}

// FuzzParseFilter throws arbitrary parameters at the filter parser: it
// must refuse with a *ParamError or return a filter on an existing column
// with an operator its type allows, and the query must then run.
func FuzzParseFilter(f *testing.F) {
	svc, cat := MustService(f)
	tab := MustTable(f, svc, MustPutFile(f, cat, "typen", "typen.csv", "CSV", []byte(typedCSV)))
	for _, s := range [][2]string{{"nr__eq", "1"}, {"betrag__ge", "1.234,5"}, {"name__in", `"a,b",c`}, {"datum__lt", "2024-01-01"},
		{"aktiv__ne", ""}, {"name__contains", "haus"}, {"x'; DROP TABLE t;--__eq", "1"}, {"nr__in", "1,2,3"}} {
		f.Add(s[0], s[1], "")
	}
	f.Add("nr__gt", "0", "eyJ0IjoieCJ9")
	f.Fuzz(func(t *testing.T, param, value, cursor string) {
		flt, err := tab.Schema.ParseFilter(param, value)
		if err != nil {
			var pe *tabular.ParamError
			if !errors.As(err, &pe) || pe.Detail == "" || !utf8.ValidString(pe.Detail) || !utf8.ValidString(pe.Parameter) {
				t.Fatalf("%q=%q: %#v", param, value, err)
			}
			return
		}
		_, col := tab.Schema.Column(flt.Column)
		if col == nil || !slices.Contains(tabular.Operators(col.Type), flt.Op) {
			t.Fatalf("%q=%q: filter %+v", param, value, flt)
		}
		_, err = tab.Query(context.Background(), tabular.Query{Filters: []tabular.Filter{flt}, Cursor: cursor})
		var pe *tabular.ParamError
		if err != nil && (!errors.As(err, &pe) || pe.Parameter != "cursor") {
			t.Fatalf("query %+v cursor %q: %v", flt, cursor, err)
		}
	})
}
