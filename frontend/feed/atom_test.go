package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// Parsed Atom, with namespaces: decoding fails to match elements that are
// not in the Atom namespace.
type pFeed struct {
	XMLName   xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID        string   `xml:"http://www.w3.org/2005/Atom id"`
	Title     pText    `xml:"http://www.w3.org/2005/Atom title"`
	Subtitle  string   `xml:"http://www.w3.org/2005/Atom subtitle"`
	Updated   string   `xml:"http://www.w3.org/2005/Atom updated"`
	Author    *pPerson `xml:"http://www.w3.org/2005/Atom author"`
	Links     []pLink  `xml:"http://www.w3.org/2005/Atom link"`
	Generator string   `xml:"http://www.w3.org/2005/Atom generator"`
	Entries   []pEntry `xml:"http://www.w3.org/2005/Atom entry"`
}

type pText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type pPerson struct {
	Name  string `xml:"http://www.w3.org/2005/Atom name"`
	URI   string `xml:"http://www.w3.org/2005/Atom uri"`
	Email string `xml:"http://www.w3.org/2005/Atom email"`
}

type pLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

type pEntry struct {
	ID         string      `xml:"http://www.w3.org/2005/Atom id"`
	Title      string      `xml:"http://www.w3.org/2005/Atom title"`
	Updated    string      `xml:"http://www.w3.org/2005/Atom updated"`
	Published  string      `xml:"http://www.w3.org/2005/Atom published"`
	Author     *pPerson    `xml:"http://www.w3.org/2005/Atom author"`
	Links      []pLink     `xml:"http://www.w3.org/2005/Atom link"`
	Summary    string      `xml:"http://www.w3.org/2005/Atom summary"`
	Categories []pCategory `xml:"http://www.w3.org/2005/Atom category"`
}

type pCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr"`
	Label  string `xml:"label,attr"`
}

var (
	berlin = time.FixedZone("CET", 3600)
	t1     = time.Date(2026, 1, 9, 23, 30, 0, 0, berlin)
	t2     = time.Date(2026, 2, 1, 8, 15, 30, 123456789, time.UTC)
	t0     = time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC)
)

func sampleFeed() Feed {
	return Feed{
		ID:        "https://daten.musterstadt.example/feed/datasets",
		Title:     "Neue Datensätze – Open Data Musterstadt",
		Subtitle:  "Die zuletzt geänderten Datensätze",
		Lang:      "de",
		Author:    Person{Name: "Stadt Musterstadt", URI: "https://www.musterstadt.example/", Email: "opendata@musterstadt.example"},
		SelfURL:   "https://daten.musterstadt.example/feed/datasets.atom",
		HTMLURL:   "https://daten.musterstadt.example/search",
		Generator: "municat",
		Entries: []Entry{
			{
				ID:        "https://daten.musterstadt.example/dataset/baumkataster",
				Title:     "Baumkataster",
				Updated:   t2,
				Published: t0,
				Link:      "https://daten.musterstadt.example/dataset/baumkataster",
				Summary:   "Alle Bäume im öffentlichen Raum.",
				Categories: []Category{
					{Term: "Bäume"},
					{Term: "ENVI", Scheme: "http://publications.europa.eu/resource/authority/data-theme/", Label: "Umwelt"},
					{Term: " "},
				},
				Author: Person{Name: "Grünflächenamt"},
			},
			{
				Title:   "Haushaltsplan",
				Updated: t1,
				Link:    "https://daten.musterstadt.example/dataset/haushalt",
			},
		},
	}
}

func writeAtom(t *testing.T, f Feed) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteAtom(&buf, f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func parseFeed(t *testing.T, b []byte) pFeed {
	t.Helper()
	wellFormed(t, b)
	var f pFeed
	if err := xml.Unmarshal(b, &f); err != nil {
		t.Fatalf("unmarshal: %v\n%s", err, b)
	}
	return f
}

// wellFormed fails unless b is a well-formed XML document in UTF-8 with
// one root element.
func wellFormed(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n")) {
		t.Errorf("no XML declaration: %.60s", b)
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	depth, roots := 0, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, b)
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 || depth != 0 {
		t.Fatalf("%d root elements, depth %d", roots, depth)
	}
}

func TestWriteAtom(t *testing.T) {
	b := writeAtom(t, sampleFeed())
	f := parseFeed(t, b)
	if f.Lang != "de" {
		t.Errorf("xml:lang = %q", f.Lang)
	}
	if !bytes.Contains(b, []byte(`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">`)) {
		t.Errorf("unexpected feed start: %.120s", b)
	}
	if f.ID != "https://daten.musterstadt.example/feed/datasets" || f.Title.Text != "Neue Datensätze – Open Data Musterstadt" || f.Subtitle != "Die zuletzt geänderten Datensätze" {
		t.Errorf("feed metadata = %q %q %q", f.ID, f.Title.Text, f.Subtitle)
	}
	// Updated defaults to the latest entry.
	if f.Updated != "2026-02-01T08:15:30Z" {
		t.Errorf("updated = %q", f.Updated)
	}
	if f.Author == nil || *f.Author != (pPerson{"Stadt Musterstadt", "https://www.musterstadt.example/", "opendata@musterstadt.example"}) {
		t.Errorf("author = %+v", f.Author)
	}
	wantLinks := []pLink{
		{"self", "application/atom+xml", "https://daten.musterstadt.example/feed/datasets.atom"},
		{"alternate", "text/html", "https://daten.musterstadt.example/search"},
	}
	if len(f.Links) != 2 || f.Links[0] != wantLinks[0] || f.Links[1] != wantLinks[1] {
		t.Errorf("links = %+v", f.Links)
	}
	if f.Generator != "municat" {
		t.Errorf("generator = %q", f.Generator)
	}
	if len(f.Entries) != 2 {
		t.Fatalf("%d entries", len(f.Entries))
	}
	e := f.Entries[0]
	if e.ID != "https://daten.musterstadt.example/dataset/baumkataster" || e.Title != "Baumkataster" ||
		e.Updated != "2026-02-01T08:15:30Z" || e.Published != "2020-03-01T00:00:00Z" ||
		e.Summary != "Alle Bäume im öffentlichen Raum." {
		t.Errorf("entry 0 = %+v", e)
	}
	if e.Author == nil || e.Author.Name != "Grünflächenamt" {
		t.Errorf("entry 0 author = %+v", e.Author)
	}
	if len(e.Links) != 1 || e.Links[0] != (pLink{"alternate", "text/html", "https://daten.musterstadt.example/dataset/baumkataster"}) {
		t.Errorf("entry 0 links = %+v", e.Links)
	}
	wantCats := []pCategory{{Term: "Bäume"}, {"ENVI", "http://publications.europa.eu/resource/authority/data-theme/", "Umwelt"}}
	if len(e.Categories) != 2 || e.Categories[0] != wantCats[0] || e.Categories[1] != wantCats[1] {
		t.Errorf("entry 0 categories = %+v", e.Categories)
	}
	// Entry 1: the id falls back to the link, the time keeps its zone.
	e = f.Entries[1]
	if e.ID != "https://daten.musterstadt.example/dataset/haushalt" || e.Updated != "2026-01-09T23:30:00+01:00" || e.Published != "" || e.Author != nil || e.Summary != "" {
		t.Errorf("entry 1 = %+v", e)
	}
	for _, ts := range []string{f.Updated, f.Entries[0].Updated, f.Entries[0].Published, f.Entries[1].Updated} {
		if _, err := time.Parse(time.RFC3339, ts); err != nil {
			t.Errorf("date %q is not RFC 3339", ts)
		}
	}
}

func TestWriteAtomAuthorFallback(t *testing.T) {
	f := sampleFeed()
	f.Author = Person{}
	// Entry 1 has no author, so the feed needs one: its title.
	got := parseFeed(t, writeAtom(t, f))
	if got.Author == nil || got.Author.Name != f.Title {
		t.Errorf("author = %+v, want the title", got.Author)
	}
	// With an author on every entry, the feed needs none.
	f.Entries[1].Author = Person{Name: "Kämmerei"}
	got = parseFeed(t, writeAtom(t, f))
	if got.Author != nil {
		t.Errorf("author = %+v, want none", got.Author)
	}
}

func TestWriteAtomEmpty(t *testing.T) {
	got := parseFeed(t, writeAtom(t, Feed{ID: "urn:x", Title: "Leer", Updated: t1}))
	if len(got.Entries) != 0 || got.Updated != "2026-01-09T23:30:00+01:00" || got.Author == nil || got.Author.Name != "Leer" {
		t.Errorf("empty feed = %+v", got)
	}
	if got.Lang != "" {
		t.Errorf("xml:lang = %q, want none", got.Lang)
	}
}

func TestWriteAtomEscaping(t *testing.T) {
	evil := `</title><script>alert("x")</script> & 'quotes' <![CDATA[ ]]> &amp;`
	f := Feed{
		ID:      "https://p.example/feed?a=1&b=2",
		Title:   evil,
		Lang:    `de" onload="x`,
		SelfURL: `https://p.example/feed?a=1&b="2"`,
		Author:  Person{Name: evil, URI: `https://p.example/?x=<y>`},
		Entries: []Entry{{
			ID: "https://p.example/d?a=1&b=2", Title: evil, Updated: t1, Summary: evil,
			Link:       `https://p.example/d?a=1&b="2"&c=<3>`,
			Categories: []Category{{Term: evil, Scheme: `https://s.example/?a="1"&b=<2>`, Label: evil}},
			Author:     Person{Name: evil},
		}},
	}
	b := writeAtom(t, f)
	got := parseFeed(t, b)
	if got.Title.Text != evil || got.Entries[0].Title != evil || got.Entries[0].Summary != evil ||
		got.Author.Name != evil || got.Entries[0].Categories[0].Term != evil || got.Entries[0].Categories[0].Label != evil {
		t.Errorf("texts did not survive the round trip: %+v", got)
	}
	if got.Lang != `de" onload="x` || got.Links[0].Href != `https://p.example/feed?a=1&b="2"` ||
		got.Entries[0].Links[0].Href != `https://p.example/d?a=1&b="2"&c=<3>` ||
		got.Entries[0].Categories[0].Scheme != `https://s.example/?a="1"&b=<2>` {
		t.Errorf("attributes did not survive the round trip: %s", b)
	}
	for _, raw := range []string{"<script", "</title><script", `"2"`, "<3>", "<![CDATA["} {
		if bytes.Contains(b, []byte(raw)) {
			t.Errorf("output holds unescaped %q", raw)
		}
	}
}

func TestWriteAtomControlCharacters(t *testing.T) {
	dirty := "Bäume\x00\x01\x08\x0b\x0c\x1f\x7f\u0085\ufffe\uffff\xff\xfe|\t\n\r|\ufffd|😀"
	want := "Bäume|\t\n\r|\ufffd|😀" // the text keeps tab and line breaks; XML turns \r into \n on reading
	f := Feed{
		ID: "urn:x" + dirty, Title: dirty, Subtitle: dirty, Updated: t1, Lang: "de\x00",
		Author: Person{Name: dirty}, SelfURL: "https://p.example/\x01",
		Entries: []Entry{{ID: "urn:e\x02", Title: dirty, Updated: t1, Summary: dirty, Link: "https://p.example/\x03d",
			Categories: []Category{{Term: dirty, Label: dirty}}, Author: Person{Name: dirty}}},
	}
	b := writeAtom(t, f)
	got := parseFeed(t, b)
	norm := strings.ReplaceAll(want, "\r", "\n")
	for name, s := range map[string]string{"title": got.Title.Text, "subtitle": got.Subtitle, "entry title": got.Entries[0].Title, "summary": got.Entries[0].Summary, "author": got.Author.Name} {
		if s != norm && s != want {
			t.Errorf("%s = %q, want %q", name, s, want)
		}
	}
	if got.ID != "urn:x"+want || got.Entries[0].ID != "urn:e" || got.Entries[0].Links[0].Href != "https://p.example/d" || got.Lang != "de" {
		t.Errorf("ids/links/lang not cleaned: %q %q %q %q", got.ID, got.Entries[0].ID, got.Entries[0].Links[0].Href, got.Lang)
	}
}

func TestWriteAtomErrors(t *testing.T) {
	ok := sampleFeed()
	tests := []struct {
		name string
		edit func(*Feed)
		want error
	}{
		{"no id", func(f *Feed) { f.ID = " " }, ErrNoID},
		{"id of control characters", func(f *Feed) { f.ID = "\x00\x01" }, ErrNoID},
		{"no title", func(f *Feed) { f.Title = "" }, ErrNoTitle},
		{"entry without id or link", func(f *Feed) { f.Entries[1].Link = "" }, ErrNoID},
		{"entry with id but without link", func(f *Feed) { f.Entries[0].Link = "\x01" }, ErrNoLink},
		{"entry without times", func(f *Feed) { f.Entries[1].Updated = time.Time{} }, ErrNoUpdated},
		{"no times at all", func(f *Feed) { f.Entries = nil }, ErrNoUpdated},
	}
	for _, tt := range tests {
		f := ok
		f.Entries = append([]Entry(nil), ok.Entries...)
		tt.edit(&f)
		var buf bytes.Buffer
		err := WriteAtom(&buf, f)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: error = %v, want %v", tt.name, err, tt.want)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes before failing", tt.name, buf.Len())
		}
	}
	// Published stands in for a missing Updated.
	f := ok
	f.Entries = []Entry{{ID: "urn:e", Link: "https://p.example/e", Published: t0}}
	got := parseFeed(t, writeAtom(t, f))
	if got.Entries[0].Updated != "2020-03-01T00:00:00Z" || got.Updated != "2020-03-01T00:00:00Z" {
		t.Errorf("updated = %q / %q", got.Entries[0].Updated, got.Updated)
	}
}

// failWriter fails after n bytes.
type failWriter struct{ n int }

var errWrite = errors.New("write failed")

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		n := w.n
		w.n = 0
		return n, errWrite
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWriteAtomWriteError(t *testing.T) {
	f := sampleFeed()
	for range 12 {
		f.Entries = append(f.Entries, f.Entries...)
	}
	for _, n := range []int{0, 10, 1000, 100_000} {
		if err := WriteAtom(&failWriter{n: n}, f); !errors.Is(err, errWrite) {
			t.Errorf("after %d bytes: error = %v, want the write error", n, err)
		}
	}
}

func BenchmarkWriteAtom1000(b *testing.B) {
	f := sampleFeed()
	e := f.Entries[0]
	f.Entries = make([]Entry, 1000)
	for i := range f.Entries {
		f.Entries[i] = e
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteAtom(io.Discard, f); err != nil {
			b.Fatal(err)
		}
	}
}
