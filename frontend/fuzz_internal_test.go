package frontend

import (
	"net/url"
	"testing"
	"unicode/utf8"
)

// FuzzParseParams checks that any query string gives search parameters
// within the page's limits, and that the URL built from them reads back
// the same.
func FuzzParseParams(f *testing.F) {
	for _, s := range []string{"", "q=Baum&theme=ENVI&theme=TRAN&sort=-modified&page=3", "page=-1", "q=%zz", "sort=kaputt&page=99999999999999999999", "keyword=a&keyword=a&lang=en"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, _ := url.ParseQuery(raw)
		p := parseParams(v)
		if p.Page < 1 || p.Page > lastPage(maxResultWindow) || utf8.RuneCountInString(p.Text) > maxQueryLength {
			t.Fatalf("out of limits: %+v", p)
		}
		for name, values := range p.Filters {
			if len(values) > maxFilterValues {
				t.Fatalf("%s: %d values", name, len(values))
			}
		}
		back, err := url.ParseQuery(p.values().Encode())
		if err != nil {
			t.Fatal(err)
		}
		again := parseParams(back)
		if again.Text != p.Text || again.Page != p.Page || again.Sort.Value != p.Sort.Value || len(again.Filters) != len(p.Filters) {
			t.Fatalf("round trip: %+v → %+v", p, again)
		}
	})
}

// FuzzChooseLocale checks that any lang parameter and Accept-Language
// header give one of the page languages.
func FuzzChooseLocale(f *testing.F) {
	for _, s := range [][2]string{{"", "de-DE,de;q=0.9,en;q=0.8"}, {"en", ""}, {"xx", "fr;q=0.1,*;q=0"}, {"", ",;;q=,"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, lang, accept string) {
		k := chooseLocale(lang, accept)
		if k.lang != "de" && k.lang != "en" {
			t.Fatalf("chooseLocale(%q, %q) = %v", lang, accept, k)
		}
	})
}
