package csw

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// Namespaces of the elements the package reads. Elements are matched by
// namespace URI and local name, never by prefix: servers write gmd, ns2,
// a default namespace or anything else.
const (
	nsCSW   = "http://www.opengis.net/cat/csw/2.0.2"
	nsGMD   = "http://www.isotc211.org/2005/gmd"
	nsGCO   = "http://www.isotc211.org/2005/gco"
	nsGMX   = "http://www.isotc211.org/2005/gmx"
	nsSRV   = "http://www.isotc211.org/2005/srv"
	nsGMI   = "http://www.isotc211.org/2005/gmi"
	nsGML   = "http://www.opengis.net/gml"
	nsGML32 = "http://www.opengis.net/gml/3.2"
	nsXLink = "http://www.w3.org/1999/xlink"
)

// owsNamespaces are the OWS versions an exception report or capabilities
// document may use.
var owsNamespaces = []string{"http://www.opengis.net/ows", "http://www.opengis.net/ows/1.1", "http://www.opengis.net/ows/2.0"}

// Limits of the XML reader. A full ISO 19139 record nests some 25
// elements deep and has a few thousand elements; the limits leave ample
// room and stop a hostile or broken body before it eats the memory.
const (
	// maxDepth caps the nesting of elements.
	maxDepth = 256
	// maxTokens caps the tokens of one response.
	maxTokens = 8_000_000
	// maxRecordElements caps the elements of one record kept in memory.
	maxRecordElements = 200_000
)

// element is one XML element of a record, kept as a small tree.
type element struct {
	name  xml.Name // Space is the namespace URI
	attrs []xml.Attr
	text  string // the element's own character data, trimmed
	kids  []*element
}

// is reports whether e has local name local in namespace ns.
func (e *element) is(ns, local string) bool {
	return e != nil && e.name.Local == local && e.name.Space == ns
}

// child returns the first child of e named ns:local, or nil.
func (e *element) child(ns, local string) *element {
	if e == nil {
		return nil
	}
	for _, k := range e.kids {
		if k.is(ns, local) {
			return k
		}
	}
	return nil
}

// children returns the children of e named ns:local.
func (e *element) children(ns, local string) []*element {
	if e == nil {
		return nil
	}
	var out []*element
	for _, k := range e.kids {
		if k.is(ns, local) {
			out = append(out, k)
		}
	}
	return out
}

// path follows a chain of children, each step "ns local" given as pairs,
// and returns every element it reaches.
func (e *element) path(steps ...string) []*element {
	cur := []*element{e}
	for i := 0; i+1 < len(steps); i += 2 {
		var next []*element
		for _, c := range cur {
			next = append(next, c.children(steps[i], steps[i+1])...)
		}
		cur = next
	}
	return cur
}

// first returns the first element path reaches, or nil.
func (e *element) first(steps ...string) *element {
	if all := e.path(steps...); len(all) > 0 {
		return all[0]
	}
	return nil
}

// descendants returns every element below e named ns:local, in document
// order, without descending into a match.
func (e *element) descendants(ns, local string) []*element {
	var out []*element
	var walk func(*element)
	walk = func(n *element) {
		for _, k := range n.kids {
			if k.is(ns, local) {
				out = append(out, k)
				continue
			}
			walk(k)
		}
	}
	if e != nil {
		walk(e)
	}
	return out
}

// attr returns the value of the attribute ns:local ("" for no namespace).
func (e *element) attr(ns, local string) string {
	if e == nil {
		return ""
	}
	for _, a := range e.attrs {
		if a.Name.Local == local && a.Name.Space == ns {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// decoder returns an XML decoder for body that reads the encodings
// servers declare (UTF-8, ISO-8859-1, windows-1252, …) and knows no
// entities besides XML's own.
func decoder(body []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	d.CharsetReader = charset.NewReaderLabel
	return d
}

// errDTD is returned for a document with a document type declaration.
type errDTD struct{ entities bool }

func (e errDTD) Error() string {
	if e.entities {
		return "DOCTYPE with ENTITY declarations"
	}
	return "DOCTYPE"
}

// tokenReader reads tokens with the package's limits: it counts them,
// tracks the depth and refuses document type declarations.
type tokenReader struct {
	d      *xml.Decoder
	tokens int
	depth  int
}

// errLimit is returned when a document exceeds a limit.
type errLimit struct {
	what string
	deep bool // the nesting limit, not a size limit
}

func (e errLimit) Error() string { return e.what }

// next returns the next token; io.EOF at the end of the document.
func (r *tokenReader) next() (xml.Token, error) {
	tok, err := r.d.Token()
	if err != nil {
		return nil, err
	}
	r.tokens++
	if r.tokens > maxTokens {
		return nil, errLimit{what: fmt.Sprintf("mehr als %d XML-Bausteine", maxTokens)}
	}
	switch t := tok.(type) {
	case xml.StartElement:
		r.depth++
		if r.depth > maxDepth {
			return nil, errLimit{what: fmt.Sprintf("Elemente tiefer als %d Ebenen verschachtelt", maxDepth), deep: true}
		}
	case xml.EndElement:
		r.depth--
	case xml.Directive:
		if d := bytes.TrimSpace(t); len(d) >= 7 && strings.EqualFold(string(d[:7]), "DOCTYPE") {
			return nil, errDTD{entities: bytes.Contains(d, []byte("<!ENTITY"))}
		}
	}
	return tok, nil
}

// readElement reads the rest of the element start opened, with its
// children, and returns it as a tree. At most maxRecordElements elements
// are kept.
func (r *tokenReader) readElement(start xml.StartElement) (*element, error) {
	root := &element{name: start.Name, attrs: start.Attr}
	stack := []*element{root}
	texts := [][]byte{nil}
	count := 1
	for {
		tok, err := r.next()
		if err == io.EOF {
			return nil, io.ErrUnexpectedEOF
		}
		if err != nil {
			return nil, err
		}
		top := len(stack) - 1
		switch t := tok.(type) {
		case xml.StartElement:
			count++
			if count > maxRecordElements {
				return nil, errLimit{what: fmt.Sprintf("ein Datensatz mit mehr als %d Elementen", maxRecordElements)}
			}
			e := &element{name: t.Name, attrs: t.Attr}
			stack[top].kids = append(stack[top].kids, e)
			stack = append(stack, e)
			texts = append(texts, nil)
		case xml.CharData:
			texts[top] = append(texts[top], t...)
		case xml.EndElement:
			stack[top].text = strings.TrimSpace(string(texts[top]))
			stack, texts = stack[:top], texts[:top]
			if top == 0 {
				return root, nil
			}
		}
	}
}

// skip reads up to the end of the element just opened.
func (r *tokenReader) skip() error {
	for depth := 1; depth > 0; {
		tok, err := r.next()
		if err == io.EOF {
			return io.ErrUnexpectedEOF
		}
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// isTruncated reports whether err says the document ended too early.
func isTruncated(err error) bool {
	var se *xml.SyntaxError
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &se) && strings.Contains(se.Msg, "unexpected EOF")
}
