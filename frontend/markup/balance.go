package markup

import (
	"bytes"
	"html"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// fragmentContext is the element a description is parsed as the content of.
var fragmentContext = &nethtml.Node{Type: nethtml.ElementNode, Data: "div", DataAtom: atom.Div}

// balance parses sanitised HTML as the content of a <div> and serialises
// it again: unclosed elements are closed, stray end tags are dropped and
// misnested elements are repaired the way a browser would.
//
// The parser refuses HTML nested more than 512 elements deep; such input
// (from a hostile source) comes out as its text in one paragraph.
func balance(src []byte) []byte {
	nodes, err := nethtml.ParseFragment(bytes.NewReader(src), fragmentContext)
	if err != nil {
		return []byte("<p>" + html.EscapeString(textOf(src)) + "</p>")
	}
	var out bytes.Buffer
	out.Grow(len(src) + 16)
	for _, n := range nodes {
		if err := nethtml.Render(&out, n); err != nil {
			return []byte("<p>" + html.EscapeString(textOf(src)) + "</p>")
		}
	}
	return out.Bytes()
}
