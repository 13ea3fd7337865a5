package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

type pURLSet struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []pURL   `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

type pURL struct {
	Loc     string       `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
	LastMod string       `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
	Links   []pXHTMLLink `xml:"http://www.w3.org/1999/xhtml link"`
}

type pXHTMLLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

type pIndex struct {
	XMLName  xml.Name   `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []pURLBase `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemap"`
}

type pURLBase struct {
	Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
	LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
}

func TestWriteSitemap(t *testing.T) {
	urls := []URL{
		{
			Loc:     "https://daten.musterstadt.example/dataset/baumkataster",
			LastMod: time.Date(2026, 1, 9, 23, 30, 0, 0, berlin),
			Alternates: []Alternate{
				{Lang: "de", Href: "https://daten.musterstadt.example/dataset/baumkataster"},
				{Lang: "en", Href: "https://daten.musterstadt.example/dataset/baumkataster?lang=en"},
			},
		},
		{Loc: "https://daten.musterstadt.example/search?q=B%C3%A4ume&format=CSV"},
	}
	var buf bytes.Buffer
	if err := WriteSitemap(&buf, urls); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	wellFormed(t, b)
	if !bytes.Contains(b, []byte(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">`)) {
		t.Errorf("unexpected urlset: %.160s", b)
	}
	if !bytes.Contains(b, []byte(`<xhtml:link rel="alternate" hreflang="en" href="https://daten.musterstadt.example/dataset/baumkataster?lang=en">`)) {
		t.Errorf("no prefixed xhtml:link: %s", b)
	}
	var got pURLSet
	if err := xml.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.URLs) != 2 {
		t.Fatalf("%d urls", len(got.URLs))
	}
	u := got.URLs[0]
	// The date is the page's own: 23:30 in Berlin is still the 9th.
	if u.Loc != urls[0].Loc || u.LastMod != "2026-01-09" {
		t.Errorf("url 0 = %+v", u)
	}
	want := []pXHTMLLink{{"alternate", "de", urls[0].Alternates[0].Href}, {"alternate", "en", urls[0].Alternates[1].Href}}
	if len(u.Links) != 2 || u.Links[0] != want[0] || u.Links[1] != want[1] {
		t.Errorf("alternates = %+v", u.Links)
	}
	if got.URLs[1].Loc != urls[1].Loc || got.URLs[1].LastMod != "" || len(got.URLs[1].Links) != 0 {
		t.Errorf("url 1 = %+v", got.URLs[1])
	}
	if !bytes.Contains(b, []byte("q=B%C3%A4ume&amp;format=CSV")) {
		t.Errorf("& not escaped as &amp;: %s", b)
	}
}

func TestWriteSitemapWithoutAlternates(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSitemap(&buf, []URL{{Loc: "https://p.example/"}}); err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://p.example/</loc></url></urlset>`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	buf.Reset()
	if err := WriteSitemap(&buf, nil); err != nil {
		t.Fatal(err)
	}
	wellFormed(t, buf.Bytes())
}

func TestWriteSitemapEscaping(t *testing.T) {
	loc := `https://p.example/?a=1&b="2"&c=<3>&d='4'` + "\x01\x00"
	var buf bytes.Buffer
	err := WriteSitemap(&buf, []URL{{Loc: loc, Alternates: []Alternate{{Lang: `en"x`, Href: loc}}}})
	if err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	wellFormed(t, b)
	var got pURLSet
	if err := xml.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	clean := `https://p.example/?a=1&b="2"&c=<3>&d='4'`
	if got.URLs[0].Loc != clean || got.URLs[0].Links[0].Href != clean || got.URLs[0].Links[0].Hreflang != `en"x` {
		t.Errorf("round trip = %+v", got.URLs[0])
	}
	for _, raw := range []string{`"2"`, "<3>", "&b", "\x01", "\x00"} {
		if bytes.Contains(b, []byte(raw)) {
			t.Errorf("output holds raw %q: %s", raw, b)
		}
	}
}

func TestWriteSitemapErrors(t *testing.T) {
	long := "https://p.example/" + strings.Repeat("x", MaxLocLength)
	tests := []struct {
		name string
		urls []URL
		want error
	}{
		{"empty loc", []URL{{Loc: "https://p.example/"}, {Loc: " "}}, ErrBadLoc},
		{"control characters only", []URL{{Loc: "\x00\x01"}}, ErrBadLoc},
		{"too long", []URL{{Loc: long}}, ErrBadLoc},
		{"alternate without href", []URL{{Loc: "https://p.example/", Alternates: []Alternate{{Lang: "en"}}}}, ErrBadLoc},
		{"alternate without lang", []URL{{Loc: "https://p.example/", Alternates: []Alternate{{Href: "https://p.example/?lang=en"}}}}, ErrBadLoc},
		{"too many", make([]URL, MaxURLs+1), ErrTooManyURLs},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		if err := WriteSitemap(&buf, tt.urls); !errors.Is(err, tt.want) {
			t.Errorf("%s: error = %v, want %v", tt.name, err, tt.want)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes before failing", tt.name, buf.Len())
		}
	}
}

func TestWriteSitemapLimits(t *testing.T) {
	urls := make([]URL, MaxURLs)
	for i := range urls {
		urls[i] = URL{Loc: fmt.Sprintf("https://p.example/dataset/%d", i)}
	}
	var buf bytes.Buffer
	if err := WriteSitemap(&buf, urls); err != nil {
		t.Fatalf("%d URLs: %v", MaxURLs, err)
	}
	var got pURLSet
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil || len(got.URLs) != MaxURLs {
		t.Fatalf("read back %d URLs, err %v", len(got.URLs), err)
	}
	urls = append(urls, URL{Loc: "https://p.example/one-more"})
	if err := WriteSitemap(io.Discard, urls); !errors.Is(err, ErrTooManyURLs) {
		t.Errorf("%d URLs: error = %v, want ErrTooManyURLs", len(urls), err)
	}
}

func TestWriteSitemapTooLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100 MB")
	}
	// 50,000 URLs of 2,000 characters make 100 MB.
	loc := "https://p.example/" + strings.Repeat("x", 1980)
	urls := make([]URL, MaxURLs)
	for i := range urls {
		urls[i] = URL{Loc: loc}
	}
	cw := &countWriter{}
	if err := WriteSitemap(cw, urls); !errors.Is(err, ErrTooLarge) {
		t.Errorf("error = %v, want ErrTooLarge", err)
	}
	if cw.n > MaxBytes {
		t.Errorf("wrote %d bytes, more than %d", cw.n, MaxBytes)
	}
}

type countWriter struct{ n int }

func (c *countWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

func TestLimitWriter(t *testing.T) {
	var buf bytes.Buffer
	lw := &limitWriter{w: &buf, left: 5}
	if n, err := lw.Write([]byte("abc")); n != 3 || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if n, err := lw.Write([]byte("def")); n != 0 || !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Write over the limit = %d, %v", n, err)
	}
	if buf.String() != "abc" || !errors.Is(lw.err(errWrite), ErrTooLarge) {
		t.Errorf("buf = %q, err = %v", buf.String(), lw.err(errWrite))
	}
	if err := (&limitWriter{}).err(errWrite); err != errWrite {
		t.Errorf("err = %v, want the write error", err)
	}
}

func TestWriteSitemapWriteError(t *testing.T) {
	urls := make([]URL, 1000)
	for i := range urls {
		urls[i] = URL{Loc: fmt.Sprintf("https://p.example/dataset/%d", i)}
	}
	for _, n := range []int{0, 100, 10_000} {
		if err := WriteSitemap(&failWriter{n: n}, urls); !errors.Is(err, errWrite) {
			t.Errorf("after %d bytes: error = %v", n, err)
		}
	}
}

func TestWriteSitemapIndex(t *testing.T) {
	refs := []SitemapRef{
		{Loc: "https://p.example/sitemap-datasets-1.xml", LastMod: time.Date(2026, 1, 9, 10, 0, 0, 0, time.UTC)},
		{Loc: "https://p.example/sitemap-pages.xml?x=1&y=2"},
	}
	var buf bytes.Buffer
	if err := WriteSitemapIndex(&buf, refs); err != nil {
		t.Fatal(err)
	}
	wellFormed(t, buf.Bytes())
	want := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
		`<sitemap><loc>https://p.example/sitemap-datasets-1.xml</loc><lastmod>2026-01-09</lastmod></sitemap>` +
		`<sitemap><loc>https://p.example/sitemap-pages.xml?x=1&amp;y=2</loc></sitemap></sitemapindex>`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	var got pIndex
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil || len(got.Sitemaps) != 2 || got.Sitemaps[1].Loc != refs[1].Loc {
		t.Errorf("read back %+v, %v", got, err)
	}

	buf.Reset()
	if err := WriteSitemapIndex(&buf, make([]SitemapRef, MaxURLs+1)); !errors.Is(err, ErrTooManyURLs) || buf.Len() != 0 {
		t.Errorf("too many: error = %v, %d bytes", err, buf.Len())
	}
	if err := WriteSitemapIndex(&buf, []SitemapRef{{}}); !errors.Is(err, ErrBadLoc) || buf.Len() != 0 {
		t.Errorf("empty loc: error = %v, %d bytes", err, buf.Len())
	}
	if err := WriteSitemapIndex(&failWriter{n: 10}, refs); !errors.Is(err, errWrite) {
		t.Errorf("write error = %v", err)
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain Äöü €😀", "plain Äöü €😀"},
		{"a\x00b\x01c\x1fd", "abcd"},
		{"tab\tlf\ncr\r", "tab\tlf\ncr\r"},
		{"del\x7f c1\u0080\u009f nel\u0085", "del c1 nel"},
		{"nonchar\ufffe\uffff", "nonchar"},
		{"bad\xff\xfeutf8\xc3", "badutf8"},
		{"keep\ufffd", "keep\ufffd"},
		{"\U0010FFFF", "\U0010FFFF"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func BenchmarkWriteSitemap10000(b *testing.B) {
	urls := make([]URL, 10_000)
	mod := time.Date(2026, 1, 9, 0, 0, 0, 0, time.UTC)
	for i := range urls {
		loc := fmt.Sprintf("https://daten.musterstadt.example/dataset/musterstadt-dataset-%d", i)
		urls[i] = URL{Loc: loc, LastMod: mod, Alternates: []Alternate{{"de", loc}, {"en", loc + "?lang=en"}}}
	}
	cw := &countWriter{}
	if err := WriteSitemap(cw, urls); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(cw.n))
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteSitemap(io.Discard, urls); err != nil {
			b.Fatal(err)
		}
	}
}
