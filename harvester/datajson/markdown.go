package datajson

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"
)

// htmlTag finds something that looks like an HTML tag or comment, so
// that plain text stays as it is.
var htmlTag = regexp.MustCompile(`<(?:[a-zA-Z][a-zA-Z0-9]*(?:[\s/>]|$)|/[a-zA-Z]|!--)`)

// markdown returns a description as Markdown. ArcGIS Hub and many other
// portals write descriptions as HTML fragments (nested DIVs, P and SPAN with
// inline styles): their tags are dropped, paragraphs and other blocks
// become paragraphs, <br> a line break, list items "- " or "1. " lines,
// headings "#" lines and links [text](href). Plain text is only trimmed,
// with its line endings normalised.
func markdown(s string) string { return convertHTML(s, true) }

// plainText returns s without markup on one line: the text of an HTML
// fragment (links as their text), white space collapsed to single spaces.
// It is for titles and other one-line values.
func plainText(s string) string {
	return strings.Join(strings.Fields(convertHTML(s, false)), " ")
}

// convertHTML converts s (see markdown); links says whether to write links
// as Markdown links or as their text only.
func convertHTML(s string, links bool) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	if !htmlTag.MatchString(s) {
		if strings.Contains(s, "&") && strings.Contains(s, ";") {
			s = html.UnescapeString(s)
		}
		return strings.TrimSpace(s)
	}
	w := &mdWriter{links: links}
	z := nethtml.NewTokenizerFragment(strings.NewReader(s), "div")
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		switch tt {
		case nethtml.TextToken:
			w.text(string(z.Text()))
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			href := ""
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "href" {
					href = strings.TrimSpace(string(v))
				}
			}
			w.start(string(name), href, tt == nethtml.SelfClosingTagToken)
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			w.end(string(name))
		}
	}
	w.flush()
	return strings.Join(w.blocks, "")
}

// blockTags start and end a paragraph.
var blockTags = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "header": true, "footer": true, "main": true,
	"nav": true, "aside": true, "blockquote": true, "table": true, "thead": true, "tbody": true, "tr": true,
	"ul": true, "ol": true, "dl": true, "dt": true, "dd": true, "pre": true, "hr": true, "address": true,
	"figure": true, "figcaption": true, "form": true, "fieldset": true, "center": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
}

// skippedTags hide their content.
var skippedTags = map[string]bool{
	"script": true, "style": true, "head": true, "title": true, "noscript": true, "template": true,
	"iframe": true, "object": true, "svg": true, "math": true,
}

// maxIndent caps the nesting of list items written as indentation, so
// that deeply nested lists cannot blow up the output.
const maxIndent = 4

// mdWriter collects the Markdown of an HTML fragment block by block. Every
// step costs time in proportion to what it writes, so that the whole
// conversion stays linear in the input.
type mdWriter struct {
	links  bool
	blocks []string // finished blocks with their separators
	para   []byte   // the current block
	prefix int      // length of the current block's list or heading marker
	item   bool     // the current block is a list item
	space  bool     // white space is pending in the current block
	lists  []int    // open lists: -1 for <ul>, the next number for <ol>
	anchor []anchor // open links
	skip   int      // depth in skippedTags
	pre    int      // depth in <pre>
	last   bool     // the last finished block is a list item
}

// anchor is an open <a>: its href and where its text starts.
type anchor struct {
	href  string
	start int
}

func (w *mdWriter) text(s string) {
	if w.skip > 0 {
		return
	}
	if w.pre > 0 {
		w.para = append(w.para, s...)
		return
	}
	for _, r := range s {
		if unicode.IsSpace(r) {
			w.space = true
			continue
		}
		w.pendingSpace()
		w.para = utf8.AppendRune(w.para, r)
	}
}

// pendingSpace writes the pending white space as one space, unless the
// block has nothing but its marker yet.
func (w *mdWriter) pendingSpace() {
	if w.space && len(w.para) > w.prefix {
		w.para = append(w.para, ' ')
	}
	w.space = false
}

func (w *mdWriter) start(name, href string, selfClosing bool) {
	switch {
	case skippedTags[name]:
		if !selfClosing {
			w.skip++
		}
		return
	case w.skip > 0:
		return
	}
	switch name {
	case "br":
		if len(w.para) > w.prefix {
			w.para = append(w.para, '\n')
		}
		w.space = false
	case "li":
		w.flush()
		depth := min(max(len(w.lists)-1, 0), maxIndent)
		w.para = append(w.para, strings.Repeat("  ", depth)...)
		if n := len(w.lists); n > 0 && w.lists[n-1] >= 0 {
			w.para = strconv.AppendInt(w.para, int64(w.lists[n-1]), 10)
			w.para = append(w.para, ". "...)
			w.lists[n-1]++
		} else {
			w.para = append(w.para, "- "...)
		}
		w.prefix, w.item = len(w.para), true
	case "a":
		w.pendingSpace()
		w.anchor = append(w.anchor, anchor{href: href, start: len(w.para)})
	case "td", "th":
		w.space = true
	case "h1", "h2", "h3", "h4", "h5", "h6":
		w.flush()
		w.para = append(w.para, strings.Repeat("#", int(name[1]-'0'))+" "...)
		w.prefix = len(w.para)
	default:
		if blockTags[name] {
			w.flush()
		}
	}
	switch name {
	case "ul":
		w.lists = append(w.lists, -1)
	case "ol":
		w.lists = append(w.lists, 1)
	case "pre":
		w.pre++
	}
}

func (w *mdWriter) end(name string) {
	if skippedTags[name] {
		if w.skip > 0 {
			w.skip--
		}
		return
	}
	if w.skip > 0 {
		return
	}
	switch name {
	case "a":
		w.closeAnchor()
		return
	case "li":
		w.flush()
		return
	case "ul", "ol":
		if len(w.lists) > 0 {
			w.lists = w.lists[:len(w.lists)-1]
		}
	case "pre":
		if w.pre > 0 {
			w.pre--
		}
	}
	if blockTags[name] {
		w.flush()
	}
}

// closeAnchor writes the innermost open link as [text](href) when its href
// is a web or mail address that differs from its text, or as the address
// alone when it has no text.
func (w *mdWriter) closeAnchor() {
	n := len(w.anchor)
	if n == 0 {
		return
	}
	a := w.anchor[n-1]
	w.anchor = w.anchor[:n-1]
	href := linkTarget(a.href)
	if href == "" || a.start > len(w.para) {
		return
	}
	label := strings.TrimSpace(string(w.para[a.start:]))
	switch {
	case label == "":
		if w.space || (a.start > w.prefix && w.para[a.start-1] != ' ') {
			w.para = append(w.para, ' ')
		}
		w.para = append(w.para, href...)
		w.space = false
	case w.links && label != href && label != a.href:
		label = strings.NewReplacer("[", "(", "]", ")").Replace(label)
		w.para = append(append(w.para[:a.start], '['), label+"]("+href+")"...)
	}
}

// linkTarget returns href fit for a Markdown link: an absolute http(s) or
// mailto address with spaces and parentheses escaped; "" otherwise.
func linkTarget(href string) string {
	lower := strings.ToLower(href)
	if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "mailto:") {
		return ""
	}
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "\n", "", "\t", "").Replace(href)
}

// flush ends the current block, dropping it if it holds nothing but its
// marker. List items follow each other on single lines; other blocks are
// separated by an empty line.
func (w *mdWriter) flush() {
	s := strings.TrimRight(string(w.para), " \n")
	marker := strings.TrimSpace(s[:min(w.prefix, len(s))])
	item := w.item
	w.para = w.para[:0]
	w.prefix, w.item, w.space = 0, false, false
	w.anchor = w.anchor[:0]
	if len(strings.TrimSpace(s)) <= len(marker) {
		return
	}
	if !item {
		s = strings.TrimLeft(s, " ")
	}
	if len(w.blocks) > 0 {
		if item && w.last {
			w.blocks = append(w.blocks, "\n")
		} else {
			w.blocks = append(w.blocks, "\n\n")
		}
	}
	w.blocks = append(w.blocks, s)
	w.last = item
}
