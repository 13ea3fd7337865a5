package publish

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/municat/municat"
)

func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Bäume in Groß-Gerau", "ÄÖÜ äöü ß ẞ", "Café Crème", "  --x--  ", "!!!", "a.b.c", "İstanbul", strings.Repeat("Straße ", 30), "\xff\xfe", "日本語 2024"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		s := Slug(title)
		if s == "" {
			return
		}
		if !municat.ValidDatasetID(s) || strings.ContainsAny(s, "._") || len(s) > maxSlug || strings.Contains(s, "--") {
			t.Fatalf("Slug(%q) = %q", title, s)
		}
		if again := Slug(s); again != s {
			t.Fatalf("Slug(%q) = %q, but Slug(%q) = %q", title, s, s, again)
		}
		if len(s)+len("-123") <= 162 && !municat.ValidDatasetID(s+"-123") {
			t.Fatalf("%q with a count is no id", s)
		}
	})
}

func FuzzSniff(f *testing.F) {
	seeds := []struct{ name, body string }{
		{"a.csv", "a;b\n1;2\n"}, {"a.csv", "a\x00b"}, {"a.json", "{}"}, {"a.json", "x"}, {"a.xlsx", "PK\x03\x04"},
		{"a.html", "<html>"}, {"a.csv", "<!DOCTYPE html>"}, {"a.xml", "<svg/>"}, {"a", "MZ\x90\x00"}, {"a.pdf", "%PDF-1.4"},
		{"a.txt", "\xff\xfea\x00b\x00"}, {"../../etc/passwd", "root"}, {"a.SVG", "x"}, {"a.gml", "<?xml version='1.0'?><gml/>"},
	}
	for _, s := range seeds {
		f.Add(s.name, []byte(s.body), "")
	}
	f.Add("daten", []byte("a;b\n"), "text/csv")
	f.Fuzz(func(t *testing.T, name string, body []byte, declared string) {
		head := body[:min(len(body), sniffLen)]
		clean := cleanFileName(name)
		if strings.ContainsAny(clean, "/\\\x00\n") || !utf8.ValidString(clean) || len(clean) > 120 {
			t.Fatalf("cleanFileName(%q) = %q", name, clean)
		}
		mt, format, err := sniff(clean, head, declared)
		if err != nil {
			if municat.ErrorCode(err) != municat.EINVALID || municat.ErrorMessage(err) == "" {
				t.Fatalf("sniff(%q): %v", clean, err)
			}
			return
		}
		switch {
		case mt == "" || strings.Contains(mt, "html") || strings.Contains(mt, "svg") || strings.Contains(mt, "javascript"):
			t.Fatalf("sniff(%q, %q) = %q", clean, head, mt)
		case strings.HasPrefix(mt, "text/") && bytes.IndexByte(head, 0) >= 0 && !bytes.HasPrefix(head, []byte("\xff\xfe")) && !bytes.HasPrefix(head, []byte("\xfe\xff")):
			t.Fatalf("binary %q accepted as %s", head, mt)
		case hasActiveMarkup(head) && (strings.Contains(mt, "xml") || mt == "application/octet-stream"):
			t.Fatalf("markup %q accepted as %s", head, mt)
		}
		_ = format
	})
}
