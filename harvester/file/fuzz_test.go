package file

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// FuzzParseMetadata feeds arbitrary bytes to the metadata CSV parser and
// maps every row it returns. Nothing may panic; rows come in order with
// numbers from 2; a row is either an error or cells; every string is
// valid UTF-8; a row that maps without problems gives a dataset that
// passes validation once the Runner has given it an id, and a store key
// that is valid.
func FuzzParseMetadata(f *testing.F) {
	dir := "../../testdata/fixtures/municipal-data"
	entries, err := os.ReadDir(dir)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			f.Fatal(err)
		}
		// The head is what matters to the parser; big seeds make the
		// fuzzer spend its time minimising.
		if len(b) > 2<<10 {
			b = b[:2<<10]
		}
		f.Add(b)
	}
	for _, s := range []string{
		"\ufeffKennung;Titel;Datei;Schlagwörter;Kategorie;Kontakt-E-Mail\r\nk;Bäume;b.csv;a;b,c;ENVI;x@y.de\r\n",
		"sep=,\ntitle,url,themes,frequency,landing_page\nA,https://x.example/a b.csv,Umwelt,täglich,https://x.example/\n",
		"title\turl\n\"a\nb\"\t../%00x.csv\n\n\t\n",
		"title;url\n\"x\"y;z\nC \"q\" D;e.csv\n\"open;f.csv\n",
		"\xff\xfet\x00i\x00t\x00l\x00e\x00;\x00u\x00r\x00l\x00\n\x00",
		"titel;datei\nB\xe4ume \x96 Stra\xdfen;b.csv\n",
		"title;url;id\nA;https://x.example/;\nB;https://x.example/%FF%0A.csv;\n",
	} {
		f.Add([]byte(s))
	}
	base, _ := url.Parse("https://daten.example/export/metadaten.csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		md, err := ParseMetadata(data)
		if err != nil {
			if municat.ErrorMessage(err) == "Interner Fehler." {
				t.Fatalf("error without a message: %v", err)
			}
			return
		}
		last := 1
		for _, row := range md.Rows {
			if row.Number <= last {
				t.Fatalf("row number %d after %d", row.Number, last)
			}
			last = row.Number
			if row.Err != nil {
				if row.Meta != (Meta{}) {
					t.Fatalf("row %d has an error and cells", row.Number)
				}
				continue
			}
			for _, s := range []string{row.Meta.ID, row.Meta.Title, row.Meta.URL, row.Meta.Keywords, row.Meta.Description} {
				if !utf8.ValidString(s) {
					t.Fatalf("row %d: invalid UTF-8 %q", row.Number, s)
				}
			}
			e, err := mapMeta(row.Meta, base)
			if err != nil {
				continue
			}
			if e.remoteID == "" || e.fileURL == "" {
				t.Fatalf("row %d mapped without id or address: %+v", row.Number, e)
			}
			d := *e.dataset
			d.ID = municat.DatasetID("fuzz", e.remoteID)
			d.State = municat.Published
			if err := d.Validate(); err != nil {
				t.Fatalf("row %d maps to an invalid dataset: %v", row.Number, err)
			}
			name := e.name
			if name == "" {
				name = "data"
			}
			if key := catalog.FileVersionKey(d.ID, distID, "0123456789abcdef", name); !municat.ValidKey(key) {
				t.Fatalf("row %d: invalid store key %q", row.Number, key)
			}
		}
	})
}

func TestIDFromName(t *testing.T) {
	cases := map[string]string{
		"Bäume 2024.csv":                   "baeume-2024",
		"neckarsulm.csv":                   "neckarsulm",
		"freiburg_disabled_static.geojson": "freiburg_disabled_static",
		"--Straßen--.tar.gz":               "strassen-tar",
		"....csv":                          "",
		"":                                 "",
		strings.Repeat("a", 90) + ".csv":   strings.Repeat("a", 80),
	}
	for in, want := range cases {
		if got := idFromName(in); got != want {
			t.Errorf("idFromName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFileName(t *testing.T) {
	long := strings.Repeat("ä", 80) + ".csv"
	cases := map[string]string{
		"/export/neckarsulm.csv": "neckarsulm.csv",
		"/":                      "",
		"":                       "",
		"/a/..":                  "",
		"/a/b\x01c\\d.csv":       "b_c_d.csv",
		"/x/" + long:             strings.Repeat("ä", 48) + ".csv",
	}
	for in, want := range cases {
		if got := fileName(in); got != want {
			t.Errorf("fileName(%q) = %q, want %q", in, got, want)
		}
	}
}
