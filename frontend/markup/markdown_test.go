package markup

import (
	"fmt"
	"html/template"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func TestMarkdownEmpty(t *testing.T) {
	for _, src := range []string{"", " ", "\n\n\t", "\r\n"} {
		if got := Markdown(src); got != "" {
			t.Errorf("Markdown(%q) = %q, want empty", src, got)
		}
	}
}

func TestMarkdownBasics(t *testing.T) {
	tests := []struct {
		name, src string
		want      template.HTML
	}{
		{"emphasis", "Some *text* and **bold**", "<p>Some <em>text</em> and <strong>bold</strong></p>"},
		{"strikethrough", "~~alt~~ neu", "<p><del>alt</del> neu</p>"},
		{"list", "- eins\n- zwei", "<ul>\n<li>eins</li>\n<li>zwei</li>\n</ul>"},
		{"ordered list start", "3. drei\n4. vier", "<ol start=\"3\">\n<li>drei</li>\n<li>vier</li>\n</ol>"},
		{"code", "`a < b`", "<p><code>a &lt; b</code></p>"},
		{"fenced code keeps no class", "```go\nx := 1\n```", "<pre><code>x := 1\n</code></pre>"},
		{"blockquote", "> zitiert", "<blockquote>\n<p>zitiert</p>\n</blockquote>"},
		{"entities", "Äpfel &amp; Birnen < 3 > 2 \"q\"", "<p>Äpfel &amp; Birnen &lt; 3 &gt; 2 &#34;q&#34;</p>"},
		{"html fragments", "<p>Hallo<br>Welt <b>fett</b> <i>kursiv</i></p>", "<p>Hallo<br/>Welt <b>fett</b> <i>kursiv</i></p>"},
		// The HTML5 parser reopens the unclosed <b> after </p>, as browsers do.
		{"unclosed html is closed", "<b>fett", "<p><b>fett</b></p><b>\n</b>"},
		{"stray end tags are dropped", "</div></main></section>Text", "Text"},
		{"stray end tags in a paragraph", "Text </div></td></table> mehr", "<p>Text  mehr</p>"},
	}
	for _, tt := range tests {
		if got := Markdown(tt.src); got != tt.want {
			t.Errorf("%s: Markdown(%q) =\n%q\nwant\n%q", tt.name, tt.src, got, tt.want)
		}
	}
}

func TestMarkdownPlainTextParagraphs(t *testing.T) {
	src := "Baumkataster der Stadt.\r\nEnthält alle Straßenbäume.\r\n\r\nStand: 2025\n\n\n\nQuelle: Grünflächenamt"
	want := template.HTML("<p>Baumkataster der Stadt.<br/>\nEnthält alle Straßenbäume.</p>\n<p>Stand: 2025</p>\n<p>Quelle: Grünflächenamt</p>")
	if got := Markdown(src); got != want {
		t.Errorf("Markdown(plain text) =\n%q\nwant\n%q", got, want)
	}
}

func TestMarkdownBrLines(t *testing.T) {
	tests := []struct {
		src  string
		want template.HTML
	}{
		{"Zeile 1<br>\nZeile 2<BR />  \nZeile 3 <br/> \nZeile 4", "<p>Zeile 1<br/>Zeile 2<br/>Zeile 3 <br/>Zeile 4</p>"},
		{"Absatz<br><br>\nNeu", "<p>Absatz<br/><br/>Neu</p>"},
		{"Zeile 1<b>x</b>\nZeile 2", "<p>Zeile 1<b>x</b><br/>\nZeile 2</p>"},
		{"Zeile 1<br> x\nZeile 2", "<p>Zeile 1<br/> x<br/>\nZeile 2</p>"},
	}
	for _, tt := range tests {
		if got := Markdown(tt.src); got != tt.want {
			t.Errorf("Markdown(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestMarkdownDemotesHeadings(t *testing.T) {
	tests := []struct {
		src  string
		want template.HTML
	}{
		{"# Eins", "<h3>Eins</h3>"},
		{"## Zwei", "<h3>Zwei</h3>"},
		{"### Drei", "<h4>Drei</h4>"},
		{"#### Vier", "<h5>Vier</h5>"},
		{"##### Fünf", "<h6>Fünf</h6>"},
		{"###### Sechs", "<h6>Sechs</h6>"},
		{"Titel\n=====", "<h3>Titel</h3>"},
		{"Titel\n-----", "<h3>Titel</h3>"},
		{"<h1>Raw</h1>", "<h3>Raw</h3>"},
		{"<H2 id=\"x\" class=\"y\">Raw</H2>", "<h3>Raw</h3>"},
		{"<h4>Raw</h4>", "<h5>Raw</h5>"},
		{"<h6>Raw</h6>", "<h6>Raw</h6>"},
	}
	for _, tt := range tests {
		if got := Markdown(tt.src); got != tt.want {
			t.Errorf("Markdown(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
	doc := string(Markdown("# A\n\ntext\n\n## B\n\n### C\n\n<h1>D</h1>"))
	if strings.Contains(doc, "<h1") || strings.Contains(doc, "<h2") {
		t.Errorf("Markdown left a page-level heading: %s", doc)
	}
}

func TestMarkdownTables(t *testing.T) {
	src := "| Jahr | Anzahl |\n|:-----|-------:|\n| 2024 | 1.234 |\n| 2025 | **1.300** |"
	want := template.HTML("<table>\n<thead>\n<tr>\n<th>Jahr</th>\n<th>Anzahl</th>\n</tr>\n</thead>\n" +
		"<tbody>\n<tr>\n<td>2024</td>\n<td>1.234</td>\n</tr>\n<tr>\n<td>2025</td>\n<td><strong>1.300</strong></td>\n</tr>\n</tbody>\n</table>")
	got := Markdown(src)
	if got != want {
		t.Errorf("Markdown(table) =\n%q\nwant\n%q", got, want)
	}
	// Alignment never turns into style or align attributes, neither from
	// Markdown nor from raw HTML.
	raw := Markdown(`<table border="1" style="width:100%" class="x"><tr><th align="left" style="color:red">a</th><td colspan="2" width="50">b</td></tr></table>`)
	if want := template.HTML(`<table><tbody><tr><th>a</th><td colspan="2">b</td></tr></tbody></table>`); raw != want {
		t.Errorf("Markdown(raw table) =\n%q\nwant\n%q", raw, want)
	}
	for _, h := range []template.HTML{got, raw} {
		for _, attr := range []string{"style=", "align=", "class=", "border=", "width="} {
			if strings.Contains(string(h), attr) {
				t.Errorf("table output has %s: %s", attr, h)
			}
		}
	}
}

func TestMarkdownImagesBecomeLinks(t *testing.T) {
	tests := []struct {
		name, src string
		want      template.HTML
	}{
		{"alt text", "![Karte der Messstellen](https://cdn.example.org/karte.png)",
			`<p><a href="https://cdn.example.org/karte.png" rel="nofollow noopener noreferrer">Karte der Messstellen</a></p>`},
		{"no alt text", "![](https://cdn.example.org/karte.png)",
			`<p><a href="https://cdn.example.org/karte.png" rel="nofollow noopener noreferrer">https://cdn.example.org/karte.png</a></p>`},
		{"inside a link", "[![Logo](https://cdn.example.org/logo.png)](https://stadt.example.org/)",
			`<p><a href="https://stadt.example.org/" rel="nofollow noopener noreferrer">Logo</a></p>`},
		{"data URL", "![Diagramm](data:image/png;base64,iVBORw0KGgo=)", `<p>Diagramm</p>`},
		{"relative", "![Plan](plan.png)", `<p>Plan</p>`},
		{"reference", "![Plan][p]\n\n[p]: https://cdn.example.org/plan.png",
			`<p><a href="https://cdn.example.org/plan.png" rel="nofollow noopener noreferrer">Plan</a></p>`},
		{"raw html", `<img src="https://cdn.example.org/a.png" alt="Foto &amp; Text" width="10">`,
			`<a href="https://cdn.example.org/a.png" rel="nofollow noopener noreferrer">Foto &amp; Text</a>`},
		{"raw html in link", `<a href="https://stadt.example.org/"><img src="https://cdn.example.org/a.png" alt="Foto"></a>`,
			`<p><a href="https://stadt.example.org/" rel="nofollow noopener noreferrer">Foto</a></p>`},
		{"raw picture", `<picture><source srcset="https://cdn.example.org/a.webp"><img src="https://cdn.example.org/a.png" alt="Bild"></picture>`,
			`<p><a href="https://cdn.example.org/a.png" rel="nofollow noopener noreferrer">Bild</a></p>`},
	}
	for _, tt := range tests {
		got := Markdown(tt.src)
		if got != tt.want {
			t.Errorf("%s: Markdown(%q) =\n%q\nwant\n%q", tt.name, tt.src, got, tt.want)
		}
		if p := inertProblem(string(got)); p != "" {
			t.Errorf("%s: %s", tt.name, p)
		}
	}
}

func TestMarkdownNoThirdPartyResources(t *testing.T) {
	src := `![a](https://evil.example/a.png)
<img src="https://evil.example/b.png" srcset="https://evil.example/c.png 2x">
<video src="https://evil.example/v.mp4" poster="https://evil.example/p.png"></video>
<audio src="https://evil.example/a.mp3"></audio>
<picture><source srcset="https://evil.example/d.webp"></picture>
<link rel="prefetch" href="https://evil.example/">
<object data="https://evil.example/o"></object>
<embed src="https://evil.example/e">
<iframe src="https://evil.example/f"></iframe>
<input type="image" src="https://evil.example/i.png">
<table background="https://evil.example/t.png"><tr><td>x</td></tr></table>
<svg><image href="https://evil.example/s.png"/></svg>
<p style="background-image:url(https://evil.example/bg.png)">x</p>
<style>@import url(https://evil.example/s.css)</style>`
	out := string(Markdown(src))
	if p := inertProblem(out); p != "" {
		t.Fatalf("%s in %s", p, out)
	}
	// evil.example may only appear in link hrefs and link texts.
	for _, attr := range []string{"src=", "srcset=", "poster=", "data=", "background=", "style="} {
		if strings.Contains(out, attr) {
			t.Errorf("output has %s: %s", attr, out)
		}
	}
}

func TestMarkdownLinks(t *testing.T) {
	tests := []struct {
		src  string
		want template.HTML
	}{
		{"[Stadt](https://stadt.example.org/daten?a=1&b=2)",
			`<p><a href="https://stadt.example.org/daten?a=1&amp;b=2" rel="nofollow noopener noreferrer">Stadt</a></p>`},
		{`[Stadt](http://stadt.example.org/ "Die Stadt")`,
			`<p><a href="http://stadt.example.org/" rel="nofollow noopener noreferrer">Stadt</a></p>`},
		{"[Mail](mailto:daten@stadt.example.org)",
			`<p><a href="mailto:daten@stadt.example.org" rel="nofollow noopener noreferrer">Mail</a></p>`},
		{"Siehe https://stadt.example.org/daten.",
			`<p>Siehe <a href="https://stadt.example.org/daten" rel="nofollow noopener noreferrer">https://stadt.example.org/daten</a>.</p>`},
		{"Siehe www.stadt.example.org",
			`<p>Siehe <a href="http://www.stadt.example.org" rel="nofollow noopener noreferrer">www.stadt.example.org</a></p>`},
		{"Fragen an daten@stadt.example.org",
			`<p>Fragen an <a href="mailto:daten@stadt.example.org" rel="nofollow noopener noreferrer">daten@stadt.example.org</a></p>`},
		{"<https://stadt.example.org>",
			`<p><a href="https://stadt.example.org" rel="nofollow noopener noreferrer">https://stadt.example.org</a></p>`},
		{"[ftp](ftp://files.example.org/x.csv)", `<p>ftp</p>`},
		{"[rel](/dataset/x)", `<p>rel</p>`},
		{"[frag](#abschnitt)", `<p>frag</p>`},
		{"[tel](tel:+49301234)", `<p>tel</p>`},
		{`<a href="https://stadt.example.org/" rel="opener" target="_blank" class="x">raw</a>`,
			`<p><a href="https://stadt.example.org/" rel="nofollow noopener noreferrer">raw</a></p>`},
	}
	for _, tt := range tests {
		if got := Markdown(tt.src); got != tt.want {
			t.Errorf("Markdown(%q) =\n%q\nwant\n%q", tt.src, got, tt.want)
		}
	}
}

func TestMarkdownSizeCap(t *testing.T) {
	// "ä" is two bytes; put one across the limit.
	src := strings.Repeat("a", MaxSourceBytes-1) + "ä" + " TAIL-MARKER"
	out := string(Markdown(src))
	if !utf8.ValidString(out) {
		t.Fatal("output is not valid UTF-8")
	}
	if strings.Contains(out, "TAIL-MARKER") || strings.Contains(out, "ä") || strings.Contains(out, "\uFFFD") {
		t.Error("text beyond the cap was rendered or a character was split")
	}
	if !strings.Contains(out, strings.Repeat("a", 1000)) {
		t.Error("text before the cap is missing")
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"abc", 5, "abc"},
		{"abc", 3, "abc"},
		{"abc", 2, "ab"},
		{"aä", 2, "a"},  // ä is 2 bytes: cut before it
		{"aä", 3, "aä"}, // fits exactly
		{"a€b", 3, "a"}, // € is 3 bytes
		{"a😀b", 4, "a"}, // 😀 is 4 bytes
		{"a😀b", 5, "a😀"},
		{"\x80\x80\x80\x80\x80\x80", 3, "\x80\x80\x80"}, // invalid: cut at n
		{"", 0, ""},
	}
	for _, tt := range tests {
		if got := truncate(tt.s, tt.n); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

func TestMarkdownInvalidUTF8AndNUL(t *testing.T) {
	out := string(Markdown("a\xffb\x00c"))
	if !utf8.ValidString(out) || strings.ContainsRune(out, 0) {
		t.Errorf("Markdown kept invalid bytes: %q", out)
	}
}

func TestMarkdownConcurrent(t *testing.T) {
	src := benchDescription
	want := Markdown(src)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 20 {
				s := src
				if j%2 == 1 {
					s = fmt.Sprintf("%s\n\n%d", src, i)
				}
				got := Markdown(s)
				if j%2 == 0 && got != want {
					t.Errorf("concurrent Markdown differs")
				}
				_ = PlainText(s)
			}
		}()
	}
	wg.Wait()
}

func TestMarkdownWellFormed(t *testing.T) {
	// Every element the output opens, it closes, in order.
	srcs := append([]string{benchDescription, "<div><p>a<b>b</div>", "<table><tr><td>x", "<ul><li>a<li>b"}, hostile...)
	void := map[string]bool{"br": true, "hr": true}
	for _, src := range srcs {
		var stack []string
		for _, tok := range tokens(string(Markdown(src))) {
			switch {
			case void[tok]:
			case strings.HasPrefix(tok, "/"):
				if len(stack) == 0 || stack[len(stack)-1] != tok[1:] {
					t.Errorf("Markdown(%q): unexpected %s, open %v", src, tok, stack)
					break
				}
				stack = stack[:len(stack)-1]
			default:
				stack = append(stack, tok)
			}
		}
		if len(stack) > 0 {
			t.Errorf("Markdown(%q): unclosed %v", src, stack)
		}
	}
}
