package tabular

import (
	"strings"
	"testing"
)

func TestInferColumnTypes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		values []string
		typ    Type
		nf     numberFormat
	}{
		{"integers", []string{"1", "-20", "300"}, Integer, pointFormat},
		{"decimal comma", []string{"7,11523", "12", "1.234,5"}, Number, commaFormat},
		{"decimal point", []string{"7.5", "12", "-0.25", "1e3"}, Number, pointFormat},
		{"ambiguous dots are decimal points", []string{"1.234", "2.5"}, Number, pointFormat},
		{"only thousands-like dots are decimal points", []string{"1.234", "12"}, Number, pointFormat},
		{"German thousands without decimals", []string{"1.234.567", "12"}, Integer, commaFormat},
		{"mixed comma and point", []string{"1,5", "1.5"}, Text, pointFormat},
		{"leading zeros are codes", []string{"07743", "12"}, Text, pointFormat},
		{"booleans", []string{"ja", "Nein", "TRUE"}, Boolean, pointFormat},
		{"ISO dates", []string{"2024-01-31", "1999-12-01"}, Date, pointFormat},
		{"German dates", []string{"31.01.2024", "1.2.2023"}, Date, pointFormat},
		{"mixed dates", []string{"31.01.2024", "2023-02-01"}, Date, pointFormat},
		{"bad date", []string{"31.02.2024"}, Text, pointFormat},
		{"text", []string{"Parkhaus", "12"}, Text, pointFormat},
		{"empty", nil, Text, pointFormat},
		{"huge integer is a number", []string{"99999999999999999999"}, Number, pointFormat},
		{"inf and nan are text", []string{"Inf", "NaN"}, Text, pointFormat},
	} {
		g := newGuess()
		for _, v := range tc.values {
			g.add(v)
		}
		typ, nf := g.result()
		if typ != tc.typ || nf != tc.nf {
			t.Errorf("%s: %s/%d, want %s/%d", tc.name, typ, nf, tc.typ, tc.nf)
		}
	}
}

func TestParseCellValues(t *testing.T) {
	for _, tc := range []struct {
		typ  Type
		nf   numberFormat
		in   string
		want string
	}{
		{Number, commaFormat, "1.234,5", "1234.5"},
		{Number, commaFormat, "-0,25", "-0.25"},
		{Integer, commaFormat, "1.234.567", "1234567"},
		{Number, pointFormat, "1.5e3", "1500"},
		{Date, pointFormat, "1.2.2023", "2023-02-01"},
		{Date, pointFormat, "2024-02-29", "2024-02-29"},
		{Boolean, pointFormat, "Wahr", "true"},
	} {
		c, ok := parseCell(tc.typ, tc.nf, tc.in)
		if !ok || c.text(tc.typ) != tc.want {
			t.Errorf("%s %q: %q %v, want %q", tc.typ, tc.in, c.text(tc.typ), ok, tc.want)
		}
	}
}

func TestColumnKeys(t *testing.T) {
	got := columnKeys([]string{"Betrag (EUR)", "Größe", "größe", "", "2024", "sort", "  x--y  ", strings.Repeat("ab", 100), "Straße/Hausnr."})
	want := []string{"betrag_eur", "groesse", "groesse_2", "col_4", "c_2024", "sort_2", "x_y", strings.Repeat("ab", 30), "strasse_hausnr"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("key %d: %q, want %q", i, got[i], want[i])
		}
	}
}

// FuzzInference checks the promise the builder relies on: every value of
// a column parses as the type inferred for it, and the value the API
// writes parses back to the same cell.
func FuzzInference(f *testing.F) {
	for _, s := range []string{"1|2|3", "7,11523|1.234,5", "1.234|2.5", "1.234.567|12", "ja|nein", "2024-01-31|1.2.2023", "x|1", "-0|+1", "1e5|2E-3", "0|0,0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, joined string) {
		values := strings.Split(joined, "|")
		g := newGuess()
		for _, v := range values {
			if v = strings.TrimSpace(v); v != "" {
				g.add(v)
			}
		}
		typ, nf := g.result()
		for _, v := range values {
			if v = strings.TrimSpace(v); v == "" {
				continue
			}
			c, ok := parseCell(typ, nf, v)
			if !ok {
				t.Fatalf("%q: inferred %s/%d, but %q does not parse", joined, typ, nf, v)
			}
			back, ok := parseValue(typ, c.text(typ))
			if typ == Text {
				back, ok = cell{s: c.text(typ)}, true
			}
			if !ok || compare(typ, back, c) != 0 {
				t.Fatalf("%s %q: written as %q, read back as %+v", typ, v, c.text(typ), back)
			}
		}
	})
}

// FuzzDecodeChunk feeds damaged chunks to the decoder: it must fail
// cleanly, never panic.
func FuzzDecodeChunk(f *testing.F) {
	types := []Type{Integer, Number, Text, Boolean, Date}
	w := newChunkWriter(types)
	w.add([]cell{{i: 1}, {f: 2.5}, {s: "Grünfläche"}, {i: 1}, {i: 19000}})
	w.add([]cell{{null: true}, {null: true}, {s: ""}, {}, {null: true}})
	f.Add(w.bytes())
	f.Add([]byte("MCT1\x01\x05\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := decodeChunk(data, types, &scratch{})
		if err != nil {
			return
		}
		for i := range types {
			col, err := c.column(i)
			if err == nil && len(col) != c.rows {
				t.Fatalf("column %d: %d cells, %d rows", i, len(col), c.rows)
			}
		}
	})
}
