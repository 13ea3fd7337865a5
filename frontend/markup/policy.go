package markup

import (
	"net/url"
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

// policy is the allow-list every description passes through last. A
// bluemonday.Policy is safe for concurrent use once built.
var policy = newPolicy()

// relBluemonday is the rel value bluemonday gives every link it keeps (the
// policy never lets a source's own rel through); relWanted is what the
// portal wants instead. noopener is implied by noreferrer, but some link
// checkers want it spelled out.
var (
	relBluemonday = []byte(`rel="nofollow noreferrer"`)
	relWanted     = []byte(`rel="nofollow noopener noreferrer"`)
)

// newPolicy builds the sanitiser policy: text-level and block elements
// only, headings from h3 (see rewrite), links with http, https or mailto
// hrefs, and no attribute that can run script, load a resource or style
// the page.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(
		"p", "br", "hr", "div", "span", "blockquote", "pre", "code",
		"em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup",
		"small", "mark", "q", "cite", "kbd", "samp", "var", "abbr",
		"dl", "dt", "dd", "ul", "ol", "li",
		"h3", "h4", "h5", "h6",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
	)
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")
	p.AllowAttrs("colspan", "rowspan").Matching(regexp.MustCompile(`^[1-9][0-9]{0,2}$`)).OnElements("td", "th")
	// No title on links: a link whose href is dropped must be left without
	// attributes, so that the policy drops the <a> as well.
	p.AllowAttrs("title").OnElements("abbr")
	p.AllowAttrs("href").OnElements("a")
	// http and https URLs must name a host: "http:foo" is a relative path
	// in disguise.
	p.AllowURLSchemeWithCustomPolicy("http", hasHost)
	p.AllowURLSchemeWithCustomPolicy("https", hasHost)
	p.AllowURLSchemeWithCustomPolicy("mailto", hasAddress)
	p.AllowRelativeURLs(false)
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	return p
}

// hasHost reports whether u names a host.
func hasHost(u *url.URL) bool { return u.Host != "" }

// hasAddress reports whether the mailto URL u names an address.
func hasAddress(u *url.URL) bool { return u.Opaque != "" }
