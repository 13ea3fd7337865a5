package markup

import (
	"bytes"
	"strings"

	nethtml "golang.org/x/net/html"
)

// PlainText returns a description (Markdown, HTML fragments or plain text)
// as plain text: the text Markdown would show, without markup, with runs of
// white space collapsed to single spaces and block boundaries (paragraphs,
// list items, table cells, line breaks) turned into spaces. Use it for
// meta descriptions, feed summaries and result snippets; the result is
// text, not HTML, and must be escaped like any other text.
func PlainText(src string) string {
	// Balancing the HTML would not change its text; the sanitiser's
	// output is enough.
	h := sanitized(src)
	if h == nil {
		return ""
	}
	return textOf(h)
}

// textOf returns the text of sanitised HTML h, white space collapsed and
// block boundaries turned into spaces.
func textOf(h []byte) string {
	var sb strings.Builder
	sb.Grow(len(h))
	z := nethtml.NewTokenizer(bytes.NewReader(h))
	for {
		switch z.Next() {
		case nethtml.ErrorToken:
			return strings.Join(strings.Fields(sb.String()), " ")
		case nethtml.TextToken:
			sb.Write(z.Text())
		case nethtml.StartTagToken, nethtml.EndTagToken, nethtml.SelfClosingTagToken:
			name, _ := z.TagName()
			if !inline[string(name)] {
				sb.WriteByte(' ')
			}
		}
	}
}

// inline lists the elements the policy allows that do not separate words:
// text inside and around them runs on without a space.
var inline = map[string]bool{
	"a": true, "span": true, "em": true, "strong": true, "b": true, "i": true,
	"u": true, "s": true, "del": true, "ins": true, "sub": true, "sup": true,
	"small": true, "mark": true, "q": true, "cite": true, "kbd": true,
	"samp": true, "var": true, "abbr": true, "code": true,
}
