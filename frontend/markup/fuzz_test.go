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
