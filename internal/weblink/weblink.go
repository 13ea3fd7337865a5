// Package weblink writes and reads HTTP Link headers (RFC 8288, Web
// Linking) as the API uses them for paging: <url>; rel="next".
//
// A handler of a paged list sets the header with
//
//	c.Set("Link", weblink.Format(weblink.Pages(u, "page", page, last)...))
package weblink

import (
	"net/url"
	"strconv"
	"strings"
)

// Relation types of paging links (IANA link relations).
const (
	First = "first"
	Prev  = "prev"
	Next  = "next"
	Last  = "last"
)

// Link is one link of a Link header: a target URL and its relation type.
type Link struct {
	// URL is the target, absolute or relative to the request URL.
	URL string
	// Rel is the relation type, e.g. "next".
	Rel string
}

// Format returns the value of a Link header with links, in order:
// `<url>; rel="next", <url>; rel="last"`. It returns "" for no links. A
// URL with characters a Link header cannot carry (controls, space, "<",
// ">" or non-ASCII) is percent-encoded where it stands; url.URL.String
// never yields such characters.
func Format(links ...Link) string {
	var b strings.Builder
	for i, l := range links {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('<')
		writeTarget(&b, l.URL)
		b.WriteString(`>; rel="`)
		for j := 0; j < len(l.Rel); j++ {
			if c := l.Rel[j]; c > ' ' && c < 0x7f && c != '"' && c != '\\' {
				b.WriteByte(c)
			}
		}
		b.WriteByte('"')
	}
	return b.String()
}

// writeTarget writes u with every byte that may not stand between "<" and
// ">" percent-encoded.
func writeTarget(b *strings.Builder, u string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c <= ' ' || c >= 0x7f || c == '<' || c == '>' {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
}

// Pages returns the paging links of page number page (from 1) of a list
// of last pages: first and last always, prev from page 2 on (the last page
// for a page past the end) and next before the last page. Each is u with
// the query parameter name set to the page number and the other
// parameters kept. u is not changed.
func Pages(u *url.URL, name string, page, last int) []Link {
	last = max(last, 1)
	links := make([]Link, 0, 4)
	links = append(links, Link{URL: withParam(u, name, 1), Rel: First})
	if page > 1 {
		links = append(links, Link{URL: withParam(u, name, min(page-1, last)), Rel: Prev})
	}
	if page < last {
		links = append(links, Link{URL: withParam(u, name, page+1), Rel: Next})
	}
	return append(links, Link{URL: withParam(u, name, last), Rel: Last})
}

// withParam returns u with the query parameter name set to n.
func withParam(u *url.URL, name string, n int) string {
	q := u.Query()
	q.Set(name, strconv.Itoa(n))
	v := *u
	v.RawQuery = q.Encode()
	return v.String()
}
