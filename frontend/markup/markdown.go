// Package markup turns dataset descriptions from harvested sources into safe
// HTML and plain text.
//
// Descriptions arrive as Markdown, as HTML fragments or as plain text with
// line breaks, from sources municat does not control. Markdown renders them
// all through the same pipeline:
//
//  1. The source is cut to MaxSourceBytes, made valid UTF-8 and its line
//     endings normalised.
//  2. goldmark renders CommonMark with the GFM tables, strikethrough and
//     autolinks; raw HTML is passed through so that HTML descriptions render,
//     and single line breaks become <br> so plain text stays readable
//     (except after a <br> the source wrote itself). Long descriptions are
//     rendered in chunks, and over-long paragraphs as HTML with line
//     breaks, so that rendering time stays linear in the input (see
//     chunk.go).
//  3. A rewrite demotes headings below the page's own (h1/h2 → h3, h3 → h4,
//     …) and turns images into links, so that the page never loads anything
//     from another host.
//  4. A bluemonday allow-list policy sanitises the result: only text-level
//     and block elements survive, without style, class, id or event-handler
//     attributes, and links keep only http, https and mailto hrefs and get
//     rel="nofollow noopener noreferrer".
//  5. The sanitised HTML is parsed as a fragment with the HTML5 parser and
//     serialised again, so that every element is closed and a stray end tag
//     such as </div> cannot close the page's own elements.
//
// Whatever the first steps make of hostile input, the sanitiser sees all of
// it; the last step only rebalances what it let through (it adds no
// elements or attributes beyond implied ones such as <tbody>), so the
// output is safe to embed in a page.
package markup

import (
	"bytes"
	"html/template"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// MaxSourceBytes is the most of a description Markdown and PlainText look
// at; longer sources are cut (at a UTF-8 character boundary) before
// rendering.
const MaxSourceBytes = 100_000

// md is the goldmark instance; goldmark.Markdown is safe for concurrent use.
var md = goldmark.New(
	goldmark.WithExtensions(
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
		extension.Strikethrough,
		extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"})),
	),
	goldmark.WithParserOptions(
		parser.WithASTTransformers(util.Prioritized(brLineBreaks{}, 1000)),
	),
	goldmark.WithRendererOptions(
		// Raw HTML is passed on to the rewrite and the sanitiser, which
		// decide what survives; it must not bypass them.
		html.WithUnsafe(),
		html.WithHardWraps(),
	),
)

// Markdown renders a description (Markdown, HTML fragments or plain text)
// as sanitised HTML for a dataset page. The result holds no scripts, styles,
// event handlers, forms, frames or embedded media, and no element that would
// make the browser contact another host; images become links. Headings start
// at <h3>. An empty or blank source gives "".
func Markdown(src string) template.HTML {
	b := render(src)
	if b == nil {
		return ""
	}
	return template.HTML(b)
}

// render runs the whole pipeline and returns the sanitised, balanced HTML,
// or nil for a blank source.
func render(src string) []byte {
	clean := sanitized(src)
	if clean == nil {
		return nil
	}
	return bytes.TrimSpace(balance(clean))
}

// sanitized runs the pipeline up to the sanitiser and returns its output,
// or nil for a blank source.
func sanitized(src string) []byte {
	src = prepare(src)
	if strings.TrimSpace(src) == "" {
		return nil
	}
	var out bytes.Buffer
	out.Grow(len(src) + len(src)/4)
	convert(src, &out)
	rewritten := rewrite(out.Bytes())
	clean := policy.SanitizeBytes(rewritten)
	return bytes.ReplaceAll(clean, relBluemonday, relWanted)
}

// prepare cuts src to MaxSourceBytes, replaces invalid UTF-8 and NUL bytes
// and normalises line endings to "\n".
func prepare(src string) string {
	src = truncate(src, MaxSourceBytes)
	src = strings.ToValidUTF8(src, "\uFFFD")
	if strings.ContainsAny(src, "\r\x00") {
		src = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\x00", "\uFFFD").Replace(src)
	}
	return src
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	// Step back over continuation bytes to the start of the character that
	// straddles the limit; give up after utf8.UTFMax bytes (invalid input).
	for cut > 0 && n-cut < utf8.UTFMax && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if !utf8.RuneStart(s[cut]) {
		cut = n
	}
	return s[:cut]
}
