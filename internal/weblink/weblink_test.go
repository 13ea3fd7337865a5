package weblink_test

import (
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/municat/municat/internal/weblink"
)

func mustURL(tb testing.TB, s string) *url.URL {
	tb.Helper()
	u, err := url.Parse(s)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

func TestFormat(t *testing.T) {
	got := weblink.Format(
		weblink.Link{URL: "https://daten.example.de/api/v1/datasets?page=2", Rel: weblink.Next},
		weblink.Link{URL: "/a b<c>ä", Rel: `la"st`},
	)
	want := `<https://daten.example.de/api/v1/datasets?page=2>; rel="next", </a%20b%3Cc%3E%C3%A4>; rel="last"`
	if got != want {
		t.Fatalf("Format = %s\nwant     %s", got, want)
	}
	if weblink.Format() != "" {
		t.Fatal("no links must give an empty header")
	}
}

func TestPages(t *testing.T) {
	u := mustURL(t, "https://daten.example.de/api/v1/datasets?q=B%C3%A4ume&page=3&theme=ENVI")
	rels := func(links []weblink.Link) map[string]string {
		m := map[string]string{}
		for _, l := range links {
			m[l.Rel] = mustURL(t, l.URL).Query().Get("page")
			if q := mustURL(t, l.URL).Query(); q.Get("q") != "Bäume" || q.Get("theme") != "ENVI" {
				t.Fatalf("%s link %s lost the other parameters", l.Rel, l.URL)
			}
		}
		return m
	}
	for _, tc := range []struct {
		page, last int
		want       map[string]string
	}{
		{1, 1, map[string]string{"first": "1", "last": "1"}},
		{1, 5, map[string]string{"first": "1", "next": "2", "last": "5"}},
		{3, 5, map[string]string{"first": "1", "prev": "2", "next": "4", "last": "5"}},
		{5, 5, map[string]string{"first": "1", "prev": "4", "last": "5"}},
		{9, 5, map[string]string{"first": "1", "prev": "5", "last": "5"}},
		{1, 0, map[string]string{"first": "1", "last": "1"}},
	} {
		if got := rels(weblink.Pages(u, "page", tc.page, tc.last)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Pages(page %d of %d) = %v, want %v", tc.page, tc.last, got, tc.want)
		}
	}
	if u.Query().Get("page") != "3" {
		t.Fatal("Pages changed its URL")
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   []weblink.Link
	}{
		{``, nil},
		{`<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=5>; rel="last"`,
			[]weblink.Link{{URL: "https://api.github.com/repositories/1/issues?page=2", Rel: "next"}, {URL: "https://api.github.com/repositories/1/issues?page=5", Rel: "last"}}},
		{`</a,b>;rel=NEXT;title="x, y; z"`, []weblink.Link{{URL: "/a,b", Rel: "next"}}},
		{`<http://example.com/>; rel="start http://example.net/relation/other"`,
			[]weblink.Link{{URL: "http://example.com/", Rel: "start"}, {URL: "http://example.com/", Rel: "http://example.net/relation/other"}}},
		{`</x>; title="no rel", </y>; rel=prev; rel=next`, []weblink.Link{{URL: "/y", Rel: "prev"}}},
		{` , </z>; rel="a\"b"`, []weblink.Link{{URL: "/z", Rel: `a"b`}}},
	} {
		got, err := weblink.Parse(tc.header)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Parse(%s) = %v, %v; want %v", tc.header, got, err, tc.want)
		}
	}
	for _, bad := range []string{`/x; rel=next`, `</x; rel=next`, `</x>; rel="next`, `</x>; =next`, `</x> rel=next`, `</x>; rel=`, "</\x01>; rel=next"} {
		if _, err := weblink.Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted a malformed header", bad)
		}
	}
}

// FuzzParse feeds Parse arbitrary headers and checks that what Format
// writes Parse reads back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<https://daten.example.de/api/v1/datasets?page=1&per_page=20>; rel="first", <https://daten.example.de/api/v1/datasets?page=2&per_page=20>; rel="next"`,
		`<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=5>; rel="last"`,
		`</TheBook/chapter2>; rel="previous"; title*=UTF-8'de'letztes%20Kapitel`,
		`<http://example.com/>; rel="start http://example.net/relation/other"`,
		``, `<>`, `<x>;;`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		links, err := weblink.Parse(header)
		if err != nil {
			return
		}
		if len(links) > 64 {
			t.Fatalf("%d links", len(links))
		}
		var again []weblink.Link
		for _, l := range links {
			if l.Rel == "" || l.Rel != strings.ToLower(l.Rel) {
				t.Fatalf("rel %q from %q", l.Rel, header)
			}
			if sanitizedRel(l.Rel) != "" {
				again = append(again, l)
			}
		}
		back, err := weblink.Parse(weblink.Format(again...))
		if err != nil {
			t.Fatalf("Parse(Format(%v)): %v", again, err)
		}
		if len(back) != len(again) {
			t.Fatalf("round trip of %q: %v, then %v", header, again, back)
		}
		for i := range back {
			if back[i].Rel != sanitizedRel(again[i].Rel) {
				t.Fatalf("round trip of %q changed rel %q to %q", header, again[i].Rel, back[i].Rel)
			}
			if want := encodedTarget(again[i].URL); back[i].URL != want {
				t.Fatalf("round trip of %q changed URL %q to %q", header, again[i].URL, back[i].URL)
			}
		}
	})
}

// sanitizedRel is rel without the characters Format drops.
func sanitizedRel(rel string) string {
	out := []byte{}
	for i := 0; i < len(rel); i++ {
		if c := rel[i]; c > ' ' && c < 0x7f && c != '"' && c != '\\' {
			out = append(out, c)
		}
	}
	return string(out)
}

// encodedTarget is u as Format writes it: bytes a Link header cannot carry
// between "<" and ">" are percent-encoded.
func encodedTarget(u string) string {
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		if c := u[i]; c <= ' ' || c >= 0x7f || c == '<' || c == '>' {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}
