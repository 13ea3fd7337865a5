package datajson

import (
	"strings"
	"testing"
	"time"
)

func TestMarkdown(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Plain text\r\nwith lines", "Plain text\nwith lines"},
		{"a < b and c > d", "a < b and c > d"},
		{"Fish &amp; Chips", "Fish & Chips"},
		{`<DIV STYLE="text-align:Left;"><DIV><DIV><P><SPAN>Emplacement des poubelles</SPAN></P></DIV></DIV></DIV>`, "Emplacement des poubelles"},
		{"<p>One</p><p>Two</p>\n<p>  Three  </p>", "One\n\nTwo\n\nThree"},
		{"Line one<br/>Line two<br><br>", "Line one\nLine two"},
		{"<h2>Quelle</h2><p>Amt</p>", "## Quelle\n\nAmt"},
		{"<ol><li>first</li><li>second<ul><li>inner</li></ul></li></ol><p>after</p>", "1. first\n2. second\n  - inner\n\nafter"},
		{`see <a href="https://example.org/a b">the (docs)</a>.`, "see [the (docs)](https://example.org/a%20b)."},
		{`<a href="https://example.org/">https://example.org/</a>`, "https://example.org/"},
		{`link <a href="https://example.org/x"></a> end`, "link https://example.org/x end"},
		{`<a href="javascript:alert(1)">click</a>`, "click"},
		{`<a href="/relative">rel</a>`, "rel"},
		{"<script>alert(1)</script><style>p{}</style>Text", "Text"},
		{"<table><tr><td>a</td><td>b</td></tr></table>", "a b"},
		{"<pre>  keep\n  this</pre>", "keep\n  this"},
		{"<p><li>", ""},
		{"</div></p>text<", "text<"},
	} {
		if got := markdown(tc.in); got != tc.want {
			t.Errorf("markdown(%q)\n = %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	for in, want := range map[string]string{
		"  Baum<b>kataster</b>\n 2024 ":                      "Baumkataster 2024",
		"<p>A</p><p>B</p>":                                   "A B",
		`<a href="https://example.org">Lizenz</a>`:           "Lizenz",
		"Straßen &amp; Wege":                                 "Straßen & Wege",
		"<DIV><P><SPAN>Soumis à la licence</SPAN></P></DIV>": "Soumis à la licence",
	} {
		if got := plainText(in); got != want {
			t.Errorf("plainText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMarkdownIsLinear converts a description with many links, line
// breaks and nested lists in one block, which takes quadratic time (or
// output) if a step copies the block so far.
func TestMarkdownIsLinear(t *testing.T) {
	if raceEnabled {
		t.Skip("too slow to time with the race detector")
	}
	var sb strings.Builder
	for range 20_000 {
		sb.WriteString(`<a href="https://example.org/x">Verweis</a> Text<br>`)
	}
	for range 5_000 {
		sb.WriteString("<ul><li>x")
	}
	start := time.Now()
	md := markdown(sb.String())
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("markdown of %d bytes took %s", sb.Len(), d)
	}
	if n := strings.Count(md, "[Verweis](https://example.org/x)"); n != 20_000 {
		t.Errorf("%d links, want 20000", n)
	}
	if len(md) > 4*sb.Len() {
		t.Errorf("%d bytes of Markdown from %d bytes of HTML", len(md), sb.Len())
	}
}
