package markup

import (
	"strings"
	"testing"
)

// FuzzMarkdown checks that no input, however hostile, yields output with
// scripts, images, event-handler attributes, script URLs or any element or
// attribute outside the allow-list, and that PlainText never panics and
// returns one line.
func FuzzMarkdown(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Add(benchDescription)
	f.Add("# T\n\n![a](https://x.example/a.png)\n\n| a |\n|---|\n| b |")
	f.Fuzz(func(t *testing.T, src string) {
		out := string(Markdown(src))
		if p := inertProblem(out); p != "" {
			t.Fatalf("Markdown(%q) = %q: %s", src, out, p)
		}
		lower := strings.ToLower(out)
		if strings.Contains(lower, `href="javascript:`) || strings.Contains(lower, `href="vbscript:`) || strings.Contains(lower, `href="data:`) {
			t.Fatalf("Markdown(%q) = %q: script href", src, out)
		}
		if txt := PlainText(src); strings.ContainsAny(txt, "\n\r\t") {
			t.Fatalf("PlainText(%q) = %q: not one line", src, txt)
		}
	})
}

// FuzzChunked checks the same for descriptions long enough to be rendered
// in chunks: the input is repeated past chunkBytes, once joined by blank
// lines (many blocks) and once by spaces (one over-long block).
func FuzzChunked(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Add("```\n<script>\n\n")
	f.Add("| a |\n|---|\n| <img src=x> |\n")
	f.Fuzz(func(t *testing.T, src string) {
		if src == "" {
			return
		}
		n := 2*chunkBytes/len(src) + 1
		for _, sep := range []string{"\n\n", " "} {
			doc := strings.Repeat(src+sep, n)
			out := string(Markdown(doc))
			if p := inertProblem(out); p != "" {
				t.Fatalf("Markdown(%q × %d) = %.300q: %s", src+sep, n, out, p)
			}
		}
	})
}
