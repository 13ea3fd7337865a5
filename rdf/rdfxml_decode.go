package rdf

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
)

// rdfxmlDecoderSeq numbers decoders, so that the blank nodes of two
// documents never share a label.
var rdfxmlDecoderSeq atomic.Uint64

// xmlFrameKind says which production of the RDF/XML grammar an open
// element is.
type xmlFrameKind uint8

const (
	frameRDF          xmlFrameKind = iota + 1 // rdf:RDF
	frameNode                                 // node element
	frameProp                                 // resource, literal or empty property element
	frameResource                             // rdf:parseType="Resource" property element
	frameCollection                           // rdf:parseType="Collection" property element
	frameLiteral                              // rdf:parseType="Literal" (or other) property element
	frameLiteralInner                         // element inside an XML literal
)

// xmlFrame is an open element with the state its production needs.
type xmlFrame struct {
	kind   xmlFrameKind
	name   xml.Name // as written, to match the end tag
	nsMark int      // length of rdfxmlDecoder.ns before this element's declarations
	base   string   // in-scope base IRI
	lang   string   // in-scope xml:lang

	subject Term // frameNode, frameResource: the node; others: the parent node
	li      int  // frameNode, frameResource: last rdf:li number

	pred     Term      // property elements: the predicate
	reif     Term      // property elements: the rdf:ID statement IRI, if any
	datatype string    // frameProp: rdf:datatype
	res      Term      // frameProp: rdf:resource or rdf:nodeID object
	props    []xmlAttr // frameProp: property attributes
	text     []byte    // frameProp: character data
	hasNode  bool      // frameProp: a node element was the content
	last     Term      // frameCollection: the last list cell
	litMark  int       // frameLiteralInner: length of rdfxmlDecoder.litNS before this element
	litQName string    // frameLiteralInner: the element's qualified name
}

// xmlAttr is an attribute with its name expanded to an IRI.
type xmlAttr struct{ iri, value string }

// nsBinding binds a namespace prefix ("" for the default namespace).
type nsBinding struct{ prefix, iri string }

// rdfxmlDecoder reads RDF/XML (RDF 1.1 XML Syntax) as a stream of XML
// tokens. It keeps only the open elements, the pending triples of the
// current token, the character data of an unfinished literal and the set
// of rdf:ID values (which the grammar requires to be unique).
type rdfxmlDecoder struct {
	x      *xml.Decoder
	refs   *refCounter // the input below x
	base   string
	label  string // blank node label prefix of this document
	bnodes int
	ns     []nsBinding
	stack  []xmlFrame
	out    []Triple
	next   int
	ids    map[string]bool // rdf:ID IRIs used so far
	root   bool            // the root element has started
	err    error
	lit    strings.Builder // canonical XML of the current XML literal
	litNS  []nsBinding     // namespaces declared in the literal's output so far
}

// newRDFXMLDecoder returns a decoder of the RDF/XML document r; base is
// the document's IRI.
func newRDFXMLDecoder(r io.Reader, base string) Decoder {
	refs := &refCounter{r: r}
	x := xml.NewDecoder(refs)
	x.CharsetReader = charsetReader
	return &rdfxmlDecoder{
		x:     x,
		refs:  refs,
		base:  base,
		label: "x" + strconv.FormatUint(rdfxmlDecoderSeq.Add(1), 10),
		ids:   map[string]bool{},
	}
}

// Decode returns the next triple, or io.EOF after the last one.
func (d *rdfxmlDecoder) Decode() (Triple, error) {
	for d.next >= len(d.out) {
		if d.err != nil {
			return Triple{}, d.err
		}
		d.out, d.next = d.out[:0], 0
		if err := d.step(); err != nil {
			d.err = err
		}
	}
	t := d.out[d.next]
	d.next++
	return t, nil
}

// errorf returns a syntax error at the current input position.
func (d *rdfxmlDecoder) errorf(format string, args ...any) error {
	line, col := d.x.InputPos()
	return fmt.Errorf("rdf/xml: line %d, column %d: %s", line, col, fmt.Sprintf(format, args...))
}

// step reads one XML token and queues the triples it completes.
func (d *rdfxmlDecoder) step() error {
	tok, err := d.x.RawToken()
	if err == io.EOF {
		if len(d.stack) > 0 {
			return d.errorf("unexpected end of document inside <%s>", qname(d.stack[len(d.stack)-1].name))
		}
		if !d.root {
			return d.errorf("document has no root element")
		}
		return io.EOF
	}
	if err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return fmt.Errorf("rdf/xml: line %d: %s", se.Line, se.Msg)
		}
		return fmt.Errorf("rdf/xml: %w", err)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		return d.start(t)
	case xml.EndElement:
		return d.end(t)
	case xml.CharData:
		return d.text(t)
	case xml.ProcInst:
		if d.inLiteral() {
			writeProcInst(&d.lit, t)
		}
	case xml.Directive:
		if d.root {
			return d.errorf("markup declaration inside the document element")
		}
		return d.declareEntities(string(t))
	}
	return nil
}

// inLiteral reports whether the innermost open element is part of an XML
// literal.
func (d *rdfxmlDecoder) inLiteral() bool {
	if len(d.stack) == 0 {
		return false
	}
	k := d.stack[len(d.stack)-1].kind
	return k == frameLiteral || k == frameLiteralInner
}

// MaxRDFXMLNesting caps how deeply the elements of an RDF/XML document may
// nest. Real documents stay below a few dozen levels; each open element
// costs a frame of a few hundred bytes, so without the cap a document of
// nothing but start tags would take memory many times its size.
const MaxRDFXMLNesting = 1000

// start handles a start tag.
func (d *rdfxmlDecoder) start(se xml.StartElement) error {
	if len(d.stack) >= MaxRDFXMLNesting {
		return d.errorf("elements nested deeper than %d levels", MaxRDFXMLNesting)
	}
	mark := len(d.ns)
	if err := d.declare(se); err != nil {
		return err
	}
	if len(d.stack) == 0 {
		if d.root {
			return d.errorf("second root element <%s>", qname(se.Name))
		}
		d.root = true
		iri, err := d.expand(se.Name, false)
		if err != nil {
			return err
		}
		if iri == rdfRDF {
			return d.rdfElement(se, mark)
		}
		return d.nodeElement(se, mark, -1)
	}
	top := len(d.stack) - 1
	switch d.stack[top].kind {
	case frameLiteral, frameLiteralInner:
		return d.literalStart(se, mark)
	case frameRDF, frameCollection:
		return d.nodeElement(se, mark, top)
	case frameNode, frameResource:
		return d.propertyElement(se, mark, top)
	}
	f := &d.stack[top] // frameProp
	switch {
	case f.hasNode:
		return d.errorf("property element <%s> may contain only one node element", qname(f.name))
	case !f.res.IsZero() || len(f.props) > 0 || f.datatype != "":
		return d.errorf("property element <%s> with rdf:resource, rdf:nodeID, rdf:datatype or property attributes must not contain elements", qname(f.name))
	case !isXMLSpace(f.text):
		return d.errorf("property element <%s> mixes text and elements", qname(f.name))
	}
	return d.nodeElement(se, mark, top)
}

// end handles an end tag.
func (d *rdfxmlDecoder) end(ee xml.EndElement) error {
	if len(d.stack) == 0 {
		return d.errorf("unexpected end tag </%s>", qname(ee.Name))
	}
	f := &d.stack[len(d.stack)-1]
	if f.name != ee.Name {
		return d.errorf("end tag </%s> does not match <%s>", qname(ee.Name), qname(f.name))
	}
	var err error
	switch f.kind {
	case frameLiteralInner:
		d.lit.WriteString("</")
		d.lit.WriteString(f.litQName)
		d.lit.WriteByte('>')
		d.litNS = d.litNS[:f.litMark]
	case frameLiteral:
		d.emitReified(f.subject, f.pred, TypedLiteral(d.lit.String(), rdfXMLLiteral), f.reif)
		d.lit.Reset()
	case frameProp:
		err = d.endProperty(f)
	case frameCollection:
		if f.last.IsZero() {
			d.emitReified(f.subject, f.pred, IRI(rdfNil), f.reif)
		} else {
			d.emit(f.last, IRI(rdfRest), IRI(rdfNil))
		}
	}
	d.ns = d.ns[:f.nsMark]
	d.stack[len(d.stack)-1] = xmlFrame{}
	d.stack = d.stack[:len(d.stack)-1]
	return err
}

// text handles character data.
func (d *rdfxmlDecoder) text(b []byte) error {
	if len(d.stack) == 0 {
		if !d.root {
			b = bytes.TrimPrefix(b, []byte("\uFEFF")) // byte order mark
		}
		if !isXMLSpace(b) {
			return d.errorf("text outside the document element")
		}
		return nil
	}
	f := &d.stack[len(d.stack)-1]
	switch f.kind {
	case frameLiteral, frameLiteralInner:
		textEscaper.WriteString(&d.lit, string(b))
	case frameProp:
		if f.hasNode || !f.res.IsZero() || len(f.props) > 0 {
			if !isXMLSpace(b) {
				return d.errorf("property element <%s> must not contain text here", qname(f.name))
			}
			return nil
		}
		f.text = append(f.text, b...)
	default:
		if !isXMLSpace(b) {
			return d.errorf("text %q is not allowed inside <%s>", shorten(string(b)), qname(f.name))
		}
	}
	return nil
}

// endProperty emits the triple of a resource, literal or empty property
// element.
func (d *rdfxmlDecoder) endProperty(f *xmlFrame) error {
	var obj Term
	switch {
	case f.hasNode:
		return nil
	case f.datatype != "":
		obj = TypedLiteral(string(f.text), f.datatype)
	case f.res.IsZero() && len(f.props) == 0:
		obj = LangLiteral(string(f.text), f.lang)
	default:
		obj = f.res
		if obj.IsZero() {
			obj = d.newBlank()
		}
		for _, a := range f.props {
			o, err := d.attrObject(a, f.base, f.lang)
			if err != nil {
				return err
			}
			d.emit(obj, IRI(a.iri), o)
		}
	}
	d.emitReified(f.subject, f.pred, obj, f.reif)
	return nil
}

// attach links the node element subj to the open element at index parent
// (-1 for none).
func (d *rdfxmlDecoder) attach(parent int, subj Term) {
	if parent < 0 {
		return
	}
	f := &d.stack[parent]
	switch f.kind {
	case frameProp:
		f.hasNode = true
		d.emitReified(f.subject, f.pred, subj, f.reif)
	case frameCollection:
		cell := d.newBlank()
		if f.last.IsZero() {
			d.emitReified(f.subject, f.pred, cell, f.reif)
		} else {
			d.emit(f.last, IRI(rdfRest), cell)
		}
		d.emit(cell, IRI(rdfFirst), subj)
		f.last = cell
	}
}

// emit queues a triple.
func (d *rdfxmlDecoder) emit(s, p, o Term) { d.out = append(d.out, Triple{S: s, P: p, O: o}) }

// emitReified queues s p o and, when reif is set, its reification.
func (d *rdfxmlDecoder) emitReified(s, p, o, reif Term) {
	d.emit(s, p, o)
	if reif.IsZero() {
		return
	}
	d.emit(reif, IRI(RDFType), IRI(rdfStatement))
	d.emit(reif, IRI(rdfSubject), s)
	d.emit(reif, IRI(rdfPredicate), p)
	d.emit(reif, IRI(rdfObject), o)
}

// newBlank returns a fresh blank node.
func (d *rdfxmlDecoder) newBlank() Term {
	d.bnodes++
	return Blank(d.label + "b" + strconv.Itoa(d.bnodes))
}

// nodeID returns the blank node of an rdf:nodeID value.
func (d *rdfxmlDecoder) nodeID(id string) (Term, error) {
	if !isNCName(id) {
		return Term{}, d.errorf("rdf:nodeID %q is not an XML NCName", id)
	}
	return Blank(d.label + "n" + id), nil
}

// idIRI returns the IRI of an rdf:ID value, which must be unique per base.
func (d *rdfxmlDecoder) idIRI(base, id string) (Term, error) {
	if !isNCName(id) {
		return Term{}, d.errorf("rdf:ID %q is not an XML NCName", id)
	}
	t, err := d.resolve(base, "#"+id)
	if err != nil {
		return t, err
	}
	if d.ids[t.Value] {
		return Term{}, d.errorf("rdf:ID %q used twice for <%s>", id, t.Value)
	}
	d.ids[t.Value] = true
	return t, nil
}

// resolve resolves ref against base.
func (d *rdfxmlDecoder) resolve(base, ref string) (Term, error) {
	iri, err := resolveIRI(base, ref)
	if err != nil {
		return Term{}, d.errorf("%v", err)
	}
	return IRI(escapeIRIChars(iri)), nil
}

// attrObject returns the object of a property attribute: an IRI for
// rdf:type, else a literal in the element's language.
func (d *rdfxmlDecoder) attrObject(a xmlAttr, base, lang string) (Term, error) {
	if a.iri == RDFType {
		return d.resolve(base, a.value)
	}
	return LangLiteral(a.value, lang), nil
}

// qname returns n as written.
func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// shorten cuts s for an error message.
func shorten(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
