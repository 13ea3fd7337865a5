package feed

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// AtomNS is the Atom 1.0 namespace.
const AtomNS = "http://www.w3.org/2005/Atom"

// AtomType is the media type of Atom feeds, for Content-Type headers and
// rel=self links.
const AtomType = "application/atom+xml"

// Feed is an Atom feed: its metadata and entries.
type Feed struct {
	// ID is the feed's permanent, unique IRI (atom:id), e.g. the feed URL.
	// Required.
	ID string
	// Title is the feed's title as plain text. Required.
	Title string
	// Subtitle is an optional plain-text description of the feed.
	Subtitle string
	// Updated is when the feed last changed; the zero time means the
	// latest Updated of the entries.
	Updated time.Time
	// Lang is the language of the feed's texts, written as xml:lang on the
	// feed, e.g. "de". Optional.
	Lang string
	// Author is the feed's author. Atom requires an author on the feed or
	// on every entry; when Author.Name is empty and an entry has no author,
	// the feed's Title is used as the author's name.
	Author Person
	// SelfURL is the URL the feed is served at (link rel="self").
	SelfURL string
	// HTMLURL is the web page the feed belongs to (link rel="alternate"
	// type="text/html").
	HTMLURL string
	// Generator names the software that wrote the feed, e.g. "municat".
	// Optional.
	Generator string
	// Entries are the feed's entries, written in order.
	Entries []Entry
}

// Person is an Atom person construct: an author.
type Person struct {
	// Name is the person's or body's name; a Person without a name is not
	// written.
	Name string
	// URI is an optional IRI associated with the person, e.g. a homepage.
	URI string
	// Email is an optional e-mail address.
	Email string
}

// Entry is one entry of an Atom feed, e.g. a dataset.
type Entry struct {
	// ID is the entry's permanent, unique IRI (atom:id), e.g. the dataset
	// page URL; it must not change when the entry changes. Empty means
	// Link.
	ID string
	// Title is the entry's title as plain text.
	Title string
	// Updated is when the entry last changed; the zero time means
	// Published. One of them is required.
	Updated time.Time
	// Published is when the entry was first published; optional.
	Published time.Time
	// Link is the entry's web page (link rel="alternate" type="text/html").
	// Required: an Atom entry without content must link to its page.
	Link string
	// Summary is a plain-text summary, e.g. the description shortened;
	// optional.
	Summary string
	// Categories are the entry's categories, e.g. keywords and themes.
	Categories []Category
	// Author is the entry's author, e.g. the dataset's publisher; optional.
	Author Person
}

// Category is an Atom category.
type Category struct {
	// Term identifies the category, e.g. a keyword or "ENVI". Categories
	// with an empty Term are not written.
	Term string
	// Scheme is an optional IRI of the vocabulary Term belongs to.
	Scheme string
	// Label is an optional human-readable label.
	Label string
}

// Errors WriteAtom reports for incomplete feeds.
var (
	// ErrNoID is returned when the feed or an entry has no id.
	ErrNoID = errors.New("feed: missing id")
	// ErrNoLink is returned when an entry has no link.
	ErrNoLink = errors.New("feed: entry without link")
	// ErrNoTitle is returned when the feed has no title.
	ErrNoTitle = errors.New("feed: missing title")
	// ErrNoUpdated is returned when the feed or an entry has no updated time.
	ErrNoUpdated = errors.New("feed: missing updated time")
)

// WriteAtom writes f to w as an Atom 1.0 document in UTF-8. It checks f
// first and writes nothing when the feed lacks an id, a title or an
// updated time, or an entry lacks a link, an id (when it has no link
// either) or an updated (and published) time; otherwise it streams the feed and returns the first
// write error.
func WriteAtom(w io.Writer, f Feed) error {
	updated, err := check(&f)
	if err != nil {
		return err
	}
	authorFallback := ""
	if strings.TrimSpace(f.Author.Name) == "" {
		authorFallback = f.Title
	}

	enc := xml.NewEncoder(w)
	start := xml.StartElement{Name: xml.Name{Space: AtomNS, Local: "feed"}}
	if lang := clean(strings.TrimSpace(f.Lang)); lang != "" {
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Space: xmlNS, Local: "lang"}, Value: lang})
	}
	head := atomHead{
		ID:       clean(f.ID),
		Title:    clean(f.Title),
		Subtitle: clean(f.Subtitle),
		Updated:  rfc3339(updated),
		Author:   person(f.Author),
	}
	if head.Author == nil && authorFallback != "" && !allHaveAuthors(f.Entries) {
		head.Author = &atomPerson{Name: clean(authorFallback)}
	}
	if u := clean(f.SelfURL); u != "" {
		head.Links = append(head.Links, atomLink{Rel: "self", Type: AtomType, Href: u})
	}
	if u := clean(f.HTMLURL); u != "" {
		head.Links = append(head.Links, atomLink{Rel: "alternate", Type: "text/html", Href: u})
	}
	if g := clean(f.Generator); g != "" {
		head.Generator = g
	}

	if err := header(enc); err != nil {
		return err
	}
	if err := enc.EncodeToken(start); err != nil {
		return err
	}
	if err := head.encode(enc); err != nil {
		return err
	}
	for i := range f.Entries {
		if err := enc.EncodeElement(entry(&f.Entries[i]), xml.StartElement{Name: xml.Name{Local: "entry"}}); err != nil {
			return err
		}
	}
	if err := enc.EncodeToken(start.End()); err != nil {
		return err
	}
	return enc.Close()
}

// header writes the XML declaration and a line break.
func header(enc *xml.Encoder) error {
	if err := enc.EncodeToken(xml.ProcInst{Target: "xml", Inst: []byte(`version="1.0" encoding="UTF-8"`)}); err != nil {
		return err
	}
	return enc.EncodeToken(xml.CharData("\n"))
}

// check validates f and returns the feed's updated time.
func check(f *Feed) (time.Time, error) {
	if strings.TrimSpace(clean(f.ID)) == "" {
		return time.Time{}, ErrNoID
	}
	if strings.TrimSpace(clean(f.Title)) == "" {
		return time.Time{}, ErrNoTitle
	}
	updated := f.Updated
	for i := range f.Entries {
		e := &f.Entries[i]
		if entryID(e) == "" {
			return time.Time{}, fmt.Errorf("entry %d: %w", i, ErrNoID)
		}
		if strings.TrimSpace(clean(e.Link)) == "" {
			return time.Time{}, fmt.Errorf("entry %d (%s): %w", i, entryID(e), ErrNoLink)
		}
		u := entryUpdated(e)
		if u.IsZero() {
			return time.Time{}, fmt.Errorf("entry %d (%s): %w", i, entryID(e), ErrNoUpdated)
		}
		if f.Updated.IsZero() && u.After(updated) {
			updated = u
		}
	}
	if updated.IsZero() {
		return time.Time{}, ErrNoUpdated
	}
	return updated, nil
}

// entryID returns the id an entry is written with.
func entryID(e *Entry) string {
	if id := strings.TrimSpace(clean(e.ID)); id != "" {
		return id
	}
	return strings.TrimSpace(clean(e.Link))
}

// entryUpdated returns the updated time an entry is written with.
func entryUpdated(e *Entry) time.Time {
	if !e.Updated.IsZero() {
		return e.Updated
	}
	return e.Published
}

// allHaveAuthors reports whether every entry has an author.
func allHaveAuthors(entries []Entry) bool {
	for i := range entries {
		if strings.TrimSpace(entries[i].Author.Name) == "" {
			return false
		}
	}
	return len(entries) > 0
}

// atomHead holds the feed's metadata elements.
type atomHead struct {
	ID, Title, Subtitle, Updated, Generator string
	Author                                  *atomPerson
	Links                                   []atomLink
}

// encode writes the metadata elements in the usual order.
func (h *atomHead) encode(enc *xml.Encoder) error {
	el := func(name string, v any) error {
		return enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: name}})
	}
	if err := el("id", h.ID); err != nil {
		return err
	}
	if err := el("title", h.Title); err != nil {
		return err
	}
	if h.Subtitle != "" {
		if err := el("subtitle", h.Subtitle); err != nil {
			return err
		}
	}
	if err := el("updated", h.Updated); err != nil {
		return err
	}
	if h.Author != nil {
		if err := el("author", h.Author); err != nil {
			return err
		}
	}
	for _, l := range h.Links {
		if err := el("link", l); err != nil {
			return err
		}
	}
	if h.Generator != "" {
		if err := el("generator", h.Generator); err != nil {
			return err
		}
	}
	return nil
}

// atomEntry is the XML form of an entry.
type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Links      []atomLink     `xml:"link"`
	Summary    string         `xml:"summary,omitempty"`
	Categories []atomCategory `xml:"category"`
}

// atomPerson is the XML form of a person construct.
type atomPerson struct {
	Name  string `xml:"name"`
	URI   string `xml:"uri,omitempty"`
	Email string `xml:"email,omitempty"`
}

// atomLink is the XML form of a link.
type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

// atomCategory is the XML form of a category.
type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

// entry returns the XML form of e, which check has accepted.
func entry(e *Entry) *atomEntry {
	x := &atomEntry{
		ID:      entryID(e),
		Title:   clean(e.Title),
		Updated: rfc3339(entryUpdated(e)),
		Author:  person(e.Author),
		Summary: clean(e.Summary),
	}
	if !e.Published.IsZero() {
		x.Published = rfc3339(e.Published)
	}
	if l := strings.TrimSpace(clean(e.Link)); l != "" {
		x.Links = []atomLink{{Rel: "alternate", Type: "text/html", Href: l}}
	}
	for _, c := range e.Categories {
		if term := strings.TrimSpace(clean(c.Term)); term != "" {
			x.Categories = append(x.Categories, atomCategory{Term: term, Scheme: clean(c.Scheme), Label: clean(c.Label)})
		}
	}
	return x
}

// person returns the XML form of p, or nil when p has no name.
func person(p Person) *atomPerson {
	name := strings.TrimSpace(clean(p.Name))
	if name == "" {
		return nil
	}
	return &atomPerson{Name: name, URI: strings.TrimSpace(clean(p.URI)), Email: strings.TrimSpace(clean(p.Email))}
}
