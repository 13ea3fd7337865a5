package file_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester/file"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// MustParse parses a metadata CSV that must be usable.
func MustParse(tb testing.TB, body []byte) *file.Metadata {
	tb.Helper()
	md, err := file.ParseMetadata(body)
	if err != nil {
		tb.Fatalf("ParseMetadata: %v", err)
	}
	return md
}

func TestParseMetadataSeparatorsAndEncodings(t *testing.T) {
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String("Titel\tDatei\tSchlagwörter\nBäume\tb.csv\tGrün;Stadt\n")
	if err != nil {
		t.Fatal(err)
	}
	cp1252, err := charmap.Windows1252.NewEncoder().String("Titel;Datei\n\"Bäume – Straßen\";b.csv\n")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, body string
		enc        string
		sep        rune
		title      string
	}{
		{"comma", "title,url\nBäume,b.csv\n", "UTF-8", ',', "Bäume"},
		{"semicolon with BOM", "\ufefftitel;datei\nBäume;b.csv\n", "UTF-8", ';', "Bäume"},
		{"tab in UTF-16", utf16, "UTF-16", '\t', "Bäume"},
		{"Windows-1252", cp1252, "Windows-1252", ';', "Bäume – Straßen"},
		{"Excel sep line", "sep=,\r\ntitle,url\r\n\"Bäume; Sträucher\",b.csv\r\n", "UTF-8", ',', "Bäume; Sträucher"},
		{"quoted separators in the header", "\"title;x\",url,y;z\nA,b.csv,c\n", "UTF-8", ',', ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			md, err := file.ParseMetadata([]byte(c.body))
			if c.title == "" {
				// "title;x" is one quoted column, so no title column.
				if err == nil || !strings.Contains(err.Error(), "title (oder titel)") {
					t.Errorf("error %v, want the title column missing", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if md.Encoding != c.enc || md.Separator != c.sep || len(md.Rows) != 1 {
				t.Fatalf("encoding %s, separator %q, %d rows; want %s, %q, 1", md.Encoding, md.Separator, len(md.Rows), c.enc, c.sep)
			}
			if r := md.Rows[0]; r.Err != nil || r.Meta.Title != c.title || r.Meta.URL != "b.csv" || r.Number != 2 {
				t.Errorf("row %+v, want row 2 titled %q", r, c.title)
			}
		})
	}
}

func TestParseMetadataColumnNames(t *testing.T) {
	md := MustParse(t, []byte("Kennung;Titel;Beschreibung;Datei-URL;Schlagwörter;Kategorien;Lizenz;Dateiformat;Aktualisierung;Landing Page;Herausgeber;Kontakt-E-Mail;Bemerkung\n"+
		"k1;T;B;https://x.example/a.csv;a;ENVI;cc-by/4.0;CSV;jährlich;https://x.example/;Stadt;a@x.example;intern\n"))
	want := file.Meta{ID: "k1", Title: "T", Description: "B", URL: "https://x.example/a.csv", Keywords: "a", Themes: "ENVI",
		License: "cc-by/4.0", Format: "CSV", Frequency: "jährlich", LandingPage: "https://x.example/", Publisher: "Stadt", ContactEmail: "a@x.example"}
	if len(md.Rows) != 1 || md.Rows[0].Meta != want {
		t.Errorf("rows %+v, want %+v", md.Rows, want)
	}
	md = MustParse(t, []byte("ID,Title,Description,URL,Keywords,Theme,License,Format,Frequency,landing_page,Publisher,contact_email\n"+
		"k1,T,B,https://x.example/a.csv,a,ENVI,cc-by/4.0,CSV,jährlich,https://x.example/,Stadt,a@x.example\n"))
	if len(md.Rows) != 1 || md.Rows[0].Meta != want {
		t.Errorf("English names: rows %+v, want %+v", md.Rows, want)
	}
}

func TestParseMetadataRowNumbersAndBadRows(t *testing.T) {
	body := "title;url;description\n" + // row 1
		"A;a.csv;eins\n" + // 2
		"\n" + // 3: empty, skipped by encoding/csv
		"B;b.csv;\"zwei\nZeilen\"\n" + // 4, over two lines of the file
		";;\n" + // 5: blank
		"C \"Zitat\" D;c.csv;x\n" + // 6: a bare quote
		"D;d.csv\n" + // 7: a cell short
		"E;e.csv;fünf;;\n" + // 8: empty cells beyond the header are fine
		"F;f.csv;x;y\n" // 9: a cell too many
	md := MustParse(t, []byte(body))
	type want struct {
		number int
		title  string
		err    string
	}
	wants := []want{{2, "A", ""}, {4, "B", ""}, {6, "", "Zeile 6 der Metadaten-Datei ist kein gültiges CSV: ein Anführungszeichen steht in einem Text"},
		{7, "", "Zeile 7 der Metadaten-Datei hat 2 Spalten, die Kopfzeile aber 3"}, {8, "E", ""},
		{9, "", "Zeile 9 der Metadaten-Datei hat 4 Spalten"}}
	if len(md.Rows) != len(wants) {
		t.Fatalf("%d rows, want %d: %+v", len(md.Rows), len(wants), md.Rows)
	}
	for i, w := range wants {
		r := md.Rows[i]
		if r.Number != w.number || r.Meta.Title != w.title {
			t.Errorf("row %d: number %d, title %q; want %d, %q", i, r.Number, r.Meta.Title, w.number, w.title)
		}
		switch {
		case w.err == "" && r.Err != nil:
			t.Errorf("row %d: error %v", w.number, r.Err)
		case w.err != "" && (r.Err == nil || !strings.Contains(r.Err.Error(), w.err) || !errors.Is(r.Err, municat.ErrInvalid)):
			t.Errorf("row %d: error %v, want ErrInvalid with %q", w.number, r.Err, w.err)
		}
	}
	if md.Rows[1].Meta.Description != "zwei\nZeilen" {
		t.Errorf("multi-line cell %q", md.Rows[1].Meta.Description)
	}
}

func TestParseMetadataUnusable(t *testing.T) {
	many := "title;url\n" + strings.Repeat("A;a.csv\n", file.MaxRows+1)
	cases := []struct{ name, body, want string }{
		{"empty", "", "ist leer"},
		{"only blank lines", "\n\n\r\n", "ist leer"},
		{"no title", "url;beschreibung\na.csv;x\n", "fehlt die Spalte title (oder titel)"},
		{"neither", "a;b\n1;2\n", "fehlt die Spalte title (oder titel) und die Spalte url (oder datei)"},
		{"twice", "url;Datei;title\n", `zwei Spalten für dasselbe Feld: "url" und "Datei"`},
		{"bad sep line", "sep=\"\ntitle\"url\n", "Trennzeichen"},
		{"broken header", "title;\"url\n", "Kopfzeile"},
		{"too many rows", many, "mehr als 10000 Zeilen"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := file.ParseMetadata([]byte(c.body))
			if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, municat.ErrUnavailable) {
				t.Errorf("error %v, want ErrUnavailable with %q", err, c.want)
			}
		})
	}
}
