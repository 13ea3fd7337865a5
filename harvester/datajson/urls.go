package datajson

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/municat/municat/harvester"
)

// absoluteURL returns s if it is an absolute http(s) URL, else "".
func absoluteURL(s string) string { return resolveURL(s, "") }

// absoluteURLs keeps the absolute http(s) URLs of list, once each.
func absoluteURLs(list []string) []string {
	var out []string
	for _, s := range list {
		if u := absoluteURL(s); u != "" {
			out = append(out, u)
		}
	}
	return harvester.Unique(out)
}

// resolveURL returns s as an absolute http(s) URL, or "" if it cannot be
// one. Spaces are encoded, and a relative URL is resolved against base
// when base is not empty.
func resolveURL(s, base string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "%20")
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	if !u.IsAbs() {
		if base == "" {
			return ""
		}
		b, err := url.Parse(base)
		if err != nil {
			return ""
		}
		s = b.ResolveReference(u).String()
		if u, err = url.Parse(s); err != nil {
			return ""
		}
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return s
}

// webAddress finds a web address in text.
var webAddress = regexp.MustCompile(`https?://[^\s<>"'()\[\]]+`)

// firstURL returns the first absolute http(s) URL in s, without trailing
// punctuation; "" if there is none.
func firstURL(s string) string {
	for _, m := range webAddress.FindAllString(s, 8) {
		if u := absoluteURL(strings.TrimRight(m, ".,;:!?")); u != "" {
			return u
		}
	}
	return ""
}
