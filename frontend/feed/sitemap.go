package feed

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Namespaces of sitemaps and of their hreflang links.
const (
	// SitemapNS is the sitemaps.org 0.9 namespace.
	SitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
	// XHTMLNS is the XHTML namespace the xhtml:link alternates are in.
	XHTMLNS = "http://www.w3.org/1999/xhtml"
)

// Limits of the sitemaps.org protocol.
const (
	// MaxURLs is the most URLs a sitemap, and the most sitemaps a sitemap
	// index, may list.
	MaxURLs = 50_000
	// MaxBytes is the most bytes a sitemap or sitemap index may have,
	// uncompressed.
	MaxBytes = 50 * 1024 * 1024
	// MaxLocLength is the most characters a URL in a sitemap may have.
	MaxLocLength = 2047
)

// Errors WriteSitemap and WriteSitemapIndex report.
var (
	// ErrTooManyURLs is returned for more than MaxURLs URLs or sitemaps.
	ErrTooManyURLs = errors.New("feed: more than 50,000 URLs in one sitemap")
	// ErrTooLarge is returned when the output would exceed MaxBytes.
	ErrTooLarge = errors.New("feed: sitemap larger than 50 MB")
	// ErrBadLoc is returned for an empty or too long URL.
	ErrBadLoc = errors.New("feed: sitemap URL empty or too long")
)

// URL is one page in a sitemap.
type URL struct {
	// Loc is the page's absolute URL. Required, at most MaxLocLength
	// characters.
	Loc string
	// LastMod is when the page last changed, written as a date; the zero
	// time leaves it out.
	LastMod time.Time
	// Alternates are the page in other languages, written as xhtml:link
	// rel="alternate" elements. Search engines expect every language
	// version to list all versions, itself included.
	Alternates []Alternate
}

// Alternate is a language version of a page.
type Alternate struct {
	// Lang is the hreflang value: a language code such as "en", or
	// "x-default".
	Lang string
	// Href is the version's absolute URL, e.g. "https://…/dataset/x?lang=en".
	Href string
}

// SitemapRef is one sitemap in a sitemap index.
type SitemapRef struct {
	// Loc is the sitemap's absolute URL. Required.
	Loc string
	// LastMod is when the sitemap last changed, written as a date; the zero
	// time leaves it out.
	LastMod time.Time
}

// WriteSitemap writes urls to w as a sitemap (urlset). It writes nothing
// and returns ErrTooManyURLs for more than MaxURLs URLs, and ErrBadLoc for
// a URL or alternate with an empty or too long address or an alternate
// without a language. Should the output grow beyond MaxBytes, writing stops
// with ErrTooLarge, leaving a truncated document in w.
func WriteSitemap(w io.Writer, urls []URL) error {
	if len(urls) > MaxURLs {
		return fmt.Errorf("%w: %d", ErrTooManyURLs, len(urls))
	}
	alternates := false
	for i := range urls {
		if err := checkLoc(urls[i].Loc); err != nil {
			return fmt.Errorf("url %d: %w", i, err)
		}
		for _, a := range urls[i].Alternates {
			if err := checkLoc(a.Href); err != nil {
				return fmt.Errorf("url %d alternate: %w", i, err)
			}
			if strings.TrimSpace(clean(a.Lang)) == "" {
				return fmt.Errorf("url %d alternate %s: %w: no hreflang", i, a.Href, ErrBadLoc)
			}
			alternates = true
		}
	}

	cw := &limitWriter{w: w, left: MaxBytes}
	enc := xml.NewEncoder(cw)
	start := xml.StartElement{Name: xml.Name{Space: SitemapNS, Local: "urlset"}}
	if alternates {
		// The prefixed form is what search engines document; it is written
		// literally, since encoding/xml would otherwise pick its own prefix.
		start.Attr = []xml.Attr{{Name: xml.Name{Local: "xmlns:xhtml"}, Value: XHTMLNS}}
	}
	if err := header(enc); err != nil {
		return cw.err(err)
	}
	if err := enc.EncodeToken(start); err != nil {
		return cw.err(err)
	}
	urlStart := xml.StartElement{Name: xml.Name{Local: "url"}}
	for i := range urls {
		u := &urls[i]
		x := sitemapURL{Loc: strings.TrimSpace(clean(u.Loc)), LastMod: w3cDate(u.LastMod)}
		if len(u.Alternates) > 0 {
			x.Links = make([]xhtmlLink, 0, len(u.Alternates))
		}
		for _, a := range u.Alternates {
			x.Links = append(x.Links, xhtmlLink{Rel: "alternate", Hreflang: strings.TrimSpace(clean(a.Lang)), Href: strings.TrimSpace(clean(a.Href))})
		}
		if err := enc.EncodeElement(&x, urlStart); err != nil {
			return cw.err(err)
		}
	}
	if err := enc.EncodeToken(start.End()); err != nil {
		return cw.err(err)
	}
	return cw.err(enc.Close())
}

// WriteSitemapIndex writes sitemaps to w as a sitemap index. It writes
// nothing and returns ErrTooManyURLs for more than MaxURLs sitemaps and
// ErrBadLoc for an empty or too long address.
func WriteSitemapIndex(w io.Writer, sitemaps []SitemapRef) error {
	if len(sitemaps) > MaxURLs {
		return fmt.Errorf("%w: %d sitemaps", ErrTooManyURLs, len(sitemaps))
	}
	for i := range sitemaps {
		if err := checkLoc(sitemaps[i].Loc); err != nil {
			return fmt.Errorf("sitemap %d: %w", i, err)
		}
	}
	cw := &limitWriter{w: w, left: MaxBytes}
	enc := xml.NewEncoder(cw)
	start := xml.StartElement{Name: xml.Name{Space: SitemapNS, Local: "sitemapindex"}}
	if err := header(enc); err != nil {
		return cw.err(err)
	}
	if err := enc.EncodeToken(start); err != nil {
		return cw.err(err)
	}
	smStart := xml.StartElement{Name: xml.Name{Local: "sitemap"}}
	for i := range sitemaps {
		s := &sitemaps[i]
		x := sitemapRef{Loc: strings.TrimSpace(clean(s.Loc)), LastMod: w3cDate(s.LastMod)}
		if err := enc.EncodeElement(&x, smStart); err != nil {
			return cw.err(err)
		}
	}
	if err := enc.EncodeToken(start.End()); err != nil {
		return cw.err(err)
	}
	return cw.err(enc.Close())
}

// checkLoc checks a sitemap address.
func checkLoc(loc string) error {
	loc = strings.TrimSpace(clean(loc))
	if loc == "" {
		return ErrBadLoc
	}
	if n := len([]rune(loc)); n > MaxLocLength {
		return fmt.Errorf("%w: %d characters", ErrBadLoc, n)
	}
	return nil
}

// sitemapURL is the XML form of a URL.
type sitemapURL struct {
	Loc     string      `xml:"loc"`
	LastMod string      `xml:"lastmod,omitempty"`
	Links   []xhtmlLink `xml:"xhtml:link"`
}

// xhtmlLink is the XML form of an Alternate. The prefixed name is written
// as is; WriteSitemap declares the prefix on the urlset.
type xhtmlLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// sitemapRef is the XML form of a SitemapRef.
type sitemapRef struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// limitWriter passes writes on to w until left bytes are used up, then
// fails with ErrTooLarge.
type limitWriter struct {
	w        io.Writer
	left     int64
	exceeded bool
}

// Write implements io.Writer.
func (l *limitWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > l.left {
		l.exceeded = true
		return 0, ErrTooLarge
	}
	n, err := l.w.Write(p)
	l.left -= int64(n)
	return n, err
}

// err returns ErrTooLarge if the limit was hit (whatever error the encoder
// made of it), else err.
func (l *limitWriter) err(err error) error {
	if l.exceeded {
		return ErrTooLarge
	}
	return err
}
