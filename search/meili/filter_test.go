package meili

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/municat/municat"
)

// readQuoted reads a double-quoted value at the start of s the way
// Meilisearch's filter parser does (crates/filter-parser/src/value.rs,
// Meilisearch 1.4 and later), and returns the value and the rest of s:
//
//  1. the value ends at the first '"' not escaped; '\' escapes the next
//     character, and a '\' at the very end is malformed;
//  2. if an escaped quote was seen, every `\"` becomes '"';
//  3. the result is unescaped like a Rust string literal: `\\`, `\"`, `\'`,
//     `\n`, `\r`, `\t`, `\0`; any other escape is an error.
func readQuoted(s string) (value, rest string, err error) {
	if !strings.HasPrefix(s, `"`) {
		return "", s, errors.New("no opening quote")
	}
	body := s[1:]
	escapedQuote := false
	i := 0
	for ; i < len(body) && body[i] != '"'; i++ {
		if body[i] == '\\' {
			if i+1 >= len(body) {
				return "", s, errors.New("malformed value: backslash at the end")
			}
			escapedQuote = escapedQuote || body[i+1] == '"'
			i++
		}
	}
	if i >= len(body) {
		return "", s, errors.New(`missing closing delimiter "`)
	}
	frag, rest := body[:i], body[i+1:]
	if escapedQuote {
		frag = strings.ReplaceAll(frag, `\"`, `"`)
	}
	var b strings.Builder
	for j := 0; j < len(frag); j++ {
		if frag[j] != '\\' {
			b.WriteByte(frag[j])
			continue
		}
		if j+1 >= len(frag) {
			return "", s, errors.New("incomplete escape")
		}
		j++
		switch frag[j] {
		case '\\', '"', '\'':
			b.WriteByte(frag[j])
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case '0':
			b.WriteByte(0)
		default:
			return "", s, errors.New("invalid escape \\" + string(frag[j]))
		}
	}
	return b.String(), rest, nil
}

func TestReadQuotedMatchesMeilisearchExamples(t *testing.T) {
	// Inputs and values from the tests of Meilisearch's filter parser.
	for in, want := range map[string]string{
		`"channel"`:             "channel",
		`" some spaces "`:       " some spaces ",
		`"cha'nnel"`:            "cha'nnel",
		`"\\"`:                  `\`,
		`"\\\\\\"`:              `\\\`,
		`"aa\\aa"`:              `aa\aa`,
		`"Hello \"world\""`:     `Hello "world"`,
		`"Hello \\\"world\\\""`: `Hello \"world\"`,
		`"I'm \"super\" tamo"`:  `I'm "super" tamo`,
		`"\"\""`:                `""`,
	} {
		got, rest, err := readQuoted(in)
		if err != nil || got != want || rest != "" {
			t.Errorf("readQuoted(%s) = %q, %q, %v; want %q", in, got, rest, err, want)
		}
	}
	for _, in := range []string{`"foo\"`, `"foo`, `"a\qb"`} {
		if _, _, err := readQuoted(in); err == nil {
			t.Errorf("readQuoted(%s) succeeded, want an error", in)
		}
	}
}

func TestQuote(t *testing.T) {
	for v, want := range map[string]string{
		"ENVI":              `"ENVI"`,
		"Stadt Musterstadt": `"Stadt Musterstadt"`,
		`a"b`:               `"a\"b"`,
		`C:\Daten\`:         `"C:\\Daten\\"`,
		`\"`:                `"\\\""`,
		`x" OR theme = "y`:  `"x\" OR theme = \"y"`,
		"AND":               `"AND"`,
		"zwei\nZeilen":      "\"zwei\nZeilen\"",
		"":                  `""`,
	} {
		got := quote(v)
		if got != want {
			t.Errorf("quote(%q) = %s, want %s", v, got, want)
		}
		back, rest, err := readQuoted(got + " AND x = 1")
		if err != nil || back != v || rest != " AND x = 1" {
			t.Errorf("readQuoted(quote(%q)) = %q, rest %q, %v", v, back, rest, err)
		}
	}
}

// FuzzQuote checks that every value, quoted, reads back exactly and ends
// where the quoting ends, so that no value can change the expression.
func FuzzQuote(f *testing.F) {
	for _, s := range []string{"", "ENVI", `a"b`, `\`, `\"`, `\\"`, `"`, `x" OR y = "z`, "ä\n\t", `\n`, `'`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if !utf8.ValidString(v) {
			// A filter is a JSON string: invalid UTF-8 never reaches the server as is.
			v = strings.ToValidUTF8(v, "\uFFFD")
		}
		q := quote(v)
		back, rest, err := readQuoted(q + ` AND id = "x"`)
		if err != nil {
			t.Fatalf("readQuoted(%s): %v", q, err)
		}
		if back != v {
			t.Fatalf("quote(%q) = %s reads back as %q", v, q, back)
		}
		if rest != ` AND id = "x"` {
			t.Fatalf("quote(%q) = %s ends early; rest %q", v, q, rest)
		}
	})
}

func TestFilterExpr(t *testing.T) {
	since := time.Date(2024, 5, 1, 12, 0, 0, 0, time.FixedZone("CEST", 2*3600))
	for _, tt := range []struct {
		filters map[string][]string
		since   time.Time
		want    string
	}{
		{nil, time.Time{}, ""},
		{map[string][]string{municat.FacetKeyword: {}}, time.Time{}, ""},
		{map[string][]string{municat.FacetKeyword: {"Umwelt"}, municat.FacetTheme: {"ENVI", "SOCI"}}, time.Time{},
			`theme IN ["ENVI", "SOCI"] AND keyword IN ["Umwelt"]`},
		{map[string][]string{municat.FacetOrganization: {"stadt-musterstadt"}}, since,
			`organization IN ["stadt-musterstadt"] AND modified >= 1714557600`},
	} {
		got, err := filterExpr(tt.filters, tt.since)
		if err != nil || got != tt.want {
			t.Errorf("filterExpr(%v, %v) = %q, %v; want %q", tt.filters, tt.since, got, err, tt.want)
		}
	}
	if _, err := filterExpr(map[string][]string{"Theme": {"ENVI"}}, time.Time{}); municat.ErrorCode(err) != municat.EINVALID {
		t.Errorf("unknown facet: %v, want EINVALID", err)
	}
	if got := and("", `a = "1"`, ""); got != `a = "1"` {
		t.Errorf("and of one = %q", got)
	}
	if got := and(`a = "1" AND b = "2"`, afterExpr("x", true)); got != `(a = "1" AND b = "2") AND (id < "x")` {
		t.Errorf("and of two = %q", got)
	}
}

func TestQueryText(t *testing.T) {
	for in, want := range map[string]string{
		"  Baumkataster ": "Baumkataster",
		"der und die":     "",
		"Für, DIE!":       "",
		"Daten der Stadt": "Daten der Stadt",
		"":                "",
		"?!":              "",
		"2024":            "2024",
	} {
		if got := queryText(in); got != want {
			t.Errorf("queryText(%q) = %q, want %q", in, got, want)
		}
	}
}
