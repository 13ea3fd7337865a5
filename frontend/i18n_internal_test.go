package frontend

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestMessageCataloguesComplete checks that German and English have the
// same messages and that every message the templates and the Go code name
// exists, so no visitor ever sees a message id.
func TestMessageCataloguesComplete(t *testing.T) {
	c, err := loadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	de, en := c.ids["de"], c.ids["en"]
	if len(de) < 100 {
		t.Fatalf("only %d German messages", len(de))
	}
	for id := range de {
		if !en[id] {
			t.Errorf("message %q has no English text", id)
		}
	}
	for id := range en {
		if !de[id] {
			t.Errorf("message %q has no German text", id)
		}
	}
	used := regexp.MustCompile(`(?:\{\{-? *(?:t|tn) |Must[TN]\(|Label: )"([a-z_]+\.[a-z_.]+)"`)
	var names []string
	check := func(path string, body []byte) {
		for _, m := range used.FindAllSubmatch(body, -1) {
			id := string(m[1])
			if strings.HasSuffix(id, "_") {
				continue // a prefix completed at run time (checked below)
			}
			names = append(names, id)
			if !de[id] {
				t.Errorf("%s names message %q, which does not exist", path, id)
			}
		}
	}
	err = fs.WalkDir(templateFS, "templates", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		body, err := templateFS.ReadFile(p)
		check(p, body)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("*.go")
	for _, p := range files {
		body, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		check(p, body)
	}
	for _, enc := range []string{"utf-8", "utf-8-bom", "utf-16le", "utf-16be", "windows-1252"} {
		if !de["preview.encoding_"+enc] {
			t.Errorf("no message for encoding %s", enc)
		}
	}
	if !slices.Contains(names, "search.found") || !slices.Contains(names, "sort.relevance") {
		t.Errorf("the scan found too little: %v", names)
	}
}

func TestLocaleFormats(t *testing.T) {
	c, err := loadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	de := c.newLocale(localeKey{lang: "de"}, "")
	en := c.newLocale(localeKey{lang: "en", explicit: true}, "/daten")
	day := time.Date(2026, 12, 3, 23, 30, 0, 0, time.UTC) // 4 December in Berlin
	for _, tt := range []struct{ got, want string }{
		{de.Num(12345), "12.345"}, {en.Num(12345), "12,345"},
		{de.Date(day), "4. Dezember 2026"}, {en.Date(day), "4 December 2026"},
		{de.ShortDate(day), "04.12.2026"}, {en.ShortDate(day), "2026-12-04"},
		{de.Bytes(1400000), "1,4 MB"}, {en.Bytes(1400000), "1.4 MB"}, {de.Bytes(999), "999 B"},
		{de.MustN("search.found", 1), "1 Datensatz gefunden"}, {de.MustN("search.found", 1234), "1.234 Datensätze gefunden"},
		{en.MustN("search.found", 2), "2 datasets found"},
		{de.Link("/dataset", nil), "/dataset"}, {en.Link("/dataset", nil), "/daten/dataset?lang=en"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestChooseLocale(t *testing.T) {
	for _, tt := range []struct {
		param, accept string
		want          localeKey
	}{
		{"", "", localeKey{lang: "de"}},
		{"", "en-US,en;q=0.9", localeKey{lang: "en"}},
		{"", "fr-FR,fr;q=0.9,en;q=0.5", localeKey{lang: "en"}},
		{"", "de-AT,en;q=0.5", localeKey{lang: "de"}},
		{"", "fr", localeKey{lang: "de"}},
		{"de", "en", localeKey{lang: "de", explicit: true}},
		{"en", "", localeKey{lang: "en", explicit: true}},
		{"xx", "en", localeKey{lang: "en"}},
		{"", "%%%garbage", localeKey{lang: "de"}},
	} {
		if got := chooseLocale(tt.param, tt.accept); got != tt.want {
			t.Errorf("chooseLocale(%q, %q) = %v, want %v", tt.param, tt.accept, got, tt.want)
		}
	}
}

func TestSpellingSuggestion(t *testing.T) {
	s := &speller{words: map[string]int{"baumkataster": 3, "haushalt": 5, "haushaltsplan": 2}, read: time.Now()}
	for _, tt := range []struct{ in, want string }{
		{"Baumkatatser", "baumkataster"},
		{"Hauhsalt", "haushalt"},
		{"Haushalt", ""},
		{"xyzzyqq", ""},
	} {
		if got := s.suggest(t.Context(), nil, tt.in); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if d := editDistance("kitten", "sitting", 5); d != 3 {
		t.Errorf("editDistance = %d, want 3", d)
	}
}
