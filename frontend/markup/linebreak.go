package markup

import (
	"bytes"
	"regexp"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// brTag matches a raw <br> tag as sources write it.
var brTag = regexp.MustCompile(`(?i)^<br\s*/?>$`)

// brLineBreaks keeps descriptions that break their lines with <br> from
// getting two breaks per line: with hard wraps, "a<br>\nb" would render as
// "a<br><br>b". It drops the line break that directly follows a raw <br>.
type brLineBreaks struct{}

// Transform implements parser.ASTTransformer.
func (brLineBreaks) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		t, ok := n.(*ast.Text)
		if !entering || !ok || !(t.SoftLineBreak() || t.HardLineBreak()) {
			return ast.WalkContinue, nil
		}
		if len(bytes.TrimSpace(t.Segment.Value(src))) > 0 {
			return ast.WalkContinue, nil
		}
		raw, ok := t.PreviousSibling().(*ast.RawHTML)
		if !ok {
			return ast.WalkContinue, nil
		}
		var tag []byte
		for i := 0; i < raw.Segments.Len(); i++ {
			s := raw.Segments.At(i)
			tag = append(tag, s.Value(src)...)
		}
		if brTag.Match(tag) {
			t.SetSoftLineBreak(false)
			t.SetHardLineBreak(false)
		}
		return ast.WalkContinue, nil
	})
}
