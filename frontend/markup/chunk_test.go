package markup

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// renderWhole renders src like render, but without chunking: the output a
// description would have if goldmark were linear.
func renderWhole(src string) string {
	var out bytes.Buffer
	_ = md.Convert([]byte(prepare(src)), &out)
	clean := policy.SanitizeBytes(rewrite(out.Bytes()))
	clean = bytes.ReplaceAll(clean, relBluemonday, relWanted)
	return string(bytes.TrimSpace(balance(clean)))
}

// squeeze removes the line breaks between tags, which differ where chunks
// meet.
func squeeze(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, ">\n\n<", "><"), ">\n<", "><")
}

func TestChunkedEqualsWhole(t *testing.T) {
	// About 12 KB of well-formed Markdown in blocks that do not span blank
	// lines: chunking must not change the output.
	doc := strings.Repeat(benchDescription+"\n\n", 10)
	if len(doc) <= 2*chunkBytes {
		t.Fatalf("test document too short: %d", len(doc))
	}
	got, want := squeeze(string(Markdown(doc))), squeeze(renderWhole(doc))
	if got != want {
		t.Errorf("chunked output differs from whole output\ngot  %.300s\nwant %.300s", got, want)
	}
	if n := strings.Count(got, "<table>"); n != 10 {
		t.Errorf("%d tables, want 10", n)
	}
}

func TestChunkKeepsFencedCode(t *testing.T) {
	code := "```\n" + strings.Repeat("zeile\n\n", 200) + "<b>kein html</b>\n```\n"
	doc := strings.Repeat("Absatz mit *Betonung*.\n\n", 100) + code + "Schluss **fett**"
	got := string(Markdown(doc))
	if n := strings.Count(got, "<pre><code>"); n != 1 {
		t.Errorf("%d code blocks, want 1", n)
	}
	if !strings.Contains(got, "&lt;b&gt;kein html&lt;/b&gt;") {
		t.Error("HTML in fenced code was not kept as text")
	}
	if !strings.Contains(got, "<p>Schluss <strong>fett</strong></p>") || !strings.Contains(got, "<em>Betonung</em>") {
		t.Error("Markdown around the code block not rendered")
	}
}

func TestChunkLongParagraphVerbatim(t *testing.T) {
	long := strings.Repeat("Wort ", chunkBytes/5+10) + "**nicht fett** <b>fett</b> a < b & c"
	doc := "# Titel\n\n" + long + "\nzweite Zeile\n\n- Liste"
	got := string(Markdown(doc))
	for _, want := range []string{
		"<h3>Titel</h3>",
		"**nicht fett** <b>fett</b> a &lt; b &amp; c<br/>\nzweite Zeile</p>",
		"<ul>\n<li>Liste</li>\n</ul>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n…%s", want, got[len(got)-300:])
		}
	}
	if p := inertProblem(got); p != "" {
		t.Error(p)
	}
}

func TestChunkLongTable(t *testing.T) {
	table := "| Feld | Beschreibung |\n|---|---|\n" + strings.Repeat("| `baum_id` | eindeutige **Nummer** des Baums im Kataster |\n", 150)
	if len(table) <= chunkBytes {
		t.Fatalf("table too short: %d", len(table))
	}
	got := string(Markdown("Felder:\n\n" + table + "\nEnde"))
	if strings.Count(got, "<tr>") != 151 || strings.Count(got, "<strong>Nummer</strong>") != 150 {
		t.Errorf("long table not rendered as a table: %.300s", got)
	}
}

func TestChunkMarkdownBudget(t *testing.T) {
	doc := strings.Repeat("Ein Absatz mit *Betonung*.\n\n", markdownBytes/28+100) + "# Spät\n\nnoch *mehr*"
	got := string(Markdown(doc))
	if !strings.HasPrefix(got, "<p>Ein Absatz mit <em>Betonung</em>.</p>") {
		t.Errorf("start not rendered as Markdown: %.100s", got)
	}
	if !strings.HasSuffix(got, "<p>Ein Absatz mit *Betonung*.</p>\n<p># Spät</p>\n<p>noch *mehr*</p>") {
		t.Errorf("text after the budget not verbatim: …%s", got[len(got)-100:])
	}
	if p := inertProblem(got); p != "" {
		t.Error(p)
	}
}

func TestDeepNesting(t *testing.T) {
	for _, src := range []string{
		strings.Repeat("<div>", 600) + "tief",
		strings.Repeat("<blockquote><b>", 400) + "tief",
		strings.Repeat("> ", 700) + "tief",
	} {
		got := string(Markdown(src))
		if p := inertProblem(got); p != "" {
			t.Errorf("%.20s…: %s", src, p)
		}
		if !strings.Contains(got, "tief") {
			t.Errorf("%.20s…: text lost: %.200s", src, got)
		}
	}
	// Too deep for the HTML parser: the text in one paragraph.
	if got := Markdown(strings.Repeat("<div>", 600) + "tief"); got != "<p>tief</p>" {
		t.Errorf("Markdown(600 divs) = %.200s", got)
	}
}

func TestNextBlock(t *testing.T) {
	tests := []struct{ src, want string }{
		{"", ""},
		{"a", "a"},
		{"a\nb\n\nc", "a\nb\n\n"},
		{"a\n\n\n\nc", "a\n\n\n\n"},
		{"```\na\n\nb\n```\n\nc", "```\na\n\nb\n```\n\n"},
		{"~~~~\na\n\n```\n\nb\n~~~~\n\nc", "~~~~\na\n\n```\n\nb\n~~~~\n\n"},
		{"```\nopen\n\nnever closed", "```\nopen\n\nnever closed"},
		{"    ```\nindented code, not a fence\n\nc", "    ```\nindented code, not a fence\n\n"},
	}
	for _, tt := range tests {
		if got := nextBlock(tt.src); got != tt.want {
			t.Errorf("nextBlock(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

// pathological are inputs on which goldmark alone takes super-linear time.
var pathological = map[string]string{
	"unclosed link destinations": "[a](",
	"link destinations in <>":    "[a](<b",
	"nested blockquotes":         "> ",
	"nested quotes and lists":    "> - ",
	"nested ordered lists":       "1. ",
	"brackets":                   "[",
	"mixed emphasis":             "*a_b*c_d**e_f*g**h*i_j**",
	"underscore emphasis":        "_a*",
	"escaped backticks":          "\\``",
	"formatting elements":        "<b><i></b></i>",
	"nested divs":                "<div>",
}

func TestPathologicalInputIsFast(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 1 MB")
	}
	// A generous bound: goldmark alone needs tens of seconds for some of
	// these at this size; chunked, each takes some milliseconds.
	const limit = 3 * time.Second
	for name, pat := range pathological {
		src := strings.Repeat(pat, MaxSourceBytes/len(pat))
		start := time.Now()
		out := Markdown(src)
		_ = PlainText(src)
		if d := time.Since(start); d > limit {
			t.Errorf("%s: %v", name, d)
		}
		if p := inertProblem(string(out)); p != "" {
			t.Errorf("%s: %s", name, p)
		}
	}
}
