package main

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// urlAttrs are the attributes whose value a browser loads or navigates to.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "srcset": true, "poster": true, "data": true,
	"background": true, "cite": true, "manifest": true, "ping": true, "xlink:href": true, "codebase": true,
}

// forbiddenElements never come from the application; from data they
// would run or frame something.
var forbiddenElements = map[string]bool{"iframe": true, "frame": true, "object": true, "embed": true, "base": true, "applet": true}

// checkAnswer fails when an answer carries a payload as markup. HTML is
// parsed as a browser would: no element may have an on* attribute, no URL
// attribute a javascript:, vbscript: or data: URL, no style attribute a
// script URL; a <script> must be the application's own (a same-origin src,
// no inline code) or JSON-LD that is valid JSON without a "<"; no iframe,
// object, embed or base. JSON must be valid JSON, XML well-formed XML
// without HTML elements, and the HTML an Atom feed carries in its text
// constructs is checked like a page. Other formats must not be served as
// HTML.
func checkAnswer(t *testing.T, name, contentType, body string) {
	t.Helper()
	for _, p := range answerProblems(name, contentType, body) {
		t.Error(p)
	}
}

// problems collects what the checks find.
type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

// answerProblems returns what checkAnswer reports.
func answerProblems(name, contentType, body string) []string {
	var p problems
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "text/html" || mt == "application/xhtml+xml":
		checkHTML(&p, name, body)
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		if !json.Valid([]byte(body)) {
			p.add("%s: %s answer is not valid JSON: %.200s", name, mt, body)
		}
	case mt == "application/xml" || mt == "text/xml" || strings.HasSuffix(mt, "+xml"):
		checkXML(&p, name, body)
	case mt == "":
		if strings.Contains(body, "alert(") {
			p.add("%s: hostile data in an answer without Content-Type", name)
		}
	}
	return p
}

// checkHTML applies the HTML rules of checkAnswer to a document.
func checkHTML(p *problems, name, body string) {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		p.add("%s: %v", name, err)
		return
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		tag := n.Data
		if forbiddenElements[tag] {
			p.add("%s: <%s> element in the page: %s", name, tag, render(n))
		}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			if a.Namespace != "" {
				key = a.Namespace + ":" + key
			}
			v := normalizeURL(a.Val)
			switch {
			case strings.HasPrefix(key, "on"):
				p.add("%s: event handler attribute %s on <%s>: %s", name, key, tag, render(n))
			case urlAttrs[key] && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:")):
				p.add("%s: %s=%q on <%s>", name, key, a.Val, tag)
			case key == "style" && (strings.Contains(v, "javascript:") || strings.Contains(v, "expression(") || strings.Contains(v, "url(")):
				p.add("%s: style %q on <%s>", name, a.Val, tag)
			case tag == "meta" && key == "content" && strings.Contains(v, "url=") && !strings.Contains(v, "url=/") && !strings.Contains(v, "url=http"):
				p.add("%s: meta refresh %q", name, a.Val)
			}
		}
		if tag == "script" {
			checkScript(p, name, n)
		}
		if tag == "style" && strings.Contains(text(n), "alert(") {
			p.add("%s: hostile data inside <style>", name)
		}
	}
}

// checkScript checks a <script> element.
func checkScript(p *problems, name string, n *html.Node) {
	var src, typ string
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "src":
			src = a.Val
		case "type":
			typ = strings.ToLower(a.Val)
		}
	}
	code := text(n)
	switch {
	case typ == "application/ld+json":
		if !json.Valid([]byte(code)) || strings.Contains(code, "<") {
			p.add("%s: JSON-LD script is not plain JSON: %.300s", name, code)
		}
	case src != "":
		if !strings.HasPrefix(src, "/") || strings.HasPrefix(src, "//") || strings.TrimSpace(code) != "" {
			p.add("%s: script %s", name, render(n))
		}
	default:
		p.add("%s: inline script: %s", name, render(n))
	}
}

// checkXML checks that body is well-formed XML without HTML elements, and
// the HTML inside Atom text constructs of type html or xhtml.
func checkXML(p *problems, name, body string) {
	d := xml.NewDecoder(strings.NewReader(body))
	htmlText := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			p.add("%s: not well-formed XML: %v", name, err)
			return
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			// (a sitemap's xhtml:link alternates are the only HTML allowed)
			if tk.Name.Space == "http://www.w3.org/1999/xhtml" && tk.Name.Local != "link" || forbiddenElements[tk.Name.Local] || tk.Name.Local == "script" || tk.Name.Local == "img" {
				p.add("%s: <%s> element (%s) in XML", name, tk.Name.Local, tk.Name.Space)
			}
			htmlText = false
			for _, a := range tk.Attr {
				if a.Name.Local == "type" && (a.Value == "html" || a.Value == "xhtml") {
					htmlText = true
				}
			}
		case xml.CharData:
			if htmlText {
				checkHTML(p, name+" (Atom HTML text)", "<!DOCTYPE html><html><body>"+string(tk)+"</body></html>")
			}
		case xml.EndElement:
			htmlText = false
		}
	}
}

// normalizeURL drops what browsers ignore in a URL's scheme (ASCII
// whitespace and control characters) and lowercases it.
func normalizeURL(s string) string {
	return strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, s))
}

// text returns the concatenated text of n's children.
func text(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// render returns n as HTML, shortened for a message.
func render(n *html.Node) string {
	var b strings.Builder
	_ = html.Render(&b, n)
	s := b.String()
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// TestCheckAnswerCatches makes sure the walk's checks can fail: each
// answer below carries a payload as markup, each safe one does not.
func TestCheckAnswerCatches(t *testing.T) {
	page := func(body string) string {
		return `<!DOCTYPE html><html><head><title>x</title><script src="/static/app.js" defer></script></head><body>` + body + `</body></html>`
	}
	for _, tc := range []struct {
		name, ct, body string
		bad            bool
	}{
		{"escaped", "text/html; charset=utf-8", page(`<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1><input value="&#34;&gt;&lt;img src=x onerror=alert(2)&gt;"><textarea>&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>`), false},
		{"json-ld", "text/html", page(`<script type="application/ld+json">{"name":"\u003c/script\u003e"}</script>`), false},
		{"script element", "text/html", page(`<h1><script>alert(1)</script></h1>`), true},
		{"attribute breakout", "text/html", page(`<input value=""><img src=x onerror=alert(2)>">`), true},
		{"javascript link", "text/html", page(`<a href=" JaVa&#x09;Script:alert(3)">x</a>`), true},
		{"data link", "text/html", page(`<a href="data:text/html,<script>alert(4)</script>">x</a>`), true},
		{"title breakout", "text/html", `<!DOCTYPE html><html><head><title></title><script>alert(5)</script></title></head><body></body></html>`, true},
		{"svg handler", "text/html", page(`<svg onload=alert(8)></svg>`), true},
		{"iframe", "text/html", page(`<iframe src="https://x.example"></iframe>`), true},
		{"json-ld breakout", "text/html", page(`<script type="application/ld+json">{"name":"</script><script>alert(1)</script>"}</script>`), true},
		{"foreign script", "text/html", page(`<script src="https://evil.example/x.js"></script>`), true},
		{"style url", "text/html", page(`<p style="background:url(javascript:alert(1))">x</p>`), true},
		{"invalid json", "application/json", `{"a":"<script>alert(1)</script>"`, true},
		{"json", "application/problem+json", `{"a":"<script>alert(1)</script>"}`, false},
		{"xml with script", "application/atom+xml", `<feed xmlns="http://www.w3.org/2005/Atom"><title><script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></title></feed>`, true},
		{"atom html content", "application/atom+xml", `<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">&lt;img src=x onerror=alert(2)&gt;</content></entry></feed>`, true},
		{"atom escaped content", "application/atom+xml", `<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">&amp;lt;img src=x onerror=alert(2)&amp;gt;</content><title>&lt;script&gt;</title></entry></feed>`, false},
		{"no content type", "", `<script>alert(1)</script>`, true},
		{"turtle", "text/turtle", `<a> <b> "<script>alert(1)</script>" .`, false},
	} {
		got := answerProblems(tc.name, tc.ct, tc.body)
		if bad := len(got) > 0; bad != tc.bad {
			t.Errorf("%s: problems %q, want bad %v", tc.name, got, tc.bad)
		}
	}
}
